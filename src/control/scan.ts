// The scan primitive's transform rules, after JAX's (jax/_src/lax/control_flow/loops.py).
// Operands are [consts, carry, xs] and results [carry, ys]; the body jaxpr maps
// [consts, carry, x] to [carry, y].
//  - jvp: a scan of the jvp'd body; which carries have nonzero tangents is a fixpoint.
//  - vmap: a scan of the vmapped body (xs and ys batched at axis 1); batched carries: a fixpoint.
//  - partial eval: a known scan computes the primal values and stacks the residuals the unknown
//    (linear) scan consumes, each distinct value once; loop-invariant residuals are computed once
//    before the loop and passed unstacked, and residuals that are known xs or ys arrays are read
//    from those arrays.
//  - transpose: a scan in the opposite direction whose body is the transposed body, accumulating
//    the cotangents of the linear consts in its carry.
import type { Atom, Eqn, Params, ShapedArray } from "../../jaxpr/index.js";
import { ClosedJaxpr, Literal, Var, cse, dce, eqnHasEffects, jaxprHasEffects, makeJaxprValue } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { Zero, Tangent, JvpRule, TransposeRule, UndefinedPrimal } from "../ad/types.js";
import { instantiate, tangentAval, zerosLikeAval } from "../ad/zeros.js";
import { backwardPass } from "../ad/transpose.js";
import type { PartialEvalRule } from "../ad/partialEvalRules.js";
import { jvpOfJaxpr } from "../ad/jvpJaxpr.js";
import type { PartialEvalTracer } from "../ad/partialEval.js";
import type { BatchDim, BatchRule } from "../vmap/types.js";
import { moveBatchAxis } from "../vmap/batchAxis.js";
import { batchJaxprMasked } from "../vmap/batchJaxpr.js";
import {
  asLocal,
  callJaxpr,
  distinct,
  gatherInputs,
  keepTangents,
  knownValue,
  literalValue,
  merge,
  nonzeroTangent,
  orMasks,
  partialEvalJaxpr,
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

export const scanBatch: BatchRule<"scan"> = (args, dims, params, axisSize, axisName) => {
  const { jaxpr, length, reverse, numConsts: nC, numCarry: nK } = params;
  const [consts, init, xs] = split(args, [nC, nK]) as [Array[], Array[], Array[]];
  const [cDims, kDims, xDims] = split(dims, [nC, nK]) as [BatchDim[], BatchDim[], BatchDim[]];
  const constB = cDims.map((d) => d !== null);
  const xsB = xDims.map((d) => d !== null);
  let carryB = kDims.map((d) => d !== null);
  let batched = null as ReturnType<typeof batchJaxprMasked> | null;
  for (let iter = 0; iter <= nK; iter++) {
    const mask = carryB;
    batched = batchJaxprMasked(asLocal(jaxpr), [...constB, ...mask, ...xsB], axisSize, (i) => i < nK && mask[i]!, axisName);
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

/** Partial evaluation of scan (installed by src/rules.ts). */
export const scanPartialEval: PartialEvalRule<"scan"> = (trace, tracers, params) => {
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
  const { known, unknown, outUnknowns } = pe!;
  const [consts, init, xs] = split(tracers, [nC, nK]) as [PartialEvalTracer[], PartialEvalTracer[], PartialEvalTracer[]];
  const knownConsts = [...known.consts, ...pick(consts, constUk, false).map(knownValue)];
  const knownInit = pick(init, carryUk, false).map(knownValue);
  const knownXs = pick(xs, xsUk, false).map(knownValue);
  const nKnownOut = outUnknowns.filter((u) => !u).length;
  const nKnownCarry = carryUk.filter((u) => !u).length;

  // Equal computations merge first (sin's and cos's derivatives both ask for cos c, say), so a
  // value is one residual however many rules asked for it; then loop-invariant work moves out.
  const merged = asLocal(new ClosedJaxpr(cse({ jaxpr: known.jaxpr.jaxpr, consts: [] }).jaxpr, []));
  const { body: loopBody, bodyConsts, invariant } = hoistInvariants(merged, knownConsts, nKnownOut);

  // A per-iteration residual that is a known xs operand or a known ys output is read from that
  // array (JAX forwards such values too); the others are stacked, once per distinct value.
  const b = loopBody.jaxpr;
  const xsVars: Atom[] = b.invars.slice(bodyConsts.length + knownInit.length);
  const ysVars = b.outvars.slice(nKnownCarry, nKnownOut);
  const perIter = b.outvars.slice(nKnownOut);
  const stackedVars = distinct(perIter.filter((v) => !xsVars.includes(v) && !ysVars.includes(v))).values;
  const knownBody = asLocal(new ClosedJaxpr(dce(makeJaxprValue({ ...b, outvars: [...b.outvars.slice(0, nKnownOut), ...stackedVars] })), []));
  const idle = knownBody.outAvals.length === 0 && !jaxprHasEffects(knownBody.jaxpr);
  const [kCarry, kYs] = idle ? [[], []] : bindScan(bodyConsts, knownInit, knownXs, knownBody, length, reverse);
  const knownYs = kYs.slice(0, nKnownOut - nKnownCarry);
  const stackedRes = kYs.slice(nKnownOut - nKnownCarry);
  const perIterValues = perIter.map((v) =>
    xsVars.includes(v) ? knownXs[xsVars.indexOf(v)]! : ysVars.includes(v) ? knownYs[ysVars.indexOf(v)]! : stackedRes[stackedVars.indexOf(v)]!,
  );
  let e = 0;
  const resValues = invariant.map((v) => v ?? perIterValues[e++]!);
  const isInvariant = invariant.map((v) => v !== null);

  // The unknown scan: [invariant residuals, unknown consts] [unknown carry] [per-iteration
  // residuals, unknown xs], each residual array passed once.
  const inv = distinct(pick(resValues, isInvariant));
  const ext = distinct(pick(resValues, isInvariant, false));
  const nI = inv.values.length;
  const nUkCK = constUk.filter(Boolean).length + carryUk.filter(Boolean).length;
  const nUkX = xsUk.filter(Boolean).length;
  let a = 0;
  let c = 0;
  const from = [
    ...isInvariant.map((i) => (i ? inv.index[a++]! : nI + nUkCK + ext.index[c++]!)),
    ...globalThis.Array.from({ length: nUkCK + nUkX }, (_, k) => nI + k + (k < nUkCK ? 0 : ext.values.length)),
  ];
  const unknownBody = gatherInputs(unknown, from, nI + nUkCK + ext.values.length + nUkX);
  const ukConsts = [...inv.values, ...pick(consts, constUk)];
  const ukInit = pick(init, carryUk);
  const ukXs = [...ext.values, ...pick(xs, xsUk)];
  const outs = recordUnknown(trace, "scan", [...ukConsts, ...ukInit, ...ukXs], {
    jaxpr: unknownBody,
    length,
    reverse,
    numConsts: ukConsts.length,
    numCarry: ukInit.length,
  });
  const knownOuts = [...kCarry, ...knownYs];
  return merge(outUnknowns, outs, knownOuts);
};

/**
 * Loop-invariant code motion in the known body (inputs [consts, carry, xs]): equations that read
 * only consts, literals and each other (and have no effects) run once before the loop, as in
 * JAX, where partial evaluation with the consts known computes them; so a residual that is a
 * const, a broadcast of one or any function of consts is passed once instead of stacked. Returns
 * the loop body ([bodyConsts, carry, xs] -> [known outputs, per-iteration residuals]) and each
 * residual's value where it is invariant.
 */
function hoistInvariants(closed: ClosedJaxpr<Array>, consts: readonly Array[], nOut: number): { body: ClosedJaxpr<Array>; bodyConsts: Array[]; invariant: (Array | null)[] } {
  const j = closed.jaxpr;
  const constVars = j.invars.slice(0, consts.length);
  const inv = new Set<Atom>(constVars);
  const isInv = (x: Atom): boolean => x instanceof Literal || inv.has(x);
  const hoisted: Eqn[] = [];
  const loop: Eqn[] = [];
  for (const eqn of j.eqns) {
    if (!eqnHasEffects(eqn) && eqn.invars.every(isInv)) {
      hoisted.push(eqn);
      eqn.outvars.forEach((v) => inv.add(v));
    } else loop.push(eqn);
  }
  const res = j.outvars.slice(nOut);
  const resInv = res.map(isInv);
  const loopOuts = j.outvars.filter((_, i) => i < nOut || !resInv[i - nOut]);
  const isInvVar = (x: Atom): x is Var => x instanceof Var && inv.has(x);
  const read = distinct([...loop.flatMap((q) => q.invars), ...loopOuts].filter(isInvVar)).values;
  const outs = distinct([...read, ...pick(res, resInv).filter(isInvVar)]).values;
  const values = callJaxpr(asLocal(new ClosedJaxpr(dce(makeJaxprValue({ constvars: [], invars: constVars, eqns: hoisted, outvars: outs })), [])), consts);
  const valueOf = (x: Atom): Array => (x instanceof Literal ? literalValue(x) : values[outs.indexOf(x)]!);
  return {
    body: asLocal(new ClosedJaxpr(makeJaxprValue({ constvars: [], invars: [...read, ...j.invars.slice(consts.length)], eqns: loop, outvars: loopOuts }), [])),
    bodyConsts: read.map(valueOf),
    invariant: res.map((x, r) => (resInv[r] ? valueOf(x) : null)),
  };
}

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
  const yAvals = body.outAvals.slice(nK).map(tangentAval);
  const linCAvals = pick(cAvals, constLin).map(tangentAval);
  const linXAvals = pick(xAvals, xsLin).map((a) => stackedAval(tangentAval(a), length));
  const ctCarry = cts.slice(0, nK).map((c, i) => (c instanceof Zero ? new Zero(tangentAval(kAvals[i]!)) : c));
  const ctYs = cts.slice(nK);
  const nonzero = (t: Tangent): boolean => !(t instanceof Zero);
  const count = (m: boolean[]): number => m.filter(Boolean).length;
  const ysNz = ctYs.map(nonzero);

  // Transposed body: [res consts] [const ct accumulators, carry cts] [res xs, y cts] ->
  // [const ct accumulators, carry cts] [x cts], holding only the cotangents that can be nonzero.
  // A symbolic zero stays one (JAX gets the same by dropping dead carries, consts and xs in
  // _scan_dce_rule before _scan_transpose): multiplying a materialised zero by a coefficient
  // that is NaN or infinite (pow's d/dy at a negative base) would give NaN. A carry's cotangent
  // is nonzero if its final value's is or the body carries a nonzero one into it (a fixpoint,
  // as in scan's JVP); a const's or an xs's if the body gives it one, which depends only on the
  // carries'. The const and xs masks start full, so the usual case traces once.
  let carryNz = ctCarry.map(nonzero);
  let constNz = linCAvals.map(() => true);
  let xsNz = linXAvals.map(() => true);
  let staged = null as ReturnType<typeof stage> | null;
  let converged = false;
  for (let iter = 0; iter <= nK + 1; iter++) {
    const [kMask, cMask, xMask] = [carryNz, constNz, xsNz];
    let seen: boolean[] = [];
    const avals = [...resConsts.map((c) => c.aval), ...pick(linCAvals, cMask), ...pick(kAvals, kMask).map(tangentAval), ...pick(xAvals, xsLin, false), ...pick(yAvals, ysNz)];
    staged = stage((...ins) => {
      const [rc, acc, ck, rx, cy] = split(ins, [resConsts.length, count(cMask), count(kMask), resXs.length]) as Array[][];
      let i = 0;
      let j = 0;
      const args = [
        ...cAvals.map((a, k) => (constLin[k] ? new UndefinedPrimal(a) : rc![i++]!)),
        ...kAvals.map((a) => new UndefinedPrimal(a)),
        ...xAvals.map((a, k) => (xsLin[k] ? new UndefinedPrimal(a) : rx![j++]!)),
      ];
      const ctsIn = backwardPass(body.jaxpr, body.consts, args, [...tangentsFromMask(kAvals, kMask, ck!), ...tangentsFromMask(yAvals, ysNz, cy!)]);
      seen = ctsIn.map(nonzero);
      const [ctC, ctK, ctX] = split(ctsIn, [linCAvals.length, nK]) as Tangent[][];
      const accumulated = pick(ctC!, cMask).map((c, k) => (c instanceof Zero ? acc![k]! : lax.add(acc![k]!, c)));
      return [...accumulated, ...keepTangents(ctK!, kMask), ...keepTangents(ctX!, xMask)];
    }, avals);
    const [seenC, seenK, seenX] = split(seen, [linCAvals.length, nK]) as boolean[][];
    const same = (a: boolean[], b: boolean[]): boolean => a.every((x, k) => x === b[k]);
    converged = subsumes(kMask, seenK!) && same(cMask, seenC!) && same(xMask, seenX!);
    if (converged) break;
    carryNz = orMasks(kMask, seenK!);
    constNz = seenC!;
    xsNz = seenX!;
  }
  if (!converged) throw new Error("scan transpose: the nonzero-cotangent fixpoint was not reached");
  const nAcc = count(constNz);
  const outs = nAcc + count(carryNz) + count(xsNz);
  const [carry, ys] =
    outs === 0 && !jaxprHasEffects(staged!.jaxpr.jaxpr)
      ? [[], []]
      : bindScan([...staged!.consts, ...resConsts], [...pick(linCAvals, constNz).map(zerosLikeAval), ...keepTangents(ctCarry, carryNz)], [...resXs, ...(pick(ctYs, ysNz) as Array[])], staged!.jaxpr, length, !reverse);
  const ctConsts = tangentsFromMask(linCAvals, constNz, carry.slice(0, nAcc));
  const ctInit = tangentsFromMask(kAvals, carryNz, carry.slice(nAcc));
  const ctXs = tangentsFromMask(linXAvals, xsNz, ys);
  return [
    ...merge(constLin, ctConsts as (Tangent | null)[], consts.map(() => null)),
    ...init.map((x, i) => (isLin(x) ? ctInit[i]! : null)),
    ...merge(xsLin, ctXs as (Tangent | null)[], xs.map(() => null)),
  ];
};
