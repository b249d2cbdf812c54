// lax's shape, indexing, reduction and contraction operations.
import type {
  DType,
  DotDimensionNumbers,
  GatherDimensionNumbers,
  GatherScatterMode,
  PaddingConfig,
  ScatterDimensionNumbers,
  ScatterName,
  ReduceName,
  CumulativeName,
} from "../../jaxpr/index.js";
import { checkDType, isDType } from "../../jaxpr/index.js";
import { PrecisionMember, canonicalizePrecision } from "./precision.js";
import type { PrecisionArg } from "./precision.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import { NO_PARAMS } from "../core/eval.js";
import { asArray, asArrays, scalarLike } from "./core.js";


/**
 * `lax.broadcastInDim(x, shape, broadcastDimensions)` (jax.lax.broadcast_in_dim): x broadcast to `shape`, its axis i becoming axis broadcastDimensions[i].
 *
 * @example
 * ```ts
 * lax.broadcastInDim(np.array([1, 2]), [3, 2], [1]).shape; // [3, 2]
 * lax.broadcastInDim(np.array([1, 2]), [2, 3], [0]); // Array([[1., 1., 1.], [2., 2., 2.]], dtype=float32)
 * ```
 */
export function broadcastInDim(x: ArrayLike, shape: readonly number[], broadcastDimensions: readonly number[]): Array {
  return bind1("broadcast_in_dim", [asArray(x)], { shape: [...shape], broadcastDimensions: [...broadcastDimensions] });
}

/**
 * `lax.broadcast(x, sizes)` (jax.lax.broadcast): adds leading dimensions `sizes`.
 *
 * @example
 * ```ts
 * lax.broadcast(np.array([1, 2]), [3]).shape; // [3, 2]
 * ```
 */
export function broadcast(x: ArrayLike, sizes: readonly number[]): Array {
  const a = asArray(x);
  return broadcastInDim(a, [...sizes, ...a.shape], a.shape.map((_, i) => i + sizes.length));
}

/**
 * `lax.reshape(x, newSizes)` (jax.lax.reshape): x's elements in row-major order, in the shape `newSizes`.
 *
 * @example
 * ```ts
 * lax.reshape(np.arange(6), [2, 3]); // Array([[0, 1, 2], [3, 4, 5]], dtype=int32)
 * ```
 */
export function reshape(x: ArrayLike, newSizes: readonly number[]): Array {
  return bind1("reshape", [asArray(x)], { newSizes: [...newSizes] });
}

/**
 * `lax.transpose(x, permutation)` (jax.lax.transpose): the axes of x permuted; output axis i is input axis permutation[i].
 *
 * @example
 * ```ts
 * lax.transpose(np.arange(6).reshape([2, 3]), [1, 0]); // Array([[0, 3], [1, 4], [2, 5]], dtype=int32)
 * ```
 */
export function transpose(x: ArrayLike, permutation: readonly number[]): Array {
  return bind1("transpose", [asArray(x)], { permutation: [...permutation] });
}

/**
 * `lax.squeeze(x, dimensions)` (jax.lax.squeeze): x without the listed size-1 axes.
 *
 * @example
 * ```ts
 * lax.squeeze(np.zeros([1, 3, 1]), [0, 2]).shape; // [3]
 * ```
 */
export function squeeze(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("squeeze", [asArray(x)], { dimensions: [...dimensions] });
}

/**
 * `lax.expandDims(x, dimensions)` (jax.lax.expand_dims): x with size-1 axes inserted at `dimensions`.
 *
 * @example
 * ```ts
 * lax.expandDims(np.zeros([3]), [0, 2]).shape; // [1, 3, 1]
 * ```
 */
export function expandDims(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("expand_dims", [asArray(x)], { dimensions: [...dimensions] });
}

/**
 * `lax.rev(x, dimensions)` (jax.lax.rev): x reversed along each axis in `dimensions`.
 *
 * @example
 * ```ts
 * lax.rev(np.array([[1, 2], [3, 4]]), [1]); // Array([[2., 1.], [4., 3.]], dtype=float32)
 * ```
 */
