// Continuous distributions of jax.scipy.stats, with JAX's formulas and argument conventions
// (x first, then shape parameters, then loc = 0 and scale = 1).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import { inexact } from "../special/util.js";
import { betainc, betaln, expit, gammainc, gammaincc, gammaln, logNdtr, logit, ndtr, ndtri, xlog1py, xlogy } from "../special/index.js";

const exp = (x: Array): Array => np.exp(x);
const standardized = (x: Array, loc: Array, scale: Array): Array => np.divide(np.subtract(x, loc), scale);

// ---- norm ----
function normLogpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("norm.logpdf", x, loc, scale);
  const scale2 = np.square(s!);
  const logNormalizer = np.log(np.multiply(scale2, 2 * Math.PI));
  const quadratic = np.divide(np.square(np.subtract(xv!, l!)), scale2);
  return np.divide(np.add(logNormalizer, quadratic), -2);
}
function normCdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("norm.cdf", x, loc, scale);
  return ndtr(standardized(xv!, l!, s!));
}
function normLogcdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("norm.logcdf", x, loc, scale);
  return logNdtr(standardized(xv!, l!, s!));
}
function normPpf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [qv, l, s] = inexact("norm.ppf", q, loc, scale);
  return np.add(np.multiply(ndtri(qv!), s!), l!);
}
/**
 * `scipy.stats.norm` (jax.scipy.stats.norm): the normal distribution (loc = mean, scale = standard deviation): logpdf, pdf, cdf, logcdf, sf, logsf, ppf, isf.
 *
 * @example
 * ```ts
 * scipy.stats.norm.pdf(np.array([0, 1])); // Array([0.3989423 , 0.24197073], dtype=float32)
 * scipy.stats.norm.cdf(np.array([0, 1.96])); // Array([0.5      , 0.9750021], dtype=float32)
 * scipy.stats.norm.ppf(0.975, 1, 2); // Array(4.9199286, dtype=float32)
 * ```
 */
export const norm = {
  /** Log of the probability density at `x` (`jax.scipy.stats.norm.logpdf`). */
  logpdf: normLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.norm.pdf`). */
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(normLogpdf(x, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.norm.cdf`). */
  cdf: normCdf,
  /** Log of the cumulative distribution function (`jax.scipy.stats.norm.logcdf`). */
  logcdf: normLogcdf,
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.norm.sf`). */
  sf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("norm.sf", x, loc, scale);
    return normCdf(np.negative(xv!), np.negative(l!), s!);
  },
  /** Log of the survival function (`jax.scipy.stats.norm.logsf`). */
  logsf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("norm.logsf", x, loc, scale);
    return normLogcdf(np.negative(xv!), np.negative(l!), s!);
  },
  /** Percent-point function, the inverse of cdf: the x with cdf(x) = q (`jax.scipy.stats.norm.ppf`). */
  ppf: normPpf,
  /** Inverse survival function: the x with sf(x) = q (`jax.scipy.stats.norm.isf`). */
  isf: (q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv] = inexact("norm.isf", q);
    return normPpf(np.subtract(1, qv!), loc, scale);
  },
};

// ---- t ----
function tLogpdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, d, l, s] = inexact("t.logpdf", x, df, loc, scale);
  const z = standardized(xv!, l!, s!);
  const half = np.divide(d!, 2);
  const halfPlus = np.add(half, 0.5);
  const normalize = np.subtract(np.add(gammaln(half), np.divide(np.log(np.multiply(np.multiply(np.multiply(s!, s!), Math.PI), d!)), 2)), gammaln(halfPlus));
  return np.negative(np.add(normalize, np.multiply(halfPlus, np.log1p(np.divide(np.multiply(z, z), d!)))));
}
/**
 * `scipy.stats.t` (jax.scipy.stats.t): Student's t distribution with df degrees of freedom: logpdf, pdf.
 *
 * @example
 * ```ts
 * scipy.stats.t.pdf(np.array([0, 1]), 3); // Array([0.36755264, 0.20674835], dtype=float32)
 * ```
 */
export const t = {
  /** Log of the probability density at `x` (`jax.scipy.stats.t.logpdf`). */
  logpdf: tLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.t.pdf`). */
  pdf: (x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(tLogpdf(x, df, loc, scale)),
};

