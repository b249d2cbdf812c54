// Householder QR, A = Q R (LAPACK's geqrf + orgqr; JAX's qr_p), of a batch of (m x n) row-major
// matrices, k = min(m, n). fullMatrices: Q is (m x m) and R (m x n); otherwise Q is (m x k) and
// R (k x n). Reflectors follow dlarfg, so R's diagonal has LAPACK's signs: beta = -sign(alpha)
// ||x||, and a column with nothing below the diagonal gets tau = 0 (H = I; that diagonal entry is
// kept as it is, possibly negative).
//
// Blocked by panels of BLOCK columns (compact WY, Schreiber & Van Loan 1989, as dgeqrf/dlarft/
// dlarfb): H_0 ... H_{b-1} = I - V T V^T, so the trailing columns take two GEMMs and a small
// triangular product per panel, and Q is accumulated the same way, backwards (dorgqr).
import { gemm, transposed, view } from "./gemm.js";
import { BLOCK, like, type FloatArray } from "./types.js";
import { reflectColumnSegment } from "./householder.js";

export interface QrResult {
  readonly q: FloatArray;
  readonly r: FloatArray;
}

/** The result buffers of a batch of QR factorisations, k = min(m, n): Q (m x qCols) and R (rRows x n). */
export function qrOutputs(a: FloatArray, batch: number, m: number, n: number, fullMatrices: boolean): QrResult & { k: number; qCols: number; rRows: number } {
  const k = Math.min(m, n);
  const qCols = fullMatrices ? m : k;
  const rRows = fullMatrices ? m : k;
  return { k, qCols, rRows, q: like(a, batch * m * qCols), r: like(a, batch * rRows * n) };
}

/** Writes the upper triangle of the factored (m x n) `w` as matrix b of the batch of R's (rRows x n). */
export function writeR(w: FloatArray, r: FloatArray, b: number, rRows: number, m: number, n: number): void {
  const ro = b * rRows * n;
  for (let i = 0; i < Math.min(rRows, m); i++) for (let j = i; j < n; j++) r[ro + i * n + j] = w[i * n + j]!;
}

export function qr(a: FloatArray, batch: number, m: number, n: number, fullMatrices: boolean): QrResult {
  const { k, qCols, rRows, q, r } = qrOutputs(a, batch, m, n, fullMatrices);
  const work = like(a, m * n);
  const taus = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    work.set(a.subarray(b * m * n, (b + 1) * m * n));
    const blocks = geqrf(work, m, n, taus);
    writeR(work, r, b, rRows, m, n);
    orgqr(m, blocks, q, b * m * qCols, qCols);
  }
  return { q, r };
}

/** One panel's reflectors: V (rows x width, unit lower trapezoidal) and T (width x width, upper). */
export interface Panel {
  readonly j0: number;
  readonly width: number;
  readonly v: FloatArray;
  readonly t: Float64Array;
}

/** Factors `w` in place (R above the diagonal, reflectors below); returns the panels for Q. */
function geqrf(w: FloatArray, m: number, n: number, taus: Float64Array): Panel[] {
  const k = Math.min(m, n);
  const nb = k >= BLOCK ? BLOCK : Math.max(k, 1);
  const panels: Panel[] = [];
  for (let j0 = 0; j0 < k; j0 += nb) {
    const j1 = Math.min(j0 + nb, k);
    const blocked = nb < k;
    for (let j = j0; j < j1; j++) {
      taus[j] = reflectColumnSegment(w, n, j, m, j);
      applyReflector(w, m, n, j, taus[j]!, j + 1, blocked ? j1 : n);
    }
    const panel = makePanel(w, m, n, j0, j1, taus);
    panels.push(panel);
    if (blocked && j1 < n) applyPanelTransposed(panel, w, m, n, j1);
  }
  return panels;
}

/** Columns c0..c1 (rows j..m) of w = (I - tau v v^T) times themselves, v = [1; w[j+1.., j]]. */
function applyReflector(w: FloatArray, m: number, n: number, j: number, tau: number, c0: number, c1: number): void {
  if (tau === 0 || c1 <= c0) return;
  const acc = new Float64Array(c1 - c0);
  for (let c = c0; c < c1; c++) acc[c - c0] = w[j * n + c]!;
  for (let i = j + 1; i < m; i++) {
    const vi = w[i * n + j]!;
    if (vi !== 0) for (let c = c0; c < c1; c++) acc[c - c0] = acc[c - c0]! + vi * w[i * n + c]!;
  }
  for (let c = c0; c < c1; c++) w[j * n + c] = w[j * n + c]! - tau * acc[c - c0]!;
  for (let i = j + 1; i < m; i++) {
    const s = tau * w[i * n + j]!;
    if (s !== 0) for (let c = c0; c < c1; c++) w[i * n + c] = w[i * n + c]! - s * acc[c - c0]!;
  }
}

