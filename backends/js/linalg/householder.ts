// Unblocked Householder reflectors on row-major matrices, in LAPACK's packed convention: a
// reflector H = I - tau v v^T with v[0] = 1 implicit and v's tail stored in place of the entries it
// annihilated (dlarfg), and single reflectors applied to rows or columns (dlarf); their product is
// formed blocked by qr.ts's householderProduct (dorgqr). Shared by the Hessenberg reduction (hessenberg.ts), the real Schur form
// (realSchur.ts), column-pivoted QR (qrPivoted.ts) and blocked QR's panels (qr.ts). Arithmetic is
// float64 except where reflectColumnSegment works in place on a float32 matrix.
import type { FloatArray } from "./types.js";

/**
 * dlarfg on the `count` entries x[at], x[at + stride], ...: alpha = x[at] becomes beta =
 * -sign(alpha) ||x|| and the rest v's tail (v = [1; tail]) so that (I - tau v v^T) x = beta e_0;
 * returns tau (0, with x left as it is, when the tail is zero).
 */
export function reflect(x: FloatArray, at: number, stride: number, count: number): number {
  const alpha = x[at]!;
  const end = at + count * stride;
  let scale = 0;
  for (let i = at + stride; i < end; i += stride) scale = Math.max(scale, Math.abs(x[i]!));
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = at + stride; i < end; i += stride) ss += (x[i]! / scale) ** 2;
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, scale * Math.sqrt(ss));
  const f = 1 / (alpha - beta);
  for (let i = at + stride; i < end; i += stride) x[i] = x[i]! * f;
  x[at] = beta;
  return (beta - alpha) / beta;
}

/** reflect on the column segment w[r0..r1-1][col] of a matrix with row stride `n`. */
export function reflectColumnSegment(w: FloatArray, n: number, r0: number, r1: number, col: number): number {
  return reflect(w, r0 * n + col, n, r1 - r0);
}

/** The reflector v = [1; w[r0+1..r1-1][col]] as a dense vector over rows r0..r1-1. */
export function reflectorVector(w: Float64Array, n: number, r0: number, r1: number, col: number, v: Float64Array): void {
  v[0] = 1;
  for (let i = r0 + 1; i < r1; i++) v[i - r0] = w[i * n + col]!;
}

/** m := (I - tau v v^T) m on rows r0..r0+len-1 and columns c0..c1-1 (row stride n). */
export function reflectRows(m: Float64Array, n: number, v: Float64Array, tau: number, r0: number, len: number, c0: number, c1: number): void {
  if (tau === 0) return;
  for (let j = c0; j < c1; j++) {
    let s = 0;
    for (let i = 0; i < len; i++) s += v[i]! * m[(r0 + i) * n + j]!;
    s *= tau;
    if (s !== 0) for (let i = 0; i < len; i++) m[(r0 + i) * n + j] = m[(r0 + i) * n + j]! - s * v[i]!;
  }
}

/** m := m (I - tau v v^T) on columns c0..c0+len-1 and rows r0..r1-1 (row stride n). */
export function reflectColumns(m: Float64Array, n: number, v: Float64Array, tau: number, c0: number, len: number, r0: number, r1: number): void {
  if (tau === 0) return;
  for (let r = r0; r < r1; r++) {
    const o = r * n + c0;
    let s = 0;
    for (let i = 0; i < len; i++) s += m[o + i]! * v[i]!;
    s *= tau;
    if (s !== 0) for (let i = 0; i < len; i++) m[o + i] = m[o + i]! - s * v[i]!;
  }
}
