// Modified Bessel functions of the first kind, orders 0 and 1, exponentially scaled (i0e, i1e:
// lax.bessel_i0e and lax.bessel_i1e, src/lax/bessel.ts) and not (i0, i1).
import type { Array, ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { inexact } from "./util.js";

export { I0E_SMALL, I0E_LARGE } from "../../lax/bessel.js";

/**
 * `scipy.special.i0e` (jax.scipy.special.i0e): exp(-|x|) I0(x), the exponentially scaled modified Bessel function of order 0.
 *
 * @example
 * ```ts
 * scipy.special.i0e(np.array([0, 1])); // Array([1.       , 0.4657596], dtype=float32)
 * ```
 */
export function i0e(x: ArrayLike): Array {
  const [a] = inexact("i0e", x);
  return lax.besselI0e(a!);
}

/**
 * `scipy.special.i1e` (jax.scipy.special.i1e): exp(-|x|) I1(x), the exponentially scaled modified Bessel function of order 1.
 *
 * @example
 * ```ts
 * scipy.special.i1e(np.array([0, 1])); // Array([0.        , 0.20791042], dtype=float32)
 * ```
 */
export function i1e(x: ArrayLike): Array {
  const [a] = inexact("i1e", x);
  return lax.besselI1e(a!);
}

/**
 * `scipy.special.i0` (jax.scipy.special.i0): I0(x) = exp(|x|) i0e(x), the modified Bessel function of order 0.
 *
 * @example
 * ```ts
 * scipy.special.i0(np.array([0, 1])); // Array([1.       , 1.2660658], dtype=float32)
 * ```
 */
export function i0(x: ArrayLike): Array {
  const [a] = inexact("i0", x);
  return np.multiply(np.exp(np.abs(a!)), i0e(a!));
}

/**
 * `scipy.special.i1` (jax.scipy.special.i1): I1(x) = exp(|x|) i1e(x), the modified Bessel function of order 1.
 *
 * @example
 * ```ts
 * scipy.special.i1(np.array([0, 1])); // Array([0.       , 0.5651591], dtype=float32)
 * ```
 */
export function i1(x: ArrayLike): Array {
  const [a] = inexact("i1", x);
  return np.multiply(np.exp(np.abs(a!)), i1e(a!));
}
