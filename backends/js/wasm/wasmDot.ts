// dot_general on the wasm SIMD GEMM: the same canonical (B, M, K) x (B, K, N) problem as the JS
// kernel (lowerings/dot.ts), with packing in generated JS and the multiply in wasm.
//
//   for each batch b
//     for jc in N step nc            pack B[:, jc..] (all of K) into the B strip, KC-deep panels
//       for ic in M step MC
//         for pc in K step KC        pack A[ic.., pc..] into the A block; C (+)= Ap * Bp  (wasm)
//         copy the C block into the output
//
// Above THREAD_FLOPS, where shared memory allows a helper thread (pool.ts), the rows are split in
// two. The operands are ordinary (unshared) typed arrays only the main thread can read, so it
// either stages the part of A's operand that the batch reads in the shared memory (one block copy)
// and each thread packs its own rows from there (packing gathers: for a convolution's patches it
// costs as much as half the multiply), or, where that span does not fit, packs the helper's half
// of A (all of K) itself before starting it. Either way each thread then multiplies its rows and
// the main thread copies all of C out.
//
// Packing reads the operands straight from their typed arrays (any strides, offset tables for
// dims that do not collapse), so there is no separate copy of the inputs into wasm memory; the
// output is written once, from the C block. Products accumulate in the compute dtype (float32
// in f32 lanes: the JS kernel sums float32 in doubles, so results differ by float32 rounding).
import type { ShapedArray } from "../../../jaxpr/index.js";
import type { Kernel } from "../kernel.js";
import type { DotGroup, DotProblem } from "../lowerings/dot.js";
import { compileFunction } from "../codegen.js";
import { AP_AT, AP_BYTES, BP_AT, C_AT, C_BYTES, groupOffset, KC, MC, NC_MAX, roundUp, type FloatDType, type Offset } from "./gemmLayout.js";
import { gemmRuntime, type GemmRuntime } from "./runtime.js";
import type { SelfPacking } from "./pool.js";
import { multiplyRowsOnTwoThreads } from "./twoThreadRows.js";

/** When dot_general takes the wasm path: "auto" above the size threshold, or always/never (tests, benchmarks). */
export type WasmDotMode = "auto" | "always" | "never";
let mode: WasmDotMode = "auto";
export function setWasmDotMode(m: WasmDotMode): WasmDotMode {
  const old = mode;
  mode = m;
  return old;
}

/** Whether large products may split their rows with the helper thread (tests and benchmarks turn it off). */
let threads = true;
export function setWasmDotThreads(on: boolean): boolean {
  const old = threads;
  threads = on;
  return old;
}

/** Whether products may split their rows with the helper thread now (setWasmDotThreads). */
export const wasmDotThreads = (): boolean => threads;

/** Whether split products may stage A so that each thread packs its own rows (benchmarks compare both). */
let stagingOn = true;
export function setWasmDotStaging(on: boolean): boolean {
  const old = stagingOn;
  stagingOn = on;
  return old;
}

/**
 * When the JS kernel is kept: below 8^3 multiply-adds per batch (packing and the call cost about a
 * µs, which the SIMD kernel wins back only above that) and for matrix-vector shapes, where packing
 * the matrix is all the work. Measured on this machine (Node 20), float32, JS time / wasm time:
 * 4^3 0.57, 6^3 0.94, 8^3 1.19, 16^3 1.67, 32^3 3.6, 64^3 5.2; 1x256x256 1.09, 256x256x1 0.62,
 * 2x256x256 2.2, 256x256x2 1.4.
 */
const MIN_FLOPS = 8 * 8 * 8;
const MIN_SIDE = 2;

/**
 * Multiply-adds per batch from which the rows are split with the helper thread. Measured, float32
 * n^3, GFLOP/s one thread -> two: 64: 6.2 -> 4.1, 128: 12.7 -> 11.3, 256: 17.9 -> 24.3,
 * 512: 20.0 -> 31.8, 1024: 23.0 -> 38.2 (the hand-off costs tens of µs).
 */
