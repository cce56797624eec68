// run.mjs - run a TypeScript test of the web app's code in Node: bundle it
// with esbuild (the app's own dependencies) into a temporary file and run it.
// usage: node test/run.mjs test/collab.test.ts
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.resolve(process.argv[2]);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pairbox-frontend-test-"));
const out = path.join(dir, "test.mjs");
try {
  await esbuild.build({ absWorkingDir: path.join(here, ".."), entryPoints: [entry], outfile: out, bundle: true,
    format: "esm", platform: "node", target: "node18", logLevel: "warning" });
  const r = spawnSync(process.execPath, [out], { stdio: "inherit" });
  process.exitCode = r.status ?? 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
