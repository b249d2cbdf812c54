// Householder tridiagonalisation of a symmetric matrix, A = Q T Q^T, blocked as LAPACK's dsytrd
// with dlatrd (lower triangle; Dongarra, Hammarling & Sorensen 1989): each panel of nb columns
// is reduced with the trailing matrix left as it was at the panel's start, its updates gathered in
// W so that A22 -= V W^T + W V^T; that trailing update is two GEMMs (half the flops), while the
// other half, one matrix-vector product per column, stays BLAS-2. Reflector i is dlarfg's
// (householder.ts's reflect) on A(i+1:n, i): H_i = I - tau_i v v^T, v = [1; A(i+2:n, i)].
//
// The matrix is kept whole (both triangles, row-major), so the matrix-vector product runs along
// contiguous rows and the GEMMs write plain square blocks. That product, and the panel's products
// with V and W, run in wasm SIMD (wasm/gemvWat.ts) on a copy of the panel's trailing block, taken
// once per panel (dlatrd reads the trailing matrix as it was at the panel's start), with plain JS
// loops as the fallback (no wasm, or n past about 1150, where the block outgrows the kernels'
// 12 MB memory). Q = H_0 ... H_{n-2} is formed from the same reflectors by qr.ts's compact-WY
// accumulation (dorgtr is dorgqr on A shifted down a row).
import { gemm, view } from "./gemm.js";
import { matrixVectorKernels } from "./gemv.js";
import { reflect } from "./householder.js";
import { makePanel, orgqr, type Panel } from "./qr.js";

/**
 * Reduces `a` (n x n, symmetric, both triangles stored) in place: d gets T's diagonal, e[i] =
 * T(i+1, i) (e[n-1] = 0), taus[i] reflector i's tau, and a's column i below row i reflector i's
 * v (the leading 1 stored). The rest of `a` is left as workspace.
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, taus: Float64Array, nb: number): void {
  // One memory holds the panel's trailing block as at its start (A, row stride n - i0 - 1), the
  // panel's V and W transposed and interleaved (U: row 2p is V's column p, row 2p + 1 W's, each
  // indexed by A's row, so every loop runs along contiguous memory), x (column i, then reflector
  // i's v), y and the coefficients c of the products with U.
  const uAt = Math.max(n - 1, 0) ** 2, xAt = uAt + 2 * nb * n, yAt = xAt + n, cAt = yAt + n;
  const products = matrixVectorKernels(cAt + 2 * nb);
  const mem = products.mem;
  const swapped = new Float64Array(2 * nb * n);
  for (let i0 = 0; i0 < n - 1; i0 += nb) {
    const width = Math.min(nb, n - 1 - i0);
    const b = i0 + 1, m = n - b;
    for (let r = 0; r < m; r++) mem.set(a.subarray((b + r) * n + b, (b + r + 1) * n), r * m);
    for (let k = 0; k < width; k++) {
      const i = i0 + k;
      for (let r = i; r < n; r++) mem[xAt + r] = a[r * n + i]!;
      // Column i (rows i..) takes this panel's earlier updates: A -= V W^T + W V^T.
      for (let p = 0; p < k; p++) {
        mem[cAt + 2 * p] = mem[uAt + (2 * p + 1) * n + i]!;
        mem[cAt + 2 * p + 1] = mem[uAt + 2 * p * n + i]!;
      }
      if (k > 0) products.gemvT(uAt + i, n, 2 * k, n - i, cAt, xAt + i);
      d[i] = mem[xAt + i]!;
      const tau = reflect(mem, xAt + i + 1, 1, n - 1 - i);
      taus[i] = tau;
      e[i] = mem[xAt + i + 1]!;
      mem[xAt + i + 1] = 1;
      for (let r = i + 1; r < n; r++) a[r * n + i] = mem[uAt + 2 * k * n + r] = mem[xAt + r]!;
      const len = n - 1 - i, at = i + 1 - b;
      products.gemv(at * m + at, m, len, len, xAt + i + 1, yAt + i + 1);
      // y -= W (V^T v) + V (W^T v) over the panel's earlier columns: the updates A22 has not taken.
      if (k > 0) {
        products.gemv(uAt + i + 1, n, 2 * k, len, xAt + i + 1, cAt);
        for (let p = 0; p < k; p++) {
          const vtv = mem[cAt + 2 * p]!;
          mem[cAt + 2 * p] = mem[cAt + 2 * p + 1]!;
          mem[cAt + 2 * p + 1] = vtv;
        }
        products.gemvT(uAt + i + 1, n, 2 * k, len, cAt, yAt + i + 1);
      }
      // W's column k: tau y - (tau^2 / 2)(y^T v) v (dsytd2's w).
      let dot = 0;
      for (let r = i + 1; r < n; r++) {
        mem[yAt + r] = tau * mem[yAt + r]!;
        dot += mem[yAt + r]! * mem[xAt + r]!;
      }
      const alpha = -0.5 * tau * dot;
      for (let r = i + 1; r < n; r++) mem[uAt + (2 * k + 1) * n + r] = mem[yAt + r]! + alpha * mem[xAt + r]!;
    }
    const i1 = i0 + width;
    const rest = n - i1;
    // A22 -= V W^T + W V^T as one GEMM of depth 2 width: [v0 w0 v1 w1 ..] times the rows
    // [w0; v0; w1; v1; ..] (U's rows with each pair swapped, copied to `swapped`).
    for (let q = 0; q < 2 * width; q++) swapped.set(mem.subarray(uAt + (q ^ 1) * n + i1, uAt + (q ^ 1) * n + n), q * rest);
    gemm(rest, rest, 2 * width, -1, view(mem, uAt + i1, 1, n), view(swapped, 0, rest), 1, view(a, i1 * n + i1, n));
  }
  if (n > 0) d[n - 1] = a[(n - 1) * n + n - 1]!;
  if (n > 0) e[n - 1] = 0;
}

/** q (n x n) = H_0 ... H_{n-2} from tridiagonalize's reflectors: diag(1, Q') with Q' qr.ts's orgqr over rows 1..n-1. */
export function formQ(a: Float64Array, n: number, taus: Float64Array, nb: number, q: Float64Array): void {
  q.fill(0, 0, n * n);
  if (n === 0) return;
  q[0] = 1;
  const m = n - 1;
  if (m === 0) return;
  const below = a.subarray(n);
  const panels: Panel[] = [];
  for (let j0 = 0; j0 < m; j0 += nb) panels.push(makePanel(below, m, n, j0, Math.min(j0 + nb, m), taus));
  orgqr(m, panels, q, n + 1, m, n);
}