const THREAD_FLOPS = 2 ** 23;

/** A group's offset at flat index `idx` (an expression), registering its table in `closure`. */
function offsetExpr(closure: Record<string, unknown>, name: string, g: DotGroup, idx: string): string {
  if (g.table !== null) {
    closure[name] = g.table;
    return `${name}[${idx}]`;
  }
  if (g.stride === 0) return "0";
  return g.stride === 1 ? `(${idx})` : `(${idx}) * ${g.stride}`;
}

/**
 * Source of a packer: copies `count` rows (A) or columns (B) from index `start` of the `lanes` group,
 * depth pc..pc+kc of the `depth` group, into `tile`-wide k-major panels at dst[d0..], zero-padded
 * to a whole number of panels.
 */
function packSource(closure: Record<string, unknown>, fn: string, tile: number, lanes: DotGroup, depth: DotGroup, lanesT: string, depthT: string): string {
  const r = Array.from({ length: tile }, (_, i) => i);
  const lane = (i: string): string => offsetExpr(closure, lanesT, lanes, i);
  const ko = offsetExpr(closure, depthT, depth, "pc + k");
  return `function ${fn}(src, base, start, count, pc, kc, dst, d0) {
  for (let ip = 0; ip < count; ip += ${tile}) {
    const q0 = d0 + ip * kc;
    if (count - ip >= ${tile}) {
      ${r.map((i) => `const o${i} = base + ${lane(`start + ip + ${i}`)};`).join(" ")}
      for (let k = 0, q = q0; k < kc; k++, q += ${tile}) {
        const ko = ${ko};
        ${r.map((i) => `dst[${i === 0 ? "q" : `q + ${i}`}] = src[o${i} + ko];`).join(" ")}
      }
    } else {
      for (let v = 0; v < ${tile}; v++) {
        if (ip + v < count) {
          const o = base + ${lane("start + ip + v")};
          for (let k = 0; k < kc; k++) dst[q0 + v + k * ${tile}] = src[o + ${ko}];
        } else for (let k = 0; k < kc; k++) dst[q0 + v + k * ${tile}] = 0;
      }
    }
  }
}`;
}

function build(source: string, closure: Record<string, unknown>): unknown {
  const names = Object.keys(closure);
  return compileFunction(names, `"use strict";\nreturn ${source};`)(...names.map((k) => closure[k]));
}

export type Packer = (src: ArrayLike<number>, base: number, start: number, count: number, pc: number, kc: number, dst: Float32Array | Float64Array, d0: number) => void;

/** A packer (see packSource) of `tile`-wide panels over the `lanes` and `depth` groups, with its source. */
export function makePacker(tile: number, lanes: DotGroup, depth: DotGroup): { pack: Packer; source: string } {
  const closure: Record<string, unknown> = {};
  const source = packSource(closure, "pack", tile, lanes, depth, "lanesT", "depthT");
  return { pack: build(source, closure) as Packer, source };
}


/** The wasm kernel for a canonical problem, or null when the JS kernel should run it. */
export function wasmDotKernel(p: DotProblem, out: ShapedArray): Kernel | null {
  const plan = planWasmDot(p, out);
  return plan === null ? null : makeWasmKernel(p, out, plan.rt, plan.d, plan.nc, null);
}

/**
 * Where a resident product lies: its kernel returns the whole wasm memory (as `out`'s dtype) with
 * out[b, m, n] at offset + b * batchStride + m * rowStride + n, until the next wasm product runs.
 */
export interface ResidentDot {
  readonly kernel: Kernel;
  readonly offset: number;
  readonly rowStride: number;
  readonly batchStride: number;
}

/**
 * The wasm kernel that leaves its product in the GEMM's C region instead of copying it out, so
 * that an elementwise epilogue reads it there (no output buffer, no copy): null where the product
 * takes the JS kernel, needs more than one column block, or does not fit the region.
 */
