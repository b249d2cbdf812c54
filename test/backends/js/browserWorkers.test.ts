// The helper threads' browser branches (threads/kernelPool.ts, wasm/pool.ts), run in Node: a
// minimal Web Worker shim runs a Blob URL's script in a worker_thread with a `self` whose
// onmessage receives the posted messages, and threads/workers.ts's test hook makes the library
// take its browser branch (Web Workers; a main thread that spins instead of Atomics.wait). The
// pools keep their state at module level, so each test loads the library afresh under the hook.
import { resolveObjectURL } from "node:buffer";
import { Worker as NodeWorker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Array } from "../../../src/index.js";
import type { DotDimensionNumbers, TypedArray } from "../../../jaxpr/index.js";
import { mulberry32 } from "../../util/random.js";
import { maxRelErr } from "../../util/compare.js";

const SPLIT = "chunks, shared with the helper thread";
const ROWS_SPLIT = "rows split with the helper thread when it runs";

// ---- A minimal browser Worker over worker_threads -------------------------------------------

/**
 * What runs first in each shimmed worker: a `self` like a dedicated worker's global scope, then
 * (as a browser fetches the script) the Blob's text, read in the worker, evaluated as a classic
 * script; only then are posted messages delivered to self.onmessage, in order.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
globalThis.self = globalThis;
globalThis.WorkerGlobalScope = class WorkerGlobalScope {};
globalThis.onmessage = null;
globalThis.postMessage = (message) => parentPort.postMessage(message);
workerData.blob.text().then((source) => {
  (0, eval)(source);
  parentPort.on("message", (data) => {
    if (typeof self.onmessage === "function") self.onmessage({ data });
  });
});`;

interface ShimmedWorker {
  readonly url: string;
  /** The script the Blob held (read here only for the test's checks). */
  readonly source: Promise<string>;
  posted: number;
  readonly errors: unknown[];
  readonly worker: NodeWorker;
}

/** Every worker the library made through the shim, in the current test. */
let shimmed: ShimmedWorker[] = [];

class BlobUrlWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { error: unknown; message: string }) => void) | null = null;
  readonly #record: ShimmedWorker;

  constructor(url: string | URL) {
    const href = String(url);
    const blob = href.startsWith("blob:") ? resolveObjectURL(href) : undefined;
    if (blob === undefined) throw new TypeError(`the test's Worker shim runs blob: URLs only, got ${href}`);
    const worker = new NodeWorker(BOOTSTRAP, { eval: true, workerData: { blob } });
    worker.unref();
    const record: ShimmedWorker = { url: href, source: blob.text(), posted: 0, errors: [], worker };
    worker.on("message", (data: unknown) => this.onmessage?.({ data }));
    worker.on("error", (error: unknown) => {
      record.errors.push(error);
      this.onerror?.({ error, message: String(error) });
    });
    this.#record = record;
    shimmed.push(record);
  }

  postMessage(message: unknown): void {
    this.#record.posted++;
    this.#record.worker.postMessage(message);
  }

  terminate(): void {
    void this.#record.worker.terminate();
  }
}

const globals = globalThis as { Worker?: unknown };
const originalWorker = Object.getOwnPropertyDescriptor(globalThis, "Worker");

function setWorkerGlobal(W: unknown): void {
  if (W === undefined) delete globals.Worker;
  else Object.defineProperty(globalThis, "Worker", { value: W, configurable: true, writable: true });
}

// A browser's main thread may not block: Atomics.wait throws there (worker threads keep their own).
const realAtomicsWait = Atomics.wait;
function forbidAtomicsWait(): void {
  Atomics.wait = (() => {
    throw new TypeError("Atomics.wait cannot be called in this context");
  }) as typeof Atomics.wait;
}

// ---- The library, loaded afresh as if in a browser -----------------------------------------

/** The hook's module of the current test, to reset afterwards. */
let loaded: { setHostForTests(host: null): void } | null = null;

async function loadLibrary(host: "browser" | "node") {
  vi.resetModules();
  if (host === "browser") forbidAtomicsWait();
  const workers = await import("../../../backends/js/threads/workers.js");
  workers.setHostForTests(host);
  loaded = workers;
  return {
    workers,
    dprog: await import("../../../src/index.js"),
    kernelPool: await import("../../../backends/js/threads/kernelPool.js"),
    sharedMemory: await import("../../../backends/js/threads/sharedMemory.js"),
    lowerings: await import("../../../backends/js/lowerings/index.js"),
    runtime: await import("../../../backends/js/wasm/runtime.js"),
    wasmDot: await import("../../../backends/js/wasm/wasmDot.js"),
    jaxpr: await import("../../../jaxpr/index.js"),
  };
}
type Library = Awaited<ReturnType<typeof loadLibrary>>;

