// The regularized incomplete beta function I_x(a, b), as XLA's regularized_incomplete_beta: the
// continued fraction of DLMF 8.17.22 (by the modified Lentz method) on whichever of (a, b, x) and
// (b, a, 1 - x) converges quickly, x < (a + 1) / (a + b + 2). As JAX's, only the derivative in x
// is defined (x^(a-1) (1-x)^(b-1) / B(a, b)); tangents of a and b are not propagated.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { customJvp } from "../../ad/custom.js";
import { anyActive, epsOf, inexact, lazy } from "./util.js";
import { betaln } from "./gammaFunctions.js";

const FRACTION_LIMIT = 1000;

/** 1 / (1 + d1 / (1 + d2 / (1 + ...))) with DLMF 8.17.23's partial numerators d_n. */
function continuedFraction(a: Array, b: Array, x: Array, enabled: Array): Array {
  const eps = epsOf(a);
  const tiny = a.dtype === "float32" ? 1e-30 : 1e-300;
  type State = [active: Array, j: Array, f: Array, c: Array, d: Array];
  const init: State = [enabled, np.array(1, { dtype: "int32" }), np.fullLike(a, tiny), np.fullLike(a, tiny), np.zerosLike(a)];
  const [, , f] = lax.whileLoop(
    ([active, j]: State) => anyActive(active, j, FRACTION_LIMIT),
    ([active, j, f, c, d]: State): State => {
      // a_1 = 1; a_(2m+2) = d_(2m+1) = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)); a_(2m+1) = d_(2m) = m(b-m)x / ((a+2m-1)(a+2m)).
      const n = lax.convertElementType(np.subtract(j, 1), a.dtype);
      const m = np.floor(np.divide(n, 2));
      const odd = np.equal(np.remainder(n, 2), 1);
      const oddTerm = np.negative(np.divide(np.multiply(np.multiply(np.add(a, m), np.add(np.add(a, b), m)), x), np.multiply(np.add(a, np.multiply(m, 2)), np.add(np.add(a, np.multiply(m, 2)), 1))));
      const evenTerm = np.divide(np.multiply(np.multiply(m, np.subtract(b, m)), x), np.multiply(np.subtract(np.add(a, np.multiply(m, 2)), 1), np.add(a, np.multiply(m, 2))));
      const numerator = np.where(np.equal(n, 0), 1, np.where(odd, oddTerm, evenTerm));
      let d1 = np.add(1, np.multiply(numerator, d));
      d1 = np.divide(1, np.where(np.less(np.abs(d1), tiny), tiny, d1));
      let c1 = np.add(1, np.divide(numerator, c));
      c1 = np.where(np.less(np.abs(c1), tiny), tiny, c1);
      const delta = np.multiply(c1, d1);
      const f1 = np.multiply(f, delta);
      const more = np.logicalAnd(active, np.greater(np.abs(np.subtract(delta, 1)), eps));
      const keep = (next: Array, prev: Array): Array => np.where(active, next, prev);
      return [more, np.add(j, 1), keep(f1, f), keep(c1, c), keep(d1, d)];
    },
    init,
  );
  return f;
}

function betaincValue(a: Array, b: Array, x: Array): Array {
  const domainError = np.logicalOr(np.logicalOr(np.lessEqual(a, 0), np.lessEqual(b, 0)), np.logicalOr(np.less(x, 0), np.greater(x, 1)));
  const isNan = np.logicalOr(np.logicalOr(np.isnan(a), np.isnan(b)), np.isnan(x));
  const enabled = np.logicalNot(np.logicalOr(domainError, isNan));
  const rapid = np.less(x, np.divide(np.add(a, 1), np.add(np.add(a, b), 2)));
  const a1 = np.where(enabled, np.where(rapid, a, b), 1);
  const b1 = np.where(enabled, np.where(rapid, b, a), 1);
  const x1 = np.where(enabled, np.where(rapid, x, np.subtract(1, x)), 0.5);
  const fraction = continuedFraction(a1, b1, x1, enabled);
  const logPrefactor = np.subtract(np.add(np.multiply(a1, np.log(x1)), np.multiply(b1, np.log1p(np.negative(x1)))), np.add(betaln(a1, b1), np.log(a1)));
  const value = np.multiply(fraction, np.exp(logPrefactor));
  return np.where(enabled, np.where(rapid, value, np.subtract(1, value)), NaN);
}

const betaincCustom = lazy(() => {
  const f = customJvp((a: Array, b: Array, x: Array) => betaincValue(a, b, x));
  return f.defjvp(([a, b, x], [, , tx]) => {
    const logDensity = np.subtract(np.add(np.multiply(np.subtract(a, 1), np.log(x)), np.multiply(np.subtract(b, 1), np.log1p(np.negative(x)))), betaln(a, b));
    return [f(a, b, x), np.multiply(tx, np.exp(logDensity))];
  });
});

/** I_x(a, b), the regularized incomplete beta function. */
export function betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike): Array {
  const [av, bv, xv] = inexact("betainc", a, b, x);
  return betaincCustom()(av!, bv!, xv!);
}
