// lax.GatherDimensionNumbers / lax.ScatterDimensionNumbers (constructors of the dimension-number
// objects lax.gather and lax.scatter take) and lax.approx_max_k / approx_min_k.
import type * as P from "../../jaxpr/index.js";
import { isFloat } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import { Array, ArrayLike } from "../core/array.js";
import { asArrays } from "./core.js";
import { topK } from "./convenience.js";
import { neg } from "./elementwise.js";
import { transpose } from "./structural.js";

/** `x` with axis `from` moved to position `to`. */
function moveaxis(x: Array, from: number, to: number): Array {
  const perm = [...globalThis.Array(x.ndim).keys()].filter((d) => d !== from);
  perm.splice(to, 0, from);
  return transpose(x, perm);
}

export type GatherDimensionNumbers = P.GatherDimensionNumbers;
export type ScatterDimensionNumbers = P.ScatterDimensionNumbers;

function ints(what: string, v: readonly number[] | undefined): readonly number[] {
  const xs = v ?? [];
  if (!globalThis.Array.isArray(xs) || !xs.every((d) => Number.isInteger(d))) throw new TypeError(`${what} must be a sequence of integers, got ${JSON.stringify(v)}.`);
  return Object.freeze([...xs]);
}

/**
 * lax.GatherDimensionNumbers: the dimension numbers lax.gather takes, with JAX's fields in
 * camelCase (the batching dims default to empty). Positional, as JAX's NamedTuple, or one object.
 *
 * @example
 * ```ts
 * const dn = lax.GatherDimensionNumbers({ offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] });
 * lax.gather(np.arange(12).reshape([4, 3]), np.array([[2], [0]], { dtype: "int32" }), dn, [1, 3]); // Array([[6, 7, 8], [0, 1, 2]], dtype=int32)
 * ```
 */
export function GatherDimensionNumbers(
  offsetDims: readonly number[] | Partial<GatherDimensionNumbers>,
  collapsedSliceDims?: readonly number[],
  startIndexMap?: readonly number[],
  operandBatchingDims?: readonly number[],
  startIndicesBatchingDims?: readonly number[],
): GatherDimensionNumbers {
  const o: Partial<GatherDimensionNumbers> = globalThis.Array.isArray(offsetDims)
    ? { offsetDims, collapsedSliceDims, startIndexMap, operandBatchingDims, startIndicesBatchingDims }
    : (offsetDims as Partial<GatherDimensionNumbers>);
  return Object.freeze({
    offsetDims: ints("offsetDims", o.offsetDims),
    collapsedSliceDims: ints("collapsedSliceDims", o.collapsedSliceDims),
    startIndexMap: ints("startIndexMap", o.startIndexMap),
    operandBatchingDims: ints("operandBatchingDims", o.operandBatchingDims),
    startIndicesBatchingDims: ints("startIndicesBatchingDims", o.startIndicesBatchingDims),
  });
}

/**
 * lax.ScatterDimensionNumbers: the dimension numbers lax.scatter (and scatterAdd, ...) take, with
 * JAX's fields in camelCase (the batching dims default to empty). Positional or one object.
 *
 * @example
 * ```ts
 * const dn = lax.ScatterDimensionNumbers({ updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] });
 * lax.scatterAdd(np.zeros([4]), np.array([[1], [1]], { dtype: "int32" }), np.array([1, 2]), dn); // [0, 3, 0, 0]
 * ```
 */
export function ScatterDimensionNumbers(
  updateWindowDims: readonly number[] | Partial<ScatterDimensionNumbers>,
  insertedWindowDims?: readonly number[],
  scatterDimsToOperandDims?: readonly number[],
  operandBatchingDims?: readonly number[],
  scatterIndicesBatchingDims?: readonly number[],
): ScatterDimensionNumbers {
  const o: Partial<ScatterDimensionNumbers> = globalThis.Array.isArray(updateWindowDims)
    ? { updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, operandBatchingDims, scatterIndicesBatchingDims }
    : (updateWindowDims as Partial<ScatterDimensionNumbers>);
  return Object.freeze({
    updateWindowDims: ints("updateWindowDims", o.updateWindowDims),
    insertedWindowDims: ints("insertedWindowDims", o.insertedWindowDims),
    scatterDimsToOperandDims: ints("scatterDimsToOperandDims", o.scatterDimsToOperandDims),
    operandBatchingDims: ints("operandBatchingDims", o.operandBatchingDims),
    scatterIndicesBatchingDims: ints("scatterIndicesBatchingDims", o.scatterIndicesBatchingDims),
  });
}

