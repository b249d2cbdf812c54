// The error function family and the standard normal CDF: erf, erfc, erfinv, ndtr, ndtri (Cephes'
// piecewise rational inverse, as JAX's _ndtri) and logNdtr (JAX's three ranges with the
// asymptotic series below -20 in float64 / -10 in float32).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { customJvp } from "../../ad/custom.js";
import { ValueError } from "../../core/errors.js";
import { inexact, lazy } from "./util.js";
import { upperFraction } from "./incompleteGamma.js";

/**
 * `scipy.special.erf` (jax.scipy.special.erf): the error function erf(x) (lax.erf).
 *
 * @example
 * ```ts
 * scipy.special.erf(np.array([0, 1])); // Array([0.       , 0.8427008], dtype=float32)
 * ```
 */
export function erf(x: ArrayLike): Array {
  const [a] = inexact("erf", x);
  return lax.erf(a!);
}

/**
 * `scipy.special.erfinv` (jax.scipy.special.erfinv): the inverse error function (lax.erfInv).
 *
 * @example
 * ```ts
 * scipy.special.erfinv(np.array([0, 0.5])); // Array([0.        , 0.47693628], dtype=float32)
 * ```
 */
export function erfinv(x: ArrayLike): Array {
  const [a] = inexact("erfinv", x);
  return lax.erfInv(a!);
}

/**
 * exp(-x^2) without the rounding of x^2: x = m + f with m a multiple of 1/128, so m^2 is exact
 * and exp(-x^2) = exp(-m^2) exp(-(2 m f + f^2)) (Cephes' expx2).
 */
function expNegSquare(x: Array): Array {
  const m = np.divide(np.floor(np.add(np.multiply(x, 128), 0.5)), 128);
  const f = np.subtract(x, m);
  return np.multiply(np.exp(np.negative(np.multiply(m, m))), np.exp(np.negative(np.add(np.multiply(np.multiply(m, 2), f), np.multiply(f, f)))));
}

/** erfc from 1 - erf near 0, else Q(1/2, x^2) by the incomplete gamma continued fraction. */
function erfcValue(x: Array): Array {
  const ax = np.abs(x);
  const tail = np.greaterEqual(ax, 1);
  const safe = np.where(tail, ax, 1);
  // Q(1/2, x^2)'s prefactor (x^2)^(1/2) e^(-x^2) / Gamma(1/2).
  const prefactor = np.multiply(np.divide(safe, Math.sqrt(Math.PI)), expNegSquare(safe));
  const q = upperFraction(np.fullLike(safe, 0.5), np.multiply(safe, safe), prefactor, tail);
  const tailValue = np.where(np.less(x, 0), np.subtract(2, q), q);
  const out = np.where(tail, tailValue, np.subtract(1, lax.erf(x)));
  return np.where(np.isnan(x), NaN, out);
}

const erfcCustom = lazy(() => {
  const f = customJvp((x: Array) => erfcValue(x));
  return f.defjvp(([x], [t]) => [f(x), np.multiply(t, np.multiply(np.exp(np.negative(np.multiply(x, x))), -2 / Math.sqrt(Math.PI)))]);
});

/**
 * `scipy.special.erfc` (jax.scipy.special.erfc): erfc(x) = 1 - erf(x), accurate in the upper tail.
 *
 * @example
 * ```ts
 * scipy.special.erfc(np.array([0, 3])); // Array([1.0000000e+00, 2.2090495e-05], dtype=float32)
 * ```
 */
export function erfc(x: ArrayLike): Array {
  const [a] = inexact("erfc", x);
  return erfcCustom()(a!);
}

function checkNormalDtype(x: Array): void {
  if (x.dtype !== "float32" && x.dtype !== "float64") throw new TypeError(`x.dtype=${x.dtype} is not supported, see docstring for supported types.`);
}

