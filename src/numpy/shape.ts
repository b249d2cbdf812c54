// numpy's shape functions (jax.numpy's semantics): reshape, transpose, moveaxis, squeeze,
// broadcasting, concatenation and splitting, tile/repeat, flip/roll, pad. Every function is built
// from lax primitives only, so each works under every transform; arrays are never mutated.
import type { DTypeLike } from "./dtypeLike.js";
import { toDType } from "./dtypeLike.js";
import { kwargs } from "./options.js";
import type { DType } from "../../jaxpr/index.js";
import { canonicalizeAxis, checkDType, shapeSize, shapeString } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { fromValues } from "./fromValues.js";
import { ValueError } from "../core/errors.js";
import { asArray, convertTo, resultType, tryBroadcastShapes } from "./promote.js";
import { range } from "../../jaxpr/lists.js";

/** jnp.asarray for an operand: arrays pass through, JS scalars become (weakly typed) rank-0 arrays. */

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const asList = (v: number | readonly number[]): number[] => (typeof v === "number" ? [v] : [...v]);

/** Canonicalizes a list of axes against `ndim`, rejecting repeats. */
function canonicalizeAxes(axes: readonly number[], ndim: number, what: string): number[] {
  const out = axes.map((a) => canonicalizeAxis(a, ndim));
  if (new Set(out).size !== out.length) throw new ValueError(`repeated axis in ${what}: (${axes.join(", ")})`);
  return out;
}

/** The indices `start..limit` of one axis, everything else whole. */
function sliceAxis(x: Array, axis: number, start: number, limit: number): Array {
  if (start === 0 && limit === x.shape[axis]) return x;
  return lax.sliceInDim(x, start, limit, 1, axis);
}

// ---------------------------------------------------------------------------------------------
// Shape queries

/**
 * `np.ndim(x)` (jnp.ndim): the number of axes of `x`; 0 for a scalar.
 *
 * @example
 * ```ts
 * np.ndim(np.ones([2, 3])); // 2
 * np.ndim(5); // 0
 * ```
 */
export function ndim(x: ArrayLike): number {
  return x instanceof Array ? x.ndim : 0;
}

/**
 * `np.shape(x)` (jnp.shape): the shape of `x` as a new array of numbers; [] for a scalar.
 *
 * @example
 * ```ts
 * np.shape(np.ones([2, 3])); // [2, 3]
 * np.shape(7); // []
 * ```
 */
export function shape(x: ArrayLike): number[] {
  return x instanceof Array ? [...x.shape] : [];
}

/**
 * `np.size(x, axis?)` (jnp.size): the number of elements, or the length of `axis`.
 *
 * @example
 * ```ts
 * np.size(np.ones([2, 3])); // 6
 * np.size(np.ones([2, 3]), 1); // 3
 * ```
 */
export function size(x: ArrayLike, axis?: number | null): number {
  if (!(x instanceof Array)) {
    if (axis !== undefined && axis !== null) canonicalizeAxis(axis, 0);
    return 1;
  }
  if (axis === undefined || axis === null) return x.size;
  return x.shape[canonicalizeAxis(axis, x.ndim)]!;
}

// ---------------------------------------------------------------------------------------------
// reshape / transpose / astype

function reshapeError(x: Array, newShape: readonly number[], why: string): TypeError {
  return new TypeError(`cannot reshape array of shape ${shapeString(x.shape)} (size ${x.size}) into shape ${shapeString(newShape)}${why}`);
}

/** The concrete shape for `newShape`, inferring one -1 (numpy's rules, JAX's errors). */
function computeNewShape(x: Array, newShape: readonly number[]): number[] {
  for (const d of newShape) {
    if (!isInt(d) || d < -1) throw reshapeError(x, newShape, `: dimensions must be non-negative integers or -1, got ${String(d)}`);
  }
  const neg = newShape.flatMap((d, i) => (d === -1 ? [i] : []));
  if (neg.length > 1) throw reshapeError(x, newShape, ": can only specify one unknown dimension");
  if (neg.length === 1) {
    const others = shapeSize(newShape.filter((d) => d !== -1));
    if (others === 0) throw reshapeError(x, newShape, ": the unknown dimension is ambiguous when another dimension is 0");
    if (x.size % others !== 0) {
      throw reshapeError(x, newShape, ` because the product of specified axis sizes (${others}) does not evenly divide ${x.size}`);
    }
    return newShape.map((d) => (d === -1 ? x.size / others : d));
  }
  if (shapeSize(newShape) !== x.size) throw reshapeError(x, newShape, ` (size ${shapeSize(newShape)})`);
  return [...newShape];
}

/**
 * `np.reshape(x, shape)` (jnp.reshape): `shape` may hold one -1, inferred from the size.
 *
 * @example
 * ```ts
 * const x = np.arange(6);
 * np.reshape(x, [2, 3]); // Array([[0, 1, 2], [3, 4, 5]], dtype=int32)
 * np.reshape(x, [-1, 2]).shape; // [3, 2]
 * ```
 */
export function reshape(x: ArrayLike, shape: number | readonly number[]): Array {
  const a = asArray(x);
  const newShape = computeNewShape(a, asList(shape));
  if (newShape.length === a.ndim && newShape.every((d, i) => d === a.shape[i])) return a;
  return lax.reshape(a, newShape);
}

/**
 * `np.transpose(x, axes?)` (jnp.transpose): reverses the axes by default; negative axes allowed.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2, 3]]);
 * np.transpose(x); // Array([[1.], [2.], [3.]], dtype=float32)
 * np.transpose(np.ones([2, 3, 4]), [1, 0, 2]).shape; // [3, 2, 4]
 * np.transpose(np.ones([2, 3, 4]), { axes: [2, 0, 1] }).shape; // [4, 2, 3]
 * ```
 */
export function transpose(x: ArrayLike, axes?: readonly number[] | null | { axes?: readonly number[] | null }, opts?: { axes?: readonly number[] | null }): Array {
  return transposeImpl(x, kwargs<{ axes?: readonly number[] | null }>("transpose", ["axes"], [axes, opts]).axes);
}

function transposeImpl(x: ArrayLike, axes?: readonly number[] | null): Array {
  const a = asArray(x);
  if (axes === undefined || axes === null) return a.ndim < 2 ? a : lax.transpose(a, range(a.ndim).reverse());
  if (axes.length !== a.ndim) throw new ValueError("axes don't match array");
  const perm = canonicalizeAxes(axes, a.ndim, "transpose");
  return lax.transpose(a, perm);
}

/**
 * `np.permuteDims(x, axes)` (jnp.permute_dims): the Array API's name for transpose with explicit axes.
 *
 * @example
 * ```ts
 * np.permuteDims(np.ones([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export const permuteDims = (x: ArrayLike, axes: readonly number[]): Array => transpose(x, axes);

/**
 * `np.matrixTranspose(x)` (jnp.matrix_transpose): swaps the last two axes.
 *
 * @example
 * ```ts
 * np.matrixTranspose(np.array([[1, 2, 3]])); // Array([[1.], [2.], [3.]], dtype=float32)
 * np.matrixTranspose(np.ones([4, 2, 3])).shape; // [4, 3, 2]
 * ```
 */