export function residentWasmDot(p: DotProblem, out: ShapedArray): ResidentDot | null {
  const plan = planWasmDot(p, out);
  if (plan === null || p.K === 0 || plan.nc < p.N) return null;
  const { rt, d } = plan;
  const es = d === "float32" ? 4 : 8;
  const ncPad = roundUp(p.N, rt.nr[d]);
  const mPad = roundUp(p.M, rt.mr[d]);
  if (p.B * mPad * ncPad * es > C_BYTES || mPad * p.K * es > AP_BYTES) return null;
  const layout = { offset: C_AT / es, rowStride: ncPad, batchStride: mPad * ncPad };
  return { kernel: makeWasmKernel(p, out, rt, d, plan.nc, layout), ...layout };
}

/** Whether a product takes the wasm GEMM (mode, dtype, size), with its runtime and columns per B strip; null: the JS kernel. */
export function planWasmDot(p: DotProblem, out: ShapedArray): { rt: GemmRuntime; d: FloatDType; nc: number } | null {
  if (mode === "never") return null;
  if (out.dtype !== "float32" && out.dtype !== "float64") return null;
  if (mode === "auto" && (p.M * p.N * p.K < MIN_FLOPS || p.M < MIN_SIDE || p.N < MIN_SIDE)) return null;
  const rt = gemmRuntime();
  if (rt === null) return null;
  const d: FloatDType = out.dtype;
  const nr = rt.nr[d];
  // The B strip holds all of K for nc columns; a K too deep for even a few panels goes to JS.
  const nc = Math.min(roundUp(p.N, nr), NC_MAX, Math.floor(rt.bpCapacity[d] / Math.max(p.K, 1) / nr) * nr);
  if (nc < nr) return null;
  return { rt, d, nc };
}

/** Where a resident product's C lies (ResidentDot without its kernel). */
export type ResidentLayout = Omit<ResidentDot, "kernel">;

/** What one wasm GEMM kernel works with, fixed when it is made. */
interface GemmKernel {
  readonly p: DotProblem;
  readonly rt: GemmRuntime;
  readonly d: FloatDType;
  readonly mr: number;
  readonly nr: number;
  /** Bytes per element. */
  readonly es: number;
  readonly mem: Float32Array | Float64Array;
  readonly gemm: GemmRuntime["gemm"][FloatDType];
  readonly packA: Packer;
  readonly packB: Packer;
  readonly aBatch: Offset;
  readonly bBatch: Offset;
  /** Columns per B strip. */
  readonly nc0: number;
  /** Whether the rows may be split with the helper thread. */
  readonly split: boolean;
  /** `resident` set: C stays in wasm memory at that layout and the kernel returns the memory view. */
  readonly resident: ResidentLayout | null;
  /** Where each thread packs its own rows from a staged copy of A's span, when the split allows it. */
  readonly staging: Staging | null;
}

/**
 * The AP region's layout when each thread packs its own rows (SelfPacking): one MC x KC block
 * per thread, the row and depth offset tables (Int32), then the staged span of A's operand.
 */
interface Staging {
  readonly rowOffsets: Int32Array;
  readonly kOffsets: Int32Array;
  readonly helperBlock: number;
  readonly rowTable: number;
  readonly kTable: number;
  /** Element index (of the dtype's view) where the span starts. */
  readonly src: number;
  /** The span, relative to a batch's A offset: [lo, lo + length). */
  readonly lo: number;
  readonly length: number;
}

const minOf = (t: Int32Array): number => t.reduce((a, b) => Math.min(a, b), Infinity);
const maxOf = (t: Int32Array): number => t.reduce((a, b) => Math.max(a, b), -Infinity);

