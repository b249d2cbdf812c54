// Interprets a jaxpr by binding each equation's primitive, so evaluation happens under whatever
// transforms are active (eager kernels when none are). Transforms use it to replay linearized and
// transposed programs, and to transform the jaxprs that call primitives carry.
import type { Jaxpr, Atom, ClosedJaxpr, Params, PrimitiveName } from "../../jaxpr/index.js";
import { Literal, Var } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "./array.js";
import { bind, bindCheckpoint, bindCustomJvp, bindCustomVjp } from "./trace.js";
import type { CustomJvpRule, CustomVjpBwd, CustomVjpFwd, FlatFun } from "./trace.js";
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
    const outs = bindEqn(eqn.primitive, eqn.invars.map(read), eqn.params);
    eqn.outvars.forEach((v, i) => env.set(v, outs[i]!));
  }
  return jaxpr.outvars.map((a) => {
    const v = read(a);
    return v instanceof Array ? v : scalarArray(v, a.aval.dtype, a.aval.weakType);
  });
}

/** A closed jaxpr as a flat function. */
export function jaxprAsFun(closed: ClosedJaxpr<ArrayLike>): FlatFun {
  return (...xs: Array[]) => evalJaxpr(closed.jaxpr, closed.consts, xs);
}

/**
 * Binds a staged equation. Custom-rule and checkpoint calls go back through their bind functions,
 * so a transform applied to a staged program sees the user's rules exactly as it would have seen
 * them during tracing.
 */
export function bindEqn<P extends PrimitiveName>(prim: P, args: readonly ArrayLike[], params: Params<P>): Array[] {
  switch (prim) {
    case "custom_jvp_call": {
      const p = params as Params<"custom_jvp_call">;
      const consts = args.slice(0, p.numConsts);
      const fun: FlatFun = (...xs) => evalJaxpr(p.callJaxpr.jaxpr, [], [...consts, ...xs]);
      return bindCustomJvp(fun, p.jvp as unknown as CustomJvpRule, args.slice(p.numConsts));
    }
    case "custom_vjp_call": {
      const p = params as Params<"custom_vjp_call">;
      const consts = args.slice(0, p.numConsts);
      const fun: FlatFun = (...xs) => evalJaxpr(p.callJaxpr.jaxpr, [], [...consts, ...xs]);
      return bindCustomVjp(fun, p.fwd as unknown as CustomVjpFwd, p.bwd as unknown as CustomVjpBwd, args.slice(p.numConsts));
    }
    case "checkpoint": {
      const p = params as Params<"checkpoint">;
      return bindCheckpoint(jaxprAsFun(p.jaxpr as ClosedJaxpr<ArrayLike>), args, { policy: p.policy, preventCse: p.preventCse });
    }
    default:
      return bind(prim, args, params);
  }
}
