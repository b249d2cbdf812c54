// The scan primitive's transform rules, after JAX's (jax/_src/lax/control_flow/loops.py).
// Operands are [consts, carry, xs] and results [carry, ys]; the body jaxpr maps
// [consts, carry, x] to [carry, y].
//  - jvp: a scan of the jvp'd body; which carries have nonzero tangents is a fixpoint.
//  - vmap: a scan of the vmapped body (xs and ys batched at axis 1); batched carries: a fixpoint.
//  - partial eval: a known scan computes the primal values and stacks the residuals the unknown
//    (linear) scan consumes; residuals that are loop invariant are passed once, unstacked.
//  - transpose: a scan in the opposite direction whose body is the transposed body, accumulating
//    the cotangents of the linear consts in its carry.
import type { Params, ShapedArray } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import * as lax from "../lax/index.js";
import { Zero, Tangent, JvpRule, TransposeRule, UndefinedPrimal } from "../ad/types.js";
import { instantiate, tangentAval, zerosLikeAval } from "../ad/zeros.js";
import { backwardPass } from "../ad/transpose.js";
import { registerPartialEvalRule } from "../ad/partialEvalRules.js";
import type { PartialEvalTracer } from "../ad/partialEval.js";
import type { BatchDim, BatchRule } from "../vmap/types.js";
import { moveBatchAxis } from "../vmap/batchRules.js";
import {
  asLocal,
  batchJaxprMasked,
  forwardedInput,
  jvpOfJaxpr,
  keepOutputs,
  keepTangents,
  knownValue,
  literalValue,
  merge,
  nonzeroTangent,
  orMasks,
  partialEvalJaxpr,
  permuteInputs,
  pick,
  recordUnknown,
  split,
  stage,
  subsumes,
  tangentsFromMask,
} from "./common.js";

type ScanParams = Params<"scan">;


/** An aval of one iteration's slice of a stacked value. */
export const sliceAval = (a: ShapedArray): ShapedArray => a.update({ shape: a.shape.slice(1) });
const stackedAval = (a: ShapedArray, length: number): ShapedArray => a.update({ shape: [length, ...a.shape] });

/** Binds scan with the given operand groups; returns [carry, ys]. */
export function bindScan(consts: readonly Array[], init: readonly Array[], xs: readonly Array[], jaxpr: ScanParams["jaxpr"], length: number, reverse: boolean): [Array[], Array[]] {
  const outs = bind("scan", [...consts, ...init, ...xs], { jaxpr, length, reverse, numConsts: consts.length, numCarry: init.length });
  return [outs.slice(0, init.length), outs.slice(init.length)];
}

// ---- jvp ----

