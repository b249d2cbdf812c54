// Array creation: np.array from JS data, zeros/ones/full and friends, arange, linspace, eye.
import type { DType, TypedArray } from "../../jaxpr/index.js";
import type { ComplexDType } from "../../jaxpr/index.js";
import { MAX_NDIM, ShapedArray, TYPED_ARRAY, castScalar, checkDType, checkShape, dtypeOfTypedArray, shapeSize, shapeString, isDType, isInteger, isComplex, maxValue, minValue, storageLength, defaultFloatDType, defaultComplexDType } from "../../jaxpr/index.js";
import { Array, ArrayImpl, ArrayLike } from "../core/array.js";
import type { Complex } from "../core/array.js";
import * as lax from "../lax/index.js";
import { scalarArray, checkIntegerRange, describeValue, isComplexValue } from "../core/eval.js";
import { ValueError } from "../core/errors.js";
import { allocBuffer } from "../../backends/js/index.js";
import { checkOperands, convertTo, resultType } from "./promote.js";
import { kwargs } from "./options.js";
import { toDType } from "./dtypeLike.js";
import { fromValues, fromComplexValues } from "./fromValues.js";
import type { DTypeLike } from "./dtypeLike.js";

/** numpy's ValueError (defined in core, where scalar conversion raises it too). */
export { ValueError, OverflowError } from "../core/errors.js";

/** `jnp.array`'s keywords. */
export interface ArrayOptions {
  /** The result dtype; omitted or null: inferred from the data (JAX's defaults: float32, int32, bool). */
  dtype?: DTypeLike | null;
  /**
   * For flat typed-array data: the shape to read it as. Other data has its own shape: a `shape`
   * given with it must equal that shape (a ValueError otherwise; reshape with `np.reshape`).
   */
  shape?: readonly number[];
}

/** What `jnp.array` accepts: a number, boolean, `{ re, im }` complex, Array, typed array, or nested arrays of these. */
export type ArrayData = ArrayLike | Complex | TypedArray | NestedData;
/** Nested JavaScript arrays of {@link ArrayData} (a list of lists, as NumPy takes). */
export interface NestedData extends ReadonlyArray<ArrayData> {}

const isTypedArray = (x: unknown): x is ArrayBufferView => ArrayBuffer.isView(x) && !(x instanceof DataView);

/** numpy's shape discovery: every sequence at one depth must have the same length, and all must be sequences or none. */
function inferShape(data: readonly unknown[]): number[] {
  const shape: number[] = [];
  let level: unknown[] = [data];
  for (;;) {
    const seqs = level.filter((d): d is unknown[] => globalThis.Array.isArray(d));
    if (seqs.length === 0) return shape;
    const n = seqs[0]!.length;
    if (seqs.length !== level.length || seqs.some((s) => s.length !== n)) {
      throw new ValueError(
        `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${shape.length} dimensions. ` +
          `The detected shape was ${shapeString(shape)} + inhomogeneous part.`,
      );
    }
    shape.push(n);
    if (shape.length > MAX_NDIM) throw new ValueError(`maximum supported dimension for an array is ${MAX_NDIM}, found more than ${MAX_NDIM} levels of nesting`);
    level = seqs.flat(1);
  }
}

function collectLeaves(data: unknown, out: unknown[]): void {
  if (globalThis.Array.isArray(data)) for (const d of data) collectLeaves(d, out);
  else out.push(data);
}

/** JAX's error for a value that is not array data ("Value 'a' with dtype <U1 is not a valid JAX array type"). */
const notArrayData = (x: unknown): string =>
  `np.array: Value ${describeValue(x)} is not a valid array type. Only Arrays, numbers, booleans, typed arrays and nested JS arrays of them are supported.`;

