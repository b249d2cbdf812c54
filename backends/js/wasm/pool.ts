// One helper thread for the wasm GEMM: a Node worker_thread or a browser Web Worker sharing the
// GEMM's memory. The main thread packs, hands the helper a range of rows through a few words of
// shared memory (Atomics), computes its own rows, then either waits for the helper or, where the
// helper has not claimed the job yet, takes it back and computes those rows too: a worker that
// is still starting up (which in Node needs the main thread's event loop) never blocks a product.
// The worker is unref'd, so it never keeps a Node process alive; where workers or shared memory
// are missing there is no helper and the kernel runs on one thread.
//
// A helper that claims a job and then dies (a trap or exception in the worker, a thread killed)
// or hangs would leave the main thread waiting for ever: the helper counts its kernel calls, and
// with no progress for STALL_MS the main thread takes it for dead, tells it to stop (a cancel
// word it reads before each kernel call, and terminate() on the worker), and recomputes its rows.
import { browserWorker, canBlock, isNode, loadNodeWorkerClass, nodeWorkerClassSync, type NodeWorkerClass } from "../threads/workers.js";
import { PANEL_ROWS } from "./rotationsWat.js";
import { compileFunction } from "../codegen.js";

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
  /**
   * Null: A's rows are already packed at ap0 (all of K). Else the helper packs them itself, one
   * MC x KC block at a time at ap0, from the source staged in the memory (see SelfPacking).
   */
  readonly packing: SelfPacking | null;
}

/**
 * Where the helper packs its rows from: A[row, k] = mem[src + rowOffsets[row0 + row] + kOffsets[k]]
 * (element indices; the offset tables are Int32 in the memory at byte rowTable and kTable).
 */
export interface SelfPacking {
  readonly src: number;
  readonly rowTable: number;
  readonly kTable: number;
  readonly row0: number;
}

/**
 * Plane rotations (rotationsWat.ts's kernel): the sweeps at `sweeps` (nsweeps records, rotations
 * at `cs`) applied to `npanels` panels of `cols` columns from byte `panels` on. Both threads take
 * the next panel from a shared counter, one kernel call each, so a helper that is descheduled (a
 * loaded machine) costs nothing but the panel it holds.
 */
export interface RotationJob {
  readonly panels: number;
  readonly npanels: number;
  readonly cols: number;
  readonly sweeps: number;
  readonly nsweeps: number;
  readonly cs: number;
}

export interface Helper {
  /** Posts a job; the helper starts at once. */
  start(job: HelperJob): void;
  /**
   * Runs a rotation job on both threads (runHere(q) runs panel q on this one) and returns when
   * every panel is done: the panels the helper finished, and the panel it left half-rotated
   * (stalled or dead; -1 if none), which the caller must restore and redo. The kernel rotates in
   * place, so unlike a GEMM's rows that panel cannot simply be recomputed.
   */
  shareRotations(job: RotationJob, runHere: (panel: number) => void): { readonly helped: number; readonly unfinished: number };
  /**
   * Blocks until the posted job is done and returns true; or returns false where the caller must
   * compute the job's rows itself: the job was taken back unstarted, or the helper stalled (it no
   * longer writes), or it is dead.
   */
  wait(): boolean;
  /** Posts the indirect job written by writeIndirectJob, its items all unclaimed. */
  startIndirect(): void;
  /** Claims the next item of the posted indirect job for this thread (at or past its count: none left). */
  claim(): number;
  /** The item the helper was computing when wait() returned false (to redo), or -1. */
  unfinishedItem(): number;
}

export interface HelperInit {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly ctrlAt: number;
  readonly mc: number;
  readonly kc: number;
  readonly names: readonly [string, string];
  /** The plane-rotation kernel's export. */
  readonly rotateName: string;
  /** The indirect kernels' exports (float32, float64). */
  readonly indirectNames: readonly [string, string];
}

/**
 * An indirect product (wasmIndirect.ts): `items` blocks of `mc` C rows, `perBatch` to a batch,
 * each computed by the indirect kernel over all taps, `tapsPerBlock` taps per call. Byte
 * addresses: the row table (mPad entries, shared by the batches), the tap table, and three tables
 * with each batch's packed B, A base and C base (a grouped convolution's batches read their
 * group's B). The threads claim items from a shared counter, so a
 * thread that the machine's load slows takes fewer of them.
 */
