// dtype objects as jax.numpy has them (issue 19, item 2): the scalar types (np.float32 ... callable
// as constructors of 0-d arrays, and accepted wherever a dtype is), the abstract classes of numpy's
// type hierarchy for issubdtype (np.floating, np.integer, ...), np.dtype, finfo/iinfo,
// promoteTypes and isdtype, and the constants pi, e, inf, nan, newaxis, eulerGamma.
//
// dtypes stay strings ("float32"): `x.dtype` is a string and `np.dtype(np.float32) === "float32"`.
// A scalar type converts to its name (`String(np.float32)`, `x.dtype == np.float32`), but `===`
// between a string and a function is always false in JS: compare `x.dtype === "float32"` or
// `x.dtype === np.dtype(np.float32)`.
import type { DType } from "../../jaxpr/index.js";
import { DTYPES, isComplex, isDType, isFloat8, isUnsigned, promoteTypes as promoteTypedDTypes, realPartDtype } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { array } from "./creation.js";
import type { ArrayData } from "./creation.js";
import { X64_ONLY, dtype, isScalarType, x64Error } from "./dtypeLike.js";
import type { DTypeLike, ScalarType } from "./dtypeLike.js";
import { FINFO, type FInfo } from "./finfoTable.js";

export type { FInfo };
export { dtype } from "./dtypeLike.js";
export type { DTypeLike, ScalarType } from "./dtypeLike.js";


/** An abstract class of numpy's scalar type hierarchy (np.floating, np.integer, ...), for issubdtype. */
export interface AbstractScalarType {
  /** Marks an abstract type class, as opposed to a concrete scalar type. */
  readonly kind: "abstract";
  /** NumPy's name of the class ("floating", "integer", ...). */
  readonly name: AbstractName;
  /** `<class 'numpy.NAME'>`, as NumPy prints it. */
  toString(): string;
}

type AbstractName = "generic" | "number" | "integer" | "signedinteger" | "unsignedinteger" | "inexact" | "floating" | "complexfloating" | "bool";

/** Each dtype name's parent class. Names of dtypes dprog does not have yet are listed so they slot in. */
const PARENT: Record<string, AbstractName> = {
  bool: "generic",
  int2: "signedinteger",
  int4: "signedinteger",
  uint2: "unsignedinteger",
  uint4: "unsignedinteger",
  int8: "signedinteger",
  int16: "signedinteger",
  int32: "signedinteger",
  int64: "signedinteger",
  uint8: "unsignedinteger",
  uint16: "unsignedinteger",
  uint32: "unsignedinteger",
  uint64: "unsignedinteger",
  float16: "floating",
  bfloat16: "floating",
  float8_e4m3fn: "floating",
  float8_e4m3fnuz: "floating",
  float8_e5m2: "floating",
  float8_e5m2fnuz: "floating",
  float32: "floating",
  float64: "floating",
  complex64: "complexfloating",
  complex128: "complexfloating",
};
const ABSTRACT_PARENT: Record<AbstractName, AbstractName | null> = {
  generic: null,
  bool: "generic",
  number: "generic",
  integer: "number",
  signedinteger: "integer",
  unsignedinteger: "integer",
  inexact: "number",
  floating: "inexact",
  complexfloating: "inexact",
};


function makeAbstract(name: AbstractName): AbstractScalarType {
  return Object.freeze({ kind: "abstract" as const, name, toString: () => name });
}

function makeScalarType<D extends DType>(d: D): ScalarType<D> {
  const f = (x: ArrayData | ArrayLike): Array => (x instanceof Array ? lax.convertElementType(x, d) : array(x as ArrayData, { dtype: d }));
  Object.defineProperty(f, "name", { value: d });
  Object.defineProperty(f, "dtype", { value: d, enumerable: true });
  Object.defineProperty(f, "kind", { value: "scalar" });
  Object.defineProperty(f, "toString", { value: () => d });
  Object.defineProperty(f, Symbol.toPrimitive, { value: () => d });
  return Object.freeze(f) as unknown as ScalarType<D>;
}

/**
 * A complex scalar type (`np.complex64`, `np.complex128`): as a ScalarType, and also
 * `np.complex64(re, im)` from two numbers (JS has no complex literal).
 */
