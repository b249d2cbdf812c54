// Logistic, log-x and entropy functions of jax.scipy.special, with JAX's custom derivatives
// (logit, xlogy, xlog1py and x log x have theirs so that the zero cases stay finite).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import * as nn from "../../nn/index.js";
import { customJvp } from "../../ad/custom.js";
import { inexact, lazy } from "./util.js";

const logitCustom = lazy(() => {
  const f = customJvp((x: Array) => np.log(np.divide(x, np.subtract(1, x))));
  return f.defjvps((g: Array, _ans: Array, x: Array) => np.divide(g, np.multiply(x, np.subtract(1, x))));
});

/**
 * `scipy.special.logit` (jax.scipy.special.logit): log(x / (1 - x)), the inverse of expit.
 *
 * @example
 * ```ts
 * scipy.special.logit(np.array([0.5, 0.75])); // Array([0.       , 1.0986123], dtype=float32)
 * ```
 */
export function logit(x: ArrayLike): Array {
  const [a] = inexact("logit", x);
  return logitCustom()(a!);
}

/**
 * `scipy.special.expit` (jax.scipy.special.expit): 1 / (1 + exp(-x)) (lax.logistic).
 *
 * @example
 * ```ts
 * scipy.special.expit(np.array([0, 2])); // Array([0.5      , 0.8807971], dtype=float32)
 * ```
 */
export function expit(x: ArrayLike): Array {
  const [a] = inexact("expit", x);
  return lax.logistic(a!);
}

const xlogyCustom = lazy(() => {
  // xlogy(0, y) = 0, but a nan y still propagates (scipy's rule).
  const f = customJvp((x: Array, y: Array) => np.where(np.logicalOr(np.notEqual(x, 0), np.isnan(y)), np.multiply(x, np.log(y)), np.zerosLike(x)));
  return f.defjvp(([x, y], [tx, ty]) => [f(x, y), np.add(np.multiply(tx, np.log(y)), np.divide(np.multiply(ty, x), y))]);
});

/**
 * `scipy.special.xlogy` (jax.scipy.special.xlogy): x log(y), 0 where x = 0.
 *
 * @example
 * ```ts
 * scipy.special.xlogy(np.array([0, 2]), np.array([0, Math.E])); // Array([0.       , 1.9999999], dtype=float32)
 * ```
 */
export function xlogy(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = inexact("xlogy", x, y);
  return xlogyCustom()(a!, b!);
}

const xlog1pyCustom = lazy(() => {
  const f = customJvp((x: Array, y: Array) => np.where(np.logicalOr(np.notEqual(x, 0), np.isnan(y)), np.multiply(x, np.log1p(y)), np.zerosLike(x)));
  return f.defjvp(([x, y], [tx, ty]) => [f(x, y), np.add(np.multiply(tx, np.log1p(y)), np.divide(np.multiply(ty, x), np.add(y, 1)))]);
});

/**
 * `scipy.special.xlog1py` (jax.scipy.special.xlog1py): x log(1 + y), 0 where x = 0.
 *
 * @example
 * ```ts
 * scipy.special.xlog1py(np.array([0, 2]), np.array([-1, Math.E - 1])); // Array([0., 2.], dtype=float32)
 * ```
 */
export function xlog1py(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = inexact("xlog1py", x, y);
  return xlog1pyCustom()(a!, b!);
}

const xlogxCustom = lazy(() => {
  const f = customJvp((x: Array) => xlogy(x, x));
  return f.defjvp(([x], [t]) => [f(x), np.multiply(t, np.add(np.log(x), 1))]);
});

/**
 * `scipy.special.entr` (jax.scipy.special.entr): -x log x for x >= 0, -inf below.
 *
 * @example
 * ```ts
 * scipy.special.entr(np.array([0, 0.5, -1])); // Array([-0.       ,  0.3465736,       -inf], dtype=float32)
 * ```
 */
export function entr(x: ArrayLike): Array {
  const [a] = inexact("entr", x);
  return np.where(np.less(a!, 0), -Infinity, np.negative(xlogxCustom()(a!)));
}

/**
 * `scipy.special.relEntr` (jax.scipy.special.rel_entr): p log(p / q) elementwise: 0 at p = 0 <= q, inf where either is negative or q = 0 < p.
 *
 * @example
 * ```ts
 * scipy.special.relEntr(np.array([0, 0.5, 1]), np.array([1, 0.25, 0])); // Array([0.       , 0.3465736,       inf], dtype=float32)
 * ```
 */
export function relEntr(p: ArrayLike, q: ArrayLike): Array {
  const [a, b] = inexact("rel_entr", p, q);
  const both = np.logicalAnd(np.greater(a!, 0), np.greater(b!, 0));
  const oneZero = np.logicalAnd(np.equal(a!, 0), np.greaterEqual(b!, 0));
  const safeP = np.where(both, a!, 1);
  const safeQ = np.where(both, b!, 1);
  const value = np.subtract(xlogxCustom()(safeP), xlogy(safeP, safeQ));
  return np.where(both, value, np.where(oneZero, 0, Infinity));
}

/**
 * `scipy.special.klDiv` (jax.scipy.special.kl_div): p log(p / q) - p + q elementwise.
 *
 * @example
 * ```ts
 * scipy.special.klDiv(np.array([0, 0.5]), np.array([1, 0.25])); // Array([1.        , 0.09657359], dtype=float32)
 * ```
 */
export function klDiv(p: ArrayLike, q: ArrayLike): Array {
  const [a, b] = inexact("kl_div", p, q);
  return np.add(np.subtract(relEntr(a!, b!), a!), b!);
}

/**
 * log(sum(exp(a))) over `axis`, computed stably (`jax.scipy.special.logsumexp`; the same function as `numpy.logsumexp`).
 *
 * @example
 * ```ts
 * scipy.special.logsumexp(np.array([0, 0, Math.log(2)])); // Array(1.3862944, dtype=float32)
 * scipy.special.logsumexp(np.array([[0, 1000], [0, 0]]), { axis: 1 }); // Array([1.000000e+03, 6.931472e-01], dtype=float32)
 * ```
 */
export const logsumexp = np.logsumexp;
/**
 * exp(x) / sum(exp(x)) along `axis` (`jax.scipy.special.softmax`; the same function as `nn.softmax`).
 *
 * @example
 * ```ts
 * scipy.special.softmax(np.array([0, Math.log(3)])); // Array([0.25      , 0.75000006], dtype=float32)
 * ```
 */
export const softmax = nn.softmax;
/**
 * x - logsumexp(x) along `axis` (`jax.scipy.special.log_softmax`; the same function as `nn.logSoftmax`).
 *
 * @example
 * ```ts
 * scipy.special.logSoftmax(np.array([0, 0])); // Array([-0.6931472, -0.6931472], dtype=float32)
 * ```
 */
export const logSoftmax = nn.logSoftmax;