export interface IndirectJob {
  readonly dtype: 0 | 1;
  readonly items: number;
  readonly perBatch: number;
  readonly mc: number;
  readonly mPad: number;
  readonly ntaps: number;
  readonly run: number;
  readonly tapsPerBlock: number;
  readonly bpTable: number;
  readonly ncPad: number;
  readonly rowTable: number;
  readonly tapTable: number;
  readonly srcTable: number;
  readonly cTable: number;
}

// Control words (Int32 at ctrlAt): 0 posted job count, 1 finished job count, 2..9 the job, 10 the
// last job claimed (by the helper to run it, or by the main thread to take it back), 11 the
// helper's kernel calls so far (its progress), 12 nonzero once the helper must stop; 13 and 14
// the test hook's fault and its time in ms (0 in normal use), 15 stays 0 (the hook sleeps on it);
// 16 nonzero when the helper packs its own rows, 17..20 where from (SelfPacking); 21 the job's
// kind (0 GEMM rows, 1 rotations, 2 indirect items); for rotations, RotationJob in 22..27, 28 the
// next panel to take, 29 the panel the helper is rotating (-1 between panels), 30 the panels it
// finished; for indirect items, 31 the next unclaimed item, 32 the item the helper is computing
// (-1 none), 33..46 the indirect job (IndirectJob's fields in order).
const POSTED = 0;
const DONE = 1;
const CLAIMED = 10;
const PROGRESS = 11;
const CANCEL = 12;
const FAULT = 13;
const FAULT_MS = 14;
const SLEEP = 15;
const SELF_PACK = 16;
const KIND = 21;
const ROTATION = 22;
const NEXT_PANEL = 28;
const HELPER_PANEL = 29;
const HELPED = 30;
const NEXT_ITEM = 31;
const HELPER_ITEM = 32;
const INDIRECT = 33;
const CONTROL_WORDS = 47;

const INDIRECT_FIELDS = ["dtype", "items", "perBatch", "mc", "mPad", "ntaps", "run", "tapsPerBlock", "bpTable", "ncPad", "rowTable", "tapTable", "srcTable", "cTable"] as const satisfies readonly (keyof IndirectJob)[];

/**
 * One item of the indirect job in the control words `I`: C rows ic..ic+mc of batch b, over all
 * taps. The same source runs on both threads (the helper's loop embeds it; indirectItem compiles it).
 */
const INDIRECT_ITEM = `function indirectItem(I, T, kernels, i) {
  const J = ${INDIRECT};
  const es = I[J] === 0 ? 4 : 8, g = kernels[I[J]];
  const perBatch = I[J + 2], mc = I[J + 3], mPad = I[J + 4], ntaps = I[J + 5], run = I[J + 6], per = I[J + 7];
  const bps = I[J + 8] >> 2, nc = I[J + 9], rows = I[J + 10], taps = I[J + 11], srcs = I[J + 12] >> 2, cs = I[J + 13] >> 2;
  const b = (i / perBatch) | 0, ic = (i - b * perBatch) * mc, m = Math.min(mc, mPad - ic), ldc = nc * es;
  const bp = T[bps + b], src = T[srcs + b], c = T[cs + b] + ic * ldc;
  for (let t = 0; t < ntaps; t += per) g(src, rows + ic * 4, taps + t * 4, Math.min(per, ntaps - t), run, bp + t * run * nc * es, c, m, nc, ldc, t > 0 ? 1 : 0);
}`;

type IndirectItem = (I: Int32Array, T: Int32Array, kernels: readonly [IndirectGemmFn, IndirectGemmFn], i: number) => void;
type IndirectGemmFn = (...args: number[]) => void;

let compiledItem: IndirectItem | null = null;

/** Writes an indirect job into the control words at `ctrlAt` (for either thread to read). */
export function writeIndirectJob(memory: ArrayBufferLike, ctrlAt: number, job: IndirectJob): void {
  const ctrl = new Int32Array(memory, ctrlAt, CONTROL_WORDS);
  INDIRECT_FIELDS.forEach((f, i) => (ctrl[INDIRECT + i] = job[f]));
}

