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


export function broadcastInDim(x: ArrayLike, shape: readonly number[], broadcastDimensions: readonly number[]): Array {
  return bind1("broadcast_in_dim", [asArray(x)], { shape: [...shape], broadcastDimensions: [...broadcastDimensions] });
}

/** lax.broadcast: adds leading dimensions `sizes`. */
export function broadcast(x: ArrayLike, sizes: readonly number[]): Array {
  const a = asArray(x);
  return broadcastInDim(a, [...sizes, ...a.shape], a.shape.map((_, i) => i + sizes.length));
}

export function reshape(x: ArrayLike, newSizes: readonly number[]): Array {
  return bind1("reshape", [asArray(x)], { newSizes: [...newSizes] });
}

export function transpose(x: ArrayLike, permutation: readonly number[]): Array {
  return bind1("transpose", [asArray(x)], { permutation: [...permutation] });
}

export function squeeze(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("squeeze", [asArray(x)], { dimensions: [...dimensions] });
}

export function expandDims(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("expand_dims", [asArray(x)], { dimensions: [...dimensions] });
}

export function rev(x: ArrayLike, dimensions: readonly number[]): Array {
  return bind1("rev", [asArray(x)], { dimensions: [...dimensions] });
}

export function pad(x: ArrayLike, paddingValue: ArrayLike, paddingConfig: PaddingConfig): Array {
  const a = asArray(x);
  return bind1("pad", [a, scalarLike(paddingValue, a.dtype)], { paddingConfig: paddingConfig.map((c) => [...c] as const) });
}

export function concatenate(xs: readonly ArrayLike[], dimension: number): Array {
  return bind1("concatenate", asArrays(xs), { dimension });
}

export function slice(x: ArrayLike, startIndices: readonly number[], limitIndices: readonly number[], strides: readonly number[] | null = null): Array {
  return bind1("slice", [asArray(x)], { startIndices: [...startIndices], limitIndices: [...limitIndices], strides: strides ? [...strides] : null });
}

/** lax.slice_in_dim. */
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

export function dynamicSlice(x: ArrayLike, startIndices: readonly ArrayLike[], sliceSizes: readonly number[]): Array {
  return bind1("dynamic_slice", [asArray(x), ...startIndices.map(index)], { sliceSizes: [...sliceSizes] });
}

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
  return (x: ArrayLike, axes: readonly number[]): Array => bind1(name, [asArray(x)], { axes: [...axes] });
}
export const reduceSum = reduceOp("reduce_sum");
export const reduceMax = reduceOp("reduce_max");
export const reduceMin = reduceOp("reduce_min");
export const reduceProd = reduceOp("reduce_prod");
export const reduceAnd = reduceOp("reduce_and");
export const reduceOr = reduceOp("reduce_or");

export function argmax(x: ArrayLike, axis: number, indexDtype: DType = "int32"): Array {
  return bind1("argmax", [asArray(x)], { axes: [axis], indexDtype });
}
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
export const cumsum = cumulativeOp("cumsum");
export const cumprod = cumulativeOp("cumprod");
export const cummax = cumulativeOp("cummax");
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

/** lax.sort over several operands, ordered by the first `numKeys`. */
export function sort(operands: ArrayLike | readonly ArrayLike[], opts: { dimension?: number; isStable?: boolean; numKeys?: number } = {}): Array[] {
  const list = globalThis.Array.isArray(operands) ? asArrays(operands) : [asArray(operands as ArrayLike)];
  const dimension = opts.dimension ?? -1;
  const nd = list[0]!.ndim;
  return bind("sort", list, { dimension: dimension < 0 ? dimension + nd : dimension, isStable: opts.isStable ?? true, numKeys: opts.numKeys ?? 1 });
}

/** lax.sort_key_val. */
export function sortKeyVal(keys: ArrayLike, values: ArrayLike, dimension = -1): [Array, Array] {
  const [k, v] = sort([keys, values], { dimension, numKeys: 1 });
  return [k!, v!];
}