export interface ComplexScalarType<D extends "complex64" | "complex128"> extends ScalarType<D> {
  (x: ArrayData | ArrayLike): Array;
  (re: number, im: number): Array;
}

function makeComplexScalarType<D extends "complex64" | "complex128">(d: D): ComplexScalarType<D> {
  const base = makeScalarType(d);
  const f = (x: ArrayData | ArrayLike, im?: number): Array => {
    if (im === undefined) return base(x);
    if (typeof x !== "number" || typeof im !== "number") throw new TypeError(`${d}(re, im) takes two numbers, got ${typeof x} and ${typeof im}.`);
    return array({ re: x, im }, { dtype: d });
  };
  for (const key of ["name", "dtype", "kind", "toString"] as const) Object.defineProperty(f, key, { value: (base as unknown as Record<string, unknown>)[key] });
  Object.defineProperty(f, Symbol.toPrimitive, { value: () => d });
  return Object.freeze(f) as unknown as ComplexScalarType<D>;
}

/** A scalar type whose use always throws: 64-bit integers need x64, which dprog does not have. */
function makeRefused(name: "int64" | "uint64"): ScalarType<never> {
  const f = (): Array => {
    throw x64Error(name);
  };
  Object.defineProperty(f, "name", { value: name });
  Object.defineProperty(f, "dtype", { get: () => { throw x64Error(name); } });
  Object.defineProperty(f, "kind", { value: "scalar" });
  Object.defineProperty(f, "toString", { value: () => name });
  Object.defineProperty(f, Symbol.toPrimitive, { value: () => name });
  return Object.freeze(f) as unknown as ScalarType<never>;
}

/** `jnp.float32`: the float32 scalar type; `np.float32(3)` is `Array(3., dtype=float32)`. */
export const float32: ScalarType<"float32"> = makeScalarType("float32");
/** `jnp.float64`: the float64 scalar type (always available in dprog). */
export const float64: ScalarType<"float64"> = makeScalarType("float64");
/** `jnp.float_`: numpy's default float, float64 (dprog always has float64). */
export const float_: ScalarType<"float64"> = float64;
/** `jnp.complex64`: `np.complex64(1, 2)` is `Array(1.+2.j, dtype=complex64)`; `np.complex64(x)` converts. */
export const complex64: ComplexScalarType<"complex64"> = makeComplexScalarType("complex64");
/** `jnp.complex128` (always available in dprog, as float64 is). */
export const complex128: ComplexScalarType<"complex128"> = makeComplexScalarType("complex128");
/** `jnp.complex_`: numpy's default complex, complex128. */
export const complex_: ComplexScalarType<"complex128"> = complex128;
/** `jnp.double`: C's double, numpy's name for float64 (`np.dtype(np.double)` is "float64"). */
export const double: ScalarType<"float64"> = float64;
/** `jnp.single`: C's float, numpy's name for float32. */
export const single: ScalarType<"float32"> = float32;
/** `jnp.cdouble`: numpy's name for complex128 (a pair of doubles). */
export const cdouble: ComplexScalarType<"complex128"> = complex128;
/** `jnp.csingle`: numpy's name for complex64 (a pair of singles). */
export const csingle: ComplexScalarType<"complex64"> = complex64;
/** `jnp.int32`: `np.int32(3.7)` is `Array(3, dtype=int32)`. */
export const int32: ScalarType<"int32"> = makeScalarType("int32");
/** `jnp.uint32`. */
export const uint32: ScalarType<"uint32"> = makeScalarType("uint32");
/** `jnp.int8`: `np.int8(3.7)` is `Array(3, dtype=int8)`; arithmetic wraps modulo 2^8, as in JAX. */
export const int8: ScalarType<"int8"> = makeScalarType("int8");
/** `jnp.int16`. */
export const int16: ScalarType<"int16"> = makeScalarType("int16");
/** `jnp.uint8`. */
export const uint8: ScalarType<"uint8"> = makeScalarType("uint8");
/** `jnp.uint16`. */
export const uint16: ScalarType<"uint16"> = makeScalarType("uint16");
/**
 * `jnp.int4`: 4-bit signed integers in [-8, 7] (ml_dtypes' int4), one per byte in an Int8Array;
 * arithmetic wraps modulo 2^4. JAX never promotes it implicitly: it meets only int4, bool and JS
 * integers (`x.astype(np.int32)` first otherwise). `np.int4(9)` wraps to -7, as in JAX.
 */
