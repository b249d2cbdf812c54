// Dead-code elimination: drops equations whose outputs reach no jaxpr output. Every primitive in
// the catalogue is pure, so liveness alone decides. Returns the same object when nothing changes.
import { produce } from "immer";
import { Jaxpr, Var } from "../jaxpr.js";

export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const a of jaxpr.outvars) if (a instanceof Var) live.add(a);
  const keep = new globalThis.Array<boolean>(jaxpr.eqns.length).fill(false);
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i]!;
    if (!eqn.outvars.some((v) => live.has(v))) continue;
    keep[i] = true;
    for (const a of eqn.invars) if (a instanceof Var) live.add(a);
  }
  if (keep.every(Boolean)) return jaxpr;
  return produce(jaxpr, (draft) => {
    draft.eqns = draft.eqns.filter((_, i) => keep[i]);
  });
}
