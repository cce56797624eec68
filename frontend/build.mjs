// build.mjs - bundle the web app into dist/ (served by `pairbox serve` at /):
// dist/index.html, dist/favicon.svg, and dist/assets/ named by content hash
// (the server caches those for a year), with a gzip copy of each larger one. Built into a fresh directory and
// swapped in, so a running server never serves half a build. Prints sizes.
// Usage: node build.mjs [--dev] (no minification, inline names kept).
import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "dist");
const fresh = path.join(here, `dist.new-${process.pid}`);
const dev = process.argv.includes("--dev");

fs.rmSync(fresh, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: "src/main.ts" },
  outdir: path.join(fresh, "assets"),
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  bundle: true,
  splitting: true,              // the editor (CodeMirror) loads with the pages that use it
  format: "esm",
  target: ["chrome109", "firefox115", "safari16"],
  minify: !dev,
  sourcemap: "linked",
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});

const outputs = result.metafile.outputs;
const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint === "src/main.ts");
const css = outputs[entry].cssBundle;
if (!entry || !css) throw new Error("build.mjs: the entry's script or style is missing from the build");
const url = (f) => "/" + path.relative(fresh, path.join(here, f)).split(path.sep).join("/");

// No inline script or style: the server's Content-Security-Policy forbids them.
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>pairbox</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${url(css)}">
<script type="module" src="${url(entry)}"></script>
</head>
<body>
<noscript><p>pairbox's web app needs JavaScript. The judge works without it: <a href="/playground">the playground</a>.</p></noscript>
<div id="app"></div>
</body>
</html>
`;
fs.writeFileSync(path.join(fresh, "index.html"), html);
fs.copyFileSync(path.join(here, "public", "favicon.svg"), path.join(fresh, "favicon.svg"));

// NAME.gz beside each script and style sheet of 1 KiB or more: the server
// sends it to browsers that take gzip (the editor's chunk: 710 -> 240 KiB).
for (const f of fs.readdirSync(path.join(fresh, "assets"))) {
  if (!/\.(js|css)$/.test(f)) continue;
  const data = fs.readFileSync(path.join(fresh, "assets", f));
  if (data.length >= 1024) fs.writeFileSync(path.join(fresh, "assets", f + ".gz"), gzipSync(data, { level: 9 }));
}

// Swap: the old build goes only after the new one is in place.
const old = path.join(here, `dist.old-${process.pid}`);
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(fresh, dist);
fs.rmSync(old, { recursive: true, force: true });

// Sizes: what a first visit loads (the entry, its static imports, the CSS)
// and the rest (chunks loaded with the pages that need them).
const kib = (n) => (n / 1024).toFixed(1) + " KiB";
let first = 0, firstGz = 0, total = 0, totalGz = 0;
const initial = new Set([entry, css]);
for (const imp of outputs[entry].imports) if (imp.kind === "import-statement") initial.add(imp.path);
for (const f of Object.keys(outputs)) {
  if (f.endsWith(".map") || f.endsWith(".LEGAL.txt")) continue;
  const data = fs.readFileSync(path.join(dist, path.relative(fresh, path.join(here, f))));
  const gz = gzipSync(data).length;
  total += data.length; totalGz += gz;
  if (initial.has(f)) { first += data.length; firstGz += gz; }
}
console.log(`frontend: dist/ built: first load ${kib(first)} (${kib(firstGz)} gzip), all ${kib(total)} (${kib(totalGz)} gzip)`);