/** V and T of reflectors j0..j1 (dlarft, forward and columnwise). */
export function makePanel(w: FloatArray, m: number, n: number, j0: number, j1: number, taus: Float64Array): Panel {
  const rows = m - j0;
  const width = j1 - j0;
  const v = like(w, rows * width);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < width && t <= i; t++) v[i * width + t] = i === t ? 1 : w[(j0 + i) * n + j0 + t]!;
  }
  const t = new Float64Array(width * width);
  const col = new Float64Array(width);
  // V^T V in one GEMM where the wasm kernel takes V's dtype (float64; float32 sums in doubles below).
  const gram = v instanceof Float64Array ? new Float64Array(width * width) : null;
  if (gram !== null) gemm(width, width, rows, 1, transposed(view(v, 0, width)), view(v, 0, width), 0, view(gram, 0, width));
  for (let i = 0; i < width; i++) {
    const tau = taus[j0 + i]!;
    t[i * width + i] = tau;
    // T[0:i, i] = -tau T[0:i, 0:i] (V[:, 0:i]^T v_i).
    for (let s = 0; s < i; s++) {
      let d = 0;
      if (gram !== null) d = gram[s * width + i]!;
      else for (let r = i; r < rows; r++) d += v[r * width + s]! * v[r * width + i]!;
      col[s] = -tau * d;
    }
    for (let s = 0; s < i; s++) {
      let acc = 0;
      for (let u = s; u < i; u++) acc += t[s * width + u]! * col[u]!;
      t[s * width + i] = acc;
    }
  }
  return { j0, width, v, t };
}

/** Columns c0..n (rows j0..m) of w = (I - V T^T V^T) times themselves: Q_panel^T applied (dlarfb). */
function applyPanelTransposed(p: Panel, w: FloatArray, m: number, n: number, c0: number): void {
  const rows = m - p.j0;
  const cols = n - c0;
  const tmp = like(w, p.width * cols);
  const V = view(p.v, 0, p.width);
  const C = view(w, p.j0 * n + c0, n);
  gemm(p.width, cols, rows, 1, transposed(V), C, 0, view(tmp, 0, cols));
  gemm(rows, cols, p.width, -1, V, view(triangularTimes(p.t, p.width, tmp, cols, true), 0, cols), 1, C);
}

/**
 * T x or T^T x (T upper triangular, x width x cols): in float64 a GEMM into a new array (the
 * products at GEMM speed); in float32 in place by rows (T^T bottom-up, so each row reads rows not
 * yet overwritten), where a GEMM of float64 T and float32 x would take the plain loop anyway.
 */
function triangularTimes(t: Float64Array, width: number, x: FloatArray, cols: number, transposeT: boolean): FloatArray {
  if (x instanceof Float64Array) {
    const out = new Float64Array(width * cols);
    const T = view(t, 0, width);
    gemm(width, cols, width, 1, transposeT ? transposed(T) : T, view(x, 0, cols), 0, view(out, 0, cols));
    return out;
  }
  const acc = new Float64Array(cols);
  for (let step = 0; step < width; step++) {
    const r = transposeT ? width - 1 - step : step;
    const [s0, s1] = transposeT ? [0, r + 1] : [r, width];
    acc.fill(0);
    for (let s = s0; s < s1; s++) {
      const coef = transposeT ? t[s * width + r]! : t[r * width + s]!;
      if (coef !== 0) for (let j = 0; j < cols; j++) acc[j] = acc[j]! + coef * x[s * cols + j]!;
    }
    for (let j = 0; j < cols; j++) x[r * cols + j] = acc[j]!;
  }
  return x;
}

/**
 * Q (m x qCols, row stride ldq) at q[qo..] = H_0 ... H_{k-1} applied to the identity's first qCols
 * columns; q's entries there must be zero on entry.
 */
export function orgqr(m: number, panels: Panel[], q: FloatArray, qo: number, qCols: number, ldq = qCols): void {
  for (let i = 0; i < Math.min(m, qCols); i++) q[qo + i * ldq + i] = 1;
  for (let pi = panels.length - 1; pi >= 0; pi--) {
    const p = panels[pi]!;
    const rows = m - p.j0;
    const cols = qCols - p.j0;
    if (cols <= 0) continue;
    const tmp = like(q, p.width * cols);
    const V = view(p.v, 0, p.width);
    const Q = view(q, qo + p.j0 * ldq + p.j0, ldq);
    gemm(p.width, cols, rows, 1, transposed(V), Q, 0, view(tmp, 0, cols));
    gemm(rows, cols, p.width, -1, V, view(triangularTimes(p.t, p.width, tmp, cols, false), 0, cols), 1, Q);
  }
}

/**
 * The first `cols` columns of H_0 H_1 ... H_{k-1} (an (m x cols) matrix, m >= cols >= k), where
 * reflector i has v = [1; a[i+1..m-1][i]] and tau taus[i]; `a` is (m x lda) row-major (JAX's
 * householder_product_p, LAPACK's orgqr): the reflectors in BLOCK-wide compact-WY panels, as geqrf's.
 */
export function householderProduct(a: Float64Array, lda: number, m: number, cols: number, taus: Float64Array, k: number): Float64Array {
  const q = new Float64Array(m * cols);
  const panels: Panel[] = [];
  for (let j0 = 0; j0 < k; j0 += BLOCK) panels.push(makePanel(a, m, lda, j0, Math.min(j0 + BLOCK, k), taus));
  orgqr(m, panels, q, 0, cols);
  return q;
}
