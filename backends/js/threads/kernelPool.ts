// One helper thread for fused loops (a Node worker_thread or a browser Web Worker). A loop split
// into chunks is posted to the helper, then both threads claim chunks from a shared counter until
// none are left, so a busy core simply takes fewer chunks; the main thread waits for the
// helper's last chunk. A chunk's results depend only on its bounds, so they do not depend on who
// ran it. The helper receives each kernel's source once and compiles it; the buffers it works on
// are shared (threads/sharedMemory.ts). The worker is unref'd, so it never keeps a Node process
// alive; where workers or shared memory are missing, every chunk runs on the main thread.
import type { TypedArray } from "../../../jaxpr/index.js";
import { canShareMemory, noteSharedBytes } from "./sharedMemory.js";
import { browserWorker, canBlock, isNode, loadNodeWorkerClass, nodeWorkerClassSync, type NodeWorkerClass } from "./workers.js";

/** A loop over outer indices [lo, hi); full reductions leave chunk `chunk`'s partial results in `partials`. */
export type ChunkFn = (...args: (TypedArray | number | Float64Array | null)[]) => void;

interface Job {
  readonly id: number;
  readonly args: readonly TypedArray[];
  readonly n: number;
  readonly chunks: number;
  readonly partials: Float64Array | null;
  readonly ctrl: Int32Array;
}

// Control words of a job: 0 next unclaimed chunk, 1 finished chunks, 2 + c chunk c's state.
const NEXT = 0;
const FINISHED = 1;
const RAN = 1;
const FAILED = 2;

export const chunkBounds = (c: number, n: number, chunks: number): [number, number] => [Math.floor((c * n) / chunks), Math.floor(((c + 1) * n) / chunks)];

/** The chunk loop both threads run; as source for the worker, and called directly on the main thread. */
const CLAIM_CHUNKS = `function claimChunks(f, job) {
  const { args, n, chunks, partials, ctrl } = job;
  for (;;) {
    const c = Atomics.add(ctrl, ${NEXT}, 1);
    if (c >= chunks) return;
    let state = ${RAN};
    try {
      f(...args, Math.floor((c * n) / chunks), Math.floor(((c + 1) * n) / chunks), partials, c);
    } catch (e) {
      state = ${FAILED};
    }
    Atomics.store(ctrl, 2 + c, state);
    Atomics.add(ctrl, ${FINISHED}, 1);
    Atomics.notify(ctrl, ${FINISHED});
  }
}`;

/**
 * Bytes of shared buffers the helper may have received since its last collection before it
 * collects again. Each job's message gives the helper its own handles on the job's buffers (a
 * SharedArrayBuffer cannot be transferred, only shared), and a buffer's memory is freed only once
 * both threads have dropped theirs. The helper allocates almost nothing, so its own GC would run
 * only after hundreds of jobs, keeping every kernel output of those calls alive (measured: a 1 MB
 * jitted function called 3,000 times grew RSS by 500 MB). So the helper collects its young
 * generation itself, after its chunks are done (off the main thread's wait), once it has seen this
 * many bytes: a scavenge of its tiny heap takes about 0.1 ms.
 */
export const HELPER_GC_BYTES = 16 * 2 ** 20;
/** Every this many minor collections the helper runs a full one (for handles that were promoted). */
const HELPER_MAJOR_EVERY = 16;

const WORKER_SOURCE = `${CLAIM_CHUNKS}
// Lets a test tell which thread ran a chunk.
globalThis.dprogHelperThread = true;
const kernels = new Map();
let seenBytes = 0, collections = 0;
// collectGarbage is defined by the host's prelude: V8's gc where it can be had, else null.
function onMessage(m) {
  if (m.source !== undefined) {
    kernels.set(m.id, new Function('"use strict"; ' + m.source)());
    return;
  }
  claimChunks(kernels.get(m.id), m);
  if (collectGarbage === null) return;
  for (const a of m.args) seenBytes += a.byteLength;
  if (seenBytes < ${HELPER_GC_BYTES}) return;
  seenBytes = 0;
  collections++;
  collectGarbage(collections % ${HELPER_MAJOR_EVERY} === 0 ? undefined : { type: "minor" });
}`;

/**
 * How a Node helper gets V8's gc function: the process's own where it runs with --expose-gc,
 * else through the flag, set only while one fresh context is made and then cleared again (so
 * that the user's later contexts do not see a gc global).
 */
const NODE_GC_PRELUDE = `const collectGarbage = (() => {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  try {
    const v8 = require("node:v8");
    v8.setFlagsFromString("--expose-gc");
    const gc = require("node:vm").runInNewContext("gc");
    v8.setFlagsFromString("--no-expose-gc");
    return typeof gc === "function" ? gc : null;
  } catch {
    return null;
  }
})();`;

let claimChunksOnMain: ((f: ChunkFn, job: Job) => void) | null = null;
/** The chunk loop on the main thread, compiled on first use: nothing is generated at module load (a strict CSP forbids it; only split loops, which are generated code themselves, need it). */
const claimChunks = (f: ChunkFn, job: Job): void => {
  claimChunksOnMain ??= new Function(`"use strict"; return ${CLAIM_CHUNKS}`)() as (f: ChunkFn, job: Job) => void;
  claimChunksOnMain(f, job);
};