export function rev(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("rev", [asArray(x)], { dimensions: [...dimensions] });
}

/**
 * `lax.pad(x, paddingValue, paddingConfig)` (jax.lax.pad): x padded by (low, high, interior) per axis with `paddingValue`; negative low/high crop.
 *
 * @example
 * ```ts
 * lax.pad(np.array([1, 2]), 0, [[1, 2, 1]]); // Array([0., 1., 0., 2., 0., 0.], dtype=float32)
 * ```
 */
export function pad(x: ArrayLike, paddingValue: ArrayLike, paddingConfig: PaddingConfig): Array {
  const a = asArray(x);
  return bind1("pad", [a, scalarLike(paddingValue, a.dtype)], { paddingConfig: paddingConfig.map((c) => [...c] as const) });
}

/**
 * `lax.concatenate(xs, dimension)` (jax.lax.concatenate): the arrays joined along `dimension`; the other axes and dtypes must match.
 *
 * @example
 * ```ts
 * lax.concatenate([np.array([1, 2]), np.array([3])], 0); // Array([1., 2., 3.], dtype=float32)
 * ```
 */
export function concatenate(xs: readonly ArrayLike[], dimension: number): Array {
  return bind1("concatenate", asArrays(xs), { dimension });
}

/**
 * `lax.slice(x, startIndices, limitIndices, strides?)` (jax.lax.slice): the static slice [start, limit) with strides of each axis.
 *
 * @example
 * ```ts
 * lax.slice(np.arange(10), [1], [8], [3]); // Array([1, 4, 7], dtype=int32)
 * ```
 */
export function slice(x: ArrayLike, startIndices: readonly number[], limitIndices: readonly number[], strides: readonly number[] | null = null): Array {
  return bind1("slice", [asArray(x)], { startIndices: [...startIndices], limitIndices: [...limitIndices], strides: strides ? [...strides] : null });
}

/**
 * `lax.sliceInDim(x, start, limit, stride?, axis?)` (jax.lax.slice_in_dim): lax.slice along one axis.
 *
 * @example
 * ```ts
 * lax.sliceInDim(np.arange(6).reshape([2, 3]), 1, 3, 1, 1); // Array([[1, 2], [4, 5]], dtype=int32)
 * ```
 */
export function sliceInDim(x: ArrayLike, start: number, limit: number, stride = 1, axis = 0): Array {
  const a = asArray(x);
  const starts = a.shape.map(() => 0);
  const limits = [...a.shape];
  const strides = a.shape.map(() => 1);
  starts[axis] = start;
  limits[axis] = limit;
  strides[axis] = stride;
  return slice(a, starts, limits, strides);
}

const index = (i: ArrayLike): Array => scalarLike(i, "int32");

/**
 * `lax.dynamicSlice(x, startIndices, sliceSizes)` (jax.lax.dynamic_slice): a slice of static sizes at (possibly traced) start indices, clamped so the slice stays in bounds.
 *
 * @example
 * ```ts
 * lax.dynamicSlice(np.arange(5), [1], [3]); // Array([1, 2, 3], dtype=int32)
 * lax.dynamicSlice(np.arange(5), [4], [3]); // Array([2, 3, 4], dtype=int32)
 * ```
 */
export function dynamicSlice(x: ArrayLike, startIndices: readonly ArrayLike[], sliceSizes: readonly number[]): Array {
  return bind1("dynamic_slice", [asArray(x), ...startIndices.map(index)], { sliceSizes: [...sliceSizes] });
}

/**
 * `lax.dynamicUpdateSlice(x, update, startIndices)` (jax.lax.dynamic_update_slice): x with `update` written at (possibly traced) start indices, clamped so it stays in bounds.
 *
 * @example
 * ```ts
 * lax.dynamicUpdateSlice(np.zeros([5]), np.array([1, 2]), [2]); // Array([0., 0., 1., 2., 0.], dtype=float32)
 * ```
 */
