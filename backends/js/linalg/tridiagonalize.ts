// Householder tridiagonalisation of a symmetric matrix, A = Q T Q^T, blocked as LAPACK's dsytrd
// with dlatrd (lower triangle; Dongarra, Hammarling & Sorensen 1989): each panel of nb columns
// is reduced with the trailing matrix left as it was at the panel's start, its updates gathered in
// W so that A22 -= V W^T + W V^T; that trailing update is two GEMMs (half the flops), while the
// other half, one matrix-vector product per column, stays BLAS-2. Reflector i is dlarfg's
// (qr.ts's householder) on A(i+1:n, i): H_i = I - tau_i v v^T, v = [1; A(i+2:n, i)].
//
// The matrix is kept whole (both triangles, row-major), so the matrix-vector product runs along
// contiguous rows and the GEMMs write plain square blocks. That product runs in wasm SIMD
// (wasm/gemvWat.ts) on a copy of the panel's trailing block, taken once per panel (dlatrd reads
// the trailing matrix as it was at the panel's start), with a plain JS loop as the fallback. Q = H_0 ... H_{n-2} is formed from the
// same reflectors by qr.ts's compact-WY accumulation (dorgtr is dorgqr on A shifted down a row).
import { GEMV_A_AT, GEMV_A_BYTES, GEMV_VECTOR_BYTES, GEMV_X_AT, GEMV_Y_AT, gemvRuntime, type GemvRuntime } from "../wasm/gemv.js";
import { gemm, transposed, view } from "./gemm.js";
import { householder, makePanel, orgqr, type Panel } from "./qr.js";

/** Which matrix-vector product runs: wasm where available ("auto"), or the JS loop (tests). */
export type MatrixVectorPath = "auto" | "js";
let path: MatrixVectorPath = "auto";
export function setMatrixVectorPath(p: MatrixVectorPath): MatrixVectorPath {
  const old = path;
  path = p;
  return old;
}

