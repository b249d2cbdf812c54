// dtypes and JAX's type-promotion lattice, weak types included.
import { roundToFloat16, roundToBfloat16, roundToFormat, FLOAT8_FORMATS } from "./narrowFloat.js";
// JS numbers behave like Python scalars: weakly typed (int -> i*, float -> f*), so they adopt the
// dtype of the array they meet; a `{ re, im }` scalar is a weak complex (c*) as a Python complex is.
// Complex arrays are stored interleaved (re, im) in a Float32Array (complex64) or Float64Array
// (complex128) of twice the element count: see `storageLength`. float64 is always available; int64 does not exist, so joins that
// JAX would send to int64 (int32 with uint32) are canonicalised to int32, as JAX does without x64.

export type DType =
  | "float8_e4m3fn"
  | "float8_e4m3fnuz"
  | "float8_e5m2"
  | "float8_e5m2fnuz"
  | "float16"
  | "bfloat16"
  | "float32"
  | "float64"
  | "int2"
  | "int4"
  | "int8"
  | "int16"
  | "int32"
  | "uint2"
  | "uint4"
  | "uint8"
  | "uint16"
  | "uint32"
  | "bool"
  | "complex64"
  | "complex128";

export const DTYPES: readonly DType[] = [
  "bool", "int2", "int4", "int8", "int16", "int32", "uint2", "uint4", "uint8", "uint16", "uint32", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float16", "bfloat16", "float32", "float64", "complex64", "complex128",
];

/**
 * `np.isDType(x)` (dprog's; JAX has no counterpart): whether `x` names one of dprog's dtypes.
 *
 * @example
 * ```ts
 * np.isDType("float16"); // true
 * np.isDType("int64"); // false
 * ```
 */
export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

/** Throws JAX's error for a name that is not a dtype. */
export function checkDType(x: unknown): DType {
  if (!isDType(x)) {
    throw new TypeError(`Cannot interpret '${String(x)}' as a data type. Supported dtypes: ${DTYPES.join(", ")}.`);
  }
  return x;
}

export const isFloat = (d: DType): boolean => d === "float32" || d === "float64" || d === "float16" || d === "bfloat16" || isFloat8(d);
/** The four 8-bit floats (ml_dtypes' formats), which JAX never promotes implicitly. */
export type Float8DType = "float8_e4m3fn" | "float8_e4m3fnuz" | "float8_e5m2" | "float8_e5m2fnuz";
export const isFloat8 = (d: DType): d is Float8DType =>
  d === "float8_e4m3fn" || d === "float8_e4m3fnuz" || d === "float8_e5m2" || d === "float8_e5m2fnuz";
export const isComplex = (d: DType): d is ComplexDType => d === "complex64" || d === "complex128";
/** Floating or complex (numpy's `inexact`). */
export const isInexact = (d: DType): boolean => isFloat(d) || isComplex(d);

export type ComplexDType = "complex64" | "complex128";
/** The real dtype of a complex dtype's parts (JAX's `_complex_basetype`); other dtypes are their own. */
export function realPartDtype(d: DType): DType {
  return d === "complex64" ? "float32" : d === "complex128" ? "float64" : d;
}
/** The complex dtype whose parts are `d` (float64 -> complex128; anything narrower -> complex64). */
export function complexDtypeOf(d: DType): ComplexDType {
  return d === "float64" || d === "complex128" ? "complex128" : "complex64";
}
/** Elements of a dtype's typed array per array element: 2 for complex (interleaved re, im), else 1. */
export const storageFactor = (d: DType): number => (isComplex(d) ? 2 : 1);
/** The typed-array length that holds `size` elements of `d`. */
export const storageLength = (d: DType, size: number): number => (isComplex(d) ? 2 * size : size);
export const isInteger = (d: DType): boolean => INTEGER_BITS[d] !== undefined;
export const isUnsigned = (d: DType): boolean => d === "uint32" || d === "uint8" || d === "uint16" || d === "uint4" || d === "uint2";
/**
 * The 2- and 4-bit integers (ml_dtypes' int2/uint2/int4/uint4; JAX's `_intn_dtypes`): narrow
 * integers that JAX joins with nothing but themselves, bool and weak ints (jax/_src/dtypes.py
 * `_type_promotion_lattice`).
 */
