// The staging trace: records primitive applications as equations of a jaxpr instead of running
// them (jit, makeJaxpr, and primitives that carry jaxprs). Concrete scalars become literals,
// concrete arrays and tracers of outer transforms become constvars.
import type { Params, PrimitiveName, Atom, Jaxpr, Eqn } from "../../jaxpr/index.js";
import { ShapedArray, Var, Literal, ClosedJaxpr, abstractEval, makeJaxprValue, dce, isComplex } from "../../jaxpr/index.js";
import { Array, ArrayImpl, bufferOf } from "./array.js";
import { checkCallable } from "./describe.js";
import { MainTrace, Trace, Tracer, withNewDynamic, fullRaise } from "./trace.js";
import type { FlatFun, CustomJvpRule, CustomVjpFwd, CustomVjpBwd, CheckpointOpts } from "./trace.js";
import { scalarAval, weakFloatScalar } from "./eval.js";
import * as tree from "../tree/index.js";
import { TreeDef } from "../tree/index.js";

export class StagingTracer extends Tracer {
  constructor(
    trace: Trace,
    readonly aval: ShapedArray,
    /** Set when this tracer stands for an inlined constant. */
    readonly literal: Literal | null = null,
  ) {
    super(trace);
  }
}

/** Per-trace recording state, shared by all Trace objects of one main. */
export class JaxprBuilder {
  readonly eqns: Eqn[] = [];
  readonly vars = new Map<StagingTracer, Var>();
  readonly invars: Var[] = [];
  /** Constants: concrete arrays or outer tracers, each bound to a constvar. */
  readonly consts = new Map<Array, StagingTracer>();

  varOf(t: StagingTracer): Var {
    let v = this.vars.get(t);
    if (v === undefined) this.vars.set(t, (v = new Var(t.aval)));
    return v;
  }
  atomOf(t: StagingTracer): Atom {
    return t.literal ?? this.varOf(t);
  }
}

const builderOf = (main: MainTrace): JaxprBuilder => main.globalData as JaxprBuilder;

export class StagingTrace extends Trace {
  private get builder(): JaxprBuilder {
    return builderOf(this.main);
  }

  newArg(aval: ShapedArray): StagingTracer {
    const t = new StagingTracer(this, aval);
    this.builder.invars.push(this.builder.varOf(t));
    return t;
  }

  private constTracer(value: Array, aval: ShapedArray): StagingTracer {
    let t = this.builder.consts.get(value);
    if (t === undefined) this.builder.consts.set(value, (t = new StagingTracer(this, aval)));
    return t;
  }

  pure(x: ArrayImpl | number | boolean): Tracer {
    if (typeof x === "number" || typeof x === "boolean") {
      const aval = scalarAval(x);
      return new StagingTracer(this, aval, new Literal(x, aval));
    }
    // A literal holds one real number: a complex scalar stays a constant.
    if (x.ndim === 0 && !isComplex(x.dtype)) return new StagingTracer(this, x.aval, new Literal(bufferOf(x)[0]!, x.aval));
    return this.constTracer(x, x.aval);
  }

  lift(x: Tracer): Tracer {
    return this.constTracer(x, x.aval);
  }

  // Functions with custom rules and checkpointed functions are recorded as call equations (not
  // inlined), so transforms applied to the staged program later still see the user's rules.
  override processCustomJvpCall(fun: FlatFun, rule: CustomJvpRule, tracers: Tracer[]): Array[] {
    const { jaxpr, consts } = stageFlat(fun, tracers.map((t) => t.aval));
    const operands = [...consts.map((c) => fullRaise(this, c)), ...tracers];
    return this.processPrimitive("custom_jvp_call", operands, { callJaxpr: jaxpr, jvp: rule as Params<"custom_jvp_call">["jvp"], numConsts: consts.length });
  }
  override processCustomVjpCall(fun: FlatFun, fwd: CustomVjpFwd, bwd: CustomVjpBwd, tracers: Tracer[]): Array[] {
    const { jaxpr, consts } = stageFlat(fun, tracers.map((t) => t.aval));
    const operands = [...consts.map((c) => fullRaise(this, c)), ...tracers];
    return this.processPrimitive("custom_vjp_call", operands, {
      callJaxpr: jaxpr,
      fwd: fwd as Params<"custom_vjp_call">["fwd"],
      bwd: bwd as Params<"custom_vjp_call">["bwd"],
      numConsts: consts.length,
    });
  }
  override processCheckpoint(fun: FlatFun, tracers: Tracer[], opts: CheckpointOpts): Array[] {
    const { jaxpr, consts } = stageFlat(fun, tracers.map((t) => t.aval));
    const operands = [...consts.map((c) => fullRaise(this, c)), ...tracers];
    return this.processPrimitive("checkpoint", operands, { jaxpr, preventCse: opts.preventCse, policy: opts.policy });
  }

  processPrimitive<P extends PrimitiveName>(prim: P, tracers: Tracer[], params: Params<P>): Tracer[] {
    const ins = tracers as StagingTracer[];
    const outAvals = abstractEval(prim, ins.map((t) => t.aval), params);
    const outs = outAvals.map((a) => new StagingTracer(this, a));
    this.builder.eqns.push(
      Object.freeze({
        primitive: prim,
        invars: ins.map((t) => this.builder.atomOf(t)),
        params,
        outvars: outs.map((t) => this.builder.varOf(t)),
      }) as Eqn,
    );
    return outs;
  }
}