export const int4: ScalarType<"int4"> = makeScalarType("int4");
/** `jnp.uint4`: 4-bit unsigned integers in [0, 15], one per byte in a Uint8Array; as `int4` otherwise. */
export const uint4: ScalarType<"uint4"> = makeScalarType("uint4");
/** `jnp.int2`: 2-bit signed integers in [-2, 1], one per byte in an Int8Array; as `int4` otherwise. */
export const int2: ScalarType<"int2"> = makeScalarType("int2");
/** `jnp.uint2`: 2-bit unsigned integers in [0, 3], one per byte in a Uint8Array; as `int4` otherwise. */
export const uint2: ScalarType<"uint2"> = makeScalarType("uint2");
/** `jnp.float16`: IEEE half precision, held in a Float32Array and rounded after every operation. */
export const float16: ScalarType<"float16"> = makeScalarType("float16");
/** `jnp.bfloat16`: 8 exponent and 7 mantissa bits, held in a Float32Array and rounded after every operation. */
export const bfloat16: ScalarType<"bfloat16"> = makeScalarType("bfloat16");
/** `jnp.float8_e4m3fn`: 4 exponent and 3 mantissa bits, no infinity (max 448; overflow gives NaN); held in a Float32Array, rounded after every operation; never promoted implicitly. */
export const float8E4m3fn: ScalarType<"float8_e4m3fn"> = makeScalarType("float8_e4m3fn");
/** `jnp.float8_e4m3fnuz`: as float8_e4m3fn with bias 8, no negative zero, max 240. */
export const float8E4m3fnuz: ScalarType<"float8_e4m3fnuz"> = makeScalarType("float8_e4m3fnuz");
/** `jnp.float8_e5m2`: 5 exponent and 2 mantissa bits, IEEE-like with infinities (max 57344). */
export const float8E5m2: ScalarType<"float8_e5m2"> = makeScalarType("float8_e5m2");
/** `jnp.float8_e5m2fnuz`: as float8_e5m2 with bias 16, no infinity, no negative zero (max 57344). */
export const float8E5m2fnuz: ScalarType<"float8_e5m2fnuz"> = makeScalarType("float8_e5m2fnuz");
/** `jnp.bool_`: `np.bool_(1)` is `Array(True, dtype=bool)`. */
export const bool: ScalarType<"bool"> = makeScalarType("bool");
export { bool as bool_ };
/** Refused: dprog is a 32-bit-default JAX (JAX without x64). Calling it or using it as a dtype throws a TypeError saying so. */
export const int64: ScalarType<never> = makeRefused("int64");
/** Refused, as `int64`. */
export const uint64: ScalarType<never> = makeRefused("uint64");

/** numpy's abstract classes, for `np.issubdtype(x.dtype, np.floating)`. */
export const generic: AbstractScalarType = makeAbstract("generic");
/** NumPy's abstract class of every numeric dtype, for `jnp.issubdtype(dtype, jnp.number)`. */
export const number: AbstractScalarType = makeAbstract("number");
/** NumPy's abstract class of the integer dtypes (int32, uint32), for `jnp.issubdtype`. */
export const integer: AbstractScalarType = makeAbstract("integer");
/** NumPy's abstract class of the signed integer dtypes (int32), for `jnp.issubdtype`. */
export const signedinteger: AbstractScalarType = makeAbstract("signedinteger");
/** NumPy's abstract class of the unsigned integer dtypes (uint32), for `jnp.issubdtype`. */
export const unsignedinteger: AbstractScalarType = makeAbstract("unsignedinteger");
/** NumPy's abstract class of the floating and complex dtypes, for `jnp.issubdtype`. */
export const inexact: AbstractScalarType = makeAbstract("inexact");
/** NumPy's abstract class of the floating dtypes (float32, float64), for `jnp.issubdtype`. */
export const floating: AbstractScalarType = makeAbstract("floating");
/** NumPy's abstract class of the complex dtypes (dprog has none: nothing is a subtype), for `jnp.issubdtype`. */
export const complexfloating: AbstractScalarType = makeAbstract("complexfloating");