export type IntNDType = "int2" | "int4" | "uint2" | "uint4";
export const isIntN = (d: DType): d is IntNDType => d === "int2" || d === "int4" || d === "uint2" || d === "uint4";
/** JAX's refusal of the 2- and 4-bit integers by the few primitives without them (jax/_src/lax/lax.py unop_dtype_rule; abs_p). */
export function intNRefused(name: string, d: IntNDType): TypeError {
  return new TypeError(
    `${name} does not accept dtype ${d}. Support for narrow-width integers is platform-dependent and limited to a few specific operations, e.g. basic arithmetic and type casting.`,
  );
}
/** A narrow integer dtype (all but the 32-bit ones). */
export type NarrowIntegerDType = "int8" | "int16" | "uint8" | "uint16" | IntNDType;

/**
 * The narrow dtypes: backends never see them. jaxpr/passes/lowerNarrow.ts computes them in their
 * wide dtype (int32 for the 2-, 4-, 8- and 16-bit integers, float32 for float16 and bfloat16) and wraps
 * or rounds every result, as XLA's CPU backend computes float16 in float32 and rounds per op.
 */
export type NarrowDType = NarrowIntegerDType | "float16" | "bfloat16" | Float8DType;
export const isNarrow = (d: DType): d is NarrowDType =>
  d === "int8" || d === "int16" || d === "uint8" || d === "uint16" || isIntN(d) || d === "float16" || d === "bfloat16" || isFloat8(d);
/** The dtype a narrow dtype is computed in (others are their own). */
export function wideDtype(d: DType): DType {
  return d === "float16" || d === "bfloat16" || isFloat8(d) ? "float32" : isNarrow(d) ? "int32" : d;
}
/** Bits of each integer dtype (32 for the wide ones); the other dtypes have no entry. */
export const INTEGER_BITS: Partial<Record<DType, number>> = {
  int2: 2, int4: 4, int8: 8, int16: 16, int32: 32, uint2: 2, uint4: 4, uint8: 8, uint16: 16, uint32: 32,
};
export const isBool = (d: DType): boolean => d === "bool";
/** Numeric in numpy's sense: anything arithmetic applies to (bool excluded). */
export const isNumeric = (d: DType): boolean => d !== "bool";

/** JAX's short names, used by the jaxpr printer: f32[3,4]. */
export const SHORT_NAME: Record<DType, string> = {
  float32: "f32",
  float64: "f64",
  int32: "i32",
  uint32: "u32",
  bool: "bool",
  complex64: "c64",
  complex128: "c128",
  int8: "i8",
  int16: "i16",
  uint8: "u8",
  uint16: "u16",
  int2: "i2",
  int4: "i4",
  uint2: "u2",
  uint4: "u4",
  float16: "f16",
  bfloat16: "bf16",
  float8_e4m3fn: "f8_e4m3fn",
  float8_e4m3fnuz: "f8_e4m3fnuz",
  float8_e5m2: "f8_e5m2",
  float8_e5m2fnuz: "f8_e5m2fnuz",
};

export const ITEMSIZE: Record<DType, number> = {
  float32: 4, float64: 8, int32: 4, uint32: 4, bool: 1, complex64: 8, complex128: 16,
  int8: 1, int16: 2, uint8: 1, uint16: 2, float16: 2, bfloat16: 2,
  // numpy gives ml_dtypes' 2- and 4-bit integers one byte each (jnp.dtype(jnp.int4).itemsize == 1).
  int2: 1, int4: 1, uint2: 1, uint4: 1,
  float8_e4m3fn: 1, float8_e4m3fnuz: 1, float8_e5m2: 1, float8_e5m2fnuz: 1,
};

/** Default dtype of a weakly typed int (JAX's without x64: dprog has no int64, so also with it). */
export const WEAK_INT_DTYPE: DType = "int32";

// JAX's jax_enable_x64 as far as it concerns defaults: dprog computes in float64 whenever asked,
// so the flag only moves the dtype a value takes when nobody names one (JAX's dtypes.float_ and
// complex_: a JS number, np.zeros(3), random.normal without a dtype). Set through config.update.
let x64 = false;

/** Sets the x64 default (config.update("jax_enable_x64", on)); returns the previous setting. */
export function setX64Defaults(on: boolean): boolean {
  const old = x64;
  x64 = on;
  return old;
}