// ---- cauchy ----
function cauchyLogpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("cauchy.logpdf", x, loc, scale);
  const z = standardized(xv!, l!, s!);
  return np.negative(np.add(np.log(np.multiply(s!, Math.PI)), np.log1p(np.multiply(z, z))));
}
function cauchyCdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("cauchy.cdf", x, loc, scale);
  return np.add(0.5, np.multiply(1 / Math.PI, np.arctan(standardized(xv!, l!, s!))));
}
/**
 * `scipy.stats.cauchy` (jax.scipy.stats.cauchy): the Cauchy distribution: logpdf, pdf, cdf, logcdf, sf, logsf, isf, ppf.
 *
 * @example
 * ```ts
 * scipy.stats.cauchy.pdf(np.array([0, 1])); // Array([0.31830987, 0.15915492], dtype=float32)
 * scipy.stats.cauchy.cdf(np.array([0, 1])); // Array([0.5 , 0.75], dtype=float32)
 * ```
 */
export const cauchy = {
  /** Log of the probability density at `x` (`jax.scipy.stats.cauchy.logpdf`). */
  logpdf: cauchyLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.cauchy.pdf`). */
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(cauchyLogpdf(x, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.cauchy.cdf`). */
  cdf: cauchyCdf,
  /** Log of the cumulative distribution function (`jax.scipy.stats.cauchy.logcdf`). */
  logcdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log(cauchyCdf(x, loc, scale)),
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.cauchy.sf`). */
  sf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("cauchy.sf", x, loc, scale);
    return cauchyCdf(np.negative(xv!), np.negative(l!), s!);
  },
  /** Log of the survival function (`jax.scipy.stats.cauchy.logsf`). */
  logsf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("cauchy.logsf", x, loc, scale);
    return np.log(cauchyCdf(np.negative(xv!), np.negative(l!), s!));
  },
  /** Inverse survival function: the x with sf(x) = q (`jax.scipy.stats.cauchy.isf`). */
  isf: (q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv, l, s] = inexact("cauchy.isf", q, loc, scale);
    return np.add(np.multiply(np.tan(np.subtract(Math.PI / 2, np.multiply(qv!, Math.PI))), s!), l!);
  },
  /** Percent-point function, the inverse of cdf: the x with cdf(x) = q (`jax.scipy.stats.cauchy.ppf`). */
  ppf: (q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv, l, s] = inexact("cauchy.ppf", q, loc, scale);
    return np.add(np.multiply(np.tan(np.subtract(np.multiply(qv!, Math.PI), Math.PI / 2)), s!), l!);
  },
};

// ---- laplace ----
function laplaceLogpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("laplace.logpdf", x, loc, scale);
  return np.negative(np.add(np.divide(np.abs(np.subtract(xv!, l!)), s!), np.log(np.multiply(s!, 2))));
}
/**
 * `scipy.stats.laplace` (jax.scipy.stats.laplace): the Laplace (double exponential) distribution: logpdf, pdf, cdf.
 *
 * @example
 * ```ts
 * scipy.stats.laplace.pdf(np.array([0, 1])); // Array([0.5       , 0.18393973], dtype=float32)
 * scipy.stats.laplace.cdf(np.array([0, 1])); // Array([0.5      , 0.8160603], dtype=float32)
 * ```
 */
export const laplace = {
  /** Log of the probability density at `x` (`jax.scipy.stats.laplace.logpdf`). */
  logpdf: laplaceLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.laplace.pdf`). */
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(laplaceLogpdf(x, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.laplace.cdf`). */
  cdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("laplace.cdf", x, loc, scale);
    const d = standardized(xv!, l!, s!);
    return np.where(np.lessEqual(d, 0), np.multiply(np.exp(d), 0.5), np.subtract(1, np.multiply(np.exp(np.negative(d)), 0.5)));
  },
};

// ---- logistic ----
function logisticLogpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("logistic.logpdf", x, loc, scale);
  const half = np.divide(standardized(xv!, l!, s!), 2);
  return np.subtract(np.multiply(np.logaddexp(half, np.negative(half)), -2), np.log(s!));
}
/**
 * `scipy.stats.logistic` (jax.scipy.stats.logistic): the logistic distribution: logpdf, pdf, cdf, sf, ppf, isf.
 *
 * @example
 * ```ts
 * scipy.stats.logistic.pdf(np.array([0, 1])); // Array([0.25      , 0.19661193], dtype=float32)
 * scipy.stats.logistic.ppf(np.array([0.5, 0.75])); // Array([0.       , 1.0986123], dtype=float32)
 * ```
 */
export const logistic = {
  /** Log of the probability density at `x` (`jax.scipy.stats.logistic.logpdf`). */
  logpdf: logisticLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.logistic.pdf`). */
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(logisticLogpdf(x, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.logistic.cdf`). */
  cdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("logistic.cdf", x, loc, scale);
    return expit(standardized(xv!, l!, s!));
  },
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.logistic.sf`). */
  sf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("logistic.sf", x, loc, scale);
    return expit(np.negative(standardized(xv!, l!, s!)));
  },
  /** Percent-point function, the inverse of cdf: the x with cdf(x) = q (`jax.scipy.stats.logistic.ppf`). */
  ppf: (q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv, l, s] = inexact("logistic.ppf", q, loc, scale);
    return np.add(np.multiply(logit(qv!), s!), l!);
  },
  /** Inverse survival function: the x with sf(x) = q (`jax.scipy.stats.logistic.isf`). */
  isf: (q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv, l, s] = inexact("logistic.isf", q, loc, scale);
    return np.add(np.multiply(np.negative(logit(qv!)), s!), l!);
  },
};

