// dprog in a real browser (issue 18): headless Chromium (Debian's package, driven by
// puppeteer-core; no browser download) loads the self-contained bundle dist/index.js from the
// web example's static server and runs checks.js in the page: transforms, jit, control flow,
// random and the wasm GEMM, each compared with the same checks run here in Node on src/; once
// with COOP/COEP (cross-origin isolated: shared memory and helper Web Workers, which must then
// do part of the work) and once without (one thread, same results). Then the web example trains
// a few steps and its screenshot must show the decision regions and the loss curve. Last, a page
// under a Content Security Policy without 'unsafe-eval' imports the bundle: the import must not
// throw, and each operation must give the right value or an error naming 'unsafe-eval'. The GPU
// backend runs in the page in gpu.js's webgl, webgl2 and webgpu modes (SwiftShader, Chromium's
// software renderer, behind both APIs), gpu.js imported through the page's import map, and must
// give the JS backend's values; a mode whose API this Chromium lacks is skipped with the reason.
//
// Skipped, with a message, where no Chromium is found; DPROG_REQUIRE_BROWSER=1 (set by .ci/run
// once it has installed chromium) makes that a failure. DPROG_CHROMIUM names another binary.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "puppeteer-core";
import { newestSource } from "../util/dist.js";
import { launchChromium, skipWithoutChromium } from "./chromium.js";
import * as dp from "../../src/index.js";
import { startServer, repositoryRoot as root, type RunningServer } from "../../examples/web/serve.js";
import { controlFlowChecks, fftCheck, fusedCheck, gemmCheck, randomChecks, transformChecks } from "./checks.js";

const skip = skipWithoutChromium("test/browser");

/**
 * dist/index.js, rebuilt when older than a source: with esbuild and the options of tsup.config.ts's
 * browser bundle, written to a temporary file and renamed, so that a suite running tsup at the
 * same time (test/package) never sees half a file and nothing else in dist/ is touched.
 */
