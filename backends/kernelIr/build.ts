// Constructors of kernel IR nodes: each computes the node's dtype the way the jaxpr's shape rules
// do (comparisons give bool, conversions their target), so callers state only what varies.
import type { BinaryElementwiseName, DType, UnaryElementwiseName } from "../../jaxpr/index.js";
import { castScalar } from "../../jaxpr/index.js";
import type { BinaryNode, BitcastNode, ClampNode, ConstNode, ConvertNode, KernelExpr, LoadNode, RegNode, RoundNode, SelectNode, UnaryNode } from "./expr.js";

const COMPARISONS: ReadonlySet<BinaryElementwiseName> = new Set<BinaryElementwiseName>(["eq", "ne", "lt", "le", "gt", "ge"]);

/** A constant holding what a store of `value` into `dtype` would (float32 rounded, ints wrapped). */
export const constant = (value: number | boolean, dtype: DType): ConstNode => ({ kind: "const", dtype, value: castScalar(value, dtype) });

export const load = (index: number, dtype: DType): LoadNode => ({ kind: "load", dtype, index });

export const reg = (name: string, dtype: DType): RegNode => ({ kind: "reg", dtype, name });

/** `dtype`: the result's (is_finite gives bool; the rest keep their operand's). */
export function unary(op: UnaryElementwiseName, x: KernelExpr, params: Readonly<Record<string, unknown>> = {}, dtype: DType = op === "is_finite" ? "bool" : x.dtype): UnaryNode {
  return { kind: "unary", dtype, op, params, x };
}

export function binary(op: BinaryElementwiseName, a: KernelExpr, b: KernelExpr, dtype: DType = COMPARISONS.has(op) ? "bool" : a.dtype): BinaryNode {
  return { kind: "binary", dtype, op, a, b };
}

export function select(which: KernelExpr, cases: readonly KernelExpr[]): SelectNode {
  return { kind: "select", dtype: cases[0]!.dtype, which, cases };
}

export const clamp = (lo: KernelExpr, x: KernelExpr, hi: KernelExpr): ClampNode => ({ kind: "clamp", dtype: x.dtype, lo, x, hi });

export const convert = (x: KernelExpr, dtype: DType): ConvertNode => ({ kind: "convert", dtype, x });

export const bitcast = (x: KernelExpr, dtype: DType): BitcastNode => ({ kind: "bitcast", dtype, x });

/** Float32 rounding of a float32 value held with excess precision. */
export const roundFloat32 = (x: KernelExpr): RoundNode => ({ kind: "round", dtype: "float32", x });
