// Multivariate and circular distributions of jax.scipy.stats: multivariateNormal (by the Cholesky
// factor, as JAX's), dirichlet, wrapcauchy and truncnorm (JAX's log-mass formulation from scipy).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as laxLinalg from "../../lax/linalg.js";
import { NotImplementedError, ValueError } from "../../core/errors.js";
import { promoteDtypesInexact } from "../../numpy/options.js";
import { inexact } from "../special/util.js";
import { gammaln, i0e, logNdtr, ndtr, xlogy } from "../special/index.js";
import { norm } from "./continuous.js";

function mvnLogpdf(x: ArrayLike, mean: ArrayLike, cov: ArrayLike, allowSingular: null = null): Array {
  if (allowSingular !== null) throw new NotImplementedError("allow_singular argument of multivariate_normal.logpdf");
  const [xv, m, c] = promoteDtypesInexact("multivariate_normal.logpdf", [x, mean, cov]);
  const log2pi = Math.log(2 * Math.PI);
  if (m!.ndim === 0) {
    return np.subtract(np.divide(np.multiply(np.square(np.subtract(xv!, m!)), -0.5), c!), np.multiply(np.add(np.log(c!), log2pi), 0.5));
  }
  const n = m!.shape[m!.ndim - 1]!;
  const y = np.subtract(xv!, m!);
  if (c!.ndim === 0) {
    return np.subtract(np.divide(np.multiply(np.sum(np.multiply(y, y), -1), -0.5), c!), np.multiply(np.add(np.log(c!), log2pi), n / 2));
  }
  if (c!.ndim < 2 || c!.shape[c!.ndim - 1] !== n || c!.shape[c!.ndim - 2] !== n) throw new ValueError("multivariate_normal.logpdf got incompatible shapes");
  const L = laxLinalg.cholesky(c!);
  // Solve L z = y for each y: one triangular solve with the batch as columns.
  const batchShape = y.shape.slice(0, -1);
  const columns = np.reshape(y, [-1, n]).T;
  const z = laxLinalg.triangularSolve(L, columns, { leftSide: true, lower: true });
  const quad = np.reshape(np.sum(np.multiply(z, z), 0), batchShape);
  const logDet = np.sum(np.log(np.diagonal(L, 0, -2, -1)), -1);
  return np.subtract(np.subtract(np.multiply(quad, -0.5), n / 2 * log2pi), logDet);
}
/**
 * `scipy.stats.multivariateNormal` (jax.scipy.stats.multivariate_normal): the multivariate normal distribution (cov a matrix, a scalar variance, or with a scalar mean): logpdf, pdf.
 *
 * @example
 * ```ts
 * scipy.stats.multivariateNormal.logpdf(np.array([0, 0]), np.array([0, 0]), np.eye(2)); // Array(-1.837877, dtype=float32)
 * scipy.stats.multivariateNormal.pdf(np.array([[0, 0], [1, 1]]), np.array([0, 0]), np.array([[2, 1], [1, 2]])); // Array([0.09188815, 0.06584074], dtype=float32)
 * ```
 */
