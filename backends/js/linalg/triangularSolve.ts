// Triangular solves with many right-hand sides (LAPACK/BLAS trsm; JAX's triangular_solve_p):
//   leftSide:  op(A) X = B, A (k x k), B (k x nrhs)
//   otherwise: X op(A) = B, A (k x k), B (nrhs x k)
// where op(A) is A or A^T (transposeA), A's `lower` (or upper) triangle is read and, with
// unitDiagonal, its diagonal is taken as ones. Batches of row-major matrices; a zero on the
// diagonal gives inf/nan as trsm does.
//
// Everything reduces to the left-side non-transposed case: A^T is a view with swapped strides
// (and the other triangle), and the right side solves op(A)^T X^T = B^T on a transposed copy of B.
// Recursive by halves of rows: the rows still to solve are updated by GEMM (B2 -= A21 X1), so
// nearly all flops run in the wasm GEMM.
import { gemm, view, type View } from "./gemm.js";
import { halfOf, like, RECURSION_BASE, type FloatArray } from "./types.js";

export interface TriangularSolveOptions {
  readonly leftSide: boolean;
  readonly lower: boolean;
  readonly transposeA: boolean;
  readonly unitDiagonal: boolean;
}

/**
 * X for each batch member: `a` is (batch, k, k), `b` is (batch, rows, cols), where k = rows on
 * the left side and k = cols on the right.
 */
export function triangularSolve(a: FloatArray, b: FloatArray, batch: number, rows: number, cols: number, opts: TriangularSolveOptions): FloatArray {
  const k = opts.leftSide ? rows : cols;
  const nrhs = opts.leftSide ? cols : rows;
  const x = like(b, b.length);
  // The reduced problem solves op'(A) Y = C with Y, C of shape (k, nrhs).
  const flip = opts.leftSide ? opts.transposeA : !opts.transposeA;
  const lower = flip ? !opts.lower : opts.lower;
  const y = opts.leftSide ? x : like(b, k * nrhs);
  // Left side: the solve runs in place on a copy of all of B (one copy, not one per matrix).
  if (opts.leftSide) x.set(b);
  for (let bi = 0; bi < batch; bi++) {
    const ao = bi * k * k;
    const bo = bi * rows * cols;
    const A = flip ? view(a, ao, 1, k) : view(a, ao, k, 1);
    const yo = opts.leftSide ? bo : 0;
    if (!opts.leftSide) transposeInto(b, bo, rows, cols, y, 0);
    solveLeft(A, lower, opts.unitDiagonal, y, yo, k, nrhs);
    if (!opts.leftSide) transposeInto(y, 0, k, nrhs, x, bo);
  }
  return x;
}

/** dst (cols x rows) at `d` = src (rows x cols) at `s` transposed. */
function transposeInto(src: FloatArray, s: number, rows: number, cols: number, dst: FloatArray, d: number): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[d + j * rows + i] = src[s + i * cols + j]!;
}

/** Solves A Y = Y in place for Y (k x nrhs, row-major at `yo`), A triangular (a view). */
function solveLeft(A: View, lower: boolean, unit: boolean, y: FloatArray, yo: number, k: number, nrhs: number): void {
  solveRows(A, lower, unit, y, yo, 0, k, nrhs);
}

/**
 * Rows i0..i1 of Y, recursively by halves (as the recursive trsm of Elmroth, Gustavson, Jonsson &
 * Kågström 2004, SIAM Review 46(1)): solve one half, subtract its part from the other half by
 * GEMM (B2 -= A21 X1), solve the other half. Lower: top half first; upper: bottom half first.
 */
function solveRows(A: View, lower: boolean, unit: boolean, y: FloatArray, yo: number, i0: number, i1: number, nrhs: number): void {
  if (i1 - i0 <= RECURSION_BASE) return solveBlock(A, lower, unit, y, yo, i0, i1, nrhs);
  const h = i0 + halfOf(i1 - i0);
  // The half solved first (s0..s1) and the rows it updates (r0..r1).
  const [s0, s1, r0, r1] = lower ? [i0, h, h, i1] : [h, i1, i0, h];
  solveRows(A, lower, unit, y, yo, s0, s1, nrhs);
  const a21 = view(A.data, A.offset + r0 * A.rowStride + s0 * A.colStride, A.rowStride, A.colStride);
  gemm(r1 - r0, nrhs, s1 - s0, -1, a21, view(y, yo + s0 * nrhs, nrhs), 1, view(y, yo + r0 * nrhs, nrhs));
  solveRows(A, lower, unit, y, yo, r0, r1, nrhs);
}

/** Rows i0..i1 of Y against the diagonal block, by row operations (each an axpy over nrhs columns). */
function solveBlock(A: View, lower: boolean, unit: boolean, y: FloatArray, yo: number, i0: number, i1: number, nrhs: number): void {
  const a = A.data;
  const len = i1 - i0;
  for (let t = 0; t < len; t++) {
    const i = lower ? i0 + t : i1 - 1 - t;
    const yi = yo + i * nrhs;
    const ai = A.offset + i * A.rowStride;
    const p0 = lower ? i0 : i + 1;
    const p1 = lower ? i : i1;
    for (let p = p0; p < p1; p++) {
      const s = a[ai + p * A.colStride]!;
      if (s === 0) continue;
      const yp = yo + p * nrhs;
      for (let j = 0; j < nrhs; j++) y[yi + j] = y[yi + j]! - s * y[yp + j]!;
    }
    if (!unit) {
      const d = a[ai + i * A.colStride]!;
      for (let j = 0; j < nrhs; j++) y[yi + j] = y[yi + j]! / d;
    }
  }
}
