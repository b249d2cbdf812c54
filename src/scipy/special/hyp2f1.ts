// Gauss's hypergeometric function 2F1(a, b; c; x) for -1 < x <= 1, after JAX's hyp2f1 (Pearson, Olver
// & Porter, arXiv:1407.7786): its special cases (x = 0 or a or b = 0: 1; c a non-positive
// integer, x > 1, or x = 1 with c - a - b <= 0: inf; b = c: (1-x)^-a; a = c: (1-x)^-b; x = 1:
// Gauss's sum), Euler's transformation (1-x)^(c-a-b) 2F1(c-a, c-b; c; x) when c - a - b <= -1,
// and otherwise the power series (which terminates by itself for a negative-integer a or b).
// Not ported: JAX's digamma-series transformation for x > 0.9 with integer c - a - b, where the
// plain series (250 terms at most) is used instead and is less accurate.
// Derivatives as JAX's: in x, (ab/c) 2F1(a+1, b+1; c+1; x); in a, b, c, the digamma-weighted
// series (first order only: those series run in while loops).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { customJvp } from "../../ad/custom.js";
import { isSymbolicZeroTangent } from "../../ad/zeros.js";
import { anyActive, epsOf, inexact, lazy } from "./util.js";
import { gamma } from "./gammaFunctions.js";

const TERM_LIMIT = 250;

/** sum_k weight(k) term_k, term_1 = `firstTerm`, term_(k+1) = term_k (a+k)(b+k)/((c+k)(k+1)) x. */
function series(a: Array, b: Array, c: Array, x: Array, first: Array, firstTerm: Array, weight: (k: Array) => Array, stopOnTerm: boolean): Array {
  const eps = epsOf(x);
  type State = [active: Array, i: Array, sum: Array, k: Array, term: Array];
  const init: State = [np.onesLike(x).astype("bool"), np.array(0, { dtype: "int32" }), first, np.onesLike(x), firstTerm];
  const [, , sum] = lax.whileLoop(
    ([active, i]: State) => anyActive(active, i, TERM_LIMIT - 1),
    ([active, i, sum, k, term]: State): State => {
      const sum1 = np.add(sum, np.multiply(term, weight(k)));
      const term1 = np.multiply(term, np.multiply(np.divide(np.divide(np.multiply(np.add(a, k), np.add(b, k)), np.add(c, k)), np.add(k, 1)), x));
      const k1 = np.add(k, 1);
      // JAX's value series stops once |term| <= eps |sum|; its derivative series on the ratio.
      const size = stopOnTerm ? np.greater(np.abs(term1), np.multiply(np.abs(sum1), eps)) : np.greater(np.divide(np.abs(term1), np.abs(sum1)), eps);
      const more = np.logicalAnd(active, size);
      const keep = (next: Array, prev: Array): Array => np.where(active, next, prev);
      return [more, np.add(i, 1), keep(sum1, sum), keep(k1, k), keep(term1, term)];
    },
    init,
  );
  return sum;
}

const plainSeries = (a: Array, b: Array, c: Array, x: Array): Array =>
  series(a, b, c, x, np.onesLike(x), np.multiply(np.divide(np.multiply(a, b), c), x), () => np.array(1), true);

function hyp2f1Value(a: Array, b: Array, c: Array, x: Array): Array {
  const eps = epsOf(x) * 50;
  const d = np.subtract(np.subtract(c, a), b);
  const s = np.subtract(1, x);
  const ca = np.subtract(c, a);
  const cb = np.subtract(c, b);
  const cInt = np.equal(np.remainder(c, 1), 0);
  const isOne = np.logicalOr(np.equal(x, 0), np.logicalAnd(np.logicalOr(np.equal(a, 0), np.equal(b, 0)), np.notEqual(c, 0)));
  const isInf = np.logicalOr(np.equal(c, 0), np.logicalAnd(np.less(c, 0), cInt));
  const euler = np.logicalAnd(np.lessEqual(d, -1), np.logicalNot(np.logicalAnd(np.greaterEqual(np.abs(np.subtract(d, np.round(d))), eps), np.less(s, 0))));
  const xBelow = np.less(x, 1);
  // Series operands: a harmless x for elements that take a closed form.
  const xs = np.where(np.less(np.abs(x), 1), x, 0);
  const direct = plainSeries(a, b, c, xs);
  const transformed = np.multiply(np.power(np.where(xBelow, s, 1), d), plainSeries(ca, cb, c, xs));
  const gaussSum = np.divide(np.multiply(gamma(c), gamma(d)), np.multiply(gamma(ca), gamma(cb)));
  let out = direct;
  out = np.where(np.equal(x, 1), gaussSum, out);
  out = np.where(np.logicalAnd(xBelow, np.equal(a, c)), np.power(np.where(xBelow, s, 1), np.negative(b)), out);
  out = np.where(np.logicalAnd(xBelow, np.equal(b, c)), np.power(np.where(xBelow, s, 1), np.negative(a)), out);
  out = np.where(np.greater(x, 1), Infinity, out);
  out = np.where(np.logicalAnd(np.lessEqual(d, 0), np.equal(x, 1)), Infinity, out);
  out = np.where(euler, transformed, out);
  out = np.where(isInf, Infinity, out);
  // x <= -1 needs the transformations JAX does not have either (its series diverges there): nan.
  out = np.where(np.lessEqual(x, -1), NaN, out);
  return np.where(isOne, 1, out);
}

function parameterDerivative(a: Array, b: Array, c: Array, x: Array, wrt: "a" | "b" | "c"): Array {
  const weight = (k: Array): Array =>
    wrt === "a" ? np.subtract(lax.digamma(np.add(a, k)), lax.digamma(a)) : wrt === "b" ? np.subtract(lax.digamma(np.add(b, k)), lax.digamma(b)) : np.subtract(lax.digamma(c), lax.digamma(np.add(c, k)));
  return series(a, b, c, x, np.zerosLike(x), np.multiply(np.divide(np.multiply(a, b), c), x), weight, false);
}

const hyp2f1Custom = lazy(() => {
  const f = customJvp((a: Array, b: Array, c: Array, x: Array) => hyp2f1Value(a, b, c, x));
  return f.defjvp(([a, b, c, x], [ta, tb, tc, tx]) => {
    // A parameter's term is left out where its tangent is a symbolic zero, as JAX's rule with
    // symbolic zeros: its series is a while loop, which grad(grad(., x)) must not reverse.
    const term = (t: Array, wrt: "a" | "b" | "c"): Array => (isSymbolicZeroTangent(t) ? np.zerosLike(x) : np.multiply(t, parameterDerivative(a, b, c, x, wrt)));
    const dx = np.multiply(np.divide(np.multiply(a, b), c), f(np.add(a, 1), np.add(b, 1), np.add(c, 1), x));
    const tangent = np.add(np.add(term(ta, "a"), term(tb, "b")), np.add(term(tc, "c"), np.multiply(tx, dx)));
    return [f(a, b, c, x), tangent];
  });
});

/**
 * `scipy.special.hyp2f1` (jax.scipy.special.hyp2f1): the Gauss hypergeometric function 2F1(a, b; c; x).
 *
 * @example
 * ```ts
 * scipy.special.hyp2f1(1, 1, 2, np.array([0, 0.5])); // Array([1.       , 1.3862945], dtype=float32)
 * ```
 */
export function hyp2f1(a: ArrayLike, b: ArrayLike, c: ArrayLike, x: ArrayLike): Array {
  const [av, bv, cv, xv] = inexact("hyp2f1", a, b, c, x);
  return hyp2f1Custom()(av!, bv!, cv!, xv!);
}