afterEach(async () => {
  loaded?.setHostForTests(null);
  Atomics.wait = realAtomicsWait;
  loaded = null;
  setWorkerGlobal(originalWorker?.value);
  // The GEMM helper never returns from its message handler (it blocks in Atomics.wait).
  await Promise.all(shimmed.map((s) => Promise.race([s.worker.terminate(), sleep(2000)])));
  shimmed = [];
  vi.resetModules();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- Checks ----------------------------------------------------------------------------------

/** Runs a chunked kernel that marks each chunk with the thread that ran it: 2 the helper, 1 this thread. */
function chunkMarks(lib: Library): number[] {
  const source = `function mark(out, lo, hi, partials, chunk) { let s = 0; for (let i = lo; i < hi; i++) s += Math.sin(i); out[chunk] = (globalThis.dprogHelperThread === true ? 2 : 1) + 0 * s; }`;
  const f = new Function(`return ${source}`)() as (...a: unknown[]) => void;
  const out = lib.sharedMemory.allocBuffer("float64", 1 << 16) as Float64Array;
  lib.kernelPool.runChunks(lib.kernelPool.newKernelId(), f, `return ${source}`, [out], 1 << 21, 32, null);
  return globalThis.Array.from(out.subarray(0, 32));
}

const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>);

/** A large fused loop (split into chunks) and its result with the helper off, and a float64 sum over the same inputs. */
function fusedLoop(lib: Library) {
  const { numpy: np, jit } = lib.dprog;
  const r = mulberry32(11);
  const x = np.array(Float32Array.from({ length: 300_000 }, () => 4 * r() - 2));
  const f = jit((x: Array) => np.sum(np.tanh(np.exp(x))));
  const old = lib.kernelPool.setKernelThreads(false);
  let oneThread: number[];
  try {
    oneThread = values(f(x));
  } finally {
    lib.kernelPool.setKernelThreads(old);
  }
  let exact = 0;
  for (const v of x.dataSync() as Float32Array) exact += Math.tanh(Math.exp(v));
  return { f, x, source: f.lower(x).source, oneThread, exact };
}

const MATMUL: DotDimensionNumbers = [[[1], [0]], [[], []]];
const M = 256;
const K = 256;
const N = 128; // M * K * N = 2^23 multiply-adds: the wasm GEMM splits the rows with its helper

function uniform(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r() - 0.5);
}

/** The 256x256 @ 256x128 float32 product, on the wasm GEMM and on the JS kernel. */
function matmulKernels(lib: Library) {
  const { ShapedArray, abstractEval } = lib.jaxpr;
  const inAvals = [new ShapedArray([M, K], "float32"), new ShapedArray([K, N], "float32")];
  const params = { dimensionNumbers: MATMUL, preferredElementType: null };
  const outAvals = abstractEval("dot_general", inAvals, params);
  const lower = (mode: "always" | "never") => {
    const old = lib.wasmDot.setWasmDotMode(mode);
    try {
      return lib.lowerings.lowerEqn("dot_general", { inAvals, outAvals, params });
    } finally {
      lib.wasmDot.setWasmDotMode(old);
    }
  };
  return { wasm: lower("always"), js: lower("never"), lhs: uniform(M * K, 1), rhs: uniform(K * N, 2) };
}

/** float32: each of K f32 additions may round (wasm sums in f32 lanes, the JS kernel in doubles). */
const F32_TOL = 2 ** -24 * K * 4;

