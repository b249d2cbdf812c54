// More of jax.scipy.stats: multinomial (logpmf, pmf; jax/_src/scipy/stats/multinomial.py),
// poisson with entropy (poisson.py: a truncated sum of entr(pmf) for mu < 100, the asymptotic
// expansion above).
import { isInteger } from "../../../jaxpr/index.js";
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import { ValueError } from "../../core/errors.js";
import * as np from "../../numpy/index.js";
import { entr, gammaln, xlogy } from "../special/index.js";
import { inexact } from "../special/util.js";
import { poisson as poissonBase } from "./discrete.js";

function multinomialLogpmf(x: ArrayLike, n: ArrayLike, p: ArrayLike): Array {
  const [pv] = inexact("multinomial.logpmf", p) as [Array];
  const xa = np.asarray(x);
  const na = np.asarray(n);
  if (!isInteger(xa.dtype) || !isInteger(na.dtype)) throw new ValueError(`x and n must be of integer type; got x.dtype=${xa.dtype}, n.dtype=${na.dtype}`);
  const xf = np.astype(xa, pv.dtype);
  const nf = np.astype(na, pv.dtype);
  const logprobs = np.add(gammaln(np.add(nf, 1)), np.sum(np.subtract(xlogy(xf, pv), gammaln(np.add(xf, 1))), -1));
  // JAX compares the total of all of x (not per row) with n.
  return np.where(np.equal(np.sum(xf), nf), logprobs, -Infinity);
}

/**
 * `scipy.stats.multinomial` (jax.scipy.stats.multinomial): the multinomial distribution: counts x (integer, last axis the categories) of n trials: logpmf, pmf.
 *
 * @example
 * ```ts
 * scipy.stats.multinomial.pmf(np.array([1, 1], { dtype: "int32" }), np.array(2, { dtype: "int32" }), np.array([0.5, 0.5])); // Array(0.49999976, dtype=float32)
 * ```
 */
export const multinomial = {
  logpmf: multinomialLogpmf,
  pmf: (x: ArrayLike, n: ArrayLike, p: ArrayLike): Array => np.exp(multinomialLogpmf(x, n, p)),
};

/** sum_k entr(pmf(k)) over k < `kmax`, masked at k >= bound(mu). */
function truncatedEntropy(mu: Array, kmax: number, bound: (mu: Array) => Array): Array {
  const k = np.expandDims(np.arange(kmax, { dtype: mu.dtype }), 1);
  const probs = poissonBase.pmf(k, mu, 0);
  const mask = np.less(k, np.expandDims(np.ceil(bound(mu)), 0));
  // JAX sums entr(where(mask, probs, 0)); masked terms are 0 either way, and evaluating entr at 1
  // there (entr(1) = 0) keeps their derivative finite, as JAX's select-based entr does.
  return np.sum(np.where(mask, entr(np.where(mask, probs, 1)), 0), 0);
}

function poissonEntropy(mu: ArrayLike, loc: ArrayLike = 0): Array {
  const [m, l] = inexact("poisson.entropy", mu, loc) as [Array, Array];
  const shape = np.broadcastShapes(m.shape, l.shape);
  const flat = np.ravel(m);
  const small = truncatedEntropy(flat, 35, (v) => np.add(v, 20));
  const medium = truncatedEntropy(flat, 250, (v) => np.add(np.add(v, np.multiply(10, np.sqrt(v))), 20));
  const large = np.subtract(np.multiply(0.5, np.log(np.multiply(2 * Math.PI * Math.E, flat))), np.divide(1, np.multiply(12, flat)));
  const result = np.where(np.equal(flat, 0), 0, np.where(np.less(flat, 10), small, np.where(np.less(flat, 100), medium, large)));
  return np.broadcastTo(np.reshape(result, m.shape), shape);
}

/**
 * `scipy.stats.poisson` (jax.scipy.stats.poisson): the Poisson distribution with mean mu: logpmf, pmf, cdf, and entropy as JAX.
 *
 * @example
 * ```ts
 * scipy.stats.poisson.pmf(np.array([0, 1, 2]), 1); // Array([0.36787927, 0.36787927, 0.18393964], dtype=float32)
 * scipy.stats.poisson.cdf(np.array([0, 1, 2]), 1); // Array([0.36787927, 0.735759  , 0.91969866], dtype=float32)
 * ```
 */
export const poisson = { ...poissonBase, entropy: poissonEntropy };
