// The jit pass pipeline inside control flow: the jaxprs that cond (branches), while (cond and
// body) and scan (body) carry are optimized like the program around them, recursively. A body
// keeps its signature (same invars; as many outvars, of the same shapes and dtypes), since the
// equation's operands and params (numConsts, numCarry, ...) are laid out by it; dead equations go,
// inputs never do. An output may lose its weak type, as the program's own outputs may (simplify
// drops conversions that only strengthen a type): the equation's outvars were typed at tracing.
// Constants that inlining or folding create stay with the body's ClosedJaxpr, where the backend
// already looks for those of jitted calls inlined into it. Carried jaxprs are shared objects:
// they are never changed, only replaced in a new equation, and each is optimized once.
import type { ConstJaxpr, Eqn, Jaxpr, Params } from "../../jaxpr/index.js";
import { ClosedJaxpr } from "../../jaxpr/index.js";
import { produce } from "immer";

type Optimize = (program: ConstJaxpr) => ConstJaxpr;
export type ControlName = "cond" | "while" | "scan";

/** The equation with each carried jaxpr passed through `optimize`; the same object when none changed. */
function withOptimizedBodies(eqn: Eqn, optimize: (c: ClosedJaxpr) => ClosedJaxpr): Eqn {
  if (!isControlName(eqn.primitive)) return eqn;
  const params = optimizedParams(eqn.primitive, eqn.params as Params<ControlName>, optimize);
  return params === eqn.params ? eqn : withParams(eqn as Eqn<ControlName>, params);
}

/** A control-flow equation's params with each carried jaxpr passed through `optimize`; the same object when none changed. */
function optimizedParams<P extends ControlName>(prim: P, params: Params<P>, optimize: (c: ClosedJaxpr) => ClosedJaxpr): Params<P> {
  if (prim === "cond") {
    const p = params as Params<"cond">;
    const branches = p.branches.map(optimize);
    if (branches.every((b, i) => b === p.branches[i])) return params;
    return Object.freeze({ ...p, branches: Object.freeze(branches) }) as Params<P>;
  }
  if (prim === "while") {
    const p = params as Params<"while">;
    const condJaxpr = optimize(p.condJaxpr);
    const bodyJaxpr = optimize(p.bodyJaxpr);
    if (condJaxpr === p.condJaxpr && bodyJaxpr === p.bodyJaxpr) return params;
    return Object.freeze({ ...p, condJaxpr, bodyJaxpr }) as Params<P>;
  }
  const p = params as Params<"scan">;
  const jaxpr = optimize(p.jaxpr);
  if (jaxpr === p.jaxpr) return params;
  return Object.freeze({ ...p, jaxpr }) as Params<P>;
}

const isControlName = (p: string): p is ControlName => p === "cond" || p === "while" || p === "scan";

function withParams<P extends ControlName>(eqn: Eqn<P>, params: Params<P>): Eqn<P> {
  return Object.freeze({ ...eqn, params: Object.freeze(params) as Params<P> });
}

/** Throws when a pass changed what a carried jaxpr's callers rely on (a pipeline bug, not a user error). */
function checkSameSignature(before: Jaxpr, after: Jaxpr): void {
  const sameIns = after.invars.length === before.invars.length && after.invars.every((v, i) => v === before.invars[i]);
  const sameOuts =
    after.outvars.length === before.outvars.length && after.outvars.every((a, i) => a.aval.matches(before.outvars[i]!.aval));
  if (!sameIns || !sameOuts) throw new Error("jit: optimizing a control-flow body changed its signature");
}

/**
 * Returns a function that optimizes the carried jaxprs of a program's control-flow equations with
 * `optimize` (the whole pipeline, which in turn reaches nested control flow). Results are cached
 * per ClosedJaxpr object, so a body shared by several equations or programs is optimized once and
 * stays one object (the backend's per-body compile cache and CSE by identity keep working).
 */
export function controlFlowBodyOptimizer(optimize: Optimize): (jaxpr: Jaxpr) => Jaxpr {
  const optimizeBody = cachedBodyOptimizer(optimize);
  return (jaxpr) => {
    const eqns = jaxpr.eqns.map((e) => withOptimizedBodies(e, optimizeBody));
    if (eqns.every((e, i) => e === jaxpr.eqns[i])) return jaxpr;
    return produce(jaxpr, (draft) => {
      draft.eqns = eqns as typeof draft.eqns;
    });
  };
}

/**
 * The same for one control-flow primitive's params: what eager evaluation of cond, while and scan
 * compiles, so that a body gives the values it gives under jit (constants folded by eager
 * evaluation, op by op, rather than computed in the compiled body's registers). The params object
 * returned is the same for the same input params (cached), and is the input when nothing changed.
 */
export function controlFlowParamsOptimizer(optimize: Optimize): <P extends ControlName>(prim: P, params: Params<P>) => Params<P> {
  const optimizeBody = cachedBodyOptimizer(optimize);
  const cache = new WeakMap<object, object>();
  return <P extends ControlName>(prim: P, params: Params<P>): Params<P> => {
    let result = cache.get(params) as Params<P> | undefined;
    if (result === undefined) {
      result = optimizedParams(prim, params, optimizeBody);
      cache.set(params, result);
    }
    return result;
  };
}

function cachedBodyOptimizer(optimize: Optimize): (closed: ClosedJaxpr) => ClosedJaxpr {
  const cache = new WeakMap<ClosedJaxpr, ClosedJaxpr>();
  return (closed: ClosedJaxpr): ClosedJaxpr => {
    let result = cache.get(closed);
    if (result === undefined) {
      const out = optimize({ jaxpr: closed.jaxpr, consts: closed.consts });
      checkSameSignature(closed.jaxpr, out.jaxpr);
      result = out.jaxpr === closed.jaxpr ? closed : new ClosedJaxpr(out.jaxpr, out.consts);
      cache.set(closed, result);
      cache.set(result, result); // an optimized body met again (a recompiled program) is left as it is
    }
    return result;
  };
}