export function dynamicUpdateSlice(x: ArrayLike, update: ArrayLike, startIndices: readonly ArrayLike[]): Array {
  const a = asArray(x);
  return bind1("dynamic_update_slice", [a, scalarLike(update, a.dtype), ...startIndices.map(index)], NO_PARAMS);
}

export interface GatherOptions {
  mode?: GatherScatterMode;
  fillValue?: number | null;
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}

/**
 * `lax.gather(operand, startIndices, dimensionNumbers, sliceSizes, opts?)` (jax.lax.gather): XLA's Gather, slices of `operand` at the indices in `startIndices`; `mode` "clip" (the default here) or "fill" for out-of-bounds indices.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4], [5, 6]]);
 * const dn = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] };
 * lax.gather(x, np.array([[2], [0]], { dtype: "int32" }), dn, [1, 2]); // Array([[5., 6.], [1., 2.]], dtype=float32)
 * ```
 */
export function gather(operand: ArrayLike, startIndices: ArrayLike, dimensionNumbers: GatherDimensionNumbers, sliceSizes: readonly number[], opts: GatherOptions = {}): Array {
  return bind1("gather", [asArray(operand), asArray(startIndices)], {
    dimensionNumbers,
    sliceSizes: [...sliceSizes],
    mode: opts.mode ?? "clip",
    fillValue: opts.fillValue ?? null,
    indicesAreSorted: opts.indicesAreSorted ?? false,
    uniqueIndices: opts.uniqueIndices ?? false,
  });
}

export interface ScatterOptions {
  mode?: GatherScatterMode;
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}

function scatterOp(name: ScatterName) {
  return (operand: ArrayLike, scatterIndices: ArrayLike, updates: ArrayLike, dimensionNumbers: ScatterDimensionNumbers, opts: ScatterOptions = {}): Array => {
    const a = asArray(operand);
    return bind1(name, [a, asArray(scatterIndices), scalarLike(updates, a.dtype)], {
      dimensionNumbers,
      indicesAreSorted: opts.indicesAreSorted ?? false,
      uniqueIndices: opts.uniqueIndices ?? false,
      mode: opts.mode ?? "fill",
    });
  };
}
/**
 * `lax.scatter(operand, scatterIndices, updates, dimensionNumbers, opts?)` (jax.lax.scatter): XLA's Scatter, `operand` with `updates` written at `scatterIndices`; out-of-bounds updates are dropped ("fill" mode, the default).
 *
 * @example
 * ```ts
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
 * lax.scatter(np.zeros([4]), np.array([[1], [3]], { dtype: "int32" }), np.array([5, 6]), dn); // Array([0., 5., 0., 6.], dtype=float32)
 * ```
 */
export const scatter = scatterOp("scatter");
/**
 * `lax.scatterAdd(operand, scatterIndices, updates, dimensionNumbers, opts?)` (jax.lax.scatter_add): as lax.scatter, adding the updates (repeated indices accumulate).
 *
 * @example
 * ```ts
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
 * lax.scatterAdd(np.ones([4]), np.array([[1], [1], [3]], { dtype: "int32" }), np.array([5, 6, 7]), dn); // Array([ 1., 12.,  1.,  8.], dtype=float32)
 * ```
 */
export const scatterAdd = scatterOp("scatter-add");
/**
 * `lax.scatterMul(operand, scatterIndices, updates, dimensionNumbers, opts?)` (jax.lax.scatter_mul): as lax.scatter, multiplying by the updates.
 *
 * @example
 * ```ts
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
 * lax.scatterMul(np.full([4], 2), np.array([[1], [1], [3]], { dtype: "int32" }), np.array([5, 6, 7]), dn); // Array([ 2., 60.,  2., 14.], dtype=float32)
 * ```
 */
export const scatterMul = scatterOp("scatter-mul");
/**
 * `lax.scatterMin(operand, scatterIndices, updates, dimensionNumbers, opts?)` (jax.lax.scatter_min): as lax.scatter, keeping the minimum of the operand and the updates.
 *
 * @example
 * ```ts
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
 * lax.scatterMin(np.full([4], 2), np.array([[1], [3]], { dtype: "int32" }), np.array([1, 7]), dn); // Array([2., 1., 2., 2.], dtype=float32)
 * ```
 */
