// The small matrix helpers of lax.linalg's wrappers and JVP rules (JAX's private _T, _matmul,
// _tril, _triu, _eye_like in jax/_src/lax/linalg.py), kept out of the lax.linalg namespace.
import { Array } from "../core/array.js";
import * as lax from "./ops.js";

/**
 * `mT(x)` (JAX's lax.linalg._T): x with its last two axes swapped.
 */
export function mT(x: Array): Array {
  const perm = x.shape.map((_, i) => i);
  perm[x.ndim - 2] = x.ndim - 1;
  perm[x.ndim - 1] = x.ndim - 2;
  return lax.transpose(x, perm);
}

/**
 * `matmul(a, b)` (JAX's lax.linalg._matmul): a @ b over equal leading batch dims (both of rank >= 2).
 */
export const matmul = (a: Array, b: Array): Array => lax.batchMatmul(a, b);

/** A (rows x cols) mask of the entries with col - row <= k (tril) or >= k (triu), broadcast to x. */
function triangleMask(x: Array, k: number, lower: boolean): Array {
  const rows = lax.broadcastedIota("int32", x.shape, x.ndim - 2);
  const cols = lax.broadcastedIota("int32", x.shape, x.ndim - 1);
  const diff = lax.sub(cols, rows);
  return lower ? lax.le(diff, lax.full([], k, "int32")) : lax.ge(diff, lax.full([], k, "int32"));
}

/**
 * `tril(x, k?)` (JAX's lax.linalg._tril): the lower triangle (col - row <= k), zeros elsewhere.
 */
export const tril = (x: Array, k = 0): Array => lax.select(triangleMask(x, k, true), x, lax.fullLike(x, 0));
/**
 * `triu(x, k?)` (JAX's lax.linalg._triu): the upper triangle (col - row >= k), zeros elsewhere.
 */
export const triu = (x: Array, k = 0): Array => lax.select(triangleMask(x, k, false), x, lax.fullLike(x, 0));

/**
 * `eyeLike(x, n)` (JAX's lax.linalg._eye_like): the identity of order n in x's dtype, broadcast to x's leading dims.
 */
export function eyeLike(x: Array, n: number): Array {
  const shape = [...x.shape.slice(0, -2), n, n];
  return lax.convertElementType(lax.eq(lax.broadcastedIota("int32", shape, shape.length - 2), lax.broadcastedIota("int32", shape, shape.length - 1)), x.dtype);
}

/**
 * `diagonalOf(x)` (jnp.diagonal over the last two axes): the diagonals (..., n) of a batch of (n x n) matrices.
 */
export function diagonalOf(x: Array): Array {
  return lax.reduceSum(lax.mul(x, eyeLike(x, x.shape[x.ndim - 1]!)), [x.ndim - 1]);
}

/**
 * `symmetrize(x)` (JAX's lax.linalg.symmetrize, private in jax.lax.linalg): (x + x^T) / 2.
 */
export const symmetrize = (x: Array): Array => lax.div(lax.add(x, mT(x)), lax.full([], 2, x.dtype));
