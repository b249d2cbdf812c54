// The real Schur decomposition A = Z T Z^T of a real (n x n) matrix (JAX's schur_p on float input,
// LAPACK's dgees without sorting): Householder reduction to Hessenberg form (hessenberg.ts, dgehd2
// + dorghr), then the implicit double-shift (Francis) QR algorithm on the Hessenberg matrix as
// LAPACK's dlahqr runs it: Ahues-Tisseur deflation test, exceptional shifts every 10 iterations
// without deflation, a 3-entry bulge chased down by reflectors, 30 max(10, n) iterations at most.
// T is quasi upper triangular: 1x1 blocks for real eigenvalues and 2x2 blocks [a b; c a] with
// b c < 0 for complex pairs, standardised as LAPACK's dlanv2 does (a 2x2 block with real
// eigenvalues is split into two 1x1 blocks). Arithmetic is float64, row-major.
import { hessenbergInPlace, hessenbergQ } from "./hessenberg.js";
import { reflect } from "./householder.js";
import { negligibleSubdiagonal } from "./schur.js";
import type { FloatArray } from "./types.js";

const ULP = 2 ** -52;
/** dlanv2's rescaling bounds: 2 ^ +-(half the exponent range above eps), as dlamch gives them. */
const SAFE_MIN2 = 2 ** -485;
const SAFE_MAX2 = 2 ** 485;
/** Fortran's SIGN(1, x), with +0 positive. */
const sign = (x: number): number => (x >= 0 ? 1 : -1);

/** The standardised 2x2 block and the rotation [cs -sn; sn cs] with [a b; c d] = R [aa bb; cc dd] R^T. */
interface Standardised {
  a: number;
  b: number;
  c: number;
  d: number;
  cs: number;
  sn: number;
}

/**
 * LAPACK's dlanv2: the Schur factorisation of a real 2x2 nonsymmetric matrix in standardised form:
 * c = 0 (real eigenvalues a, d), or a = d and b c < 0 (eigenvalues a +- sqrt(-b c) i).
 */
export function standardise2x2(a: number, b: number, c: number, d: number): Standardised {
  const multpl = 4;
  let cs = 1, sn = 0;
  if (c === 0) {
    // Already upper triangular.
  } else if (b === 0) {
    // Swap rows and columns.
    [cs, sn] = [0, 1];
    [a, d] = [d, a];
    b = -c;
    c = 0;
  } else if (a - d === 0 && sign(b) !== sign(c)) {
    // Already standardised with complex eigenvalues.
  } else {
    let temp = a - d;
    let p = 0.5 * temp;
    const bcmax = Math.max(Math.abs(b), Math.abs(c));
    const bcmis = Math.min(Math.abs(b), Math.abs(c)) * sign(b) * sign(c);
    let scale = Math.max(Math.abs(p), bcmax);
    let z = (p / scale) * p + (bcmax / scale) * bcmis;
    if (z >= multpl * ULP) {
      // Real eigenvalues: a and d, then the rotation that zeroes c.
      z = p + Math.abs(Math.sqrt(scale) * Math.sqrt(z)) * sign(p);
      a = d + z;
      d = d - (bcmax / z) * bcmis;
      const tau = Math.hypot(c, z);
      cs = z / tau;
      sn = c / tau;
      b = b - c;
      c = 0;
    } else {
      // Complex or (nearly) equal real eigenvalues: make the diagonal entries equal.
      let sigma = b + c;
      for (let count = 0; count < 20; count++) {
        scale = Math.max(Math.abs(temp), Math.abs(sigma));
        if (scale >= SAFE_MAX2) (sigma *= SAFE_MIN2), (temp *= SAFE_MIN2);
        else if (scale <= SAFE_MIN2) (sigma *= SAFE_MAX2), (temp *= SAFE_MAX2);
        else break;
      }
      p = 0.5 * temp;
      let tau = Math.hypot(sigma, temp);
      cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
      sn = -(p / (tau * cs)) * sign(sigma);
      // [aa bb; cc dd] = [a b; c d] [cs -sn; sn cs], then [a b; c d] = [cs sn; -sn cs] [aa bb; cc dd].
      const aa = a * cs + b * sn, bb = -a * sn + b * cs, cc = c * cs + d * sn, dd = -c * sn + d * cs;
      a = aa * cs + cc * sn;
      b = bb * cs + dd * sn;
      c = -aa * sn + cc * cs;
      d = -bb * sn + dd * cs;
      temp = 0.5 * (a + d);
      a = d = temp;
      if (c !== 0) {
        if (b !== 0) {
          if (sign(b) === sign(c)) {
            // Real eigenvalues after all: reduce to upper triangular form.
            const sab = Math.sqrt(Math.abs(b)), sac = Math.sqrt(Math.abs(c));
            p = Math.abs(sab * sac) * sign(c);
            tau = 1 / Math.sqrt(Math.abs(b + c));
            a = temp + p;
            d = temp - p;
            b = b - c;
            c = 0;
            const cs1 = sab * tau, sn1 = sac * tau;
            temp = cs * cs1 - sn * sn1;
            sn = cs * sn1 + sn * cs1;
            cs = temp;
          }
        } else {
          b = -c;
          c = 0;
          temp = cs;
          cs = -sn;
          sn = temp;
        }
      }
    }
  }
  return { a, b, c, d, cs, sn };
}

