// LU factorization with partial pivoting, P A = L U (LAPACK's getrf; JAX's lu_p), of a batch of
// (m x n) row-major matrices. Returns `lu` (L below the diagonal, its unit diagonal implicit; U on
// and above), `pivots` (int32, min(m, n) per matrix: row i was swapped with row pivots[i], in
// order) and `permutation` (int32, m per matrix: row i of P A is row permutation[i] of A).
// A zero pivot (singular A) is kept, as getrf does: U has a zero on its diagonal and solves give
// inf/nan. The pivot is the first entry of largest magnitude (idamax: NaN never wins).
//
// Recursive by column halves (dgetrf2): factor the left half (all rows below it), solve
// U12 = L11^-1 A12, update A22 -= L21 U12 by GEMM, factor the right half. Row swaps move whole
// rows at once, which is contiguous in row-major storage.
import { gemm, view } from "./gemm.js";
import { halfOf, like, RECURSION_BASE, type FloatArray } from "./types.js";

export interface LuResult {
  readonly lu: FloatArray;
  readonly pivots: Int32Array;
  readonly permutation: Int32Array;
}

export function lu(a: FloatArray, batch: number, m: number, n: number): LuResult {
  const k = Math.min(m, n);
  const out = like(a, a.length);
  out.set(a);
  const pivots = new Int32Array(batch * k);
  const permutation = new Int32Array(batch * m);
  for (let b = 0; b < batch; b++) {
    factor(out, b * m * n, m, n, pivots, b * k);
    // The swaps applied in order to the identity (lu_pivots_to_permutation), in place at b * m.
    const o = b * m;
    for (let i = 0; i < m; i++) permutation[o + i] = i;
    for (let i = 0; i < k; i++) {
      const p = pivots[b * k + i]!;
      const t = permutation[o + i]!;
      permutation[o + i] = permutation[o + p]!;
      permutation[o + p] = t;
    }
  }
  return { lu: out, pivots, permutation };
}

function factor(a: FloatArray, o: number, m: number, n: number, pivots: Int32Array, po: number): void {
  const k = Math.min(m, n);
  factorColumns(a, o, m, n, 0, k, pivots, po);
  // A wide matrix: U's columns k..n are L11^-1 A[0..k, k..n].
  if (n > k) solveUnitLower(a, o, n, 0, k, k, n);
}

/**
 * Columns j0..j1 over rows j0..m, given that every earlier column's update has been applied:
 * recursively by halves (Toledo 1997, "Locality of reference in LU decomposition with partial
 * pivoting"; LAPACK's dgetrf2): factor the left half, U12 = L11^-1 A12, A22 -= L21 U12 by GEMM,
 * factor the right half, down to RECURSION_BASE columns by getf2's rank-1 updates. Swaps move whole rows,
 * so they reach every column at once.
 */
function factorColumns(a: FloatArray, o: number, m: number, n: number, j0: number, j1: number, pivots: Int32Array, po: number): void {
  const w = j1 - j0;
  if (w <= RECURSION_BASE) return factorPanel(a, o, m, n, j0, j1, pivots, po);
  const h = j0 + halfOf(w);
  factorColumns(a, o, m, n, j0, h, pivots, po);
  solveUnitLower(a, o, n, j0, h, h, j1);
  if (h < m) gemm(m - h, j1 - h, h - j0, -1, view(a, o + h * n + j0, n), view(a, o + j0 * n + h, n), 1, view(a, o + h * n + h, n));
  factorColumns(a, o, m, n, h, j1, pivots, po);
}

/** A[r0..r1, c0..c1] = L^-1 A[r0..r1, c0..c1], L the unit lower triangle at rows and columns r0..r1 (in place). */
function solveUnitLower(a: FloatArray, o: number, n: number, r0: number, r1: number, c0: number, c1: number): void {
  if (c1 <= c0) return;
  if (r1 - r0 > RECURSION_BASE) {
    const h = r0 + halfOf(r1 - r0);
    solveUnitLower(a, o, n, r0, h, c0, c1);
    gemm(r1 - h, c1 - c0, h - r0, -1, view(a, o + h * n + r0, n), view(a, o + r0 * n + c0, n), 1, view(a, o + h * n + c0, n));
    solveUnitLower(a, o, n, h, r1, c0, c1);
    return;
  }
  for (let i = r0 + 1; i < r1; i++) {
    const ri = o + i * n;
    for (let p = r0; p < i; p++) {
      const s = a[ri + p]!;
      if (s === 0) continue;
      const rp = o + p * n;
      for (let j = c0; j < c1; j++) a[ri + j] = a[ri + j]! - s * a[rp + j]!;
    }
  }
}

/** getf2 on columns j0..j1 (rows j0..m), its rank-1 updates reaching column j1. */
function factorPanel(a: FloatArray, o: number, m: number, n: number, j0: number, j1: number, pivots: Int32Array, po: number): void {
  for (let j = j0; j < j1; j++) {
    let p = j;
    let best = Math.abs(a[o + j * n + j]!);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(a[o + i * n + j]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    pivots[po + j] = p;
    if (p !== j) swapRows(a, o + j * n, o + p * n, n);
    const rj = o + j * n;
    const d = a[rj + j]!;
    if (d === 0) continue;
    for (let i = j + 1; i < m; i++) {
      const ri = o + i * n;
      const l = a[ri + j]! / d;
      a[ri + j] = l;
      if (l === 0) continue;
      for (let c = j + 1; c < j1; c++) a[ri + c] = a[ri + c]! - l * a[rj + c]!;
    }
  }
}

function swapRows(a: FloatArray, r: number, s: number, n: number): void {
  for (let j = 0; j < n; j++) {
    const t = a[r + j]!;
    a[r + j] = a[s + j]!;
    a[s + j] = t;
  }
}