/** Whether the x64 defaults are on. */
export const x64Defaults = (): boolean => x64;

/** JAX's default float (dtypes.float_, canonicalized): float64 under x64, else float32. */
export const defaultFloatDType = (): "float32" | "float64" => (x64 ? "float64" : "float32");

/** JAX's default complex: complex128 under x64, else complex64 (a `{ re, im }` JS scalar's weak dtype). */
export const defaultComplexDType = (): "complex64" | "complex128" => (x64 ? "complex128" : "complex64");

// Lattice nodes: concrete dtypes, the three weak kinds, and int64 as the (canonicalised) join of
// int32 and uint32. Edges are JAX's (jax/_src/dtypes.py _type_promotion_lattice, not strict,
// restricted to our dtypes: uint64 dropped, which changes no join among the rest); float64 and
// complex128 are kept, as JAX with x64 keeps them.
type Node = DType | "i*" | "f*" | "c*" | "int64";
const EDGES: Record<Node, Node[]> = {
  bool: ["i*"],
  // The 2- and 4-bit integers are maximal too: above bool and weak ints only.
  "i*": ["uint8", "int8", "f*", "int2", "int4", "uint2", "uint4"],
  int2: [],
  int4: [],
  uint2: [],
  uint4: [],
  uint8: ["int16", "uint16"],
  uint16: ["int32", "uint32"],
  uint32: ["int64"],
  int8: ["int16"],
  int16: ["int32"],
  int32: ["int64"],
  int64: ["f*"],
  // The 8-bit floats are maximal: JAX joins them with nothing but themselves and weaker types.
  "f*": ["bfloat16", "float16", "c*", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz"],
  float8_e4m3fn: [],
  float8_e4m3fnuz: [],
  float8_e5m2: [],
  float8_e5m2fnuz: [],
  bfloat16: ["float32"],
  float16: ["float32"],
  "c*": ["complex64"],
  float32: ["float64", "complex64"],
  float64: ["complex128"],
  complex64: ["complex128"],
  complex128: [],
};

function upperSet(n: Node): Set<Node> {
  const seen = new Set<Node>([n]);
  const stack: Node[] = [n];
  while (stack.length) for (const m of EDGES[stack.pop()!]) if (!seen.has(m)) (seen.add(m), stack.push(m));
  return seen;
}
const UPPER = new Map<Node, Set<Node>>();
for (const n of Object.keys(EDGES) as Node[]) UPPER.set(n, upperSet(n));

/** JAX's TypePromotionError (jax/_src/dtypes.py): a join the lattice does not have. */
export class TypePromotionError extends Error {
  override name = "TypePromotionError";
}

function join(a: Node, b: Node): Node | null {
  const ua = UPPER.get(a)!;
  const ub = UPPER.get(b)!;
  // The least upper bound: the common upper node whose own upper set contains all the others.
  let best: Node | null = null;
  for (const n of ua) if (ub.has(n) && (best === null || UPPER.get(n)!.has(best))) best = n;
  return best;
}

function toNode(dtype: DType, weak: boolean): Node {
  if (!weak || dtype === "bool") return dtype;
  return isComplex(dtype) ? "c*" : isFloat(dtype) ? "f*" : "i*";
}

export interface TypedDType {
  readonly dtype: DType;
  readonly weakType: boolean;
}

const promoteCache = new Map<string, TypedDType>();

/** JAX's `result_type` over (dtype, weak) pairs: least upper bound in the lattice. */
export function promoteTypes(...xs: TypedDType[]): TypedDType {
  if (xs.length === 1) return xs[0]!;
  if (xs.every((x) => x.weakType && x.dtype !== "bool")) {
    // JAX: when every input is weak, join their strong dtypes and make the result weak, so a
    // weak uint32 or float64 keeps its width.
    const t = promoteTypes(...xs.map((x) => ({ dtype: x.dtype, weakType: false })));
    return { dtype: t.dtype, weakType: true };
  }
  let node: Node | null = toNode(xs[0]!.dtype, xs[0]!.weakType);
  for (let i = 1; i < xs.length && node !== null; i++) node = join(node, toNode(xs[i]!.dtype, xs[i]!.weakType));
  if (node === null) throw noPromotionPath(xs);
  // A weak result keeps the widest weak input of its kind (a weak float64 stays float64).
  if (node === "f*") {
    let d: DType = defaultFloatDType();
    for (const x of xs) if (x.weakType && x.dtype === "float64") d = "float64";
    return { dtype: d, weakType: true };
  }
  if (node === "c*") {
    // As float64 above: a weak complex128 (or a weak float64 meeting a weak complex) keeps its width.
    let d: DType = defaultComplexDType();
    for (const x of xs) if (x.weakType && (x.dtype === "complex128" || x.dtype === "float64")) d = "complex128";
    return { dtype: d, weakType: true };
  }
  if (node === "i*") return { dtype: WEAK_INT_DTYPE, weakType: true };
  if (node === "int64") return { dtype: "int32", weakType: false };
  return { dtype: node, weakType: false };
}

// JAX's _least_upper_bound message (a weak input prints as its Python type); only the 8-bit
// floats and the 2- and 4-bit integers lack joins among dprog's dtypes, and the 8-bit floats' message wins.
function noPromotionPath(xs: readonly TypedDType[]): TypePromotionError {
  const pythonType = (d: DType): string => (isComplex(d) ? "complex" : isFloat(d) ? "float" : "int");
  const names = xs.map((x) => (x.weakType && x.dtype !== "bool" ? `"<class '${pythonType(x.dtype)}'>"` : `'${x.dtype}'`));
  const float8 = xs.some((x) => !x.weakType && isFloat8(x.dtype));
  const why = float8
    ? "To avoid unintended promotion, 8-bit floats do not support implicit promotion. If you'd like your inputs to be " +
      "promoted to another type, you can do so explicitly using e.g. x.astype('float32')"
    : "To avoid unintended promotion, 1-bit, 2-bit and 4-bit integers do not support implicit promotion. If you'd like your " +
      "inputs to be promoted to another type, you can do so explicitly using e.g. x.astype('int32')";
  return new TypePromotionError(
    `Input dtypes (${names.join(", ")}${names.length === 1 ? "," : ""}) have no available implicit dtype promotion path. ${why}`,
  );
}

/** Cached promotion of two dtypes, for the hot path of binary ops. */
export function promoteTwo(a: DType, aw: boolean, b: DType, bw: boolean): TypedDType {
  if (a === b && aw === bw) return { dtype: a, weakType: aw };
  const key = `${a}${aw ? "*" : ""}|${b}${bw ? "*" : ""}`;
  let r = promoteCache.get(key);
  if (!r) promoteCache.set(key, (r = promoteTypes({ dtype: a, weakType: aw }, { dtype: b, weakType: bw })));
  return r;
}

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Int16Array | Uint16Array;
export type TypedArrayConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor;

export const TYPED_ARRAY: Record<DType, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  bool: Uint8Array,
  complex64: Float32Array,
  complex128: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  // One element a byte, as numpy holds ml_dtypes' 2- and 4-bit integers (unpacked).
  int2: Int8Array,
  int4: Int8Array,
  uint2: Uint8Array,
  uint4: Uint8Array,
  // Node 20 has no Float16Array: float16 and bfloat16 values are held exactly in a Float32Array.
  float16: Float32Array,
  bfloat16: Float32Array,
  float8_e4m3fn: Float32Array,
  float8_e4m3fnuz: Float32Array,
  float8_e5m2: Float32Array,
  float8_e5m2fnuz: Float32Array,
};