export const scanJvp: JvpRule<"scan"> = (primals, tangents, params) => {
  const { jaxpr, length, reverse, numConsts: nC, numCarry: nK } = params;
  const nz = primals.map((p, i) => nonzeroTangent(p, tangents[i]!));
  const [constNz, initNz, xsNz] = split(nz, [nC, nK]) as [boolean[], boolean[], boolean[]];
  const [consts, init, xs] = split(primals, [nC, nK]) as [Array[], Array[], Array[]];
  const [constT, initT, xsT] = split(tangents, [nC, nK]) as [Tangent[], Tangent[], Tangent[]];
  const inAvals = jaxpr.inAvals;
  const [cAvals, kAvals, xAvals] = split(inAvals, [nC, nK]) as [ShapedArray[], ShapedArray[], ShapedArray[]];
  const count = (m: boolean[]): number => m.filter(Boolean).length;

  let carryNz = initNz;
  let outNz: boolean[] = [];
  let staged = null as ReturnType<typeof stage> | null;
  for (let iter = 0; iter <= nK; iter++) {
    const mask = carryNz;
    // Body inputs: consts, nonzero const tangents, carry, nonzero carry tangents, x, nonzero x tangents.
    const avals = [...cAvals, ...pick(cAvals, constNz).map(tangentAval), ...kAvals, ...pick(kAvals, mask).map(tangentAval), ...xAvals, ...pick(xAvals, xsNz).map(tangentAval)];
    staged = stage((...ins) => {
      const [c, ct, k, kt, x, xt] = split(ins, [nC, count(constNz), nK, count(mask), xAvals.length]) as Array[][];
      const [po, to] = jvpOfJaxpr(asLocal(jaxpr), [...c!, ...k!, ...x!], [
        ...tangentsFromMask(cAvals, constNz, ct!),
        ...tangentsFromMask(kAvals, mask, kt!),
        ...tangentsFromMask(xAvals, xsNz, xt!),
      ]);
      outNz = to.map((t) => !(t instanceof Zero));
      const ysNz = outNz.slice(nK);
      return [...po.slice(0, nK), ...keepTangents(to.slice(0, nK), mask), ...po.slice(nK), ...keepTangents(to.slice(nK), ysNz)];
    }, avals);
    const carryOutNz = outNz.slice(0, nK);
    if (subsumes(mask, carryOutNz)) break;
    carryNz = orMasks(mask, carryOutNz);
  }
  const ysNz = outNz.slice(nK);
  const nzInit = init.map((x, i) => (carryNz[i] ? instantiate(initT[i]!) : null)).filter((x): x is Array => x !== null);
  const newConsts = [...staged!.consts, ...consts, ...keepTangents(constT, constNz)];
  const newXs = [...xs, ...keepTangents(xsT, xsNz)];
  const [carryOut, ysOut] = bindScan(newConsts, [...init, ...nzInit], newXs, staged!.jaxpr, length, reverse);
  const carryP = carryOut.slice(0, nK);
  const carryT = tangentsFromMask(carryP.map((p) => p.aval), carryNz, carryOut.slice(nK));
  const nY = ysOut.length - count(ysNz);
  const ysP = ysOut.slice(0, nY);
  const ysT = tangentsFromMask(ysP.map((p) => p.aval), ysNz, ysOut.slice(nY));
  return [
    [...carryP, ...ysP],
    [...carryT, ...ysT],
  ];
};

// ---- vmap ----

export const scanBatch: BatchRule<"scan"> = (args, dims, params, axisSize) => {
  const { jaxpr, length, reverse, numConsts: nC, numCarry: nK } = params;
  const [consts, init, xs] = split(args, [nC, nK]) as [Array[], Array[], Array[]];
  const [cDims, kDims, xDims] = split(dims, [nC, nK]) as [BatchDim[], BatchDim[], BatchDim[]];
  const constB = cDims.map((d) => d !== null);
  const xsB = xDims.map((d) => d !== null);
  let carryB = kDims.map((d) => d !== null);
  let batched = null as ReturnType<typeof batchJaxprMasked> | null;
  for (let iter = 0; iter <= nK; iter++) {
    const mask = carryB;
    batched = batchJaxprMasked(asLocal(jaxpr), [...constB, ...mask, ...xsB], axisSize, (i) => i < nK && mask[i]!);
    const carryOutB = batched.outBatched.slice(0, nK);
    if (subsumes(mask, carryOutB)) break;
    carryB = orMasks(mask, carryOutB);
  }
  const newConsts = consts.map((c, i) => (cDims[i] === null ? c : moveBatchAxis(c, cDims[i]!, 0, axisSize)));
  const newInit = init.map((c, i) => (carryB[i] ? moveBatchAxis(c, kDims[i] ?? null, 0, axisSize) : c));
  // Stacked xs keep the scanned axis first, the batch second.
  const newXs = xs.map((x, i) => (xDims[i] === null ? x : moveBatchAxis(x, xDims[i]!, 1, axisSize)));
  const [carry, ys] = bindScan([...batched!.consts, ...newConsts], newInit, newXs, batched!.jaxpr, length, reverse);
  const yB = batched!.outBatched.slice(nK);
  return [
    [...carry, ...ys],
    [...carryB.map((b) => (b ? 0 : null)), ...yB.map((b) => (b ? 1 : null))],
  ];
};

