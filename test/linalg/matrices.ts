// Test matrices and dense helpers for the linear-algebra kernel tests (row-major, one matrix).
import { mulberry32 } from "../util/random.js";
import { qr } from "../../backends/js/linalg/qr.js";
import type { FloatArray } from "../../backends/js/linalg/types.js";

export type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

export function randomMatrix(ctor: Ctor, m: number, n: number, seed: number): FloatArray {
  const rand = mulberry32(seed);
  const out = new ctor(m * n);
  for (let i = 0; i < out.length; i++) out[i] = 2 * rand() - 1;
  return out;
}

/** C = A (m x k) B (k x n), in float64. */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
    const s = a[i * k + p]!;
    for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + s * b[p * n + j]!;
  }
  return c;
}

export function transpose(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

export function identity(n: number): Float64Array {
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) r[i * n + i] = 1;
  return r;
}

/** A random orthogonal matrix (Q of a random matrix's QR). */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  return qr(randomMatrix(Float64Array, n, n, seed), 1, n, n, true).q as Float64Array;
}

/** Q diag(values) Q^T for a random orthogonal Q: symmetric with the given eigenvalues. */
export function withEigenvalues(values: readonly number[], seed: number): Float64Array {
  const n = values.length;
  const q = randomOrthogonal(n, seed);
  const qd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) qd[i * n + j] = q[i * n + j]! * values[j]!;
  return matmul(qd, transpose(q, n, n), n, n, n);
}

/** U diag(values) V^T (m x n) for random orthogonal U, V: the given singular values (min(m, n) of them). */
export function withSingularValues(m: number, n: number, values: readonly number[], seed: number): Float64Array {
  const u = randomOrthogonal(m, seed);
  const v = randomOrthogonal(n, seed + 1);
  const us = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < values.length; j++) us[i * n + j] = u[i * m + j]! * values[j]!;
  return matmul(us, transpose(v, n, n), m, n, n);
}

/** n values spread geometrically from 1 down to 1/cond. */
export function geometric(n: number, cond: number): number[] {
  return Array.from({ length: n }, (_, i) => cond ** (-i / Math.max(n - 1, 1)));
}

/** Largest |Q^T Q - I| over Q's columns (m x c). */
export function orthogonalityError(q: ArrayLike<number>, m: number, c: number): number {
  const g = matmul(transpose(q, m, c), q, c, m, c);
  let err = 0;
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) err = Math.max(err, Math.abs(g[i * c + j]! - (i === j ? 1 : 0)));
  return err;
}
