// The wasm GEMM's helper thread (backends/js/wasm/pool.ts) failing after it has claimed a job:
// the product must still come back, right, within a bounded time, and later products must not
// wait for that helper again; a helper that is merely slow but keeps finishing kernel calls must
// not be taken for dead. pool.ts's test hook makes the real helper act out each fault.
//
// Each case runs in a child Node process: a hang there blocks that process's only thread, which
// no vitest timeout could interrupt in this one; the child is killed at CHILD_TIMEOUT_MS, so a
// regression shows as a failed test, not a test run that never ends. The child runs a script
// file, not \`node --input-type=module -e\`: eval'd workers inherit --input-type=module, under
// which the helper's CommonJS source fails to start, and there would be no helper to test.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** What the child runs: the first product under the fault, then `later` products with none. */
interface Case {
  readonly host: "node" | "browser";
  readonly fault: { readonly hangMs: number } | "die" | { readonly slowMs: number };
  readonly stallMs: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly later: number;
  /** The product on the indirect kernel (wasmIndirect.ts: items claimed from a shared counter) instead of the packed one. */
  readonly indirect?: boolean;
}

/** What the child is given: the case and the repository's root, to import the library from. */
interface ChildInput extends Case {
  readonly root: string;
}

interface Product {
  /** What the helper's wait() returned: true where the helper finished its rows. */
  readonly helped: readonly boolean[];
  readonly ms: number;
  /** Largest |wasm - naive| over the largest |naive|. */
  readonly err: number;
}

interface Report {
  readonly helperUp: boolean;
  /** Products run under the fault before one had its job claimed (and so met the fault). */
  readonly takenBack: number;
  readonly faulty: Product;
  readonly later: readonly Product[];
  /** Errors the browser shim's workers reported (the "die" fault throws in the worker). */
  readonly workerErrors: number;
}

/**
 * The child's script. In the browser case a minimal Web Worker over worker_threads runs the
 * Blob URL's script (as test/backends/js/browserWorkers.test.ts does), and the main thread,
 * as a browser's, may not block: Atomics.wait throws there, so waiting is a spin.
 */