export function matrixTranspose(x: ArrayLike): Array {
  const a = asArray(x);
  if (a.ndim < 2) throw new ValueError(`x must be at least two-dimensional for matrix_transpose; got ndim=${a.ndim}`);
  return swapaxes(a, -1, -2);
}

/**
 * `np.astype(x, dtype)` (jnp.astype), also the method x.astype(dtype): converts to `dtype` (the result is never weakly typed).
 *
 * @example
 * ```ts
 * np.astype(np.array([1.7, -2.2]), "int32"); // Array([ 1, -2], dtype=int32)
 * np.array([0, 2]).astype(np.bool); // Array([False,  True], dtype=bool)
 * ```
 */
export function astype(x: ArrayLike, dtype: DTypeLike): Array {
  const a = asArray(x);
  const d = toDType(dtype) ?? checkDType(dtype);
  if (a.dtype === d && !a.weakType) return a;
  return lax.convertElementType(a, d);
}

/**
 * `np.moveaxis(x, source, destination)` (jnp.moveaxis): moves the axes `source` to the positions `destination`, the others keeping their order.
 *
 * @example
 * ```ts
 * const x = np.ones([2, 3, 4]);
 * np.moveaxis(x, 0, -1).shape; // [3, 4, 2]
 * np.moveaxis(x, [0, 1], [2, 0]).shape; // [3, 4, 2]
 * ```
 */
export function moveaxis(x: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): Array {
  const a = asArray(x);
  const src = canonicalizeAxes(asList(source), a.ndim, "`source` argument");
  const dst = canonicalizeAxes(asList(destination), a.ndim, "`destination` argument");
  if (src.length !== dst.length) throw new ValueError("`source` and `destination` arguments must have the same number of elements");
  const perm = range(a.ndim).filter((i) => !src.includes(i));
  const pairs = dst.map((d, i) => [d, src[i]!] as const).sort((p, q) => p[0] - q[0]);
  for (const [d, s] of pairs) perm.splice(d, 0, s);
  if (perm.every((p, i) => p === i)) return a;
  return lax.transpose(a, perm);
}

/**
 * `np.swapaxes(x, axis1, axis2)` (jnp.swapaxes): exchanges two axes.
 *
 * @example
 * ```ts
 * np.swapaxes(np.array([[1, 2, 3]]), 0, 1); // Array([[1.], [2.], [3.]], dtype=float32)
 * ```
 */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): Array {
  const a = asArray(x);
  const i = canonicalizeAxis(axis1, a.ndim);
  const j = canonicalizeAxis(axis2, a.ndim);
  if (i === j) return a;
  const perm = range(a.ndim);
  perm[i] = j;
  perm[j] = i;
  return lax.transpose(a, perm);
}

// ---------------------------------------------------------------------------------------------
// Adding and removing axes

/**
 * `np.expandDims(x, axis)` (jnp.expand_dims): `axis` counts positions in the result (negative allowed).
 *
 * @example
 * ```ts
 * const x = np.array([1, 2]);
 * np.expandDims(x, 0); // Array([[1., 2.]], dtype=float32)
 * np.expandDims(x, { axis: [0, 2] }).shape; // [1, 2, 1]
 * ```
 */
export function expandDims(x: ArrayLike, axis: number | readonly number[] | { axis: number | readonly number[] }, opts?: { axis?: number | readonly number[] }): Array {
  const o = kwargs<{ axis?: number | readonly number[] }>("expand_dims", ["axis"], [axis, opts]);
  if (o.axis === undefined) throw new TypeError("expand_dims() missing required argument 'axis'");
  return expandDimsImpl(x, o.axis);
}

function expandDimsImpl(x: ArrayLike, axis: number | readonly number[]): Array {
  const a = asArray(x);
  const axes = asList(axis);
  const dims = canonicalizeAxes(axes, a.ndim + axes.length, "expand_dims").sort((p, q) => p - q);
  if (dims.length === 0) return a;
  return lax.expandDims(a, dims);
}

/**
 * `np.squeeze(x, axis?)` (jnp.squeeze): removes the given size-1 axes, or every size-1 axis.
 *
 * @example
 * ```ts
 * const x = np.ones([1, 3, 1]);
 * np.squeeze(x).shape; // [3]
 * np.squeeze(x, { axis: 0 }).shape; // [3, 1]
 * ```
 */
export function squeeze(x: ArrayLike, axis?: number | readonly number[] | null | { axis?: number | readonly number[] | null }, opts?: { axis?: number | readonly number[] | null }): Array {
  return squeezeImpl(x, kwargs<{ axis?: number | readonly number[] | null }>("squeeze", ["axis"], [axis, opts]).axis);
}

function squeezeImpl(x: ArrayLike, axis?: number | readonly number[] | null): Array {
  const a = asArray(x);
  let dims: number[];
  if (axis === undefined || axis === null) {
    dims = a.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  } else {
    dims = canonicalizeAxes(asList(axis), a.ndim, "squeeze").sort((p, q) => p - q);
    if (dims.some((d) => a.shape[d] !== 1)) {
      throw new ValueError(
        `cannot select an axis to squeeze out which has size not equal to one, got shape=${shapeString(a.shape)} and dimensions=${shapeString(dims)}`,
      );
    }
  }
  if (dims.length === 0) return a;
  return lax.squeeze(a, dims);
}

/**
 * `np.ravel(x)` (jnp.ravel): the row-major flattening.
 *
 * @example
 * ```ts
 * np.ravel(np.array([[1, 2], [3, 4]])); // Array([1., 2., 3., 4.], dtype=float32)
 * ```
 */
export function ravel(x: ArrayLike): Array {
  const a = asArray(x);
  return a.ndim === 1 ? a : lax.reshape(a, [a.size]);
}

/**
 * `np.atleast1d(...xs)` (jnp.atleast_1d): `x` with at least one axis: a scalar becomes shape [1].
 *
 * @example
 * ```ts
 * np.atleast1d(5); // Array([5], dtype=int32, weak_type=True)
 * np.atleast1d(np.array([1, 2])).shape; // [2]
 * ```
 */
export function atleast1d(x: ArrayLike): Array;
/** Several arrays, each with at least one axis (`jnp.atleast_1d`). */
export function atleast1d(...xs: ArrayLike[]): Array[];
export function atleast1d(...xs: ArrayLike[]): Array | Array[] {
  const out = xs.map((x) => {
    const a = asArray(x);
    return a.ndim >= 1 ? a : lax.reshape(a, [1]);
  });
  return out.length === 1 ? out[0]! : out;
}

