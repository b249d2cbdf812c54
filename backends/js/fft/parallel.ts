// Batches of FFTs on both cores: the rows (or, along a middle axis, the column blocks) of a large
// batch are split into chunks that the main thread and the helper thread of threads/kernelPool.ts
// claim from a shared counter, as fused loops are. Each row is transformed by the same code in
// float64 whichever thread runs it, into its own part of the output, so results are bit for bit
// those of one thread.
//
// The helper gets the kernels' own code: the source (Function.prototype.toString) of the
// functions of kernels.ts, which reference only each other, their arguments and globals (each
// thread keeps its own PlanCache). Before the first split that source is compiled here too and
// must transform a few probe rows bit for bit as the kernels do; where it cannot (a build step
// that changed the functions' text, a strict Content Security Policy that forbids compiling it),
// and where shared memory is missing, every batch runs on this thread, as does a batch too small
// to pay for the hand-off.
import type { TypedArray } from "../../../jaxpr/index.js";
import type { FloatArray } from "../linalg/types.js";
import { canGenerateCode } from "../fusion/evaluateGroup.js";
import { helperRunning, newKernelId, runChunks } from "../threads/kernelPool.js";
import { canShareMemory, isShared } from "../threads/sharedMemory.js";
import { factorize, KERNEL_FUNCTIONS, maxGenericRadix, middleAxisBlock, runFftJob, type PlanCache } from "./kernels.js";

/** What a job does (word 0 of its parameters, read by kernels.ts's runFftJob): rows of a complex, real or inverse real FFT, or blocks along a middle axis. */
const OP = { fft: 0, ifft: 1, rfft: 2, irfft: 3, middleFft: 4, middleIfft: 5 } as const;
type Op = (typeof OP)[keyof typeof OP];

/**
 * The helper's kernel: a function body returning f(input, output, params, lo, hi), which runs the
 * job's tasks with the helper's own plans and counts them in params[3] (for tests and benchmarks).
 */
const helperSource = (): string => `${KERNEL_FUNCTIONS.map(String).join("\n")}
const cache = new Map();
const job = ${String(runFftJob).match(/^function\s*([\w$]+)/)?.[1] ?? "undefined"};
return function fftChunk(input, output, params, lo, hi) {
  job(cache, input, output, params, lo, hi);
  if (globalThis.dprogHelperThread === true) Atomics.add(params, 3, hi - lo);
};`;

/** Probe jobs, each [op, n, inner, tasks, input length]: every pass, Bluestein, real FFTs of even and odd lengths, a middle axis. */
const PROBES: readonly (readonly [Op, number, number, number, number])[] = [
  [OP.fft, 840, 1, 2, 2 * 2 * 840],
  [OP.ifft, 37, 1, 2, 2 * 2 * 37],
  [OP.rfft, 30, 1, 2, 2 * 30],
  [OP.rfft, 9, 1, 2, 2 * 9],
  [OP.irfft, 30, 1, 2, 2 * 2 * 16],
  [OP.irfft, 9, 1, 2, 2 * 2 * 5],
  [OP.middleIfft, 6, 20, 4, 2 * 2 * 6 * 20],
];

/**
 * Whether the helper's source, compiled on this thread, computes the probe jobs exactly as the
 * kernels do, on arrays of the first split batch's type (so that the probe gives the kernels no
 * element type the program does not use: V8 would compile them for both).
 */
function helperSourceAgrees(source: string, Ctor: new (length: number) => FloatArray): boolean {
  try {
    const compiled = new Function(`"use strict";\n${source}`)() as (input: FloatArray, output: FloatArray, params: Int32Array, lo: number, hi: number) => void;
    return PROBES.every(([op, n, inner, tasks, length]) => {
      const input = new Ctor(length);
      for (let i = 0; i < length; i++) input[i] = Math.sin(i * 1.7 + op) * (1 + (i % 5));
      const outLength = op === OP.rfft ? 2 * tasks * ((n >> 1) + 1) : op === OP.irfft ? tasks * n : length;
      const params = Int32Array.of(op, n, inner, 0);
      const want = new Ctor(outLength), got = new Ctor(outLength);
      runFftJob(new Map(), input, want, params, 0, tasks);
      compiled(input, got, params, 0, tasks);
      return want.every((v, i) => Object.is(v, got[i]));
    });
  } catch {
    return false;
  }
}

let helperKernel: { readonly id: number; readonly source: string } | null | undefined;

/** The helper's kernel, checked once (on arrays like `like`); null where batches run on this thread only. */
function fftHelperKernel(like: FloatArray): { readonly id: number; readonly source: string } | null {
  if (helperKernel !== undefined) return helperKernel;
  helperKernel = null;
  if (!canShareMemory() || !canGenerateCode()) return null;
  const source = helperSource();
  if (helperSourceAgrees(source, like.constructor as new (length: number) => FloatArray)) helperKernel = { id: newKernelId(), source };
  return helperKernel;
}

/** This (the main) thread's plans. */
const MAIN_PLANS: PlanCache = new Map();