export const scatterMin = scatterOp("scatter-min");
/**
 * `lax.scatterMax(operand, scatterIndices, updates, dimensionNumbers, opts?)` (jax.lax.scatter_max): as lax.scatter, keeping the maximum of the operand and the updates.
 *
 * @example
 * ```ts
 * const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
 * lax.scatterMax(np.full([4], 2), np.array([[1], [3]], { dtype: "int32" }), np.array([1, 7]), dn); // Array([2., 2., 2., 7.], dtype=float32)
 * ```
 */
export const scatterMax = scatterOp("scatter-max");

/**
 * `lax.iota(dtype, size)` (jax.lax.iota): [0, 1, ..., size - 1] in `dtype`.
 *
 * @example
 * ```ts
 * lax.iota("int32", 4); // Array([0, 1, 2, 3], dtype=int32)
 * ```
 */
export function iota(dtype: DType, size: number): Array {
  return broadcastedIota(checkDType(dtype), [size], 0);
}

/**
 * `lax.broadcastedIota(dtype, shape, dimension)` (jax.lax.broadcasted_iota): an array of `shape` whose elements are their index along `dimension`.
 *
 * @example
 * ```ts
 * lax.broadcastedIota("int32", [2, 3], 1); // Array([[0, 1, 2], [0, 1, 2]], dtype=int32)
 * ```
 */
export function broadcastedIota(dtype: DType, shape: readonly number[], dimension: number): Array {
  return bind1("iota", [], { dtype: checkDType(dtype), shape: [...shape], dimension });
}

function reduceOp(name: ReduceName) {
  return (x: ArrayLike, axes: readonly number[]): Array => bind1(name, [asArray(x)], { axes: [...axes] });
}
/**
 * `lax.reduceSum(x, axes)` (jax.lax.reduce_sum_p): the sum over `axes`.
 *
 * @example
 * ```ts
 * lax.reduceSum(np.array([[1, 2], [3, 4]]), [0]); // Array([4., 6.], dtype=float32)
 * ```
 */
export const reduceSum = reduceOp("reduce_sum");
/**
 * `lax.reduceMax(x, axes)` (jax.lax.reduce_max_p): the maximum over `axes`.
 *
 * @example
 * ```ts
 * lax.reduceMax(np.array([[1, 2], [3, 4]]), [1]); // Array([2., 4.], dtype=float32)
 * ```
 */
export const reduceMax = reduceOp("reduce_max");
/**
 * `lax.reduceMin(x, axes)` (jax.lax.reduce_min_p): the minimum over `axes`.
 *
 * @example
 * ```ts
 * lax.reduceMin(np.array([[1, 2], [3, 4]]), [1]); // Array([1., 3.], dtype=float32)
 * ```
 */
export const reduceMin = reduceOp("reduce_min");
/**
 * `lax.reduceProd(x, axes)` (jax.lax.reduce_prod_p): the product over `axes`.
 *
 * @example
 * ```ts
 * lax.reduceProd(np.array([[1, 2], [3, 4]]), [0, 1]); // Array(24., dtype=float32)
 * ```
 */
export const reduceProd = reduceOp("reduce_prod");
/**
 * `lax.reduceAnd(x, axes)` (jax.lax.reduce_and_p): logical (bitwise for integers) and over `axes`.
 *
 * @example
 * ```ts
 * lax.reduceAnd(np.array([[true, false], [true, true]]), [1]); // Array([False,  True], dtype=bool)
 * ```
 */
export const reduceAnd = reduceOp("reduce_and");
/**
 * `lax.reduceOr(x, axes)` (jax.lax.reduce_or_p): logical (bitwise for integers) or over `axes`.
 *
 * @example
 * ```ts
 * lax.reduceOr(np.array([[true, false], [false, false]]), [1]); // Array([ True, False], dtype=bool)
 * ```
 */