// ---- partial evaluation ----

registerPartialEvalRule("scan", (trace, tracers, params) => {
  const { jaxpr, length, reverse, numConsts: nC, numCarry: nK } = params;
  const body = asLocal(jaxpr);
  const unknowns = tracers.map((t) => !t.pval.isKnown);
  const [constUk, initUk, xsUk] = split(unknowns, [nC, nK]) as [boolean[], boolean[], boolean[]];
  const nY = body.outAvals.length - nK;

  // Which carries are unknown: unknown initially, or made so by the body (a fixpoint).
  let carryUk = initUk;
  let pe = null as ReturnType<typeof partialEvalJaxpr> | null;
  for (let iter = 0; iter <= nK; iter++) {
    const mask = carryUk;
    pe = partialEvalJaxpr(body, [...constUk, ...mask, ...xsUk], [...mask, ...new globalThis.Array<boolean>(nY).fill(false)]);
    const carryOutUk = pe.outUnknowns.slice(0, nK);
    if (subsumes(mask, carryOutUk)) break;
    carryUk = orMasks(mask, carryOutUk);
  }
  const { known, unknown, outUnknowns, numResiduals } = pe!;
  const inUk = [...constUk, ...carryUk, ...xsUk];
  const [consts, init, xs] = split(tracers, [nC, nK]) as [PartialEvalTracer[], PartialEvalTracer[], PartialEvalTracer[]];
  const knownConsts = [...known.consts, ...pick(consts, constUk, false).map(knownValue)];
  const knownInit = pick(init, carryUk, false).map(knownValue);
  const knownXs = pick(xs, xsUk, false).map(knownValue);
  const nKnownOut = outUnknowns.filter((u) => !u).length;
  const nKnownCarry = carryUk.filter((u) => !u).length;

  // A residual that is a literal or a loop-invariant input of the known body is passed to the
  // unknown scan once instead of being stacked per iteration.
  const knownInputValues = [...knownConsts, ...knownInit, ...knownXs];
  const invariant: (Array | null)[] = [];
  for (let r = 0; r < numResiduals; r++) {
    const f = forwardedInput(known.jaxpr, nKnownOut + r);
    if (f === null) invariant.push(null);
    else if ("literal" in f) invariant.push(literalValue(f.literal));
    else invariant.push(f.input < knownConsts.length ? knownInputValues[f.input]! : null);
  }
  const stacked = invariant.map((v) => v === null);
  const knownBody = keepOutputs(known.jaxpr, (i) => i < nKnownOut || stacked[i - nKnownOut]!);
  const [kCarry, kYs] = bindScan(knownConsts, knownInit, knownXs, knownBody, length, reverse);
  const knownYs = kYs.slice(0, nKnownOut - nKnownCarry);
  const stackedRes = kYs.slice(nKnownOut - nKnownCarry);

  // The unknown scan: [invariant residuals, unknown consts] [unknown carry] [stacked residuals, unknown xs].
  const resIdx = invariant.map((_, r) => r);
  const nUkC = constUk.filter(Boolean).length;
  const nUkK = carryUk.filter(Boolean).length;
  const invIdx = resIdx.filter((r) => !stacked[r]);
  const stkIdx = resIdx.filter((r) => stacked[r]);
  const ukIn = (k: number): number => numResiduals + k;
  const order = [...invIdx, ...globalThis.Array.from({ length: nUkC + nUkK }, (_, k) => ukIn(k)), ...stkIdx, ...globalThis.Array.from({ length: inUk.filter(Boolean).length - nUkC - nUkK }, (_, k) => ukIn(nUkC + nUkK + k))];
  const unknownBody = permuteInputs(unknown, order);
  const ukConsts = [...invIdx.map((r) => invariant[r]!), ...pick(consts, constUk)];
  const ukInit = init.map((t, i) => (carryUk[i] ? t : null)).filter((t): t is PartialEvalTracer => t !== null);
  const ukXs = [...stackedRes, ...pick(xs, xsUk)];
  const outs = recordUnknown(trace, "scan", [...ukConsts, ...ukInit, ...ukXs], {
    jaxpr: unknownBody,
    length,
    reverse,
    numConsts: ukConsts.length,
    numCarry: ukInit.length,
  });
  const knownOuts = [...kCarry, ...knownYs];
  return merge(outUnknowns, outs, knownOuts);
});

