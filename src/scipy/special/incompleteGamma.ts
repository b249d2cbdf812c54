// The regularized incomplete gamma functions P(a, x) (gammainc) and Q(a, x) (gammaincc), by
// XLA's igamma/igammac algorithms (from Cephes igam.c): P's power series where x <= 1 or x <= a,
// else the continued fraction of Q (Legendre's, evaluated by the three-term recurrence and
// rescaled against overflow). Derivatives as JAX's: in x the density x^(a-1) e^-x / Gamma(a);
// in a through lax.randomGammaGrad (dP/da = -(dx/da at fixed P) * density).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { customJvp } from "../../ad/custom.js";
import { anyActive, epsOf, inexact, lazy } from "./util.js";
import { gammaln } from "./gammaFunctions.js";

const SERIES_LIMIT = 100000;
const FRACTION_LIMIT = 2000;
// Cephes' rescaling threshold for the continued fraction's convergents: 2^52 and its inverse.
const BIG = 4503599627370496.0;
const BIG_INV = 2.22044604925031308085e-16;

/** sum_n x^n / ((a + 1) ... (a + n)) times ax / a: P(a, x) where `prefactor` = x^a e^-x / Gamma(a). */
export function lowerSeries(a: Array, x: Array, prefactor: Array, enabled: Array): Array {
  const eps = epsOf(a);
  type State = [active: Array, n: Array, r: Array, c: Array, sum: Array];
  const init: State = [enabled, np.array(0, { dtype: "int32" }), a, np.onesLike(a), np.onesLike(a)];
  const [, , , , sum] = lax.whileLoop(
    ([active, n]: State) => anyActive(active, n, SERIES_LIMIT),
    ([active, n, r, c, sum]: State): State => {
      const r1 = np.add(r, 1);
      const c1 = np.multiply(c, np.divide(x, r1));
      const sum1 = np.add(sum, c1);
      const more = np.logicalAnd(active, np.greater(np.divide(c1, sum1), eps));
      return [more, np.add(n, 1), np.where(active, r1, r), np.where(active, c1, c), np.where(active, sum1, sum)];
    },
    init,
  );
  return np.divide(np.multiply(sum, prefactor), a);
}

/** Q(a, x) by Cephes igamc's continued fraction, `prefactor` = x^a e^-x / Gamma(a). */
export function upperFraction(a: Array, x: Array, prefactor: Array, enabled: Array): Array {
  const eps = epsOf(a);
  const y0 = np.subtract(1, a);
  const z0 = np.add(np.add(x, y0), 1);
  type State = [active: Array, n: Array, y: Array, z: Array, c: Array, pkm2: Array, qkm2: Array, pkm1: Array, qkm1: Array, ans: Array];
  const pkm1 = np.add(x, 1);
  const qkm1 = np.multiply(z0, x);
  const init: State = [enabled, np.array(0, { dtype: "int32" }), y0, z0, np.zerosLike(a), np.onesLike(a), x, pkm1, qkm1, np.divide(pkm1, qkm1)];
  const out = lax.whileLoop(
    ([active, n]: State) => anyActive(active, n, FRACTION_LIMIT),
    ([active, n, y, z, c, pkm2, qkm2, pkm1, qkm1, ans]: State): State => {
      const c1 = np.add(c, 1);
      const y1 = np.add(y, 1);
      const z1 = np.add(z, 2);
      const yc = np.multiply(y1, c1);
      const pk = np.subtract(np.multiply(pkm1, z1), np.multiply(pkm2, yc));
      const qk = np.subtract(np.multiply(qkm1, z1), np.multiply(qkm2, yc));
      const usable = np.notEqual(qk, 0);
      const r = np.divide(pk, np.where(usable, qk, 1));
      const t = np.where(usable, np.abs(np.divide(np.subtract(ans, r), r)), 1);
      const ans1 = np.where(usable, r, ans);
      const rescale = np.greater(np.abs(pk), BIG);
      const s = (v: Array): Array => np.where(rescale, np.multiply(v, BIG_INV), v);
      const more = np.logicalAnd(active, np.greater(t, eps));
      const keep = (next: Array, prev: Array): Array => np.where(active, next, prev);
      return [more, np.add(n, 1), keep(y1, y), keep(z1, z), keep(c1, c), keep(s(pkm1), pkm2), keep(s(qkm1), qkm2), keep(s(pk), pkm1), keep(s(qk), qkm1), keep(ans1, ans)];
    },
    init,
  );
  return np.multiply(out[9], prefactor);
}

