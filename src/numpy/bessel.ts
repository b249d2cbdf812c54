// np.i0, the modified Bessel function of the first kind of order 0 (jax/_src/numpy/lax_numpy.py's
// i0): exp(|x|) times lax.bessel_i0e(|x|). Its derivative by composition is exp(|x|) i1e(x), zero
// at x = 0 as JAX's rule makes it.
import { isFloat } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { promoteArgsInexact } from "./promote.js";

/** I0(x) elementwise. @example `np.i0(np.array([0, 1]))` // [1, 1.266] */
export function i0(x: ArrayLike): Array {
  const a = promoteArgsInexact("i0", [x])[0]!;
  if (!isFloat(a.dtype)) throw new ValueError(`Unsupported input type to jax.numpy.i0: ${a.dtype}`);
  const absX = lax.abs(a);
  return lax.mul(lax.exp(absX), lax.besselI0e(absX));
}
