// The custom_linear_solve primitive's rules, after JAX's (jax/_src/lax/control_flow/solves.py).
// Operands are the consts of matvec, vecmat, solve and transposeSolve, then b's leaves; results
// are solve's outputs (x's leaves, then any aux).
//  - eager: the solve jaxpr applied to its consts and b (_custom_linear_solve_impl); under jit
//    the inline pass puts the solve jaxpr in its place.
//  - jvp: A x = b gives dA x + A dx = db, so dx = solve(db - dA x), with dA x the jvp of matvec
//    in its consts at x (_custom_linear_solve_jvp); aux outputs get zero tangents.
//  - transpose: the cotangent of b is the solve of the transposed system (vecmat and
//    transposeSolve swapped with matvec and solve), linear in the cotangent of x.
//  - vmap: a fixpoint over which parts of x and b are batched, consistent across all four jaxprs
//    (_linear_solve_batching_rule).
//  - partial evaluation: JAX's default (the whole solve is staged when b is unknown).
import type { ClosedJaxpr, LinearSolveTuple, Params } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { Zero, UndefinedPrimal } from "../ad/types.js";
import type { JvpRule, Tangent, TransposeRule } from "../ad/types.js";
import { addTangents, instantiate, tangentAval } from "../ad/zeros.js";
import { jvpOfJaxpr } from "../ad/jvpJaxpr.js";
import type { BatchRule, BatchDim } from "../vmap/types.js";
import { moveBatchAxis } from "../vmap/batchAxis.js";
import { batchJaxprMasked } from "../vmap/batchJaxpr.js";
import { asLocal, callJaxpr, orMasks } from "./common.js";

type SolveParams = Params<"custom_linear_solve">;
const FIELDS = ["matvec", "vecmat", "solve", "transposeSolve"] as const;

/** Splits the operands into each jaxpr's consts and b (JAX's _split_linear_solve_args). */
export function splitLinearSolveArgs<T>(args: readonly T[], lengths: LinearSolveTuple<number>): [LinearSolveTuple<T[]>, T[]] {
  let i = 0;
  const take = (n: number): T[] => args.slice(i, (i += n));
  const consts = { matvec: take(lengths.matvec), vecmat: take(lengths.vecmat), solve: take(lengths.solve), transposeSolve: take(lengths.transposeSolve) };
  return [consts, args.slice(i)];
}

const flattenConsts = <T>(c: LinearSolveTuple<T[]>): T[] => FIELDS.flatMap((f) => c[f]);

/** The system transposed: vecmat and transposeSolve in the places of matvec and solve. */
const transposed = <T>(t: LinearSolveTuple<T>): LinearSolveTuple<T> => ({ matvec: t.vecmat, vecmat: t.matvec, solve: t.transposeSolve, transposeSolve: t.solve });

export function bindLinearSolve(consts: LinearSolveTuple<Array[]>, b: readonly Array[], jaxprs: LinearSolveTuple<ClosedJaxpr | null>): Array[] {
  const constLengths = { matvec: consts.matvec.length, vecmat: consts.vecmat.length, solve: consts.solve.length, transposeSolve: consts.transposeSolve.length };
  return bind("custom_linear_solve", [...flattenConsts(consts), ...b], { constLengths, jaxprs });
}

const solveJaxpr = (p: SolveParams): ClosedJaxpr<Array> => asLocal(p.jaxprs.solve!);
const matvecJaxpr = (p: SolveParams): ClosedJaxpr<Array> => asLocal(p.jaxprs.matvec!);

/** Eager evaluation: the solve jaxpr applied to b (src/control/eval.ts registers it). */
export function evaluateLinearSolve(args: readonly Array[], params: SolveParams): Array[] {
  const [consts, b] = splitLinearSolveArgs(args, params.constLengths);
  return callJaxpr(solveJaxpr(params), [...consts.solve, ...b]);
}

// ---- jvp ----

export const linearSolveJvp: JvpRule<"custom_linear_solve"> = (primals, tangents, params) => {
  const x = bind("custom_linear_solve", primals, params);
  const [consts, b] = splitLinearSolveArgs(primals, params.constLengths);
  const [constsDot, bDot] = splitLinearSolveArgs(tangents, params.constLengths);
  const xLeaves = x.slice(0, b.length);
  let rhs: Tangent[] = bDot;
  if (constsDot.matvec.some((t) => !(t instanceof Zero))) {
    const xZeros = xLeaves.map((l) => new Zero(tangentAval(l.aval)));
    const [, matvecDot] = jvpOfJaxpr(matvecJaxpr(params), [...consts.matvec, ...xLeaves], [...constsDot.matvec, ...xZeros]);
    rhs = bDot.map((d, i) => {
      const m = matvecDot[i]!;
      return addTangents(d, m instanceof Zero ? m : lax.neg(m));
    });
  }
  const auxZeros = x.slice(b.length).map((a) => new Zero(tangentAval(a.aval)));
  if (!rhs.some((t) => !(t instanceof Zero))) return [x, [...xLeaves.map((l) => new Zero(tangentAval(l.aval))), ...auxZeros]];
  const xDot = bind("custom_linear_solve", [...flattenConsts(consts), ...rhs.map(instantiate)], params);
  return [x, [...xDot.slice(0, b.length), ...auxZeros]];
};

// ---- transpose ----