/** Rows p, q := cs row_p + sn row_q, cs row_q - sn row_p on columns c0..n-1 (BLAS drot). */
function rotateRows(h: Float64Array, n: number, p: number, q: number, c0: number, cs: number, sn: number): void {
  for (let j = c0; j < n; j++) {
    const x = h[p * n + j]!, y = h[q * n + j]!;
    h[p * n + j] = cs * x + sn * y;
    h[q * n + j] = cs * y - sn * x;
  }
}

/** Columns p, q := cs col_p + sn col_q, cs col_q - sn col_p on rows 0..r1-1. */
function rotateColumns(h: Float64Array, n: number, p: number, q: number, r1: number, cs: number, sn: number): void {
  for (let r = 0; r < r1; r++) {
    const x = h[r * n + p]!, y = h[r * n + q]!;
    h[r * n + p] = cs * x + sn * y;
    h[r * n + q] = cs * y - sn * x;
  }
}

/** Whether H[k][k-1] is negligible (dlahqr's test), within lo..hi. */
function negligible(h: Float64Array, n: number, k: number, lo: number, hi: number): boolean {
  const at = (i: number, j: number): number => Math.abs(h[i * n + j]!);
  return negligibleSubdiagonal(n, at, Math.abs(h[(k - 1) * n + k - 1]! - h[k * n + k]!), k, lo, hi);
}

/** The two shifts (rt1r + i rt1i, rt2r + i rt2i): the trailing 2x2 block's eigenvalues, or dlahqr's exceptional ones. */
function shifts(h: Float64Array, n: number, lo: number, hi: number, defl: number): [number, number, number, number] {
  const kexsh = 10, dat1 = 0.75, dat2 = -0.4375;
  const at = (i: number, j: number): number => h[i * n + j]!;
  let h11: number, h12: number, h21: number, h22: number;
  if (defl % (2 * kexsh) === 0) {
    const s = Math.abs(at(hi, hi - 1)) + Math.abs(at(hi - 1, hi - 2));
    h11 = dat1 * s + at(hi, hi);
    [h12, h21, h22] = [dat2 * s, s, h11];
  } else if (defl % kexsh === 0) {
    const s = Math.abs(at(lo + 1, lo)) + Math.abs(at(lo + 2, lo + 1));
    h11 = dat1 * s + at(lo, lo);
    [h12, h21, h22] = [dat2 * s, s, h11];
  } else {
    [h11, h21, h12, h22] = [at(hi - 1, hi - 1), at(hi, hi - 1), at(hi - 1, hi), at(hi, hi)];
  }
  const s = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
  if (s === 0) return [0, 0, 0, 0];
  h11 /= s;
  h21 /= s;
  h12 /= s;
  h22 /= s;
  const tr = (h11 + h22) / 2;
  const det = (h11 - tr) * (h22 - tr) - h12 * h21;
  const rtdisc = Math.sqrt(Math.abs(det));
  if (det >= 0) return [tr * s, rtdisc * s, tr * s, -rtdisc * s];
  // Real shifts: use the one closer to h22 twice.
  const r1 = tr + rtdisc, r2 = tr - rtdisc;
  const r = Math.abs(r1 - h22) <= Math.abs(r2 - h22) ? r1 * s : r2 * s;
  return [r, 0, r, 0];
}