/** P(a, x) or Q(a, x) with XLA's special cases (x = 0, x = inf, a <= 0 or x < 0, nan). */
function incompleteGamma(a: Array, x: Array, upper: boolean): Array {
  const isNan = np.logicalOr(np.isnan(a), np.isnan(x));
  const xZero = np.equal(x, 0);
  const xInf = np.equal(x, Infinity);
  const domainError = np.logicalOr(np.less(x, 0), np.lessEqual(a, 0));
  const useFraction = upper ? np.logicalNot(np.logicalOr(np.less(x, 1), np.less(x, a))) : np.logicalAnd(np.greater(x, 1), np.greater(x, a));
  const enabled = np.logicalNot(np.logicalOr(np.logicalOr(xZero, domainError), np.logicalOr(isNan, xInf)));
  // Harmless operands where an element is disabled, so nothing below produces inf or nan.
  const safeA = np.where(enabled, a, 1);
  const safeX = np.where(enabled, x, 1);
  const logPrefactor = np.subtract(np.subtract(np.multiply(safeA, np.log(safeX)), safeX), gammaln(safeA));
  const prefactor = np.exp(logPrefactor);
  const series = lowerSeries(safeA, safeX, prefactor, np.logicalAnd(enabled, np.logicalNot(useFraction)));
  const fraction = upperFraction(safeA, safeX, prefactor, np.logicalAnd(enabled, useFraction));
  let out = upper ? np.where(useFraction, fraction, np.subtract(1, series)) : np.where(useFraction, np.subtract(1, fraction), series);
  out = np.where(xZero, upper ? 1 : 0, out);
  out = np.where(xInf, upper ? 0 : 1, out);
  return np.where(np.logicalOr(domainError, isNan), NaN, out);
}

/** x^(a-1) e^-x / Gamma(a): dP/dx. */
const density = (a: Array, x: Array): Array => np.exp(np.subtract(np.subtract(np.multiply(np.subtract(a, 1), np.log(x)), x), gammaln(a)));

function makeIncompleteGamma(upper: boolean): (a: Array, x: Array) => Array {
  const f = customJvp((a: Array, x: Array) => incompleteGamma(a, x, upper));
  const sign = upper ? -1 : 1;
  return f.defjvp(([a, x], [ta, tx]) => {
    const pdf = density(a, x);
    const dx = np.multiply(pdf, sign);
    // randomGammaGrad runs while loops, which reverse mode cannot enter: its value is taken as a
    // constant, so derivatives of order two involving a are not available (JAX's igamma_grad_a
    // has no derivative rule either); the x terms differentiate to any order.
    const da = np.multiply(np.negative(lax.stopGradient(lax.randomGammaGrad(a, x))), dx);
    return [f(a, x), np.add(np.multiply(tx, dx), np.multiply(ta, da))];
  });
}

const gammaincCustom = lazy(() => makeIncompleteGamma(false));
const gammainccCustom = lazy(() => makeIncompleteGamma(true));

/**
 * `scipy.special.gammainc` (jax.scipy.special.gammainc): the regularized lower incomplete gamma function P(a, x).
 *
 * @example
 * ```ts
 * scipy.special.gammainc(np.array([1, 2]), np.array([1, 1])); // Array([0.6321202, 0.264241 ], dtype=float32)
 * ```
 */
export function gammainc(a: ArrayLike, x: ArrayLike): Array {
  const [av, xv] = inexact("gammainc", a, x);
  return gammaincCustom()(av!, xv!);
}

/**
 * `scipy.special.gammaincc` (jax.scipy.special.gammaincc): the regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x).
 *
 * @example
 * ```ts
 * scipy.special.gammaincc(np.array([1, 2]), np.array([1, 1])); // Array([0.36787927, 0.735759  ], dtype=float32)
 * ```
 */
export function gammaincc(a: ArrayLike, x: ArrayLike): Array {
  const [av, xv] = inexact("gammaincc", a, x);
  return gammainccCustom()(av!, xv!);
}
