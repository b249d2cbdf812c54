// lax as users import it: src/lax's primitives plus the lax special functions and nextafter,
// which JAX exposes in jax.lax but dprog computes in scipy/special and numpy (composed from lax,
// so importing them into src/lax would be a cycle). Each delegates to the existing
// implementation, so jit, vmap and grad behave as there.
import { Array, ArrayLike } from "./core/array.js";
import { erfc as specialErfc } from "./scipy/special/normal.js";
import { gammainc, gammaincc } from "./scipy/special/incompleteGamma.js";
import { polygamma as specialPolygamma, zeta as specialZeta } from "./scipy/special/zeta.js";
import { nextafter as numpyNextafter } from "./numpy/ufuncs.js";
import { equal, floor, where } from "./numpy/elementwise.js";
import { asArray } from "./numpy/promote.js";
import { convertElementType } from "./lax/elementwise.js";
import { isFloat } from "../jaxpr/index.js";

export * from "./lax/index.js";
// Sharding annotations (jax.lax.with_sharding_constraint, jax.lax.pcast): src/sharding.
export { withShardingConstraint, pcast } from "./sharding/constraints.js";

/**
 * `lax.erfc(x)` (jax.lax.erfc): the complementary error function `1 - erf(x)`, accurate in the
 * tail (scipy.special.erfc).
 *
 * @example
 * ```ts
 * lax.erfc(np.array([0, 1, 3])); // Array([1.0000000e+00, 1.5729922e-01, 2.2090495e-05], dtype=float32)
 * ```
 */
export function erfc(x: ArrayLike): Array {
  return specialErfc(x);
}

/**
 * `lax.igamma(a, x)` (jax.lax.igamma): the regularized lower incomplete gamma function P(a, x)
 * (scipy.special.gammainc).
 *
 * @example
 * ```ts
 * lax.igamma(np.array([1, 2]), np.array([1, 1])); // Array([0.6321202, 0.264241 ], dtype=float32)
 * ```
 */
export function igamma(a: ArrayLike, x: ArrayLike): Array {
  return gammainc(a, x);
}

/**
 * `lax.igammac(a, x)` (jax.lax.igammac): the regularized upper incomplete gamma function
 * Q(a, x) = 1 - P(a, x) (scipy.special.gammaincc).
 *
 * @example
 * ```ts
 * lax.igammac(np.array([1, 2]), np.array([1, 1])); // Array([0.36787945, 0.7357589 ], dtype=float32)
 * ```
 */
export function igammac(a: ArrayLike, x: ArrayLike): Array {
  return gammaincc(a, x);
}

/**
 * `lax.polygamma(m, x)` (jax.lax.polygamma): the m-th derivative of the digamma function
 * (scipy.special.polygamma).
 *
 * @example
 * ```ts
 * lax.polygamma(np.array([1, 2]), np.array([1, 1])); // Array([ 1.644935 , -2.4041152], dtype=float32)
 * ```
 */
export function polygamma(m: ArrayLike, x: ArrayLike): Array {
  const order = asArray(m);
  if (!isFloat(order.dtype)) return specialPolygamma(order, x);
  // lax's m is a float; scipy's takes integers. A non-integer m has no value (NaN, as in JAX).
  const whole = equal(floor(order), order);
  return where(whole, specialPolygamma(convertElementType(where(whole, order, 0), "int32"), x), NaN);
}

/**
 * `lax.zeta(x, q)` (jax.lax.zeta): the Hurwitz zeta function ζ(x, q) (scipy.special.zeta with q).
 *
 * @example
 * ```ts
 * lax.zeta(np.array([2, 3]), np.array([1, 2])); // Array([1.644934  , 0.20205688], dtype=float32)
 * ```
 */
export function zeta(x: ArrayLike, q: ArrayLike): Array {
  return specialZeta(x, q);
}

/**
 * `lax.nextafter(x1, x2)` (jax.lax.nextafter): the next representable float after `x1` in the
 * direction of `x2` (numpy.nextafter).
 *
 * @example
 * ```ts
 * lax.nextafter(np.array([1, 1]), np.array([2, 0])); // Array([1.0000001 , 0.99999994], dtype=float32)
 * ```
 */
export function nextafter(x1: ArrayLike, x2: ArrayLike): Array {
  return numpyNextafter(x1, x2);
}
