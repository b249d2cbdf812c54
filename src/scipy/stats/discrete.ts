// Discrete distributions of jax.scipy.stats (k first, then parameters, then loc = 0), with JAX's
// formulas: log-pmfs from gammaln/betaln and xlogy/xlog1py, -inf off the support.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import { inexact } from "../special/util.js";
import { betaln, gammaincc, gammaln, xlog1py, xlogy } from "../special/index.js";

function poissonLogpmf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): Array {
  const [kv, m, l] = inexact("poisson.logpmf", k, mu, loc);
  const x = np.subtract(kv!, l!);
  const logProbs = np.subtract(np.subtract(xlogy(x, m!), gammaln(np.add(x, 1))), m!);
  return np.where(np.logicalOr(np.less(x, 0), np.notEqual(np.round(kv!), kv!)), -Infinity, logProbs);
}
/** The Poisson distribution with mean mu. */
export const poisson = {
  /** Log of the probability mass at `k` (`jax.scipy.stats.poisson.logpmf`). */
  logpmf: poissonLogpmf,
  /** Probability mass at `k`, the exponential of logpmf (`jax.scipy.stats.poisson.pmf`). */
  pmf: (k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): Array => np.exp(poissonLogpmf(k, mu, loc)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.poisson.cdf`). */
  cdf: (k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): Array => {
    const [kv, m, l] = inexact("poisson.cdf", k, mu, loc);
    const x = np.subtract(kv!, l!);
    return np.where(np.less(x, 0), 0, gammaincc(np.floor(np.add(np.maximum(x, 0), 1)), m!));
  },
};

function bernoulliLogpmf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array {
  const [kv, pv, l] = inexact("bernoulli.logpmf", k, p, loc);
  const x = np.subtract(kv!, l!);
  const logProbs = np.add(xlogy(x, pv!), xlog1py(np.subtract(1, x), np.negative(pv!)));
  return np.where(np.logicalOr(np.less(x, 0), np.greater(x, 1)), -Infinity, logProbs);
}
/**
 * `scipy.stats.bernoulli` (jax.scipy.stats.bernoulli): the Bernoulli distribution with success probability p: logpmf, pmf, cdf, ppf.
 *
 * @example
 * ```ts
 * scipy.stats.bernoulli.pmf(np.array([0, 1]), 0.3); // Array([0.7       , 0.29999998], dtype=float32)
 * scipy.stats.bernoulli.ppf(np.array([0.5, 0.8]), 0.3); // Array([0., 1.], dtype=float32, weak_type=True)
 * ```
 */
export const bernoulli = {
  /** Log of the probability mass at `k` (`jax.scipy.stats.bernoulli.logpmf`). */
  logpmf: bernoulliLogpmf,
  /** Probability mass at `k`, the exponential of logpmf (`jax.scipy.stats.bernoulli.pmf`). */
  pmf: (k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array => np.exp(bernoulliLogpmf(k, p, loc)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.bernoulli.cdf`). */
  cdf: (k: ArrayLike, p: ArrayLike): Array => {
    const [kv, pv] = inexact("bernoulli.cdf", k, p);
    const bad = np.logicalOr(np.logicalOr(np.isnan(kv!), np.isnan(pv!)), np.logicalOr(np.less(pv!, 0), np.greater(pv!, 1)));
    return np.where(bad, NaN, np.where(np.less(kv!, 0), 0, np.where(np.less(kv!, 1), np.subtract(1, pv!), 1)));
  },
  /** Percent-point function, the inverse of cdf: the x with cdf(x) = q (`jax.scipy.stats.bernoulli.ppf`). */
  ppf: (q: ArrayLike, p: ArrayLike): Array => {
    const [qv, pv] = inexact("bernoulli.ppf", q, p);
    const bad = np.logicalOr(np.logicalOr(np.logicalOr(np.isnan(qv!), np.isnan(pv!)), np.logicalOr(np.less(pv!, 0), np.greater(pv!, 1))), np.logicalOr(np.less(qv!, 0), np.greater(qv!, 1)));
    return np.where(bad, NaN, np.where(np.lessEqual(qv!, np.subtract(1, pv!)), 0, 1));
  },
};

function binomLogpmf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array {
  const [kv, nv, pv, l] = inexact("binom.logpmf", k, n, p, loc);
  const y = np.subtract(kv!, l!);
  const comb = np.subtract(gammaln(np.add(nv!, 1)), np.add(gammaln(np.add(y, 1)), gammaln(np.add(np.subtract(nv!, y), 1))));
  const logLinear = np.add(xlogy(y, pv!), xlog1py(np.subtract(nv!, y), np.negative(pv!)));
  let logProbs = np.add(comb, logLinear);
  // Certain outcomes (y = n = 0, or p at 0 or 1 with the matching y) have probability exactly 1.
  logProbs = np.where(np.logicalOr(np.logicalAnd(np.equal(y, 0), np.equal(nv!, 0)), np.equal(logLinear, 0)), 0, logProbs);
  return np.where(np.logicalAnd(np.greaterEqual(kv!, l!), np.less(kv!, np.add(np.add(l!, nv!), 1))), logProbs, -Infinity);
}
/**
 * `scipy.stats.binom` (jax.scipy.stats.binom): the binomial distribution of n trials with success probability p: logpmf, pmf.
 *
 * @example
 * ```ts
 * scipy.stats.binom.pmf(np.array([0, 1, 2]), 2, 0.5); // Array([0.24999988, 0.49999976, 0.24999988], dtype=float32)
 * ```
 */
