// Kummer's confluent hypergeometric function 1F1(a; b; x) as JAX's (Pearson, Olver & Porter,
// "Numerical methods for the computation of the confluent and Gauss hypergeometric functions",
// arXiv:1407.7786): the power series for |x| < 100, the large-x asymptotic series beyond, both
// summed until a term is below eps relative to the sum (at most 250 terms); 1 at a = 0, e^x at
// a = b, inf at b = 0. Derivatives as JAX's: in x, (a/b) 1F1(a+1; b+1; x); in a and b, the
// digamma-weighted series (forward mode to any order; reverse mode once, as JAX: the series run
// in while loops).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { customJvp } from "../../ad/custom.js";
import { isSymbolicZeroTangent } from "../../ad/zeros.js";
import { anyActive, epsOf, inexact, lazy } from "./util.js";
import { gamma } from "./gammaFunctions.js";

const TERM_LIMIT = 250;

type Step = (k: Array) => Array;

/**
 * sum over k >= 0 of weight(k) * term_k with term_0 = 1 (the weight of which is `first`),
 * term_(k+1) = term_k * ratio(k + 1), stopped per element as JAX's loops stop.
 */
function series(shapeOf: Array, first: Array, firstTerm: Array, ratio: (k: Array) => Array, weight: Step): Array {
  const eps = epsOf(shapeOf);
  type State = [active: Array, i: Array, sum: Array, k: Array, term: Array];
  const init: State = [np.onesLike(shapeOf).astype("bool"), np.array(0, { dtype: "int32" }), first, np.onesLike(shapeOf), firstTerm];
  const [, , sum] = lax.whileLoop(
    ([active, i]: State) => anyActive(active, i, TERM_LIMIT - 1),
    ([active, i, sum, k, term]: State): State => {
      const sum1 = np.add(sum, np.multiply(term, weight(k)));
      const term1 = np.multiply(term, ratio(k));
      const k1 = np.add(k, 1);
      const more = np.logicalAnd(active, np.greater(np.divide(np.abs(term1), np.abs(sum1)), eps));
      const keep = (next: Array, prev: Array): Array => np.where(active, next, prev);
      return [more, np.add(i, 1), keep(sum1, sum), keep(k1, k), keep(term1, term)];
    },
    init,
  );
  return sum;
}

const one = (): Array => np.array(1);

function hyp1f1Value(a: Array, b: Array, x: Array): Array {
  const near = np.less(np.abs(x), 100);
  const xs = np.where(near, x, 1);
  const xl = np.where(near, 200, x);
  const ratioSeries = (k: Array): Array => np.multiply(np.divide(np.add(a, k), np.add(b, k)), np.divide(xs, np.add(k, 1)));
  const power = series(x, np.onesLike(x), np.multiply(np.divide(a, b), xs), ratioSeries, () => one());
  const bma = np.subtract(b, a);
  const oma = np.subtract(1, a);
  const ratioAsym = (k: Array): Array => np.divide(np.divide(np.multiply(np.add(bma, k), np.add(oma, k)), np.add(k, 1)), xl);
  const asymSum = series(x, np.onesLike(x), np.divide(np.multiply(bma, oma), xl), ratioAsym, () => one());
  const asym = np.multiply(np.multiply(np.multiply(np.divide(gamma(b), gamma(a)), np.exp(xl)), np.power(xl, np.subtract(a, b))), asymSum);
  const result = np.where(near, power, asym);
  const aZero = np.equal(a, 0);
  return np.where(aZero, 1, np.where(np.equal(a, b), np.exp(x), np.where(np.equal(b, 0), Infinity, result)));
}

/** d/da or d/db of the power series: sum_k term_k * (psi(a + k) - psi(a)) or (psi(b) - psi(b + k)). */
function parameterDerivative(a: Array, b: Array, x: Array, wrt: "a" | "b"): Array {
  const ratio = (k: Array): Array => np.multiply(np.divide(np.add(a, k), np.add(b, k)), np.divide(x, np.add(k, 1)));
  const weight = (k: Array): Array => (wrt === "a" ? np.subtract(lax.digamma(np.add(a, k)), lax.digamma(a)) : np.subtract(lax.digamma(b), lax.digamma(np.add(b, k))));
  return series(x, np.zerosLike(x), np.multiply(np.divide(a, b), x), ratio, weight);
}

const hyp1f1Custom = lazy(() => {
  const f = customJvp((a: Array, b: Array, x: Array) => hyp1f1Value(a, b, x));
  return f.defjvp(([a, b, x], [ta, tb, tx]) => {
    // A parameter's term is left out where its tangent is a symbolic zero, as JAX's rule with
    // symbolic zeros: its series is a while loop, which grad(grad(., x)) must not reverse.
    const term = (t: Array, wrt: "a" | "b"): Array => (isSymbolicZeroTangent(t) ? np.zerosLike(x) : np.multiply(t, parameterDerivative(a, b, x, wrt)));
    const dx = np.multiply(np.divide(a, b), f(np.add(a, 1), np.add(b, 1), x));
    return [f(a, b, x), np.add(np.add(term(ta, "a"), term(tb, "b")), np.multiply(tx, dx))];
  });
});

/**
 * `scipy.special.hyp1f1` (jax.scipy.special.hyp1f1): the confluent hypergeometric function 1F1(a; b; x).
 *
 * @example
 * ```ts
 * scipy.special.hyp1f1(1, 2, np.array([0, 1])); // Array([1.       , 1.7182816], dtype=float32)
 * ```
 */
export function hyp1f1(a: ArrayLike, b: ArrayLike, x: ArrayLike): Array {
  const [av, bv, xv] = inexact("hyp1f1", a, b, x);
  return hyp1f1Custom()(av!, bv!, xv!);
}