/**
 * `np.array(data, dtype?, { dtype, shape })` (jnp.array): numbers default to float32 (float64 under
 * `config.update("jax_enable_x64", true)`), booleans to bool.
 *
 * @example
 * ```ts
 * np.array([1, 2, 3]); // Array([1., 2., 3.], dtype=float32)
 * np.array([[1, 2], [3, 4]], "int32"); // Array([[1, 2], [3, 4]], dtype=int32)
 * np.array([true, false]); // Array([ True, False], dtype=bool)
 * np.array([1, 2], { dtype: np.float64 }); // Array([1., 2.], dtype=float64)
 * np.array(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] }); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * ```
 */
export function array(data: ArrayData, dtypeOrOpts?: DTypeLike | null | ArrayOptions, opts?: ArrayOptions): Array {
  const o = kwargs<ArrayOptions>("array", ["dtype"], [dtypeOrOpts, opts]);
  if (o.shape !== undefined && o.shape !== null && !isTypedArray(data)) {
    // Only flat typed-array data is read into a shape (JAX's jnp.array has no shape keyword);
    // for other data, a shape that disagrees would be silently ignored, so it is refused.
    const out = array(data, { dtype: o.dtype ?? null });
    const want = checkShape([...o.shape]);
    if (want.length !== out.ndim || want.some((d, i) => d !== out.shape[i])) {
      throw new ValueError(`np.array: shape ${shapeString(want)} was given for data of shape ${shapeString(out.shape)}; the shape option reads flat typed-array data, other data keeps its own shape (use np.reshape).`);
    }
    return out;
  }
  const dtype = toDType(o.dtype);
  if (data instanceof Array) return dtype === undefined || dtype === data.dtype ? data : lax.convertElementType(data, dtype);
  if (isTypedArray(data)) return fromTypedArray(data, o.shape, dtype);
  // A bare { re, im } stays weakly typed, as jnp.array(1+2j) does for a Python complex.
  if (isComplexValue(data)) return dtype === undefined ? scalarArray(data) : fromComplexValues([data], [], complexDtype(dtype));
  if (typeof data === "number" || typeof data === "boolean") {
    // A bare JS number stays weakly typed, as jnp.array(1.0) does for a Python float.
    if (typeof data === "number" && dtype === undefined) return scalarArray(data, defaultFloatDType(), true);
    return fromValues([typeof data === "boolean" ? +data : data], [], dtype ?? "bool");
  }
  if (!globalThis.Array.isArray(data)) throw new TypeError(notArrayData(data));
  const shape = inferShape(data);
  const leaves: unknown[] = [];
  collectLeaves(data, leaves);
  if (leaves.some((l) => l instanceof Array)) return stackNested(data, dtype);
  if (leaves.some(isComplexValue)) {
    for (const l of leaves) if (typeof l !== "number" && !isComplexValue(l)) throw new TypeError(notArrayData(l));
    return fromComplexValues(leaves as (number | Complex)[], shape, complexDtype(dtype));
  }
  for (const l of leaves) {
    if (typeof l !== "number" && typeof l !== "boolean") throw new TypeError(notArrayData(l));
  }
  const allBool = leaves.length > 0 && leaves.every((l) => typeof l === "boolean");
  const d = dtype ?? (allBool ? "bool" : defaultFloatDType());
  return fromValues(leaves.map((l) => (typeof l === "boolean" ? +l : (l as number))), shape, d);
}

/** The dtype of complex data: the default complex (complex64; complex128 under jax_enable_x64), or the complex dtype asked for. */
function complexDtype(dtype: DType | undefined): ComplexDType {
  if (dtype === undefined) return defaultComplexDType();
  if (!isComplex(dtype)) throw new TypeError(`np.array: complex values ({ re, im }) cannot be stored as ${dtype}; use a complex dtype or np.real.`);
  return dtype;
}

