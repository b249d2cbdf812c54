// Machinery shared by the control-flow primitives' rules: staging a flat function into a carried
// jaxpr (captured values become leading operands), and the jaxpr-to-jaxpr forms of the
// transforms that every rule needs: jvp with a nonzero-tangent mask, vmap with a batched mask,
// and partial evaluation into known and unknown jaxprs (JAX's partial_eval_jaxpr_nounits).
import type { Params, PrimitiveName, ShapedArray, Atom } from "../../jaxpr/index.js";
import { ClosedJaxpr, Literal, Var, dce, isInexact, makeJaxprValue } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { fullRaise } from "../core/trace.js";
import type { FlatFun } from "../core/trace.js";
import { stageFlat } from "../core/staging.js";
import { evalJaxpr } from "../core/evalJaxpr.js";
import { scalarArray } from "../core/eval.js";
import { Zero, Tangent } from "../ad/types.js";
import { instantiate, tangentAval } from "../ad/zeros.js";
import { PartialEvalTrace, PartialEvalTracer } from "../ad/partialEval.js";

/** A carried jaxpr (no consts of its own) and the values it captured, to pass as leading operands. */
export interface Staged {
  readonly jaxpr: ClosedJaxpr<Array>;
  readonly consts: Array[];
}

/** Traces `fun` at `avals` into a carried jaxpr; captured values become its leading inputs. */
export const stage: (fun: FlatFun, avals: readonly ShapedArray[]) => Staged = stageFlat;

/**
 * Stages several functions over the same inputs (cond's branches) so they share one list of
 * leading const operands: each jaxpr takes every branch's consts and ignores the others'.
 */
export function stageBranches(funs: readonly FlatFun[], avals: readonly ShapedArray[]): { jaxprs: ClosedJaxpr<Array>[]; consts: Array[] } {
  const staged = funs.map((f) => stage(f, avals));
  return joinConsts(staged);
}

export function joinConsts(staged: readonly Staged[]): { jaxprs: ClosedJaxpr<Array>[]; consts: Array[] } {
  const consts = staged.flatMap((s) => s.consts);
  if (consts.length === 0) return { jaxprs: staged.map((s) => s.jaxpr), consts };
  const jaxprs = staged.map((s, k) => {
    const j = s.jaxpr.jaxpr;
    const n = s.consts.length;
    const mine = j.invars.slice(0, n);
    const before = staged.slice(0, k).flatMap((o) => o.consts.map((c) => new Var(c.aval)));
    const after = staged.slice(k + 1).flatMap((o) => o.consts.map((c) => new Var(c.aval)));
    return new ClosedJaxpr(makeJaxprValue({ constvars: [], invars: [...before, ...mine, ...after, ...j.invars.slice(n)], eqns: j.eqns, outvars: j.outvars }), []);
  });
  return { jaxprs, consts };
}

/** Carried jaxprs hold no consts, so their const type is immaterial. */
export const asLocal = (j: ClosedJaxpr): ClosedJaxpr<Array> => j as ClosedJaxpr<Array>;

/** Splits a list at the given sizes. */
export function split<T>(xs: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (const n of sizes) {
    out.push(xs.slice(i, i + n));
    i += n;
  }
  out.push(xs.slice(i));
  return out;
}

export const pick = <T>(xs: readonly T[], mask: readonly boolean[], want = true): T[] => xs.filter((_, i) => mask[i] === want);

/** Puts `a` where mask holds and `b` elsewhere, in order (JAX's merge_lists). */
export function merge<T>(mask: readonly boolean[], whereTrue: readonly T[], whereFalse: readonly T[]): T[] {
  let i = 0;
  let j = 0;
  return mask.map((m) => (m ? whereTrue[i++]! : whereFalse[j++]!));
}

export const orMasks = (a: readonly boolean[], b: readonly boolean[]): boolean[] => a.map((x, i) => x || b[i]!);
export const subsumes = (a: readonly boolean[], b: readonly boolean[]): boolean => b.every((x, i) => !x || a[i]!);