/**
 * Reduces `a` (n x n, symmetric, both triangles stored) in place: d gets T's diagonal, e[i] =
 * T(i+1, i) (e[n-1] = 0), taus[i] reflector i's tau, and a's column i below row i reflector i's
 * v (the leading 1 stored). The rest of `a` is left as workspace.
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, taus: Float64Array, nb: number): void {
  const w = new Float64Array(n * nb);
  const v = new Float64Array(n);
  const y = new Float64Array(n);
  const vtv = new Float64Array(nb);
  const wtv = new Float64Array(nb);
  // Column i's rows i+1.. are this view's rows i..: qr.ts's reflector on a column from its diagonal.
  const below = a.subarray(n);
  const rt = path === "auto" ? gemvRuntime() : null;
  for (let i0 = 0; i0 < n - 1; i0 += nb) {
    const width = Math.min(nb, n - 1 - i0);
    const wasm = rt !== null && stageTrailing(rt, a, n, i0 + 1);
    for (let k = 0; k < width; k++) {
      const i = i0 + k;
      // Column i (rows i..) takes this panel's earlier updates: A -= V W^T + W V^T.
      if (k > 0) {
        const ai = i * n + i0, wi = i * nb;
        for (let r = i; r < n; r++) {
          const ar = r * n + i0, wr = r * nb;
          let s = 0;
          for (let p = 0; p < k; p++) s += a[ar + p]! * w[wi + p]! + w[wr + p]! * a[ai + p]!;
          a[r * n + i] = a[r * n + i]! - s;
        }
      }
      d[i] = a[i * n + i]!;
      const tau = householder(below, n - 1, n, i);
      taus[i] = tau;
      e[i] = a[(i + 1) * n + i]!;
      a[(i + 1) * n + i] = 1;
      for (let r = i + 1; r < n; r++) v[r] = a[r * n + i]!;
      if (wasm && rt !== null) stagedTimes(rt, n, i0 + 1, i + 1, v, y);
      else trailingTimes(a, n, i + 1, v, y);
      // y -= W (V^T v) + V (W^T v) over the panel's earlier columns: the updates A22 has not taken.
      if (k > 0) {
        vtv.fill(0, 0, k);
        wtv.fill(0, 0, k);
        for (let r = i + 1; r < n; r++) {
          const ar = r * n + i0, wr = r * nb, vr = v[r]!;
          for (let p = 0; p < k; p++) {
            vtv[p] = vtv[p]! + a[ar + p]! * vr;
            wtv[p] = wtv[p]! + w[wr + p]! * vr;
          }
        }
        for (let r = i + 1; r < n; r++) {
          const ar = r * n + i0, wr = r * nb;
          let s = 0;
          for (let p = 0; p < k; p++) s += w[wr + p]! * vtv[p]! + a[ar + p]! * wtv[p]!;
          y[r] = y[r]! - s;
        }
      }
      // W's column k: tau y - (tau^2 / 2)(y^T v) v (dsytd2's w).
      let dot = 0;
      for (let r = i + 1; r < n; r++) {
        y[r] = tau * y[r]!;
        dot += y[r]! * v[r]!;
      }
      const alpha = -0.5 * tau * dot;
      for (let r = i + 1; r < n; r++) w[r * nb + k] = y[r]! + alpha * v[r]!;
    }
    const i1 = i0 + width;
    const m = n - i1;
    const V = view(a, i1 * n + i0, n), W = view(w, i1 * nb, nb), C = view(a, i1 * n + i1, n);
    gemm(m, m, width, -1, V, transposed(W), 1, C);
    gemm(m, m, width, -1, W, transposed(V), 1, C);
  }
  if (n > 0) d[n - 1] = a[(n - 1) * n + n - 1]!;
  if (n > 0) e[n - 1] = 0;
}

/** Copies A(b.., b..) into the wasm memory (row stride n - b); false where it does not fit. */
function stageTrailing(rt: GemvRuntime, a: Float64Array, n: number, b: number): boolean {
  const m = n - b;
  if (m * m * 8 > GEMV_A_BYTES || m * 8 > GEMV_VECTOR_BYTES) return false;
  for (let r = 0; r < m; r++) rt.f64.set(a.subarray((b + r) * n + b, (b + r + 1) * n), GEMV_A_AT / 8 + r * m);
  return true;
}

/** trailingTimes on the block stageTrailing copied from A(b.., b..): y[i..n) = A(i.., i..) x[i..n). */
function stagedTimes(rt: GemvRuntime, n: number, b: number, i: number, x: Float64Array, y: Float64Array): void {
  const m = n - b, k = i - b, len = n - i;
  rt.f64.set(x.subarray(i, n), GEMV_X_AT / 8);
  rt.gemv(GEMV_A_AT + (k * m + k) * 8, m * 8, len, len, GEMV_X_AT, GEMV_Y_AT);
  y.set(rt.f64.subarray(GEMV_Y_AT / 8, GEMV_Y_AT / 8 + len), i);
}

/** y[r] = sum over c of A[r][c] x[c], for r, c in i..n-1: four rows at a time, each read once per column. */
function trailingTimes(a: Float64Array, n: number, i: number, x: Float64Array, y: Float64Array): void {
  let r = i;
  for (; r + 4 <= n; r += 4) {
    const a0 = r * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let c = i; c < n; c++) {
      const xc = x[c]!;
      s0 += a[a0 + c]! * xc;
      s1 += a[a1 + c]! * xc;
      s2 += a[a2 + c]! * xc;
      s3 += a[a3 + c]! * xc;
    }
    y[r] = s0;
    y[r + 1] = s1;
    y[r + 2] = s2;
    y[r + 3] = s3;
  }
  for (; r < n; r++) {
    let s = 0;
    for (let c = i; c < n; c++) s += a[r * n + c]! * x[c]!;
    y[r] = s;
  }
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
  const inner = new Float64Array(m * m);
  orgqr(m, panels, inner, 0, m);
  for (let r = 0; r < m; r++) q.set(inner.subarray(r * m, (r + 1) * m), (r + 1) * n + 1);
}