/**
 * `np.atleast2d(...xs)` (jnp.atleast_2d): `x` with at least two axes: shape [] becomes [1, 1], [n] becomes [1, n].
 *
 * @example
 * ```ts
 * np.atleast2d(np.array([1, 2])); // Array([[1., 2.]], dtype=float32)
 * np.atleast2d(3).shape; // [1, 1]
 * ```
 */
export function atleast2d(x: ArrayLike): Array;
/** Several arrays, each with at least two axes (`jnp.atleast_2d`). */
export function atleast2d(...xs: ArrayLike[]): Array[];
export function atleast2d(...xs: ArrayLike[]): Array | Array[] {
  const out = xs.map((x) => {
    const a = asArray(x);
    if (a.ndim >= 2) return a;
    return lax.reshape(a, a.ndim === 0 ? [1, 1] : [1, a.shape[0]!]);
  });
  return out.length === 1 ? out[0]! : out;
}

/**
 * `np.atleast3d(...xs)` (jnp.atleast_3d): `x` with at least three axes: [] becomes [1, 1, 1], [n] becomes [1, n, 1], [m, n] becomes [m, n, 1].
 *
 * @example
 * ```ts
 * np.atleast3d(np.array([1, 2])).shape; // [1, 2, 1]
 * np.atleast3d(np.ones([2, 3])).shape; // [2, 3, 1]
 * ```
 */
export function atleast3d(x: ArrayLike): Array;
/** Several arrays, each with at least three axes (`jnp.atleast_3d`). */
export function atleast3d(...xs: ArrayLike[]): Array[];
export function atleast3d(...xs: ArrayLike[]): Array | Array[] {
  const out = xs.map((x) => {
    const a = asArray(x);
    if (a.ndim >= 3) return a;
    if (a.ndim === 0) return lax.reshape(a, [1, 1, 1]);
    if (a.ndim === 1) return lax.reshape(a, [1, a.shape[0]!, 1]);
    return lax.reshape(a, [...a.shape, 1]);
  });
  return out.length === 1 ? out[0]! : out;
}

// ---------------------------------------------------------------------------------------------
// Broadcasting

function broadcastShapeOf(shapes: readonly (readonly number[])[]): number[] {
  const out = tryBroadcastShapes(shapes);
  if (out === null) throw new ValueError(`Incompatible shapes for broadcasting: shapes=[${shapes.map(shapeString).join(", ")}]`);
  return out;
}

/**
 * `np.broadcastTo(x, shape)` (jnp.broadcast_to): with numpy's rules (JAX's ValueError wording).
 *
 * @example
 * ```ts
 * np.broadcastTo(np.array([1, 2, 3]), [2, 3]); // Array([[1., 2., 3.], [1., 2., 3.]], dtype=float32)
 * ```
 */
export function broadcastTo(x: ArrayLike, shape: number | readonly number[]): Array {
  const a = asArray(x);
  const target = asList(shape);
  if (target.some((d) => !isInt(d) || d < 0)) {
    throw new ValueError(`broadcast_to: all elements of shape must be non-negative integers, got ${shapeString(target)}`);
  }
  if (a.ndim === target.length && a.shape.every((d, i) => d === target[i])) return a;
  const lead = target.length - a.ndim;
  if (lead < 0 || a.shape.some((d, i) => d !== 1 && d !== target[lead + i])) {
    throw new ValueError(`Incompatible shapes for broadcasting: ${shapeString(a.shape)} and requested shape ${shapeString(target)}`);
  }
  return lax.broadcastInDim(a, target, a.shape.map((_, i) => i + lead));
}

/**
 * `np.broadcastArrays(...xs)` (jnp.broadcast_arrays): every operand broadcast to the common shape (dtypes unchanged).
 *
 * @example
 * ```ts
 * const [a, b] = np.broadcastArrays(np.array([[1], [2]]), np.array([10, 20, 30]));
 * a; // Array([[1., 1., 1.], [2., 2., 2.]], dtype=float32)
 * b.shape; // [2, 3]
 * ```
 */
export function broadcastArrays(...xs: ArrayLike[]): Array[] {
  const arrays = xs.map(asArray);
  const target = broadcastShapeOf(arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastTo(a, target));
}

// ---------------------------------------------------------------------------------------------
// Joining

/** Splits an Array along axis 0 into its rows (numpy accepts an array where a sequence goes). */
const asSequence = (xs: readonly ArrayLike[] | Array): ArrayLike[] => (xs instanceof Array ? unstack(xs) : [...xs]);

/**
 * `np.concatenate(xs, axis = 0)` (jnp.concatenate): dtypes are promoted across the inputs; `axis: null` flattens each first.
 *
 * @example
 * ```ts
 * const a = np.array([[1, 2]]);
 * const b = np.array([[3, 4]]);
 * np.concatenate([a, b]); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * np.concatenate([a, b], { axis: 1 }); // Array([[1., 2., 3., 4.]], dtype=float32)
 * np.concatenate([a, b], { axis: null, dtype: "int32" }); // Array([1, 2, 3, 4], dtype=int32)
 * ```
 */
export function concatenate(xs: readonly ArrayLike[] | Array, axis?: number | null | { axis?: number | null; dtype?: DTypeLike | null }, opts?: { axis?: number | null; dtype?: DTypeLike | null }): Array {
  const o = kwargs<{ axis?: number | null; dtype?: DType }>("concatenate", ["axis"], [axis, opts]);
  const out = concatenateImpl(xs, o.axis === undefined ? 0 : o.axis);
  return o.dtype === undefined || o.dtype === out.dtype ? out : lax.convertElementType(out, o.dtype);
}

function concatenateImpl(xs: readonly ArrayLike[] | Array, axis: number | null = 0): Array {
  const seq = asSequence(xs);
  if (seq.length === 0) throw new ValueError("Need at least one array to concatenate.");
  if (axis === null) return concatenate(seq.map(ravel), 0);
  const t = resultType(...seq);
  const arrays = seq.map((x) => convertTo(x, t));
  if (arrays[0]!.ndim === 0) throw new ValueError("Zero-dimensional arrays cannot be concatenated.");
  const ax = canonicalizeAxis(axis, arrays[0]!.ndim);
  if (arrays.length === 1) return arrays[0]!;
  for (const a of arrays) {
    if (a.ndim !== arrays[0]!.ndim) {
      throw new TypeError(
        `Cannot concatenate arrays with different numbers of dimensions: got ${arrays.map((b) => shapeString(b.shape)).join(", ")}.`,
      );
    }
  }
  return lax.concatenate(arrays, ax);
}

/**
 * `np.concat` (jnp.concat): the Array API's name for concatenate.
 *
 * @example
 * ```ts
 * np.concat([np.array([1, 2]), np.array([3])]); // Array([1., 2., 3.], dtype=float32)
 * ```
 */
export const concat = concatenate;

