// The tracing core, after JAX's autodidax (with omnistaging): a stack of main traces, each with a
// level; `bind` finds the highest-level trace among its arguments (and the dynamic trace that jit
// installs), raises every argument into it, and lets that trace process the primitive. Each
// transform gets a fresh main trace, so perturbations of nested transforms never mix; a tracer
// whose main trace has ended raises UnexpectedTracerError.
import type { CheckpointPolicy, Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { MULTIPLE_RESULTS, bindAxisNames } from "../../jaxpr/index.js";
import { Array, ArrayImpl, ArrayLike } from "./array.js";
import { UnexpectedTracerError } from "./errors.js";
import { evalPrimitive, scalarArray } from "./eval.js";
import { findAxisFrame, hasNamedAxes } from "./axisEnv.js";

/** Flat signatures of custom-derivative functions (pytrees are handled by the API layer). */
export type FlatFun = (...xs: Array[]) => Array[];
export type CustomJvpRule = (primals: Array[], tangents: Array[]) => [Array[], Array[]];
export type CustomVjpFwd = (...xs: Array[]) => [Array[], Array[]];
export type CustomVjpBwd = (residuals: Array[], cts: Array[]) => Array[];

export type TraceConstructor = new (main: MainTrace) => Trace;

export class MainTrace {
  active = true;
  constructor(
    readonly level: number,
    readonly traceType: TraceConstructor,
    readonly globalData: unknown,
  ) {}
  /** A Trace object for this main (cheap: traces are stateless views of their main). */
  trace(): Trace {
    return new this.traceType(this);
  }
}

export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Wraps a value from outside any trace (a concrete array or JS scalar). */
  abstract pure(x: ArrayImpl | number | boolean): Tracer;
  /** Wraps a tracer of a lower-level trace. */
  abstract lift(x: Tracer): Tracer;
  /**
   * A function with a user-defined JVP. By default the function is simply applied (its body is
   * traced by this transform); the JVP trace overrides this to call the user's rule instead.
   */
  processCustomJvpCall(fun: FlatFun, _rule: CustomJvpRule, tracers: Tracer[]): Array[] {
    return fun(...tracers);
  }
  /** A function with a user-defined VJP; by default applied directly (see JVPTrace for the rule). */
  processCustomVjpCall(fun: FlatFun, _fwd: CustomVjpFwd, _bwd: CustomVjpBwd, tracers: Tracer[]): Array[] {
    return fun(...tracers);
  }
  /** A function whose intermediates reverse mode recomputes rather than saves; applied directly by default. */
  processCheckpoint(fun: FlatFun, tracers: Tracer[], _opts: CheckpointOpts): Array[] {
    return fun(...tracers);
  }
  /** Returns this trace's tracers, or lower-level values where the transform has nothing to add. */
  abstract processPrimitive<P extends PrimitiveName>(prim: P, tracers: Tracer[], params: Params<P>): Array[];
}

export abstract class Tracer extends Array {
  constructor(readonly _trace: Trace) {
    super();
  }
  abstract override get aval(): ShapedArray;
  /** The value with this tracer's layer removed where the trace no longer needs it. */
  fullLower(): Array {
    return this;
  }
  concreteValue(): ArrayImpl | null {
    return null;
  }
  override toString(): string {
    return `Traced<${this.aval.str()}${this.aval.weakType ? "{weak_type}" : ""}>with<${this._trace.constructor.name}>`;
  }
}

class EvalTraceBase extends Trace {
  pure(): Tracer {
    throw new Error("the eval trace has no tracers");
  }
  lift(): Tracer {
    throw new Error("the eval trace has no tracers");
  }
  processPrimitive(): Tracer[] {
    throw new Error("the eval trace is handled by bind's fast path");
  }
}

const evalMain = new MainTrace(0, EvalTraceBase, null);
const traceStack: MainTrace[] = [evalMain];
let dynamicMain: MainTrace = evalMain;

/** Runs `fn` with a new main trace pushed on the stack. */
export function withNewMain<T>(traceType: TraceConstructor, globalData: unknown, fn: (main: MainTrace) => T): T {
  const main = new MainTrace(traceStack.length, traceType, globalData);
  traceStack.push(main);
  try {
    return fn(main);
  } finally {
    traceStack.pop();
    main.active = false;
  }
}

/** Like withNewMain, and makes the new main the dynamic trace: every bind inside reaches it (jit, makeJaxpr). */
export function withNewDynamic<T>(traceType: TraceConstructor, globalData: unknown, fn: (main: MainTrace) => T): T {
  return withNewMain(traceType, globalData, (main) => {
    const prev = dynamicMain;
    dynamicMain = main;
    try {
      return fn(main);
    } finally {
      dynamicMain = prev;
    }
  });
}

/**
 * Runs `fn` with eager execution as the dynamic trace (jax.ensure_compile_time_eval): under jit,
 * operations whose operands are all concrete run now instead of being staged. Operations on
 * tracers still reach their transforms.
 */
export function withEagerDynamic<T>(fn: () => T): T {
  const prev = dynamicMain;
  dynamicMain = evalMain;
  try {
    return fn();
  } finally {
    dynamicMain = prev;
  }
}

/** True when no transform is active: operations execute immediately. */
export const isEager = (): boolean => traceStack.length === 1;

/** The innermost active main's level (0: eager): where src/state's array references record they live. */
export const currentLevel = (): number => traceStack.length - 1;
/** The active mains, outermost first (src/state asks whether a vmap runs above a reference). */
export const activeMains = (): readonly MainTrace[] => traceStack;
/** A Trace of the dynamic main: jit's staging trace while jit traces (src/state adds inputs to it). */
export const dynamicTrace = (): Trace => dynamicMain.trace();