export const reduceOr = reduceOp("reduce_or");

/**
 * `lax.argmax(x, axis, indexDtype?)` (jax.lax.argmax): the index of the largest element along `axis` (the first among ties).
 *
 * @example
 * ```ts
 * lax.argmax(np.array([[1, 5, 5], [7, 0, 2]]), 1); // Array([1, 0], dtype=int32)
 * ```
 */
export function argmax(x: ArrayLike, axis: number, indexDtype: DType = "int32"): Array {
  return bind1("argmax", [asArray(x)], { axes: [axis], indexDtype });
}
/**
 * `lax.argmin(x, axis, indexDtype?)` (jax.lax.argmin): the index of the smallest element along `axis` (the first among ties).
 *
 * @example
 * ```ts
 * lax.argmin(np.array([[1, 0, 0], [7, 0, 2]]), 1); // Array([1, 1], dtype=int32)
 * ```
 */
export function argmin(x: ArrayLike, axis: number, indexDtype: DType = "int32"): Array {
  return bind1("argmin", [asArray(x)], { axes: [axis], indexDtype });
}

function cumulativeOp(name: CumulativeName) {
  return (x: ArrayLike, axis = 0, reverse = false): Array => {
    const a = asArray(x);
    const ax = axis < 0 ? axis + a.ndim : axis;
    return bind1(name, [a], { axis: ax, reverse });
  };
}
/**
 * `lax.cumsum(x, axis?, reverse?)` (jax.lax.cumsum): the running sum along `axis`, from the end when `reverse`.
 *
 * @example
 * ```ts
 * lax.cumsum(np.array([1, 2, 3])); // Array([1., 3., 6.], dtype=float32)
 * lax.cumsum(np.array([1, 2, 3]), 0, true); // Array([6., 5., 3.], dtype=float32)
 * ```
 */
export const cumsum = cumulativeOp("cumsum");
/**
 * `lax.cumprod(x, axis?, reverse?)` (jax.lax.cumprod): the running product along `axis`.
 *
 * @example
 * ```ts
 * lax.cumprod(np.array([1, 2, 3, 4])); // Array([ 1.,  2.,  6., 24.], dtype=float32)
 * ```
 */
export const cumprod = cumulativeOp("cumprod");
/**
 * `lax.cummax(x, axis?, reverse?)` (jax.lax.cummax): the running maximum along `axis`.
 *
 * @example
 * ```ts
 * lax.cummax(np.array([1, 3, 2, 5])); // Array([1., 3., 3., 5.], dtype=float32)
 * ```
 */
export const cummax = cumulativeOp("cummax");
/**
 * `lax.cummin(x, axis?, reverse?)` (jax.lax.cummin): the running minimum along `axis`.
 *
 * @example
 * ```ts
 * lax.cummin(np.array([4, 3, 5, 1])); // Array([4., 3., 3., 1.], dtype=float32)
 * ```
 */
export const cummin = cumulativeOp("cummin");

/** The keyword arguments of lax.dot and lax.dot_general. */
export interface DotOptions {
  /** Accepted and validated; dprog always computes at full precision (HIGHEST), see {@link Precision}. */
  precision?: PrecisionArg;
  preferredElementType?: DType | null;
}

/**
 * Reads `(precision, preferredElementType)` given JAX's way (positionally or as an options object)
 * or dprog's earlier way (a dtype name in the precision's place is the preferred element type).
 */
function dotArgs(what: string, third: PrecisionArg | DType | DotOptions | null | undefined, fourth: DType | null | undefined): DType | null {
  let precision: unknown = null;
  let preferred: DType | null | undefined = fourth;
  if (typeof third === "string" && isDType(third)) {
    if (fourth !== undefined && fourth !== null) throw new TypeError(`${what}: preferredElementType given twice ('${third}' and '${fourth}').`);
    preferred = third;
  } else if (typeof third === "object" && third !== null && !(third instanceof PrecisionMember) && !globalThis.Array.isArray(third)) {
    const opts = third as DotOptions;
    precision = opts.precision ?? null;
    preferred = opts.preferredElementType ?? fourth;
  } else {
    precision = third;
  }
  canonicalizePrecision(precision);
  return preferred === undefined || preferred === null ? null : checkDType(preferred);
}