/** Nested JS arrays holding Arrays (possibly tracers): stack them, as jnp.array does. */
function stackNested(data: unknown, dtype: DType | undefined): Array {
  const build = (d: unknown): Array => {
    if (!globalThis.Array.isArray(d)) return d instanceof Array ? d : array(d as number);
    const parts = d.map(build);
    const t = resultType(...parts);
    const converted = parts.map((p) => convertTo(p, { dtype: t.dtype, weakType: false }));
    return lax.concatenate(converted.map((p) => lax.broadcastInDim(p, [1, ...p.shape], p.shape.map((_, i) => i + 1))), 0);
  };
  const out = build(data);
  return dtype === undefined ? out : lax.convertElementType(out, dtype);
}

function fromTypedArray(data: ArrayBufferView, shape: readonly number[] | undefined, dtype: DType | undefined): Array {
  const length = (data as unknown as { length: number }).length;
  const s = shape === undefined ? [length] : checkShape([...shape]);
  if (shapeSize(s) !== length) {
    throw new ValueError(`cannot reshape array of size ${length} into shape ${shapeString(s)}`);
  }
  const own = dtypeOfTypedArray(data);
  if (own === "bool" && dtype === undefined) {
    const u8 = data as Uint8Array;
    for (let i = 0; i < u8.length; i++) {
      if (u8[i]! > 1) throw new TypeError("np.array: Uint8Array data is read as bool; pass { dtype } to convert values other than 0 and 1.");
    }
  }
  const d = dtype ?? own;
  if (d === null) {
    throw new TypeError(`np.array: ${data.constructor.name} has no matching dtype; pass { dtype } (one of float32, float64, int32, uint32, int16, uint16, int8, bool).`);
  }
  return fromValues(data as unknown as globalThis.ArrayLike<number>, s, d);
}

const shapeArg = (shape: number | readonly number[]): number[] => checkShape(typeof shape === "number" ? [shape] : [...shape]);

/** The `dtype` keyword of creation functions (positional or in the options object). */
export interface DTypeOptions {
  /** The result dtype; omitted or null: the function's default (float32 for zeros and ones; `full` takes the fill value's). */
  dtype?: DTypeLike | null;
}
/** zerosLike/onesLike/fullLike: JAX's `dtype` and `shape` keywords. */
export interface LikeOptions extends DTypeOptions {
  /** The result shape; omitted or null: the template's shape. */
  shape?: number | readonly number[] | null;
}

/**
 * `jnp.full(shape, fillValue, dtype?)`: an array of `shape` filled with `fillValue` (broadcast).
 *
 * @example
 * ```ts
 * np.full([2, 2], 7, np.int32); // Array([[7, 7], [7, 7]], dtype=int32)
 * np.full(3, 1.5, { dtype: "float64" });
 * ```
 */
export function full(shape: number | readonly number[], fillValue: ArrayLike, dtype?: DTypeLike | null | DTypeOptions, opts?: DTypeOptions): Array {
  const s = shapeArg(shape);
  checkOperands("full", [fillValue]);
  const d = toDType(kwargs<DTypeOptions>("full", ["dtype"], [dtype, opts]).dtype) ?? (fillValue instanceof Array ? fillValue.dtype : typeof fillValue === "boolean" ? "bool" : defaultFloatDType());
  const v = convertTo(fillValue, { dtype: d, weakType: false });
  if (v.ndim > s.length) throw new ValueError(`full: fill value of shape ${shapeString(v.shape)} does not broadcast to ${shapeString(s)}.`);
  return lax.broadcastInDim(v, s, v.shape.map((_, i) => i + s.length - v.ndim));
}

/**
 * `np.zeros(shape, dtype?)` (jnp.zeros): float32 zeros by default.
 *
 * @example
 * ```ts
 * np.zeros([2, 3], { dtype: np.int32 }); // Array([[0, 0, 0], [0, 0, 0]], dtype=int32)
 * np.zeros(2); // Array([0., 0.], dtype=float32)
 * ```
 */
export const zeros = (shape: number | readonly number[], dtype?: DTypeLike | null | DTypeOptions, opts?: DTypeOptions): Array =>
  full(shape, 0, toDType(kwargs<DTypeOptions>("zeros", ["dtype"], [dtype, opts]).dtype) ?? defaultFloatDType());
