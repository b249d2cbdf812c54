// Exponential integrals as JAX's (from Cephes): expi by seven rational approximations in x or 1/x
// over (0, 2], (2, 4], ..., beyond 32, and -exp1(-x) below 0; expn(n, x) by the power series
// for x <= 1, the continued fraction for x > 1 and the asymptotic expansion for n >= 5000 (the
// first series' harmonic sum written as digamma(n) + euler gamma); exp1 = expn(1, .).
// Derivatives as JAX's: expi' = e^x / x, d/dx expn(n, x) = -expn(n - 1, x) (see expnCustom).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { customJvp } from "../../ad/custom.js";
import { anyActive, epsOf, inexact, lazy } from "./util.js";
import { gammaln } from "./gammaFunctions.js";

const EULER_GAMMA = 0.5772156649015329;
const LOOP_LIMIT = 2000;

// Cephes expn.c/ei.c rational approximations on (0, 2], (2, 4], ..., (32, 64] and beyond, as JAX's
// _expint1.._expint7 (numerator A, denominator B, highest power first).
const EXPINT: readonly (readonly [readonly number[], readonly number[]])[] = [
  [[-5.350447357812543, 218.50491688166133, -4176.572384826693, 55411.76756393557, -331338.13311781443, 1592627.1633849454], [1.0, -52.505479591128626, 1259.6161867867906, -17565.495819735348, 149306.2117002726, -729494.9239640528, 1592627.1633849454]],
  [[0.019818085032596897, -1.2716456259849176, -2.0881603356812284, 2.7555445091879367, -0.44095070487016, 0.046656238059358916, -0.0015450426796734852, 7.059980605299618e-05], [1.0, 1.4764986709149215, 0.5629177174822436, 0.16990178978793072, 0.02291647179034212, 0.0044501504397287525, 0.00017274396122065214, 3.953167195549672e-05]],
  [[-1.3732153758712087, -0.7084559133740839, 1.580806855547941, -0.2601500427425623, 0.029946746941137137, -0.001038086040188744, 4.371064420753005e-05, 2.141783679522603e-06], [1.0, 0.8585231423622028, 0.4483285822873995, 0.07687932158124476, 0.024498682410218877, 0.0008832165941927797, 0.00045909522995113536, -4.729848351866523e-06, 2.66519553739071e-06]],
  [[-2.1069346016919166, 1.7327338696646881, -0.2423619178935842, 0.02322724180937566, 0.00023728804404931798, -8.343219561192553e-05, 1.3634087956052505e-05, -3.655412321999254e-07, 1.4649417339759612e-08, 6.17640786371036e-10], [1.0, -0.2298062239901678, 0.11050770414740378, -0.015665429666307924, 0.002761106850817353, -0.00020891480122840484, 1.7085289388076754e-05, -4.4593117963566865e-07, 1.3946349303538475e-08, 6.150865933977338e-10]],
  [[-0.24581193676740204, -0.14833822533220778, 0.07248291795735552, -0.013483156873809405, 0.001342775069788637, -7.942465637159712e-05, 2.644179518984236e-06, -4.239473659313765e-08], [1.0, -0.10442259084438711, -0.26764531281014026, 0.09695000254621984, -0.01601745692712991, 0.001496414899205908, -8.462452563778485e-05, 2.7289384034767266e-06, -4.239462431819542e-08]],
  [[0.12125611181054567, -0.5823133179043894, 0.2348887314557017, -0.030400343181132484, 0.0015100821468651906, -2.5231370954995714e-05], [1.0, -1.002252150365854, 0.2928709694872224, -0.03337004338674008, 0.0015605448811273888, -2.5231370936032347e-05]],
  [[-0.7657847078286127, 0.6886192415566705, -0.2132598113545206, 0.033461075523841935, -0.003076541477344756, 0.00017471193164549074, -6.1037116822741705e-06, 1.218032765428652e-07, -1.0860761027932903e-09], [1.0, -1.8888028686623086, 1.066691687211409, -0.27519159823063805, 0.039308526882338234, -0.003414684558602365, 0.00018668443707035555, -6.345146083130515e-06, 1.239754287483207e-07, -1.0860761027931265e-09]],
];

function horner(coefs: readonly number[], x: Array): Array {
  let acc: Array = np.fullLike(x, coefs[0]!);
  for (let i = 1; i < coefs.length; i++) acc = np.add(np.multiply(acc, x), coefs[i]!);
  return acc;
}

