// The general eigendecomposition (JAX's eig_p; LAPACK's geev role) of a batch of (n x n) real or
// complex matrices: balancing, the complex Schur form A = Z T Z^H (./schur.ts), then the
// eigenvectors of the triangular T by back substitution (right) and forward substitution (left),
// with LAPACK ztrevc's perturbation of tiny pivots to smin, transformed back by Z and D.
// Eigenvectors are normalised as geev's: unit 2-norm, largest-magnitude component real (and
// positive). Real input is computed as complex, so the eigenvalues of a real matrix are complex
// conjugate pairs to rounding (not bit for bit as dgeev's), and real eigenvalues may carry an
// imaginary part of rounding size. Complex values are interleaved (re, im); results have the
// operand's precision. A matrix holding a NaN or inf, or one whose QR iteration does not
// converge, gives NaNs, as JAX does for a failed geev. schurBatch is the Schur form alone (schur_p).
import { balance, schur, complexMatrix, type ComplexMatrix } from "./schur.js";
import type { FloatArray } from "./types.js";

export interface EigResult {
  /** (batch, n, 2): eigenvalues, interleaved. */
  readonly w: FloatArray;
  /** (batch, n, n, 2): left eigenvectors in columns (vl^H A = w vl^H), or null. */
  readonly vl: FloatArray | null;
  /** (batch, n, n, 2): right eigenvectors in columns (A vr = w vr), or null. */
  readonly vr: FloatArray | null;
}

const ULP = 2 ** -52;
const SAFE_MIN = 2 ** -1022;
/** Rescaling threshold for the substitutions (ztrevc scales through zlatrs; we scale past 2^600). */
const HUGE = 2 ** 600;

/** Matrix b of the batch as a complex matrix; null if it holds a non-finite value. */
function readMatrix(a: FloatArray, b: number, n: number, complexInput: boolean): ComplexMatrix | null {
  const m = complexMatrix(n);
  const stride = complexInput ? 2 : 1;
  const o = b * n * n * stride;
  for (let i = 0; i < n * n; i++) {
    const re = a[o + i * stride]!, im = complexInput ? a[o + 2 * i + 1]! : 0;
    if (!Number.isFinite(re) || !Number.isFinite(im)) return null;
    m.re[i] = re;
    m.im[i] = im;
  }
  return m;
}

/** Columns 0..k of x (indexed x[j] for column k's vector) are combined: out = Z[:, 0..k] x. */
function backTransform(z: ComplexMatrix, xr: Float64Array, xi: Float64Array, from: number, to: number, outR: Float64Array, outI: Float64Array): void {
  const n = z.n;
  for (let r = 0; r < n; r++) {
    let sr = 0, si = 0;
    for (let j = from; j <= to; j++) {
      const zr = z.re[r * n + j]!, zi = z.im[r * n + j]!;
      sr += zr * xr[j]! - zi * xi[j]!;
      si += zr * xi[j]! + zi * xr[j]!;
    }
    outR[r] = sr;
    outI[r] = si;
  }
}

/** x / (d - w) with d - w replaced by smin when smaller (ztrevc), into x[j]. */
function divideByShifted(t: ComplexMatrix, j: number, wr: number, wi: number, smin: number, xr: Float64Array, xi: Float64Array): void {
  const n = t.n;
  let dr = t.re[j * n + j]! - wr, di = t.im[j * n + j]! - wi;
  if (Math.abs(dr) + Math.abs(di) < smin) (dr = smin), (di = 0);
  const den = dr * dr + di * di;
  const nr = xr[j]!, ni = xi[j]!;
  xr[j] = (nr * dr + ni * di) / den;
  xi[j] = (ni * dr - nr * di) / den;
}

/** Scales x[lo..hi] down when x[j] has grown past HUGE, so that the substitution never overflows. */
function rescale(xr: Float64Array, xi: Float64Array, j: number, lo: number, hi: number): void {
  if (Math.abs(xr[j]!) + Math.abs(xi[j]!) < HUGE) return;
  for (let i = lo; i <= hi; i++) (xr[i] = xr[i]! / HUGE), (xi[i] = xi[i]! / HUGE);
}

/** Right eigenvector k of the triangular t: x[k] = 1, (T[0..k-1] - t_kk) x = -T[0..k-1, k] by back substitution. */
function triangularRightVector(t: ComplexMatrix, k: number, xr: Float64Array, xi: Float64Array): void {
  const n = t.n;
  const wr = t.re[k * n + k]!, wi = t.im[k * n + k]!;
  const smin = Math.max(ULP * (Math.abs(wr) + Math.abs(wi)), SAFE_MIN * (n / ULP));
  for (let j = 0; j < k; j++) (xr[j] = -t.re[j * n + k]!), (xi[j] = -t.im[j * n + k]!);
  xr[k] = 1;
  xi[k] = 0;
  for (let j = k - 1; j >= 0; j--) {
    divideByShifted(t, j, wr, wi, smin, xr, xi);
    rescale(xr, xi, j, 0, k);
    const pr = xr[j]!, pi = xi[j]!;
    for (let i = 0; i < j; i++) {
      xr[i] = xr[i]! - (t.re[i * n + j]! * pr - t.im[i * n + j]! * pi);
      xi[i] = xi[i]! - (t.re[i * n + j]! * pi + t.im[i * n + j]! * pr);
    }
  }
}

/**
 * Left eigenvector k of the triangular t as y = conj(u): u[k] = 1, u[j] = 0 below k, and
 * u^T (T - t_kk) = 0 solved for u[k+1..n-1] by forward substitution.
 */