// ---- transpose ----

export const scanTranspose: TransposeRule<"scan"> = (cts, inputs, params) => {
  const { jaxpr, length, reverse, numConsts: nC, numCarry: nK } = params;
  const body = asLocal(jaxpr);
  const isLin = (x: Array | UndefinedPrimal): x is UndefinedPrimal => x instanceof UndefinedPrimal;
  const [consts, init, xs] = split(inputs, [nC, nK]) as [(Array | UndefinedPrimal)[], (Array | UndefinedPrimal)[], (Array | UndefinedPrimal)[]];
  const constLin = consts.map(isLin);
  const xsLin = xs.map(isLin);
  const resConsts = consts.filter((c): c is Array => !isLin(c));
  const resXs = xs.filter((x): x is Array => !isLin(x));
  const [cAvals, kAvals, xAvals] = split(body.inAvals, [nC, nK]) as [ShapedArray[], ShapedArray[], ShapedArray[]];
  const yAvals = body.outAvals.slice(nK);
  const linCAvals = pick(cAvals, constLin).map(tangentAval);
  const ctCarry = cts.slice(0, nK).map((c, i) => instantiate(c instanceof Zero ? new Zero(tangentAval(kAvals[i]!)) : c));
  const ctYs = cts.slice(nK).map((c, j) => (c instanceof Zero ? zerosLikeAval(stackedAval(tangentAval(yAvals[j]!), length)) : c));

  // Transposed body: [res consts] [const ct accumulators, carry cts] [res xs, y cts] ->
  // [const ct accumulators, carry cts] [x cts].
  const avals = [...resConsts.map((c) => c.aval), ...linCAvals, ...kAvals.map(tangentAval), ...pick(xAvals, xsLin, false), ...yAvals.map(tangentAval)];
  const nLinC = linCAvals.length;
  const staged = stage((...ins) => {
    const [rc, acc, ck, rx, cy] = split(ins, [resConsts.length, nLinC, nK, resXs.length]) as Array[][];
    let i = 0;
    let j = 0;
    const args = [
      ...cAvals.map((a, k) => (constLin[k] ? new UndefinedPrimal(a) : rc![i++]!)),
      ...kAvals.map((a) => new UndefinedPrimal(a)),
      ...xAvals.map((a, k) => (xsLin[k] ? new UndefinedPrimal(a) : rx![j++]!)),
    ];
    const ctsIn = backwardPass(body.jaxpr, body.consts, args, [...ck!, ...cy!]).map(instantiate);
    const [ctC, ctK, ctX] = split(ctsIn, [nLinC, nK]) as Array[][];
    return [...ctC!.map((c, k) => lax.add(acc![k]!, c)), ...ctK!, ...ctX!];
  }, avals);
  const accInit = linCAvals.map(zerosLikeAval);
  const [carry, ys] = bindScan([...staged.consts, ...resConsts], [...accInit, ...ctCarry], [...resXs, ...ctYs], staged.jaxpr, length, !reverse);
  const ctConsts = carry.slice(0, nLinC);
  const ctInit = carry.slice(nLinC);
  return [
    ...merge(constLin, ctConsts as (Tangent | null)[], consts.map(() => null)),
    ...init.map((x, i) => (isLin(x) ? ctInit[i]! : null)),
    ...merge(xsLin, ys as (Tangent | null)[], xs.map(() => null)),
  ];
};