/** The views runIndirectItem last made (the memory is never grown, so they stay valid). */
let itemViews: { memory: ArrayBufferLike; ctrlAt: number; ctrl: Int32Array; all: Int32Array } | null = null;

/** Computes item `i` of the job written at `ctrlAt` on this thread. */
export function runIndirectItem(memory: ArrayBufferLike, ctrlAt: number, kernels: readonly [IndirectGemmFn, IndirectGemmFn], i: number): void {
  compiledItem ??= compileFunction([], `"use strict";\nreturn ${INDIRECT_ITEM};`)() as IndirectItem;
  if (itemViews === null || itemViews.memory !== memory || itemViews.ctrlAt !== ctrlAt) {
    itemViews = { memory, ctrlAt, ctrl: new Int32Array(memory, ctrlAt, CONTROL_WORDS), all: new Int32Array(memory) };
  }
  compiledItem(itemViews.ctrl, itemViews.all, kernels, i);
}

/**
 * With no progress (no kernel call finished) for this long the helper is taken for dead; as in
 * threads/kernelPool.ts. One kernel call (MC x KC x nc, at most 2^27 multiply-adds) takes
 * milliseconds, so only a dead, hung or long-descheduled thread gets near it.
 */
const STALL_MS = 5000;
/** How long the main thread blocks in Atomics.wait between progress checks. */
const POLL_MS = 50;

// Test hook state (setHelperFaultForTests): the fault the helper acts out (1 hang, 2 die, 3 slow),
// its time, and the stall limit.
let testFault = 0;
let testFaultMs = 0;
let stallMs = STALL_MS;

/**
 * The helper's loop, as source for either kind of worker. It walks its rows in MC blocks with
 * the same packed layout as the main thread (block at ic * K, depth block pc at pc * mcPad).
 */