/** Assembles the recorded jaxpr with outputs `outs`; constants are returned in constvar order. */
export function finishJaxpr(trace: StagingTrace, outs: readonly Tracer[]): ClosedJaxpr<Array> {
  const builder = builderOf(trace.main);
  const constvars: Var[] = [];
  const constValues: Array[] = [];
  for (const [value, t] of builder.consts) {
    constvars.push(builder.varOf(t));
    constValues.push(value);
  }
  const jaxpr: Jaxpr = makeJaxprValue({
    constvars,
    invars: [...builder.invars],
    eqns: [...builder.eqns],
    outvars: outs.map((t) => builder.atomOf(t as StagingTracer)),
  });
  return new ClosedJaxpr(jaxpr, constValues);
}

/** The aval an argument takes when traced: JS numbers are weakly typed default-float scalars, as Python floats are. */
export function argAval(x: unknown): ShapedArray {
  if (x instanceof Array) return x.aval;
  if (typeof x === "number") return weakFloatScalar();
  if (typeof x === "boolean") return BOOL;
  throw new TypeError(`Argument ${String(x)} of type ${typeof x} is not a valid dprog type.`);
}
const BOOL = new ShapedArray([], "bool", false);

export interface TracedFunction {
  readonly closedJaxpr: ClosedJaxpr<Array>;
  readonly outTree: TreeDef;
}

/** Traces `f` on flat avals (structured by `inTree`) into a closed jaxpr. */
export function traceToJaxpr(f: (...args: unknown[]) => unknown, inAvals: readonly ShapedArray[], inTree: TreeDef): TracedFunction {
  return withNewDynamic(StagingTrace, new JaxprBuilder(), (main) => {
    const trace = main.trace() as StagingTrace;
    const argTracers = inAvals.map((a) => trace.newArg(a));
    const args = tree.unflatten(inTree, argTracers) as unknown[];
    const out = f(...args);
    const [outLeaves, outTree] = tree.flatten(out);
    const outTracers = outLeaves.map((o) => {
      if (!(o instanceof Array) && typeof o !== "number" && typeof o !== "boolean") {
        throw new TypeError(`Function output leaf ${String(o)} is not a valid dprog type.`);
      }
      return fullRaise(trace, o);
    });
    return { closedJaxpr: finishJaxpr(trace, outTracers), outTree };
  });
}

/**
 * Traces a flat function into a closure-converted jaxpr: values it captures (concrete arrays or
 * tracers of enclosing transforms) become its leading inputs, returned as `consts`. Dead
 * equations are dropped.
 */
export function stageFlat(fun: FlatFun, avals: readonly ShapedArray[]): { jaxpr: ClosedJaxpr<Array>; consts: Array[] } {
  const [, inTree] = tree.flatten(avals.map(() => 0));
  const { closedJaxpr } = traceToJaxpr((...xs: unknown[]) => fun(...(xs as Array[])), avals, inTree);
  const converted = closureConvert(closedJaxpr).jaxpr;
  return { jaxpr: new ClosedJaxpr(dce(converted), []), consts: [...closedJaxpr.consts] };
}

/** Traces a flat function into a closed jaxpr whose consts are its captured values (pjit's form). */
export function traceFlatToClosedJaxpr(fun: FlatFun, avals: readonly ShapedArray[]): ClosedJaxpr<Array> {
  const [, inTree] = tree.flatten(avals.map(() => 0));
  const { closedJaxpr } = traceToJaxpr((...xs: unknown[]) => fun(...(xs as Array[])), avals, inTree);
  return new ClosedJaxpr(dce(closedJaxpr.jaxpr), closedJaxpr.consts);
}

/** The same jaxpr with its constvars turned into leading invars (and no consts). */
export function closureConvert(closed: ClosedJaxpr<Array>): ClosedJaxpr<Array> {
  const j = closed.jaxpr;
  if (j.constvars.length === 0) return closed;
  return new ClosedJaxpr(makeJaxprValue({ constvars: [], invars: [...j.constvars, ...j.invars], eqns: j.eqns, outvars: j.outvars }), []);
}

/**
 * `makeJaxpr(f)(...args)` (jax.make_jaxpr): the jaxpr of `f` at the shapes and dtypes of `args`.
 *
 * @example
 * ```ts
 * const closed = makeJaxpr((x: Array) => np.sin(np.multiply(x, 2)))(np.array([1, 2]));
 * closed.toString(); // "{ lambda ; a:f32[2]. let b:f32[2] = mul a 2.0:f32[]; c:f32[2] = sin b in (c,) }"
 * ```
 */
export function makeJaxpr(f: (...args: never[]) => unknown): (...args: unknown[]) => ClosedJaxpr<Array> {
  checkCallable(f);
  return (...args: unknown[]) => {
    const [leaves, inTree] = tree.flatten(args);
    const avals = leaves.map(argAval);
    const { closedJaxpr } = traceToJaxpr(f as (...a: unknown[]) => unknown, avals, inTree);
    // Every primitive is pure, so values nothing depends on (a forward value under grad) are dropped.
    return new ClosedJaxpr(dce(closedJaxpr.jaxpr), closedJaxpr.consts);
  };
}