/**
 * `np.stack(xs, axis = 0)` (jnp.stack): joins equal-shaped arrays along a new axis.
 *
 * @example
 * ```ts
 * const a = np.array([1, 2]);
 * const b = np.array([3, 4]);
 * np.stack([a, b]); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * np.stack([a, b], { axis: 1 }); // Array([[1., 3.], [2., 4.]], dtype=float32)
 * ```
 */
export function stack(xs: readonly ArrayLike[] | Array, axis?: number | { axis?: number; dtype?: DTypeLike | null }, opts?: { axis?: number; dtype?: DTypeLike | null }): Array {
  const o = kwargs<{ axis?: number; dtype?: DType }>("stack", ["axis"], [axis, opts]);
  const out = stackImpl(xs, o.axis ?? 0);
  return o.dtype === undefined || o.dtype === out.dtype ? out : lax.convertElementType(out, o.dtype);
}

function stackImpl(xs: readonly ArrayLike[] | Array, axis = 0): Array {
  const seq = asSequence(xs).map(asArray);
  if (seq.length === 0) throw new ValueError("Need at least one array to stack.");
  const s0 = seq[0]!.shape;
  const ax = canonicalizeAxis(axis, s0.length + 1);
  for (const a of seq) {
    if (a.ndim !== s0.length || a.shape.some((d, i) => d !== s0[i])) throw new ValueError("all input arrays must have the same shape");
  }
  return concatenate(
    seq.map((a) => lax.expandDims(a, [ax])),
    ax,
  );
}

/**
 * `np.hstack(xs)` (jnp.hstack): along axis 1, or axis 0 for 1-D inputs.
 *
 * @example
 * ```ts
 * np.hstack([np.array([1, 2]), np.array([3])]); // Array([1., 2., 3.], dtype=float32)
 * np.hstack([np.array([[1], [2]]), np.array([[3], [4]])]); // Array([[1., 3.], [2., 4.]], dtype=float32)
 * ```
 */
export function hstack(xs: readonly ArrayLike[] | Array): Array {
  const arrs = asSequence(xs).map((x) => atleast1d(x));
  if (arrs.length === 0) throw new ValueError("Need at least one array to concatenate.");
  return concatenate(arrs, arrs[0]!.ndim === 1 ? 0 : 1);
}

/**
 * `np.vstack(xs)` (jnp.vstack): along axis 0 of the inputs made at least 2-D.
 *
 * @example
 * ```ts
 * np.vstack([np.array([1, 2]), np.array([3, 4])]); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * ```
 */
export function vstack(xs: readonly ArrayLike[] | Array): Array {
  return concatenate(asSequence(xs).map((x) => atleast2d(x)), 0);
}
/**
 * Alias of {@link vstack} (`jnp.row_stack`).
 *
 * @example
 * ```ts
 * np.rowStack([np.array([1, 2]), np.array([3, 4])]); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * ```
 */
export const rowStack = vstack;

/**
 * `np.dstack(xs)` (jnp.dstack): along axis 2 of the inputs made at least 3-D.
 *
 * @example
 * ```ts
 * np.dstack([np.array([1, 2]), np.array([3, 4])]); // Array([[[1., 3.], [2., 4.]]], dtype=float32)
 * ```
 */
export function dstack(xs: readonly ArrayLike[] | Array): Array {
  return concatenate(asSequence(xs).map((x) => atleast3d(x)), 2);
}

/**
 * `np.columnStack(xs)` (jnp.column_stack): 1-D inputs become columns.
 *
 * @example
 * ```ts
 * np.columnStack([np.array([1, 2]), np.array([3, 4])]); // Array([[1., 3.], [2., 4.]], dtype=float32)
 * ```
 */
export function columnStack(xs: readonly ArrayLike[] | Array): Array {
  return concatenate(
    asSequence(xs).map((x) => {
      const a = asArray(x);
      return a.ndim < 2 ? lax.reshape(a, [a.size, 1]) : a;
    }),
    1,
  );
}

/**
 * `np.unstack(x, axis = 0)` (jnp.unstack): the slices along `axis`, that axis removed.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.unstack(x); // [Array([1., 2.], dtype=float32), Array([3., 4.], dtype=float32)]
 * np.unstack(x, { axis: 1 }); // [Array([1., 3.], dtype=float32), Array([2., 4.], dtype=float32)]
 * ```
 */
export function unstack(x: ArrayLike, axis?: number | { axis?: number }, opts?: { axis?: number }): Array[] {
  return unstackImpl(x, kwargs<{ axis?: number }>("unstack", ["axis"], [axis, opts]).axis ?? 0);
}

function unstackImpl(x: ArrayLike, axis = 0): Array[] {
  const a = asArray(x);
  if (a.ndim === 0) throw new ValueError("Unstack requires arrays with rank > 0, however a scalar array was passed.");
  const ax = canonicalizeAxis(axis, a.ndim);
  return range(a.shape[ax]!).map((i) => lax.squeeze(sliceAxis(a, ax, i, i + 1), [ax]));
}

// ---------------------------------------------------------------------------------------------
// Splitting

function splitImpl(name: "split" | "array_split", x: ArrayLike, indicesOrSections: number | readonly number[], axis: number): Array[] {
  const a = asArray(x);
  const ax = canonicalizeAxis(axis, a.ndim);
  const n = a.shape[ax]!;
  let bounds: number[];
  if (typeof indicesOrSections === "number") {
    const sections = indicesOrSections;
    if (!isInt(sections) || sections <= 0) throw new ValueError("number sections must be larger than 0.");
    if (name === "split" && n % sections !== 0) throw new ValueError("array split does not result in an equal division");
    const each = Math.floor(n / sections);
    const extras = n % sections;
    bounds = [0];
    for (let i = 0; i < sections; i++) bounds.push(bounds[i]! + each + (i < extras ? 1 : 0));
  } else {
    // Python slice semantics for each index: negative counts from the end, clamped to [0, n].
    bounds = [0];
    for (const i of indicesOrSections) {
      if (!isInt(i)) throw new TypeError(`${name}: indices must be integers, got ${String(i)}`);
      bounds.push(Math.min(n, Math.max(0, i < 0 ? i + n : i)));
    }
    bounds.push(n);
  }
  const out: Array[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    out.push(sliceAxis(a, ax, start, Math.max(start, bounds[i + 1]!)));
  }
  return out;
}

/**
 * `np.split(x, indicesOrSections, axis = 0)` (jnp.split): `indicesOrSections` is a number of equal sections or a list of split points.
 *
 * @example
 * ```ts
 * const x = np.arange(6);
 * np.split(x, 3); // [Array([0, 1], dtype=int32), Array([2, 3], dtype=int32), Array([4, 5], dtype=int32)]
 * np.split(x, [1, 4]); // [Array([0], dtype=int32), Array([1, 2, 3], dtype=int32), Array([4, 5], dtype=int32)]
 * np.split(np.ones([2, 4]), 2, { axis: 1 }).map((p) => p.shape); // [[2, 2], [2, 2]]
 * ```
 */