/** With no progress for this long the helper is taken for dead: the main thread runs what is left, and stops using it. */
const STALL_MS = 5000;

interface Pool {
  post(message: unknown): void;
  readonly sent: Set<number>;
  healthy: boolean;
}

let pool: Pool | null = null;
let starting = false;

function nodePool(Worker: NodeWorkerClass): Pool {
  const worker = new Worker(`${NODE_GC_PRELUDE}\n${WORKER_SOURCE}\nrequire("node:worker_threads").parentPort.on("message", onMessage);`, { eval: true });
  worker.unref();
  const p: Pool = { post: (m) => worker.postMessage(m), sent: new Set(), healthy: true };
  worker.on("error", () => (p.healthy = false));
  worker.on("exit", () => (p.healthy = false));
  return p;
}

/** Starts the helper: at once where the Worker class is at hand, else once it has loaded. */
function startPool(): void {
  starting = true;
  if (!canShareMemory()) return;
  if (isNode()) {
    const W = nodeWorkerClassSync();
    if (W !== null) pool = nodePool(W);
    else
      loadNodeWorkerClass()
        .then((W) => (pool = nodePool(W)))
        .catch(() => {});
    return;
  }
  // A browser exposes no gc to a worker: its helper keeps buffers until its own collection.
  const worker = browserWorker(`const collectGarbage = null;\n${WORKER_SOURCE}\nself.onmessage = (e) => onMessage(e.data);\nself.postMessage("started");`);
  if (worker === null) return;
  const p: Pool = { post: (m) => worker.postMessage(m), sent: new Set(), healthy: true };
  // Jobs posted before the worker runs wait in its queue (this thread claims their chunks
  // meanwhile); ready() waits for the worker's first message, sent once its script has run.
  browserStarted = new Promise<boolean>((resolve) => {
    worker.onmessage = () => resolve(true);
    worker.onerror = () => {
      p.healthy = false;
      resolve(false);
    };
  });
  pool = p;
}

/** In a browser, resolves once the helper's script has run (true) or failed to load (false). */
let browserStarted: Promise<boolean> | null = null;

/** The helper once it has started (on first use), else null. */
function helper(): Pool | null {
  if (!starting) startPool();
  return pool !== null && pool.healthy ? pool : null;
}

/** Resolves once the helper thread is running (true) or known unavailable (false); for tests and benchmarks. */
export async function kernelPoolReady(): Promise<boolean> {
  helper();
  if (browserStarted !== null) return browserStarted;
  for (let i = 0; i < 200 && pool === null && canShareMemory(); i++) await new Promise((r) => setTimeout(r, 5));
  return pool !== null;
}

let threads = true;
/** Whether fused loops may use the helper thread (benchmarks compare both); returns the old setting. */
export function setKernelThreads(on: boolean): boolean {
  const old = threads;
  threads = on;
  return old;
}

/** Whether runChunks would share work with the helper now (threads on, helper up): callers with a cheaper one-thread path take it otherwise. */
export const helperRunning = (): boolean => threads && helper() !== null;

let nextKernelId = 0;
export const newKernelId = (): number => nextKernelId++;

/**
 * Runs `f` over outer indices [0, n) in `chunks` chunks, on both threads when the helper is up
 * and every buffer is shared, else on this thread. `source` is a function body returning `f`, for the helper.
 */
export function runChunks(id: number, f: ChunkFn, source: string, args: readonly TypedArray[], n: number, chunks: number, partials: Float64Array | null): void {
  const p = threads ? helper() : null;
  const ctrl = new Int32Array(p === null ? new ArrayBuffer(4 * (2 + chunks)) : new SharedArrayBuffer(4 * (2 + chunks)));
  const job: Job = { id, args, n, chunks, partials, ctrl };
  if (p !== null) {
    if (!p.sent.has(id)) {
      p.post({ id, source });
      p.sent.add(id);
    }
    p.post(job);
  }
  claimChunks(f, job);
  if (p !== null) {
    waitForHelper(p, job);
    let bytes = 0;
    for (const a of args) bytes += a.byteLength;
    noteSharedBytes(bytes);
  }
  // A chunk that threw (on either thread) runs again here, so its error reaches the caller.
  for (let c = 0; c < chunks; c++) {
    if (ctrl[2 + c] !== RAN) {
      const [lo, hi] = chunkBounds(c, n, chunks);
      f(...args, lo, hi, partials, c);
    }
  }
}

function waitForHelper(p: Pool, job: Job): void {
  const { ctrl, chunks } = job;
  const block = canBlock();
  let seen = Atomics.load(ctrl, FINISHED);
  let since = performance.now();
  while (seen < chunks) {
    if (block) Atomics.wait(ctrl, FINISHED, seen, 50);
    const now = Atomics.load(ctrl, FINISHED);
    if (now !== seen) {
      seen = now;
      since = performance.now();
    } else if (performance.now() - since > STALL_MS) {
      // The helper claimed chunks it does not finish: the loop after this runs them here.
      p.healthy = false;
      return;
    }
  }
}
