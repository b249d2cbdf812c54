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
import { checkDType } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";
import { NO_PARAMS } from "../core/eval.js";
import { asArrays, scalarLike } from "./core.js";

const one = (x: ArrayLike): Array => asArrays([x])[0]!;

export function broadcastInDim(x: ArrayLike, shape: readonly number[], broadcastDimensions: readonly number[]): Array {
  return bind1("broadcast_in_dim", [one(x)], { shape: [...shape], broadcastDimensions: [...broadcastDimensions] });
}

/** lax.broadcast: adds leading dimensions `sizes`. */
export function broadcast(x: ArrayLike, sizes: readonly number[]): Array {
  const a = one(x);
  return broadcastInDim(a, [...sizes, ...a.shape], a.shape.map((_, i) => i + sizes.length));
}

export function reshape(x: ArrayLike, newSizes: readonly number[]): Array {
  return bind1("reshape", [one(x)], { newSizes: [...newSizes] });
}

export function transpose(x: ArrayLike, permutation: readonly number[]): Array {
  return bind1("transpose", [one(x)], { permutation: [...permutation] });
}

export function squeeze(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("squeeze", [one(x)], { dimensions: [...dimensions] });
}

export function expandDims(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("expand_dims", [one(x)], { dimensions: [...dimensions] });
}

export function rev(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("rev", [one(x)], { dimensions: [...dimensions] });
}

export function pad(x: ArrayLike, paddingValue: ArrayLike, paddingConfig: PaddingConfig): Array {
  const a = one(x);
  return bind1("pad", [a, scalarLike(paddingValue, a.dtype)], { paddingConfig: paddingConfig.map((c) => [...c] as const) });
}

export function concatenate(xs: readonly ArrayLike[], dimension: number): Array {
  return bind1("concatenate", asArrays(xs), { dimension });
}

export function slice(x: ArrayLike, startIndices: readonly number[], limitIndices: readonly number[], strides: readonly number[] | null = null): Array {
  return bind1("slice", [one(x)], { startIndices: [...startIndices], limitIndices: [...limitIndices], strides: strides ? [...strides] : null });
}

/** lax.slice_in_dim. */
export function sliceInDim(x: ArrayLike, start: number, limit: number, stride = 1, axis = 0): Array {
  const a = one(x);
  const starts = a.shape.map(() => 0);
  const limits = [...a.shape];
  const strides = a.shape.map(() => 1);
  starts[axis] = start;
  limits[axis] = limit;
  strides[axis] = stride;
  return slice(a, starts, limits, strides);
}

const index = (i: ArrayLike): Array => scalarLike(i, "int32");

export function dynamicSlice(x: ArrayLike, startIndices: readonly ArrayLike[], sliceSizes: readonly number[]): Array {
  return bind1("dynamic_slice", [one(x), ...startIndices.map(index)], { sliceSizes: [...sliceSizes] });
}

export function dynamicUpdateSlice(x: ArrayLike, update: ArrayLike, startIndices: readonly ArrayLike[]): Array {
  const a = one(x);
  return bind1("dynamic_update_slice", [a, scalarLike(update, a.dtype), ...startIndices.map(index)], NO_PARAMS);
}

export interface GatherOptions {
  mode?: GatherScatterMode;
  fillValue?: number | null;
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}

export function gather(operand: ArrayLike, startIndices: ArrayLike, dimensionNumbers: GatherDimensionNumbers, sliceSizes: readonly number[], opts: GatherOptions = {}): Array {
  return bind1("gather", [one(operand), one(startIndices)], {
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
    const a = one(operand);
    return bind1(name, [a, one(scatterIndices), scalarLike(updates, a.dtype)], {
      dimensionNumbers,
      indicesAreSorted: opts.indicesAreSorted ?? false,
      uniqueIndices: opts.uniqueIndices ?? false,
      mode: opts.mode ?? "fill",
    });
  };
}
export const scatter = scatterOp("scatter");
export const scatterAdd = scatterOp("scatter-add");
export const scatterMul = scatterOp("scatter-mul");
export const scatterMin = scatterOp("scatter-min");
export const scatterMax = scatterOp("scatter-max");

export function iota(dtype: DType, size: number): Array {
  return broadcastedIota(checkDType(dtype), [size], 0);
}

export function broadcastedIota(dtype: DType, shape: readonly number[], dimension: number): Array {
  return bind1("iota", [], { dtype: checkDType(dtype), shape: [...shape], dimension });
}

function reduceOp(name: ReduceName) {
  return (x: ArrayLike, axes: readonly number[]): Array => bind1(name, [one(x)], { axes: [...axes] });
}
export const reduceSum = reduceOp("reduce_sum");
export const reduceMax = reduceOp("reduce_max");
export const reduceMin = reduceOp("reduce_min");
export const reduceProd = reduceOp("reduce_prod");
export const reduceAnd = reduceOp("reduce_and");
export const reduceOr = reduceOp("reduce_or");

export function argmax(x: ArrayLike, axis: number, indexDtype: DType = "int32"): Array {
  return bind1("argmax", [one(x)], { axes: [axis], indexDtype });
}
export function argmin(x: ArrayLike, axis: number, indexDtype: DType = "int32"): Array {
  return bind1("argmin", [one(x)], { axes: [axis], indexDtype });
}

function cumulativeOp(name: CumulativeName) {
  return (x: ArrayLike, axis = 0, reverse = false): Array => {
    const a = one(x);
    const ax = axis < 0 ? axis + a.ndim : axis;
    return bind1(name, [a], { axis: ax, reverse });
  };
}
export const cumsum = cumulativeOp("cumsum");
export const cumprod = cumulativeOp("cumprod");
export const cummax = cumulativeOp("cummax");
export const cummin = cumulativeOp("cummin");

export function dotGeneral(lhs: ArrayLike, rhs: ArrayLike, dimensionNumbers: DotDimensionNumbers, preferredElementType: DType | null = null): Array {
  const [l, r] = asArrays([lhs, rhs]);
  return bind1("dot_general", [l!, r!], { dimensionNumbers, preferredElementType });
}

/** lax.dot: vector/matrix product contracting lhs's last and rhs's first dimension. */
export function dot(lhs: ArrayLike, rhs: ArrayLike, preferredElementType: DType | null = null): Array {
  const [l, r] = asArrays([lhs, rhs]);
  return dotGeneral(l!, r!, [[[l!.ndim - 1], [0]], [[], []]], preferredElementType);
}

/** lax.sort over several operands, ordered by the first `numKeys`. */
export function sort(operands: ArrayLike | readonly ArrayLike[], opts: { dimension?: number; isStable?: boolean; numKeys?: number } = {}): Array[] {
  const list = globalThis.Array.isArray(operands) ? asArrays(operands) : [one(operands as ArrayLike)];
  const dimension = opts.dimension ?? -1;
  const nd = list[0]!.ndim;
  return bind("sort", list, { dimension: dimension < 0 ? dimension + nd : dimension, isStable: opts.isStable ?? true, numKeys: opts.numKeys ?? 1 });
}

/** lax.sort_key_val. */
export function sortKeyVal(keys: ArrayLike, values: ArrayLike, dimension = -1): [Array, Array] {
  const [k, v] = sort([keys, values], { dimension, numKeys: 1 });
  return [k!, v!];
}
