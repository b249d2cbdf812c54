// The cond primitive's transform rules, after JAX's (jax/_src/lax/control_flow/conditionals.py).
// Operands are [index, ...ops]; every branch maps ops to outputs of the same types.
//  - jvp: a cond of the jvp'd branches; an output tangent is nonzero if it is in any branch.
//  - vmap: a batched index evaluates every branch and selects (select_n); otherwise a cond of
//    the vmapped branches, an output batched if it is in any branch.
//  - partial eval: a known cond computes the known outputs and every branch's residuals (each
//    branch fills the others' with zeros); an unknown cond picks its branch's residuals.
//  - transpose: a cond of the transposed branches.
import type { ShapedArray } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import { scalarArray } from "../core/eval.js";
import * as lax from "../lax/ops.js";
import { Zero, JvpRule, TransposeRule, UndefinedPrimal } from "../ad/types.js";
import { tangentAval, zerosLikeAval } from "../ad/zeros.js";
import { backwardPass } from "../ad/transpose.js";
import type { PartialEvalRule } from "../ad/partialEvalRules.js";
import { jvpJaxpr, jvpOfJaxpr } from "../ad/jvpJaxpr.js";
import type { PartialEvalTracer } from "../ad/partialEval.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import type { BatchRule } from "../vmap/types.js";
import { moveBatchAxis } from "../vmap/batchAxis.js";
import { batchJaxprMasked } from "../vmap/batchJaxpr.js";
import { vmapFlat } from "../vmap/batchTrace.js";
import {
  asLocal,
  callJaxpr,
  joinConsts,
  keepTangents,
  knownValue,
  merge,
  nonzeroTangent,
  orMasks,
  partialEvalJaxpr,
  pick,
  recordUnknown,
  stage,
  stageBranches,
  tangentsFromMask,
} from "./common.js";

/** Binds cond: `index` (int32 scalar) picks the branch applied to `ops`. */
export function bindCond(index: Array, consts: readonly Array[], ops: readonly Array[], branches: readonly import("../../jaxpr/index.js").ClosedJaxpr[]): Array[] {
  return bind("cond", [index, ...consts, ...ops], { branches });
}

// ---- jvp ----

export const condJvp: JvpRule<"cond"> = (primals, tangents, params) => {
  const branches = params.branches.map(asLocal);
  const [index, ...ops] = primals;
  const opsT = tangents.slice(1);
  const nz = ops.map((p, i) => nonzeroTangent(p, opsT[i]!));
  const inAvals = branches[0]!.inAvals;
  const tIn = (ts: Array[]) => tangentsFromMask(inAvals, nz, ts);
  // Output tangents nonzero in any branch are instantiated in all.
  let outNz = branches[0]!.outAvals.map(() => false);
  for (const b of branches) outNz = orMasks(outNz, jvpJaxpr(b, nz).outNonzero);
  const { jaxprs, consts } = stageBranches(
    branches.map((b) => (...xs: Array[]) => {
      const [po, to] = jvpOfJaxpr(b, xs.slice(0, ops.length), tIn(xs.slice(ops.length)));
      return [...po, ...keepTangents(to, outNz)];
    }),
    [...inAvals, ...pick(inAvals, nz).map(tangentAval)],
  );
  const outs = bindCond(index!, consts, [...ops, ...keepTangents(opsT, nz)], jaxprs);
  const nOut = outNz.length;
  const po = outs.slice(0, nOut);
  return [po, tangentsFromMask(po.map((p) => p.aval), outNz, outs.slice(nOut))];
};

// ---- vmap ----

export const condBatch: BatchRule<"cond"> = (args, dims, params, axisSize, axisName) => {
  const branches = params.branches.map(asLocal);
  const [index, ...ops] = args;
  const [indexDim, ...opDims] = dims;
  if (indexDim !== null && indexDim !== undefined) {
    // A batched index: every branch runs on the whole batch, and each example selects its own.
    const outsPerBranch = branches.map((b) => vmapFlat(jaxprAsFun(b), ops, opDims, axisSize, undefined, axisName));
    const last = branches.length - 1;
    const idx = lax.clamp(scalarArray(0, "int32", false), moveBatchAxis(index!, indexDim, 0, axisSize), scalarArray(last, "int32", false));
    const outs = outsPerBranch[0]!.map((o, k) => {
      const which = lax.broadcastInDim(idx, o.shape, [0]);
      const cases = outsPerBranch.map((os) => os[k]!);
      return cases.length === 1 ? cases[0]! : lax.selectN(which, ...cases);
    });
    return [outs, outs.map(() => 0)];
  }
  const opsB = opDims.map((d) => d !== null);
  const moved = ops.map((x, i) => (opsB[i] ? moveBatchAxis(x, opDims[i]!, 0, axisSize) : x));
  let outB = branches[0]!.outAvals.map(() => false);
  for (const b of branches) outB = orMasks(outB, batchJaxprMasked(b, opsB, axisSize, () => false, axisName).outBatched);
  const { jaxprs, consts } = joinConsts(branches.map((b) => batchJaxprMasked(b, opsB, axisSize, (i) => outB[i]!, axisName)));
  const outs = bindCond(index!, consts, moved, jaxprs);
  return [outs, outB.map((b) => (b ? 0 : null))];
};

