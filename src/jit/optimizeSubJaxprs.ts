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
type ControlName = "cond" | "while" | "scan";

/** The equation with each carried jaxpr passed through `optimize`; the same object when none changed. */
function withOptimizedBodies(eqn: Eqn, optimize: (c: ClosedJaxpr) => ClosedJaxpr): Eqn {
  if (isControl(eqn, "cond")) {
    const branches = eqn.params.branches.map(optimize);
    if (branches.every((b, i) => b === eqn.params.branches[i])) return eqn;
    return withParams(eqn, { ...eqn.params, branches: Object.freeze(branches) });
  }
  if (isControl(eqn, "while")) {
    const condJaxpr = optimize(eqn.params.condJaxpr);
    const bodyJaxpr = optimize(eqn.params.bodyJaxpr);
    if (condJaxpr === eqn.params.condJaxpr && bodyJaxpr === eqn.params.bodyJaxpr) return eqn;
    return withParams(eqn, { ...eqn.params, condJaxpr, bodyJaxpr });
  }
  if (isControl(eqn, "scan")) {
    const jaxpr = optimize(eqn.params.jaxpr);
    if (jaxpr === eqn.params.jaxpr) return eqn;
    return withParams(eqn, { ...eqn.params, jaxpr });
  }
  return eqn;
}

const isControl = <P extends ControlName>(eqn: Eqn, prim: P): eqn is Eqn<P> => eqn.primitive === prim;

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
  const cache = new WeakMap<ClosedJaxpr, ClosedJaxpr>();
  const optimizeBody = (closed: ClosedJaxpr): ClosedJaxpr => {
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
  return (jaxpr) => {
    const eqns = jaxpr.eqns.map((e) => withOptimizedBodies(e, optimizeBody));
    if (eqns.every((e, i) => e === jaxpr.eqns[i])) return jaxpr;
    return produce(jaxpr, (draft) => {
      draft.eqns = eqns as typeof draft.eqns;
    });
  };
}