const HELPER_LOOP = `${INDIRECT_ITEM}
function helperLoop(init, started) {
  const inst = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const gemm = [inst.exports[init.names[0]], inst.exports[init.names[1]]];
  const rotate = inst.exports[init.rotateName];
  const indirect = [inst.exports[init.indirectNames[0]], inst.exports[init.indirectNames[1]]];
  const I = new Int32Array(init.memory.buffer, init.ctrlAt, ${CONTROL_WORDS});
  const F = [new Float32Array(init.memory.buffer), new Float64Array(init.memory.buffer)];
  const T = new Int32Array(init.memory.buffer);
  const MC = init.mc, KC = init.kc;
  // Packs rows r0..r0+mc (zero rows up to mcPad), depth pc..pc+kc, into k-major mr-tall panels at
  // element q0: the same layout as the main thread's packers (wasmDot.ts's packSource).
  // Four-row tiles (both dtypes' MR) read each depth offset once for four rows.
  const pack = (m, src, rowAt, kAt, r0, mc, mcPad, pc, kc, mr, q0) => {
    for (let ip = 0; ip < mcPad; ip += mr) {
      const p0 = q0 + ip * kc;
      if (mr === 4 && ip + 4 <= mc) {
        const r = rowAt + r0 + ip, o0 = src + T[r], o1 = src + T[r + 1], o2 = src + T[r + 2], o3 = src + T[r + 3];
        for (let k = 0, q = p0, t = kAt + pc; k < kc; k++, q += 4) {
          const ko = T[t + k];
          m[q] = m[o0 + ko]; m[q + 1] = m[o1 + ko]; m[q + 2] = m[o2 + ko]; m[q + 3] = m[o3 + ko];
        }
        continue;
      }
      for (let v = 0; v < mr; v++) {
        if (ip + v < mc) {
          const o = src + T[rowAt + r0 + ip + v];
          for (let k = 0, q = p0 + v; k < kc; k++, q += mr) m[q] = m[o + T[kAt + pc + k]];
        } else for (let k = 0, q = p0 + v; k < kc; k++, q += mr) m[q] = 0;
      }
    }
  };
  if (started) started();
  let seen = 0, calls = 0;
  for (;;) {
    Atomics.wait(I, ${POSTED}, seen);
    if (Atomics.load(I, ${CANCEL}) !== 0) return;
    seen = Atomics.load(I, ${POSTED});
    if (Atomics.compareExchange(I, ${CLAIMED}, (seen - 1) | 0, seen) !== ((seen - 1) | 0)) continue;
    const d = I[2], ap0 = I[3], bp = I[4], c0 = I[5], rows = I[6], K = I[7], ncPad = I[8], mr = I[9];
    const fault = I[${FAULT}], faultMs = I[${FAULT_MS}];
    // Test hook: stuck (deaf to the cancel word) for a while, or dead.
    if (fault === 1 && I[${KIND}] !== 2) Atomics.wait(I, ${SLEEP}, 0, faultMs);
    if (fault === 2) throw new Error("dprog test hook: the GEMM helper dies after claiming a job");
    if (I[${KIND}] === 1) {
      const panels = I[${ROTATION}], npanels = I[${ROTATION} + 1], cols = I[${ROTATION} + 2];
      for (;;) {
        if (fault === 3) Atomics.wait(I, ${SLEEP}, 0, faultMs);
        if (Atomics.load(I, ${CANCEL}) !== 0) return;
        const q = Atomics.add(I, ${NEXT_PANEL}, 1);
        if (q >= npanels) break;
        Atomics.store(I, ${HELPER_PANEL}, q);
        rotate(panels + q * cols * ${PANEL_ROWS * 8}, 1, cols, I[${ROTATION} + 3], I[${ROTATION} + 4], I[${ROTATION} + 5]);
        Atomics.store(I, ${HELPER_PANEL}, -1);
        I[${HELPED}]++;
        calls = (calls + 1) | 0;
        Atomics.store(I, ${PROGRESS}, calls);
      }
      Atomics.store(I, ${DONE}, seen);
      Atomics.notify(I, ${DONE});
      continue;
    }
    if (I[${KIND}] === 2) {
      // Items claimed one at a time; the claimed one is announced first, so that where this
      // thread dies the main thread knows which item to redo.
      const callsBefore = calls;
      for (;;) {
        if (fault === 3) Atomics.wait(I, ${SLEEP}, 0, faultMs);
        if (Atomics.load(I, ${CANCEL}) !== 0) return;
        const item = Atomics.load(I, ${NEXT_ITEM});
        if (item >= I[${INDIRECT} + 1]) break;
        Atomics.store(I, ${HELPER_ITEM}, item);
        if (Atomics.compareExchange(I, ${NEXT_ITEM}, item, item + 1) !== item) continue;
        // Test hook: stuck inside its first item, which the main thread must then redo.
        if (fault === 1 && calls === callsBefore) Atomics.wait(I, ${SLEEP}, 0, faultMs);
        if (Atomics.load(I, ${CANCEL}) !== 0) return;
        indirectItem(I, T, indirect, item);
        calls = (calls + 1) | 0;
        Atomics.store(I, ${PROGRESS}, calls);
      }
      Atomics.store(I, ${HELPER_ITEM}, -1);
      Atomics.store(I, ${DONE}, seen);
      Atomics.notify(I, ${DONE});
      continue;
    }
    const es = d === 0 ? 4 : 8, g = gemm[d];
    const selfPack = I[${SELF_PACK}] !== 0, src = I[${SELF_PACK} + 1], rowAt = I[${SELF_PACK} + 2] >> 2, kAt = I[${SELF_PACK} + 3] >> 2, row0 = I[${SELF_PACK} + 4];
    for (let ic = 0; ic < rows; ic += MC) {
      const mc = Math.min(MC, rows - ic), mcPad = Math.ceil(mc / mr) * mr;
      for (let pc = 0; pc < K; pc += KC) {
        if (fault === 3) Atomics.wait(I, ${SLEEP}, 0, faultMs);
        if (Atomics.load(I, ${CANCEL}) !== 0) return;
        const kc = Math.min(KC, K - pc);
        if (selfPack) pack(F[d], src, rowAt, kAt, row0 + ic, mc, mcPad, pc, kc, mr, ap0 / es);
        g(selfPack ? ap0 : ap0 + (ic * K + pc * mcPad) * es, bp + pc * ncPad * es, c0 + ic * ncPad * es, mcPad, ncPad, kc, ncPad * es, pc > 0 ? 1 : 0);
        calls = (calls + 1) | 0;
        Atomics.store(I, ${PROGRESS}, calls);
      }
    }
    Atomics.store(I, ${DONE}, seen);
    Atomics.notify(I, ${DONE});
  }
}`;