/** A zero-filled typed array holding `size` elements of `dtype` (twice as many numbers for complex). */
export function allocTyped(dtype: DType, size: number): TypedArray {
  return new TYPED_ARRAY[dtype](storageLength(dtype, size));
}

/** The dtype that a typed array's element type corresponds to. */
export function dtypeOfTypedArray(x: ArrayBufferView): DType | null {
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Uint32Array) return "uint32";
  if (x instanceof Int8Array) return "int8";
  if (x instanceof Int16Array) return "int16";
  if (x instanceof Uint16Array) return "uint16";
  if (x instanceof Uint8Array) return "bool";
  return null;
}

/** Casts a JS number to a dtype's value set, as a store into that dtype would. */
export function castScalar(v: number | boolean, dtype: DType): number {
  // Scalars reach generated code through literals: nothing but a number or boolean may pass.
  if (typeof v !== "number" && typeof v !== "boolean") {
    throw new TypeError(`A scalar must be a number or a boolean, got ${typeof v === "string" ? JSON.stringify(v) : `a value of type ${typeof v}`}.`);
  }
  const n = typeof v === "boolean" ? (v ? 1 : 0) : v;
  switch (dtype) {
    // A complex literal holds a real value (its imaginary part is zero): the real part's cast.
    case "float32":
    case "complex64":
      return Math.fround(n);
    case "float64":
    case "complex128":
      return n;
    case "int32":
      return Number.isFinite(n) ? Math.trunc(n) | 0 : 0;
    case "uint32":
      return Number.isFinite(n) ? Math.trunc(n) >>> 0 : 0;
    case "int2":
    case "int4":
    case "int8":
    case "int16":
    case "uint2":
    case "uint4":
    case "uint8":
    case "uint16":
      return Number.isFinite(n) ? wrapInteger(Math.trunc(n), dtype) : 0;
    case "float16":
      return roundToFloat16(n);
    case "bfloat16":
      return roundToBfloat16(n);
    case "float8_e4m3fn":
    case "float8_e4m3fnuz":
    case "float8_e5m2":
    case "float8_e5m2fnuz":
      return roundToFormat(n, FLOAT8_FORMATS[dtype]);
    case "bool":
      return n !== 0 ? 1 : 0;
  }
}