function checkAlive(t: Tracer): void {
  if (!t._trace.main.active) {
    throw new UnexpectedTracerError(`a ${t.toString()} was used after the transformation that created it returned`);
  }
}

function findTopMain(args: readonly unknown[]): MainTrace {
  let top = dynamicMain;
  for (const a of args) {
    if (a instanceof Tracer) {
      checkAlive(a);
      if (a._trace.main.level > top.level) top = a._trace.main;
    }
  }
  return top;
}

/**
 * A collective (or a call whose jaxpr holds one) must reach the batch trace of each axis it names
 * even when no operand is batched there (psum of a constant, axis_index): the highest of those
 * traces and `top` (JAX's pre-stackless AxisPrimitive.bind did the same with axis frames).
 */
function axisTopMain<P extends PrimitiveName>(top: MainTrace, prim: P, params: Params<P>): MainTrace {
  for (const name of bindAxisNames(prim, params)) {
    const frame = findAxisFrame(name);
    if (frame !== null && frame.main.active && frame.main.level > top.level) top = frame.main;
  }
  return top;
}

export function fullRaise(trace: Trace, x: ArrayLike): Tracer {
  if (!(x instanceof Tracer)) {
    if (x instanceof Array) {
      const c = x.concreteValue();
      if (c === null) throw new Error("fullRaise: non-tracer array without a concrete value");
      return trace.pure(c);
    }
    return trace.pure(typeof x === "object" ? scalarArray(x) : x);
  }
  checkAlive(x);
  const level = trace.main.level;
  if (x._trace.main === trace.main) return x;
  if (x._trace.main.level < level) return trace.lift(x);
  throw new UnexpectedTracerError(`a tracer of level ${x._trace.main.level} reached a trace of level ${level}`);
}

/** Converts an eager argument to a concrete array: JS scalars become weak scalars. */
function toConcrete(x: ArrayLike): ArrayImpl {
  if (x instanceof ArrayImpl) return x;
  if (typeof x === "number" || typeof x === "boolean") return scalarArray(x);
  const c = (x as Array).concreteValue();
  if (c === null) throw new UnexpectedTracerError(`${(x as Array).toString()} escaped its transformation`);
  return c;
}

/** Applies a primitive to arguments: executes it eagerly or hands it to the active transform. */
export function bind<P extends PrimitiveName>(prim: P, args: readonly ArrayLike[], params: Params<P>): Array[] {
  const top = hasNamedAxes() ? axisTopMain(findTopMain(args), prim, params) : findTopMain(args);
  if (top === evalMain) {
    const concrete = new globalThis.Array<ArrayImpl>(args.length);
    for (let i = 0; i < args.length; i++) concrete[i] = toConcrete(args[i]!);
    return evalPrimitive(prim, concrete, params);
  }
  const trace = top.trace();
  const tracers = args.map((a) => fullRaise(trace, a));
  const outs = trace.processPrimitive(prim, tracers, params);
  return outs.map((t) => (t instanceof Tracer ? t.fullLower() : t));
}

function applyAtTop(args: readonly ArrayLike[], eager: (xs: ArrayImpl[]) => Array[], traced: (trace: Trace, tracers: Tracer[]) => Array[]): Array[] {
  const top = findTopMain(args);
  if (top === evalMain) return eager(args.map(toConcrete));
  const trace = top.trace();
  const outs = traced(trace, args.map((a) => fullRaise(trace, a)));
  return outs.map((t) => (t instanceof Tracer ? t.fullLower() : t));
}

/** Applies a function that has a custom JVP rule, letting the active transform decide how. */
export function bindCustomJvp(fun: FlatFun, rule: CustomJvpRule, args: readonly ArrayLike[]): Array[] {
  return applyAtTop(args, (xs) => fun(...xs), (trace, ts) => trace.processCustomJvpCall(fun, rule, ts));
}

/** Applies a function that has a custom VJP (fwd/bwd), letting the active transform decide how. */
export function bindCustomVjp(fun: FlatFun, fwd: CustomVjpFwd, bwd: CustomVjpBwd, args: readonly ArrayLike[]): Array[] {
  return applyAtTop(args, (xs) => fun(...xs), (trace, ts) => trace.processCustomVjpCall(fun, fwd, bwd, ts));
}

/** A checkpoint's static options (its params other than the jaxpr). */
export interface CheckpointOpts {
  readonly policy: CheckpointPolicy | null;
  readonly preventCse: boolean;
}

/** JAX's checkpoint defaults: no policy (nothing saveable), prevent_cse=True. */
export const DEFAULT_CHECKPOINT_OPTS: CheckpointOpts = Object.freeze({ policy: null, preventCse: true });

/** Applies a checkpointed (rematerialized) function, letting the active transform decide how. */
export function bindCheckpoint(fun: FlatFun, args: readonly ArrayLike[], opts: CheckpointOpts = DEFAULT_CHECKPOINT_OPTS): Array[] {
  return applyAtTop(args, (xs) => fun(...xs), (trace, ts) => trace.processCheckpoint(fun, ts, opts));
}

/** bind for single-result primitives. */
export function bind1<P extends PrimitiveName>(prim: P, args: readonly ArrayLike[], params: Params<P>): Array {
  return bind(prim, args, params)[0]!;
}

export const hasMultipleResults = (p: PrimitiveName): boolean => MULTIPLE_RESULTS.has(p);