/** A helper being started. */
export interface StartedHelper {
  /**
   * Where jobs go now: in Node the helper at once, so that a loop of products that never yields
   * gets it as soon as its thread runs (jobs it has not claimed by then are taken back); in a
   * browser null, as a worker there runs only after the page yields.
   */
  readonly helper: Helper | null;
  /** Resolves with the helper once its loop runs (it posts "started"), or null where it failed first. */
  readonly running: Promise<Helper | null>;
}

/** Starts the helper thread; null where no worker can be made. */
export function startHelper(init: HelperInit): StartedHelper | null {
  if (isNode()) {
    const W = nodeWorkerClassSync();
    if (W !== null) return nodeHelper(init, W);
    const loading = loadNodeWorkerClass().then((W) => nodeHelper(init, W).running);
    return { helper: null, running: loading.catch(() => null) };
  }
  const worker = browserWorker(`${HELPER_LOOP}\nself.onmessage = (e) => helperLoop(e.data, () => self.postMessage("started"));`);
  if (worker === null) return null;
  const h = controller(init, () => worker.terminate());
  const running = new Promise<Helper | null>((resolve) => {
    worker.onmessage = () => resolve(h);
    worker.onerror = () => {
      h.lost();
      resolve(null);
    };
  });
  worker.postMessage(init);
  return { helper: null, running };
}

function nodeHelper(init: HelperInit, Worker: NodeWorkerClass): StartedHelper {
  const source = `${HELPER_LOOP}\nconst { parentPort, workerData } = require("node:worker_threads");\nhelperLoop(workerData, () => parentPort.postMessage("started"));`;
  const worker = new Worker(source, { eval: true, workerData: init });
  worker.unref();
  const h = controller(init, () => void worker.terminate());
  const running = new Promise<Helper | null>((resolve) => {
    worker.once("message", () => resolve(h));
    for (const event of ["error", "exit"] as const)
      worker.on(event, () => {
        h.lost();
        resolve(null);
      });
  });
  return { helper: h, running };
}

/** Writes a GEMM rows job (kind 0) into the control words. */
function writeGemmJob(ctrl: Int32Array, job: HelperJob): void {
  ctrl[KIND] = 0;
  ctrl[2] = job.dtype;
  ctrl[3] = job.ap0;
  ctrl[4] = job.bp;
  ctrl[5] = job.c0;
  ctrl[6] = job.rows;
  ctrl[7] = job.k;
  ctrl[8] = job.ncPad;
  ctrl[9] = job.mr;
  const p = job.packing;
  ctrl[SELF_PACK] = p === null ? 0 : 1;
  ctrl[SELF_PACK + 1] = p?.src ?? 0;
  ctrl[SELF_PACK + 2] = p?.rowTable ?? 0;
  ctrl[SELF_PACK + 3] = p?.kTable ?? 0;
  ctrl[SELF_PACK + 4] = p?.row0 ?? 0;
}

/** Writes a plane-rotations job (kind 1) into the control words; no panel is taken yet. */
function writeRotationJob(ctrl: Int32Array, job: RotationJob): void {
  ctrl[KIND] = 1;
  ctrl[ROTATION] = job.panels;
  ctrl[ROTATION + 1] = job.npanels;
  ctrl[ROTATION + 2] = job.cols;
  ctrl[ROTATION + 3] = job.sweeps;
  ctrl[ROTATION + 4] = job.nsweeps;
  ctrl[ROTATION + 5] = job.cs;
  ctrl[HELPER_PANEL] = -1;
  ctrl[HELPED] = 0;
}

/**
 * The main thread's side: posts jobs through the control words and waits for them. Once the
 * helper is lost (it stalled, or its worker reported an error or exited) every later product
 * runs on one thread: no fresh helper is started, because the old thread may still be running
 * (terminate() takes effect asynchronously) with this control block and C region, and a helper
 * that died once (a trap, memory) is likely to die again, costing a stall each time.
 */
