// JVP rules of the call primitives. A pjit's jvp is another pjit, whose jaxpr is the jvp of the
// original traced once per pattern of nonzero input tangents (cached), so the derivative of a
// jitted function is itself compiled. Custom-rule and checkpoint calls never reach a rule table:
// bindEqn hands them to their bind functions.
import type { ClosedJaxpr, Params, PrimitiveName } from "../../jaxpr/index.js";
import { isFloat } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { ClosedJaxpr as ClosedJaxprClass } from "../../jaxpr/index.js";
import { bind, fullRaise } from "../core/trace.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import { closureConvert, traceFlatToClosedJaxpr } from "../core/staging.js";
import { PartialVal, PartialEvalTracer, partialEvalFlat } from "./partialEval.js";
import { registerPartialEvalRule } from "./partialEvalRules.js";
import { backwardPass } from "./transpose.js";
import { UndefinedPrimal } from "./types.js";
import type { TransposeRule } from "./types.js";
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

// ---- reverse mode of pjit ----------------------------------------------------------------------

interface SplitJaxpr {
  /** Known inputs -> known outputs, then residuals. */
  readonly known: ClosedJaxpr<Array>;
  /** Residuals, then unknown inputs -> unknown outputs. */
  readonly unknown: ClosedJaxpr<Array>;
  readonly outUnknown: readonly boolean[];
  readonly numResiduals: number;
}

const splitCache = new WeakMap<ClosedJaxpr, Map<string, SplitJaxpr>>();

/** JAX's partial_eval_jaxpr_nounits: splits `closed` by which inputs are unknown, by tracing. */
export function partialEvalJaxpr(closed: ClosedJaxpr<Array>, inUnknown: readonly boolean[]): SplitJaxpr {
  let byMask = splitCache.get(closed);
  if (byMask === undefined) splitCache.set(closed, (byMask = new Map()));
  const key = inUnknown.map((b) => (b ? 1 : 0)).join("");
  let split = byMask.get(key);
  if (split === undefined) {
    const inAvals = closed.inAvals;
    let unknownJaxpr: ClosedJaxpr<Array> | null = null;
    let outUnknown: boolean[] = [];
    let numResiduals = 0;
    const knownFun = (...knownIns: Array[]): Array[] => {
      let k = 0;
      const pvals = inAvals.map((a, i) => (inUnknown[i] ? PartialVal.unknown(a) : PartialVal.known(knownIns[k++]!)));
      const r = partialEvalFlat(jaxprAsFun(closed), pvals, () => false);
      unknownJaxpr = closureConvert(new ClosedJaxprClass(r.jaxpr, r.consts));
      outUnknown = r.pvalsOut.map((p) => !p.isKnown);
      numResiduals = r.consts.length;
      return [...r.pvalsOut.filter((p) => p.isKnown).map((p) => p.value!), ...r.consts];
    };
    const known = traceFlatToClosedJaxpr(knownFun, inAvals.filter((_, i) => !inUnknown[i]));
    split = { known, unknown: unknownJaxpr!, outUnknown, numResiduals };
    byMask.set(key, split);
  }
  return split;
}

/** Known part runs now as its own compiled pjit; the unknown part is recorded as a pjit on residuals. */
registerPartialEvalRule("pjit", (trace, tracers, params) => {
  const split = partialEvalJaxpr(params.jaxpr as ClosedJaxpr<Array>, tracers.map((t) => !t.pval.isKnown));
  const knownOuts = bind("pjit", tracers.filter((t) => t.pval.isKnown).map((t) => t.pval.value!), { jaxpr: split.known, name: params.name });
  const nKnownOuts = knownOuts.length - split.numResiduals;
  const residuals = knownOuts.slice(nKnownOuts).map((r) => fullRaise(trace, r) as PartialEvalTracer);
  const unknownIns = tracers.filter((t) => !t.pval.isKnown);
  const unknownOuts = trace.recordEqn("pjit", [...residuals, ...unknownIns], { jaxpr: split.unknown, name: params.name });
  let k = 0;
  let u = 0;
  return split.outUnknown.map((isUnknown) => (isUnknown ? unknownOuts[u++]! : knownOuts[k++]!));
});

const transposeCache = new WeakMap<ClosedJaxpr, Map<string, ClosedJaxpr<Array>>>();

/** The jaxpr of (non-linear inputs, nonzero output cotangents) -> cotangents of the linear inputs. */
function transposeJaxpr(closed: ClosedJaxpr<Array>, linear: readonly boolean[], ctNonzero: readonly boolean[]): ClosedJaxpr<Array> {
  let byMask = transposeCache.get(closed);
  if (byMask === undefined) transposeCache.set(closed, (byMask = new Map()));
  const key = `${linear.map(Number).join("")}|${ctNonzero.map(Number).join("")}`;
  let out = byMask.get(key);
  if (out === undefined) {
    const inAvals = closed.inAvals;
    const outAvals = closed.outAvals;
    const nNonlinear = linear.filter((l) => !l).length;
    const fun = (...xs: Array[]): Array[] => {
      let k = 0;
      const args = inAvals.map((a, i) => (linear[i] ? new UndefinedPrimal(a) : xs[k++]!));
      let c = nNonlinear;
      const cts = outAvals.map((a, i) => (ctNonzero[i] ? xs[c++]! : new Zero(tangentAval(a))));
      return backwardPass(closed.jaxpr, closed.consts, args, cts).map(instantiate);
    };
    out = traceFlatToClosedJaxpr(fun, [...inAvals.filter((_, i) => !linear[i]), ...outAvals.filter((_, i) => ctNonzero[i]).map(tangentAval)]);
    byMask.set(key, out);
  }
  return out;
}

/** pjit's transpose is another pjit: the transposed jaxpr, compiled like any other. */
export const transposePjit: TransposeRule<"pjit"> = (cts, inputs, params) => {
  const linear = inputs.map((x) => x instanceof UndefinedPrimal);
  const ctNonzero = cts.map((c) => !(c instanceof Zero));
  const jaxpr = transposeJaxpr(params.jaxpr as ClosedJaxpr<Array>, linear, ctNonzero);
  const operands = [...(inputs.filter((_, i) => !linear[i]) as Array[]), ...(cts.filter((_, i) => ctNonzero[i]) as Array[])];
  const outs = bind("pjit", operands, { jaxpr, name: `transpose(${params.name})` });
  let k = 0;
  return linear.map((l) => (l ? outs[k++]! : null));
};
