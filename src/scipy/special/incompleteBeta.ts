// The regularized incomplete beta function I_x(a, b): jax.scipy.special.betainc promotes its
// arguments to one inexact dtype and calls lax.betainc, one primitive (regularized_incomplete_beta)
// whose JS kernel runs XLA's continued fraction per element (backends/js/specialFunctions.ts). As
// JAX's, only the derivative in x is defined; a tangent in a or b raises JAX's ValueError.
import type { Array, ArrayLike } from "../../core/array.js";
import * as lax from "../../lax/index.js";
import { inexact } from "./util.js";
import { isComplex } from "../../../jaxpr/index.js";
import { ValueError } from "../../core/errors.js";

/**
 * I_x(a, b), the regularized incomplete beta function.
 *
 * @example
 * ```ts
 * scipy.special.betainc(2, 3, np.array([0.25, 0.5])); // Array([0.26171875, 0.6875    ], dtype=float32)
 * ```
 */
export function betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike): Array {
  const [av, bv, xv] = inexact("betainc", a, b, x);
  if (isComplex(xv!.dtype)) throw new ValueError("betainc does not support complex-valued inputs.");
  return lax.betainc(av!, bv!, xv!);
}