const isAbstract = (x: unknown): x is AbstractScalarType => typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "abstract";


function nameOf(x: DTypeLike | AbstractScalarType | Array | string): string {
  if (isAbstract(x)) return x.name;
  if (x instanceof Array) return x.dtype;
  if (isScalarType(x)) return String(x);
  return x === "bool_" ? "bool" : String(x);
}

/**
 * `jnp.issubdtype(arg1, arg2)`: whether `arg1` is `arg2` or below it in numpy's type hierarchy
 * (`generic > number > integer > signedinteger/unsignedinteger`, `number > inexact > floating`).
 *
 * @example
 * ```ts
 * np.issubdtype(np.float32, np.floating); // true
 * np.issubdtype("int32", np.inexact); // false
 * np.issubdtype(np.arange(3, { dtype: "int32" }).dtype, np.integer); // true
 * ```
 */
export function issubdtype(arg1: DTypeLike | AbstractScalarType | string, arg2: DTypeLike | AbstractScalarType | string): boolean {
  const a = nameOf(arg1);
  const b = nameOf(arg2);
  if (a === b) return true;
  let p: AbstractName | null | undefined = a in ABSTRACT_PARENT ? ABSTRACT_PARENT[a as AbstractName] : PARENT[a];
  if (p === undefined) dtype(a);
  while (p !== null && p !== undefined) {
    if (p === b) return true;
    p = ABSTRACT_PARENT[p];
  }
  return false;
}

/**
 * `jnp.promote_types(a, b)`: JAX's type promotion of two (strong) dtypes.
 *
 * @example
 * ```ts
 * np.promoteTypes(np.int32, "float32"); // "float32"
 * np.promoteTypes("bool", "uint32"); // "uint32"
 * ```
 */
export function promoteTypes(a: DTypeLike, b: DTypeLike): DType {
  return promoteTypedDTypes({ dtype: dtype(a), weakType: false }, { dtype: dtype(b), weakType: false }).dtype;
}

type Kind = "bool" | "signed integer" | "unsigned integer" | "integral" | "real floating" | "complex floating" | "numeric";
const KINDS: readonly Kind[] = ["bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric"];

/**
 * `jnp.isdtype(dtype, kind)` (the array API's): `kind` is a dtype, a kind name ("bool", "signed
 * integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric") or an
 * array of them (any matches).
 *
 * @example
 * ```ts
 * np.isdtype(np.float32, "real floating"); // true
 * np.isdtype("int32", ["bool", "integral"]); // true
 * ```
 */
export function isdtype(dt: DTypeLike, kind: Kind | DTypeLike | readonly (Kind | DTypeLike)[]): boolean {
  const d = dtype(dt);
  const kinds = globalThis.Array.isArray(kind) ? (kind as readonly (Kind | DTypeLike)[]) : [kind as Kind | DTypeLike];
  return kinds.some((k) => {
    if (typeof k === "string" && (KINDS as readonly string[]).includes(k)) {
      switch (k as Kind) {
        case "bool":
          return d === "bool";
        case "signed integer":
          return issubdtype(d, signedinteger);
        case "unsigned integer":
          return issubdtype(d, unsignedinteger);
        case "integral":
          return issubdtype(d, integer);
        case "real floating":
          return issubdtype(d, floating);
        case "complex floating":
          return issubdtype(d, complexfloating);
        case "numeric":
          return issubdtype(d, number);
      }
    }
    if (typeof k === "string" && !isDType(k) && !X64_ONLY.has(k)) {
      throw new TypeError(`kind argument must be a dtype or one of ${KINDS.map((s) => `'${s}'`).join(", ")}; got '${k}'.`);
    }
    return dtype(k as DTypeLike) === d;
  });
}

/**
 * `jnp.finfo(dtype)`: the limits of a floating dtype (JAX's values; values are JS numbers).
 * Accepts a dtype, a scalar type or an Array. A complex dtype gives its real part's limits
 * (complex64: float32's), as numpy's finfo does.
 *
 * @example
 * ```ts
 * np.finfo(np.float32).eps; // 1.1920928955078125e-7
 * np.finfo("float64").max; // 1.7976931348623157e308
 * np.finfo("complex64").dtype; // "float32"
 * ```
 */
