// Partial evaluation: runs a function on partly known inputs. Operations whose inputs are all
// known execute now (under the traces below); the rest are recorded as equation recipes and
// assembled into a jaxpr of the unknown part, with known values it needs becoming constvars.
// linearize = jvp + partial evaluation with known primals and unknown tangents.
import type { CheckpointPolicy, Params, PrimitiveName, Eqn, Jaxpr } from "../../jaxpr/index.js";
import { ClosedJaxpr, EFFECTFUL_PRIMITIVES, ShapedArray, Var, abstractEval, dce, makeJaxprValue } from "../../jaxpr/index.js";
import { Array, ArrayImpl } from "../core/array.js";
import { Trace, Tracer, bind, bindCheckpoint, bindCustomJvp, bindCustomVjp, fullRaise, withNewMain } from "../core/trace.js";
import type { CheckpointOpts, CustomJvpRule, CustomVjpBwd, CustomVjpFwd, FlatFun } from "../core/trace.js";
import { closureConvert, stageFlat } from "../core/staging.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import { scalarArray } from "../core/eval.js";
import { partialEvalRule } from "./partialEvalRules.js";

export class PartialVal {
  private constructor(
    readonly aval: ShapedArray,
    readonly value: Array | null,
  ) {}
  static known(x: Array): PartialVal {
    return new PartialVal(x.aval, x);
  }
  static unknown(aval: ShapedArray): PartialVal {
    return new PartialVal(aval, null);
  }
  get isKnown(): boolean {
    return this.value !== null;
  }
}

type Recipe =
  | { kind: "lambda" }
  | { kind: "const"; value: Array }
  | { kind: "eqn"; eqn: EqnRecipe };

interface EqnRecipe {
  readonly prim: PrimitiveName;
  readonly inputs: readonly PartialEvalTracer[];
  readonly params: Params<PrimitiveName>;
  readonly outs: PartialEvalTracer[];
}

export class PartialEvalTracer extends Tracer {
  constructor(
    trace: Trace,
    readonly pval: PartialVal,
    public recipe: Recipe | null,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.pval.aval;
  }
  override fullLower(): Array {
    return this.pval.isKnown ? this.pval.value! : this;
  }
  override concreteValue(): ArrayImpl | null {
    return this.pval.isKnown ? this.pval.value!.concreteValue() : null;
  }
}

export class PartialEvalTrace extends Trace {
  newArg(pval: PartialVal): PartialEvalTracer {
    return new PartialEvalTracer(this, pval, pval.isKnown ? null : { kind: "lambda" });
  }
  pure(x: ArrayImpl | number | boolean): Tracer {
    return new PartialEvalTracer(this, PartialVal.known(x instanceof Array ? x : scalarArray(x)), null);
  }
  lift(x: Tracer): Tracer {
    return new PartialEvalTracer(this, PartialVal.known(x), null);
  }
  /** An unknown tracer standing for a known value (so it can feed a recorded equation). */
  instantiateConst(t: PartialEvalTracer): PartialEvalTracer {
    if (!t.pval.isKnown) return t;
    return new PartialEvalTracer(this, PartialVal.unknown(t.aval), { kind: "const", value: t.pval.value! });
  }
  processPrimitive<P extends PrimitiveName>(prim: P, tracers: Tracer[], params: Params<P>): Array[] {
    const ts = tracers as PartialEvalTracer[];
    if (ts.every((t) => t.pval.isKnown)) return bind(prim, ts.map((t) => t.pval.value!), params);
    const rule = partialEvalRule(prim);
    if (rule !== undefined) return rule(this, ts, params);
    return this.recordEqn(prim, ts, params);
  }
  /** Records an equation of the unknown part: its outputs are unknown tracers. */
  recordEqn<P extends PrimitiveName>(prim: P, tracers: readonly PartialEvalTracer[], params: Params<P>): PartialEvalTracer[] {
    const inputs = tracers.map((t) => this.instantiateConst(t));
    const outAvals = abstractEval(prim, inputs.map((t) => t.aval), params);
    const outs = outAvals.map((a) => new PartialEvalTracer(this, PartialVal.unknown(a), null));
    const recipe: EqnRecipe = { prim, inputs, params: params as Params<PrimitiveName>, outs };
    for (const o of outs) o.recipe = { kind: "eqn", eqn: recipe };
    return outs;
  }
}