/** Tasks of a middle-axis transform: blocks of columns times outer indices. */
const middleAxisTasks = (outer: number, inner: number): number => outer * Math.ceil(inner / middleAxisBlock());

/**
 * Work (complex points x perPoint) from which a batch is split, about 21 rows of 1024 points
 * (a few hundred µs on one thread): the hand-off costs tens of µs (posting, the helper waking, as
 * for fused loops: fusion/groupKernel.ts's PARALLEL_MIN_WORK), plus copies of unshared buffers.
 */
export const FFT_PARALLEL_MIN_WORK = 1 << 18;
/** Work per complex point of an n-point transform: log2 n passes, plus the copies in and out; Bluestein's three FFTs of at least 2n points, about 6 times that. */
function perPoint(n: number): number {
  const passes = Math.log2(Math.max(n, 2)) + 2;
  return n > 1 && Math.max(...factorize(n)) > maxGenericRadix() ? 6 * passes : passes;
}

/** Chunks per split batch: enough that a core slowed by other load takes fewer of them. */
const MAX_CHUNKS = 32;

/** Tasks the helper thread has run since the process started (tests check that it took part). */
let helperTasks = 0;
export const fftTasksOnHelper = (): number => helperTasks;

/**
 * Shared scratch for unshared inputs and outputs (copied in, and back), kept between calls and
 * grown as needed: a fresh SharedArrayBuffer's pages are faulted in on first touch, which for a
 * batch of megabytes costs more than the copy.
 */
const scratch: (SharedArrayBuffer | null)[] = [null, null];

/** Scratch kept between calls is at most this large; larger batches get fresh buffers. */
const SCRATCH_MAX_BYTES = 64 * 2 ** 20;

/** A shared array of `a`'s type and length over scratch buffer `which` (its contents are stale). */
function sharedScratch(which: 0 | 1, a: FloatArray): FloatArray {
  let buffer = scratch[which] ?? null;
  if (buffer === null || buffer.byteLength < a.byteLength) {
    buffer = new SharedArrayBuffer(a.byteLength);
    if (a.byteLength <= SCRATCH_MAX_BYTES) scratch[which] = buffer;
  }
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => FloatArray;
  return new Ctor(buffer, 0, a.length);
}

/**
 * Runs `tasks` tasks of the job (op, n, inner) over `input` into `output`: split with the helper
 * thread when `points` complex points of transforms of length n are worth it, else on this thread.
 */
function runJob(op: Op, input: FloatArray, output: FloatArray, tasks: number, n: number, inner: number, points: number): void {
  const kernel = tasks >= 2 && points * perPoint(n) >= FFT_PARALLEL_MIN_WORK && helperRunning() ? fftHelperKernel(input) : null;
  if (kernel === null) {
    runFftJob(MAIN_PLANS, input, output, Int32Array.of(op, n, inner), 0, tasks);
    return;
  }
  const params = new Int32Array(new SharedArrayBuffer(16));
  params.set([op, n, inner, 0]);
  // Arrays below threads/sharedMemory.ts's size are not allocated shared: copied here, and back.
  let src = input;
  if (!isShared(input)) {
    src = sharedScratch(0, input);
    src.set(input);
  }
  const dst = output === input ? src : isShared(output) ? output : sharedScratch(1, output);
  const args: TypedArray[] = [src, dst, params];
  runChunks(kernel.id, (i, o, p, lo, hi) => runFftJob(MAIN_PLANS, i as FloatArray, o as FloatArray, p as Int32Array, lo as number, hi as number), kernel.source, args, tasks, Math.min(MAX_CHUNKS, tasks), null);
  if (dst !== output) output.set(dst);
  helperTasks += Atomics.load(params, 3);
}

/**
 * The DFT of each of `rows` rows of n complex numbers, from `input` into `output` (which may be
 * the same array); `inverse` gives numpy's ifft (sign +1, scaled by 1/n).
 */
export function fftRows(input: FloatArray, output: FloatArray, rows: number, n: number, inverse: boolean): void {
  runJob(inverse ? OP.ifft : OP.fft, input, output, rows, n, 1, rows * n);
}

/** rfft of `rows` rows of n reals into rows of n/2 + 1 interleaved complex numbers. */
export function rfftRows(input: FloatArray, output: FloatArray, rows: number, n: number): void {
  runJob(OP.rfft, input, output, rows, n, 1, (rows * n) / 2);
}

/** irfft of `rows` rows of n/2 + 1 interleaved complex numbers into rows of n reals (scaled by 1/n). */
export function irfftRows(input: FloatArray, output: FloatArray, rows: number, n: number): void {
  runJob(OP.irfft, input, output, rows, n, 1, (rows * n) / 2);
}

/** The DFT along the middle axis of [outer, n, inner], from `input` into `output` (may be the same array). */
export function fftMiddleAxis(input: FloatArray, output: FloatArray, outer: number, n: number, inner: number, inverse: boolean): void {
  if (inner === 1) fftRows(input, output, outer, n, inverse);
  else runJob(inverse ? OP.middleIfft : OP.middleFft, input, output, middleAxisTasks(outer, inner), n, inner, outer * n * inner);
}