export function split(x: ArrayLike, indicesOrSections: number | readonly number[], axis?: number | { axis?: number }, opts?: { axis?: number }): Array[] {
  return splitImpl("split", x, indicesOrSections, kwargs<{ axis?: number }>("split", ["axis"], [axis, opts]).axis ?? 0);
}


/**
 * `np.arraySplit(x, indicesOrSections, axis = 0)` (jnp.array_split): like split, but sections may differ in size by one.
 *
 * @example
 * ```ts
 * np.arraySplit(np.arange(5), 3); // [Array([0, 1], dtype=int32), Array([2, 3], dtype=int32), Array([4], dtype=int32)]
 * np.arraySplit(np.ones([2, 3]), 2, { axis: 1 }).map((p) => p.shape); // [[2, 2], [2, 1]]
 * ```
 */
export function arraySplit(x: ArrayLike, indicesOrSections: number | readonly number[], axis?: number | { axis?: number }, opts?: { axis?: number }): Array[] {
  return splitImpl("array_split", x, indicesOrSections, kwargs<{ axis?: number }>("array_split", ["axis"], [axis, opts]).axis ?? 0);
}


/**
 * `np.hsplit(x, indicesOrSections)` (jnp.hsplit): splits along axis 1 (axis 0 for 1-D input) into equal sections or at the given indices (`jnp.hsplit`).
 *
 * @example
 * ```ts
 * np.hsplit(np.arange(4), 2); // [Array([0, 1], dtype=int32), Array([2, 3], dtype=int32)]
 * np.hsplit(np.ones([2, 4]), [1]).map((p) => p.shape); // [[2, 1], [2, 3]]
 * ```
 */
export function hsplit(x: ArrayLike, indicesOrSections: number | readonly number[]): Array[] {
  const a = asArray(x);
  if (a.ndim === 0) throw new ValueError("hsplit only works on arrays of 1 or more dimensions");
  return split(a, indicesOrSections, a.ndim === 1 ? 0 : 1);
}

/**
 * `np.vsplit(x, indicesOrSections)` (jnp.vsplit): splits along axis 0 into equal sections or at the given indices (`jnp.vsplit`); needs at least 2 axes.
 *
 * @example
 * ```ts
 * np.vsplit(np.arange(4).reshape([2, 2]), 2); // [Array([[0, 1]], dtype=int32), Array([[2, 3]], dtype=int32)]
 * ```
 */
export function vsplit(x: ArrayLike, indicesOrSections: number | readonly number[]): Array[] {
  const a = asArray(x);
  if (a.ndim < 2) throw new ValueError("vsplit only works on arrays of 2 or more dimensions");
  return split(a, indicesOrSections, 0);
}

/**
 * `np.dsplit(x, indicesOrSections)` (jnp.dsplit): splits along axis 2 into equal sections or at the given indices (`jnp.dsplit`); needs at least 3 axes.
 *
 * @example
 * ```ts
 * np.dsplit(np.ones([1, 2, 4]), [3]).map((p) => p.shape); // [[1, 2, 3], [1, 2, 1]]
 * ```
 */
export function dsplit(x: ArrayLike, indicesOrSections: number | readonly number[]): Array[] {
  const a = asArray(x);
  if (a.ndim < 3) throw new ValueError("dsplit only works on arrays of 3 or more dimensions");
  return split(a, indicesOrSections, 2);
}

// ---------------------------------------------------------------------------------------------
// tile / repeat

/**
 * `np.tile(x, reps)` (jnp.tile): JAX's broadcast-and-reshape formulation.
 *
 * @example
 * ```ts
 * np.tile(np.array([1, 2]), 2); // Array([1., 2., 1., 2.], dtype=float32)
 * np.tile(np.array([1, 2]), [2, 1]); // Array([[1., 2.], [1., 2.]], dtype=float32)
 * ```
 */
export function tile(x: ArrayLike, reps: number | readonly number[]): Array {
  const a = asArray(x);
  const r = asList(reps);
  for (const d of r) if (!isInt(d) || d < 0) throw new ValueError(`tile: reps must be non-negative integers, got ${shapeString(r)}`);
  const aShape = [...globalThis.Array<number>(Math.max(0, r.length - a.ndim)).fill(1), ...a.shape];
  const rs = [...globalThis.Array<number>(Math.max(0, aShape.length - r.length)).fill(1), ...r];
  if (rs.every((d) => d === 1)) return aShape.length === a.ndim ? a : lax.reshape(a, aShape);
  const interleaved = aShape.flatMap((d) => [1, d]);
  const target = aShape.flatMap((d, i) => [rs[i]!, d]);
  const b = lax.broadcastInDim(lax.reshape(a, interleaved), target, range(target.length));
  return lax.reshape(b, aShape.map((d, i) => d * rs[i]!));
}

/**
 * `np.repeat(x, repeats, axis?)` (jnp.repeat): each element repeated `repeats` times along `axis` (the flattened
 * array when `axis` is undefined or null). `repeats` is a count or one count per element.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.repeat(x, 2); // Array([1., 1., 2., 2., 3., 3., 4., 4.], dtype=float32)
 * np.repeat(x, [1, 2], 0); // Array([[1., 2.], [3., 4.], [3., 4.]], dtype=float32)
 * np.repeat(x, 2, { axis: 1, totalRepeatLength: 3 }); // Array([[1., 1., 2.], [3., 3., 4.]], dtype=float32)
 * ```
 */
export function repeat(x: ArrayLike, repeats: number | readonly number[], axis?: number | null | RepeatOptions, opts?: RepeatOptions): Array {
  const o = kwargs<RepeatOptions>("repeat", ["axis"], [axis, opts]);
  const out = repeatImpl(x, repeats, o.axis);
  const total = o.totalRepeatLength;
  return total === undefined || total === null ? out : fitRepeatLength(asArray(x), out, o.axis, total);
}

/** `jnp.repeat`'s keywords. */
export interface RepeatOptions {
  /** The axis to repeat along; omitted or null: the flattened array. */
  axis?: number | null;
  /** JAX's `total_repeat_length`: the output length along the axis; a shorter result is cut, a longer one filled with the input's last element. */
  totalRepeatLength?: number | null;
}

/**
 * JAX's total_repeat_length (jax/_src/numpy/lax_numpy.py `_repeat`): the repeated result cut to
 * `total` along the axis, or extended with the input's last element there (JAX's gather indices
 * are clamped to it); an empty input stays empty.
 */
