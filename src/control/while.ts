// The while primitive's transform rules, after JAX's (jax/_src/lax/control_flow/loops.py).
// Operands are [cond consts, body consts, carry].
//  - jvp: a while of the jvp'd body (nonzero carry tangents: a fixpoint); cond ignores tangents.
//  - vmap: batched carries are a fixpoint; a batched predicate runs while any example's holds
//    and only advances the examples whose predicate holds.
//  - partial eval: a known while computes the known carries; the unknown carries come from the
//    whole loop recorded as unknown (as JAX does). Its transpose is JAX's error: reverse mode
//    needs the iteration count ahead of time, which is what scan (or a static foriLoop) gives.
import type { Params } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { Zero, JvpRule, TransposeRule } from "../ad/types.js";
import { tangentAval } from "../ad/zeros.js";
import type { PartialEvalRule } from "../ad/partialEvalRules.js";
import { jvpOfJaxpr } from "../ad/jvpJaxpr.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import type { BatchRule } from "../vmap/types.js";
import { batchedAval, moveBatchAxis } from "../vmap/batchAxis.js";
import { batchJaxprMasked } from "../vmap/batchJaxpr.js";
import { vmapFlat } from "../vmap/batchTrace.js";
import {
  asLocal,
  callJaxpr,
  keepOutputs,
  keepTangents,
  knownValue,
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

type WhileParams = Params<"while">;

export function bindWhile(condConsts: readonly Array[], bodyConsts: readonly Array[], init: readonly Array[], condJaxpr: WhileParams["condJaxpr"], bodyJaxpr: WhileParams["bodyJaxpr"]): Array[] {
  return bind("while", [...condConsts, ...bodyConsts, ...init], { condJaxpr, bodyJaxpr, condNconsts: condConsts.length, bodyNconsts: bodyConsts.length });
}

export const WHILE_REVERSE_MODE_ERROR =
  "Reverse-mode differentiation does not work for lax.while_loop or lax.fori_loop with dynamic start/stop values. " +
  "Try using lax.scan, or using fori_loop with static start/stop.";

// ---- jvp ----

export const whileJvp: JvpRule<"while"> = (primals, tangents, params) => {
  const condJaxpr = asLocal(params.condJaxpr);
  const body = asLocal(params.bodyJaxpr);
  const { condNconsts: nCC, bodyNconsts: nBC } = params;
  const nz = primals.map((p, i) => nonzeroTangent(p, tangents[i]!));
  const [, bconstNz, initNz] = split(nz, [nCC, nBC]) as boolean[][];
  const [cconsts, bconsts, init] = split(primals, [nCC, nBC]) as Array[][];
  const [, bconstT, initT] = split(tangents, [nCC, nBC]);
  const [bcAvals, kAvals] = split(body.inAvals, [nBC]);
  const count = (m: boolean[]): number => m.filter(Boolean).length;
  let carryNz = initNz!;
  let staged = null as ReturnType<typeof stage> | null;
  for (let iter = 0; iter <= kAvals!.length; iter++) {
    const mask = carryNz;
    let outNz: boolean[] = [];
    staged = stage((...ins) => {
      const [bc, bct, k, kt] = split(ins, [nBC, count(bconstNz!), kAvals!.length]) as Array[][];
      const [po, to] = jvpOfJaxpr(body, [...bc!, ...k!], [...tangentsFromMask(bcAvals!, bconstNz!, bct!), ...tangentsFromMask(kAvals!, mask, kt!)]);
      outNz = to.map((t) => !(t instanceof Zero));
      return [...po, ...keepTangents(to, mask)];
    }, [...bcAvals!, ...pick(bcAvals!, bconstNz!).map(tangentAval), ...kAvals!, ...pick(kAvals!, mask).map(tangentAval)]);
    if (subsumes(mask, outNz)) break;
    carryNz = orMasks(mask, outNz);
  }
  const nK = init!.length;
  const condStaged = stage((...ins) => callJaxpr(condJaxpr, ins.slice(0, nCC + nK)), [...condJaxpr.inAvals, ...pick(kAvals!, carryNz).map(tangentAval)]);
  const outs = bindWhile(
    [...condStaged.consts, ...cconsts!],
    [...staged!.consts, ...bconsts!, ...keepTangents(bconstT!, bconstNz!)],
    [...init!, ...keepTangents(initT!, carryNz)],
    condStaged.jaxpr,
    staged!.jaxpr,
  );
  const po = outs.slice(0, nK);
  return [po, tangentsFromMask(po.map((p) => p.aval), carryNz, outs.slice(nK))];
};

// ---- vmap ----

export const whileBatch: BatchRule<"while"> = (args, dims, params, axisSize, axisName) => {
  const condJaxpr = asLocal(params.condJaxpr);
  const body = asLocal(params.bodyJaxpr);
  const { condNconsts: nCC, bodyNconsts: nBC } = params;
  const [cconsts, bconsts, init] = split(args, [nCC, nBC]) as Array[][];
  const [ccDims, bcDims, kDims] = split(dims, [nCC, nBC]);
  const ccB = ccDims!.map((d) => d !== null);
  const bcB = bcDims!.map((d) => d !== null);
  let carryB = kDims!.map((d) => d !== null);
  for (let iter = 0; iter <= carryB.length; iter++) {
    const mask = carryB;
    const out = batchJaxprMasked(body, [...bcB, ...mask], axisSize, (i) => mask[i]!, axisName).outBatched;
    if (subsumes(mask, out)) break;
    carryB = orMasks(mask, out);
  }
  const predB = batchJaxprMasked(condJaxpr, [...ccB, ...carryB], axisSize, () => false, axisName).outBatched[0]!;
  if (predB) carryB = carryB.map(() => true);
  const front = (xs: Array[], ds: (number | null)[]): Array[] => xs.map((x, i) => (ds[i] === null ? x : moveBatchAxis(x, ds[i]!, 0, axisSize)));
  const cc = front(cconsts!, ccDims!);
  const bc = front(bconsts!, bcDims!);
  const newInit = init!.map((x, i) => (carryB[i] ? moveBatchAxis(x, kDims![i] ?? null, 0, axisSize) : x));
  const carryAvals = body.inAvals.slice(nBC).map((a, i) => (carryB[i] ? batchedAval(a, axisSize) : a));
  if (!predB) {
    const b = batchJaxprMasked(body, [...bcB, ...carryB], axisSize, (i) => carryB[i]!, axisName);
    const c = batchJaxprMasked(condJaxpr, [...ccB, ...carryB], axisSize, () => false, axisName);
    const outs = bindWhile([...c.consts, ...cc], [...b.consts, ...bc], newInit, c.jaxpr, b.jaxpr);
    return [outs, carryB.map((x) => (x ? 0 : null))];
  }
  // A batched predicate: loop while any example's holds; the others keep their carry.
  const predOf = (cvals: Array[], carry: Array[]): Array => vmapFlat(jaxprAsFun(condJaxpr), [...cvals, ...carry], [...ccB.map((x) => (x ? 0 : null)), ...carryB.map(() => 0)], axisSize, undefined, axisName)[0]!;
  const ccAvals = cc.map((x) => x.aval);
  const bcAvals = bc.map((x) => x.aval);
  const condStaged = stage((...ins) => [lax.reduceOr(predOf(ins.slice(0, nCC), ins.slice(nCC)), [0])], [...ccAvals, ...carryAvals]);
  const bodyStaged = stage((...ins) => {
    const [c, b, carry] = split(ins, [nCC, nBC]) as Array[][];
    const pred = predOf(c!, carry!);
    const next = vmapFlat(jaxprAsFun(body), [...b!, ...carry!], [...bcB.map((x) => (x ? 0 : null)), ...carryB.map(() => 0)], axisSize, undefined, axisName);
    return next.map((n, i) => lax.selectN(lax.broadcastInDim(pred, n.shape, [0]), carry![i]!, n));
  }, [...ccAvals, ...bcAvals, ...carryAvals]);
  const outs = bindWhile([...condStaged.consts, ...cc], [...bodyStaged.consts, ...cc, ...bc], newInit, condStaged.jaxpr, bodyStaged.jaxpr);
  return [outs, outs.map(() => 0)];
};

// ---- partial evaluation ----

/** Partial evaluation of while (installed by src/rules.ts). */
export const whilePartialEval: PartialEvalRule<"while"> = (trace, tracers, params) => {
  const condJaxpr = asLocal(params.condJaxpr);
  const body = asLocal(params.bodyJaxpr);
  const { condNconsts: nCC, bodyNconsts: nBC } = params;
  const unknowns = tracers.map((t) => !t.pval.isKnown);
  const [ccUk, bcUk, initUk] = split(unknowns, [nCC, nBC]) as boolean[][];
  let carryUk = initUk!;
  let pe = null as ReturnType<typeof partialEvalJaxpr> | null;
  for (let iter = 0; iter <= carryUk.length; iter++) {
    const mask = carryUk;
    pe = partialEvalJaxpr(body, [...bcUk!, ...mask], mask);
    if (subsumes(mask, pe.outUnknowns)) break;
    carryUk = orMasks(mask, pe.outUnknowns);
  }
  const condPe = partialEvalJaxpr(condJaxpr, [...ccUk!, ...carryUk], [false]);
  if (condPe.outUnknowns[0] || carryUk.every(Boolean)) return recordUnknown(trace, "while", tracers, params);
  // The known carries, from a loop over the known part of the body.
  const [cconsts, bconsts, init] = split(tracers, [nCC, nBC]);
  const nKnown = carryUk.filter((u) => !u).length;
  const knownBody = keepOutputs(pe!.known.jaxpr, (i) => i < nKnown);
  const knownCond = keepOutputs(condPe.known.jaxpr, (i) => i === 0);
  const knownOuts = bindWhile(
    [...condPe.known.consts, ...pick(cconsts!, ccUk!, false).map(knownValue)],
    [...pe!.known.consts, ...pick(bconsts!, bcUk!, false).map(knownValue)],
    pick(init!, carryUk, false).map(knownValue),
    knownCond,
    knownBody,
  );
  // The unknown carries: the whole loop, recomputing the known part.
  const all = recordUnknown(trace, "while", tracers, params);
  return merge(carryUk, pick(all, carryUk), knownOuts);
};

// ---- transpose ----

export const whileTranspose: TransposeRule<"while"> = () => {
  throw new TypeError(WHILE_REVERSE_MODE_ERROR);
};
