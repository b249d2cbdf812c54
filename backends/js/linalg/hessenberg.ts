// Householder reduction to upper Hessenberg form, A = Q H Q^T (LAPACK's dgehd2; JAX's hessenberg_p
// returns its packed output as dgehrd does): reflector i (i = 0..n-2) annihilates column i below
// row i + 1; H sits in the upper triangle and first subdiagonal, reflector i's v tail below the
// subdiagonal of column i, and tau_i in taus[i] (the last is always 0: a one-entry reflector).
import { reflectColumnSegment, reflectColumns, reflectorVector, reflectRows } from "./householder.js";
import { householderProduct } from "./qr.js";
import { formQ } from "./tridiagonalize.js";
import { BLOCK, type FloatArray } from "./types.js";

/** Reduces the (n x n) row-major `a` in place to packed Hessenberg form; taus has n - 1 entries. */
export function hessenbergInPlace(a: Float64Array, n: number, taus: Float64Array): void {
  const v = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    const tau = reflectColumnSegment(a, n, i + 1, n, i);
    taus[i] = tau;
    if (tau === 0) continue;
    reflectorVector(a, n, i + 1, n, i, v);
    // A := H A H on the parts H changes: columns i+1.. of every row, then rows i+1.. right of column i.
    reflectColumns(a, n, v, tau, i + 1, n - i - 1, 0, n);
    reflectRows(a, n, v, tau, i + 1, n - i - 1, i + 1, n);
  }
}

/**
 * Q (n x n) of a packed Hessenberg reduction: diag(1, H_0 ... H_{n-2}) (LAPACK's dorghr). The
 * reflectors sit where the tridiagonalisation's do (column i below row i + 1), so Q is formed by
 * its blocked formQ (dorgtr's case of the same product).
 */
export function hessenbergQ(packed: Float64Array, n: number, taus: Float64Array): Float64Array {
  const q = new Float64Array(n * n);
  formQ(packed, n, taus, BLOCK, q);
  return q;
}

/** The hessenberg primitive over a batch: packed a (batch, n, n) and taus (batch, n - 1). */
export function hessenbergBatch(a: FloatArray, batch: number, n: number): { a: FloatArray; taus: FloatArray } {
  const Ctor = a instanceof Float32Array ? Float32Array : Float64Array;
  const out = new Ctor(batch * n * n);
  const k = Math.max(n - 1, 0);
  const taus = new Ctor(batch * k);
  const work = new Float64Array(n * n), t = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    work.set(a.subarray(b * n * n, (b + 1) * n * n));
    hessenbergInPlace(work, n, t);
    out.set(work, b * n * n);
    taus.set(t, b * k);
  }
  return { a: out, taus };
}

/** The householder_product primitive over a batch: a (batch, m, n), taus (batch, k) -> (batch, m, n). */
export function householderProductBatch(a: FloatArray, taus: FloatArray, batch: number, m: number, n: number, k: number): FloatArray {
  const Ctor = a instanceof Float32Array ? Float32Array : Float64Array;
  const out = new Ctor(batch * m * n);
  const work = new Float64Array(m * n), t = new Float64Array(k);
  for (let b = 0; b < batch; b++) {
    work.set(a.subarray(b * m * n, (b + 1) * m * n));
    t.set(taus.subarray(b * k, (b + 1) * k));
    out.set(householderProduct(work, n, m, n, t, k), b * m * n);
  }
  return out;
}