/** Ei(x) for x > 0: JAX's _expi_pos. */
function expiPositive(x: Array): Array {
  const [a1, b1] = EXPINT[0]!;
  const small = np.add(np.add(np.multiply(x, np.divide(horner(a1, x), horner(b1, x))), EULER_GAMMA), np.log(x));
  let out = small;
  // Ranges (2^i, 2^(i+1)] for i = 1..5, then everything beyond 64 by the last approximation.
  for (let i = EXPINT.length - 1; i >= 1; i--) {
    const [a, b] = EXPINT[i]!;
    const w = np.divide(1, x);
    const f = np.add(np.multiply(w, np.divide(horner(a, w), horner(b, w))), 1);
    const value = np.multiply(np.multiply(np.exp(x), w), f);
    const inRange = i === EXPINT.length - 1 ? np.greater(x, 2 ** i) : np.logicalAnd(np.greater(x, 2 ** i), np.lessEqual(x, 2 ** (i + 1)));
    out = np.where(inRange, value, out);
  }
  return out;
}

/** E_n(x) for 0 < x <= 1 (n >= 1): the power series of Cephes expn.c. */
function expnSeries(n: Array, x: Array, enabled: Array): Array {
  const eps = epsOf(x);
  const z = np.negative(x);
  const isOne = np.equal(n, 1);
  type State = [active: Array, i: Array, xk: Array, yk: Array, pk: Array, ans: Array];
  const init: State = [enabled, np.array(0, { dtype: "int32" }), np.zerosLike(x), np.onesLike(x), np.subtract(1, n), np.where(isOne, 0, np.divide(1, np.subtract(1, np.where(isOne, 2, n))))];
  const [, , , , , ans] = lax.whileLoop(
    ([active, i]: State) => anyActive(active, i, LOOP_LIMIT),
    ([active, i, xk, yk, pk, ans]: State): State => {
      const xk1 = np.add(xk, 1);
      const yk1 = np.multiply(yk, np.divide(z, xk1));
      const pk1 = np.add(pk, 1);
      const ans1 = np.add(ans, np.where(np.notEqual(pk1, 0), np.divide(yk1, np.where(np.notEqual(pk1, 0), pk1, 1)), 0));
      const t = np.where(np.notEqual(ans1, 0), np.abs(np.divide(yk1, ans1)), 1);
      const more = np.logicalAnd(active, np.greater(t, eps));
      const keep = (next: Array, prev: Array): Array => np.where(active, next, prev);
      return [more, np.add(i, 1), keep(xk1, xk), keep(yk1, yk), keep(pk1, pk), keep(ans1, ans)];
    },
    init,
  );
  // psi(n) - log(x) = -gamma - log(x) + sum_{i < n} 1/i.
  const psi = np.subtract(lax.digamma(n), np.log(x));
  return np.subtract(np.divide(np.multiply(np.power(z, np.subtract(n, 1)), psi), np.exp(gammaln(n))), ans);
}

/** E_n(x) for x > 1: Cephes expn.c's continued fraction. */
function expnFraction(n: Array, x: Array, enabled: Array): Array {
  const eps = epsOf(x);
  const big = 1.44115188075855872e17;
  type State = [active: Array, k: Array, pkm2: Array, qkm2: Array, pkm1: Array, qkm1: Array, ans: Array];
  const qkm1 = np.add(x, n);
  const init: State = [enabled, np.onesLike(x), np.onesLike(x), x, np.onesLike(x), qkm1, np.divide(1, qkm1)];
  const out = lax.whileLoop(
    ([active, k]: State) => anyActive(active, np.max(k), LOOP_LIMIT),
    ([active, k, pkm2, qkm2, pkm1, qkm1, ans]: State): State => {
      const k1 = np.add(k, 1);
      const odd = np.equal(np.remainder(k1, 2), 1);
      const yk = np.where(odd, 1, x);
      const xk = np.where(odd, np.add(n, np.divide(np.subtract(k1, 1), 2)), np.divide(k1, 2));
      const pk = np.add(np.multiply(pkm1, yk), np.multiply(pkm2, xk));
      const qk = np.add(np.multiply(qkm1, yk), np.multiply(qkm2, xk));
      const nz = np.notEqual(qk, 0);
      const r = np.divide(pk, np.where(nz, qk, 1));
      const t = np.where(nz, np.abs(np.divide(np.subtract(ans, r), r)), 1);
      const ans1 = np.where(nz, r, ans);
      const isBig = np.greater(np.abs(pk), big);
      const s = (v: Array): Array => np.where(isBig, np.divide(v, big), v);
      const more = np.logicalAnd(active, np.greater(t, eps));
      const keep = (next: Array, prev: Array): Array => np.where(active, next, prev);
      return [more, k1, keep(s(pkm1), pkm2), keep(s(qkm1), qkm2), keep(s(pk), pkm1), keep(s(qk), qkm1), keep(ans1, ans)];
    },
    init,
  );
  return np.multiply(out[6], np.exp(np.negative(x)));
}

/** E_n(x) for n >= 5000: the asymptotic expansion. */
function expnLargeN(n: Array, x: Array): Array {
  const xk = np.add(x, n);
  const yk = np.divide(1, np.multiply(xk, xk));
  let ans = np.multiply(np.multiply(yk, n), np.add(np.subtract(np.multiply(np.multiply(x, x), 6), np.multiply(np.multiply(n, x), 8)), np.multiply(n, n)));
  ans = np.multiply(yk, np.add(ans, np.multiply(n, np.subtract(n, np.multiply(x, 2)))));
  ans = np.multiply(yk, np.add(ans, n));
  return np.divide(np.multiply(np.add(ans, 1), np.exp(np.negative(x))), xk);
}