// ---- uniform ----
function uniformLogpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("uniform.logpdf", x, loc, scale);
  const outside = np.logicalOr(np.greater(xv!, np.add(l!, s!)), np.less(xv!, l!));
  return np.where(outside, -Infinity, np.negative(np.log(s!)));
}
/**
 * `scipy.stats.uniform` (jax.scipy.stats.uniform): the uniform distribution on [loc, loc + scale]: logpdf, pdf, cdf, ppf.
 *
 * @example
 * ```ts
 * scipy.stats.uniform.pdf(np.array([0.5, 3]), 0, 2); // Array([0.5, 0. ], dtype=float32)
 * scipy.stats.uniform.cdf(np.array([0.5, 3]), 0, 2); // Array([0.25, 1.  ], dtype=float32)
 * ```
 */
export const uniform = {
  /** Log of the probability density at `x` (`jax.scipy.stats.uniform.logpdf`). */
  logpdf: uniformLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.uniform.pdf`). */
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(uniformLogpdf(x, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.uniform.cdf`). */
  cdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("uniform.cdf", x, loc, scale);
    return np.where(np.less(xv!, l!), 0, np.where(np.greater(xv!, np.add(l!, s!)), 1, standardized(xv!, l!, s!)));
  },
  /** Percent-point function, the inverse of cdf: the x with cdf(x) = q (`jax.scipy.stats.uniform.ppf`). */
  ppf: (q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv, l, s] = inexact("uniform.ppf", q, loc, scale);
    const bad = np.logicalOr(np.isnan(qv!), np.logicalOr(np.less(qv!, 0), np.greater(qv!, 1)));
    return np.where(bad, NaN, np.add(l!, np.multiply(s!, qv!)));
  },
};

// ---- expon ----
function exponLogpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("expon.logpdf", x, loc, scale);
  return np.where(np.less(xv!, l!), -Infinity, np.negative(np.add(standardized(xv!, l!, s!), np.log(s!))));
}
function exponLogsf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, l, s] = inexact("expon.logsf", x, loc, scale);
  const neg = np.divide(np.subtract(l!, xv!), s!);
  return np.where(np.less(xv!, l!), np.zerosLike(neg), neg);
}
/**
 * `scipy.stats.expon` (jax.scipy.stats.expon): the exponential distribution (scale = 1 / rate): logpdf, pdf, cdf, logcdf, sf, logsf, ppf.
 *
 * @example
 * ```ts
 * scipy.stats.expon.pdf(np.array([0, 1])); // Array([1.        , 0.36787945], dtype=float32)
 * scipy.stats.expon.cdf(np.array([0, 1]), 0, 2); // Array([-0.        ,  0.39346933], dtype=float32)
 * ```
 */