function fitRepeatLength(x: Array, out: Array, axis: number | null | undefined, total: number): Array {
  if (!isInt(total) || total < 0) throw new ValueError(`repeat: total_repeat_length must be a non-negative integer, got ${String(total)}`);
  const a = axis === undefined || axis === null ? ravel(x) : x;
  const ax = canonicalizeAxis(axis ?? 0, a.ndim);
  const n = a.shape[ax]!;
  const length = out.shape[ax]!;
  if (n === 0 || length === total) return out;
  if (length > total) return sliceAxis(out, ax, 0, total);
  const fillShape = [...a.shape];
  fillShape[ax] = total - length;
  return concatenate([out, broadcastTo(sliceAxis(a, ax, n - 1, n), fillShape)], ax);
}

function repeatImpl(x: ArrayLike, repeats: number | readonly number[], axis?: number | null): Array {
  let a = asArray(x);
  if (axis === undefined || axis === null) {
    a = ravel(a);
    axis = 0;
  }
  const ax = canonicalizeAxis(axis, a.ndim);
  const n = a.shape[ax]!;
  const counts = asList(repeats);
  for (const c of counts) if (!isInt(c) || c < 0) throw new ValueError(`repeat: repeats must be non-negative integers, got ${String(c)}`);
  if (counts.length === 1) {
    // Scalar repeats: insert an axis after `ax`, broadcast it, merge it back.
    const k = counts[0]!;
    const outShape = [...a.shape];
    outShape[ax] = n * k;
    if (k === 1) return a;
    const expanded = lax.expandDims(a, [ax + 1]);
    const bshape = [...expanded.shape];
    bshape[ax + 1] = k;
    return lax.reshape(lax.broadcastInDim(expanded, bshape, range(bshape.length)), outShape);
  }
  if (counts.length !== n) {
    throw new ValueError(`repeat: repeats has length ${counts.length}, which does not match the size ${n} of axis ${ax} (shape ${shapeString(a.shape)})`);
  }
  const idx: number[] = [];
  counts.forEach((c, i) => {
    for (let j = 0; j < c; j++) idx.push(i);
  });
  if (idx.length === 0) return sliceAxis(a, ax, 0, 0);
  if (idx.length === n && idx.every((v, i) => v === i)) return a;
  // Gather rows `idx` along `ax`: indices of shape (m, 1), the batch dimension lands at `ax`.
  const idxArray = fromValues(idx, [idx.length, 1], "int32");
  const sliceSizes = [...a.shape];
  sliceSizes[ax] = 1;
  return lax.gather(
    a,
    idxArray,
    {
      offsetDims: range(a.ndim).filter((d) => d !== ax),
      collapsedSliceDims: [ax],
      startIndexMap: [ax],
      operandBatchingDims: [],
      startIndicesBatchingDims: [],
    },
    sliceSizes,
    { mode: "clip", indicesAreSorted: true },
  );
}

// ---------------------------------------------------------------------------------------------
// flip / roll / rot90

/**
 * `np.flip(x, axis?)` (jnp.flip): reverses the given axes (all of them by default).
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.flip(x); // Array([[4., 3.], [2., 1.]], dtype=float32)
 * np.flip(x, { axis: 1 }); // Array([[2., 1.], [4., 3.]], dtype=float32)
 * ```
 */
export function flip(x: ArrayLike, axis?: number | readonly number[] | null | { axis?: number | readonly number[] | null }, opts?: { axis?: number | readonly number[] | null }): Array {
  return flipImpl(x, kwargs<{ axis?: number | readonly number[] | null }>("flip", ["axis"], [axis, opts]).axis);
}

function flipImpl(x: ArrayLike, axis?: number | readonly number[] | null): Array {
  const a = asArray(x);
  const dims = axis === undefined || axis === null ? range(a.ndim) : canonicalizeAxes(asList(axis), a.ndim, "flip");
  if (dims.length === 0) return a;
  return lax.rev(a, dims);
}

/**
 * `np.fliplr(x)` (jnp.fliplr): reverses axis 1, left to right (`jnp.fliplr`); needs at least 2 axes.
 *
 * @example
 * ```ts
 * np.fliplr(np.array([[1, 2], [3, 4]])); // Array([[2., 1.], [4., 3.]], dtype=float32)
 * ```
 */
export function fliplr(x: ArrayLike): Array {
  const a = asArray(x);
  if (a.ndim < 2) throw new ValueError("Input must be >= 2-d.");
  return lax.rev(a, [1]);
}

/**
 * `np.flipud(x)` (jnp.flipud): reverses axis 0, up to down (`jnp.flipud`); needs at least 1 axis.
 *
 * @example
 * ```ts
 * np.flipud(np.array([[1, 2], [3, 4]])); // Array([[3., 4.], [1., 2.]], dtype=float32)
 * ```
 */
export function flipud(x: ArrayLike): Array {
  const a = asArray(x);
  if (a.ndim < 1) throw new ValueError("Input must be >= 1-d.");
  return lax.rev(a, [0]);
}

/**
 * `np.rot90(x, k = 1, axes = [0, 1])` (jnp.rot90): rotation by 90 degrees from the first axis toward the second.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.rot90(x); // Array([[2., 4.], [1., 3.]], dtype=float32)
 * np.rot90(x, { k: 2 }); // Array([[4., 3.], [2., 1.]], dtype=float32)
 * np.rot90(x, 1, [1, 0]); // Array([[3., 1.], [4., 2.]], dtype=float32)
 * ```
 */
export function rot90(x: ArrayLike, k?: number | { k?: number; axes?: readonly [number, number] }, axes?: readonly [number, number] | { k?: number; axes?: readonly [number, number] }, opts?: { k?: number; axes?: readonly [number, number] }): Array {
  const o = kwargs<{ k?: number; axes?: readonly [number, number] }>("rot90", ["k", "axes"], [k, axes, opts]);
  return rot90Impl(x, o.k ?? 1, o.axes ?? [0, 1]);
}

function rot90Impl(x: ArrayLike, k = 1, axes: readonly [number, number] = [0, 1]): Array {
  const a = asArray(x);
  if (!isInt(k)) throw new TypeError(`rot90: k must be an integer, got ${String(k)}`);
  if (axes.length !== 2) throw new ValueError("len(axes) must be 2.");
  const i = canonicalizeAxis(axes[0], a.ndim);
  const j = canonicalizeAxis(axes[1], a.ndim);
  if (i === j) throw new ValueError("Axes must be different.");
  const kk = ((k % 4) + 4) % 4;
  if (kk === 0) return a;
  if (kk === 2) return lax.rev(a, [i, j].sort((p, q) => p - q));
  const perm = range(a.ndim);
  perm[i] = j;
  perm[j] = i;
  return kk === 1 ? lax.transpose(lax.rev(a, [j]), perm) : lax.rev(lax.transpose(a, perm), [j]);
}

/**
 * `np.roll(x, shift, axis?)` (jnp.roll): elements shifted along `axis` (the flattened array when undefined), wrapping around.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2, 3], [4, 5, 6]]);
 * np.roll(x, 1); // Array([[6., 1., 2.], [3., 4., 5.]], dtype=float32)
 * np.roll(x, 1, { axis: 1 }); // Array([[3., 1., 2.], [6., 4., 5.]], dtype=float32)
 * np.roll(x, [1, -1], [0, 1]); // Array([[5., 6., 4.], [2., 3., 1.]], dtype=float32)
 * ```
 */
