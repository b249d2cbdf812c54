// np.unwrap as jax.numpy defines it (jax/_src/numpy/lax_numpy.py, unwrap): jumps between
// neighbours larger than `discont` are replaced by their remainder modulo `period`, and the
// corrections accumulate along the axis. A composition of diff, mod, where and cumsum.
import { canonicalizeAxis, isInteger } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { absolute, add, bitwiseAnd, equal, floorDivide, greater, less, negative, remainder, subtract, trueDivide, where } from "./elementwise.js";
import { diff } from "./arrayManipulation.js";
import { cumsum } from "./reductions.js";
import { checkedArray, promoteArgs } from "./promote.js";

/** Options of `np.unwrap` (JAX's keyword arguments). */
export interface UnwrapOptions {
  /** Smallest jump that is unwrapped; `period / 2` when null (default). */
  discont?: ArrayLike | null;
  /** The axis to unwrap along (default -1). */
  axis?: number;
  /** The period of the signal (default 2π). */
  period?: ArrayLike;
}

/**
 * `np.unwrap(p, opts?)` (jnp.unwrap): unwraps a periodic signal: each jump between neighbours
 * along `axis` of at least `discont` is replaced by its equivalent modulo `period`.
 *
 * @example
 * ```ts
 * np.unwrap(np.array([0, 3, 6.5, 0.2])); // Array([0.        , 3.        , 0.216815  , 0.20000048], dtype=float32)
 * np.unwrap(np.array([0, 5, 9, 2], { dtype: "int32" }), { period: 6 }); // Array([ 0, -1, -3, -4], dtype=int32)
 * ```
 */
export function unwrap(p: ArrayLike, opts: UnwrapOptions = {}): Array {
  const checked = checkedArray("unwrap", p);
  const [a, period] = promoteArgs("unwrap", [checked, opts.period ?? 2 * Math.PI]) as [Array, Array];
  if (a.dtype === "complex64" || a.dtype === "complex128") throw new ValueError("jnp.unwrap does not support complex inputs.");
  const axis = canonicalizeAxis(opts.axis ?? -1, a.ndim);
  const n = a.shape[axis]!;
  if (n === 0) return a;
  const interval = isInteger(a.dtype) ? floorDivide(period, 2) : trueDivide(period, 2);
  const discont = opts.discont ?? trueDivide(period, 2);
  const dd = diff(a, { axis });
  let ddmod = subtract(remainder(add(dd, interval), period), interval);
  ddmod = where(bitwiseAnd(equal(ddmod, negative(interval)), greater(dd, 0)), interval, ddmod);
  const correction = where(less(absolute(dd), discont), 0, subtract(ddmod, dd));
  const head = lax.sliceInDim(a, 0, 1, 1, axis);
  const tail = add(lax.sliceInDim(a, 1, n, 1, axis), cumsum(correction, { axis }));
  return lax.concatenate([head, lax.convertElementType(tail, a.dtype)], axis);
}
