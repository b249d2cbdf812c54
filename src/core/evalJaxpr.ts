// Interprets a jaxpr by binding each equation's primitive, so evaluation happens under whatever
// transforms are active (eager kernels when none are). Transforms use it to replay linearized and
// transposed programs.
import type { Jaxpr, Atom } from "../../jaxpr/index.js";
import { Literal, Var } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "./array.js";
import { bind } from "./trace.js";
import { scalarArray } from "./eval.js";

export function evalJaxpr(jaxpr: Jaxpr, consts: readonly ArrayLike[], args: readonly ArrayLike[]): Array[] {
  const env = new Map<Var, ArrayLike>();
  const read = (a: Atom): ArrayLike => {
    if (a instanceof Literal) return scalarArray(a.value, a.aval.dtype, a.aval.weakType);
    const v = env.get(a);
    if (v === undefined) throw new Error("evalJaxpr: unbound variable");
    return v;
  };
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i]!));
  jaxpr.invars.forEach((v, i) => env.set(v, args[i]!));
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.primitive, eqn.invars.map(read), eqn.params);
    eqn.outvars.forEach((v, i) => env.set(v, outs[i]!));
  }
  return jaxpr.outvars.map((a) => {
    const v = read(a);
    return v instanceof Array ? v : scalarArray(v, a.aval.dtype, a.aval.weakType);
  });
}
