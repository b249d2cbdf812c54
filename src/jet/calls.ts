// Jet rules of the call primitives. A pjit's jet is another pjit whose jaxpr is the jet of the
// original, traced once per (order, inputs with series, their types) and cached (JAX's
// _pjit_jet_rule), so jet of a jitted function stays compiled. Custom-derivative and checkpoint
// calls never reach the table: bindEqn hands them to the trace, which applies their function.
import type { ClosedJaxpr, PrimitiveName } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import { JaxprMemo } from "../core/jaxprMemo.js";
import { isZeroSeries, zeroSeries } from "./types.js";
import type { JetRule, Series } from "./types.js";

interface JetJaxpr {
  readonly jaxpr: ClosedJaxpr<Array>;
  /** Which outputs have a series (only those series are outputs of the jaxpr). */
  readonly outNonzero: readonly boolean[];
}

const jetJaxprs = new JaxprMemo<JetJaxpr>();

const pjitRule: JetRule<"pjit"> = (primals, series, params, ctx) => {
  const closed = params.jaxpr as ClosedJaxpr<Array>;
  const order = series[0]!.length;
  const { nonzero } = ctx;
  const termAvals = series.flatMap((terms, i) => (nonzero[i] ? terms.map((t) => t.aval) : []));
  const key = `${order}|${nonzero.map((b) => (b ? 1 : 0)).join("")}|${termAvals.map((a) => a.str() + (a.weakType ? "w" : "")).join(",")}`;
  const { jaxpr, outNonzero } = jetJaxprs.get(closed, key, () => {
    const n = primals.length;
    let outNonzero: boolean[] = [];
    const fun = (...xs: Array[]): Array[] => {
      let next = n;
      const seriesIn: Series[] = nonzero.map((nz) => (nz ? xs.slice(next, (next += order)) : zeroSeries));
      const [po, so] = ctx.jet(jaxprAsFun(closed), xs.slice(0, n), seriesIn);
      outNonzero = so.map((s) => !isZeroSeries(s));
      return [...po, ...so.flatMap((s) => (isZeroSeries(s) ? [] : [...s]))];
    };
    const jaxpr = traceFlatToClosedJaxpr(fun, [...closed.inAvals, ...termAvals]);
    return { jaxpr, outNonzero };
  });
  const outs = bind("pjit", [...primals, ...series.filter((_, i) => nonzero[i]).flat()], { jaxpr, name: `jet(${params.name})` });
  const nOut = outNonzero.length;
  let next = nOut;
  const seriesOut: Series[] = outNonzero.map((nz) => (nz ? outs.slice(next, (next += order)) : zeroSeries));
  return [outs.slice(0, nOut), seriesOut];
};

/** debug_callback sees primal values only and has no outputs. */
const debugCallbackRule: JetRule<"debug_callback"> = (primals, _series, params) => {
  bind("debug_callback", primals, params);
  return [[], []];
};

const routedByBindEqn =
  <P extends PrimitiveName>(name: P): JetRule<P> =>
  (): never => {
    throw new Error(`internal error: ${name} is handled by bindEqn and never reaches a jet rule`);
  };

export const CALL_JET_RULES = {
  pjit: pjitRule,
  debug_callback: debugCallbackRule,
  custom_jvp_call: routedByBindEqn("custom_jvp_call"),
  custom_vjp_call: routedByBindEqn("custom_vjp_call"),
  checkpoint: routedByBindEqn("checkpoint"),
} satisfies Partial<{ [P in PrimitiveName]: JetRule<P> }>;