export function finfo(dt: DTypeLike | Array): FInfo {
  const d = dtype(dt);
  const info = FINFO[isComplex(d) ? realPartDtype(d) : d];
  if (info === undefined) throw new ValueError(`data type ${d} not inexact`);
  return info;
}

/** `jnp.iinfo(dtype)`: the limits of an integer dtype. */
export interface IInfo {
  /** The integer dtype described. */
  readonly dtype: DType;
  /** Bits per value. */
  readonly bits: number;
  /** The smallest value. */
  readonly min: number;
  /** The largest value. */
  readonly max: number;
}

const IINFO: Partial<Record<DType, IInfo>> = {
  int2: Object.freeze({ dtype: "int2", bits: 2, min: -2, max: 1 }),
  int4: Object.freeze({ dtype: "int4", bits: 4, min: -8, max: 7 }),
  uint2: Object.freeze({ dtype: "uint2", bits: 2, min: 0, max: 3 }),
  uint4: Object.freeze({ dtype: "uint4", bits: 4, min: 0, max: 15 }),
  int8: Object.freeze({ dtype: "int8", bits: 8, min: -128, max: 127 }),
  int16: Object.freeze({ dtype: "int16", bits: 16, min: -32768, max: 32767 }),
  uint8: Object.freeze({ dtype: "uint8", bits: 8, min: 0, max: 255 }),
  uint16: Object.freeze({ dtype: "uint16", bits: 16, min: 0, max: 65535 }),
  int32: Object.freeze({ dtype: "int32", bits: 32, min: -2147483648, max: 2147483647 }),
  uint32: Object.freeze({ dtype: "uint32", bits: 32, min: 0, max: 4294967295 }),
};

/**
 * `jnp.iinfo(dtype)`: the limits of an integer dtype.
 *
 * @example
 * ```ts
 * np.iinfo(np.int32).max; // 2147483647
 * np.iinfo("uint32").min; // 0
 * ```
 */
export function iinfo(dt: DTypeLike | Array): IInfo {
  const d = dtype(dt);
  const info = IINFO[d];
  if (info === undefined) throw new ValueError(`Invalid integer data type '${numpyKind(d)}'.`);
  return info;
}

/**
 * numpy's one-letter dtype.kind, which np.iinfo's error names: ml_dtypes' bfloat16 and float8
 * types are numpy void types ('V').
 */
function numpyKind(d: DType): string {
  if (d === "bool") return "b";
  if (isComplex(d)) return "c";
  if (d === "bfloat16" || isFloat8(d)) return "V";
  if (d === "float16" || d === "float32" || d === "float64") return "f";
  return isUnsigned(d) ? "u" : "i";
}

/** π (`jnp.pi`). */
export const pi: number = Math.PI;
/** Euler's number (`jnp.e`). */
export const e: number = Math.E;
/** Positive infinity (`jnp.inf`). */
export const inf: number = Infinity;
/** Not a number (`jnp.nan`). */
export const nan: number = NaN;
/** The Euler–Mascheroni constant (`jnp.euler_gamma` = 0.5772156649015329). */
export const eulerGamma = 0.5772156649015329;
/**
 * `jnp.newaxis` (None): a new axis in an index, `x.get(np.newaxis, ":")`.
 *
 * @example
 * ```ts
 * np.arange(3).get(":", np.newaxis).shape; // [3, 1]
 * ```
 */
export const newaxis = null;

/**
 * Whether `x` is a dtype-like (a dtype name or a scalar type).
 *
 * @example
 * ```ts
 * np.isDTypeLike("float32"); // true
 * np.isDTypeLike(np.int32); // true
 * np.isDTypeLike("int64"); // false
 * ```
 */
export const isDTypeLike = (x: unknown): x is DTypeLike => isDType(x) || isScalarType(x);

/**
 * Like `x.dtype === d` for a dtype-like `d`.
 *
 * @example
 * ```ts
 * np.hasDType(np.ones([2]), np.float32); // true
 * np.hasDType(np.arange(2), "float32"); // false
 * ```
 */
export const hasDType = (x: ArrayLike, d: DTypeLike): boolean => x instanceof Array && x.dtype === dtype(d);