const CHILD = `
import { resolveObjectURL } from "node:buffer";
import { Worker as NodeWorker } from "node:worker_threads";
const c = JSON.parse(process.env.DPROG_STALL_CASE);
let workerErrors = 0;
if (c.host === "browser") {
  const BOOT = \`const { parentPort, workerData } = require("node:worker_threads");
globalThis.self = globalThis;
globalThis.postMessage = (m) => parentPort.postMessage(m);
globalThis.WorkerGlobalScope = class WorkerGlobalScope {};
workerData.blob.text().then((source) => {
  (0, eval)(source);
  parentPort.on("message", (data) => self.onmessage({ data }));
});\`;
  globalThis.Worker = class {
    constructor(url) {
      this.w = new NodeWorker(BOOT, { eval: true, workerData: { blob: resolveObjectURL(String(url)) } });
      this.w.unref();
      this.onerror = null;
      this.onmessage = null;
      this.w.on("error", (error) => { workerErrors++; this.onerror?.({ error }); });
      this.w.on("message", (data) => this.onmessage?.({ data }));
    }
    postMessage(m) { this.w.postMessage(m); }
    terminate() { void this.w.terminate(); }
  };
  Atomics.wait = () => { throw new TypeError("Atomics.wait cannot be called in this context"); };
}
const lib = (file) => import(new URL(file, c.root).href);
const workers = await lib("backends/js/threads/workers.js");
workers.setHostForTests(c.host);
const { lowerEqn } = await lib("backends/js/lowerings/index.js");
const { gemmHelperReady, gemmRuntime } = await lib("backends/js/wasm/runtime.js");
const { setHelperFaultForTests } = await lib("backends/js/wasm/pool.js");
const { setWasmDotMode } = await lib("backends/js/wasm/wasmDot.js");
const { indirectWasmDotKernel } = await lib("backends/js/wasm/wasmIndirect.js");
const { abstractEval, ShapedArray } = await lib("jaxpr/index.js");

const helperUp = await gemmHelperReady();
const rt = gemmRuntime();
const real = rt.helper;
let helped = [];
if (real !== null) rt.helper = { ...real, wait: () => { const r = real.wait(); helped.push(r); return r; } };

const inAvals = [new ShapedArray([c.m, c.k], "float32"), new ShapedArray([c.k, c.n], "float32")];
const params = { dimensionNumbers: [[[1], [0]], [[], []]], preferredElementType: null };
setWasmDotMode("always");
// The indirect kernel reads A's rows as one run of K each (a convolution's are window taps).
const group = (size, stride) => ({ size, stride, table: null });
const problem = { B: 1, M: c.m, K: c.k, N: c.n, aBatch: group(1, 0), aM: group(c.m, c.k), aK: group(c.k, 1), bBatch: group(1, 0), bK: group(c.k, c.n), bN: group(c.n, 1) };
const kernel = c.indirect
  ? indirectWasmDotKernel(problem, new ShapedArray([1, c.m, c.n], "float32"))
  : lowerEqn("dot_general", { inAvals, outAvals: abstractEval("dot_general", inAvals, params), params });
const expected = c.indirect ? "wasm indirect GEMM" : "rows split with the helper thread";
if (kernel === null || !kernel.source.includes(expected)) throw new Error("not the expected kernel: " + kernel?.source.split("\\n")[0]);

let seed = 1;
const uniform = (len) => Float32Array.from({ length: len }, () => ((seed = (Math.imul(seed, 1664525) + 1013904223) | 0) >>> 8) / 2 ** 24 - 0.5);
function naive(a, b) {
  const out = new Float64Array(c.m * c.n);
  for (let i = 0; i < c.m; i++) for (let j = 0; j < c.n; j++) {
    let s = 0;
    for (let p = 0; p < c.k; p++) s += a[i * c.k + p] * b[p * c.n + j];
    out[i * c.n + j] = s;
  }
  return out;
}
function product() {
  const a = uniform(c.m * c.k), b = uniform(c.k * c.n);
  helped = [];
  const t0 = performance.now();
  const got = kernel.run(a, b)[0];
  const ms = performance.now() - t0;
  const want = naive(a, b);
  let err = 0, scale = 0;
  for (let i = 0; i < want.length; i++) { err = Math.max(err, Math.abs(got[i] - want[i])); scale = Math.max(scale, Math.abs(want[i])); }
  return { helped, ms, err: err / scale };
}
// Until the helper runs a product itself, so that the faulty product's job is surely claimed.
for (let round = 0; round < 400 && helperUp && !product().helped.includes(true); round++) await new Promise((r) => setTimeout(r, 25));
setHelperFaultForTests(c.fault, c.stallMs);
// A job the helper has not claimed when the main thread is done with its own rows is taken back
// (fast, and not the helper's), and an indirect job whose items this thread took first runs no
// item on the helper (it finishes with none): try again until the helper meets the fault.
let faulty = product(), takenBack = 0;
const met = (p) => (c.indirect ? p.ms >= c.stallMs : p.helped[0] || p.ms >= c.stallMs);
for (; takenBack < 100 && !met(faulty); takenBack++) faulty = product();
setHelperFaultForTests(null, c.stallMs);
// Lets the worker's error and exit events arrive, as they would between a program's products,
// and lets a stuck helper come back (were it not stopped, it would run its job and claim later ones).
await new Promise((r) => setTimeout(r, c.fault.hangMs === undefined ? 50 : c.fault.hangMs + 200));
const later = Array.from({ length: c.later }, product);
console.log(JSON.stringify({ helperUp, takenBack, faulty, later, workerErrors }));
`;

const ROOT = path.resolve(__dirname, "../../..");
// Generous, for a loaded machine (the child loads the library through tsx, seconds under load):
// a regression of the kind these tests catch hangs for good, so a late kill still fails it.
const CHILD_TIMEOUT_MS = 90_000;
/** A test's limit: its children's, and some. */
const testTimeout = (children: number): number => children * CHILD_TIMEOUT_MS + 10_000;

// The stall limit and the faults' times are long against a product (tens of ms alone) so that
// descheduling on a loaded machine does not pass for a fault, nor a fault for descheduling.
const STALL_MS = 1_000;
/** A stuck helper comes back after 4x the limit: a main thread that waited for it shows >= 4 s. */
const HANG_MS = 4 * STALL_MS;

let dir = "";
let script = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "dprog-gemm-stall-"));
  script = path.join(dir, "child.mjs");
  writeFileSync(script, CHILD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCase(c: Case): Promise<Report> {
  const input: ChildInput = { ...c, root: pathToFileURL(ROOT + path.sep).href };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      // From the root, where tsx (which loads the library's TypeScript) is installed.
      ["--import", "tsx", script],
      { cwd: ROOT, timeout: CHILD_TIMEOUT_MS, killSignal: "SIGKILL", encoding: "utf8", env: { ...process.env, DPROG_STALL_CASE: JSON.stringify(input) } },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.killed ? `the child hung (killed after ${CHILD_TIMEOUT_MS} ms)` : error.message}\n${stdout}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as Report);
      },
    );
  });
}

/** float32 lanes against a float64 sum: each of K additions may round. */
const tol = (k: number): number => 2 ** -24 * k * 4;