export function roll(x: ArrayLike, shift: number | readonly number[] | Array, axis?: number | readonly number[] | null | { axis?: number | readonly number[] | null }, opts?: { axis?: number | readonly number[] | null }): Array {
  return rollImpl(x, shift, kwargs<{ axis?: number | readonly number[] | null }>("roll", ["axis"], [axis, opts]).axis);
}

function rollImpl(x: ArrayLike, shift: number | readonly number[] | Array, axis?: number | readonly number[] | null): Array {
  const a = asArray(x);
  if (axis === undefined || axis === null) return lax.reshape(roll(ravel(a), shift, 0), a.shape);
  const axes = asList(axis).map((ax) => canonicalizeAxis(ax, a.ndim));
  if (shift instanceof Array) return rollDynamic(a, shift, axes);
  const shifts = asList(shift);
  for (const s of shifts) if (!isInt(s)) throw new TypeError(`roll: shift must be an integer, got ${String(s)}`);
  if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1) {
    throw new ValueError(`roll: shift and axis must have broadcastable lengths, got ${shifts.length} and ${axes.length}`);
  }
  const total = new Map<number, number>();
  for (let i = 0; i < Math.max(shifts.length, axes.length); i++) {
    const ax = axes[axes.length === 1 ? 0 : i]!;
    total.set(ax, (total.get(ax) ?? 0) + shifts[shifts.length === 1 ? 0 : i]!);
  }
  let out = a;
  for (const [ax, s] of total) {
    const n = a.shape[ax]!;
    if (n === 0) continue;
    const k = ((s % n) + n) % n;
    if (k === 0) continue;
    out = lax.concatenate([sliceAxis(out, ax, n - k, n), sliceAxis(out, ax, 0, n - k)], ax);
  }
  return out;
}

