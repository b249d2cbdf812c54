// dprog as an app's dependency under the bundlers web developers use (issue 18): a two-import app
// (`import { grad, numpy as np } from "dprog"`) in a fresh project whose node_modules holds the
// built package as npm installs it (package.json and dist/esm; immer beside it) is bundled for the
// browser by Vite (Rolldown), by esbuild and by webpack 5 with no configuration (no aliases, defines,
// fallbacks or plugins) and no warnings, and each bundle, served from a static server, computes the
// gradient in headless Chromium. The GPU backend must not be in any bundle (tree shaking), and the
// wasm GEMM must not be in what the page loads first: Vite and webpack put it in an async chunk
// (backends/js/wasm/wasmGemm.browser.ts imports it with import()), which a second app, run in the
// page, shows arriving after the page starts, awaited by `ready()`, with the products made before
// it switching to it; esbuild's --bundle without --splitting inlines the import()'s module, which
// is fine (its bundle is one file either way). Sizes are printed (`npm run bench bundleSize`
// prints them for the whole API too).
//
// webpack's size-only performance hints (over 244 KiB) are reported, not failed: the app calls
// numpy's functions as members of the `numpy` export (`np.sum(...)`), and webpack keeps a member
// call's receiver whole (its `this`; ESMImportSpecifierDependency.getReferencedExports), so all of
// numpy and everything it reaches is bundled; and grad with eager execution alone is over the limit
// (docs/install.md, "Bundle size").
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { ensureBuilt } from "../util/dist.js";
import { BUNDLERS, TWO_IMPORT_APP, bundleSizes, makeProject } from "../util/bundlers.js";
import { startServer } from "../../examples/web/serve.js";
import { launchChromium, skipWithoutChromium } from "./chromium.js";
import { GEMM_WASM_BASE64 } from "../../backends/js/wasm/gemmModule.js";

/** d/dx (x sin x) = sin x + x cos x, in float32. */
const EXPECTED = [0.5, 1, 2].map((v) => Math.fround(Math.sin(v) + v * Math.cos(v)));

/** Markers of the GPU backend (its runtime's error text and gpu.js's API) that a two-import app must not contain. */
const GPU_MARKERS = /gpu\.js's browser build|isWebGPUAvailable|HeadlessGLKernel|createKernel/;
/**
 * Markers of the primitive families the app never calls (their shape rules' error text, one per
 * family: linear algebra, windowed reductions, convolution, FFT, control flow): their rules and kernels load with the functions that bind them (src/families/), so a
 * bundle without those functions holds none of them. esbuild keeps every function of a namespace
 * an app uses (all of numpy, linear algebra included), and with them the families.
 */
const FAMILY_MARKERS = /The first input to triangular_solve must be|reduce_window got inconsistent dtypes|feature_group_count must divide lhs feature dimension|must have at least as many input dimensions as fft_lengths|cond requires at least one branch/;

/**
 * Markers of the wasm GEMM runtime (backends/js/wasm): its kernels' description (wasmDot.ts), its
 * helper thread's job loop (pool.ts) and a run of its module's bytes (gemmModule.ts).
 */
const WASM_GEMM_MARKERS = ["dot_general on the wasm SIMD GEMM", "function indirectItem(", GEMM_WASM_BASE64.slice(2000, 2060)];

/**
 * A float32 product jitted and run as the page starts (before the wasm GEMM's chunk can have
 * arrived), then again after `await ready()`, next to a product jitted afterwards: what each
 * compiled to and their values.
 */
const GEMM_APP = `import { jit, numpy as np, ready } from "dprog";
const n = 64;
const operand = (seed) => np.array(Float32Array.from({ length: n * n }, (_, i) => Math.sin(seed * 7.1 + i * 0.37) * (1 + (i % 13) / 7))).reshape([n, n]);
const run = async () => {
  const [a, b] = [operand(1), operand(2)];
  const early = jit((l, r) => l.matmul(r));
  const before = Array.from(early(a, b).dataSync());
  const earlySource = early.lower(a, b).source;
  await ready();
  const late = jit((l, r) => l.matmul(r));
  return { earlySource, lateSource: late.lower(a, b).source, before, earlyAfterReady: Array.from(early(a, b).dataSync()), late: Array.from(late(a, b).dataSync()) };
};
run().then((r) => (globalThis.appResult = r), (e) => (globalThis.appResult = String(e)));
`;

interface GemmAppResult {
  earlySource: string;
  lateSource: string;
  before: number[];
  earlyAfterReady: number[];
  late: number[];
}

