// The typed kernel IR: what one element of a fused group computes, as a tree of typed nodes
// (constants, loads, register references, elementwise ops, conversions, float32 rounding). Every
// node carries the dtype of the value it produces. Register references make a group's statements
// a DAG: statement `t3` is computed once and read by later statements. The design follows jax-js's
// `AluExp` and tinygrad's `UOp` (an op, a dtype, sources, an argument), with the jaxpr's own
// primitive names as the op vocabulary, so a render table per target is keyed by primitive.
// Nodes are plain frozen data: renderers (backends/js/fusion/renderJs.ts, backends/gpu/translate.ts),
// the evaluator (backends/js/fusion/evaluate.ts) and the structural helpers (structure.ts) walk them.
import type { BinaryElementwiseName, DType, UnaryElementwiseName } from "../../jaxpr/index.js";

/** A scalar constant, already cast to `dtype` (float32 constants hold their float32 value). */
export interface ConstNode {
  readonly kind: "const";
  readonly dtype: DType;
  readonly value: number;
}

/** The group's `index`-th load: its input buffer read through an affine view at the current element. */
export interface LoadNode {
  readonly kind: "load";
  readonly dtype: DType;
  readonly index: number;
}

/** The value of the group statement that defines register `name`. */
export interface RegNode {
  readonly kind: "reg";
  readonly dtype: DType;
  readonly name: string;
}

/** A unary elementwise primitive; `dtype` is its result's, `x.dtype` its operand's. */
export interface UnaryNode {
  readonly kind: "unary";
  readonly dtype: DType;
  readonly op: UnaryElementwiseName;
  /** The primitive's params that change its value (integer_pow's y, round's rounding method). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly x: KernelExpr;
}

/** A binary elementwise primitive (operands of one dtype, `a.dtype`). */
export interface BinaryNode {
  readonly kind: "binary";
  readonly dtype: DType;
  readonly op: BinaryElementwiseName;
  readonly a: KernelExpr;
  readonly b: KernelExpr;
}

/** select_n: `cases[which]` (which is bool or int32). */
export interface SelectNode {
  readonly kind: "select";
  readonly dtype: DType;
  readonly which: KernelExpr;
  readonly cases: readonly KernelExpr[];
}

/** lax.clamp(lo, x, hi). */
export interface ClampNode {
  readonly kind: "clamp";
  readonly dtype: DType;
  readonly lo: KernelExpr;
  readonly x: KernelExpr;
  readonly hi: KernelExpr;
}

/** convert_element_type from `x.dtype` to `dtype`: saturating float to int, nonzero to bool. */
export interface ConvertNode {
  readonly kind: "convert";
  readonly dtype: DType;
  readonly x: KernelExpr;
}

/** bitcast_convert_type between 32-bit dtypes. */
export interface BitcastNode {
  readonly kind: "bitcast";
  readonly dtype: DType;
  readonly x: KernelExpr;
}

/**
 * Rounds a float32 value held with excess precision (a double register) to float32. Targets
 * whose registers are float32 already render it as its operand.
 */
export interface RoundNode {
  readonly kind: "round";
  readonly dtype: "float32";
  readonly x: KernelExpr;
}

export type KernelExpr = ConstNode | LoadNode | RegNode | UnaryNode | BinaryNode | SelectNode | ClampNode | ConvertNode | BitcastNode | RoundNode;
export type KernelExprKind = KernelExpr["kind"];
/** Nodes that name a value rather than compute one. */
export type LeafNode = ConstNode | LoadNode | RegNode;

/** One statement of a fused group: register `reg` holds `expr`'s value at the current element. */
export interface KernelStatement {
  readonly reg: string;
  readonly expr: KernelExpr;
}
