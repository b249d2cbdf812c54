// Cholesky factorization A = L L^T of a batch of symmetric positive-definite matrices (LAPACK's
// potrf with uplo = 'L', which JAX's cholesky_p lowers to on CPU): only the lower triangle of A is
// read; L is returned with its upper triangle zeroed. A matrix that is not positive definite (or
// holds a NaN) gives an all-NaN result for that batch member, as JAX replaces a failed potrf.
//
// From order BLOCK on, the factorization is right-looking by panels of BLOCK columns: each panel
// is factored on its own (the diagonal block and the rows below it, Cholesky-Crout within the
// panel), then the trailing lower triangle is updated by A22 -= L21 L21^T, one GEMM per column
// block (so the upper triangle's half of the flops is skipped), as LAPACK's dpotrf/dsyrk do.
import { gemm, transposed, view } from "./gemm.js";
import { BLOCK, like, type FloatArray } from "./types.js";

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

/** Factors the matrix at `o` in place (lower triangle); false where a pivot is not positive. */
function factor(l: FloatArray, o: number, n: number): boolean {
  const nb = n >= BLOCK ? BLOCK : n;
  for (let j0 = 0; j0 < n; j0 += nb) {
    const j1 = Math.min(j0 + nb, n);
    if (!factorPanel(l, o, n, j0, j1)) return false;
    // A22 -= L21 L21^T, column block by column block, rows from the block's diagonal down.
    for (let c0 = j1; c0 < n; c0 += nb) {
      const w = Math.min(nb, n - c0);
      const rows = view(l, o + c0 * n + j0, n);
      const cols = transposed(view(l, o + c0 * n + j0, n));
      gemm(n - c0, w, j1 - j0, -1, rows, cols, 1, view(l, o + c0 * n + c0, n));
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) l[o + i * n + j] = 0;
  return true;
}

/**
 * Columns j0..j1 of L over rows j0..n, given that the trailing update of every earlier panel has
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