/** The staging layout, or null where the span, the tables or C for all rows do not fit their regions. */
function planStaging(p: DotProblem, es: number, ncPad: number, mr: number): Staging | null {
  if (p.M === 0 || p.K === 0 || roundUp(p.M, mr) * ncPad * es > C_BYTES) return null;
  const rowOffsets = Int32Array.from({ length: p.M }, (_, i) => groupOffset(p.aM)(i));
  const kOffsets = Int32Array.from({ length: p.K }, (_, i) => groupOffset(p.aK)(i));
  const lo = minOf(rowOffsets) + minOf(kOffsets);
  const length = maxOf(rowOffsets) + maxOf(kOffsets) - lo + 1;
  const block = MC * KC * es;
  const rowTable = AP_AT + 2 * block;
  const kTable = rowTable + p.M * 4;
  const srcByte = roundUp(kTable + p.K * 4, 8);
  if (srcByte + length * es > AP_AT + AP_BYTES) return null;
  return { rowOffsets, kOffsets, helperBlock: AP_AT + block, rowTable, kTable, src: srcByte / es, lo, length };
}

function makeWasmKernel(p: DotProblem, out: ShapedArray, rt: GemmRuntime, d: FloatDType, nc0: number, resident: ResidentLayout | null): Kernel {
  const mr = rt.mr[d];
  const closure: Record<string, unknown> = {};
  const packASrc = packSource(closure, "packA", mr, p.aM, p.aK, "aMT", "aKT");
  const packBSrc = packSource(closure, "packB", rt.nr[d], p.bN, p.bK, "bNT", "bKT");
  const es = d === "float32" ? 4 : 8;
  const split = p.M * p.N * p.K >= THREAD_FLOPS && p.M >= 2 * mr;
  const k: GemmKernel = {
    p, rt, d, mr, nr: rt.nr[d], es, mem: d === "float32" ? rt.f32 : rt.f64, gemm: rt.gemm[d],
    packA: build(packASrc, closure) as Packer, packB: build(packBSrc, closure) as Packer,
    aBatch: groupOffset(p.aBatch), bBatch: groupOffset(p.bBatch), nc0, split, resident,
    staging: split ? planStaging(p, es, roundUp(nc0, rt.nr[d]), mr) : null,
  };
  const source = [kernelComment(k), packASrc, packBSrc].join("\n");
  return { name: "dot_general", source, run: (lhs, rhs) => [runGemm(k, lhs!, rhs!)] };
}

function kernelComment(k: GemmKernel): string {
  const { B, M, N, K } = k.p;
  const r = k.resident;
  return (
    `// dot_general on the wasm SIMD GEMM (${k.d}, ${k.mr}x${k.nr} tiles): B=${B} M=${M} N=${N} K=${K}, nc=${k.nc0}, KC=${KC}, MC=${MC}` +
    (k.split ? `, rows split with the helper thread when it runs${k.staging === null ? "" : " (each packing its own from a staged copy of A)"}` : "") +
    (r === null ? "" : `; the product stays in wasm memory at offset ${r.offset}, row stride ${r.rowStride}, batch stride ${r.batchStride}`)
  );
}

/** The product of `lhs` and `rhs`: a new array, or the wasm memory view for a resident product. */
function runGemm(k: GemmKernel, lhs: ArrayLike<number>, rhs: ArrayLike<number>): Float32Array | Float64Array {
  const { B, M, N, K } = k.p;
  const result = k.resident === null ? new (k.d === "float32" ? Float32Array : Float64Array)(B * M * N) : k.mem;
  if (K === 0) return result;
  const helper = threads && k.split ? k.rt.helper : null;
  const stagingPlan = helper !== null && stagingOn ? k.staging : null;
  if (stagingPlan !== null) writeTables(k, stagingPlan);
  for (let b = 0; b < B; b++) {
    const ab = k.aBatch(b);
    const bb = k.bBatch(b);
    // With staging, the threads pack from the staged span: A's offset `ab` becomes `srcBase` in the memory.
    const srcBase = stagingPlan === null ? 0 : stage(k, stagingPlan, lhs, ab);
    // Byte offset of this batch's C: one block reused, or the resident layout.
    const cb = k.resident === null ? C_AT : (k.resident.offset + b * k.resident.batchStride) * k.es;
    for (let jc = 0; jc < N; jc += k.nc0) {
      const nc = Math.min(k.nc0, N - jc);
      const ncPad = roundUp(nc, k.nr);
      for (let pc = 0; pc < K; pc += KC) k.packB(rhs, bb, jc, nc, pc, Math.min(KC, K - pc), k.mem, BP_AT / k.es + pc * ncPad);
      const block: ColumnBlock = { lhs, ab, cb, ncPad, result, o: b * M * N + jc, nc };
      if (helper !== null && stagingPlan !== null) multiplySelfPacking(k, helper, stagingPlan, { ...block, lhs: k.mem, ab: srcBase });
      else if (!(helper !== null && multiplyTwoThreads(k, helper, block))) multiplyOneThread(k, block);
    }
  }
  return result;
}