export const expon = {
  /** Log of the probability density at `x` (`jax.scipy.stats.expon.logpdf`). */
  logpdf: exponLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.expon.pdf`). */
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(exponLogpdf(x, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.expon.cdf`). */
  cdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, l, s] = inexact("expon.cdf", x, loc, scale);
    const neg = np.divide(np.subtract(l!, xv!), s!);
    return np.where(np.less(xv!, l!), np.zerosLike(neg), np.negative(np.expm1(neg)));
  },
  /** Log of the cumulative distribution function (`jax.scipy.stats.expon.logcdf`). */
  logcdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log1p(np.negative(exp(exponLogsf(x, loc, scale)))),
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.expon.sf`). */
  sf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(exponLogsf(x, loc, scale)),
  /** Log of the survival function (`jax.scipy.stats.expon.logsf`). */
  logsf: exponLogsf,
  /** Percent-point function, the inverse of cdf: the x with cdf(x) = q (`jax.scipy.stats.expon.ppf`). */
  ppf: (q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv, l, s] = inexact("expon.ppf", q, loc, scale);
    const bad = np.logicalOr(np.isnan(qv!), np.logicalOr(np.less(qv!, 0), np.greater(qv!, 1)));
    return np.where(bad, NaN, np.subtract(l!, np.multiply(s!, np.log1p(np.negative(qv!)))));
  },
};

// ---- gamma ----
function gammaLogpdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, l, s] = inexact("gamma.logpdf", x, a, loc, scale);
  const ok = np.greaterEqual(xv!, l!);
  const y = np.where(ok, standardized(xv!, l!, s!), 1);
  const logLinear = np.subtract(xlogy(np.subtract(av!, 1), y), y);
  return np.where(ok, np.subtract(logLinear, np.add(gammaln(av!), np.log(s!))), -Infinity);
}
function gammaCdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, l, s] = inexact("gamma.cdf", x, a, loc, scale);
  return gammainc(av!, np.clip(standardized(xv!, l!, s!), 0, Infinity));
}
function gammaSf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, l, s] = inexact("gamma.sf", x, a, loc, scale);
  const y = standardized(xv!, l!, s!);
  return np.where(np.less(y, 0), 1, gammaincc(av!, np.maximum(y, 0)));
}
/**
 * `scipy.stats.gamma` (jax.scipy.stats.gamma): the gamma distribution with shape a (scale = 1 / rate): logpdf, pdf, cdf, logcdf, sf, logsf.
 *
 * @example
 * ```ts
 * scipy.stats.gamma.pdf(np.array([1, 2]), 2); // Array([0.36787927, 0.27067044], dtype=float32)
 * scipy.stats.gamma.cdf(np.array([1, 2]), 2); // Array([0.264241  , 0.59399396], dtype=float32)
 * ```
 */
export const gamma = {
  /** Log of the probability density at `x` (`jax.scipy.stats.gamma.logpdf`). */
  logpdf: gammaLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.gamma.pdf`). */
  pdf: (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(gammaLogpdf(x, a, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.gamma.cdf`). */
  cdf: gammaCdf,
  /** Log of the cumulative distribution function (`jax.scipy.stats.gamma.logcdf`). */
  logcdf: (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log(gammaCdf(x, a, loc, scale)),
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.gamma.sf`). */
  sf: gammaSf,
  /** Log of the survival function (`jax.scipy.stats.gamma.logsf`). */
  logsf: (x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log(gammaSf(x, a, loc, scale)),
};

// ---- beta ----
function betaLogpdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, bv, l, s] = inexact("beta.logpdf", x, a, b, loc, scale);
  const y = standardized(xv!, l!, s!);
  const logLinear = np.add(xlogy(np.subtract(av!, 1), y), xlog1py(np.subtract(bv!, 1), np.negative(y)));
  const logProbs = np.subtract(np.add(np.negative(betaln(av!, bv!)), logLinear), np.log(s!));
  const result = np.where(np.logicalOr(np.greater(xv!, np.add(l!, s!)), np.less(xv!, l!)), -Infinity, logProbs);
  const badParams = np.logicalOr(np.logicalOr(np.lessEqual(av!, 0), np.lessEqual(bv!, 0)), np.lessEqual(s!, 0));
  return np.where(badParams, NaN, result);
}
function betaCdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, bv, l, s] = inexact("beta.cdf", x, a, b, loc, scale);
  return betainc(av!, bv!, np.clip(standardized(xv!, l!, s!), 0, 1));
}
function betaSf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, bv, l, s] = inexact("beta.sf", x, a, b, loc, scale);
  return betainc(bv!, av!, np.subtract(1, np.clip(standardized(xv!, l!, s!), 0, 1)));
}
/**
 * `scipy.stats.beta` (jax.scipy.stats.beta): the beta distribution with shapes a, b on [loc, loc + scale]: logpdf, pdf, cdf, logcdf, sf, logsf.
 *
 * @example
 * ```ts
 * scipy.stats.beta.pdf(np.array([0.25, 0.5]), 2, 2); // Array([1.1249999, 1.4999999], dtype=float32)
 * scipy.stats.beta.cdf(np.array([0.25, 0.5]), 2, 2); // Array([0.15625001, 0.50000006], dtype=float32)
 * ```
 */