/**
 * Reduces the upper Hessenberg `h` (n x n) in place to real Schur form T = Z^T H Z, accumulating
 * into `z` (z := z Z). Returns false if the iteration did not converge (dlahqr's info > 0).
 */
export function realSchurFromHessenberg(h: Float64Array, z: Float64Array, n: number): boolean {
  const itmax = 30 * Math.max(10, n);
  const v = new Float64Array(3);
  let defl = 0;
  for (let hi = n - 1; hi >= 0; ) {
    let lo = 0;
    let converged = false;
    for (let its = 0; its <= itmax; its++) {
      // A single small subdiagonal entry splits off the active block lo..hi.
      let k = hi;
      while (k > 0 && !negligible(h, n, k, 0, n - 1)) k--;
      lo = k;
      if (lo > 0) h[lo * n + lo - 1] = 0;
      if (lo >= hi - 1) {
        converged = true;
        break;
      }
      defl++;
      const [rt1r, rt1i, rt2r, rt2i] = shifts(h, n, lo, hi, defl);
      const m = bulgeStart(h, n, lo, hi, rt1r, rt1i, rt2r, rt2i, v);
      chaseBulge(h, z, n, lo, m, hi, v);
    }
    if (!converged) return false;
    if (lo === hi - 1) standardiseBlock(h, z, n, hi);
    defl = 0;
    hi = lo - 1;
  }
  return true;
}

/** Where the double-shift bulge starts (dlahqr: two consecutive small subdiagonal entries), with v its first reflector's vector. */
function bulgeStart(h: Float64Array, n: number, lo: number, hi: number, rt1r: number, rt1i: number, rt2r: number, rt2i: number, v: Float64Array): number {
  const at = (i: number, j: number): number => h[i * n + j]!;
  let m = hi - 2;
  for (; ; m--) {
    let s = Math.abs(at(m, m) - rt2r) + Math.abs(rt2i) + Math.abs(at(m + 1, m));
    const h21s = at(m + 1, m) / s;
    let v0 = h21s * at(m, m + 1) + (at(m, m) - rt1r) * ((at(m, m) - rt2r) / s) - rt1i * (rt2i / s);
    let v1 = h21s * (at(m, m) + at(m + 1, m + 1) - rt1r - rt2r);
    let v2 = h21s * at(m + 2, m + 1);
    s = Math.abs(v0) + Math.abs(v1) + Math.abs(v2);
    v0 /= s;
    v1 /= s;
    v2 /= s;
    [v[0], v[1], v[2]] = [v0, v1, v2];
    if (m === lo) return m;
    const h00 = Math.abs(at(m, m - 1)) * (Math.abs(v1) + Math.abs(v2));
    const h01 = Math.abs(v0) * (Math.abs(at(m - 1, m - 1)) + Math.abs(at(m, m)) + Math.abs(at(m + 1, m + 1)));
    if (h00 <= ULP * h01) return m;
  }
}