/**
 * `np.ones(shape, dtype?)` (jnp.ones): float32 ones by default.
 *
 * @example
 * ```ts
 * np.ones(3, np.float64); // Array([1., 1., 1.], dtype=float64)
 * np.ones([1, 2]); // Array([[1., 1.]], dtype=float32)
 * ```
 */
export const ones = (shape: number | readonly number[], dtype?: DTypeLike | null | DTypeOptions, opts?: DTypeOptions): Array =>
  full(shape, 1, toDType(kwargs<DTypeOptions>("ones", ["dtype"], [dtype, opts]).dtype) ?? defaultFloatDType());

/** The prototype of a *Like function: an Array, or array data (numbers, booleans, nested JS arrays) read as np.array reads it. */
const likeOf = (name: string, x: ArrayData): Array => {
  if (x instanceof Array) return x;
  if (typeof x === "number" || typeof x === "boolean" || globalThis.Array.isArray(x) || isTypedArray(x)) return array(x);
  throw new TypeError(`${name} requires ndarray or scalar arguments, got ${describeValue(x)} at position 0.`);
};
function likeShape(a: Array, o: LikeOptions): number[] {
  return o.shape === undefined || o.shape === null ? [...a.shape] : typeof o.shape === "number" ? [o.shape] : [...o.shape];
}

/**
 * `jnp.zeros_like(a, dtype?, shape?)`: zeros with `a`'s shape and dtype; `a` may be an Array, a
 * number, a boolean or nested JS arrays (a JS number gives float32, a boolean bool).
 *
 * @example
 * ```ts
 * np.zerosLike(np.arange(3)); // Array([0, 0, 0], dtype=int32)
 * np.zerosLike(2.5).shape; // []
 * ```
 */
export function zerosLike(x: ArrayData, dtype?: DTypeLike | null | LikeOptions, shape?: number | readonly number[] | null | LikeOptions, opts?: LikeOptions): Array {
  const a = likeOf("zeros_like", x);
  const o = kwargs<LikeOptions>("zeros_like", ["dtype", "shape"], [dtype, shape, opts]);
  return full(likeShape(a, o), 0, toDType(o.dtype) ?? a.dtype);
}
/**
 * `np.onesLike(a, dtype?, shape?)` (jnp.ones_like), as zerosLike.
 *
 * @example
 * ```ts
 * np.onesLike([[1, 2], [3, 4]]); // Array([[1., 1.], [1., 1.]], dtype=float32)
 * np.onesLike(np.arange(3), { dtype: "float32", shape: [2] }); // Array([1., 1.], dtype=float32)
 * ```
 */
export function onesLike(x: ArrayData, dtype?: DTypeLike | null | LikeOptions, shape?: number | readonly number[] | null | LikeOptions, opts?: LikeOptions): Array {
  const a = likeOf("ones_like", x);
  const o = kwargs<LikeOptions>("ones_like", ["dtype", "shape"], [dtype, shape, opts]);
  return full(likeShape(a, o), 1, toDType(o.dtype) ?? a.dtype);
}
/**
 * `np.fullLike(a, fillValue, dtype?, shape?)` (jnp.full_like), as zerosLike.
 *
 * @example
 * ```ts
 * np.fullLike(true, 0); // Array(False, dtype=bool)
 * np.fullLike(np.arange(3), 7); // Array([7, 7, 7], dtype=int32)
 * ```
 */
export function fullLike(x: ArrayData, fillValue: ArrayLike, dtype?: DTypeLike | null | LikeOptions, shape?: number | readonly number[] | null | LikeOptions, opts?: LikeOptions): Array {
  const a = likeOf("full_like", x);
  const o = kwargs<LikeOptions>("full_like", ["dtype", "shape"], [dtype, shape, opts]);
  return full(likeShape(a, o), fillValue, toDType(o.dtype) ?? a.dtype);
}
/**
 * `jnp.empty`: an array of the given shape. JAX has no uninitialized memory, so it is zeros, as in JAX.
 *
 * @example
 * ```ts
 * np.empty([2, 2]); // Array([[0., 0.], [0., 0.]], dtype=float32)
 * np.empty(3, "int32"); // Array([0, 0, 0], dtype=int32)
 * ```
 */
