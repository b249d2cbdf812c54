// The activations of jax.nn that index.ts does not hold (jax/_src/nn/functions.py): squareplus,
// sparse_plus, sparse_sigmoid, mish, log1mexp and logmeanexp, with JAX's formulas and, for
// log1mexp, JAX's custom derivative.
import { Array, ArrayLike, Axis } from "../core/array.js";
import * as np from "../numpy/index.js";
import { promoteArgsInexact } from "../numpy/promote.js";
import { kwargs } from "../numpy/options.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";

const asFloat = (name: string, x: ArrayLike): Array => promoteArgsInexact(name, [x])[0]!;
const constLike = (v: number, a: Array): Array => np.array(v, { dtype: a.dtype });

/**
 * `jax.nn.squareplus(x, b = 4)`: (x + sqrt(x^2 + b)) / 2 (So 2021, arXiv:2112.11687).
 *
 * @example
 * ```ts
 * nn.squareplus(np.array([0, 1])); // Array([1., 1.618034], dtype=float32)
 * ```
 */
export function squareplus(x: ArrayLike, b?: ArrayLike | { b?: ArrayLike }, opts?: { b?: ArrayLike }): Array {
  const bb = kwargs<{ b?: ArrayLike }>("squareplus", ["b"], [b, opts]).b ?? 4;
  const [a, c] = promoteArgsInexact("squareplus", [x, bb]) as [Array, Array];
  return np.divide(np.add(a, np.sqrt(np.add(np.square(a), c))), constLike(2, a));
}

/**
 * `jax.nn.sparse_plus(x)`: 0 for x <= -1, (x + 1)^2 / 4 on (-1, 1), x for x >= 1 (the smooth
 * convex twin of softplus, Blondel et al. 2019).
 *
 * @example
 * ```ts
 * nn.sparsePlus(np.array([-2, 0, 2])); // Array([0., 0.25, 2.], dtype=float32)
 * ```
 */
export function sparsePlus(x: ArrayLike): Array {
  const a = asFloat("sparse_plus", x);
  const inner = np.divide(np.square(np.add(a, constLike(1, a))), constLike(4, a));
  return np.where(np.lessEqual(a, -1), constLike(0, a), np.where(np.greaterEqual(a, 1), a, inner));
}

/**
 * `jax.nn.sparse_sigmoid(x)`: 0.5 * clip(x + 1, 0, 2), the derivative of sparsePlus.
 *
 * @example
 * ```ts
 * nn.sparseSigmoid(np.array([-2, 0, 0.5, 2])); // Array([0., 0.5, 0.75, 1.], dtype=float32)
 * ```
 */
export function sparseSigmoid(x: ArrayLike): Array {
  const a = asFloat("sparse_sigmoid", x);
  return np.multiply(constLike(0.5, a), np.clip(np.add(a, constLike(1, a)), constLike(0, a), constLike(2, a)));
}

/**
 * `jax.nn.mish(x)`: x * tanh(softplus(x)) (Misra 2019, arXiv:1908.08681).
 *
 * @example
 * ```ts
 * nn.mish(np.array([1])); // Array([0.86509836], dtype=float32)
 * ```
 */
export function mish(x: ArrayLike): Array {
  const a = asFloat("mish", x);
  // softplus(x) = logaddexp(x, 0), as jax.nn.softplus.
  return np.multiply(a, np.tanh(np.logaddexp(a, constLike(0, a))));
}

function log1mexpValue(a: Array): Array {
  // Mächler (2012): log(-expm1(-x)) below log 2, log1p(-exp(-x)) above, each where it is accurate.
  return np.where(np.less(a, constLike(Math.LN2, a)), np.log(np.negative(np.expm1(np.negative(a)))), np.log1p(np.negative(np.exp(np.negative(a)))));
}
let log1mexpCustom: CustomJvpFunction<(x: Array) => Array> | null = null;
/**
 * `jax.nn.log1mexp(x)`: log(1 - exp(-x)) for x >= 0, accurate near 0 and for large x; its
 * derivative is JAX's custom rule 1 / expm1(x).
 *
 * @example
 * ```ts
 * nn.log1mexp(np.array([1e-3, 1, 30])); // Array([-6.9082556, -0.45867515, -9.357623e-14], dtype=float32)
 * ```
 */
export function log1mexp(x: ArrayLike): Array {
  log1mexpCustom ??= customJvp((a: Array) => log1mexpValue(a)).defjvp(([a], [t]) => [log1mexpCustom!(a), np.divide(t, np.expm1(a))]);
  return log1mexpCustom(asFloat("log1mexp", x));
}

/** `jax.nn.logmeanexp`'s keywords. */
export interface LogmeanexpOptions {
  /** The axis or axes to reduce; omitted: all. */
  axis?: Axis;
  /** Elements to include (a boolean mask broadcastable to x). */
  where?: ArrayLike | null;
  /** Keep the reduced axes with length 1. */
  keepdims?: boolean;
}

/**
 * `jax.nn.logmeanexp(x, axis?, where?, keepdims = false)`: log(mean(exp(x))) = logsumexp(x) - log n,
 * n the number of elements reduced (those where `where` is true).
 *
 * @example
 * ```ts
 * nn.logmeanexp(np.array([1, 2, 3])); // Array(2.3089936, dtype=float32)
 * ```
 */
export function logmeanexp(x: ArrayLike, axis?: Axis | LogmeanexpOptions, where?: ArrayLike | null | LogmeanexpOptions, keepdims?: boolean | LogmeanexpOptions, opts?: LogmeanexpOptions): Array {
  const o = kwargs<LogmeanexpOptions>("logmeanexp", ["axis", "where", "keepdims"], [axis, where, keepdims, opts]);
  const a = asFloat("logmeanexp", x);
  const keep = o.keepdims ?? false;
  const ax = o.axis ?? null;
  // A zero weight b excludes an element from logsumexp, as JAX's where does.
  const weights = o.where === undefined || o.where === null ? null : np.astype(np.broadcastTo(o.where, a.shape), a.dtype);
  const lse = weights === null ? np.logsumexp(a, ax, keep) : np.logsumexp(a, ax, keep, { b: weights });
  const count = weights === null ? np.sum(np.onesLike(a), ax, keep) : np.sum(weights, ax, keep);
  return np.subtract(lse, np.log(count));
}