/** One B strip's work: A's batch offset `ab`, C at byte `cb` (row stride ncPad), output columns from `o`. */
interface ColumnBlock {
  readonly lhs: ArrayLike<number>;
  readonly ab: number;
  readonly cb: number;
  readonly ncPad: number;
  readonly result: Float32Array | Float64Array;
  readonly o: number;
  readonly nc: number;
}

/** All rows on this thread, MC at a time: pack an A block, multiply, copy C out. */
function multiplyOneThread(k: GemmKernel, c: ColumnBlock): void {
  const { M, N, K } = k.p;
  for (let ic = 0; ic < M; ic += MC) {
    const mc = Math.min(MC, M - ic);
    const mcPad = roundUp(mc, k.mr);
    const at = k.resident === null ? C_AT : c.cb + ic * c.ncPad * k.es;
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      k.packA(c.lhs, c.ab, ic, mc, pc, kc, k.mem, AP_AT / k.es);
      k.gemm(AP_AT, BP_AT + pc * c.ncPad * k.es, at, mcPad, c.ncPad, kc, c.ncPad * k.es, pc === 0 ? 0 : 1);
    }
    if (k.resident === null) copyOut(k, c.result, c.o + ic * N, mc, c.nc, c.ncPad);
  }
}

/** Two threads (twoThreadRows.ts), where the whole of A and C fit their regions; false (nothing done) where they do not. */
function multiplyTwoThreads(k: GemmKernel, helper: NonNullable<GemmRuntime["helper"]>, c: ColumnBlock): boolean {
  const { M, K } = k.p;
  const strip = { dtype: k.d, m: M, k: K, ncPad: c.ncPad, mr: k.mr, c0: c.cb };
  const work = { pack: (row0: number, rows: number) => packRows(k, c.lhs, c.ab, row0, rows, AP_AT / k.es + row0 * K), multiply: (row0: number, rows: number) => multiplyPackedRows(k, c, row0, rows) };
  if (!multiplyRowsOnTwoThreads(helper, strip, work)) return false;
  if (k.resident === null) copyOut(k, c.result, c.o, M, c.nc, c.ncPad);
  return true;
}

/** Writes the staging's offset tables into the AP region (other kernels use it between calls). */
function writeTables(k: GemmKernel, s: Staging): void {
  const t = new Int32Array(k.mem.buffer);
  t.set(s.rowOffsets, s.rowTable / 4);
  t.set(s.kOffsets, s.kTable / 4);
}

/** Copies the span of `lhs` that batch offset `ab` reads into the staging area; returns the offset that replaces `ab`. */
function stage(k: GemmKernel, s: Staging, lhs: ArrayLike<number>, ab: number): number {
  const from = ab + s.lo;
  if (ArrayBuffer.isView(lhs)) k.mem.set((lhs as Float32Array | Float64Array).subarray(from, from + s.length), s.src);
  else for (let i = 0; i < s.length; i++) k.mem[s.src + i] = lhs[from + i]!;
  return s.src - s.lo;
}