/**
 * Checks shared by the stuck and dead helper cases: the faulty product waited out the stall limit
 * and no more, and later ones ran alone (a stuck helper that came back was stopped, not used).
 */
function expectRecovered(r: Report, c: Case): void {
  expect(r.helperUp).toBe(true);
  // The helper's rows were recomputed here, right.
  expect(r.faulty.helped).toEqual([false]);
  expect(r.faulty.err).toBeLessThan(tol(c.k));
  // The helper claimed a job within a few tries (the main thread waited out the limit), and the
  // main thread waited no longer than that.
  expect(r.takenBack).toBeLessThan(100);
  expect(r.faulty.ms).toBeGreaterThanOrEqual(c.stallMs);
  // Well short of the hang's end: the main thread gave up at the limit, it did not wait the hang out.
  expect(r.faulty.ms).toBeLessThan(c.stallMs + 2_500);
  // Later products are right and do not use that helper again: nothing for it to finish, no wait.
  expect(r.later.length).toBe(c.later);
  for (const p of r.later) {
    expect(p.helped).toEqual([false]);
    expect(p.err).toBeLessThan(tol(c.k));
    expect(p.ms).toBeLessThan(c.stallMs);
  }
}

// 256 x 512 @ 512 x 256 float32: 2^25 multiply-adds, so the rows are split (from 2^23); the
// helper's 128 rows are one MC block, two KC-deep kernel calls.
const SMALL = { m: 256, k: 512, n: 256 } as const;

describe("the wasm GEMM's helper thread stalls after claiming a job", () => {
  it(
    "a helper stuck after claiming (for 4x the limit): the product is right after the stall limit, and later products run without it",
    async () => {
      const c: Case = { host: "node", fault: { hangMs: HANG_MS }, stallMs: STALL_MS, ...SMALL, later: 3 };
      expectRecovered(await runCase(c), c);
    },
    testTimeout(1),
  );

  it(
    "a helper whose worker dies (an exception after claiming): the same",
    async () => {
      const c: Case = { host: "node", fault: "die", stallMs: STALL_MS, ...SMALL, later: 3 };
      expectRecovered(await runCase(c), c);
    },
    testTimeout(1),
  );

  it(
    "in a browser (Web Worker, a main thread that spins): a stuck and a dying helper are stopped the same way",
    async () => {
      const hang: Case = { host: "browser", fault: { hangMs: HANG_MS }, stallMs: STALL_MS, ...SMALL, later: 2 };
      const die: Case = { host: "browser", fault: "die", stallMs: STALL_MS, ...SMALL, later: 2 };
      expectRecovered(await runCase(hang), hang);
      const r = await runCase(die);
      expectRecovered(r, die);
      expect(r.workerErrors).toBe(1);
    },
    testTimeout(2),
  );

  it(
    "the indirect kernel (items from a shared counter): a stuck and a dying helper are stopped the same way, the product right",
    async () => {
      // 2^25 multiply-adds (split), eight items of 128 rows, so that the helper claims one before this thread has taken them all;
      // stuck inside it, the helper leaves that item to be redone here.
      const hang: Case = { host: "node", fault: { hangMs: 600 }, stallMs: 200, m: 1024, k: 128, n: 256, later: 2, indirect: true };
      const die: Case = { host: "node", fault: "die", stallMs: 200, m: 1024, k: 128, n: 256, later: 2, indirect: true };
      expectRecovered(await runCase(hang), hang);
      expectRecovered(await runCase(die), die);
    },
    testTimeout(2),
  );

  it(
    "a slow helper that keeps finishing kernel calls is not taken for dead, even past the stall limit",
    async () => {
      // 512 x 1536 @ 1536 x 128: the helper's 256 rows are two MC blocks of six KC-deep calls
      // each, 12 calls 250 ms apart: about 3 s in all, well past the 1 s limit, each gap well
      // within it. Six later products: an idle helper claims at least one even when it wakes late.
      const c: Case = { host: "node", fault: { slowMs: STALL_MS / 4 }, stallMs: STALL_MS, m: 512, k: 1536, n: 128, later: 6 };
      const r = await runCase(c);
      expect(r.helperUp).toBe(true);
      expect(r.faulty.helped).toEqual([true]);
      // Its wait lasted well past the limit: a limit on the whole wait would have given up on it.
      expect(r.faulty.ms).toBeGreaterThan(c.stallMs + 150);
      expect(r.faulty.err).toBeLessThan(tol(c.k));
      // Still in use afterwards: it finishes later products too (it is up and idle, so it claims them).
      expect(r.later.some((p) => p.helped.includes(true))).toBe(true);
      for (const p of r.later) expect(p.err).toBeLessThan(tol(c.k));
    },
    testTimeout(1),
  );
});