/** Whether a tangent is a nonzero one of a float primal. */
export const nonzeroTangent = (primal: Array, t: Tangent): boolean => !(t instanceof Zero) && isInexact(primal.dtype);

/** Tangent inputs: the given ones where nonzero (taken in order from `nz`), symbolic zeros elsewhere. */
export function tangentsFromMask(avals: readonly ShapedArray[], mask: readonly boolean[], nz: readonly Array[]): Tangent[] {
  let k = 0;
  return avals.map((a, i) => (mask[i] ? nz[k++]! : new Zero(tangentAval(a))));
}

/** The nonzero tangents of a list, instantiating those the mask requires. */
export function keepTangents(ts: readonly Tangent[], mask: readonly boolean[]): Array[] {
  return ts.flatMap((t, i) => (mask[i] ? [instantiate(t)] : []));
}

/** Shared with pjit's partial evaluation: see src/ad/partialEval.ts. */
export { partialEvalJaxpr } from "../ad/partialEval.js";
export type { PartialEvalJaxprResult } from "../ad/partialEval.js";

/** The same jaxpr with only the outputs at `keep` (then dead code dropped). */
export function keepOutputs(closed: ClosedJaxpr<Array>, keep: (i: number) => boolean): ClosedJaxpr<Array> {
  const j = closed.jaxpr;
  return new ClosedJaxpr(dce(makeJaxprValue({ ...j, outvars: j.outvars.filter((_, i) => keep(i)) })), closed.consts);
}

/**
 * The same jaxpr reading a new list of `count` inputs: old input i reads new input `from[i]`, so
 * inputs can be reordered and merged (several old inputs reading one new one). Every new input
 * must be read by some old one.
 */
export function gatherInputs(closed: ClosedJaxpr<Array>, from: readonly number[], count: number): ClosedJaxpr<Array> {
  const j = closed.jaxpr;
  const invars = new globalThis.Array<Var | undefined>(count).fill(undefined);
  from.forEach((k, i) => (invars[k] ??= j.invars[i]!));
  if (invars.some((v) => v === undefined)) throw new Error("gatherInputs: a new input is read by no old input");
  const rename = new Map<Var, Var>();
  from.forEach((k, i) => invars[k] !== j.invars[i] && rename.set(j.invars[i]!, invars[k]!));
  const sub = (a: Atom): Atom => (a instanceof Var ? (rename.get(a) ?? a) : a);
  const eqns = rename.size === 0 ? j.eqns : j.eqns.map((e) => Object.freeze({ ...e, invars: e.invars.map(sub) }));
  return new ClosedJaxpr(makeJaxprValue({ constvars: j.constvars, invars: invars as Var[], eqns, outvars: j.outvars.map(sub) }), closed.consts);
}

/** The distinct entries of a list (by identity), and for each entry the index of its value among them. */
export function distinct<T>(xs: readonly T[]): { values: T[]; index: number[] } {
  const values: T[] = [];
  const index = xs.map((x) => {
    const i = values.indexOf(x);
    return i >= 0 ? i : values.push(x) - 1;
  });
  return { values, index };
}

export const literalValue = (l: Literal): Array => scalarArray(l.value, l.aval.dtype, l.aval.weakType);

/**
 * Records `prim` on unknown inputs in a partial-evaluation trace (the default processing that
 * rules fall back to): known inputs become constants of the recorded equation.
 */
export function recordUnknown<P extends PrimitiveName>(trace: PartialEvalTrace, prim: P, inputs: readonly (PartialEvalTracer | Array)[], params: Params<P>): PartialEvalTracer[] {
  return trace.recordEqn(prim, inputs.map((t) => fullRaise(trace, t) as PartialEvalTracer), params);
}

/** The known value of a partial-evaluation tracer (which must be known). */
export const knownValue = (t: PartialEvalTracer): Array => t.pval.value!;

/** Evaluates a carried jaxpr on values (under whatever transforms are active). */
export const callJaxpr = (closed: ClosedJaxpr<Array>, args: readonly Array[]): Array[] => evalJaxpr(closed.jaxpr, closed.consts, args);