export const multivariateNormal = {
  /** Log of the probability density at `x` (`jax.scipy.stats.multivariate_normal.logpdf`). */
  logpdf: mvnLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.multivariate_normal.pdf`). */
  pdf: (x: ArrayLike, mean: ArrayLike, cov: ArrayLike): Array => np.exp(mvnLogpdf(x, mean, cov)),
};

function dirichletLogpdf(x: ArrayLike, alpha: ArrayLike): Array {
  let [xv, a] = promoteDtypesInexact("dirichlet.logpdf", [x, alpha]);
  if (a!.ndim !== 1) throw new ValueError(`\`alpha\` must be one-dimensional; got alpha.shape=(${a!.shape.join(", ")})`);
  const k = a!.shape[0]!;
  if (xv!.shape[0] !== k && xv!.shape[0] !== k - 1) {
    throw new ValueError(`\`x\` must have either the same number of entries as \`alpha\` or one entry fewer; got x.shape=(${xv!.shape.join(", ")}${xv!.ndim === 1 ? "," : ""}), alpha.shape=(${k},)`);
  }
  if (xv!.shape[0] !== k) xv = np.concatenate([xv!, np.subtract(1, np.sum(xv!, 0, true))], 0);
  const normalize = np.subtract(np.sum(gammaln(a!)), gammaln(np.sum(a!)));
  const alphaB = xv!.ndim > 1 ? np.reshape(a!, [k, ...new globalThis.Array<number>(xv!.ndim - 1).fill(1)]) : a!;
  const logProbs = np.subtract(np.sum(xlogy(np.subtract(alphaB, 1), xv!), 0), normalize);
  const simplex = np.logicalAnd(np.all(np.greater(xv!, 0), 0), np.less(np.abs(np.subtract(np.sum(xv!, 0), 1)), 1e-6));
  return np.where(simplex, logProbs, -Infinity);
}
/**
 * `scipy.stats.dirichlet` (jax.scipy.stats.dirichlet): the Dirichlet distribution over the simplex (x's first axis indexes the components): logpdf, pdf.
 *
 * @example
 * ```ts
 * scipy.stats.dirichlet.pdf(np.array([0.2, 0.3, 0.5]), np.array([1, 2, 3])); // Array(4.499998, dtype=float32)
 * ```
 */
export const dirichlet = {
  /** Log of the probability density at `x` (`jax.scipy.stats.dirichlet.logpdf`). */
  logpdf: dirichletLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.dirichlet.pdf`). */
  pdf: (x: ArrayLike, alpha: ArrayLike): Array => np.exp(dirichletLogpdf(x, alpha)),
};

function wrapcauchyLogpdf(x: ArrayLike, c: ArrayLike): Array {
  const [xv, cv] = inexact("wrapcauchy.logpdf", x, c);
  const c2 = np.multiply(cv!, cv!);
  const value = np.subtract(np.subtract(np.log(np.subtract(1, c2)), Math.log(2 * Math.PI)), np.log(np.subtract(np.add(1, c2), np.multiply(np.multiply(cv!, 2), np.cos(xv!)))));
  const inRange = np.logicalAnd(np.greaterEqual(xv!, 0), np.lessEqual(xv!, 2 * Math.PI));
  const validC = np.logicalAnd(np.greater(cv!, 0), np.less(cv!, 1));
  return np.where(validC, np.where(inRange, value, -Infinity), NaN);
}
/**
 * `scipy.stats.wrapcauchy` (jax.scipy.stats.wrapcauchy): the wrapped Cauchy distribution on [0, 2 pi] with shape c: logpdf, pdf.
 *
 * @example
 * ```ts
 * scipy.stats.wrapcauchy.pdf(np.array([0, Math.PI]), 0.5); // Array([0.47746485, 0.05305165], dtype=float32)
 * ```
 */
export const wrapcauchy = {
  /** Log of the probability density at `x` (`jax.scipy.stats.wrapcauchy.logpdf`). */
  logpdf: wrapcauchyLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.wrapcauchy.pdf`). */
  pdf: (x: ArrayLike, c: ArrayLike): Array => np.exp(wrapcauchyLogpdf(x, c)),
};

/** log(exp(x) - exp(y)) for x >= y. */
const logDiff = (x: Array, y: Array): Array => np.add(x, np.log1p(np.negative(np.exp(np.subtract(y, x)))));

/** log(Phi(b) - Phi(a)), in the left tail by symmetry and by log1p in the middle (scipy's). */
function logGaussMass(a: Array, b: Array): Array {
  const left = np.lessEqual(b, 0);
  const right = np.greater(a, 0);
  const central = np.logicalNot(np.logicalOr(left, right));
  const aTail = np.where(right, np.negative(b), a);
  const bTail = np.where(right, np.negative(a), b);
  const tail = logDiff(logNdtr(bTail), logNdtr(aTail));
  const middle = np.log1p(np.subtract(np.negative(ndtr(a)), ndtr(np.negative(b))));
  return np.where(central, middle, tail);
}

function truncnormLogpdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, bv, l, s] = inexact("truncnorm.logpdf", x, a, b, loc, scale);
  let val = np.subtract(norm.logpdf(xv!, l!, s!), logGaussMass(av!, bv!));
  const z = np.divide(np.subtract(xv!, l!), s!);
  val = np.where(np.logicalOr(np.less(z, av!), np.greater(z, bv!)), -Infinity, val);
  return np.where(np.greaterEqual(av!, bv!), NaN, val);
}
function truncnormLogcdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, bv, l, s] = inexact("truncnorm.logcdf", x, a, b, loc, scale);
  const z = np.divide(np.subtract(xv!, l!), s!);
  const massAB = logGaussMass(av!, bv!);
  const logcdf = np.subtract(logGaussMass(av!, np.clip(z, av!, bv!)), massAB);
  const logsf = np.subtract(logGaussMass(np.clip(z, av!, bv!), bv!), massAB);
  // Near 1, log1p(-sf) avoids the cancellation (scipy's third case).
  const out = np.where(np.greaterEqual(z, bv!), 0, np.where(np.lessEqual(z, av!), -Infinity, np.where(np.greater(logcdf, -0.1), np.log1p(np.negative(np.exp(logsf))), logcdf)));
  return np.where(np.greaterEqual(av!, bv!), NaN, out);
}
function truncnormLogsf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array {
  const [xv, av, bv, l, s] = inexact("truncnorm.logsf", x, a, b, loc, scale);
  return truncnormLogcdf(np.negative(xv!), np.negative(bv!), np.negative(av!), np.negative(l!), s!);
}
/**
 * `scipy.stats.truncnorm` (jax.scipy.stats.truncnorm): the normal distribution truncated to [a, b] in standardized units: logpdf, pdf, logcdf, cdf, logsf, sf.
 *
 * @example
 * ```ts
 * scipy.stats.truncnorm.pdf(np.array([0, 1]), -1, 1); // Array([0.5843686 , 0.35443747], dtype=float32)
 * scipy.stats.truncnorm.cdf(np.array([0, 1]), -1, 1); // Array([0.5, 1. ], dtype=float32)
 * ```
 */
export const truncnorm = {
  /** Log of the probability density at `x` (`jax.scipy.stats.truncnorm.logpdf`). */
  logpdf: truncnormLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.truncnorm.pdf`). */
  pdf: (x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(truncnormLogpdf(x, a, b, loc, scale)),
  /** Log of the cumulative distribution function (`jax.scipy.stats.truncnorm.logcdf`). */
  logcdf: truncnormLogcdf,
  /** Cumulative distribution function P(X <= x) (`jax.scipy.stats.truncnorm.cdf`). */
  cdf: (x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(truncnormLogcdf(x, a, b, loc, scale)),
  /** Log of the survival function (`jax.scipy.stats.truncnorm.logsf`). */
  logsf: truncnormLogsf,
  /** Survival function P(X > x) = 1 - cdf(x) (`jax.scipy.stats.truncnorm.sf`). */
  sf: (x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(truncnormLogsf(x, a, b, loc, scale)),
};

function vonmisesLogpdf(x: ArrayLike, kappa: ArrayLike): Array {
  const [xv, k] = inexact("vonmises.logpdf", x, kappa);
  const value = np.subtract(np.multiply(k!, np.subtract(np.cos(xv!), 1)), np.log(np.multiply(i0e(k!), 2 * Math.PI)));
  return np.where(np.greater(k!, 0), value, NaN);
}
/**
 * `scipy.stats.vonmises` (jax.scipy.stats.vonmises): the von Mises distribution with concentration kappa (scaled Bessel i0e keeps large kappa finite): logpdf, pdf.
 *
 * @example
 * ```ts
 * scipy.stats.vonmises.pdf(np.array([0, Math.PI]), 1); // Array([0.34171045, 0.04624548], dtype=float32)
 * ```
 */
export const vonmises = {
  /** Log of the probability density at `x` (`jax.scipy.stats.vonmises.logpdf`). */
  logpdf: vonmisesLogpdf,
  /** Probability density at `x`, the exponential of logpdf (`jax.scipy.stats.vonmises.pdf`). */
  pdf: (x: ArrayLike, kappa: ArrayLike): Array => np.exp(vonmisesLogpdf(x, kappa)),
};