/** The keyword arguments of lax.approx_max_k / approx_min_k (JAX's defaults). */
export interface ApproxTopKOptions {
  /** The dimension to search along (default -1). */
  reductionDimension?: number;
  /** The recall the approximation aims for, in (0, 1] (default 0.95); dprog is always exact. */
  recallTarget?: number;
  /** Whether the result is aggregated to exactly k (default true); dprog's always is. */
  aggregateToTopk?: boolean;
  /** The logical size of the reduction dimension when the operand is a shard (default -1: its size). */
  reductionInputSizeOverride?: number;
}

function approxTopK(name: string, operand: ArrayLike, k: number, opts: ApproxTopKOptions, isMaxK: boolean): [values: Array, indices: Array] {
  const x = asArrays([operand])[0]!;
  const recall = opts.recallTarget ?? 0.95;
  const override = opts.reductionInputSizeOverride ?? -1;
  if (!Number.isInteger(k) || k <= 0) throw new ValueError(`k must be positive, got ${k}`);
  if (x.ndim === 0) throw new TypeError(`${name} operand must be an array, got a scalar.`);
  const rd = opts.reductionDimension ?? -1;
  if (!Number.isInteger(rd) || rd < -x.ndim || rd >= x.ndim) throw new ValueError(`reduction_dimension ${rd} is out of bounds for an operand of rank ${x.ndim}`);
  const dim = rd < 0 ? rd + x.ndim : rd;
  const n = x.shape[dim]!;
  if (k > n) throw new ValueError(`k must be smaller than the size of reduction_dim ${n}, got k=${k}`);
  if (!(recall > 0 && recall <= 1)) throw new ValueError(`recall_target must be in (0, 1], got ${recall}`);
  if (!isFloat(x.dtype)) throw new ValueError(`operand must be a floating type, got ${x.dtype}`);
  if (!Number.isInteger(override) || (override !== -1 && override < n)) {
    throw new ValueError(`reduction_input_size_override ${override} must be -1 or at least the reduction dimension's size ${n}`);
  }
  const last = x.ndim - 1;
  const moved = dim === last ? x : moveaxis(x, dim, last);
  const [v, i] = topK(isMaxK ? moved : neg(moved), k);
  const values = isMaxK ? v : neg(v);
  return dim === last ? [values, i] : [moveaxis(values, last, dim), moveaxis(i, last, dim)];
}

/**
 * lax.approx_max_k: the `k` largest values along `reductionDimension` and their int32 indices.
 * dprog returns the exact top k (via lax.topK; ties: the lower index first), which is a valid
 * result for JAX's approximate op and what XLA's CPU returns; `recallTarget`,
 * `aggregateToTopk` and `reductionInputSizeOverride` are validated only.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 5, 3], [4, 2, 6]]);
 * const [vals, idx] = lax.approxMaxK(x, 2);
 * vals; // Array([[5., 3.], [6., 4.]], dtype=float32)
 * idx; // Array([[1, 2], [2, 0]], dtype=int32)
 * lax.approxMaxK(x, 1, { reductionDimension: 0, recallTarget: 0.9 }); // [Array([[4., 5., 6.]], dtype=float32), Array([[1, 0, 1]], dtype=int32)]
 * ```
 */
export function approxMaxK(operand: ArrayLike, k: number, opts: ApproxTopKOptions = {}): [values: Array, indices: Array] {
  return approxTopK("approx_max_k", operand, k, opts, true);
}

/**
 * lax.approx_min_k: the `k` smallest values along `reductionDimension` and their indices,
 * computed exactly as {@link approxMaxK} (of the negated operand).
 *
 * @example
 * ```ts
 * const [vals, idx] = lax.approxMinK(np.array([3, 1, 2]), 2);
 * vals; // Array([1., 2.], dtype=float32)
 * idx; // Array([1, 2], dtype=int32)
 * ```
 */
export function approxMinK(operand: ArrayLike, k: number, opts: ApproxTopKOptions = {}): [values: Array, indices: Array] {
  return approxTopK("approx_min_k", operand, k, opts, false);
}