/** The double-shift QR sweep (Francis): chases the bulge from m down to hi, accumulating into z. */
function chaseBulge(h: Float64Array, z: Float64Array, n: number, lo: number, m: number, hi: number, v: Float64Array): void {
  const at = (i: number, j: number): number => h[i * n + j]!;
  for (let k = m; k < hi; k++) {
    const nr = Math.min(3, hi - k + 1);
    if (k > m) for (let i = 0; i < nr; i++) v[i] = at(k + i, k - 1);
    const t1 = reflect(v, 0, 1, nr);
    if (k > m) {
      h[k * n + k - 1] = v[0]!;
      h[(k + 1) * n + k - 1] = 0;
      if (k < hi - 1) h[(k + 2) * n + k - 1] = 0;
    } else if (m > lo) {
      // dlahqr: H(k, k-1) (1 - t1) rather than -H(k, k-1), in case v's tail underflowed.
      h[k * n + k - 1] = h[k * n + k - 1]! * (1 - t1);
    }
    const v1 = v[1]!, t2 = t1 * v1;
    const v2 = nr === 3 ? v[2]! : 0, t3 = t1 * v2;
    // Rows k..k+nr-1 from the left (all columns right of k - 1, for the full Schur form).
    for (let j = k; j < n; j++) {
      const sum = at(k, j) + v1 * at(k + 1, j) + (nr === 3 ? v2 * at(k + 2, j) : 0);
      h[k * n + j] = at(k, j) - sum * t1;
      h[(k + 1) * n + j] = at(k + 1, j) - sum * t2;
      if (nr === 3) h[(k + 2) * n + j] = at(k + 2, j) - sum * t3;
    }
    // Columns k..k+nr-1 from the right (rows down to the bulge), and Z's columns.
    const rows = Math.min(k + 4, hi + 1);
    for (const [m2, r1] of [[h, rows], [z, n]] as const) {
      for (let r = 0; r < r1; r++) {
        const o = r * n + k;
        const sum = m2[o]! + v1 * m2[o + 1]! + (nr === 3 ? v2 * m2[o + 2]! : 0);
        m2[o] = m2[o]! - sum * t1;
        m2[o + 1] = m2[o + 1]! - sum * t2;
        if (nr === 3) m2[o + 2] = m2[o + 2]! - sum * t3;
      }
    }
  }
}

/** A converged 2x2 block at hi-1..hi: standardises it (dlanv2) and applies its rotation to the rest of H and to Z. */
function standardiseBlock(h: Float64Array, z: Float64Array, n: number, hi: number): void {
  const at = (i: number, j: number): number => h[i * n + j]!;
  const p = hi - 1;
  const r = standardise2x2(at(p, p), at(p, hi), at(hi, p), at(hi, hi));
  [h[p * n + p], h[p * n + hi], h[hi * n + p], h[hi * n + hi]] = [r.a, r.b, r.c, r.d];
  if (hi + 1 < n) rotateRows(h, n, p, hi, hi + 1, r.cs, r.sn);
  rotateColumns(h, n, p, hi, p, r.cs, r.sn);
  rotateColumns(z, n, p, hi, n, r.cs, r.sn);
}

/** The real Schur decomposition of a batch of (n x n) matrices: T and, if asked for, Z; NaNs where it fails. */
export function realSchurBatch(a: FloatArray, batch: number, n: number, vectors: boolean): { t: FloatArray; z: FloatArray | null } {
  const Ctor = a instanceof Float32Array ? Float32Array : Float64Array;
  const t = new Ctor(batch * n * n);
  const z = vectors ? new Ctor(batch * n * n) : null;
  const h = new Float64Array(n * n), taus = new Float64Array(Math.max(n - 1, 0));
  for (let b = 0; b < batch; b++) {
    const o = b * n * n;
    h.set(a.subarray(o, o + n * n));
    let ok = h.every(Number.isFinite);
    let q: Float64Array | null = null;
    if (ok) {
      hessenbergInPlace(h, n, taus);
      q = hessenbergQ(h, n, taus);
      // The packed reflectors are not part of H.
      for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) h[i * n + j] = 0;
      ok = realSchurFromHessenberg(h, q, n);
    }
    if (!ok || q === null) {
      t.fill(NaN, o, o + n * n);
      z?.fill(NaN, o, o + n * n);
      continue;
    }
    t.set(h, o);
    z?.set(q, o);
  }
  return { t, z };
}
