// The GEMM of the blocked linear-algebra kernels: C = beta C + alpha A B over strided views, so
// transposed operands cost nothing. The wasm SIMD GEMM (backends/js/wasm) exports only its
// macro-kernel over packed panels, and its dot_general driver packs from jaxpr-shaped problems;
// so this module packs plain strided views itself (as wasmDot.ts's packers do: MR-row and NR-column
// k-major panels, zero-padded) and calls the macro-kernel. Large products split their rows with
// the wasm GEMM's helper thread (wasm/pool.ts) through the same driver as dot_general's
// (wasm/twoThreadRows.ts): the helper's half of A is packed first, so it starts early. Small products
// take a plain JS loop.
//
// The wasm memory is shared with dot_general's kernels: a product that dot_general left resident
// there is consumed by its own epilogue before any other step runs, so nothing live is overwritten.
import { AP_AT, AP_BYTES, BP_AT, C_AT, C_BYTES, KC, MC, NC_MAX, type FloatDType } from "../wasm/gemmLayout.js";
import type { GemmRuntime } from "../wasm/runtime.js";
import { wasmGemm, type WasmGemm } from "../wasm/wasmGemm.js";
import type { FloatArray } from "./types.js";

/** A strided matrix inside a typed array: element (i, j) at offset + i * rowStride + j * colStride. */
export interface View {
  readonly data: FloatArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

export const view = (data: FloatArray, offset: number, rowStride: number, colStride = 1): View => ({ data, offset, rowStride, colStride });
export const transposed = (v: View): View => ({ data: v.data, offset: v.offset, rowStride: v.colStride, colStride: v.rowStride });

/** Which GEMM runs: by size ("auto"), or always one of them (tests and benchmarks). */
export type GemmPath = "auto" | "js" | "wasm";
let path: GemmPath = "auto";
export function setGemmPath(p: GemmPath): GemmPath {
  const old = path;
  path = p;
  return old;
}

/**
 * Multiply-adds from which the wasm kernel runs: packing and the call cost about a µs, which the
 * SIMD kernel wins back above a few thousand multiply-adds (wasmDot.ts measured 8^3 against
 * generated JS; this loop is plainer, so the crossover is no later).
 */
const WASM_MIN_FLOPS = 16 * 16 * 16;

/**
 * Multiply-adds from which the rows are split with the helper thread: wasmDot.ts's THREAD_FLOPS
 * (the hand-off costs tens of µs; below 256^3/2 two threads gain little).
 */
const THREAD_FLOPS = 2 ** 23;

/** Whether large products may use the helper thread (benchmarks compare one and two threads). */
let threads = true;
export function setGemmThreads(on: boolean): boolean {
  const old = threads;
  threads = on;
  return old;
}

/** C (m x n) = beta C + alpha A (m x k) B (k x n); beta is 0 (C is overwritten, never read) or 1. */
export function gemm(m: number, n: number, k: number, alpha: number, a: View, b: View, beta: 0 | 1, c: View): void {
  if (m === 0 || n === 0) return;
  if (k === 0 || alpha === 0) {
    if (beta === 0) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c.data[c.offset + i * c.rowStride + j * c.colStride] = 0;
    return;
  }
  const useWasm = path === "wasm" || (path === "auto" && m * n * k >= WASM_MIN_FLOPS && m >= 4 && n >= 4);
  if (useWasm && gemmWasm(m, n, k, alpha, a, b, beta, c)) return;
  gemmJs(m, n, k, alpha, a, b, beta, c);
}

/** The plain loop: row i of C accumulates alpha A[i, p] times row p of B. */
function gemmJs(m: number, n: number, k: number, alpha: number, a: View, b: View, beta: 0 | 1, c: View): void {
  const A = a.data, B = b.data, C = c.data;
  const bcs = b.colStride, ccs = c.colStride;
  for (let i = 0; i < m; i++) {
    const ci = c.offset + i * c.rowStride;
    if (beta === 0) for (let j = 0; j < n; j++) C[ci + j * ccs] = 0;
    const ai = a.offset + i * a.rowStride;
    for (let p = 0; p < k; p++) {
      const s = alpha * A[ai + p * a.colStride]!;
      if (s === 0) continue;
      const bp = b.offset + p * b.rowStride;
      if (bcs === 1 && ccs === 1) for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + s * B[bp + j]!;
      else for (let j = 0; j < n; j++) C[ci + j * ccs] = C[ci + j * ccs]! + s * B[bp + j * bcs]!;
    }
  }
}

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/**
 * Copies `count` lanes (rows of A, or columns of B) from lane `start`, depth pc..pc+kc, into
 * `tile`-wide k-major panels at dst[d0..], zero-padding the last panel (wasmDot.ts's layout).
 */
function pack(src: FloatArray, offset: number, laneStride: number, depthStride: number, start: number, count: number, pc: number, kc: number, tile: number, dst: FloatArray, d0: number): void {
  for (let ip = 0; ip < count; ip += tile) {
    const q0 = d0 + ip * kc;
    for (let v = 0; v < tile; v++) {
      let q = q0 + v;
      if (ip + v < count) {
        let o = offset + (start + ip + v) * laneStride + pc * depthStride;
        for (let p = 0; p < kc; p++, q += tile, o += depthStride) dst[q] = src[o]!;
      } else for (let p = 0; p < kc; p++, q += tile) dst[q] = 0;
    }
  }
}

/** The wasm path; false (nothing done) where the runtime is missing or B's strip does not fit. */
function gemmWasm(m: number, n: number, k: number, alpha: number, a: View, b: View, beta: 0 | 1, c: View): boolean {
  const gemm = wasmGemm();
  const rt = gemm?.gemmRuntime() ?? null;
  if (gemm === null || rt === null) return false;
  const d: FloatDType = c.data instanceof Float32Array ? "float32" : "float64";
  if (!(a.data instanceof (d === "float32" ? Float32Array : Float64Array)) || !(b.data instanceof (d === "float32" ? Float32Array : Float64Array))) return false;
  const nr = rt.nr[d];
  const nc0 = Math.min(roundUp(n, nr), NC_MAX, Math.floor(rt.bpCapacity[d] / k / nr) * nr);
  if (nc0 < nr) return false;
  for (let jc = 0; jc < n; jc += nc0) {
    const nc = Math.min(nc0, n - jc);
    const ncPad = roundUp(nc, nr);
    const mem = d === "float32" ? rt.f32 : rt.f64;
    const es = mem.BYTES_PER_ELEMENT;
    for (let pc = 0; pc < k; pc += KC) pack(b.data, b.offset, b.colStride, b.rowStride, jc, nc, pc, Math.min(KC, k - pc), nr, mem, BP_AT / es + pc * ncPad);
    const whole: Block = { m, ic: 0, jc, nc, ncPad, k };
    if (threads && m * nc * k >= THREAD_FLOPS && multiplyTwoThreads(gemm, rt, d, whole, alpha, a, beta, c)) continue;
    for (let ic = 0; ic < m; ic += MC) multiplyBlock(rt, d, { m: Math.min(MC, m - ic), ic, jc, nc, ncPad, k }, alpha, a, beta, c);
  }
  return true;
}

/**
 * All rows of one B strip on two threads (twoThreadRows.ts), where the whole of packed A and of C
 * fit their regions. False (nothing done) where there is no helper or no room.
 */
function multiplyTwoThreads(gemm: WasmGemm, rt: GemmRuntime, d: FloatDType, blk: Block, alpha: number, a: View, beta: 0 | 1, c: View): boolean {
  const helper = rt.helper;
  const mr = rt.mr[d];
  const { m, k, ncPad } = blk;
  if (helper === null || m < 4 * mr) return false;
  const work = { pack: (row0: number, rows: number) => packRows(rt, d, a, row0, rows, k), multiply: (row0: number, rows: number) => multiplyPackedRows(rt, d, row0, rows, k, ncPad) };
  if (!gemm.multiplyRowsOnTwoThreads(helper, { dtype: d, m, k, ncPad, mr, c0: C_AT }, work)) return false;
  writeC(rt, d, blk, alpha, beta, c);
  return true;
}

/** Packs A's rows row0..row0+rows in the helper's layout: MC-row blocks at block * k, depth blocks at pc * mcPad. */
function packRows(rt: GemmRuntime, d: FloatDType, a: View, row0: number, rows: number, k: number): void {
  const mem = d === "float32" ? rt.f32 : rt.f64;
  const dst = AP_AT / mem.BYTES_PER_ELEMENT + row0 * k;
  for (let ic = 0; ic < rows; ic += MC) {
    const mc = Math.min(MC, rows - ic);
    const mcPad = roundUp(mc, rt.mr[d]);
    for (let pc = 0; pc < k; pc += KC) pack(a.data, a.offset, a.rowStride, a.colStride, row0 + ic, mc, pc, Math.min(KC, k - pc), rt.mr[d], mem, dst + ic * k + pc * mcPad);
  }
}

/** C rows row0..row0+rows (at C_AT, row stride ncPad) from A rows packed by packRows. */
function multiplyPackedRows(rt: GemmRuntime, d: FloatDType, row0: number, rows: number, k: number, ncPad: number): void {
  const es = d === "float32" ? 4 : 8;
  for (let ic = row0; ic < row0 + rows; ic += MC) {
    const mcPad = roundUp(Math.min(MC, row0 + rows - ic), rt.mr[d]);
    for (let pc = 0; pc < k; pc += KC) rt.gemm[d](AP_AT + (ic * k + pc * mcPad) * es, BP_AT + pc * ncPad * es, C_AT + ic * ncPad * es, mcPad, ncPad, Math.min(KC, k - pc), ncPad * es, pc === 0 ? 0 : 1);
  }
}

interface Block {
  readonly m: number;
  readonly ic: number;
  readonly jc: number;
  readonly nc: number;
  readonly ncPad: number;
  readonly k: number;
}

/** Rows ic..ic+m of C against the packed B strip: pack A's blocks, multiply into the C region, write C. */
function multiplyBlock(rt: GemmRuntime, d: FloatDType, blk: Block, alpha: number, a: View, beta: 0 | 1, c: View): void {
  const mem = d === "float32" ? rt.f32 : rt.f64;
  const es = mem.BYTES_PER_ELEMENT;
  const mr = rt.mr[d];
  const mcPad = roundUp(blk.m, mr);
  for (let pc = 0; pc < blk.k; pc += KC) {
    const kc = Math.min(KC, blk.k - pc);
    pack(a.data, a.offset, a.rowStride, a.colStride, blk.ic, blk.m, pc, kc, mr, mem, AP_AT / es);
    rt.gemm[d](AP_AT, BP_AT + pc * blk.ncPad * es, C_AT, mcPad, blk.ncPad, kc, blk.ncPad * es, pc === 0 ? 0 : 1);
  }
  writeC(rt, d, blk, alpha, beta, c);
}

/** C's rows ic..ic+m, columns jc..jc+nc (+)= alpha times the C region (row stride ncPad). */
function writeC(rt: GemmRuntime, d: FloatDType, blk: Block, alpha: number, beta: 0 | 1, c: View): void {
  const mem = d === "float32" ? rt.f32 : rt.f64;
  const C = c.data, ccs = c.colStride;
  for (let i = 0; i < blk.m; i++) {
    const ci = c.offset + (blk.ic + i) * c.rowStride + blk.jc * ccs;
    const r = C_AT / mem.BYTES_PER_ELEMENT + i * blk.ncPad;
    if (ccs === 1 && alpha === -1 && beta === 1) for (let j = 0; j < blk.nc; j++) C[ci + j] = C[ci + j]! - mem[r + j]!;
    else if (beta === 0) for (let j = 0; j < blk.nc; j++) C[ci + j * ccs] = alpha * mem[r + j]!;
    else for (let j = 0; j < blk.nc; j++) C[ci + j * ccs] = C[ci + j * ccs]! + alpha * mem[r + j]!;
  }
}