/**
 * Rematerialization, as JAX's remat_partial_eval (jax/_src/ad_checkpoint.py): known outputs are
 * computed now; the unknown ones are recorded as one checkpoint equation on the known inputs, the
 * unknown inputs and the residuals, whose body replays the function. With no policy (JAX's
 * default, nothing saveable) the known inputs are the only residuals. With a policy, as
 * pe.partial_eval_jaxpr_custom with `saveable`: an equation whose inputs are all known and that the
 * policy marks saveable is computed now, and its outputs that the replay needs become residuals
 * the body reads instead of recomputing them; every other known equation is recomputed.
 * Keeping it one equation matters: inlined, an equation of the replay that mixes forward and
 * linear values (the jvp of a scan) would reach transposition as if it were linear in all of
 * them. The checkpoint transpose rule (callRules.ts) partially evaluates it first.
 * (Equations inside nested calls and control flow are saved or recomputed as a whole.)
 */
PartialEvalTrace.prototype.processCheckpoint = function (this: PartialEvalTrace, fun: FlatFun, tracers: Tracer[], opts: CheckpointOpts): Array[] {
  const ts = tracers as PartialEvalTracer[];
  if (ts.every((t) => t.pval.isKnown)) return bindCheckpoint(fun, ts.map((t) => t.pval.value!), opts);
  // Trace the function once; the known outputs, the residuals and the recorded equation come from its jaxpr.
  const { jaxpr, consts } = stageFlat(fun, ts.map((t) => t.aval));
  const ins = [...consts.map((c) => fullRaise(this, c) as PartialEvalTracer), ...ts];
  const j = jaxpr.jaxpr;
  const saved = opts.policy === null ? [] : savedVars(j, ins.map((t) => t.pval.isKnown), opts.policy);
  const savedSet = new Set(saved);
  const nOut = j.outvars.length;
  // The replay: saved equations removed, their outputs read from trailing residual inputs (only
  // the ones the replay still needs after dead-code elimination).
  let residualVars: Var[] = [];
  const bodyFor = (outUnknown: readonly boolean[]): Jaxpr => {
    const eqns = j.eqns.filter((e) => !(e.outvars.length > 0 && e.outvars.every((v) => savedSet.has(v))));
    const full = dce(makeJaxprValue({ constvars: j.constvars, invars: [...j.invars, ...saved], eqns, outvars: j.outvars.filter((_, i) => outUnknown[i]) }));
    const read = new Set<Var>();
    for (const e of full.eqns) for (const a of e.invars) if (a instanceof Var) read.add(a);
    for (const a of full.outvars) if (a instanceof Var) read.add(a);
    residualVars = saved.filter((v) => read.has(v));
    return makeJaxprValue({ ...full, invars: [...j.invars, ...residualVars] });
  };
  // Which outputs are unknown is only known after partial evaluation; with saved values the known
  // pass runs on a jaxpr that also returns every saved value, and the unused ones are dropped.
  const withSaved = saved.length === 0 ? jaxpr : new ClosedJaxpr(makeJaxprValue({ ...j, outvars: [...j.outvars, ...saved] }), jaxpr.consts);
  const known = partialEvalFlat(jaxprAsFun(withSaved), ins.map((t) => t.pval), () => false);
  const pvalsOut = known.pvalsOut.slice(0, nOut);
  const outUnknown = pvalsOut.map((p) => !p.isKnown);
  if (!outUnknown.some(Boolean)) return pvalsOut.map((p) => p.value!);
  const body = bodyFor(outUnknown);
  const savedValues = new Map<Var, PartialVal>(saved.map((v, i) => [v, known.pvalsOut[nOut + i]!]));
  const residuals = residualVars.map((v) => {
    const p = savedValues.get(v)!;
    if (!p.isKnown) throw new Error("checkpoint: a saveable residual was not known after partial evaluation");
    return fullRaise(this, p.value!) as PartialEvalTracer;
  });
  const unknownOuts = this.recordEqn("checkpoint", [...ins, ...residuals], { jaxpr: new ClosedJaxpr(body, jaxpr.consts), preventCse: opts.preventCse, policy: opts.policy });
  let u = 0;
  return pvalsOut.map((p) => (p.isKnown ? p.value! : unknownOuts[u++]!));
};

