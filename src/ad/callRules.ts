// JVP rules of the call primitives. A pjit's jvp is another pjit, whose jaxpr is the jvp of the
// original traced once per pattern of nonzero input tangents (cached), so the derivative of a
// jitted function is itself compiled. Custom-rule and checkpoint calls never reach a rule table:
// bindEqn hands them to their bind functions.
import type { ClosedJaxpr, Params, PrimitiveName } from "../../jaxpr/index.js";
import { isFloat } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import { jvpFlat } from "./jvp.js";
import { Zero, Tangent, JvpRule } from "./types.js";
import { instantiate, tangentAval } from "./zeros.js";

const jvpCache = new WeakMap<ClosedJaxpr, Map<string, ClosedJaxpr<Array>>>();

/** The jaxpr of (primals, nonzero tangents) -> (outputs, output tangents) for `closed`. */
export function jvpJaxpr(closed: ClosedJaxpr<Array>, nonzero: readonly boolean[]): ClosedJaxpr<Array> {
  let byMask = jvpCache.get(closed);
  if (byMask === undefined) jvpCache.set(closed, (byMask = new Map()));
  const key = nonzero.map((b) => (b ? 1 : 0)).join("");
  let out = byMask.get(key);
  if (out === undefined) {
    const inAvals = closed.inAvals;
    const n = inAvals.length;
    const f = jaxprAsFun(closed);
    const fun = (...xs: Array[]): Array[] => {
      let k = n;
      const tangents = inAvals.map((a, i) => (nonzero[i] ? xs[k++]! : new Zero(tangentAval(a))));
      const [po, to] = jvpFlat(f, xs.slice(0, n), tangents);
      return [...po, ...to.map(instantiate)];
    };
    out = traceFlatToClosedJaxpr(fun, [...inAvals, ...inAvals.filter((_, i) => nonzero[i]).map(tangentAval)]);
    byMask.set(key, out);
  }
  return out;
}

const pjitJvp: JvpRule<"pjit"> = (primals, tangents, params) => {
  const nonzero = tangents.map((t, i) => !(t instanceof Zero) && isFloat(primals[i]!.dtype));
  const jaxpr = jvpJaxpr(params.jaxpr as ClosedJaxpr<Array>, nonzero);
  const outs = bind("pjit", [...primals, ...(tangents.filter((_, i) => nonzero[i]) as Array[])], { jaxpr, name: `jvp(${params.name})` });
  const nOut = outs.length / 2;
  const primalsOut = outs.slice(0, nOut);
  const tangentsOut: Tangent[] = outs.slice(nOut).map((t, i) => (isFloat(primalsOut[i]!.dtype) ? t : new Zero(tangentAval(t.aval))));
  return [primalsOut, tangentsOut];
};

const routedByBindEqn = (name: string) => (): never => {
  throw new Error(`${name} is handled by bindEqn and never reaches a JVP rule`);
};

/** debug_callback prints primal values only; it has no outputs to differentiate. */
const debugCallbackJvp: JvpRule<"debug_callback"> = (primals, _tangents, params) => {
  bind("debug_callback", primals, params);
  return [[], []];
};

export const CALL_JVP_RULES: { [P in "pjit" | "custom_jvp_call" | "custom_vjp_call" | "checkpoint" | "debug_callback"]: JvpRule<P> } = {
  pjit: pjitJvp,
  custom_jvp_call: routedByBindEqn("custom_jvp_call"),
  custom_vjp_call: routedByBindEqn("custom_vjp_call"),
  checkpoint: routedByBindEqn("checkpoint"),
  debug_callback: debugCallbackJvp,
};
export type { Params, PrimitiveName };
