// Shapes and the abstract value (aval) of an array: ShapedArray, as in JAX.
import { DType, SHORT_NAME, checkDType } from "./dtypes.js";
import { range } from "./lists.js";

export type Shape = readonly number[];

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapeEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Python's tuple syntax, as JAX's error messages print shapes: (), (3,), (2, 3). */
export function shapeString(shape: Shape): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new globalThis.Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Checks that every dimension is a non-negative integer (JAX: "Shapes must be 1D sequences of concrete values of integer type"). */
export function checkShape(shape: readonly unknown[], what = "shape"): number[] {
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new TypeError(
        `Shapes must be 1D sequences of concrete values of integer type, got ${what} (${shape.map(String).join(", ")}). ` +
          `Dimensions must be non-negative finite integers.`,
      );
    }
  }
  return shape as number[];
}

/** Normalises a possibly negative axis against a rank, throwing JAX's error when out of range. */
export function canonicalizeAxis(axis: number, ndim: number): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    // Python: "'str' object cannot be interpreted as an integer" (never an out-of-bounds message for a string).
    const what = typeof axis === "string" ? `string ${JSON.stringify(axis)}` : typeof axis === "number" ? `number ${axis}` : `a value of type ${axis === null ? "null" : typeof axis}`;
    throw new TypeError(`axis: ${what} cannot be interpreted as an integer (array of dimension ${ndim}).`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new AxisError(`axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** numpy's reduction axes: all of them for null/undefined, else canonical, sorted, each once (ValueError "repeated axis"). */
export function reductionAxes(axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === undefined || axis === null) return range(ndim);
  const dims = (typeof axis === "number" ? [axis] : [...axis]).map((d) => canonicalizeAxis(d, ndim));
  if (new Set(dims).size !== dims.length) throw new ValueError("repeated axis");
  return dims.sort((p, q) => p - q);
}

/** numpy's broadcast shape of several shapes, or null when they do not broadcast (callers word the error). */
export function tryBroadcastShapes(shapes: readonly (readonly number[])[]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const si = s[s.length - rank + i] ?? 1;
      if (si === d || si === 1) continue;
      if (d === 1) d = si;
      else return null;
    }
    out.push(d);
  }
  return out;
}

/** Python's ValueError, as numpy and JAX raise it (a right type with a wrong value). */
export class ValueError extends Error {
  override name = "ValueError";
}

/**
 * Python's RuntimeError (lax.padtype_to_pads raises it for an unknown padding name).
 *
 * @example
 * ```ts
 * let err: unknown;
 * try { lax.convGeneralDilated(np.ones([1, 1, 3]), np.ones([1, 1, 2]), [1], "FOO" as "SAME"); } catch (e) { err = e; }
 * err instanceof RuntimeError; // true
 * (err as RuntimeError).message; // "Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got FOO."
 * ```
 */
export class RuntimeError extends Error {
  override name = "RuntimeError";
}

/**
 * The most dimensions an array may have: numpy's limit (NPY_MAXDIMS). Deeper ranks are refused
 * when an aval is made, so no recursion over dimensions (printing, tolist, strides) can overflow.
 */
export const MAX_NDIM = 64;

/** numpy's AxisError (a ValueError and IndexError in numpy). */
export class AxisError extends Error {
  override name = "AxisError";
}

/**
 * The most elements an array may have: a JS typed array holds at most 2^32 (Node's
 * buffer.constants.MAX_LENGTH), and every array here is backed by one.
 */
export const MAX_ARRAY_ELEMENTS = 2 ** 32;

/**
 * Checks a shape that an aval is built from: every dim a non-negative safe integer (generated code
 * embeds them) and the element count within what a typed array can hold.
 */
function checkAvalShape(shape: Shape, dtype: DType): void {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) {
      const dims = Array.from(shape, (x) => (typeof x === "number" ? String(x) : typeof x === "string" ? JSON.stringify(x) : typeof x));
      throw new TypeError(`Shapes must be 1D sequences of concrete values of integer type, got (${dims.join(", ")}${dims.length === 1 ? "," : ""}).`);
    }
    n *= d;
  }
  if (n > MAX_ARRAY_ELEMENTS) {
    throw new RangeError(
      `An array of shape ${shapeString(shape)} and dtype ${dtype} is too large: ${n} elements, more than the ${MAX_ARRAY_ELEMENTS} that one array can hold.`,
    );
  }
}

/**
 * `ShapedArray` (jax.core.ShapedArray): shape, dtype and weak type, all an abstract interpretation needs.
 *
 * @example
 * ```ts
 * const aval = np.zeros([3, 4]).aval;
 * aval.toString(); // "ShapedArray(f32[3,4])"
 * new ShapedArray([2], "int32").toString(); // "ShapedArray(i32[2])"
 * ```
 */
export class ShapedArray {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly weakType: boolean;
  /** Cheap identity for cache keys. */
  readonly key: string;
  constructor(shape: Shape, dtype: DType, weakType = false) {
    if (shape.length > MAX_NDIM) throw new ValueError(`maximum supported dimension for an array is ${MAX_NDIM}, found ${shape.length}`);
    checkDType(dtype);
    checkAvalShape(shape, dtype);
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.weakType = weakType;
    this.key = `${SHORT_NAME[dtype]}[${shape.join(",")}]${weakType ? "w" : ""}`;
    Object.freeze(this);
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return shapeSize(this.shape);
  }
  /**
   * JAX's short form: f32[3,4].
   *
   * @example
   * ```ts
   * new ShapedArray([3, 4], "float32").str(); // "f32[3,4]"
   * ```
   */
  str(): string {
    return `${SHORT_NAME[this.dtype]}[${this.shape.join(",")}]`;
  }
  /**
   * JAX's repr: `ShapedArray(f32[3])`, with `weak_type=True` when weakly typed.
   *
   * @example
   * ```ts
   * new ShapedArray([3], "float32", true).toString(); // "ShapedArray(f32[3], weak_type=True)"
   * ```
   */
  toString(): string {
    return `ShapedArray(${this.str()}${this.weakType ? ", weak_type=True" : ""})`;
  }
  /**
   * Whether `o` has the same shape, dtype and weak type.
   *
   * @example
   * ```ts
   * new ShapedArray([2], "float32").equals(new ShapedArray([2], "float32")); // true
   * new ShapedArray([2], "float32").equals(new ShapedArray([2], "float32", true)); // false
   * ```
   */
  equals(o: ShapedArray): boolean {
    return this.key === o.key;
  }
  /**
   * Same shape and dtype, weak type ignored (what jaxpr typing compares).
   *
   * @example
   * ```ts
   * new ShapedArray([2], "float32").matches(new ShapedArray([2], "float32", true)); // true
   * ```
   */
  matches(o: ShapedArray): boolean {
    return this.dtype === o.dtype && shapeEqual(this.shape, o.shape);
  }
  /**
   * A copy with some of shape, dtype and weak type changed (JAX's `ShapedArray.update`).
   *
   * @example
   * ```ts
   * new ShapedArray([2], "float32").update({ dtype: "int32" }).toString(); // "ShapedArray(i32[2])"
   * ```
   */
  update(changes: { shape?: Shape; dtype?: DType; weakType?: boolean }): ShapedArray {
    return new ShapedArray(changes.shape ?? this.shape, changes.dtype ?? this.dtype, changes.weakType ?? this.weakType);
  }
  /**
   * The same aval without the weak type (JAX's `strip_weak_type`).
   *
   * @example
   * ```ts
   * new ShapedArray([], "float32", true).strengthened().toString(); // "ShapedArray(f32[])"
   * ```
   */
  strengthened(): ShapedArray {
    return this.weakType ? new ShapedArray(this.shape, this.dtype, false) : this;
  }
}