export const binom = {
  /** Log of the probability mass at `k` (`jax.scipy.stats.binom.logpmf`). */
  logpmf: binomLogpmf,
  /** Probability mass at `k`, the exponential of logpmf (`jax.scipy.stats.binom.pmf`). */
  pmf: (k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array => np.exp(binomLogpmf(k, n, p, loc)),
};

function geomLogpmf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array {
  const [kv, pv, l] = inexact("geom.logpmf", k, p, loc);
  const x = np.subtract(kv!, l!);
  const logProbs = np.add(xlog1py(np.subtract(x, 1), np.negative(pv!)), np.log(pv!));
  return np.where(np.lessEqual(x, 0), -Infinity, logProbs);
}
/**
 * `scipy.stats.geom` (jax.scipy.stats.geom): the geometric distribution (trials up to the first success, k >= 1): logpmf, pmf.
 *
 * @example
 * ```ts
 * scipy.stats.geom.pmf(np.array([1, 2, 3]), 0.5); // Array([0.5  , 0.25 , 0.125], dtype=float32)
 * ```
 */
export const geom = {
  /** Log of the probability mass at `k` (`jax.scipy.stats.geom.logpmf`). */
  logpmf: geomLogpmf,
  /** Probability mass at `k`, the exponential of logpmf (`jax.scipy.stats.geom.pmf`). */
  pmf: (k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array => np.exp(geomLogpmf(k, p, loc)),
};

function nbinomLogpmf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array {
  const [kv, nv, pv, l] = inexact("nbinom.logpmf", k, n, p, loc);
  const y = np.subtract(kv!, l!);
  const comb = np.subtract(np.subtract(gammaln(np.add(y, nv!)), gammaln(nv!)), gammaln(np.add(y, 1)));
  const logLinear = np.add(xlogy(nv!, pv!), xlogy(y, np.subtract(1, pv!)));
  return np.where(np.less(kv!, l!), -Infinity, np.add(comb, logLinear));
}
/**
 * `scipy.stats.nbinom` (jax.scipy.stats.nbinom): the negative binomial distribution (failures before the n-th success): logpmf, pmf.
 *
 * @example
 * ```ts
 * scipy.stats.nbinom.pmf(np.array([0, 1, 2]), 2, 0.5); // Array([0.24999988, 0.24999988, 0.18749999], dtype=float32)
 * ```
 */
export const nbinom = {
  /** Log of the probability mass at `k` (`jax.scipy.stats.nbinom.logpmf`). */
  logpmf: nbinomLogpmf,
  /** Probability mass at `k`, the exponential of logpmf (`jax.scipy.stats.nbinom.pmf`). */
  pmf: (k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Array => np.exp(nbinomLogpmf(k, n, p, loc)),
};

function betabinomLogpmf(k: ArrayLike, n: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0): Array {
  const [kv, nv, av, bv, l] = inexact("betabinom.logpmf", k, n, a, b, loc);
  const y = np.subtract(np.floor(kv!), l!);
  const combiln = np.negative(np.add(np.log1p(nv!), betaln(np.add(np.subtract(nv!, y), 1), np.add(y, 1))));
  const betaLns = np.subtract(betaln(np.add(y, av!), np.add(np.subtract(nv!, y), bv!)), betaln(av!, bv!));
  let logProbs = np.add(combiln, betaLns);
  logProbs = np.where(np.logicalAnd(np.equal(y, 0), np.equal(nv!, 0)), 0, logProbs);
  const outside = np.logicalOr(np.logicalOr(np.less(y, np.negative(l!)), np.greater(y, nv!)), np.lessEqual(np.add(y, av!), 0));
  logProbs = np.where(outside, -Infinity, logProbs);
  const badParams = np.logicalOr(np.logicalOr(np.less(nv!, 0), np.lessEqual(av!, 0)), np.lessEqual(bv!, 0));
  return np.where(badParams, NaN, logProbs);
}
/**
 * `scipy.stats.betabinom` (jax.scipy.stats.betabinom): the beta-binomial distribution of n trials with beta(a, b) success probability: logpmf, pmf.
 *
 * @example
 * ```ts
 * scipy.stats.betabinom.pmf(np.array([0, 1, 2]), 2, 1, 1); // Array([0.33333316, 0.33333316, 0.33333316], dtype=float32)
 * ```
 */
export const betabinom = {
  /** Log of the probability mass at `k` (`jax.scipy.stats.betabinom.logpmf`). */
  logpmf: betabinomLogpmf,
  /** Probability mass at `k`, the exponential of logpmf (`jax.scipy.stats.betabinom.pmf`). */
  pmf: (k: ArrayLike, n: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0): Array => np.exp(betabinomLogpmf(k, n, a, b, loc)),
};
