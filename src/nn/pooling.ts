// Pooling as flax.linen.max_pool / avg_pool / min_pool (flax/linen/pooling.py), an addition:
// jax.nn has no pooling, and these are what a JAX user reaches for. Inputs are (batch...,
// spatial..., features): the window slides over the spatial dims only.
import type { Array, ArrayLike } from "../core/array.js";
import { maxValue, minValue } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import type { WindowPaddingLike } from "../lax/windowed.js";

export interface PoolOptions {
  /** Steps of the window per spatial dim (default 1 each). */
  strides?: readonly number[] | null;
  /** "VALID" (default), "SAME", "SAME_LOWER" or (low, high) per spatial dim. */
  padding?: WindowPaddingLike;
}

export interface AvgPoolOptions extends PoolOptions {
  /** Whether padding counts in each window's average (default true, as flax). */
  countIncludePad?: boolean;
}

/** flax's pool: the window over the spatial dims between the batch dims and the features. */
function pool(x: Array, init: number, reduce: (a: never, b: never) => unknown, windowShape: readonly number[], opts: PoolOptions): Array {
  const k = windowShape.length;
  const batchDims = x.ndim - (k + 1);
  if (batchDims < 0) throw new ValueError(`pooling expects inputs of rank at least ${k + 1} (spatial dims and features) for a window of shape (${windowShape.join(", ")}), got shape (${x.shape.join(", ")}).`);
  const strides = opts.strides ?? windowShape.map(() => 1);
  if (strides.length !== k) throw new ValueError(`strides (${strides.join(", ")}) must have as many entries as window_shape (${windowShape.join(", ")}).`);
  const lead = Array_(batchDims, 1);
  const padding = opts.padding ?? "VALID";
  const pads = typeof padding === "string" ? padding : [...Array_(batchDims, [0, 0] as const), ...padding, [0, 0] as const];
  return lax.reduceWindow(x, init, reduce, [...lead, ...windowShape, 1], [...lead, ...strides, 1], pads);
}

const Array_ = <T>(n: number, v: T): T[] => globalThis.Array.from({ length: n }, () => v);

/**
 * `nn.maxPool(x, windowShape, { strides?, padding? })`: the maximum over each window of the
 * spatial dims of `x` (batch..., spatial..., features), as flax.linen.max_pool.
 *
 * @example
 * ```ts
 * const images = np.arange(16).reshape([1, 4, 4, 1]); // shape [n, h, w, c]
 * nn.maxPool(images, [2, 2], { strides: [2, 2] }).reshape([2, 2]); // Array([[ 5,  7], [13, 15]], dtype=int32)
 * ```
 */
export function maxPool(x: ArrayLike, windowShape: readonly number[], opts: PoolOptions = {}): Array {
  const a = np.asarray(x);
  return pool(a, minValue(a.dtype), lax.max, windowShape, opts);
}

/**
 * `nn.minPool(x, windowShape, { strides?, padding? })`: the minimum over each window, as flax.linen.min_pool.
 *
 * @example
 * ```ts
 * const images = np.arange(16).reshape([1, 4, 4, 1]); // shape [n, h, w, c]
 * nn.minPool(images, [2, 2], { strides: [2, 2] }).reshape([2, 2]); // Array([[ 0,  2], [ 8, 10]], dtype=int32)
 * ```
 */
export function minPool(x: ArrayLike, windowShape: readonly number[], opts: PoolOptions = {}): Array {
  const a = np.asarray(x);
  return pool(a, maxValue(a.dtype), lax.min, windowShape, opts);
}

/**
 * `nn.avgPool(x, windowShape, { strides?, padding?, countIncludePad? })`: the mean over each window,
 * as flax.linen.avg_pool: with `countIncludePad` false, each window divides by its count of real
 * elements.
 *
 * @example
 * ```ts
 * const images = np.arange(16).reshape([1, 4, 4, 1]); // shape [n, h, w, c]
 * nn.avgPool(images, [2, 2], { strides: [2, 2] }).reshape([2, 2]); // Array([[ 2.5,  4.5], [10.5, 12.5]], dtype=float32)
 * nn.avgPool(np.array([[[1], [2], [3]]]), [2], { padding: "SAME", countIncludePad: false }).reshape([3]); // Array([1.5, 2.5, 3. ], dtype=float32)
 * ```
 */
export function avgPool(x: ArrayLike, windowShape: readonly number[], opts: AvgPoolOptions = {}): Array {
  const a = np.asarray(x);
  const sum = pool(a, 0, lax.add, windowShape, opts);
  if (opts.countIncludePad ?? true) return np.divide(sum, windowShape.reduce((p, w) => p * w, 1));
  // Counts of real elements per window: the same pooling over ones (without the batch and features).
  const ones = np.ones([...a.shape.slice(0, -1), 1], { dtype: sum.dtype });
  return np.divide(sum, pool(ones, 0, lax.add, windowShape, opts));
}
