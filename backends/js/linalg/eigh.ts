// Symmetric eigendecomposition A = V diag(w) V^T (LAPACK's syevd role; JAX's eigh_p) of a batch of
// (n x n) row-major matrices: eigenvalues ascending, orthonormal eigenvectors in V's columns. Only
// the `lower` (or upper) triangle of A is read. A matrix holding a NaN or inf gives NaNs, as JAX
// replaces a failed syevd.
//
// As LAPACK's dsteqr path (dsytrd, dorgtr, dsteqr): blocked Householder tridiagonalisation
// A = Q T Q^T and its Q formed by GEMMs (tridiagonalize.ts), then the implicit QL algorithm with
// Wilkinson-style shifts on T alone (EISPACK's tql2, Bowdler, Martin, Reinsch & Wilkinson 1968,
// in the form JAMA published), its rotations recorded and applied to Q's columns afterwards, many
// sweeps per pass over the matrix (planeRotations.ts, dlasr's role): V = Q Z. Backward stable, so
// eigenvalues are exact to about eps ||A|| as LAPACK's. Arithmetic is float64 for both dtypes.
import { applyPlaneRotations, PlaneRotations } from "./planeRotations.js";
import { formQ, tridiagonalize } from "./tridiagonalize.js";
import { like, scaleByPowerOfTwo, type FloatArray } from "./types.js";

/** Panel width of the tridiagonalisation (dsytrd's default nb is 32). */
const PANEL = 32;

export interface EighResult {
  /** (batch, n, n): eigenvectors in columns. */
  readonly v: FloatArray;
  /** (batch, n), ascending. */
  readonly w: FloatArray;
}

export function eigh(a: FloatArray, batch: number, n: number, lower: boolean): EighResult {
  const v = like(a, batch * n * n);
  const w = like(a, batch * n);
  const z = new Float64Array(n * n);
  const q = new Float64Array(n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const taus = new Float64Array(n);
  const rot = new PlaneRotations();
  for (let b = 0; b < batch; b++) {
    const o = b * n * n;
    let finite = true;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = lower ? a[o + i * n + j]! : a[o + j * n + i]!;
        if (!Number.isFinite(x)) finite = false;
        z[i * n + j] = x;
        z[j * n + i] = x;
      }
    }
    rot.clear();
    const scale = finite ? rescale(z) : 1;
    if (finite) {
      tridiagonalize(z, n, d, e, taus, PANEL);
      finite = diagonalize(rot, d, e, n);
    }
    if (!finite) {
      v.fill(NaN, o, o + n * n);
      w.fill(NaN, b * n, (b + 1) * n);
      continue;
    }
    formQ(z, n, taus, PANEL, q);
    applyPlaneRotations(q, 0, n, n, n, 1, rot);
    // Ascending eigenvalues, eigenvectors (columns of q) moved along.
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
    for (let c = 0; c < n; c++) w[b * n + c] = d[order[c]!]! * scale;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) v[o + r * n + c] = q[r * n + order[c]!]!;
  }
  return { v, w };
}

/**
 * dsyevd's scaling: a matrix whose largest entry is outside [2^-485, 2^485] is multiplied by a
 * power of two that brings it to about 1, so that no intermediate overflows or underflows (the
 * rank-2 updates square entries); returns the factor that gives back the eigenvalues.
 */
function rescale(z: Float64Array): number {
  let big = 0;
  for (let i = 0; i < z.length; i++) big = Math.max(big, Math.abs(z[i]!));
  if (big === 0 || (big >= 2 ** -485 && big <= 2 ** 485)) return 1;
  const e = Math.floor(Math.log2(big));
  scaleByPowerOfTwo(z, -e);
  return 2 ** e;
}

/** tql2: implicit QL on the tridiagonal (d, e[i] = T(i+1, i)), recording its rotations; false if it fails to converge. */
function diagonalize(rot: PlaneRotations, d: Float64Array, e: Float64Array, n: number): boolean {
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && !(Math.abs(e[m]!) <= eps * tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) return false;
        f += qlStep(rot, d, e, n, l, m);
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  return true;
}

/** One implicit QL sweep over l..m, recording its rotations; returns the shift it subtracted from d[l+2..]. */
function qlStep(rot: PlaneRotations, d: Float64Array, e: Float64Array, n: number, l: number, m: number): number {
  let g = d[l]!;
  let p = (d[l + 1]! - g) / (2 * e[l]!);
  let r = Math.hypot(p, 1);
  if (p < 0) r = -r;
  d[l] = e[l]! / (p + r);
  d[l + 1] = e[l]! * (p + r);
  const dl1 = d[l + 1]!;
  let h = g - d[l]!;
  for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
  const shift = h;
  p = d[m]!;
  let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
  const el1 = e[l + 1]!;
  rot.beginSweep(m - 1, true);
  for (let i = m - 1; i >= l; i--) {
    c3 = c2;
    c2 = c;
    s2 = s;
    g = c * e[i]!;
    h = c * p;
    r = hypot(p, e[i]!);
    e[i + 1] = s * r;
    s = e[i]! / r;
    c = p / r;
    p = c * d[i]! - s * g;
    d[i + 1] = h + s * (c * g + s * d[i]!);
    // Eigenvector columns i and i+1 rotate later, with the whole sweep.
    rot.push(c, s);
  }
  p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
  e[l] = s * p;
  d[l] = c * p;
  return shift;
}

/**
 * sqrt(x^2 + y^2) without overflow or underflow (EISPACK's pythag's role): the plain formula
 * where both squares are safely in range, else Math.hypot, which is several times slower in V8
 * and ran once per rotation.
 */
function hypot(x: number, y: number): number {
  const big = Math.max(Math.abs(x), Math.abs(y));
  if (big < 1e150 && big > 1e-140) return Math.sqrt(x * x + y * y);
  return Math.hypot(x, y);
}