/** Opens the bundle in `dir` on an isolated static server and returns the app's globalThis.appResult; page errors and failed requests fail. */
async function runInPage(browser: Browser, dir: string): Promise<unknown> {
  const server = await startServer({ isolate: true }, dir);
  let page: Page | undefined;
  try {
    page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(`${server.url}/index.html`, { waitUntil: "load" });
    await page.waitForFunction("globalThis.appResult !== undefined", { timeout: 30_000 });
    const result: unknown = await page.evaluate("globalThis.appResult");
    expect(problems).toEqual([]);
    // Vite 8 (Rolldown 1.2) once dropped numpy's Array-method table here ("arrayMethods.mul is not a function"): see package.json's sideEffects.
    if (typeof result === "string") expect.fail(`the app threw: ${result}`);
    return result;
  } finally {
    await page?.close();
    await server.close();
  }
}

describe.skipIf(skipWithoutChromium("test/browser/bundlers"))("an app bundling dprog, run in headless Chromium", () => {
  let project: string;
  let gemmProject: string;
  let browser: Browser;
  beforeAll(async () => {
    ensureBuilt();
    project = mkdtempSync(join(tmpdir(), "dprog-bundlers-"));
    makeProject(project, TWO_IMPORT_APP);
    gemmProject = mkdtempSync(join(tmpdir(), "dprog-bundlers-gemm-"));
    makeProject(gemmProject, GEMM_APP);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    for (const dir of [project, gemmProject]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, bundle] of BUNDLERS) {
    it(`${name}: bundles with no configuration, warnings or size hints, leaves the GPU backend and the unused primitive families out${name === "esbuild" ? "" : " and the wasm GEMM out of the initial chunk"}, and computes grad in the page`, async () => {
      const { dir, code, initial, warnings, sizeHints } = await bundle(project);
      expect(warnings).toEqual([]);
      // No size hint either: webpack's fire over 244 KiB (an asset or the entrypoint), Vite's over 500 kB.
      expect(sizeHints).toEqual([]);
      expect(code).toMatch(/grad|Tracer/);
      expect(code).not.toMatch(GPU_MARKERS);
      // esbuild's bundle, which keeps them, shows the markers are real.
      if (name === "esbuild") for (const marker of FAMILY_MARKERS.source.split("|")) expect(code).toMatch(new RegExp(marker));
      else expect(code).not.toMatch(FAMILY_MARKERS);
      // The wasm GEMM is in the bundle (the markers are real); Vite and webpack leave it out of the initial chunk.
      for (const marker of WASM_GEMM_MARKERS) expect(code).toContain(marker);
      if (name === "esbuild") expect(initial).toBe(code);
      else for (const marker of WASM_GEMM_MARKERS) expect(initial, `the initial chunk holds ${marker}`).not.toContain(marker);
      const result = (await runInPage(browser, dir)) as number[];
      result.forEach((v, i) => expect(Math.abs(v - EXPECTED[i]!), `element ${i}: ${v} vs ${EXPECTED[i]}`).toBeLessThanOrEqual(2e-6));
      const first = bundleSizes(initial);
      const all = bundleSizes(code);
      const hints = sizeHints.length > 0 ? `; size hints: ${sizeHints.join(", ")}` : "";
      console.log(
        `${name}: the two-import app bundles to ${first.minifiedKiB.toFixed(0)} KiB minified, ${first.gzippedKiB.toFixed(0)} KiB gzipped loaded first` +
          `, ${all.minifiedKiB.toFixed(0)} KiB minified, ${all.gzippedKiB.toFixed(0)} KiB gzipped in all${hints}`,
      );
    }, 120_000);

    it(`${name}: the wasm GEMM arrives after the page starts; ready() waits for it, and a product jitted before it switches to it`, async () => {
      const { dir, warnings } = await bundle(gemmProject);
      expect(warnings).toEqual([]);
      const r = (await runInPage(browser, dir)) as GemmAppResult;
      // Jitted as the page started: the JS kernel, waiting for the GEMM (its chunk, or esbuild's inlined module, arrives asynchronously).
      expect(r.earlySource).toContain("until the wasm GEMM has loaded");
      expect(r.earlySource).not.toContain("on the wasm SIMD GEMM");
      // After ready(): a new product compiles to the wasm GEMM, and the early one now runs it too,
      // bit for bit; its results before differ (in float32 rounding: the wasm kernel sums in f32 lanes).
      expect(r.lateSource).toContain("dot_general on the wasm SIMD GEMM");
      expect(r.earlyAfterReady).toEqual(r.late);
      expect(r.before).not.toEqual(r.late);
      r.before.forEach((v, i) => expect(Math.abs(v - r.late[i]!), `element ${i}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(v))));
    }, 120_000);
  }
});
