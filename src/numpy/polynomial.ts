// numpy's polynomial helpers (jax.numpy semantics): polyval and vander. (polyfit needs least
// squares, which arrives with the linear-algebra work.)
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { add, multiply, power } from "./elementwise.js";
import { broadcastShapes } from "./promote.js";
import { isOptions, promoteDtypes } from "./options.js";

/**
 * Evaluates the polynomial with coefficients `p` (highest degree first) at `x` by Horner's rule.
 * A 2-D `p` holds one polynomial per trailing index, broadcast against `x`. `unroll` is accepted
 * for JAX compatibility (the loop is always unrolled here, since the degree is static).
 *
 * @example
 * np.polyval(np.array([3, 0, 1]), np.array([1, 2])) // 3x^2 + 1: Array([ 4., 13.], dtype=float32)
 */
export function polyval(p: ArrayLike, x: ArrayLike, opts: { unroll?: number } = {}): Array {
  void opts;
  const [pa, xa] = promoteDtypes("polyval", [p, x]);
  if (pa!.ndim === 0) throw new ValueError("polyval: p must be at least 1-dimensional, got shape ().");
  const shape = broadcastShapes("polyval", pa!.shape.slice(1), xa!.shape);
  let y: Array = lax.full(shape, 0, xa!.dtype);
  if (xa!.weakType) y = lax.convertElementType(y, xa!.dtype, true);
  for (let i = 0; i < pa!.shape[0]!; i++) y = add(multiply(y, xa!), lax.indexInDim(pa!, i, 0, false));
  return y;
}

/**
 * The Vandermonde matrix of a 1-D `x`: column j is `x ** (N - 1 - j)` (`x ** j` when
 * `increasing`); N defaults to `len(x)`.
 *
 * @example
 * np.vander(np.array([1, 2, 3]), 3)
 * // Array([[1., 1., 1.], [4., 2., 1.], [9., 3., 1.]], dtype=float32)
 */
export function vander(x: ArrayLike, N?: number | null | { N?: number | null; increasing?: boolean }, increasing?: boolean): Array {
  const o = isOptions<{ N?: number | null; increasing?: boolean }>(N) ? N : { N, increasing };
  const xa = promoteDtypes("vander", [x])[0]!;
  if (xa.ndim !== 1) throw new ValueError("x must be a one-dimensional array");
  const n = o.N ?? xa.shape[0]!;
  if (!Number.isInteger(n)) throw new TypeError(`'N' argument of jnp.vander() must be an integer, got ${n}.`);
  if (n < 0) throw new ValueError("N must be nonnegative");
  const dtype = xa.dtype === "bool" ? "int32" : xa.dtype;
  let iota = lax.iota(dtype, n);
  if (!o.increasing) iota = lax.sub(lax.full([n], n - 1, dtype), iota);
  return power(lax.reshape(xa, [xa.shape[0]!, 1]), lax.reshape(iota, [1, n]));
}