function triangularLeftVector(t: ComplexMatrix, k: number, xr: Float64Array, xi: Float64Array): void {
  const n = t.n;
  const wr = t.re[k * n + k]!, wi = t.im[k * n + k]!;
  const smin = Math.max(ULP * (Math.abs(wr) + Math.abs(wi)), SAFE_MIN * (n / ULP));
  xr.fill(0);
  xi.fill(0);
  xr[k] = 1;
  for (let j = k + 1; j < n; j++) {
    let sr = 0, si = 0;
    for (let i = k; i < j; i++) {
      sr += xr[i]! * t.re[i * n + j]! - xi[i]! * t.im[i * n + j]!;
      si += xr[i]! * t.im[i * n + j]! + xi[i]! * t.re[i * n + j]!;
    }
    xr[j] = -sr;
    xi[j] = -si;
    divideByShifted(t, j, wr, wi, smin, xr, xi);
    rescale(xr, xi, j, k, j);
  }
  for (let j = k; j < n; j++) xi[j] = -xi[j]!;
}

/**
 * Writes column k of an (n x n) interleaved result from v (scaled row-wise by `rowScale`):
 * unit 2-norm, largest-magnitude component real and positive (zgeev's normalisation).
 */
function writeNormalised(vr: Float64Array, vi: Float64Array, rowScale: Float64Array, out: FloatArray, o: number, k: number): void {
  const n = vr.length;
  let big = -1, at = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    vr[i] = vr[i]! * rowScale[i]!;
    vi[i] = vi[i]! * rowScale[i]!;
    scale = Math.max(scale, Math.abs(vr[i]!), Math.abs(vi[i]!));
  }
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const m = (vr[i]! / scale) ** 2 + (vi[i]! / scale) ** 2;
    norm += m;
    if (m > big) (big = m), (at = i);
  }
  norm = Math.sqrt(norm) * scale;
  const mag = Math.hypot(vr[at]!, vi[at]!);
  // Multiplying by conj(v_at) / (|v_at| norm) makes v_at real and positive, the norm 1.
  const pr = vr[at]! / (mag * norm), pi = -vi[at]! / (mag * norm);
  for (let i = 0; i < n; i++) {
    out[o + 2 * (i * n + k)] = vr[i]! * pr - vi[i]! * pi;
    out[o + 2 * (i * n + k) + 1] = i === at ? 0 : vr[i]! * pi + vi[i]! * pr;
  }
}

/** The eigendecomposition of a batch (see the file comment). */
export function eig(a: FloatArray, batch: number, n: number, complexInput: boolean, left: boolean, right: boolean): EigResult {
  const Ctor = a instanceof Float32Array ? Float32Array : Float64Array;
  const w = new Ctor(batch * n * 2);
  const vl = left ? new Ctor(batch * n * n * 2) : null;
  const vr = right ? new Ctor(batch * n * n * 2) : null;
  for (let b = 0; b < batch; b++) {
    const t = readMatrix(a, b, n, complexInput);
    const scale = t === null ? null : balance(t);
    const z = t === null ? null : schur(t);
    if (t === null || z === null || scale === null) {
      w.fill(NaN, b * n * 2, (b + 1) * n * 2);
      vl?.fill(NaN, b * n * n * 2, (b + 1) * n * n * 2);
      vr?.fill(NaN, b * n * n * 2, (b + 1) * n * n * 2);
      continue;
    }
    for (let k = 0; k < n; k++) (w[2 * (b * n + k)] = t.re[k * n + k]!), (w[2 * (b * n + k) + 1] = t.im[k * n + k]!);
    if (vr !== null) eigenvectors(t, z, scale, vr, b * n * n * 2, "right");
    if (vl !== null) eigenvectors(t, z, scale.map((s) => 1 / s), vl, b * n * n * 2, "left");
  }
  return { w, vl, vr };
}

/** Every right (or left) eigenvector of A = D Z T Z^H D^-1, written normalised into out at o. */
function eigenvectors(t: ComplexMatrix, z: ComplexMatrix, rowScale: Float64Array, out: FloatArray, o: number, side: "left" | "right"): void {
  const n = t.n;
  const xr = new Float64Array(n), xi = new Float64Array(n);
  const vr = new Float64Array(n), vi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (side === "right") triangularRightVector(t, k, xr, xi);
    else triangularLeftVector(t, k, xr, xi);
    backTransform(z, xr, xi, side === "right" ? 0 : k, side === "right" ? k : n - 1, vr, vi);
    writeNormalised(vr, vi, rowScale, out, o, k);
  }
}

export interface SchurResult {
  /** (batch, n, n, 2): the upper-triangular Schur form, interleaved. */
  readonly t: FloatArray;
  /** (batch, n, n, 2): the unitary Schur vectors, or null. */
  readonly z: FloatArray | null;
}

/** The complex Schur decomposition A = Z T Z^H of a batch of complex (interleaved) matrices, unbalanced (as zgees). */
export function schurBatch(a: FloatArray, batch: number, n: number, vectors: boolean): SchurResult {
  const Ctor = a instanceof Float32Array ? Float32Array : Float64Array;
  const t = new Ctor(batch * n * n * 2);
  const z = vectors ? new Ctor(batch * n * n * 2) : null;
  const write = (m: ComplexMatrix, out: FloatArray, o: number): void => {
    for (let i = 0; i < n * n; i++) (out[o + 2 * i] = m.re[i]!), (out[o + 2 * i + 1] = m.im[i]!);
  };
  for (let b = 0; b < batch; b++) {
    const o = b * n * n * 2;
    const m = readMatrix(a, b, n, true);
    const q = m === null ? null : schur(m);
    if (m === null || q === null) {
      t.fill(NaN, o, o + n * n * 2);
      z?.fill(NaN, o, o + n * n * 2);
      continue;
    }
    write(m, t, o);
    if (z !== null) write(q, z, o);
  }
  return { t, z };
}