async function ensureFreshBundle(): Promise<void> {
  const bundle = join(root, "dist/index.js");
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource()) return;
  mkdirSync(join(root, "dist"), { recursive: true });
  const r = await build({
    entryPoints: [join(root, "src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // As tsup builds it (minified, names kept; gpu.js, a peer dependency, left external), so that
    // the page runs what the package ships.
    minify: true,
    keepNames: true,
    external: ["gpu.js"],
    write: false,
    logLevel: "silent",
  });
  const temporary = `${bundle}.${process.pid}.tmp`;
  writeFileSync(temporary, r.outputFiles[0]!.contents);
  renameSync(temporary, bundle);
}

type Values = Record<string, number[]>;
type Failure = { error: string };
interface PageReport {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  importMs: number;
  readyMs: number;
  /** How many helper workers had said they run when ready() resolved. */
  workersRunningAtReady: number;
  checksMs: number;
  gemmBeforeReady: boolean | Failure;
  transforms: Values | Failure;
  controlFlow: Values | Failure;
  random: Values | Failure;
  gemm: ({ usesWasm: boolean; entries: number[] } | Failure)[];
  gemmShared: boolean[];
  fused: (number[] | Failure)[];
  fusedReachedDuringCall: number[];
  fft: (number[] | Failure)[];
  fftReachedDuringCall: number[];
  workers: { workersStarted: number; workersRunning: number; gemm: { posted: number; done: number }; fusedJobsPosted: number; fusedJobsReachedByHelper: number };
}

function succeeded<T extends object>(r: T | Failure): T {
  if ("error" in r) throw new Error(`failed in the page: ${r.error}`);
  return r;
}

/** Every value of `page` within `rtol` (relative, absolute below 1) of Node's; exact when rtol is 0. */
function expectMatches(page: Values, node: Values, rtol: number): void {
  expect(Object.keys(page).sort()).toEqual(Object.keys(node).sort());
  for (const [name, expected] of Object.entries(node)) {
    const got = page[name]!;
    expect(got.length, name).toBe(expected.length);
    expected.forEach((e, i) => {
      if (rtol === 0) expect(got[i], `${name}[${i}]`).toBe(e);
      else expect(Math.abs(got[i]! - e), `${name}[${i}]: page ${got[i]}, Node ${e}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(e)));
    });
  }
}

/** Opens `path` on `server`; page errors and failed requests are collected (a clean page has none). */
async function open(browser: Browser, server: RunningServer, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(`${server.url}${path}`, { waitUntil: "load" });
  return { page, problems };
}

describe.skipIf(skip)("dprog in headless Chromium", () => {
  let browser: Browser;
  const servers: { isolated?: RunningServer; plain?: RunningServer; strictCsp?: RunningServer } = {};
  let node: { transforms: Values; controlFlow: Values; random: Values; gemm: number[]; fused: number[]; fft: number[] };

  beforeAll(async () => {
    await ensureFreshBundle();
    [browser, servers.isolated, servers.plain, servers.strictCsp] = await Promise.all([
      launchChromium(),
      startServer({ isolate: true }),
      startServer({ isolate: false }),
      startServer({ isolate: true, headers: { "Content-Security-Policy": "script-src 'self'" } }),
    ]);
    node = {
      transforms: transformChecks(dp),
      controlFlow: controlFlowChecks(dp),
      random: randomChecks(dp),
      gemm: gemmCheck(dp).entries,
      fused: fusedCheck(dp),
      fft: fftCheck(dp),
    };
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([servers.isolated?.close(), servers.plain?.close(), servers.strictCsp?.close()]);
  });

  for (const isolate of [true, false]) {
    describe(isolate ? "cross-origin isolated (COOP/COEP)" : "not cross-origin isolated", () => {
      let report: PageReport;
      beforeAll(async () => {
        const { page, problems } = await open(browser, isolate ? servers.isolated! : servers.plain!, "/test/browser/blank.html");
        report = (await page.evaluate(`import("/test/browser/page.js").then((m) => m.runChecks())`)) as PageReport;
        expect(problems).toEqual([]);
        await page.close();
        console.log(
          `browser (${isolate ? "isolated" : "not isolated"}): import ${report.importMs.toFixed(0)} ms, ready() ${report.readyMs.toFixed(0)} ms, checks ${report.checksMs.toFixed(0)} ms, ` +
            `workers ${JSON.stringify(report.workers)}, GEMM products shared with the helper ${JSON.stringify(report.gemmShared)}, ` +
            `fused jobs the helper worked on per call ${JSON.stringify(report.fusedReachedDuringCall)}, FFT jobs ${JSON.stringify(report.fftReachedDuringCall)}`,
        );
      }, 60_000);

      it("imports the self-contained bundle, with shared memory exactly when isolated", () => {
        expect(report.crossOriginIsolated).toBe(isolate);
        expect(report.sharedArrayBuffer).toBe(isolate);
      });

      it("ready() resolves once both helper workers (the GEMM's and the fused loops') run, exactly when isolated", () => {
        expect(report.workersRunningAtReady).toBe(isolate ? 2 : 0);
        expect(report.workers.workersStarted).toBe(isolate ? 2 : 0);
      });

      it("grad, valueAndGrad, jvp, hessian, vmap and jit give Node's values", () => {
        expectMatches(succeeded(report.transforms), node.transforms, 1e-6);
      });

      it("scan (and its grad), cond, whileLoop and foriLoop give Node's values", () => {
        expectMatches(succeeded(report.controlFlow), node.controlFlow, 1e-6);
      });

      it("random: the same key gives the same bits and samples as in Node", () => {
        expectMatches(succeeded(report.random), node.random, 0);
      });

      it("the wasm GEMM gives Node's product, from the first product (the self-contained bundle loads it statically); the helper worker computes part of it exactly when isolated", () => {
        const before = report.gemmBeforeReady;
        if (typeof before !== "boolean") throw new Error(`failed in the page: ${before.error}`);
        expect(before).toBe(true);
        for (const g of report.gemm) {
          const { usesWasm, entries } = succeeded(g);
          expect(usesWasm).toBe(true);
          expectMatches({ entries }, { entries: node.gemm }, 1e-6);
        }
        if (isolate) expect(report.gemmShared).toContain(true);
        else expect(report.workers.workersStarted).toBe(0);
      });

      it("a fused loop over 2^20 elements gives Node's values; split with the helper when isolated", () => {
        for (const f of report.fused) expectMatches({ rows: succeeded(f) }, { rows: node.fused }, 1e-6);
        if (isolate) expect(report.fusedReachedDuringCall.some((n) => n > 0)).toBe(true);
        else expect(report.workers.fusedJobsPosted).toBe(0);
      });

      it("np.fft of a 512 x 1024 complex64 batch (fft, irfft2) gives Node's values; split with the helper when isolated", () => {
        for (const f of report.fft) expectMatches({ fft: succeeded(f) }, { fft: node.fft }, 1e-6);
        if (isolate) expect(report.fftReachedDuringCall.some((n) => n > 0)).toBe(true);
        else expect(report.fftReachedDuringCall).toEqual([0]);
      });
    });
  }

  it("the web example trains live and draws its regions and loss curve (screenshot checked)", async () => {
    const { page, problems } = await open(browser, servers.isolated!, "/examples/web/");
    await page.setViewport({ width: 860, height: 760 });
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    expect(await page.$eval("#backend", (e) => e.textContent)).toMatch(/JS backend.*cross-origin isolated/);
    await page.click("#toggle");
    await page.waitForFunction("globalThis.dprogDemo.trainer.losses.length >= 60", { timeout: 30_000 });
    await page.click("#toggle");
    const losses = (await page.evaluate("globalThis.dprogDemo.trainer.losses")) as number[];
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 2);
    const status = await page.$eval("#status", (e) => e.textContent ?? "");
    expect(status).toMatch(/^step \d+ {2}loss \d\.\d{4} {2}accuracy \d+\.\d%/);
    // The screenshots, decoded by the browser in a blank page: the regions canvas shows the three
    // class colours (examples/web/plots.js), the loss canvas the blue curve.
    const shot = async (selector: string): Promise<string> => (await (await page.$(selector))!.screenshot({ encoding: "base64" })) as string;
    const regions = await shot("#boundary");
    const loss = await shot("#loss");
    await page.screenshot({ path: join(root, "node_modules/.cache/dprog-web-example.png") }).catch(() => undefined);
    expect(problems).toEqual([]);
    await page.close();
    const { page: blank } = await open(browser, servers.plain!, "/test/browser/blank.html");
    const stats = async (png: string, colours: [number, number, number][]): Promise<{ pixels: number; nonWhite: number; near: number[] }> =>
      (await blank.evaluate(`import("/test/browser/page.js").then((m) => m.imageStats(${JSON.stringify(png)}, ${JSON.stringify(colours)}))`)) as {
        pixels: number;
        nonWhite: number;
        near: number[];
      };
    const r = await stats(regions, [[255, 179, 179], [179, 214, 255], [186, 235, 181]]);
    expect(r.nonWhite / r.pixels).toBeGreaterThan(0.9);
    for (const n of r.near) expect(n / r.pixels).toBeGreaterThan(0.1);
    const l = await stats(loss, [[31, 119, 180]]);
    expect(l.near[0]!).toBeGreaterThan(100);
    console.log(`web example: ${losses.length} steps, ${status}; regions ${r.near.map((n) => ((100 * n) / r.pixels).toFixed(0) + "%").join("/")} of the canvas, loss curve ${l.near[0]} px`);
    await blank.close();
  }, 60_000);

  describe("the GPU backend in the page (gpu.js through an import map)", () => {
    /** Which GPU APIs this Chromium gives a page: a reason per missing one. */
    let missing: Record<"webgl" | "webgl2" | "webgpu", string | null>;
    beforeAll(async () => {
      const { page } = await open(browser, servers.isolated!, "/test/browser/blank.html");
      missing = (await page.evaluate(`(async () => {
        const gl = (kind) => document.createElement("canvas").getContext(kind) === null ? "this Chromium gives no " + kind + " context" : null;
        const adapter = navigator.gpu === undefined ? null : await navigator.gpu.requestAdapter();
        return { webgl: gl("webgl"), webgl2: gl("webgl2"), webgpu: navigator.gpu === undefined ? "this Chromium has no navigator.gpu" : adapter === null ? "navigator.gpu gives no adapter" : null };
      })()`)) as typeof missing;
      await page.close();
    }, 30_000);

    it("without gpu.js loaded: setGpuMode('webgl') is accepted, devices() lists only js, each first GPU use (setDefaultDevice, devicePut, jit) says what to load", async () => {
      const { page, problems } = await open(browser, servers.isolated!, "/test/browser/blank.html");
      const r = (await page.evaluate(`import("/test/browser/gpu.js").then((m) => m.withoutGpuJs())`)) as {
        devices: dp.Device[];
        firstUse: string;
        devicePut: string;
        jit: string;
        devicesAfter: dp.Device[];
      };
      await page.close();
      expect(problems).toEqual([]);
      expect(r.devices.map((d) => d.name)).toEqual(["js"]);
      expect(r.devicesAfter.map((d) => d.name)).toEqual(["js"]);
      expect(r.firstUse).toMatch(/^in a browser the GPU backend needs gpu\.js's browser build \(gpu\.js@2\.24\.1, dist\/gpu-browser\.min\.js\) loaded before its first use: `await initGpu\(\)`/);
      // The three ways to provide gpu.js: initGpu's import through an import map, a <script> tag, a bundled `import "gpu.js"`.
      expect(r.firstUse).toContain("import map");
      expect(r.firstUse).toContain("<script> tag");
      expect(r.firstUse).toContain('`import "gpu.js"`');
      // devicePut once made a GPU array here (an upload outside webgpu mode is a float32 copy) while devices() listed no GPU.
      expect(r.devicePut).toBe(r.firstUse);
      expect(r.jit).toBe(r.firstUse);
    }, 30_000);

    for (const mode of ["webgl", "webgl2", "webgpu"] as const) {
      it(`${mode}: a jitted program (matmul, elementwise, reduction, convolution, grad) gives the JS backend's values, again after shutdownGpu`, async (context) => {
        const reason = missing[mode];
        if (reason !== null) {
          console.warn(`test/browser: ${mode} skipped: ${reason}`);
          context.skip(reason);
        }
        const { page, problems } = await open(browser, servers.isolated!, "/test/browser/gpu.html");
        const r = (await page.evaluate(`import("/test/browser/gpu.js").then((m) => m.gpuCheck(${JSON.stringify(mode)}))`)) as
          | { devices: dp.Device[]; mode: string; restartedMode: string; restarted: number[]; deviceOf: string[]; onGpuOnly: boolean; cpu: number[][]; gpu: number[][] }
          | Failure;
        await page.close();
        expect(problems).toEqual([]);
        const { devices, deviceOf, onGpuOnly, cpu, gpu, restartedMode, restarted } = succeeded(r);
        // After shutdownGpu, initGpu starts the same mode again and gives the same values.
        expect(restartedMode).toBe(mode);
        expect(restarted).toEqual(gpu[1]);
        const device = devices[1]!;
        expect(device).toMatchObject({ name: "gpu", mode, async: mode === "webgpu" });
        // SwiftShader rasterizes on the CPU, and devices() says so.
        if (/swiftshader/i.test(device.adapter ?? "")) expect(device).toMatchObject({ real: false, adapter: expect.stringMatching(/software, on the CPU/) });
        expect(deviceOf).toEqual(["gpu", "gpu", "gpu", "gpu", "gpu"]);
        expect(onGpuOnly).toBe(true);
        expect(gpu.length).toBe(cpu.length);
        // SwiftShader's float32 sin and exp are good to about 1e-4 here (measured: 1.2e-4 at worst, in
        // the sum of sines), far from what a wrong index or operation would give.
        let worst = 0;
        cpu.forEach((c, k) => {
          expect(gpu[k]!.length).toBe(c.length);
          c.forEach((e, i) => {
            const error = Math.abs(gpu[k]![i]! - e) / Math.max(1, Math.abs(e));
            worst = Math.max(worst, error);
            expect(error, `output ${k}[${i}]: GPU ${gpu[k]![i]}, JS ${e}`).toBeLessThanOrEqual(1e-3);
          });
        });
        console.log(`browser GPU ${mode}: ${device.adapter ?? "(no adapter name)"}; largest relative difference from the JS backend ${worst.toExponential(1)}`);
      }, 60_000);
    }
  });

  it("the web example's GPU toggle moves training to gpu.js's WebGL and back; the loss keeps falling", async () => {
    const { page, problems } = await open(browser, servers.isolated!, "/examples/web/");
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    const backend = (): Promise<string> => page.$eval("#backend", (e) => e.textContent ?? "");
    const trainUntil = async (steps: number): Promise<void> => {
      await page.click("#toggle");
      await page.waitForFunction(`globalThis.dprogDemo.trainer.losses.length >= ${steps}`, { timeout: 45_000 });
      await page.click("#toggle");
    };
    await trainUntil(20);
    await page.click("#device");
    await page.waitForFunction(`document.querySelector("#device").textContent === "Use the CPU" || document.querySelector("#error").textContent !== ""`, { timeout: 30_000 });
    expect(await page.$eval("#error", (e) => e.textContent)).toBe("");
    expect(await backend()).toMatch(/GPU \(gpu\.js webgl2? on .*\); default device "gpu"/);
    const onCpu = ((await page.evaluate("globalThis.dprogDemo.trainer.losses")) as number[]).length;
    // Steps called directly rather than through the frame loop: on SwiftShader one step takes about a
    // second, and a Stop click waits behind the running frame.
    const t0 = Date.now();
    await page.evaluate("globalThis.dprogDemo.trainer.train(1)");
    const firstMs = Date.now() - t0;
    await page.evaluate("globalThis.dprogDemo.trainer.train(3)");
    const gpuMs = (Date.now() - t0 - firstMs) / 3;
    await page.click("#device");
    await page.waitForFunction(`document.querySelector("#device").textContent === "Use the GPU"`, { timeout: 30_000 });
    expect(await backend()).toMatch(/default device "js"/);
    const onGpu = ((await page.evaluate("globalThis.dprogDemo.trainer.losses")) as number[]).length;
    await trainUntil(onGpu + 20);
    const losses = (await page.evaluate("globalThis.dprogDemo.trainer.losses")) as number[];
    expect(problems).toEqual([]);
    await page.close();
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    // The parameters and Adam's state moved with each switch: training goes on where it was (a
    // fresh start would be back near log 3 = 1.1), and the loss ends far below where it started.
    for (const at of [onCpu, onGpu]) expect(losses[at]!).toBeLessThan(Math.max(1.5 * losses[at - 1]!, losses[at - 1]! + 0.05));
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 4);
    console.log(`web example GPU toggle: ${onGpu - onCpu} steps on the GPU (first, with compilation, ${firstMs} ms; then ${gpuMs.toFixed(0)} ms a step), loss ${losses[0]!.toFixed(3)} -> ${losses[losses.length - 1]!.toFixed(3)}`);
  }, 120_000);

  it("under script-src 'self' (no 'unsafe-eval'): the import succeeds; each operation is right or names 'unsafe-eval'", async () => {
    const { page, problems } = await open(browser, servers.strictCsp!, "/test/browser/csp.html");
    await page.waitForFunction("globalThis.cspReport !== undefined", { timeout: 30_000 });
    const report = (await page.evaluate("globalThis.cspReport")) as { evalForbidden: boolean; imported: boolean; importError?: string } & Record<string, { values: number[] } | { error: string }>;
    await page.close();
    expect(problems).toEqual([]);
    expect(report.evalForbidden).toBe(true);
    expect(report.importError).toBeUndefined();
    expect(report.imported).toBe(true);
    const np = dp.numpy;
    const x = np.array([0.5, 1, 2, 4]);
    const expected: Record<string, number[]> = {
      eager: Array.from(np.sin(x).mul(2).add(1).dataSync()),
      jit: Array.from(np.sin(x).mul(2).add(1).dataSync()),
      grad: Array.from(dp.grad((v: dp.Array) => np.sum(np.sin(v).mul(v)))(x).dataSync()),
      matmul: [64 * 64 * 64],
    };
    const outcomes: string[] = [];
    for (const [name, want] of Object.entries(expected)) {
      const got = report[name]!;
      if ("error" in got) {
        expect(got.error, name).toMatch(/'unsafe-eval'/);
        outcomes.push(`${name}: ${got.error.startsWith("EvalError: dprog compiles") ? "dprog's error" : "browser's EvalError"}`);
      } else {
        expectMatches({ [name]: got.values }, { [name]: want }, 1e-6);
        outcomes.push(`${name}: ran`);
      }
    }
    console.log(`strict CSP: ${outcomes.join(", ")}`);
  }, 60_000);
});
