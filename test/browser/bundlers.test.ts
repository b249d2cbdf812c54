// dprog as an app's dependency under the bundlers web developers use (issue 18): a two-import app
// (`import { grad, numpy as np } from "dprog"`) in a fresh project whose node_modules holds the
// built package as npm installs it (package.json and dist/esm; immer beside it) is bundled for the
// browser by Vite (Rolldown), by esbuild and by webpack 5 with no configuration (no aliases, defines,
// fallbacks or plugins) and no warnings, and each bundle, served from a static server, computes the
// gradient in headless Chromium. The GPU backend must not be in any bundle (tree shaking). Sizes
// are printed (`npm run bench bundleSize` prints them for the whole API too).
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
import type { Browser } from "puppeteer-core";
import { ensureBuilt } from "../util/dist.js";
import { BUNDLERS, TWO_IMPORT_APP, bundleSizes, makeProject } from "../util/bundlers.js";
import { startServer } from "../../examples/web/serve.js";
import { launchChromium, skipWithoutChromium } from "./chromium.js";

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

describe.skipIf(skipWithoutChromium("test/browser/bundlers"))("an app bundling dprog, run in headless Chromium", () => {
  let project: string;
  let browser: Browser;
  beforeAll(async () => {
    ensureBuilt();
    project = mkdtempSync(join(tmpdir(), "dprog-bundlers-"));
    makeProject(project, TWO_IMPORT_APP);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
  });

  for (const [name, bundle] of BUNDLERS) {
    it(`${name}: bundles with no configuration or warnings, leaves the GPU backend and the unused primitive families out, and computes grad in the page`, async () => {
      const { dir, code, warnings, sizeHints } = await bundle(project);
      expect(warnings).toEqual([]);
      // Only webpack's hints may fire: Vite's own notice (a chunk over 500 kB) would be news.
      if (name !== "webpack") expect(sizeHints).toEqual([]);
      expect(code).toMatch(/grad|Tracer/);
      expect(code).not.toMatch(GPU_MARKERS);
      // esbuild's bundle, which keeps them, shows the markers are real.
      if (name === "esbuild") for (const marker of FAMILY_MARKERS.source.split("|")) expect(code).toMatch(new RegExp(marker));
      else expect(code).not.toMatch(FAMILY_MARKERS);
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
      const { minifiedKiB, gzippedKiB } = bundleSizes(code);
      const hints = sizeHints.length > 0 ? `; size hints: ${sizeHints.join(", ")}` : "";
      console.log(`${name}: the two-import app bundles to ${minifiedKiB.toFixed(0)} KiB minified, ${gzippedKiB.toFixed(0)} KiB gzipped${hints}`);
    }, 120_000);
  }
});