export const beta = {
  /** Log of the probability density at `x` (`jax.scipy.stats.beta.logpdf`). */
  logpdf: betaLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.beta.pdf`). */
  pdf: (x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(betaLogpdf(x, a, b, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.beta.cdf`). */
  cdf: betaCdf,
  /** Log of the cumulative distribution function (`jax.scipy.stats.beta.logcdf`). */
  logcdf: (x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log(betaCdf(x, a, b, loc, scale)),
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.beta.sf`). */
  sf: betaSf,
  /** Log of the survival function (`jax.scipy.stats.beta.logsf`). */
  logsf: (x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log(betaSf(x, a, b, loc, scale)),
};

// ---- chi2 ----
function chi2Logpdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, d, l, s] = inexact("chi2.logpdf", x, df, loc, scale);
  const y = standardized(xv!, l!, s!);
  const half = np.divide(d!, 2);
  const kernel = np.subtract(np.multiply(np.subtract(half, 1), np.log(y)), np.divide(y, 2));
  const constant = np.negative(np.add(gammaln(half), np.divide(np.multiply(d!, Math.LN2), 2)));
  return np.where(np.less(xv!, l!), -Infinity, np.add(np.subtract(constant, np.log(s!)), kernel));
}
function chi2Cdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, d, l, s] = inexact("chi2.cdf", x, df, loc, scale);
  return gammainc(np.divide(d!, 2), np.clip(np.divide(np.subtract(xv!, l!), np.multiply(s!, 2)), 0, Infinity));
}
function chi2Sf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, d, l, s] = inexact("chi2.sf", x, df, loc, scale);
  return gammaincc(np.divide(d!, 2), np.clip(np.divide(np.subtract(xv!, l!), np.multiply(s!, 2)), 0, Infinity));
}
/**
 * `scipy.stats.chi2` (jax.scipy.stats.chi2): the chi-squared distribution with df degrees of freedom: logpdf, pdf, cdf, logcdf, sf, logsf.
 *
 * @example
 * ```ts
 * scipy.stats.chi2.pdf(np.array([1, 2]), 2); // Array([0.30326518, 0.18393964], dtype=float32)
 * scipy.stats.chi2.cdf(np.array([1, 2]), 2); // Array([0.39346915, 0.6321202 ], dtype=float32)
 * ```
 */
export const chi2 = {
  /** Log of the probability density at `x` (`jax.scipy.stats.chi2.logpdf`). */
  logpdf: chi2Logpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.chi2.pdf`). */
  pdf: (x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(chi2Logpdf(x, df, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.chi2.cdf`). */
  cdf: chi2Cdf,
  /** Log of the cumulative distribution function (`jax.scipy.stats.chi2.logcdf`). */
  logcdf: (x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log(chi2Cdf(x, df, loc, scale)),
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.chi2.sf`). */
  sf: chi2Sf,
  /** Log of the survival function (`jax.scipy.stats.chi2.logsf`). */
  logsf: (x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.log(chi2Sf(x, df, loc, scale)),
};

// ---- pareto ----
function paretoLogpdf(x: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, bv, l, s] = inexact("pareto.logpdf", x, b, loc, scale);
  const z = standardized(xv!, l!, s!);
  const logProbs = np.negative(np.add(np.log(np.divide(s!, bv!)), np.multiply(np.add(bv!, 1), np.log(z))));
  return np.where(np.less(xv!, np.add(l!, s!)), -Infinity, logProbs);
}
function paretoLogsf(x: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, bv, l, s] = inexact("pareto.logsf", x, b, loc, scale);
  const z = standardized(xv!, l!, s!);
  return np.where(np.less(xv!, np.add(l!, s!)), 0, np.negative(np.multiply(bv!, np.log(z))));
}
/**
 * `scipy.stats.pareto` (jax.scipy.stats.pareto): the Pareto distribution with shape b: logpdf, pdf, cdf, logcdf, logsf, sf, ppf.
 *
 * @example
 * ```ts
 * scipy.stats.pareto.pdf(np.array([1, 2]), 3); // Array([3.    , 0.1875], dtype=float32)
 * scipy.stats.pareto.cdf(np.array([1, 2]), 3); // Array([0.   , 0.875], dtype=float32)
 * ```
 */
