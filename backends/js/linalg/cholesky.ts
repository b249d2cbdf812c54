// Cholesky factorization A = L L^T of a batch of symmetric positive-definite matrices (LAPACK's
// potrf with uplo = 'L', which JAX's cholesky_p lowers to on CPU): only the lower triangle of A is
// read; L is returned with its upper triangle zeroed. A matrix that is not positive definite (or
// holds a NaN) gives an all-NaN result for that batch member, as JAX replaces a failed potrf.
//
// The factorization is recursive by column halves (dpotrf2): factor the left half, update the
// trailing lower triangle by A22 -= L21 L21^T (one GEMM per column block, so the upper
// triangle's half of the flops is skipped, as dsyrk does), factor the right half. Small matrices
// are one panel: no recursion, no GEMM.
import { gemm, transposed, view } from "./gemm.js";
import { BLOCK, halfOf, like, RECURSION_BASE, type FloatArray } from "./types.js";

/** L of each (n x n) matrix of a (batch, n, n) row-major array. */
export function cholesky(a: FloatArray, batch: number, n: number): FloatArray {
  const out = like(a, a.length);
  const nn = n * n;
  for (let b = 0; b < batch; b++) {
    const o = b * nn;
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[o + i * n + j] = a[o + i * n + j]!;
    if (!factor(out, o, n)) out.fill(NaN, o, o + nn);
  }
  return out;
}

/**
 * Order up to which one Crout panel factors the whole matrix: below it the recursion's GEMM calls
 * (packing, the wasm call) cost more than the blocking saves. Measured with bench/linalg.ts's
 * unblocked loop alongside, float64, interleaved medians on a loaded machine, time of the
 * recursion / one panel: n = 24: 1.4, 3.7; 32: 1.2, 3.4; 40: 1.05, 1.6; 48: 0.4, 0.9; 64: 0.7, 0.7.
 */
const ONE_PANEL_MAX = 40;

/** Factors the matrix at `o` in place (lower triangle); false where a pivot is not positive. */
function factor(l: FloatArray, o: number, n: number): boolean {
  if (!(n <= ONE_PANEL_MAX ? factorPanel(l, o, n, 0, n) : factorColumns(l, o, n, 0, n))) return false;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) l[o + i * n + j] = 0;
  return true;
}

/**
 * Columns j0..j1 of L over rows j0..n, given that every earlier column's update has been applied:
 * recursively by halves (Gustavson 1997, "Recursion leads to automatic variable blocking"; LAPACK's
 * dpotrf2), the right half updated by the left through GEMM (with a deep k at the top levels, where
 * the flops are), down to RECURSION_BASE columns factored by Crout's dot products.
 */
function factorColumns(l: FloatArray, o: number, n: number, j0: number, j1: number): boolean {
  const w = j1 - j0;
  if (w <= RECURSION_BASE) return factorPanel(l, o, n, j0, j1);
  const h = j0 + halfOf(w);
  if (!factorColumns(l, o, n, j0, h)) return false;
  // A[h.., h..j1] -= L[h.., j0..h] L[h..j1, j0..h]^T, by column blocks, rows from each block's
  // diagonal down: the lower triangle only (dsyrk), up to a BLOCK x BLOCK triangle per block.
  for (let c0 = h; c0 < j1; c0 += BLOCK) {
    const cw = Math.min(BLOCK, j1 - c0);
    const rows = view(l, o + c0 * n + j0, n);
    gemm(n - c0, cw, h - j0, -1, rows, transposed(rows), 1, view(l, o + c0 * n + c0, n));
  }
  return factorColumns(l, o, n, h, j1);
}

/**
 * Columns j0..j1 of L over rows j0..n, given that the update of every earlier column has
 * been applied: Crout order within the panel, so each entry takes one dot product of rows.
 */
function factorPanel(l: FloatArray, o: number, n: number, j0: number, j1: number): boolean {
  for (let j = j0; j < j1; j++) {
    const rj = o + j * n;
    let s = l[rj + j]!;
    for (let k = j0; k < j; k++) s -= l[rj + k]! * l[rj + k]!;
    // `!(s > 0)` also catches NaN, as potrf's test does.
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    l[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = o + i * n;
      let t = l[ri + j]!;
      for (let k = j0; k < j; k++) t -= l[ri + k]! * l[rj + k]!;
      l[ri + j] = t / d;
    }
  }
  return true;
}
