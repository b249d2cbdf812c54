// JVP rules of the call primitives. A pjit's jvp is another pjit, whose jaxpr is the jvp of the
// original traced once per pattern of nonzero input tangents (cached), so the derivative of a
// jitted function is itself compiled. Custom-rule and checkpoint calls never reach a JVP or batch
// rule table: bindEqn hands them to their bind functions. A checkpoint equation does reach
// transposition (its transpose rule is at the end of this file).
import type { ClosedJaxpr, Params, PrimitiveName } from "../../jaxpr/index.js";
import { isInexact } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind, bindCheckpoint, fullRaise } from "../core/trace.js";
import { evalJaxpr } from "../core/evalJaxpr.js";
import { traceFlatToClosedJaxpr } from "../core/staging.js";
import { JaxprMemo, maskKey } from "../core/jaxprMemo.js";
import { PartialEvalTracer, partialEvalJaxpr } from "./partialEval.js";
import type { PartialEvalJaxprResult } from "./partialEval.js";
import type { PartialEvalRule } from "./partialEvalRules.js";
import { backwardPass } from "./transpose.js";
import { UndefinedPrimal } from "./types.js";
import type { TransposeRule } from "./types.js";
import { jvpJaxpr } from "./jvpJaxpr.js";
import { Zero, Tangent, JvpRule } from "./types.js";
import { instantiate, tangentAval } from "./zeros.js";
import { ValueError } from "../core/errors.js";

