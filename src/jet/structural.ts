// Jet rules of the selecting and cumulative primitives: selection by the primal for select_n,
// max/min and their reductions, prefix scans for cumprod/cummax/cummin (formulas from JAX's
// jet.py, rules named in the comments).
import type { PrimitiveName } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { seriesOf } from "./series.js";
import type { JetRule } from "./types.js";

/** `a` broadcast to `shape` by lax's rule (rank 0, or equal rank with sizes 1). */
function broadcastTo(a: Array, shape: readonly number[]): Array {
  if (a.shape.length === shape.length && a.shape.every((d, i) => d === shape[i])) return a;
  return lax.broadcastInDim(a, shape, a.shape.length === 0 ? [] : a.shape.map((_, i) => i));
}

/** max/min: the series of the chosen operand, the average of both at ties (JAX's _lax_max_taylor_rule). */
function chooserRule<P extends "max" | "min">(prim: P): JetRule<P> {
  return ([x, y], [xs, ys]) => {
    const out = prim === "max" ? lax.max(x!, y!) : lax.min(x!, y!);
    const b = (a: Array): Array => broadcastTo(a, out.shape);
    const pick = prim === "max" ? lax.gt(b(x!), b(y!)) : lax.lt(b(x!), b(y!));
    const tie = lax.eq(b(x!), b(y!));
    const terms = xs!.map((xk, k) => {
      const [xb, yb] = [b(xk), b(ys![k]!)];
      return lax.select(tie, lax.mul(lax.add(xb, yb), 0.5), lax.select(pick, xb, yb));
    });
    return [[out], [terms]];
  };
}

/**
 * reduce_max/reduce_min: each order's coefficients averaged over the positions that attain the
 * extremum (JAX's _gen_reduce_choose_taylor_rule).
 */
function reduceChooserRule<P extends "reduce_max" | "reduce_min">(prim: P): JetRule<P> {
  return ([x], [s], params) => {
    const { axes } = params;
    const out = bind1(prim, [x!], params);
    const keptShape = x!.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const location = lax.convertElementType(lax.eq(x!, broadcastTo(lax.reshape(out, keptShape), x!.shape)), s![0]!.dtype);
    const counts = lax.reduceSum(location, axes);
    return [[out], [s!.map((g) => lax.div(lax.reduceSum(lax.mul(g, location), axes), counts))]];
  };
}

/**
 * cumprod/cummax/cummin: jet of the parallel prefix scan with the same combining function (JAX's
 * _cumulative_jet_rule); the primal by the primitive.
 */
function cumulativeRule<P extends "cumprod" | "cummax" | "cummin">(prim: P, combine: (a: Array, b: Array) => Array): JetRule<P> {
  return ([x], series, params, ctx) => [
    bind(prim, [x!], params),
    [seriesOf(ctx, (a) => lax.associativeScan(combine, a, params.reverse, params.axis), [x!], series)],
  ];
}

/** clamp(lo, x, hi) = min(max(lo, x), hi) (JAX's def_comp for clamp); the primal by clamp. */
const clampRule: JetRule<"clamp"> = (primals, series, params, ctx) => [
  bind("clamp", primals, params),
  [seriesOf(ctx, (lo, x, hi) => lax.min(lax.max(lo!, x!), hi!), primals, series)],
];

/** select_n: each order selects among the cases' coefficients by the primal predicate (JAX's _select_n_taylor_rule). */
const selectNRule: JetRule<"select_n"> = ([which, ...cases], [, ...caseSeries]) => [
  [lax.selectN(which!, ...cases)],
  [caseSeries[0]!.map((_, k) => lax.selectN(which!, ...caseSeries.map((s) => s[k]!)))],
];

export const STRUCTURAL_JET_RULES = {
  select_n: selectNRule,
  max: chooserRule("max"),
  min: chooserRule("min"),
  reduce_max: reduceChooserRule("reduce_max"),
  reduce_min: reduceChooserRule("reduce_min"),
  cumprod: cumulativeRule("cumprod", (a, b) => lax.mul(a, b)),
  cummax: cumulativeRule("cummax", (a, b) => lax.max(a, b)),
  cummin: cumulativeRule("cummin", (a, b) => lax.min(a, b)),
  clamp: clampRule,
} satisfies Partial<{ [P in PrimitiveName]: JetRule<P> }>;