/** roll by traced shifts: a dynamic slice of the array concatenated with itself. */
function rollDynamic(a: Array, shift: Array, axes: number[]): Array {
  if (shift.ndim > 1) throw new ValueError(`roll: shift must be a scalar or 1-D, got shape ${shapeString(shift.shape)}`);
  const s = shift.dtype === "int32" ? shift : lax.convertElementType(shift, "int32");
  const shifts = s.ndim === 0 ? [s] : range(s.shape[0]!).map((i) => lax.reshape(lax.sliceInDim(s, i, i + 1), []));
  if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1) {
    throw new ValueError(`roll: shift and axis must have broadcastable lengths, got ${shifts.length} and ${axes.length}`);
  }
  let out = a;
  for (let i = 0; i < Math.max(shifts.length, axes.length); i++) {
    const ax = axes[axes.length === 1 ? 0 : i]!;
    const n = a.shape[ax]!;
    if (n === 0) continue;
    const sh = shifts[shifts.length === 1 ? 0 : i]!;
    const r = lax.rem(sh, n);
    const k = lax.select(lax.lt(r, 0), lax.add(r, n), r); // in [0, n)
    const doubled = lax.concatenate([out, out], ax);
    const starts: Array[] = out.shape.map(() => convertTo(0, { dtype: "int32", weakType: false }));
    starts[ax] = lax.sub(convertTo(n, { dtype: "int32", weakType: false }), k);
    out = lax.dynamicSlice(doubled, starts, out.shape);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// pad

/** `jnp.pad`'s modes, as NumPy's: constant values, the edge value, reflection without or with the edge, wrap-around, or ("empty") unspecified values, which are zeros here. */
export type PadMode = "constant" | "edge" | "reflect" | "symmetric" | "wrap" | "empty";
/** Pad widths: one number for every side, a (before, after) pair for every axis, or one pair per axis. */
export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

/** `jnp.pad`'s keywords. */
export interface PadOptions {
  /** How the padding is filled (default "constant"). */
  mode?: PadMode;
  /** For "constant": a scalar, or numpy's (before, after) pairs per axis. */
  constantValues?: ArrayLike | readonly ArrayLike[] | readonly (readonly ArrayLike[])[];
  /** For "reflect" and "symmetric": numpy's reflect_type. */
  reflectType?: "even" | "odd";
}

/** JAX's _broadcast_to_pairs: a scalar, (1,), (2,), (1, 2) or (nd, 2) nested value to nd pairs. */
function broadcastToPairs<T>(v: T | readonly T[] | readonly (readonly T[])[], nd: number, name: string, isLeaf: (t: unknown) => t is T): [T, T][] {
  const unsupported = (s: string) => new ValueError(`jnp.pad: ${name} with nd=${nd} has unsupported shape ${s}. Valid shapes are (${nd}, 2), (1, 2), (2,), (1,), or ().`);
  if (isLeaf(v)) return range(nd).map(() => [v, v]);
  const outer = v as readonly unknown[];
  if (outer.every(isLeaf)) {
    const vs = outer as readonly T[];
    if (vs.length === 1) return range(nd).map(() => [vs[0]!, vs[0]!]);
    if (vs.length === 2) return range(nd).map(() => [vs[0]!, vs[1]!]);
    throw unsupported(shapeString([vs.length]));
  }
  if (!outer.every((row) => globalThis.Array.isArray(row) && row.every(isLeaf))) {
    throw new TypeError(`\`${name}\` entries must be the same shape: ${JSON.stringify(v)}`);
  }
  const rows = outer as readonly (readonly T[])[];
  const w = rows[0]!.length;
  if (rows.some((r) => r.length !== w)) throw new TypeError(`\`${name}\` entries must be the same shape: ${JSON.stringify(v)}`);
  if (w === 2 && rows.length === nd) return rows.map((r) => [r[0]!, r[1]!]);
  if (w === 2 && rows.length === 1) return range(nd).map(() => [rows[0]![0]!, rows[0]![1]!]);
  throw unsupported(shapeString([rows.length, w]));
}

const isNumber = (t: unknown): t is number => typeof t === "number";
const isScalarLike = (t: unknown): t is ArrayLike => typeof t === "number" || typeof t === "boolean" || t instanceof Array;

function checkNoPadding(pw: readonly [number, number], mode: string): void {
  if (pw[0] > 0 || pw[1] > 0) throw new ValueError(`Cannot apply '${mode}' padding to empty axis`);
}

/** A scalar in the array's dtype (keeping the array's weak type), from a JS value or an array. */
function padValue(v: ArrayLike, a: Array): Array {
  if (v instanceof Array) {
    if (v.ndim !== 0) throw new ValueError(`pad: constant values must be scalars, got shape ${shapeString(v.shape)}`);
    return v.dtype === a.dtype ? v : lax.convertElementType(v, a.dtype, a.weakType);
  }
  return convertTo(v, { dtype: a.dtype, weakType: a.weakType });
}

function padConstant(a: Array, pw: [number, number][], cv: [ArrayLike, ArrayLike][]): Array {
  const nd = a.ndim;
  if (cv.every(([lo, hi]) => lo === cv[0]![0] && hi === cv[0]![0])) {
    if (pw.every(([lo, hi]) => lo === 0 && hi === 0)) return a;
    return lax.pad(a, padValue(cv[0]?.[0] ?? 0, a), pw.map(([lo, hi]) => [lo, hi, 0] as const));
  }
  let out = a;
  for (let i = 0; i < nd; i++) {
    for (const side of [0, 1] as const) {
      const w = pw[i]![side];
      if (w === 0) continue;
      const config = range(nd).map((j) => (j === i ? ([side === 0 ? w : 0, side === 1 ? w : 0, 0] as const) : ([0, 0, 0] as const)));
      out = lax.pad(out, padValue(cv[i]![side], a), config);
    }
  }
  return out;
}

/** Broadcasts `piece` (size 1 along `axis`) to `count` copies along `axis`. */
function repeatAlong(piece: Array, axis: number, count: number): Array {
  const shape = [...piece.shape];
  shape[axis] = count;
  return lax.broadcastInDim(piece, shape, range(shape.length));
}

/** Edge padding of one axis. */
function padEdge1(a: Array, i: number, [lo, hi]: [number, number]): Array {
  const n = a.shape[i]!;
  if (n === 0) checkNoPadding([lo, hi], "edge");
  if (lo === 0 && hi === 0) return a;
  const parts: Array[] = [];
  if (lo > 0) parts.push(repeatAlong(sliceAxis(a, i, 0, 1), i, lo));
  parts.push(a);
  if (hi > 0) parts.push(repeatAlong(sliceAxis(a, i, n - 1, n), i, hi));
  return lax.concatenate(parts, i);
}

function padEdge(a: Array, pw: [number, number][]): Array {
  let out = a;
  for (let i = 0; i < a.ndim; i++) out = padEdge1(out, i, pw[i]!);
  return out;
}

function padWrap(a: Array, pw: [number, number][]): Array {
  let out = a;
  for (let i = 0; i < a.ndim; i++) {
    const n = out.shape[i]!;
    if (n === 0) {
      checkNoPadding(pw[i]!, "wrap");
      continue;
    }
    const [lo, hi] = pw[i]!;
    if (lo === 0 && hi === 0) continue;
    const loRem = lo % n;
    const hiRem = hi % n;
    const copies = Math.floor(lo / n) + Math.floor(hi / n) + 1;
    const parts: Array[] = [];
    if (loRem > 0) parts.push(sliceAxis(out, i, n - loRem, n));
    for (let c = 0; c < copies; c++) parts.push(out);
    if (hiRem > 0) parts.push(sliceAxis(out, i, 0, hiRem));
    out = parts.length === 1 ? out : lax.concatenate(parts, i);
  }
  return out;
}

/** JAX's _pad_symmetric_or_reflect: repeated reflection of the growing array, one axis at a time. */
function padSymmetricOrReflect(a: Array, pw: [number, number][], mode: "symmetric" | "reflect", reflectType: "even" | "odd"): Array {
  let out = a;
  for (let i = 0; i < a.ndim; i++) {
    const n = a.shape[i]!;
    if (n === 0) {
      checkNoPadding(pw[i]!, mode);
      continue;
    }
    if (mode === "reflect" && n === 1) {
      // A length-1 axis reflects onto itself: numpy repeats the edge (odd or even alike).
      out = padEdge1(out, i, pw[i]!);
      continue;
    }
    const offset = mode === "reflect" ? 1 : 0;
    const period = n - offset;
    for (const before of [true, false]) {
      let padding = pw[i]![before ? 0 : 1];
      let edge = before ? sliceAxis(out, i, 0, 1) : sliceAxis(out, i, out.shape[i]! - 1, out.shape[i]!);
      while (padding > 0) {
        const cur = Math.min(padding, period);
        padding -= cur;
        const len = out.shape[i]!;
        let piece = lax.rev(before ? sliceAxis(out, i, offset, offset + cur) : sliceAxis(out, i, len - cur - offset, len - offset), [i]);
        if (reflectType === "odd") {
          const e = repeatAlong(edge, i, cur);
          piece = lax.sub(lax.add(e, e), piece);
          if (padding > 0) edge = before ? sliceAxis(piece, i, 0, 1) : sliceAxis(piece, i, cur - 1, cur);
        }
        out = lax.concatenate(before ? [piece, out] : [out, piece], i);
      }
    }
  }
  return out;
}

/**
 * `np.pad(x, padWidth, { mode, constantValues, reflectType })` (jnp.pad): `padWidth` is a number, a
 * (before, after) pair for every axis, or one pair per axis, as in numpy.
 *
 * @example
 * ```ts
 * const x = np.array([1, 2, 3]);
 * np.pad(x, 1); // Array([0., 1., 2., 3., 0.], dtype=float32)
 * np.pad(x, [[2, 1]], { mode: "constant", constantValues: 9 }); // Array([9., 9., 1., 2., 3., 9.], dtype=float32)
 * np.pad(x, 2, { mode: "reflect" }); // Array([3., 2., 1., 2., 3., 2., 1.], dtype=float32)
 * np.pad(x, [[1, 1]], { mode: "edge" }); // Array([1., 1., 2., 3., 3.], dtype=float32)
 * ```
 */
export function pad(x: ArrayLike, padWidth: PadWidth, opts: PadOptions = {}): Array {
  const a = asArray(x);
  const mode = opts.mode ?? "constant";
  const pw = broadcastToPairs<number>(padWidth, a.ndim, "pad_width", isNumber);
  for (const [lo, hi] of pw) {
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw new TypeError("`pad_width` must be of integral type.");
    if (lo < 0 || hi < 0) throw new ValueError("index can't contain negative values");
  }
  if (mode !== "constant" && opts.constantValues !== undefined) {
    throw new ValueError(`unsupported keyword arguments for mode '${mode}': {'constant_values'}`);
  }
  switch (mode) {
    case "constant":
      return padConstant(a, pw, broadcastToPairs<ArrayLike>(opts.constantValues ?? 0, a.ndim, "constant_values", isScalarLike));
    case "empty":
      return padConstant(a, pw, range(a.ndim).map(() => [0, 0]));
    case "edge":
      return padEdge(a, pw);
    case "wrap":
      return padWrap(a, pw);
    case "reflect":
    case "symmetric": {
      const reflectType = opts.reflectType ?? "even";
      if (reflectType !== "even" && reflectType !== "odd") throw new ValueError(`reflect_type must be 'even' or 'odd', got ${String(reflectType)}`);
      return padSymmetricOrReflect(a, pw, mode, reflectType);
    }
    default:
      throw new ValueError(`Unimplemented padding mode '${String(mode)}' for np.pad.`);
  }
}
