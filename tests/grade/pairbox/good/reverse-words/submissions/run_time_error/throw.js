// Throws before printing anything.
throw new Error("not implemented");
