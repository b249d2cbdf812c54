// dprog as an app's dependency under the bundlers web developers use, with no configuration: a
// fresh project whose node_modules holds the built package as npm installs it, bundled for the
// browser by Vite (Rolldown), esbuild and webpack 5. Used by test/browser/bundlers.test.ts (which
// runs the bundles in Chromium) and bench/bundleSize.ts (which prints their sizes).
import { cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build as esbuild } from "esbuild";
import { build as viteBuild, createLogger } from "vite";
import webpack from "webpack";
import { repositoryRoot as root } from "./dist.js";

/** The app of issue 18: two imports, a gradient, the result left on globalThis.appResult. */
export const TWO_IMPORT_APP = `import { grad, numpy as np } from "dprog";
try {
  const x = np.array([0.5, 1, 2]);
  const g = grad((v) => np.sum(np.sin(v).mul(v)))(x);
  globalThis.appResult = Array.from(g.dataSync());
} catch (e) {
  globalThis.appResult = String(e);
}
document.body.textContent = String(globalThis.appResult);
`;

/** An app that keeps every export (the namespace escapes to a global), so nothing can be shaken off. */
export const WHOLE_API_APP = `import * as dprog from "dprog";
globalThis.dprog = dprog;
`;

export const page = (script: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title></head><body><script type="module" src="${script}"></script></body></html>`;

export interface Bundle {
  /** The folder a static server serves: index.html and the scripts. */
  dir: string;
  /** The app's JavaScript (every script file, joined), for the size and tree-shaking checks. */
  code: string;
  /**
   * The scripts the page loads before the app runs (the entry chunk and what it imports
   * statically), joined: webpack's entrypoint size, which its hint limits. The rest of `code` is
   * async chunks, loaded by import() (the wasm GEMM: backends/js/wasm/wasmGemm.browser.ts).
   */
  initial: string;
  /** Warnings other than size hints. */
  warnings: string[];
  /** The bundler's size-only warnings (webpack's performance hints, Vite's large-chunk notice). */
  sizeHints: string[];
}

/** A fresh project in `dir`: the app as main.js, and node_modules/dprog as `npm install` lays it out (package.json and dist/esm; immer beside it). */
export function makeProject(dir: string, app: string): void {
  const dprog = join(dir, "node_modules/dprog");
  mkdirSync(dprog, { recursive: true });
  cpSync(join(root, "package.json"), join(dprog, "package.json"));
  cpSync(join(root, "dist/esm"), join(dprog, "dist/esm"), { recursive: true });
  symlinkSync(realpathSync(join(root, "node_modules/immer")), join(dir, "node_modules/immer"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module", dependencies: { dprog: "*" } }));
  writeFileSync(join(dir, "main.js"), app);
  writeFileSync(join(dir, "index.html"), page("./main.js"));
}

const scripts = (dir: string, files: readonly string[] = readdirSync(dir, { recursive: true, encoding: "utf8" })): string =>
  files
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("\n");

/** Vite's notice that a chunk is over its 500 kB `chunkSizeWarningLimit`. */
const VITE_SIZE_HINT = /larger than \d+ kB after minification/;

export async function bundleWithVite(project: string): Promise<Bundle> {
  const messages: string[] = [];
  const logger = createLogger("warn", { allowClearScreen: false });
  logger.warn = (message) => void messages.push(message);
  logger.warnOnce = (message) => void messages.push(message);
  const outDir = join(project, "out-vite");
  const output = await viteBuild({ root: project, configFile: false, logLevel: "warn", customLogger: logger, build: { outDir, emptyOutDir: true } });
  // The entry chunk and, transitively, the chunks it imports statically.
  const chunks = new Map((Array.isArray(output) ? output : [output]).flatMap((o) => ("output" in o ? o.output : [])).flatMap((c) => (c.type === "chunk" ? [[c.fileName, c] as const] : [])));
  const initialFiles = new Set<string>();
  const visit = (fileName: string): void => {
    if (initialFiles.has(fileName)) return;
    initialFiles.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);
  return { dir: outDir, code: scripts(join(outDir, "assets")), initial: scripts(outDir, [...initialFiles]), warnings: messages.filter((m) => !VITE_SIZE_HINT.test(m)), sizeHints: messages.filter((m) => VITE_SIZE_HINT.test(m)).map(() => "a chunk over 500 kB") };
}

export async function bundleWithEsbuild(project: string): Promise<Bundle> {
  const outDir = join(project, "out-esbuild");
  mkdirSync(outDir, { recursive: true });
  const r = await esbuild({ entryPoints: [join(project, "main.js")], absWorkingDir: project, bundle: true, platform: "browser", format: "esm", minify: true, outfile: join(outDir, "app.js"), logLevel: "silent" });
  writeFileSync(join(outDir, "index.html"), page("./app.js"));
  // One file: without --splitting esbuild inlines a dynamic import()'s module, so the wasm GEMM is in it.
  const code = scripts(outDir);
  return { dir: outDir, code, initial: code, warnings: r.warnings.map((w) => w.text), sizeHints: [] };
}

/**
 * webpack's performance hints: warnings about the size alone (an asset or the entrypoint over its
 * 244 KiB recommendation), which any app of that size gets, and the advice that comes only with
 * them (SizeLimitsPlugin: no async chunks; the chunk-loading runtime inside an entrypoint over the
 * limit).
 */
const WEBPACK_SIZE_HINTS = new Set(["AssetsOverSizeLimitWarning", "EntrypointsOverSizeLimitWarning", "NoAsyncChunksWarning", "RuntimeInLargeChunkWarning"]);

/** webpack 5 as `webpack --mode production` runs it with no config file: target web, ./main.js in, one script out. */
export function bundleWithWebpack(project: string): Promise<Bundle> {
  const outDir = join(project, "out-webpack");
  return new Promise((resolve, reject) => {
    webpack({ mode: "production", target: "web", context: project, entry: "./main.js", output: { path: outDir, filename: "app.js" } }, (error, stats) => {
      if (error !== null && error !== undefined) return reject(error);
      if (stats === undefined) return reject(new Error("webpack returned no stats"));
      const { errors, warnings } = stats.compilation;
      if (errors.length > 0) return reject(new Error(`webpack: ${errors.map((e) => e.message).join("\n")}`));
      writeFileSync(join(outDir, "index.html"), page("./app.js"));
      const initialFiles = [...(stats.compilation.entrypoints.get("main")?.getFiles() ?? [])];
      resolve({
        dir: outDir,
        code: scripts(outDir),
        initial: scripts(outDir, initialFiles),
        warnings: warnings.filter((w) => !WEBPACK_SIZE_HINTS.has(w.name)).map((w) => w.message),
        sizeHints: warnings.filter((w) => WEBPACK_SIZE_HINTS.has(w.name)).map((w) => w.name),
      });
    });
  });
}

export const BUNDLERS = [
  ["Vite", bundleWithVite],
  ["esbuild", bundleWithEsbuild],
  ["webpack", bundleWithWebpack],
] as const;

/** Size in KiB (as webpack counts its 244 KiB limit), minified and gzipped (level 9). */
export function bundleSizes(code: string): { minifiedKiB: number; gzippedKiB: number } {
  const bytes = Buffer.byteLength(code);
  return { minifiedKiB: bytes / 1024, gzippedKiB: gzipSync(code, { level: 9 }).length / 1024 };
}
