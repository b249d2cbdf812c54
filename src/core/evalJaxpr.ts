// Interprets a jaxpr by binding each equation's primitive, so evaluation happens under whatever
// transforms are active (eager kernels when none are). Transforms use it to replay linearized and
// transposed programs, and to transform the jaxprs that call primitives carry.
import type { Jaxpr, Atom, ClosedJaxpr, Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
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
 * them during tracing. A custom call's captured values (its leading `numConsts` operands) are
 * bound as operands, not closed over: by now they may be tracers of the transforms replaying the
 * program, and a closure would hide them from those transforms (JAX's custom_jvp_call and
 * custom_vjp_call take them as operands too). The rules see only the function's own arguments:
 * as JAX's `lift_jvp`, the captured values' tangents are not the rule's business, and bwd gives
 * them zero cotangents.
 */
export function bindEqn<P extends PrimitiveName>(prim: P, args: readonly ArrayLike[], params: Params<P>): Array[] {
  switch (prim) {
    case "custom_jvp_call": {
      const p = params as Params<"custom_jvp_call">;
      const rule = p.jvp as unknown as CustomJvpRule;
      const n = p.numConsts;
      const fun: FlatFun = (...xs) => evalJaxpr(p.callJaxpr.jaxpr, [], xs);
      if (n === 0) return bindCustomJvp(fun, rule, args);
      const lifted: CustomJvpRule = (primals, tangents) => rule(primals.slice(n), tangents.slice(n));
      return bindCustomJvp(fun, lifted, args);
    }
    case "custom_vjp_call": {
      const p = params as Params<"custom_vjp_call">;
      const fwd = p.fwd as unknown as CustomVjpFwd;
      const bwd = p.bwd as unknown as CustomVjpBwd;
      const n = p.numConsts;
      const fun: FlatFun = (...xs) => evalJaxpr(p.callJaxpr.jaxpr, [], xs);
      if (n === 0) return bindCustomVjp(fun, fwd, bwd, args);
      const constAvals = args.slice(0, n).map((c) => (c instanceof Array ? c.aval : scalarArray(c).aval).strengthened());
      const liftedFwd: CustomVjpFwd = (...xs) => fwd(...xs.slice(n));
      const liftedBwd: CustomVjpBwd = (residuals, cts) => [...constAvals.map(zerosOfAval), ...bwd(residuals, cts)];
      return bindCustomVjp(fun, liftedFwd, liftedBwd, args);
    }
    case "checkpoint": {
      const p = params as Params<"checkpoint">;
      return bindCheckpoint(jaxprAsFun(p.jaxpr as ClosedJaxpr<ArrayLike>), args, { policy: p.policy, preventCse: p.preventCse });
    }
    default:
      return bind(prim, args, params);
  }
}

function zerosOfAval(aval: ShapedArray): Array {
  return bind("broadcast_in_dim", [scalarArray(0, aval.dtype, false)], { shape: aval.shape, broadcastDimensions: [] })[0]!;
}