// ---- partial evaluation ----

/** Partial evaluation of cond (installed by src/rules.ts). */
export const condPartialEval: PartialEvalRule<"cond"> = (trace, tracers, params) => {
  const branches = params.branches.map(asLocal);
  const [index, ...ops] = tracers;
  if (!index!.pval.isKnown) return recordUnknown(trace, "cond", tracers, params);
  const opsUk = ops.map((t) => !t.pval.isKnown);
  const nOut = branches[0]!.outAvals.length;
  let outUk = new globalThis.Array<boolean>(nOut).fill(false);
  for (const b of branches) outUk = orMasks(outUk, partialEvalJaxpr(b, opsUk, outUk).outUnknowns);
  const pes = branches.map((b) => partialEvalJaxpr(b, opsUk, outUk));
  const nKnownOut = outUk.filter((u) => !u).length;
  // Every branch's residuals, in branch order; a branch outputs zeros for the others'.
  const resAvals: ShapedArray[][] = pes.map((pe) => pe.known.jaxpr.outAvals.slice(nKnownOut));
  const allResAvals = resAvals.flat();
  const knownOps = pick(ops, opsUk, false).map(knownValue);
  const knownAvals = knownOps.map((x) => x.aval);
  const knownBranches = pes.map((pe, b) => {
    const s = stage((...xs) => {
      const outs = callJaxpr(pe.known.jaxpr, [...pe.known.consts, ...xs]);
      const res = outs.slice(nKnownOut);
      const filled = resAvals.flatMap((avals, c) => (c === b ? res : avals.map((a) => zerosLikeAval(a.strengthened()))));
      return [...outs.slice(0, nKnownOut), ...filled];
    }, knownAvals);
    return s;
  });
  const joined = joinConsts(knownBranches);
  const knownOuts = bindCond(knownValue(index!), joined.consts, knownOps, joined.jaxprs);
  const residuals = knownOuts.slice(nKnownOut);
  // Unknown branches take every residual and the unknown operands.
  let offset = 0;
  const unknownAvals = [...allResAvals, ...pick(ops, opsUk).map((t) => t.aval)];
  const unknownBranches = pes.map((pe, b) => {
    const start = offset;
    offset += resAvals[b]!.length;
    return stage((...xs) => callJaxpr(pe.unknown, [...xs.slice(start, start + pe.numResiduals), ...xs.slice(allResAvals.length)]), unknownAvals);
  });
  const uj = joinConsts(unknownBranches);
  const outs = recordUnknown(trace, "cond", [index!, ...uj.consts, ...residuals, ...pick(ops, opsUk)] as (PartialEvalTracer | Array)[], { branches: uj.jaxprs });
  return merge(outUk, outs, knownOuts.slice(0, nKnownOut));
};

// ---- transpose ----

export const condTranspose: TransposeRule<"cond"> = (cts, inputs, params) => {
  const branches = params.branches.map(asLocal);
  const [index, ...ops] = inputs;
  if (index instanceof UndefinedPrimal) throw new TypeError("cond: the branch index cannot be a linear input of a transposed cond.");
  const lin = ops.map((x) => x instanceof UndefinedPrimal);
  const res = ops.filter((x): x is Array => !(x instanceof UndefinedPrimal));
  const inAvals = branches[0]!.inAvals;
  const outAvals = branches[0]!.outAvals.map(tangentAval);
  const linAvals = pick(inAvals, lin).map(tangentAval);
  // Symbolic zeros stay symbolic, as after JAX's _cond_dce_rule and in _cond_transpose: an
  // output cotangent that is zero is not materialised in the branches, and an operand's
  // cotangent is returned only if some branch makes it nonzero (else a materialised zero times
  // a NaN coefficient, pow's d/dy at a negative base, would give NaN); a cotangent nonzero in
  // one branch is materialised in the others. The branches are traced again only when some
  // operand's cotangent turned out zero in all of them.
  const ctNz = cts.map((c) => !(c instanceof Zero));
  const transposed = (keep: boolean[]) => {
    let nz = linAvals.map(() => false);
    const staged = stageBranches(
      branches.map((b) => (...xs: Array[]) => {
        let k = 0;
        const args = inAvals.map((a, i) => (lin[i] ? new UndefinedPrimal(a) : xs[k++]!));
        const ctsIn = backwardPass(b.jaxpr, b.consts, args, tangentsFromMask(outAvals, ctNz, xs.slice(res.length)));
        nz = orMasks(nz, ctsIn.map((c) => !(c instanceof Zero)));
        return keepTangents(ctsIn, keep);
      }),
      [...res.map((r) => r.aval), ...pick(outAvals, ctNz)],
    );
    return { ...staged, nz };
  };
  let t = transposed(linAvals.map(() => true));
  if (t.nz.some((n) => !n)) t = transposed(t.nz);
  const outs = bindCond(index!, t.consts, [...res, ...(pick(cts, ctNz) as Array[])], t.jaxprs);
  return [null, ...merge(lin, tangentsFromMask(linAvals, t.nz, outs), ops.map(() => null))];
};
