// Bundle sizes (issue 18): what an app that depends on dprog ships to the browser. Two apps, each
// in a fresh project with the built package laid out as `npm install` lays it out, bundled with no
// configuration by Vite (Rolldown), esbuild (--bundle --minify --format=esm) and webpack 5
// (production, target web): the two-import app of test/browser/bundlers.test.ts
// (`import { grad, numpy as np } from "dprog"`) and the whole API (the namespace escapes to a
// global, so nothing is shaken off). Sizes are KiB of minified JavaScript and of its gzip -9: of
// what the page loads before the app runs (the entry's initial chunks, which webpack's entrypoint
// hint counts; it fires over 244 KiB), and of every chunk, async ones (the wasm GEMM, loaded by
// import() after the page starts) included. esbuild's bundle, without --splitting, is one file.
//
//   npx tsx bench/bundleSize.ts     (or `npm run bench bundleSize`, through bench/index.ts)
//
// Not a timing: the numbers do not depend on the machine's load. The package is rebuilt first if a
// source is newer than dist/.
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { ensureBuilt } from "../test/util/dist.js";
import { BUNDLERS, TWO_IMPORT_APP, WHOLE_API_APP, bundleSizes, makeProject } from "../test/util/bundlers.js";

const APPS = [
  ["import { grad, numpy as np } from \"dprog\"", TWO_IMPORT_APP],
  ["the whole API (import * as dprog, kept)", WHOLE_API_APP],
] as const;

export async function main(): Promise<void> {
  ensureBuilt();
  console.log("\nBundle size: an app's JavaScript, minified / gzipped (KiB), bundled with no configuration\n");
  const rows: string[][] = [["app", "bundler", "initial", "gzipped", "all chunks", "gzipped", "size warnings"]];
  for (const [label, app] of APPS) {
    const project = mkdtempSync(path.join(tmpdir(), "dprog-bundle-size-"));
    try {
      makeProject(project, app);
      for (const [name, bundle] of BUNDLERS) {
        const { code, initial, warnings, sizeHints } = await bundle(project);
        const first = bundleSizes(initial);
        const all = bundleSizes(code);
        const notes = [...sizeHints, ...(warnings.length > 0 ? [`${warnings.length} other warnings`] : [])];
        const kib = (n: number): string => n.toFixed(0);
        rows.push([label, name, kib(first.minifiedKiB), kib(first.gzippedKiB), kib(all.minifiedKiB), kib(all.gzippedKiB), notes.length > 0 ? notes.join(", ") : "none"]);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c >= 2 && c <= 5 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  "));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
