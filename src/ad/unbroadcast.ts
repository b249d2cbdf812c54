// JAX's `_unbroadcast`, shared by the transpose rules of the broadcasting binary primitives.
import type { ShapedArray } from "../../jaxpr/index.js";
import { shapeEqual } from "../../jaxpr/index.js";
import { range } from "../../jaxpr/lists.js";
import type { Array } from "../core/array.js";
import * as lax from "../lax/ops.js";

/**
 * JAX's `_unbroadcast`: sums `x` (the cotangent of a lax binary op's output) down to the shape of
 * an operand that was implicitly broadcast (a rank-0 operand, or one with size-1 dimensions).
 */
export function unbroadcast(x: Array, aval: ShapedArray): Array {
  if (shapeEqual(x.shape, aval.shape)) return x;
  if (aval.ndim === 0) return lax.reduceSum(x, range(x.ndim));
  if (x.ndim !== aval.ndim) throw new TypeError(`unbroadcast: cannot reduce shape ${x.aval.str()} to ${aval.str()}.`);
  const dims = range(x.ndim).filter((i) => x.shape[i] !== aval.shape[i]);
  for (const d of dims) {
    if (aval.shape[d] !== 1) throw new TypeError(`unbroadcast: cannot reduce shape ${x.aval.str()} to ${aval.str()}.`);
  }
  return lax.reshape(lax.reduceSum(x, dims), aval.shape);
}
