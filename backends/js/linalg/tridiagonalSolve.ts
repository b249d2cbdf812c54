// Tridiagonal solves A X = B (JAX's tridiagonal_solve_p) for a batch of systems of order m with
// nrhs right-hand sides, in JAX's layout: dl, d, du of shape (batch, m) with dl[i] = A[i, i-1]
// (dl[0] unused), d[i] = A[i, i], du[i] = A[i, i+1] (du[m-1] unused), and B (batch, m, nrhs)
// row-major. The Thomas algorithm (forward elimination without pivoting, back substitution),
// which is what JAX's own fallback (_tridiagonal_solve_jax_impl) computes: stable for diagonally
// dominant or symmetric positive-definite A; a zero pivot gives inf/nan. (JAX's CPU lowering
// calls LAPACK's gtsv, which pivots, and returns NaN for a singular A.)
import { like, type FloatArray } from "./types.js";

export function tridiagonalSolve(dl: FloatArray, d: FloatArray, du: FloatArray, b: FloatArray, batch: number, m: number, nrhs: number): FloatArray {
  const x = like(b, b.length);
  const cp = new Float64Array(m);
  for (let s = 0; s < batch; s++) {
    const o = s * m;
    const bo = s * m * nrhs;
    // Forward sweep: cp[i] = du[i] / denom_i, x'[i] = (b[i] - dl[i] x'[i-1]) / denom_i.
    let prev = 0;
    for (let i = 0; i < m; i++) {
      const li = i === 0 ? 0 : dl[o + i]!;
      const denom = d[o + i]! - li * prev;
      prev = du[o + i]! / denom;
      cp[i] = prev;
      const r = bo + i * nrhs;
      for (let j = 0; j < nrhs; j++) x[r + j] = (b[r + j]! - (i === 0 ? 0 : li * x[r - nrhs + j]!)) / denom;
    }
    // Back substitution: x[i] -= cp[i] x[i+1].
    for (let i = m - 2; i >= 0; i--) {
      const r = bo + i * nrhs;
      const c = cp[i]!;
      for (let j = 0; j < nrhs; j++) x[r + j] = x[r + j]! - c * x[r + nrhs + j]!;
    }
  }
  return x;
}
