// Arithmetic on Taylor coefficient lists shared by the rules. A coefficient list `u` holds the
// primal at index 0 and the (unscaled) coefficient of t^k at index k.
import { Array } from "../core/array.js";
import * as lax from "../lax/ops.js";
import { isZeroSeries } from "./types.js";
import type { RuleContext, Series } from "./types.js";

export const sum = (terms: readonly Array[]): Array => terms.reduce((a, b) => lax.add(a, b));

/** [j * u_j for each j]: the coefficients of t u'(t), which every chain-rule recurrence uses. */
export const weighted = (u: readonly Array[]): Array[] => u.map((uj, j) => (j <= 1 ? uj : lax.mul(uj, j)));

/**
 * The k-th coefficient of v where v' = c u' (so v_k = (1/k) sum_{j=1..k} j u_j c_{k-j}), given
 * ju = weighted(u). Griewank & Walther, "Evaluating Derivatives" (2nd ed.), section 13.2; JAX's
 * jet.py deriv_prop and _exp_taylor use the same recurrence.
 */
export function chainCoefficient(ju: readonly Array[], c: readonly Array[], k: number): Array {
  const terms: Array[] = [];
  for (let j = 1; j <= k; j++) terms.push(lax.mul(ju[j]!, c[k - j]!));
  return k === 1 ? terms[0]! : lax.mul(sum(terms), 1 / k);
}

/** The primal and series of a rule's single output from its coefficient list. */
export const fromCoefficients = (v: readonly Array[]): [Array[], Series[]] => [[v[0]!], [v.slice(1)]];

/** One input's coefficient list. */
export const coefficients = (primal: Array, series: readonly Array[]): Array[] => [primal, ...series];

/** A single-output function's series by jet of another function at the same order. */
export function seriesOf(ctx: RuleContext, f: (...xs: Array[]) => Array, primals: readonly Array[], series: readonly Series[]): Series {
  return ctx.jet((...xs) => [f(...xs)], primals, series)[1][0]!;
}

/** A series as a list of K arrays (zeros materialised as zeros like `primal`). */
export function termsOf(s: Series, primal: Array, order: number): Array[] {
  if (!isZeroSeries(s)) return [...s];
  return new globalThis.Array<Array>(order).fill(lax.fullLike(primal, 0));
}