const pjitJvp: JvpRule<"pjit"> = (primals, tangents, params) => {
  const nonzero = tangents.map((t, i) => !(t instanceof Zero) && isInexact(primals[i]!.dtype));
  const { jaxpr, outNonzero } = jvpJaxpr(params.jaxpr as ClosedJaxpr<Array>, nonzero);
  const outs = bind("pjit", [...primals, ...(tangents.filter((_, i) => nonzero[i]) as Array[])], { jaxpr, name: `jvp(${params.name})` });
  const nOut = outNonzero.length;
  const primalsOut = outs.slice(0, nOut);
  let k = nOut;
  const tangentsOut: Tangent[] = primalsOut.map((p, i) => (outNonzero[i] ? outs[k++]! : new Zero(tangentAval(p.aval))));
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

/** JAX's pure_callback_jvp_rule: a host function has no derivative unless customJvp gives it one. */
const pureCallbackJvp = (): never => {
  throw new ValueError("Pure callbacks do not support JVP. Please use `jax.custom_jvp` to use callbacks while taking gradients.");
};

export const CALL_JVP_RULES: { [P in "pjit" | "custom_jvp_call" | "custom_vjp_call" | "checkpoint" | "debug_callback" | "pure_callback"]: JvpRule<P> } = {
  pure_callback: pureCallbackJvp,
  pjit: pjitJvp,
  custom_jvp_call: routedByBindEqn("custom_jvp_call"),
  custom_vjp_call: routedByBindEqn("custom_vjp_call"),
  checkpoint: routedByBindEqn("checkpoint"),
  debug_callback: debugCallbackJvp,
};
export type { Params, PrimitiveName };

// ---- reverse mode of pjit ----------------------------------------------------------------------

const splitJaxprs = new JaxprMemo<PartialEvalJaxprResult>();

/** Known part runs now as its own compiled pjit; the unknown part is recorded as a pjit on residuals. */
/** Partial evaluation of pjit (installed by src/rules.ts). */
export const pjitPartialEval: PartialEvalRule<"pjit"> = (trace, tracers, params) => {
  const closed = params.jaxpr as ClosedJaxpr<Array>;
  const unknowns = tracers.map((t) => !t.pval.isKnown);
  const split = splitJaxprs.get(closed, maskKey(unknowns), () => partialEvalJaxpr(closed, unknowns));
  const knownIns = tracers.filter((t) => t.pval.isKnown).map((t) => t.pval.value!);
  const knownOuts = bind("pjit", [...split.known.consts, ...knownIns], { jaxpr: split.known.jaxpr, name: params.name });
  const nKnownOuts = knownOuts.length - split.numResiduals;
  const residuals = knownOuts.slice(nKnownOuts).map((r) => fullRaise(trace, r) as PartialEvalTracer);
  const unknownIns = tracers.filter((t) => !t.pval.isKnown);
  const unknownOuts = trace.recordEqn("pjit", [...residuals, ...unknownIns], { jaxpr: split.unknown, name: params.name });
  let k = 0;
  let u = 0;
  return split.outUnknowns.map((isUnknown) => (isUnknown ? unknownOuts[u++]! : knownOuts[k++]!));
};

const transposeJaxprs = new JaxprMemo<ClosedJaxpr<Array>>();

/** The jaxpr of (non-linear inputs, nonzero output cotangents) -> cotangents of the linear inputs. */
function transposeJaxpr(closed: ClosedJaxpr<Array>, linear: readonly boolean[], ctNonzero: readonly boolean[]): ClosedJaxpr<Array> {
  return transposeJaxprs.get(closed, `${maskKey(linear)}|${maskKey(ctNonzero)}`, () => {
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
    return traceFlatToClosedJaxpr(fun, [...inAvals.filter((_, i) => !linear[i]), ...outAvals.filter((_, i) => ctNonzero[i]).map(tangentAval)]);
  });
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

// ---- reverse mode of checkpoint ----------------------------------------------------------------

const checkpointSplits = new JaxprMemo<PartialEvalJaxprResult>();

/**
 * JAX's remat_transpose (jax/_src/ad_checkpoint.py): a checkpoint equation of a linear jaxpr
 * still holds the whole body (forward values are recomputed from the saved inputs), so some of
 * its equations mix forward and linear values (the jvp of a scan carries primal and tangent in
 * one loop). Its body is first partially evaluated with the non-linear inputs known, which splits
 * such equations, and only the linear part is transposed. The recomputation and the transpose
 * run as one checkpointed function, so higher-order reverse mode rematerializes them too.
 */
export const transposeCheckpoint: TransposeRule<"checkpoint"> = (cts, inputs, params) => {
  const closed = params.jaxpr as ClosedJaxpr<Array>;
  const linear = inputs.map((x) => x instanceof UndefinedPrimal);
  const ctNonzero = cts.map((c) => !(c instanceof Zero));
  const split = checkpointSplits.get(closed, maskKey(linear), () => partialEvalJaxpr(closed, linear));
  const nonlinear = inputs.filter((_, i) => !linear[i]) as Array[];
  const outAvals = closed.outAvals;
  const transposed = (...xs: Array[]): Array[] => {
    const knownOuts = evalJaxpr(split.known.jaxpr.jaxpr, split.known.jaxpr.consts, [...split.known.consts, ...xs.slice(0, nonlinear.length)]);
    const residuals = knownOuts.slice(knownOuts.length - split.numResiduals);
    let c = nonlinear.length;
    const allCts: Tangent[] = outAvals.map((a, i) => (ctNonzero[i] ? xs[c++]! : new Zero(tangentAval(a))));
    // Known outputs do not depend on the linear inputs: their cotangents contribute nothing.
    const unknownCts = allCts.filter((_, i) => split.outUnknowns[i]);
    const unknown = split.unknown;
    const args = [...residuals, ...unknown.inAvals.slice(split.numResiduals).map((a) => new UndefinedPrimal(a))];
    return backwardPass(unknown.jaxpr, unknown.consts, args, unknownCts).map(instantiate);
  };
  const outs = bindCheckpoint(transposed, [...nonlinear, ...(cts.filter((_, i) => ctNonzero[i]) as Array[])], { policy: params.policy, preventCse: params.preventCse });
  let k = 0;
  return linear.map((l) => (l ? outs[k++]! : null));
};