function controller(init: HelperInit, terminate: () => void): Helper & { readonly lost: () => void } {
  const ctrl = new Int32Array(init.memory.buffer, init.ctrlAt, CONTROL_WORDS);
  const block = canBlock();
  let posted = Atomics.load(ctrl, POSTED);
  let alive = true;
  const post = (): void => {
    ctrl[FAULT] = testFault;
    ctrl[FAULT_MS] = testFaultMs;
    posted = (posted + 1) | 0;
    Atomics.store(ctrl, POSTED, posted);
    Atomics.notify(ctrl, POSTED);
  };
  const lost = (): void => {
    if (!alive) return;
    alive = false;
    // Wakes the helper if it waits for a job, so that it returns.
    Atomics.store(ctrl, CANCEL, 1);
    Atomics.notify(ctrl, POSTED);
    terminate();
  };
  return {
    lost,
    start(job) {
      if (!alive) return;
      writeGemmJob(ctrl, job);
      post();
    },
    shareRotations(job, runHere) {
      if (!alive) {
        for (let q = 0; q < job.npanels; q++) runHere(q);
        return { helped: 0, unfinished: -1 };
      }
      writeRotationJob(ctrl, job);
      Atomics.store(ctrl, NEXT_PANEL, 0);
      post();
      for (let q = Atomics.add(ctrl, NEXT_PANEL, 1); q < job.npanels; q = Atomics.add(ctrl, NEXT_PANEL, 1)) runHere(q);
      // Every panel is taken: wait for the helper's last one (or take the job back unclaimed).
      const finished = this.wait();
      return { helped: Atomics.load(ctrl, HELPED), unfinished: finished ? -1 : Atomics.load(ctrl, HELPER_PANEL) };
    },
    startIndirect() {
      // The counter restarts even for a lost helper: the caller claims every item itself.
      Atomics.store(ctrl, NEXT_ITEM, 0);
      Atomics.store(ctrl, HELPER_ITEM, -1);
      if (!alive) return;
      ctrl[KIND] = 2;
      post();
    },
    claim: () => Atomics.add(ctrl, NEXT_ITEM, 1),
    unfinishedItem: () => Atomics.load(ctrl, HELPER_ITEM),
    wait() {
      if (!alive) return false;
      const before = (posted - 1) | 0;
      if (Atomics.compareExchange(ctrl, CLAIMED, before, posted) === before) return false;
      let progress = Atomics.load(ctrl, PROGRESS);
      let since = performance.now();
      for (;;) {
        const done = Atomics.load(ctrl, DONE);
        if (done === posted) return true;
        if (block) Atomics.wait(ctrl, DONE, done, POLL_MS);
        const now = Atomics.load(ctrl, PROGRESS);
        if (now !== progress) {
          progress = now;
          since = performance.now();
        } else if (performance.now() - since > stallMs) {
          // Claimed and no kernel call finished for stallMs: dead or hung. It stops at the cancel
          // word (read before each call) or at terminate(); only a thread frozen inside a kernel
          // call that resumes before terminate() takes effect could still finish that one call.
          lost();
          return false;
        }
      }
    },
  };
}

/**
 * Test hook (the package does not export it): how the helper misbehaves on the jobs posted from
 * now on, once it has claimed one: { hangMs } (stuck that long, deaf to the cancel word, as a
 * hung or long-descheduled thread, then carries on; in an indirect job, stuck inside the first item
 * it claims), "die" (throws), or { slowMs } (sleeps that long before each kernel call, or each
 * item: slow, but progressing); null behaves normally. `stallLimitMs`
 * replaces STALL_MS, so tests need not wait 5 s.
 */
export function setHelperFaultForTests(fault: { readonly hangMs: number } | "die" | { readonly slowMs: number } | null, stallLimitMs: number = STALL_MS): void {
  const ms = (t: number): number => Math.max(1, Math.round(t));
  [testFault, testFaultMs] = fault === null ? [0, 0] : fault === "die" ? [2, 0] : "hangMs" in fault ? [1, ms(fault.hangMs)] : [3, ms(fault.slowMs)];
  stallMs = stallLimitMs;
}