/**
 * The outputs of the equations a checkpoint policy saves: those whose inputs are all known
 * (literals, constants, known inputs, outputs of known equations) and that `policy` marks saveable.
 */
function savedVars(j: Jaxpr, knownIn: readonly boolean[], policy: CheckpointPolicy): Var[] {
  const known = new Set<Var>(j.constvars);
  j.invars.forEach((v, i) => {
    if (knownIn[i]) known.add(v);
  });
  const saved: Var[] = [];
  for (const e of j.eqns) {
    if (EFFECTFUL_PRIMITIVES.has(e.primitive) || e.outvars.length === 0) continue;
    if (!e.invars.every((a) => !(a instanceof Var) || known.has(a))) continue;
    for (const v of e.outvars) known.add(v);
    const ok: unknown = policy(e.primitive, e.invars.map((a) => a.aval), e.params as unknown as Readonly<Record<string, unknown>>);
    if (typeof ok !== "boolean") throw new TypeError(`checkpoint policy must return a boolean, got ${String(ok)} for ${e.primitive}.`);
    if (ok) saved.push(...e.outvars);
  }
  return saved;
}

/**
 * A custom_jvp call whose inputs are all known is bound again one level down with its rule
 * intact, so that a transform below (an outer jvp of a nested grad) still sees the custom rule
 * rather than the body. This is what makes the rule apply at every order: the inner JVP trace's
 * rule (or fwd) calls the custom function on known tracers, which land here. With unknown inputs
 * the body is traced, as JAX does: "non-trivial partial evaluation is only performed to build
 * linear functions", so the rule is no longer needed (jax/_src/interpreters/partial_eval.py,
 * JaxprTrace.process_custom_jvp_call).
 */
PartialEvalTrace.prototype.processCustomJvpCall = function (this: PartialEvalTrace, fun: FlatFun, rule: CustomJvpRule, tracers: Tracer[]): Array[] {
  const ts = tracers as PartialEvalTracer[];
  if (ts.every((t) => t.pval.isKnown)) return bindCustomJvp(fun, rule, ts.map((t) => t.pval.value!));
  return fun(...ts);
};

/**
 * The same for custom_vjp (JaxprTrace.process_custom_vjp_call binds the primitive at the parent
 * trace when every input is known). Without this a nested grad's fwd, which calls the custom
 * function on known tracers, would reach the outer JVP trace as the plain body, and the outer
 * derivative would differentiate the body instead of the user's rule.
 */
PartialEvalTrace.prototype.processCustomVjpCall = function (this: PartialEvalTrace, fun: FlatFun, fwd: CustomVjpFwd, bwd: CustomVjpBwd, tracers: Tracer[]): Array[] {
  const ts = tracers as PartialEvalTracer[];
  if (ts.every((t) => t.pval.isKnown)) return bindCustomVjp(fun, fwd, bwd, ts.map((t) => t.pval.value!));
  return fun(...ts);
};

/** Builds the jaxpr computing `outs` from the unknown inputs `ins`; known values it needs become constvars. */
export function tracersToJaxpr(ins: readonly PartialEvalTracer[], outs: readonly PartialEvalTracer[]): { jaxpr: Jaxpr; consts: Array[] } {
  const vars = new Map<PartialEvalTracer, Var>();
  const varOf = (t: PartialEvalTracer): Var => {
    let v = vars.get(t);
    if (v === undefined) vars.set(t, (v = new Var(t.aval)));
    return v;
  };
  const invars = ins.map(varOf);
  const constvars: Var[] = [];
  const consts: Array[] = [];
  const eqns: Eqn[] = [];
  const seenTracers = new Set<PartialEvalTracer>();
  const seenEqns = new Set<EqnRecipe>();
  // Depth-first from the outputs: post-order gives a valid equation order.
  const visit = (root: PartialEvalTracer): void => {
    const stack: [PartialEvalTracer, boolean][] = [[root, false]];
    while (stack.length) {
      const [t, expanded] = stack.pop()!;
      const r = t.recipe;
      if (r === null) throw new Error("tracersToJaxpr: a known tracer reached the unknown jaxpr");
      if (r.kind === "eqn") {
        if (seenEqns.has(r.eqn) && !expanded) continue;
        if (!expanded) {
          seenEqns.add(r.eqn);
          stack.push([t, true]);
          for (const i of r.eqn.inputs) if (!seenTracers.has(i)) stack.push([i, false]);
          continue;
        }
        eqns.push(
          Object.freeze({
            primitive: r.eqn.prim,
            invars: r.eqn.inputs.map(varOf),
            params: r.eqn.params,
            outvars: r.eqn.outs.map(varOf),
          }) as Eqn,
        );
        for (const o of r.eqn.outs) seenTracers.add(o);
        continue;
      }
      if (seenTracers.has(t)) continue;
      seenTracers.add(t);
      if (r.kind === "const") {
        constvars.push(varOf(t));
        consts.push(r.value);
      } else if (!vars.has(t) || !invars.includes(vars.get(t)!)) {
        throw new Error("tracersToJaxpr: an unknown input was not among the jaxpr's inputs");
      }
    }
  };
  for (const o of outs) visit(o);
  return { jaxpr: makeJaxprValue({ constvars, invars, eqns, outvars: outs.map(varOf) }), consts };
}

