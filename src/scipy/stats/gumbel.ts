// jax.scipy.stats.gumbel_l and gumbel_r (jax/_src/scipy/stats/gumbel_l.py, gumbel_r.py): the
// left- and right-skewed Gumbel distributions, with JAX's formulas; nan where scale <= 0 (or p
// outside (0, 1) for ppf).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import { log1mexp } from "../../nn/activations.js";
import * as np from "../../numpy/index.js";
import { xlog1py, xlogy } from "../special/index.js";
import { inexact } from "../special/util.js";

type Dist = (x: ArrayLike, loc?: ArrayLike, scale?: ArrayLike) => Array;

/** Promotes (x, loc, scale) and applies `f(z, x, loc, scale)`, nan where scale <= 0. */
function withScale(name: string, f: (z: Array, x: Array, loc: Array, scale: Array) => Array): Dist {
  return (x, loc = 0, scale = 1) => {
    const [xv, l, s] = inexact(name, x, loc, scale) as [Array, Array, Array];
    const z = np.divide(np.subtract(xv, l), s);
    return np.where(np.greater(s, 0), f(z, xv, l, s), NaN);
  };
}

/** The quantile function: nan outside 0 < p < 1. */
function quantile(name: string, f: (p: Array, loc: Array, scale: Array) => Array): Dist {
  return (p, loc = 0, scale = 1) => {
    const [pv, l, s] = inexact(name, p, loc, scale) as [Array, Array, Array];
    return np.where(np.logicalAnd(np.greater(pv, 0), np.less(pv, 1)), f(pv, l, s), NaN);
  };
}

const gumbelLLogpdf = withScale("gumbel_l.logpdf", (z, _x, _l, s) => np.add(xlogy(-1, s), np.subtract(z, np.exp(z))));
const gumbelLLogcdf = withScale("gumbel_l.logcdf", (z) => np.log(np.negative(np.expm1(np.negative(np.exp(z))))));
const gumbelLLogsf = withScale("gumbel_l.logsf", (z) => np.negative(np.exp(z)));

/**
 * `scipy.stats.gumbelL` (jax.scipy.stats.gumbel_l): the left-skewed Gumbel distribution (minimum extreme value): logpdf, pdf, logcdf, cdf, ppf, sf, logsf.
 *
 * @example
 * ```ts
 * scipy.stats.gumbelL.pdf(np.array([0, 1])); // Array([0.36787945, 0.1793741 ], dtype=float32)
 * scipy.stats.gumbelL.cdf(np.array([0, 1])); // Array([0.63212055, 0.93401194], dtype=float32)
 * ```
 */
export const gumbelL = {
  logpdf: gumbelLLogpdf,
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(gumbelLLogpdf(x, loc, scale)),
  logcdf: gumbelLLogcdf,
  cdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(gumbelLLogcdf(x, loc, scale)),
  ppf: quantile("gumbel_l.ppf", (p, l, s) => np.add(l, np.multiply(s, np.log(xlog1py(-1, np.negative(p)))))),
  sf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(gumbelLLogsf(x, loc, scale)),
  logsf: gumbelLLogsf,
};

const gumbelRLogpdf = withScale("gumbel_r.logpdf", (z, _x, _l, s) => np.add(xlogy(-1, s), np.negative(np.add(z, np.exp(np.negative(z))))));
const gumbelRLogcdf = withScale("gumbel_r.logcdf", (z) => np.negative(np.exp(np.negative(z))));

/**
 * `scipy.stats.gumbelR` (jax.scipy.stats.gumbel_r): the right-skewed Gumbel distribution (maximum extreme value): logpdf, pdf, logcdf, cdf, ppf, sf, logsf.
 *
 * @example
 * ```ts
 * scipy.stats.gumbelR.pdf(np.array([0, 1])); // Array([0.36787945, 0.2546464 ], dtype=float32)
 * scipy.stats.gumbelR.cdf(np.array([0, 1])); // Array([0.36787945, 0.6922006 ], dtype=float32)
 * ```
 */
export const gumbelR = {
  logpdf: gumbelRLogpdf,
  pdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(gumbelRLogpdf(x, loc, scale)),
  logcdf: gumbelRLogcdf,
  cdf: (x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Array => np.exp(gumbelRLogcdf(x, loc, scale)),
  ppf: quantile("gumbel_r.ppf", (p, l, s) => np.subtract(l, np.multiply(s, np.log(xlogy(-1, p))))),
  // sf = 1 - exp(-exp((loc - x) / scale)) and logsf = log1mexp(exp((loc - x) / scale)), as JAX.
  sf: withScale("gumbel_r.sf", (z) => np.subtract(1, np.exp(np.negative(np.exp(np.negative(z)))))),
  logsf: withScale("gumbel_r.logsf", (z) => log1mexp(np.exp(np.negative(z)))),
};
