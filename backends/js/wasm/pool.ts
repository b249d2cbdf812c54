// One helper thread for the wasm GEMM: a Node worker_thread or a browser Web Worker sharing the
// GEMM's memory. The main thread packs, hands the helper a range of rows through a few words of
// shared memory (Atomics), computes its own rows, then either waits for the helper or, where the
// helper has not claimed the job yet, takes it back and computes those rows too: a worker that
// is still starting up (which in Node needs the main thread's event loop) never blocks a product.
// The worker is unref'd, so it never keeps a Node process alive; where workers or shared memory
// are missing there is no helper and the kernel runs on one thread.
import { browserWorker, canBlock, isNode, loadNodeWorkerClass, nodeWorkerClassSync, type NodeWorkerClass } from "../threads/workers.js";

/** What the helper computes: C rows [0, rows) at c0 from packed A at ap0 and the B strip at bp (bytes). */
export interface HelperJob {
  readonly dtype: 0 | 1;
  readonly ap0: number;
  readonly bp: number;
  readonly c0: number;
  readonly rows: number;
  readonly k: number;
  readonly ncPad: number;
  readonly mr: number;
}

export interface Helper {
  /** Posts a job; the helper starts at once. */
  start(job: HelperJob): void;
  /** Blocks until the posted job is done and returns true, or takes it back unstarted and returns false. */
  wait(): boolean;
}

export interface HelperInit {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly ctrlAt: number;
  readonly mc: number;
  readonly kc: number;
  readonly names: readonly [string, string];
}

// Control words (Int32 at ctrlAt): 0 posted job count, 1 finished job count, 2..9 the job, 10 the
// last job claimed (by the helper to run it, or by the main thread to take it back).
const POSTED = 0;
const DONE = 1;
const CLAIMED = 10;

/**
 * The helper's loop, as source for either kind of worker. It walks its rows in MC blocks with
 * the same packed layout as the main thread (block at ic * K, depth block pc at pc * mcPad).
 */
const HELPER_LOOP = `function helperLoop(init) {
  const inst = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const gemm = [inst.exports[init.names[0]], inst.exports[init.names[1]]];
  const I = new Int32Array(init.memory.buffer, init.ctrlAt, 16);
  const MC = init.mc, KC = init.kc;
  let seen = 0;
  for (;;) {
    Atomics.wait(I, ${POSTED}, seen);
    seen = Atomics.load(I, ${POSTED});
    if (Atomics.compareExchange(I, ${CLAIMED}, (seen - 1) | 0, seen) !== ((seen - 1) | 0)) continue;
    const d = I[2], ap0 = I[3], bp = I[4], c0 = I[5], rows = I[6], K = I[7], ncPad = I[8], mr = I[9];
    const es = d === 0 ? 4 : 8, g = gemm[d];
    for (let ic = 0; ic < rows; ic += MC) {
      const mcPad = Math.ceil(Math.min(MC, rows - ic) / mr) * mr;
      for (let pc = 0; pc < K; pc += KC) {
        g(ap0 + (ic * K + pc * mcPad) * es, bp + pc * ncPad * es, c0 + ic * ncPad * es, mcPad, ncPad, Math.min(KC, K - pc), ncPad * es, pc > 0 ? 1 : 0);
      }
    }
    Atomics.store(I, ${DONE}, seen);
    Atomics.notify(I, ${DONE});
  }
}`;

/**
 * Starts the helper: synchronously where the Worker class is at hand (so that a synchronous loop
 * of products gets it at once), else once it has loaded. Null where no worker can be made.
 */
export function startHelper(init: HelperInit): Helper | null | Promise<Helper | null> {
  if (isNode()) {
    const W = nodeWorkerClassSync();
    return W !== null ? nodeHelper(init, W) : loadNodeWorkerClass().then((W) => nodeHelper(init, W));
  }
  const worker = browserWorker(`${HELPER_LOOP}\nself.onmessage = (e) => helperLoop(e.data);`);
  if (worker === null) return null;
  worker.postMessage(init);
  return controller(init);
}

function nodeHelper(init: HelperInit, Worker: NodeWorkerClass): Helper {
  const worker = new Worker(`${HELPER_LOOP}\nhelperLoop(require("node:worker_threads").workerData);`, { eval: true, workerData: init });
  worker.unref();
  worker.on("error", () => {});
  return controller(init);
}

/** The main thread's side: posts jobs through the control words and waits for them. */
function controller(init: HelperInit): Helper {
  const ctrl = new Int32Array(init.memory.buffer, init.ctrlAt, 16);
  const block = canBlock();
  let posted = Atomics.load(ctrl, POSTED);
  return {
    start(job) {
      ctrl[2] = job.dtype;
      ctrl[3] = job.ap0;
      ctrl[4] = job.bp;
      ctrl[5] = job.c0;
      ctrl[6] = job.rows;
      ctrl[7] = job.k;
      ctrl[8] = job.ncPad;
      ctrl[9] = job.mr;
      posted = (posted + 1) | 0;
      Atomics.store(ctrl, POSTED, posted);
      Atomics.notify(ctrl, POSTED);
    },
    wait() {
      const before = (posted - 1) | 0;
      if (Atomics.compareExchange(ctrl, CLAIMED, before, posted) === before) return false;
      for (;;) {
        const done = Atomics.load(ctrl, DONE);
        if (done === posted) return true;
        if (block) Atomics.wait(ctrl, DONE, done);
      }
    },
  };
}