/** The standard normal CDF, by erf near 0 and erfc in the tails (lax's ndtr). */
function ndtrValue(x: Array): Array {
  const y = np.multiply(x, Math.SQRT1_2);
  const z = np.abs(y);
  const inner = np.add(1, lax.erf(y));
  const e = erfc(z);
  return np.multiply(np.where(np.less(z, Math.SQRT1_2), inner, np.where(np.greater(y, 0), np.subtract(2, e), e)), 0.5);
}

/**
 * `scipy.special.ndtr` (jax.scipy.special.ndtr): Phi(x), the standard normal CDF.
 *
 * @example
 * ```ts
 * scipy.special.ndtr(np.array([0, 1.96])); // Array([0.5      , 0.9750021], dtype=float32)
 * ```
 */
export function ndtr(x: ArrayLike): Array {
  const a = np.asarray(x);
  checkNormalDtype(a);
  return ndtrValue(a);
}

// Cephes ndtri's rational approximations (highest power first).
const P0 = [-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1, -1.23916583867381258016e0];
const Q0 = [1.0, 1.95448858338141759834e0, 4.67627912898881538453e0, 8.63602421390890590575e1, -2.25462687854119370527e2, 2.00260212380060660359e2, -8.20372256168333339912e1, 1.59056225126211695515e1, -1.18331621121330003142e0];
const P1 = [4.05544892305962419923e0, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.408050738932008347e1, 1.46849561928858024014e1, 2.18663306850790267539e0, -1.40256079171354495875e-1, -3.50424626827848203418e-2, -8.57456785154685413611e-4];
const Q1 = [1.0, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.1317203825467203044e1, 1.50425385692907503408e1, 2.50464946208309415979e0, -1.42182922854787788574e-1, -3.80806407691578277194e-2, -9.33259480895457427372e-4];
const P2 = [3.2377489177694603597e0, 6.91522889068984211695e0, 3.93881025292474443415e0, 1.33303460815807542389e0, 2.01485389549179081538e-1, 1.23716634817820021358e-2, 3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.2397453918498329373e-9];
const Q2 = [1.0, 6.02427039364742014255e0, 3.67983563856160859403e0, 1.37702099489081330271e0, 2.1623699359449663589e-1, 1.34204006088543189037e-2, 3.28014464682127739104e-4, 2.89247864745380683936e-6, 6.79019408009981274425e-9];

function horner(coefs: readonly number[], x: Array): Array {
  let acc: Array = np.fullLike(x, coefs[0]!);
  for (let i = 1; i < coefs.length; i++) acc = np.add(np.multiply(acc, x), coefs[i]!);
  return acc;
}

/**
 * `scipy.special.ndtri` (jax.scipy.special.ndtri): Phi^-1(p), the inverse of the standard normal CDF (Cephes' ndtri, as JAX's _ndtri).
 *
 * @example
 * ```ts
 * scipy.special.ndtri(np.array([0.5, 0.975])); // Array([0.       , 1.9599644], dtype=float32)
 * ```
 */