/**
 * lax.dot_general. `precision` (a {@link Precision}, a string naming one, or one per operand) is
 * validated and otherwise has no effect: dprog computes float32 products in full float32 precision
 * on the CPU, so every precision gives the same values (HIGHEST is what runs). dprog's earlier form
 * `dotGeneral(l, r, dn, preferredElementType)` still works.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * const y = np.array([[1, 0], [0, 1]]);
 * lax.dotGeneral(x, y, [[[1], [0]], [[], []]], lax.Precision.HIGHEST, "float32"); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * lax.dotGeneral(x, y, [[[1], [0]], [[], []]], { precision: "highest", preferredElementType: "float32" }); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * ```
 */
export function dotGeneral(
  lhs: ArrayLike,
  rhs: ArrayLike,
  dimensionNumbers: DotDimensionNumbers,
  precision: PrecisionArg | DType | DotOptions | null = null,
  preferredElementType: DType | null = null,
): Array {
  const preferred = dotArgs("dot_general", precision, preferredElementType);
  const [l, r] = asArrays([lhs, rhs]);
  return bind1("dot_general", [l!, r!], { dimensionNumbers, preferredElementType: preferred });
}

/**
 * lax.dot: vector/matrix product contracting lhs's last and rhs's first dimension. `precision`
 * is validated only: every precision gives the same (full float32) values in dprog.
 *
 * @example
 * ```ts
 * lax.dot(np.array([[1, 2], [3, 4]]), np.array([1, 1]), lax.Precision.HIGHEST); // [3, 7]
 * lax.dot(np.array([1, 2]), np.array([3, 4]), { precision: "float32", preferredElementType: "float32" }); // Array(11., dtype=float32)
 * ```
 */
export function dot(lhs: ArrayLike, rhs: ArrayLike, precision: PrecisionArg | DType | DotOptions | null = null, preferredElementType: DType | null = null): Array {
  const preferred = dotArgs("dot", precision, preferredElementType);
  const [l, r] = asArrays([lhs, rhs]);
  return dotGeneral(l!, r!, [[[l!.ndim - 1], [0]], [[], []]], null, preferred);
}

/**
 * `lax.sort(operands, opts?)` (jax.lax.sort): the operands sorted together along `dimension` (default the last), ordered by the first `numKeys` (default 1); returns every operand.
 *
 * @example
 * ```ts
 * lax.sort([np.array([3, 1, 2]), np.array([30, 10, 20])]); // [Array([1., 2., 3.], dtype=float32), Array([10., 20., 30.], dtype=float32)]
 * ```
 */
export function sort(operands: ArrayLike | readonly ArrayLike[], opts: { dimension?: number; isStable?: boolean; numKeys?: number } = {}): Array[] {
  const list = globalThis.Array.isArray(operands) ? asArrays(operands) : [asArray(operands as ArrayLike)];
  const dimension = opts.dimension ?? -1;
  const nd = list[0]!.ndim;
  return bind("sort", list, { dimension: dimension < 0 ? dimension + nd : dimension, isStable: opts.isStable ?? true, numKeys: opts.numKeys ?? 1 });
}

/**
 * `lax.sortKeyVal(keys, values, dimension?)` (jax.lax.sort_key_val): `keys` sorted, and `values` permuted alongside.
 *
 * @example
 * ```ts
 * const [k, v] = lax.sortKeyVal(np.array([3, 1, 2]), np.array([0, 1, 2], { dtype: "int32" }));
 * v; // Array([1, 2, 0], dtype=int32)
 * ```
 */
export function sortKeyVal(keys: ArrayLike, values: ArrayLike, dimension = -1): [Array, Array] {
  const [k, v] = sort([keys, values], { dimension, numKeys: 1 });
  return [k!, v!];
}
