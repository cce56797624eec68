"""caselist.py - the case registry of the Python suites: what ctest runs is found, never listed by hand.

A suite makes a registry, `case = caselist.Registry(timeout=180, labels="cli")`,
and marks each case function with `@case`, or `@case(timeout=900,
labels="bank")` for its own ctest properties. `SCRIPT --list` prints one
line per case, `NAME TIMEOUT LABEL[;LABEL]`, in the order of the file;
pairbox_py_cases() in tests/CMakeLists.txt reads it at configure time and
adds one ctest per line (the script is a configure dependency: a new case
re-runs cmake).

Drift: lint() parses the suite and names every top-level function that is
neither a registered case nor used anywhere in its file: a case someone
forgot to mark would never run, so --list fails on it (and so does the
configure step). `SCRIPT --listed FILE` checks that the list cmake wrote to
FILE is still what --list prints (the <suite>.case_list ctest).
"""
import ast
import sys


class Case:
    def __init__(self, fn, timeout, labels):
        self.fn, self.name, self.timeout, self.labels = fn, fn.__name__, timeout, labels


class Registry:
    """The cases of one suite, by name, in the order they are defined."""

    def __init__(self, timeout, labels):
        self.timeout, self.labels = timeout, labels
        self.cases = {}

    def __call__(self, fn=None, *, timeout=None, labels=None):
        """@case or @case(timeout=S, labels="a;b"): register fn under its own name."""
        def add(f):
            if f.__name__ in self.cases:
                raise ValueError(f"case {f.__name__} defined twice")
            self.cases[f.__name__] = Case(f, timeout or self.timeout, labels or self.labels)
            return f
        return add(fn) if fn is not None else add

    def names(self):
        return list(self.cases)

    def run(self, name):
        self.cases[name].fn()

    def listing(self):
        return "".join(f"{c.name} {c.timeout:g} {c.labels}\n" for c in self.cases.values())

    def list_main(self, path, listed=None):
        """--list (listed None) or --listed FILE: print the cases, or compare
        them with FILE; 1 (and why, on stderr) if the suite has a function no
        one runs or FILE is stale."""
        errs = lint(path, self.names())
        text = self.listing()
        if listed is not None:
            with open(listed) as f:
                old = f.read()
            if old != text:
                errs.append(f"the ctest list {listed} is stale (re-run cmake):\n--- configured\n{old}"
                            f"--- {path} --list\n{text}")
        elif not errs:
            sys.stdout.write(text)
        for e in errs:
            print(f"{path}: {e}", file=sys.stderr)
        return 1 if errs else 0


def lint(path, registered, is_case=lambda name: False, fix="mark it @case, or remove it"):
    """The problems of the suite at path: each top-level function that is not
    in registered (nor is_case(name)) and that nothing in the file refers to."""
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    errs = []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if node.name in registered or is_case(node.name) or node.name in used:
            continue
        errs.append(f"line {node.lineno}: {node.name}() is neither a case nor used: {fix}")
    return errs