export const empty = zeros;

/**
 * `np.arange(start, stop?, step?, dtype?)` (jnp.arange): int32 when every bound is an integer, float32 otherwise.
 * Values are filled as numpy's arange fills them (jnp.arange calls it): the first two elements
 * are cast to the dtype, then element i is `x0 + i * (x1 - x0)` in the dtype's arithmetic.
 *
 * @example
 * ```ts
 * np.arange(4); // Array([0, 1, 2, 3], dtype=int32)
 * np.arange(1, 2, 0.25); // Array([1.  , 1.25, 1.5 , 1.75], dtype=float32)
 * np.arange(0, 6, 2, "float32"); // Array([0., 2., 4.], dtype=float32)
 * np.arange(3, { dtype: "uint32" }); // Array([0, 1, 2], dtype=uint32)
 * ```
 */
export function arange(start: number, stop?: number | null | ArangeOptions, step?: number | null | ArangeOptions, dtype?: DTypeLike | null | ArangeOptions, opts?: ArangeOptions): Array {
  const o = kwargs<ArangeOptions>("arange", ["stop", "step", "dtype"], [stop, step, dtype, opts]);
  return arangeImpl(start, o.stop ?? undefined, o.step ?? 1, toDType(o.dtype));
}

/** `jnp.arange`'s keywords. */
export interface ArangeOptions {
  /** End of the range (exclusive); omitted: the first argument is the stop and the start is 0. */
  stop?: number | null;
  /** Spacing between values (default 1). */
  step?: number | null;
  /** The result dtype; omitted or null: the template's dtype. */
  dtype?: DTypeLike | null;
}

function arangeImpl(start: number, stop: number | undefined, step: number, optDtype: DType | undefined): Array {
  if (stop === undefined) [start, stop] = [0, start];
  for (const v of [start, stop, step]) {
    if (!Number.isFinite(v)) throw new ValueError(`arange: arguments must be finite numbers, got ${v}.`);
  }
  if (step === 0) throw new ValueError("arange: step must not be zero (division by zero).");
  const dtype = optDtype ?? ([start, stop, step].every(Number.isInteger) ? "int32" : defaultFloatDType());
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = new Float64Array(n);
  if (n > 0) values[0] = castScalar(start, dtype);
  if (n > 1) values[1] = castScalar(start + step, dtype);
  const x0 = values[0]!;
  const delta = castScalar(values[1]! - x0, dtype);
  for (let i = 2; i < n; i++) {
    values[i] =
      dtype === "float32"
        ? Math.fround(x0 + Math.fround(i * delta))
        : isInteger(dtype)
          ? castScalar(x0 + Math.imul(i, delta), dtype)
          : x0 + i * delta;
  }
  return fromValues(values, [n], dtype);
}

/**
 * `np.linspace(start, stop, num = 50, endpoint = true, { dtype })` (jnp.linspace), computed as jnp.linspace computes it: in float32 (float64 for a float64 dtype),
 * `start * (1 - i/div) + stop * (i/div)`, the endpoint exactly `stop`, floored for integer dtypes.
 *
 * @example
 * ```ts
 * np.linspace(0, 1, 5); // Array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
 * np.linspace(0, 1, 4, false); // Array([0.  , 0.25, 0.5 , 0.75], dtype=float32)
 * np.linspace(0, 10, { num: 3, dtype: "int32" }); // Array([ 0,  5, 10], dtype=int32)
 * ```
 */