/**
 * Two threads, each packing its own rows (MC x KC at a time) from the staged span: the helper
 * takes the lower rows. Where the helper had not claimed the job, this thread does those rows too.
 */
function multiplySelfPacking(k: GemmKernel, helper: NonNullable<GemmRuntime["helper"]>, s: Staging, c: ColumnBlock): void {
  const { M } = k.p;
  const { es, mr } = k;
  const mid = roundUp(Math.ceil(M / 2), mr);
  const packing: SelfPacking = { src: c.ab, rowTable: s.rowTable, kTable: s.kTable, row0: mid };
  helper.start({ dtype: k.d === "float32" ? 0 : 1, ap0: s.helperBlock, bp: BP_AT, c0: c.cb + mid * c.ncPad * es, rows: M - mid, k: k.p.K, ncPad: c.ncPad, mr, packing });
  packAndMultiply(k, c, 0, mid);
  if (!helper.wait()) packAndMultiply(k, c, mid, M - mid);
  if (k.resident === null) copyOut(k, c.result, c.o, M, c.nc, c.ncPad);
}

/** C rows row0..row0+rows into the C region at c.cb (all rows), packing MC x KC blocks at AP_AT. */
function packAndMultiply(k: GemmKernel, c: ColumnBlock, row0: number, rows: number): void {
  const K = k.p.K;
  for (let ic = row0; ic < row0 + rows; ic += MC) {
    const mc = Math.min(MC, row0 + rows - ic);
    const mcPad = roundUp(mc, k.mr);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      k.packA(c.lhs, c.ab, ic, mc, pc, kc, k.mem, AP_AT / k.es);
      k.gemm(AP_AT, BP_AT + pc * c.ncPad * k.es, c.cb + ic * c.ncPad * k.es, mcPad, c.ncPad, kc, c.ncPad * k.es, pc === 0 ? 0 : 1);
    }
  }
}

/** C rows row0..row0+mc from A rows packed (by packRows) at row0 * K. */
function multiplyPackedRows(k: GemmKernel, c: ColumnBlock, row0: number, mc: number): void {
  const K = k.p.K;
  const mcPad = roundUp(mc, k.mr);
  for (let pc = 0; pc < K; pc += KC) {
    k.gemm(AP_AT + (row0 * K + pc * mcPad) * k.es, BP_AT + pc * c.ncPad * k.es, c.cb + row0 * c.ncPad * k.es, mcPad, c.ncPad, Math.min(KC, K - pc), c.ncPad * k.es, pc === 0 ? 0 : 1);
  }
}

/** Packs A's rows row0..row0+rows (MC-row blocks at block * K, depth blocks at pc * mcPad) at dst. */
function packRows(k: GemmKernel, lhs: ArrayLike<number>, ab: number, row0: number, rows: number, dst: number): void {
  const K = k.p.K;
  for (let ic = 0; ic < rows; ic += MC) {
    const mc = Math.min(MC, rows - ic);
    const mcPad = roundUp(mc, k.mr);
    for (let pc = 0; pc < K; pc += KC) k.packA(lhs, ab, row0 + ic, mc, pc, Math.min(KC, K - pc), k.mem, dst + ic * K + pc * mcPad);
  }
}

/** Copies `rows` C rows (row stride ncPad, from the C region's start) into the output at o (row stride N). */
function copyOut(k: GemmKernel, result: Float32Array | Float64Array, o: number, rows: number, nc: number, ncPad: number): void {
  const N = k.p.N;
  const mem = k.mem;
  let c = C_AT / k.es;
  // A block copy per row where rows are long.
  if (nc >= 32) {
    for (let i = 0; i < rows; i++, o += N, c += ncPad) result.set(mem.subarray(c, c + nc), o);
  } else {
    for (let i = 0; i < rows; i++, o += N, c += ncPad) for (let j = 0; j < nc; j++) result[o + j] = mem[c + j]!;
  }
}