describe("helper threads in a browser (Web Worker shim over worker_threads)", () => {
  it("the test hook switches the host, and null restores detection", async () => {
    const lib = await loadLibrary("browser");
    expect(lib.workers.isNode()).toBe(false);
    // A browser's main thread must not block in Atomics.wait.
    expect(lib.workers.canBlock()).toBe(false);
    lib.workers.setHostForTests(null);
    expect(lib.workers.isNode()).toBe(true);
    expect(lib.workers.canBlock()).toBe(true);
  });

  it("fused loops: the helper is a Web Worker from a Blob URL, runs chunks, and results match one thread", async () => {
    setWorkerGlobal(BlobUrlWorker);
    const lib = await loadLibrary("browser");
    expect(await lib.kernelPool.kernelPoolReady()).toBe(true);
    expect(shimmed.length).toBe(1);
    const pool = shimmed[0]!;
    expect(pool.url.startsWith("blob:")).toBe(true);
    expect(await pool.source).toContain("self.onmessage");

    // The worker comes up on its own thread (the Blob is read there): give it a few rounds.
    let helped = 0;
    for (let round = 0; round < 40 && helped === 0; round++) {
      const marks = chunkMarks(lib);
      expect(marks.every((m) => m === 1 || m === 2)).toBe(true);
      helped = marks.filter((m) => m === 2).length;
      if (helped === 0) await sleep(25);
    }
    expect(pool.errors).toEqual([]);
    expect(helped).toBeGreaterThan(0);

    const { f, x, source, oneThread, exact } = fusedLoop(lib);
    expect(source).toContain(SPLIT);
    for (let run = 0; run < 5; run++) {
      const before = pool.posted;
      const two = values(f(x));
      // The job went to the Web Worker; chunks are fixed by the loop size, so the sum is the same bit for bit.
      expect(pool.posted).toBeGreaterThan(before);
      expect(two).toEqual(oneThread);
    }
    expect(Math.abs(oneThread[0]! - exact)).toBeLessThan(1e-6 * Math.abs(exact));
    expect(pool.errors).toEqual([]);
  });

  it("the wasm GEMM's helper: a Web Worker sharing the wasm memory takes half the rows; the product matches the JS kernel", async () => {
    setWorkerGlobal(BlobUrlWorker);
    const lib = await loadLibrary("browser");
    expect(await lib.runtime.gemmHelperReady()).toBe(true);
    const sources = await Promise.all(shimmed.map((s) => s.source));
    const gemmWorker = shimmed[sources.findIndex((s) => s.includes("function helperLoop"))];
    expect(gemmWorker).toBeDefined();
    expect(gemmWorker!.posted).toBe(1); // its init: the shared memory and the compiled module

    // Record whether each split product was run by the helper (true) or taken back unstarted (false).
    const rt = lib.runtime.gemmRuntime()!;
    const real = rt.helper!;
    const outcomes: boolean[] = [];
    rt.helper = { ...real, start: (job) => real.start(job), wait: () => (outcomes.push(real.wait()), outcomes.at(-1)!) };

    const { wasm, js, lhs, rhs } = matmulKernels(lib);
    expect(wasm.source).toContain(ROWS_SPLIT);
    const want = js.run(lhs, rhs)[0]! as TypedArray;
    lib.wasmDot.setWasmDotThreads(false);
    const oneThread = globalThis.Array.from(wasm.run(lhs, rhs)[0]! as TypedArray);
    lib.wasmDot.setWasmDotThreads(true);
    expect(outcomes).toEqual([]);
    for (let round = 0; round < 40 && !outcomes.includes(true); round++) {
      const got = wasm.run(lhs, rhs)[0]! as TypedArray;
      expect(maxRelErr(got, want)).toBeLessThanOrEqual(F32_TOL);
      // Each element sums in the same order on either thread.
      expect(globalThis.Array.from(got)).toEqual(oneThread);
      if (!outcomes.includes(true)) await sleep(25);
    }
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes).toContain(true);
    expect(gemmWorker!.errors).toEqual([]);
  });

  it("with no Worker global, both pools fall back to one thread and results are still right", async () => {
    setWorkerGlobal(undefined);
    const lib = await loadLibrary("browser");
    expect(await lib.kernelPool.kernelPoolReady()).toBe(false);
    expect(await lib.runtime.gemmHelperReady()).toBe(false);
    expect(lib.runtime.gemmRuntime()!.helper).toBeNull();

    expect(chunkMarks(lib)).toEqual(new globalThis.Array(32).fill(1));
    const { f, x, source, oneThread, exact } = fusedLoop(lib);
    expect(source).toContain(SPLIT);
    expect(values(f(x))).toEqual(oneThread);
    expect(Math.abs(oneThread[0]! - exact)).toBeLessThan(1e-6 * Math.abs(exact));

    const { wasm, js, lhs, rhs } = matmulKernels(lib);
    expect(maxRelErr(wasm.run(lhs, rhs)[0]! as TypedArray, js.run(lhs, rhs)[0]! as TypedArray)).toBeLessThanOrEqual(F32_TOL);
    expect(shimmed).toEqual([]);
  });

  it("a Worker constructor that throws (a page whose CSP forbids blob: workers) also falls back to one thread", async () => {
    setWorkerGlobal(
      class {
        constructor() {
          throw new Error("SecurityError: blob: workers are not allowed");
        }
      } as unknown as typeof BlobUrlWorker,
    );
    const lib = await loadLibrary("browser");
    expect(await lib.kernelPool.kernelPoolReady()).toBe(false);
    expect(await lib.runtime.gemmHelperReady()).toBe(false);
    // The wasm GEMM itself stays on, on one thread.
    expect(lib.runtime.gemmRuntime()).not.toBeNull();
    const { f, x, oneThread } = fusedLoop(lib);
    expect(values(f(x))).toEqual(oneThread);
    const { wasm, js, lhs, rhs } = matmulKernels(lib);
    expect(maxRelErr(wasm.run(lhs, rhs)[0]! as TypedArray, js.run(lhs, rhs)[0]! as TypedArray)).toBeLessThanOrEqual(F32_TOL);
  });
});
