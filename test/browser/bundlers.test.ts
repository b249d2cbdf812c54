// dprog as an app's dependency under the bundlers web developers use (issue 18): a two-import app
// (`import { grad, numpy as np } from "dprog"`) in a fresh project whose node_modules holds the
// built package as npm installs it (package.json and dist/esm; immer beside it) is bundled for the
// browser by Vite (Rolldown), by esbuild and by webpack 5 with no configuration (no aliases, defines,
// fallbacks or plugins) and no warnings (webpack's size-only performance hints are reported, not
// failed), and each bundle, served from a static server, computes the
// gradient in headless Chromium. The GPU backend must not be in any bundle (tree shaking). Sizes
// are printed.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build as esbuild } from "esbuild";
import { build as viteBuild, createLogger } from "vite";
import webpack from "webpack";
import type { Browser } from "puppeteer-core";
import { ensureBuilt, repositoryRoot as root } from "../util/dist.js";
import { startServer } from "../../examples/web/serve.js";
import { launchChromium, skipWithoutChromium } from "./chromium.js";

const APP = `import { grad, numpy as np } from "dprog";
try {
  const x = np.array([0.5, 1, 2]);
  const g = grad((v) => np.sum(np.sin(v).mul(v)))(x);
  globalThis.appResult = Array.from(g.dataSync());
} catch (e) {
  globalThis.appResult = String(e);
}
document.body.textContent = String(globalThis.appResult);
`;
const PAGE = (script: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title></head><body><script type="module" src="${script}"></script></body></html>`;
/** d/dx (x sin x) = sin x + x cos x, in float32. */
const EXPECTED = [0.5, 1, 2].map((v) => Math.fround(Math.sin(v) + v * Math.cos(v)));

/** Markers of the GPU backend (its runtime's error text and gpu.js's API) that a two-import app must not contain. */
const GPU_MARKERS = /gpu\.js's browser build|isWebGPUAvailable|HeadlessGLKernel|createKernel/;

interface Bundle {
  /** The folder the static server serves: index.html and the script. */
  dir: string;
  /** The app's JavaScript, for the size and tree-shaking checks. */
  code: string;
  warnings: string[];
}

/** A fresh project: the app, and node_modules/dprog as `npm install` lays it out (package.json and dist/esm). */
function makeProject(dir: string): void {
  const dprog = join(dir, "node_modules/dprog");
  mkdirSync(dprog, { recursive: true });
  cpSync(join(root, "package.json"), join(dprog, "package.json"));
  cpSync(join(root, "dist/esm"), join(dprog, "dist/esm"), { recursive: true });
  symlinkSync(realpathSync(join(root, "node_modules/immer")), join(dir, "node_modules/immer"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module", dependencies: { dprog: "*" } }));
  writeFileSync(join(dir, "main.js"), APP);
  writeFileSync(join(dir, "index.html"), PAGE("./main.js"));
}

async function bundleWithVite(project: string): Promise<Bundle> {
  const warnings: string[] = [];
  const logger = createLogger("warn", { allowClearScreen: false });
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = (message) => void warnings.push(message);
  const outDir = join(project, "out-vite");
  await viteBuild({ root: project, configFile: false, logLevel: "warn", customLogger: logger, build: { outDir, emptyOutDir: true } });
  const assets = join(outDir, "assets");
  const code = readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(assets, f), "utf8")).join("\n");
  return { dir: outDir, code, warnings };
}

async function bundleWithEsbuild(project: string): Promise<Bundle> {
  const outDir = join(project, "out-esbuild");
  mkdirSync(outDir);
  const r = await esbuild({ entryPoints: [join(project, "main.js")], absWorkingDir: project, bundle: true, platform: "browser", format: "esm", minify: true, outfile: join(outDir, "app.js"), logLevel: "silent" });
  writeFileSync(join(outDir, "index.html"), PAGE("./app.js"));
  return { dir: outDir, code: readFileSync(join(outDir, "app.js"), "utf8"), warnings: r.warnings.map((w) => w.text) };
}

/**
 * webpack's performance hints: warnings about the bundle's size alone (over its 244 KiB
 * recommendation), which any app of that size gets; the test reports them and holds every other
 * warning to none.
 */
const WEBPACK_SIZE_HINTS = new Set(["AssetsOverSizeLimitWarning", "EntrypointsOverSizeLimitWarning", "NoAsyncChunksWarning"]);

/** webpack 5 as `webpack --mode production` runs it with no config file: target web, ./main.js in, one script out. */
function bundleWithWebpack(project: string): Promise<Bundle> {
  const outDir = join(project, "out-webpack");
  return new Promise((resolve, reject) => {
    webpack({ mode: "production", target: "web", context: project, entry: "./main.js", output: { path: outDir, filename: "app.js" } }, (error, stats) => {
      if (error !== null && error !== undefined) return reject(error);
      if (stats === undefined) return reject(new Error("webpack returned no stats"));
      const { errors, warnings } = stats.compilation;
      if (errors.length > 0) return reject(new Error(`webpack: ${errors.map((e) => e.message).join("\n")}`));
      const sizeHints = warnings.filter((w) => WEBPACK_SIZE_HINTS.has(w.name));
      if (sizeHints.length > 0) console.log(`webpack: its performance hints fire (size only): ${sizeHints.map((w) => w.name).join(", ")}`);
      writeFileSync(join(outDir, "index.html"), PAGE("./app.js"));
      resolve({ dir: outDir, code: readFileSync(join(outDir, "app.js"), "utf8"), warnings: warnings.filter((w) => !WEBPACK_SIZE_HINTS.has(w.name)).map((w) => w.message) });
    });
  });
}

describe.skipIf(skipWithoutChromium("test/browser/bundlers"))("an app bundling dprog, run in headless Chromium", () => {
  let project: string;
  let browser: Browser;
  beforeAll(async () => {
    ensureBuilt();
    project = mkdtempSync(join(tmpdir(), "dprog-bundlers-"));
    makeProject(project);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
  });

  for (const [name, bundle] of [["Vite", bundleWithVite], ["esbuild", bundleWithEsbuild], ["webpack", bundleWithWebpack]] as const) {
    it(`${name}: bundles with no configuration or warnings, leaves the GPU backend out, and computes grad in the page`, async () => {
      const { dir, code, warnings } = await bundle(project);
      expect(warnings).toEqual([]);
      expect(code).toMatch(/grad|Tracer/);
      expect(code).not.toMatch(GPU_MARKERS);
      const server = await startServer({ isolate: true }, dir);
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on("pageerror", (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
        page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
        await page.goto(`${server.url}/index.html`, { waitUntil: "load" });
        await page.waitForFunction("globalThis.appResult !== undefined", { timeout: 30_000 });
        const result = (await page.evaluate("globalThis.appResult")) as number[] | string;
        await page.close();
        expect(problems).toEqual([]);
        // Vite 8 (Rolldown 1.2) once dropped numpy's Array-method table here ("arrayMethods.mul is not a function"): see package.json's sideEffects.
        if (typeof result === "string") expect.fail(`the app threw: ${result}`);
        result.forEach((v, i) => expect(Math.abs(v - EXPECTED[i]!), `element ${i}: ${v} vs ${EXPECTED[i]}`).toBeLessThanOrEqual(2e-6));
      } finally {
        await server.close();
      }
      const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
      console.log(`${name}: the two-import app bundles to ${kb(code.length)} minified, ${kb(gzipSync(code).length)} gzipped`);
    }, 120_000);
  }
});