export const linearSolveTranspose: TransposeRule<"custom_linear_solve"> = (cts, inputs, params) => {
  if (params.jaxprs.transposeSolve === null) {
    throw new TypeError("transpose_solve required for backwards mode automatic differentiation of custom_linear_solve");
  }
  const [consts, b] = splitLinearSolveArgs(inputs, params.constLengths);
  const known = flattenConsts(consts);
  if (known.some((c) => c instanceof UndefinedPrimal)) {
    throw new TypeError("custom_linear_solve: the linear operator's captured values cannot be linear inputs of a transposed solve (only b can).");
  }
  const xCts = cts.slice(0, b.length);
  if (cts.slice(b.length).some((c) => !(c instanceof Zero))) {
    throw new TypeError("custom_linear_solve: the auxiliary outputs of solve cannot be differentiated in reverse mode.");
  }
  const constNulls = known.map(() => null);
  if (!xCts.some((c) => !(c instanceof Zero))) return [...constNulls, ...b.map((x) => (x instanceof UndefinedPrimal ? new Zero(tangentAval(x.aval)) : null))];
  const ctB = bindLinearSolve(
    transposed(consts as LinearSolveTuple<Array[]>),
    xCts.map(instantiate),
    transposed(params.jaxprs),
  );
  return [...constNulls, ...b.map((x, i) => (x instanceof UndefinedPrimal ? ctB[i]! : null))];
};

// ---- vmap ----

export const linearSolveBatch: BatchRule<"custom_linear_solve"> = (args, dims, params, axisSize, axisName) => {
  const { jaxprs } = params;
  const [consts, b] = splitLinearSolveArgs(args, params.constLengths);
  const [constDims, bDims] = splitLinearSolveArgs(dims, params.constLengths);
  const isBatched = (ds: readonly BatchDim[]) => ds.map((d) => d !== null);
  const constBat = { matvec: isBatched(constDims.matvec), vecmat: isBatched(constDims.vecmat), solve: isBatched(constDims.solve), transposeSolve: isBatched(constDims.transposeSolve) };
  const origBBat = isBatched(bDims);
  const solve = asLocal(jaxprs.solve!);
  const matvec = asLocal(jaxprs.matvec!);
  const numOperatorOut = matvec.outAvals.length;
  const numAux = solve.outAvals.length - numOperatorOut;
  type Batched = ReturnType<typeof batchJaxprMasked>;
  const batch = (j: ClosedJaxpr | null, inBat: boolean[], force: readonly boolean[]): Batched | null =>
    j === null ? null : batchJaxprMasked(asLocal(j), inBat, axisSize, (i) => force[i] === true, axisName);
  // Which parts of x and b are batched must agree between the four jaxprs: iterate to a fixpoint.
  let bBat = origBBat;
  let xBat: boolean[] = solve.outAvals.map(() => false);
  for (let iteration = 0; ; iteration++) {
    if (iteration > 1 + origBBat.length + xBat.length) throw new Error("custom_linear_solve batching: fixpoint not reached");
    const solveB = batch(solve, [...constBat.solve, ...bBat], xBat)!;
    const vecmatB = batch(jaxprs.vecmat, [...constBat.vecmat, ...bBat], bBat);
    // Aux outputs are batched whenever vecmat exists, as JAX does.
    const xBatOut = vecmatB === null ? solveB.outBatched : orMasks([...vecmatB.outBatched, ...new globalThis.Array<boolean>(numAux).fill(true)], solveB.outBatched);
    const xNoAux = xBatOut.slice(0, numOperatorOut);
    const matvecB = batch(matvec, [...constBat.matvec, ...xNoAux], bBat)!;
    const transposeSolveB = batch(jaxprs.transposeSolve, [...constBat.transposeSolve, ...xNoAux], xBatOut);
    const bBatOut = matvecB.outBatched.slice(0, origBBat.length).map((m, i) => m || origBBat[i]! || (transposeSolveB?.outBatched[i] ?? false));
    const same = (a: readonly boolean[], c: readonly boolean[]) => a.every((v, i) => v === c[i]);
    if (!same(xBatOut, xBat) || !same(bBatOut, bBat)) {
      xBat = xBatOut;
      bBat = bBatOut;
      continue;
    }
    // Each batched jaxpr takes its own new captured values first, then the old consts (batched at 0).
    const moved = (cs: Array[], ds: BatchDim[]) => cs.map((c, i) => (ds[i] === null ? c : moveBatchAxis(c, ds[i]!, 0, axisSize)));
    const parts = { matvec: matvecB, vecmat: vecmatB, solve: solveB, transposeSolve: transposeSolveB };
    const newConsts = {} as { -readonly [K in keyof LinearSolveTuple<Array[]>]: Array[] };
    const newJaxprs = {} as { -readonly [K in keyof LinearSolveTuple<ClosedJaxpr | null>]: ClosedJaxpr | null };
    for (const f of FIELDS) {
      const part = parts[f];
      newConsts[f] = part === null ? [] : [...part.consts, ...moved(consts[f], constDims[f])];
      newJaxprs[f] = part === null ? null : part.jaxpr;
    }
    const newB = b.map((x, i) => (bBat[i] ? moveBatchAxis(x, bDims[i]!, 0, axisSize) : x));
    const outs = bindLinearSolve(newConsts, newB, newJaxprs);
    return [outs, solveB.outBatched.map((o) => (o ? 0 : null))];
  }
};
