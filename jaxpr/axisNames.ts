// The axis names a jaxpr's collectives use, at any depth (JAX tracks these as NamedAxisEffects).
import type { Jaxpr } from "./jaxpr.js";
import { paramJaxprs, subJaxprs } from "./passes/dce.js";
import type { Params, PrimitiveName } from "./params.js";
import { collectiveAxes, isCollective } from "./collectiveParams.js";
import type { CollectiveName, CollectiveParams } from "./collectiveParams.js";

const jaxprAxes = new WeakMap<Jaxpr, ReadonlySet<string>>();

/**
 * The axis names used by a jaxpr's collectives at any depth (JAX tracks these as
 * NamedAxisEffects): a call that carries such a jaxpr must reach the batch trace of those axes
 * even when none of its operands is batched there.
 */
export function jaxprAxisNames(jaxpr: Jaxpr): ReadonlySet<string> {
  let names = jaxprAxes.get(jaxpr);
  if (names === undefined) {
    const found = new Set<string>();
    for (const eqn of jaxpr.eqns) {
      if (isCollective(eqn.primitive)) for (const n of collectiveAxes(eqn.primitive, eqn.params as CollectiveParams[CollectiveName])) found.add(n);
      for (const sub of subJaxprs(eqn)) for (const n of jaxprAxisNames(sub)) found.add(n);
    }
    jaxprAxes.set(jaxpr, (names = found));
  }
  return names;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** The axis names an application of `prim` with `params` uses: a collective's own, or its carried jaxprs'. */
export function bindAxisNames<P extends PrimitiveName>(prim: P, params: Params<P>): ReadonlySet<string> {
  if (isCollective(prim)) return new Set(collectiveAxes(prim, params as CollectiveParams[CollectiveName]));
  const jaxprs = paramJaxprs(prim, params);
  if (jaxprs.length === 0) return NO_NAMES;
  const found = new Set<string>();
  for (const j of jaxprs) for (const n of jaxprAxisNames(j)) found.add(n);
  return found;
}
