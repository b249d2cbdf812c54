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

/** log(x / (1 - x)). */
export function logit(x: ArrayLike): Array {
  const [a] = inexact("logit", x);
  return logitCustom()(a!);
}

/** 1 / (1 + exp(-x)) (lax.logistic). */
export function expit(x: ArrayLike): Array {
  const [a] = inexact("expit", x);
  return lax.logistic(a!);
}

const xlogyCustom = lazy(() => {
  // xlogy(0, y) = 0, but a nan y still propagates (scipy's rule).
  const f = customJvp((x: Array, y: Array) => np.where(np.logicalOr(np.notEqual(x, 0), np.isnan(y)), np.multiply(x, np.log(y)), np.zerosLike(x)));
  return f.defjvp(([x, y], [tx, ty]) => [f(x, y), np.add(np.multiply(tx, np.log(y)), np.divide(np.multiply(ty, x), y))]);
});

/** x log(y), 0 where x = 0. */
export function xlogy(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = inexact("xlogy", x, y);
  return xlogyCustom()(a!, b!);
}

const xlog1pyCustom = lazy(() => {
  const f = customJvp((x: Array, y: Array) => np.where(np.logicalOr(np.notEqual(x, 0), np.isnan(y)), np.multiply(x, np.log1p(y)), np.zerosLike(x)));
  return f.defjvp(([x, y], [tx, ty]) => [f(x, y), np.add(np.multiply(tx, np.log1p(y)), np.divide(np.multiply(ty, x), np.add(y, 1)))]);
});

/** x log(1 + y), 0 where x = 0. */
export function xlog1py(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = inexact("xlog1py", x, y);
  return xlog1pyCustom()(a!, b!);
}

const xlogxCustom = lazy(() => {
  const f = customJvp((x: Array) => xlogy(x, x));
  return f.defjvp(([x], [t]) => [f(x), np.multiply(t, np.add(np.log(x), 1))]);
});

/** -x log x for x >= 0, -inf below. */
export function entr(x: ArrayLike): Array {
  const [a] = inexact("entr", x);
  return np.where(np.less(a!, 0), -Infinity, np.negative(xlogxCustom()(a!)));
}

/** p log(p / q) elementwise: 0 at p = 0 <= q, inf where either is negative or q = 0 < p. */
export function relEntr(p: ArrayLike, q: ArrayLike): Array {
  const [a, b] = inexact("rel_entr", p, q);
  const both = np.logicalAnd(np.greater(a!, 0), np.greater(b!, 0));
  const oneZero = np.logicalAnd(np.equal(a!, 0), np.greaterEqual(b!, 0));
  const safeP = np.where(both, a!, 1);
  const safeQ = np.where(both, b!, 1);
  const value = np.subtract(xlogxCustom()(safeP), xlogy(safeP, safeQ));
  return np.where(both, value, np.where(oneZero, 0, Infinity));
}

/** p log(p / q) - p + q elementwise. */
export function klDiv(p: ArrayLike, q: ArrayLike): Array {
  const [a, b] = inexact("kl_div", p, q);
  return np.add(np.subtract(relEntr(a!, b!), a!), b!);
}

/** log(sum(exp(a))) over `axis`, computed stably (`jax.scipy.special.logsumexp`; the same function as `numpy.logsumexp`). */
export const logsumexp = np.logsumexp;
/** exp(x) / sum(exp(x)) along `axis` (`jax.scipy.special.softmax`; the same function as `nn.softmax`). */
export const softmax = nn.softmax;
/** x - logsumexp(x) along `axis` (`jax.scipy.special.log_softmax`; the same function as `nn.logSoftmax`). */
export const logSoftmax = nn.logSoftmax;
