// jax.nn.softmax and log_softmax (jax/_src/nn/functions.py) with `where`: the maximum subtracted
// for stability is under stop_gradient, which is JAX's default rule (jax_softmax_custom_jvp is
// False; its _softmax_deprecated path). Masked-out elements give 0 (softmax) and -inf (log_softmax).
import { Array, ArrayLike, Axis } from "../core/array.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { promoteArgsInexact } from "../numpy/promote.js";
import { kwargs } from "../numpy/options.js";

/** The keywords of softmax and logSoftmax. */
export interface SoftmaxOptions {
  /** The axis or axes normalized over; -1 by default, null for all. */
  axis?: Axis | null;
  /** Elements to include (a boolean mask broadcastable to x). */
  where?: ArrayLike | null;
  /** The value masked-out elements take before the max and exp (-inf by default; softmax only, as JAX's _softmax). */
  initial?: number;
}

const asFloat = (name: string, x: ArrayLike): Array => promoteArgsInexact(name, [x])[0]!;
const full = (v: number, a: Array): Array => np.full(a.shape, v, { dtype: a.dtype });
const axisOf = (axis: Axis | null | undefined): Axis | null => (axis === undefined ? -1 : axis);

/**
 * `jax.nn.softmax(x, axis = -1, where?)`: exp(x) / sum(exp(x)) along `axis`, computed from
 * x - max(x); with `where`, masked-out elements are left out of the sum and give 0.
 *
 * @example
 * ```ts
 * nn.softmax(np.array([1, 2, 3]), { where: np.array([true, true, false]) }); // [0.26894143, 0.7310586, 0.]
 * ```
 */
export function softmax(x: ArrayLike, axis?: Axis | null | SoftmaxOptions, where?: ArrayLike | null | SoftmaxOptions, opts?: SoftmaxOptions): Array {
  const o = kwargs<SoftmaxOptions>("softmax", ["axis", "where"], [axis, where, opts]);
  const ax = axisOf(o.axis);
  const a = asFloat("softmax", x);
  const initial = o.initial ?? -Infinity;
  if (o.where === undefined || o.where === null) {
    const shifted = np.subtract(a, lax.stopGradient(np.max(a, ax, true)));
    const unnormalized = np.exp(shifted);
    return np.divide(unnormalized, np.sum(unnormalized, ax, true));
  }
  const mask = o.where;
  const xMax = np.max(a, ax, true, { where: mask, initial });
  const safe = np.where(mask, a, full(initial, a));
  const unnormalized = np.exp(np.subtract(safe, lax.stopGradient(xMax)));
  const result = np.divide(unnormalized, np.sum(unnormalized, ax, true, { where: mask }));
  return np.where(mask, result, full(0, result));
}

/**
 * `jax.nn.log_softmax(x, axis = -1, where?)`: x - logsumexp(x) along `axis`, computed from
 * x - max(x); with `where`, masked-out elements are left out and give -inf.
 *
 * @example
 * ```ts
 * nn.logSoftmax(np.array([1, 2, 3])); // [-2.407606, -1.4076059, -0.40760595]
 * ```
 */
export function logSoftmax(x: ArrayLike, axis?: Axis | null | SoftmaxOptions, where?: ArrayLike | null | SoftmaxOptions, opts?: SoftmaxOptions): Array {
  const o = kwargs<SoftmaxOptions>("log_softmax", ["axis", "where"], [axis, where, opts]);
  const ax = axisOf(o.axis);
  const a = asFloat("log_softmax", x);
  if (o.where === undefined || o.where === null) {
    const shifted = np.subtract(a, lax.stopGradient(np.max(a, ax, true)));
    return np.subtract(shifted, np.log(np.sum(np.exp(shifted), ax, true)));
  }
  const mask = o.where;
  const xMax = np.max(a, ax, true, { where: mask, initial: -Infinity });
  const shifted = np.subtract(np.where(mask, a, full(-Infinity, a)), lax.stopGradient(xMax));
  const result = np.subtract(shifted, np.log(np.sum(np.exp(shifted), ax, true, { where: mask })));
  return np.where(mask, result, full(-Infinity, result));
}
