// Constvar housekeeping: dropping constants no equation or output reads, and merging constvars
// bound to the same value object (inlining a jaxpr at two call sites copies its constants).
import { produce } from "immer";
import { Atom, Jaxpr, Var } from "../jaxpr.js";
import type { ConstJaxpr } from "./inline.js";

/** The program without the constvars that nothing reads. */
export function dropUnusedConsts(program: ConstJaxpr): ConstJaxpr {
  const { jaxpr, consts } = program;
  const used = new Set<Var>();
  const use = (a: Atom): void => void (a instanceof Var && used.add(a));
  for (const e of jaxpr.eqns) e.invars.forEach(use);
  jaxpr.outvars.forEach(use);
  if (jaxpr.constvars.every((v) => used.has(v))) return program;
  const keep = jaxpr.constvars.map((v) => used.has(v));
  return {
    jaxpr: produce(jaxpr, (draft) => {
      draft.constvars = draft.constvars.filter((_, i) => keep[i]);
    }),
    consts: consts.filter((_, i) => keep[i]),
  };
}

/** Constvars holding the same value (by identity) with the same aval become one; the others are dropped. */
export function dedupeConsts(program: ConstJaxpr): ConstJaxpr {
  const { jaxpr, consts } = program;
  const first = new Map<unknown, Var>();
  const env = new Map<Var, Var>();
  jaxpr.constvars.forEach((v, i) => {
    const c = consts[i];
    const seen = first.get(c);
    if (seen !== undefined && seen.aval.equals(v.aval)) env.set(v, seen);
    else if (seen === undefined) first.set(c, v);
  });
  if (env.size === 0) return program;
  const read = (a: Atom): Atom => (a instanceof Var ? (env.get(a) ?? a) : a);
  const keep = jaxpr.constvars.map((v) => !env.has(v));
  const next: Jaxpr = produce(jaxpr, (draft) => {
    draft.constvars = draft.constvars.filter((_, i) => keep[i]);
    draft.eqns.forEach((e) => {
      if (e.invars.some((a) => a instanceof Var && env.has(a))) e.invars = (e.invars as Atom[]).map(read) as typeof e.invars;
    });
    draft.outvars = (draft.outvars as Atom[]).map(read) as typeof draft.outvars;
  });
  return { jaxpr: next, consts: consts.filter((_, i) => keep[i]) };
}