export interface PartialEvalResult {
  jaxpr: Jaxpr;
  consts: Array[];
  /** Output partial values: known outputs carry their value; unknown ones are the jaxpr's outputs, in order. */
  pvalsOut: PartialVal[];
}

/**
 * Partially evaluates `f` on `pvalsIn`. Outputs whose `instantiate` flag is set are made unknown
 * even when known (so they appear in the jaxpr).
 */
export function partialEvalFlat(f: (...xs: Array[]) => Array[], pvalsIn: readonly PartialVal[], instantiate: (i: number, nOut: number) => boolean): PartialEvalResult {
  return withNewMain(PartialEvalTrace, null, (main) => {
    const trace = main.trace() as PartialEvalTrace;
    const tracersIn = pvalsIn.map((p) => trace.newArg(p));
    const outs = f(...tracersIn);
    const tracersOut = outs.map((o, i) => {
      const t = fullRaise(trace, o) as PartialEvalTracer;
      return instantiate(i, outs.length) ? trace.instantiateConst(t) : t;
    });
    const unknownIn = tracersIn.filter((t) => !t.pval.isKnown);
    const unknownOut = tracersOut.filter((t) => !t.pval.isKnown);
    const { jaxpr, consts } = tracersToJaxpr(unknownIn, unknownOut);
    return { jaxpr, consts, pvalsOut: tracersOut.map((t) => t.pval) };
  });
}


export interface PartialEvalJaxprResult {
  /** Known inputs (after `known.consts`, its captured values) -> [known outputs, residuals]. */
  readonly known: { readonly jaxpr: ClosedJaxpr<Array>; readonly consts: Array[] };
  /** [residuals, unknown inputs] -> unknown outputs. */
  readonly unknown: ClosedJaxpr<Array>;
  readonly outUnknowns: boolean[];
  readonly numResiduals: number;
}

/**
 * JAX's partial_eval_jaxpr_nounits, by tracing: splits a closed jaxpr given which inputs are
 * unknown into a known jaxpr (what can be computed now, plus the residuals) and an unknown one.
 * Outputs whose `instantiateOut` flag is set are made unknown even when known.
 */
export function partialEvalJaxpr(closed: ClosedJaxpr<Array>, unknowns: readonly boolean[], instantiateOut: readonly boolean[] = []): PartialEvalJaxprResult {
  const f = jaxprAsFun(closed);
  const inAvals = closed.inAvals;
  let outUnknowns: boolean[] = [];
  let unknown: ClosedJaxpr<Array> | null = null;
  let numResiduals = 0;
  const knownFun = (...knownIns: Array[]): Array[] => {
    let k = 0;
    const pvals = inAvals.map((a, i) => (unknowns[i] ? PartialVal.unknown(a) : PartialVal.known(knownIns[k++]!)));
    const res = partialEvalFlat(f, pvals, (i) => instantiateOut[i] === true);
    outUnknowns = res.pvalsOut.map((p) => !p.isKnown);
    numResiduals = res.consts.length;
    unknown = closureConvert(new ClosedJaxpr(res.jaxpr, res.consts));
    return [...res.pvalsOut.filter((p) => p.isKnown).map((p) => p.value!), ...res.consts];
  };
  const known = stageFlat(knownFun, inAvals.filter((_, i) => !unknowns[i]));
  return { known, unknown: unknown!, outUnknowns, numResiduals };
}
