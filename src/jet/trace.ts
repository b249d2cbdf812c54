// The jet trace: tracers carry a primal and its truncated Taylor series (JAX's JetTrace). Each jet
// gets a fresh main trace, so nested jets and other transforms never mix their series. The rule
// table is passed in (src/jet/table.ts), which keeps this module free of import cycles.
import type { Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { Array, ArrayImpl } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import { Trace, Tracer, bind, fullRaise, withNewMain } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { NotImplementedError, UNSUPPORTED, isZeroSeries, zeroSeries } from "./types.js";
import type { FlatFun, JetRuleEntry, RuleContext, Series } from "./types.js";

export type JetRuleTable = { readonly [P in PrimitiveName]: JetRuleEntry<P> };

interface JetGlobals {
  readonly order: number;
  readonly rules: JetRuleTable;
}

export class JetTracer extends Tracer {
  constructor(
    trace: Trace,
    readonly primal: Array,
    readonly series: Series,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
  override fullLower(): Array {
    // A zero series means the value does not depend on this jet's input: drop the layer.
    return this.series === zeroSeries ? this.primal : this;
  }
  override concreteValue(): ArrayImpl | null {
    return this.primal.concreteValue();
  }
}

/** K zero coefficients for a primal (JAX instantiates zeros of the primal's shape and dtype). */
function zeroTerms(primal: Array, order: number): Array[] {
  const zero = lax.broadcastInDim(scalarArray(0, primal.dtype, false), primal.shape, []);
  return new globalThis.Array<Array>(order).fill(zero);
}

export class JetTrace extends Trace {
  private get globals(): JetGlobals {
    return this.main.globalData as JetGlobals;
  }
  pure(x: ArrayImpl | number | boolean): Tracer {
    return new JetTracer(this, x instanceof Array ? x : scalarArray(x), zeroSeries);
  }
  lift(x: Tracer): Tracer {
    return new JetTracer(this, x, zeroSeries);
  }
  processPrimitive<P extends PrimitiveName>(prim: P, tracers: Tracer[], params: Params<P>): Array[] {
    const ts = tracers as JetTracer[];
    const primals = ts.map((t) => t.primal);
    if (ts.every((t) => t.series === zeroSeries)) return bind(prim, primals, params);
    const { order, rules } = this.globals;
    const rule = rules[prim] as JetRuleEntry<P>;
    // JAX 0.10.2 raises a bare KeyError(prim) here; the message says what is missing.
    if (rule === UNSUPPORTED) throw new NotImplementedError(`Jet rule for '${prim}' not implemented`);
    const nonzero = ts.map((t) => t.series !== zeroSeries);
    const series = ts.map((t) => (isZeroSeries(t.series) ? zeroTerms(t.primal, order) : [...t.series]));
    const ctx: RuleContext = { nonzero, jet: (f, ps, ss) => jetFlat(rules, f, ps, ss, order) };
    const [primalsOut, seriesOut] = rule(primals, series, params, ctx);
    return primalsOut.map((p, i) => new JetTracer(this, p, seriesOut[i]!));
  }
  // Custom derivative rules and checkpointing are ignored: the trace's defaults apply the
  // function itself to the tracers (JAX's process_custom_jvp_call/process_custom_vjp_call).
}

/**
 * Jet over flat lists in unscaled Taylor coefficients (JAX's jet2): the primal outputs and their
 * series, zero series kept symbolic.
 */
export function jetFlat(rules: JetRuleTable, f: FlatFun, primals: readonly Array[], series: readonly Series[], order: number): [Array[], Series[]] {
  const globals: JetGlobals = { order, rules };
  return withNewMain(JetTrace, globals, (main) => {
    const trace = main.trace();
    const tracersIn = primals.map((p, i) => new JetTracer(trace, p, series[i]!));
    const outs = f(...tracersIn);
    const tracersOut = outs.map((o) => fullRaise(trace, o) as JetTracer);
    return [tracersOut.map((t) => t.primal), tracersOut.map((t) => t.series)];
  });
}