export function linspace(start: number, stop: number, num?: number | LinspaceOptions, endpoint?: boolean | LinspaceOptions, opts?: LinspaceOptions): Array {
  const o = kwargs<LinspaceOptions>("linspace", ["num", "endpoint"], [num, endpoint, opts]);
  return linspaceImpl(start, stop, o.num ?? 50, o.endpoint ?? true, toDType(o.dtype) ?? defaultFloatDType());
}

/** `jnp.linspace`'s keywords (retstep and axis are not supported by this scalar form). */
export interface LinspaceOptions {
  /** Number of samples (default 50). */
  num?: number;
  /** Whether `stop` is the last sample (default true). */
  endpoint?: boolean;
  /** The result dtype (default float32). */
  dtype?: DTypeLike | null;
}

function linspaceImpl(start: number, stop: number, num: number, endpoint: boolean, dtype: DType): Array {
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`Number of samples, ${num}, must be non-negative.`);
  const r = dtype === "float64" ? (x: number) => x : Math.fround;
  const s = r(start);
  const e = r(stop);
  const div = endpoint ? num - 1 : num;
  const values = new Float64Array(num);
  if (num === 1) values[0] = s;
  else if (num > 1) {
    for (let i = 0; i < div; i++) {
      const t = r(i / div);
      values[i] = r(r(s * r(1 - t)) + r(e * t));
    }
    if (endpoint) values[num - 1] = e;
  }
  // jnp.linspace floors (not truncates) values for an integer dtype, and its float -> integer
  // conversion saturates (jnp.linspace(0, 20, 5, dtype=int4) is [0, 5, 7, 7, 7] in JAX 0.10.2).
  if (isInteger(dtype)) for (let i = 0; i < num; i++) values[i] = Math.min(maxValue(dtype), Math.max(minValue(dtype), Math.floor(values[i]!)));
  return fromValues(values, [num], dtype);
}

/** `jnp.eye`'s keywords. */
export interface EyeOptions {
  /** Number of columns; omitted or null: N (square). */
  M?: number | null;
  /** Index of the diagonal of ones: 0 the main one, positive above, negative below. */
  k?: number;
  /** The result dtype (default float32). */
  dtype?: DTypeLike | null;
}

/**
 * `jnp.eye(N, M?, k?, dtype?)`: ones on the `k`-th diagonal of an N×M matrix.
 *
 * @example
 * ```ts
 * np.eye(3, { k: 1, dtype: np.int32 }); // Array([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=int32)
 * np.eye(3, 3, 1); // the same superdiagonal, in float32
 * ```
 */
export function eye(n: number, M?: number | null | EyeOptions, k?: number | EyeOptions, dtype?: DTypeLike | null | EyeOptions, opts?: EyeOptions): Array {
  const o = kwargs<EyeOptions>("eye", ["M", "k", "dtype"], [M, k, dtype, opts]);
  const m = o.M ?? n;
  return eyeImpl(n, m, o.k ?? 0, toDType(o.dtype) ?? defaultFloatDType());
}

function eyeImpl(n: number, m: number, k: number, dtype: DType): Array {
  checkShape([n, m]);
  if (!Number.isInteger(k)) throw new TypeError(`eye: k must be an integer, got ${k}.`);
  const rows = lax.broadcastedIota("int32", [n, m], 0);
  const cols = lax.broadcastedIota("int32", [n, m], 1);
  return lax.convertElementType(lax.eq(lax.add(rows, k), cols), dtype);
}

/**
 * `np.identity(n, dtype?)` (jnp.identity): the n x n identity matrix.
 *
 * @example
 * ```ts
 * np.identity(2, np.int32); // Array([[1, 0], [0, 1]], dtype=int32)
 * np.identity(2); // Array([[1., 0.], [0., 1.]], dtype=float32)
 * ```
 */
export const identity = (n: number, dtype?: DTypeLike | null | DTypeOptions, opts?: DTypeOptions): Array =>
  eyeImpl(n, n, 0, toDType(kwargs<DTypeOptions>("identity", ["dtype"], [dtype, opts]).dtype) ?? defaultFloatDType());

export { isDType };