function expnValue(n: Array, x: Array): Array {
  const nan = np.logicalOr(np.logicalOr(np.less(n, 0), np.less(x, 0)), np.logicalOr(np.isnan(x), np.isnan(n)));
  const zeroX = np.equal(x, 0);
  const nZero = np.equal(n, 0);
  const large = np.greaterEqual(n, 5000);
  const special = np.logicalOr(np.logicalOr(nan, zeroX), np.logicalOr(nZero, large));
  const useFraction = np.logicalAnd(np.logicalNot(special), np.greater(x, 1));
  const useSeries = np.logicalAnd(np.logicalNot(special), np.logicalNot(np.greater(x, 1)));
  const safeX = np.where(special, 1.5, x);
  const safeN = np.where(special, 1, n);
  const series = expnSeries(safeN, np.where(useSeries, safeX, 0.5), useSeries);
  const fraction = expnFraction(safeN, np.where(useFraction, safeX, 2), useFraction);
  let out = np.where(useFraction, fraction, series);
  out = np.where(large, expnLargeN(n, np.where(large, x, 1)), out);
  out = np.where(nZero, np.divide(np.exp(np.negative(x)), x), out);
  out = np.where(zeroX, np.where(np.less(n, 2), Infinity, np.divide(1, np.where(np.less(n, 2), 2, np.subtract(n, 1)))), out);
  return np.where(nan, NaN, out);
}

const expnCustom = lazy(() => {
  const f = customJvp((n: Array, x: Array) => expnValue(n, x));
  // n is not differentiated (JAX's nondiff_argnums=(0,)). d/dx E_n = -E_(n-1), with E_0 = e^-x / x
  // and d/dx E_0 = -e^-x (1/x + 1/x^2) written out: JAX's rule asks for E_-1, which is nan, so its
  // second derivative of exp1 is nan; here every order is finite. The recursion gets n - 1 >= 1 only.
  return f.defjvp(([n, x], [, tx]) => {
    const expNeg = np.exp(np.negative(x));
    const lower = np.negative(f(np.where(np.greaterEqual(n, 2), np.subtract(n, 1), 1), x));
    const fromOne = np.negative(np.divide(expNeg, x));
    const fromZero = np.negative(np.multiply(expNeg, np.add(np.divide(1, x), np.divide(1, np.multiply(x, x)))));
    const slope = np.where(np.greaterEqual(n, 2), lower, np.where(np.equal(n, 1), fromOne, fromZero));
    return [f(n, x), np.multiply(tx, slope)];
  });
});

/**
 * `scipy.special.expn` (jax.scipy.special.expn): the generalized exponential integral E_n(x) = integral_1^inf e^(-x t) / t^n dt.
 *
 * @example
 * ```ts
 * scipy.special.expn(np.array([1, 2], { dtype: "int32" }), np.array([1, 1])); // Array([0.21938401, 0.14849588], dtype=float32)
 * ```
 */
export function expn(n: ArrayLike, x: ArrayLike): Array {
  const [nv, xv] = inexact("expn", n, x);
  return expnCustom()(lax.stopGradient(nv!), xv!);
}

/**
 * `scipy.special.exp1` (jax.scipy.special.exp1): the exponential integral E_1(x) = integral_1^inf e^(-x t) / t dt.
 *
 * @example
 * ```ts
 * scipy.special.exp1(np.array([0.5, 1])); // Array([0.5597733 , 0.21938401], dtype=float32)
 * ```
 */
export function exp1(x: ArrayLike): Array {
  const [xv] = inexact("exp1", x);
  return expn(np.onesLike(xv!), xv!);
}

const expiCustom = lazy(() => {
  const f = customJvp((x: Array): Array => {
    const negative = np.less(x, 0);
    const pos = expiPositive(np.where(np.greater(x, 0), x, 1));
    const neg = np.negative(exp1(np.negative(np.where(negative, x, -1))));
    return np.where(np.equal(x, 0), -Infinity, np.where(negative, neg, np.where(np.isnan(x), NaN, pos)));
  });
  return f.defjvp(([x], [t]) => [f(x), np.multiply(t, np.divide(np.exp(x), x))]);
});

/**
 * `scipy.special.expi` (jax.scipy.special.expi): the exponential integral Ei(x).
 *
 * @example
 * ```ts
 * scipy.special.expi(np.array([-1, 1])); // Array([-0.21938401,  1.8951179 ], dtype=float32)
 * ```
 */
export function expi(x: ArrayLike): Array {
  const [xv] = inexact("expi", x);
  return expiCustom()(xv!);
}
