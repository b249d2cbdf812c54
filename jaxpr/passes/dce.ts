// Dead-code elimination: drops equations whose outputs reach no jaxpr output. Primitives are pure
// except the effectful ones (debug_callback), which stay with every call that contains them.
// The one rewrite here replaces the equation list, so it builds the new frozen jaxpr directly
// rather than through immer: dce runs under grad (partial evaluation, staging), and an app that
// only differentiates then bundles no immer (the jit passes keep using it).
import { Eqn, Jaxpr, Var, ClosedJaxpr, makeJaxprValue } from "../jaxpr.js";
import { EFFECTFUL_PRIMITIVES } from "../traits.js";
import type { PrimitiveName } from "../params.js";

/**
 * The sub-jaxprs an equation carries (call primitives' bodies): params that are jaxprs, lists of
 * them (cond's branches), or records of them (custom_linear_solve's).
 */
export function subJaxprs(eqn: Eqn): Jaxpr[] {
  return paramJaxprs(eqn.primitive, eqn.params);
}

/** The jaxprs in the params of `prim` (see subJaxprs). */
export function paramJaxprs(prim: PrimitiveName, params: object): Jaxpr[] {
  const out: Jaxpr[] = [];
  for (const v of Object.values(params as Record<string, unknown>)) {
    if (v instanceof ClosedJaxpr) out.push(v.jaxpr);
    else if (globalThis.Array.isArray(v)) {
      for (const x of v) if (x instanceof ClosedJaxpr) out.push(x.jaxpr);
    } else if (prim === "custom_linear_solve" && typeof v === "object" && v !== null) {
      for (const x of Object.values(v)) if (x instanceof ClosedJaxpr) out.push(x.jaxpr);
    }
  }
  return out;
}

const effectCache = new WeakMap<Jaxpr, boolean>();
/** Whether running the jaxpr has side effects (it contains an effectful primitive at any depth). */
export function jaxprHasEffects(jaxpr: Jaxpr): boolean {
  let r = effectCache.get(jaxpr);
  if (r === undefined) effectCache.set(jaxpr, (r = jaxpr.eqns.some(eqnHasEffects)));
  return r;
}

export function eqnHasEffects(eqn: Eqn): boolean {
  return EFFECTFUL_PRIMITIVES.has(eqn.primitive) || subJaxprs(eqn).some(jaxprHasEffects);
}

export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const a of jaxpr.outvars) if (a instanceof Var) live.add(a);
  const keep = new globalThis.Array<boolean>(jaxpr.eqns.length).fill(false);
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i]!;
    if (!eqn.outvars.some((v) => live.has(v)) && !eqnHasEffects(eqn)) continue;
    keep[i] = true;
    for (const a of eqn.invars) if (a instanceof Var) live.add(a);
  }
  if (keep.every(Boolean)) return jaxpr;
  return makeJaxprValue({ ...jaxpr, eqns: Object.freeze(jaxpr.eqns.filter((_, i) => keep[i])) });
}