export function ndtri(p: ArrayLike): Array {
  const a = np.asarray(p);
  checkNormalDtype(a);
  const expm2 = Math.exp(-2);
  const complement = np.where(np.greater(a, -Math.expm1(-2)), np.subtract(1, a), a);
  const sanitized = np.where(np.equal(complement, 0), 0.5, complement);
  const w = np.subtract(sanitized, 0.5);
  const ww = np.square(w);
  const bigP = np.multiply(np.add(w, np.multiply(np.multiply(w, ww), np.divide(horner(P0, ww), horner(Q0, ww)))), -Math.sqrt(2 * Math.PI));
  const z = np.sqrt(np.multiply(np.log(sanitized), -2));
  const first = np.subtract(z, np.divide(np.log(z), z));
  const invZ = np.divide(1, z);
  const smallP = np.subtract(first, np.divide(np.divide(horner(P2, invZ), horner(Q2, invZ)), z));
  const otherP = np.subtract(first, np.divide(np.divide(horner(P1, invZ), horner(Q1, invZ)), z));
  let x = np.where(np.greater(sanitized, expm2), bigP, np.where(np.greaterEqual(z, 8), smallP, otherP));
  x = np.where(np.greater(a, 1 - expm2), x, np.negative(x));
  return np.where(np.equal(a, 0), -Infinity, np.where(np.equal(a, 1), Infinity, x));
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const normLogpdf = (x: Array): Array => np.subtract(np.multiply(np.square(x), -0.5), LOG_SQRT_2PI);

function doubleFactorial(n: number): number {
  let r = 1;
  for (let k = n; k > 1; k -= 2) r *= k;
  return r;
}

/** log Phi(x) below `lower`: log of the asymptotic series of Abramowitz & Stegun 26.2.12. */
function logNdtrLower(x: Array, seriesOrder: number): Array {
  const x2 = np.square(x);
  const logScale = np.subtract(np.subtract(np.multiply(x2, -0.5), np.log(np.negative(x))), LOG_SQRT_2PI);
  let even: Array = np.zerosLike(x);
  let odd: Array = np.zerosLike(x);
  let x2n = x2;
  for (let n = 1; n <= seriesOrder; n++) {
    const y = np.divide(doubleFactorial(2 * n - 1), x2n);
    if (n % 2 === 1) odd = np.add(odd, y);
    else even = np.add(even, y);
    x2n = np.multiply(x2n, x2);
  }
  return np.add(logScale, np.log(np.subtract(np.add(1, even), odd)));
}

function logNdtrValue(x: Array, seriesOrder: number): Array {
  const lower = x.dtype === "float64" ? -20 : -10;
  const upper = x.dtype === "float64" ? 8 : 5;
  const aboveUpper = np.greater(x, upper);
  const ndtrArg = np.where(aboveUpper, np.negative(x), np.maximum(x, lower));
  const res = ndtrValue(ndtrArg);
  // Above `upper`, log(1 - q) = -q to working precision (JAX's rule). Between 0 and `upper`,
  // log1p(-Phi(-x)) keeps the digits that log(Phi(x)) loses as Phi(x) nears 1 (JAX's log(Phi(x))
  // is 6e-8 off relative at x = 6); below `lower` the asymptotic series.
  const positive = np.logicalAnd(np.greater(x, 0), np.logicalNot(aboveUpper));
  const middle = np.where(positive, np.log1p(np.negative(ndtrValue(np.negative(np.where(positive, x, 0))))), np.log(res));
  return np.where(aboveUpper, np.negative(res), np.where(np.greater(x, lower), middle, logNdtrLower(np.minimum(x, lower), seriesOrder)));
}

const logNdtrCustom = new Map<number, (x: Array) => Array>();

/**
 * `scipy.special.logNdtr` (jax.scipy.special.log_ndtr): log Phi(x), accurate far into both tails; `seriesOrder` (0..30) terms of the lower series.
 *
 * @example
 * ```ts
 * scipy.special.logNdtr(np.array([0, -10])); // Array([ -0.6931472, -53.231285 ], dtype=float32)
 * ```
 */
export function logNdtr(x: ArrayLike, seriesOrder = 3): Array {
  if (!Number.isInteger(seriesOrder)) throw new TypeError("series_order must be a Python integer.");
  if (seriesOrder < 0) throw new ValueError("series_order must be non-negative.");
  if (seriesOrder > 30) throw new ValueError("series_order must be <= 30.");
  const a = np.asarray(x);
  if (a.dtype !== "float32" && a.dtype !== "float64") throw new TypeError(`x.dtype=${a.dtype} is not supported.`);
  let f = logNdtrCustom.get(seriesOrder);
  if (f === undefined) {
    const g = customJvp((v: Array) => logNdtrValue(v, seriesOrder));
    // d/dx log Phi(x) = phi(x) / Phi(x), from logs so that it stays finite in the lower tail.
    f = g.defjvp(([v], [t]) => {
      const ans = g(v);
      return [ans, np.multiply(t, np.exp(np.subtract(normLogpdf(v), ans)))];
    });
    logNdtrCustom.set(seriesOrder, f);
  }
  return f(a);
}