/** An integer taken modulo 2^bits into a narrow integer dtype's range (a typed-array store's wrap). */
export function wrapInteger(n: number, dtype: NarrowIntegerDType): number {
  const bits = INTEGER_BITS[dtype]!;
  const m = (n | 0) & ((1 << bits) - 1);
  return isUnsigned(dtype) || m < 1 << (bits - 1) ? m : m - (1 << bits);
}

/**
 * The invariant every backend relies on: complex values reach it only as pairs of real ones
 * (jaxpr/passes/lowerComplex.ts runs before partitioning), so a dtype switch there that meets a
 * complex dtype has been handed an unlowered jaxpr.
 */
export function complexNotLowered(d: DType): Error {
  return new Error(`internal: a ${d} value reached a backend kernel; complex jaxprs are lowered to real pairs first (lowerComplex).`);
}

/**
 * The same invariant for the narrow dtypes: jaxpr/passes/lowerNarrow.ts computes them in their wide
 * dtype before a backend partitions a program.
 */
export function narrowNotLowered(d: DType): Error {
  return new Error(`internal: a ${d} value reached a backend kernel; narrow dtypes are computed in their wide dtype first (lowerNarrow).`);
}

/** Finite extremes used as reduction identities. */
export function maxValue(dtype: DType): number {
  switch (dtype) {
    case "float32":
    case "float64":
    case "complex64":
    case "complex128":
      return Infinity;
    case "int32":
      return 2147483647;
    case "uint32":
      return 4294967295;
    case "int8":
      return 127;
    case "int16":
      return 32767;
    case "uint8":
      return 255;
    case "uint16":
      return 65535;
    case "int2":
      return 1;
    case "int4":
      return 7;
    case "uint2":
      return 3;
    case "uint4":
      return 15;
    case "float16":
    case "bfloat16":
    case "float8_e5m2":
      return Infinity;
    // No infinity: the largest finite value is the identity of a max reduction's opposite.
    case "float8_e4m3fn":
    case "float8_e4m3fnuz":
    case "float8_e5m2fnuz":
      return FLOAT8_FORMATS[dtype].maxFinite;
    case "bool":
      return 1;
  }
}
export function minValue(dtype: DType): number {
  switch (dtype) {
    case "float32":
    case "float64":
    case "complex64":
    case "complex128":
      return -Infinity;
    case "int32":
      return -2147483648;
    case "int8":
      return -128;
    case "int16":
      return -32768;
    case "int2":
      return -2;
    case "int4":
      return -8;
    case "float16":
    case "bfloat16":
    case "float8_e5m2":
      return -Infinity;
    case "float8_e4m3fn":
    case "float8_e4m3fnuz":
    case "float8_e5m2fnuz":
      return -FLOAT8_FORMATS[dtype].maxFinite;
    case "uint2":
    case "uint4":
    case "uint8":
    case "uint16":
    case "uint32":
    case "bool":
      return 0;
  }
}