export const pareto = {
  /** Log of the probability density at `x` (`jax.scipy.stats.pareto.logpdf`). */
  logpdf: paretoLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.pareto.pdf`). */
  pdf: (x: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(paretoLogpdf(x, b, loc, scale)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.pareto.cdf`). */
  cdf: (x: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, bv, l, s] = inexact("pareto.cdf", x, b, loc, scale);
    return np.where(np.less(xv!, np.add(l!, s!)), 0, np.subtract(1, np.power(standardized(xv!, l!, s!), np.negative(bv!))));
  },
  /** Log of the cumulative distribution function (`jax.scipy.stats.pareto.logcdf`). */
  logcdf: (x: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [xv, bv, l, s] = inexact("pareto.logcdf", x, b, loc, scale);
    return np.where(np.less(xv!, np.add(l!, s!)), -Infinity, np.log1p(np.negative(np.power(standardized(xv!, l!, s!), np.negative(bv!)))));
  },
  /** Log of the survival function (`jax.scipy.stats.pareto.logsf`). */
  logsf: paretoLogsf,
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.pareto.sf`). */
  sf: (x: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => exp(paretoLogsf(x, b, loc, scale)),
  /** Percent-point function, the inverse of cdf: the x with cdf(x) = q (`jax.scipy.stats.pareto.ppf`). */
  ppf: (q: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => {
    const [qv, bv, l, s] = inexact("pareto.ppf", q, b, loc, scale);
    const value = np.add(l!, np.multiply(s!, np.power(np.subtract(1, qv!), np.negative(np.divide(1, bv!)))));
    return np.where(np.logicalOr(np.isnan(qv!), np.logicalOr(np.less(qv!, 0), np.greater(qv!, 1))), NaN, value);
  },
};

// ---- gennorm ----
function gennormLogpdf(x: ArrayLike, beta: ArrayLike): Array {
  const [xv, b] = inexact("gennorm.logpdf", x, beta);
  return np.subtract(np.subtract(np.log(np.multiply(b!, 0.5)), gammaln(np.divide(1, b!))), np.power(np.abs(xv!), b!));
}
/**
 * `scipy.stats.gennorm` (jax.scipy.stats.gennorm): the generalized normal distribution with shape beta (2: normal with variance 1/2; 1: Laplace): logpdf, pdf, cdf.
 *
 * @example
 * ```ts
 * scipy.stats.gennorm.pdf(np.array([0, 1]), 2); // Array([0.5641894 , 0.20755368], dtype=float32)
 * scipy.stats.gennorm.cdf(np.array([0, 1]), 1); // Array([0.5       , 0.81606007], dtype=float32)
 * ```
 */
export const gennorm = {
  /** Log of the probability density at `x` (`jax.scipy.stats.gennorm.logpdf`). */
  logpdf: gennormLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.gennorm.pdf`). */
  pdf: (x: ArrayLike, beta: ArrayLike): Array => exp(gennormLogpdf(x, beta)),
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.gennorm.cdf`). */
  cdf: (x: ArrayLike, beta: ArrayLike): Array => {
    const [xv, b] = inexact("gennorm.cdf", x, beta);
    return np.multiply(np.add(1, np.multiply(np.sign(xv!), gammainc(np.divide(1, b!), np.power(np.abs(xv!), b!)))), 0.5);
  },
};
