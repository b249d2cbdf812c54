// Modified Bessel functions of the first kind, orders 0 and 1, exponentially scaled (i0e, i1e:
// lax.bessel_i0e and lax.bessel_i1e, src/lax/bessel.ts) and not (i0, i1).
import type { Array, ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { inexact } from "./util.js";

export { I0E_SMALL, I0E_LARGE } from "../../lax/bessel.js";

/** exp(-|x|) I0(x). */
export function i0e(x: ArrayLike): Array {
  const [a] = inexact("i0e", x);
  return lax.besselI0e(a!);
}

/** exp(-|x|) I1(x). */
export function i1e(x: ArrayLike): Array {
  const [a] = inexact("i1e", x);
  return lax.besselI1e(a!);
}

/** I0(x) = exp(|x|) i0e(x). */
export function i0(x: ArrayLike): Array {
  const [a] = inexact("i0", x);
  return np.multiply(np.exp(np.abs(a!)), i0e(a!));
}

/** I1(x) = exp(|x|) i1e(x). */
export function i1(x: ArrayLike): Array {
  const [a] = inexact("i1", x);
  return np.multiply(np.exp(np.abs(a!)), i1e(a!));
}
