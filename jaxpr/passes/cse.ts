// Common-subexpression elimination: an equation with the same primitive, structurally equal
// params and the same operands as an earlier one is dropped and its outputs read the earlier
// outputs. Params holding jaxprs or functions are equal only by identity; effectful equations
// (debug_callback, or calls containing one) are never merged, since each runs its effect.
import { Eqn } from "../jaxpr.js";
import { eqnHasEffects } from "./dce.js";
import { atomKey, paramsKey, rewriteEqns } from "./rewrite.js";
import { dedupeConsts } from "./consts.js";
import type { ConstJaxpr } from "./inline.js";

/** The key two equations share exactly when one can stand for the other. */
export function eqnKey(eqn: Eqn): string {
  return `${eqn.primitive}|${paramsKey(eqn.params)}|${eqn.invars.map(atomKey).join(",")}`;
}

export function cse(program: ConstJaxpr): ConstJaxpr {
  const deduped = dedupeConsts(program);
  const seen = new Map<string, Eqn>();
  const next = rewriteEqns(deduped.jaxpr, (eqn) => {
    if (eqnHasEffects(eqn)) return { keep: eqn };
    const key = eqnKey(eqn);
    const earlier = seen.get(key);
    if (earlier !== undefined && earlier.outvars.every((v, i) => v.aval.equals(eqn.outvars[i]!.aval))) {
      return { replace: earlier.outvars };
    }
    if (earlier === undefined) seen.set(key, eqn);
    return { keep: eqn };
  });
  return next === deduped.jaxpr ? deduped : { jaxpr: next, consts: deduped.consts };
}
