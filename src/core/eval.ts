// Eager execution: a primitive applied to concrete arrays runs the backend's cached one-equation
// kernel. The cache key is built from strings the avals already carry, so dispatch of a tiny op
// costs a map lookup and an allocation.
import type { Params, PrimitiveName } from "../../jaxpr/index.js";
import { ShapedArray, allocTyped, castScalar, DType, checkParams, paramsCacheKey, isComplex, isIntN, defaultFloatDType, defaultComplexDType } from "../../jaxpr/index.js";
import { compileOp } from "../../backends/js/index.js";
import { Array } from "./array.js";
import type { Complex } from "./array.js";
import { ArrayImpl, bufferOf } from "./array.js";
import { OverflowError, ValueError } from "./errors.js";
import { describeValue } from "./describe.js";
import { checkSpecialValues, checksSpecialValues } from "./checkSpecial.js";

export { describeValue };

/** Params objects that are shared constants (no params) skip key serialisation. */
export const NO_PARAMS = Object.freeze({}) as Record<string, never>;

const paramsKeyCache = new WeakMap<object, string>();
/**
 * The params' part of the per-op cache key. Params are checked first: a cache hit skips the shape
 * rule, so a value that merely serialises like a valid one (an object with `toJSON`) must not get in.
 */
function paramsKey<P extends PrimitiveName>(prim: P, params: Params<P>): string {
  if (params === NO_PARAMS) return "";
  let k = paramsKeyCache.get(params);
  if (k === undefined) {
    checkParams(prim, params);
    paramsKeyCache.set(params, (k = paramsCacheKey(params)));
  }
  return k;
}

/** Primitives that eager evaluation hands to a host function instead of a cached one-op kernel. */
const hostEvaluated: { [name: string]: ((args: readonly ArrayImpl[], params: never) => Array[]) | undefined } = {};
/** How eager evaluation runs a primitive on the host instead of a cached one-op kernel. */
export type HostEvaluation<P extends PrimitiveName> = (args: readonly ArrayImpl[], params: Params<P>) => Array[];
export function registerHostEvaluation<P extends PrimitiveName>(prim: P, run: HostEvaluation<P>): void {
  hostEvaluated[prim] = run as (args: readonly ArrayImpl[], params: never) => Array[];
}

type DeviceEvaluation = <P extends PrimitiveName>(prim: P, args: readonly ArrayImpl[], params: Params<P>) => Array[] | null;
let deviceEvaluation: DeviceEvaluation | null = null;
/** Lets src/devices run primitives whose operands live on another device there (null: not handled). */
export function registerDeviceEvaluation(run: DeviceEvaluation): void {
  deviceEvaluation = run;
}

export function evalPrimitive<P extends PrimitiveName>(prim: P, args: readonly ArrayImpl[], params: Params<P>): Array[] {
  const results = evalUnchecked(prim, args, params);
  if (checksSpecialValues()) checkSpecialValues(prim === "pjit" ? `jit(${(params as Params<"pjit">).name})` : prim, results);
  return results;
}

function evalUnchecked<P extends PrimitiveName>(prim: P, args: readonly ArrayImpl[], params: Params<P>): Array[] {
  if (deviceEvaluation !== null) {
    const onDevice = deviceEvaluation(prim, args, params);
    if (onDevice !== null) return onDevice;
  }
  const host = hostEvaluated[prim];
  if (host !== undefined) return host(args, params as never);
  let key: string = prim;
  key += "|" + paramsKey(prim, params);
  const n = args.length;
  const avals = new globalThis.Array<ShapedArray>(n);
  const buffers = new globalThis.Array(n);
  for (let i = 0; i < n; i++) {
    const a = args[i]!;
    avals[i] = a.aval;
    buffers[i] = bufferOf(a);
    key += "|" + a.aval.key;
  }
  const op = compileOp(key, prim, avals, params);
  // Direct calls for the common arities avoid the spread's allocation.
  const run = op.kernel.run;
  const outs = n === 1 ? run(buffers[0]) : n === 2 ? run(buffers[0], buffers[1]) : run(...buffers);
  const result = new globalThis.Array<Array>(outs.length);
  for (let i = 0; i < outs.length; i++) result[i] = new ArrayImpl(outs[i]!, op.outAvals[i]!);
  return result;
}

/** Whether a JS value may stand for a rank-0 operand: a number or a boolean (JAX's Python scalars). */
export const isScalar = (x: unknown): x is number | boolean => typeof x === "number" || typeof x === "boolean";

/**
 * The one check of an operand that is not an Array: JAX's TypeError for anything but a number or a
 * boolean (`add requires ndarray or scalar arguments, got <class 'list'> at position 1.`).
 */
export function checkScalarOperand(name: string, x: unknown, position: number): asserts x is number | boolean | Complex {
  if (typeof x === "number" || typeof x === "boolean" || isComplexValue(x)) return;
  throw new TypeError(`${name} requires ndarray or scalar arguments, got ${describeValue(x)} at position ${position}.`);
}

const INT_RANGE: { [d in DType]?: readonly [number, number] } = {
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295], int8: [-128, 127], int16: [-32768, 32767], uint8: [0, 255], uint16: [0, 65535],
  int2: [-2, 1], int4: [-8, 7], uint2: [0, 3], uint4: [0, 15],
};

/**
 * Checks that a JS number can become an element of an integer dtype: NaN is numpy's ValueError,
 * an infinity or an integer outside the dtype's range JAX's OverflowError (Python ints never wrap).
 * Fractions truncate toward zero, as numpy's cast does. Other dtypes accept every number.
 */
export function checkIntegerRange(v: number | boolean, dtype: DType): void {
  const range = INT_RANGE[dtype];
  if (range === undefined || typeof v === "boolean") return;
  if (Number.isNaN(v)) throw new ValueError(`cannot convert float NaN to integer (dtype ${dtype}).`);
  if (!Number.isFinite(v)) throw new OverflowError(`cannot convert float ${v > 0 ? "" : "-"}infinity to integer (dtype ${dtype}).`);
  // ml_dtypes 0.6.0 wraps a Python int into its 2- and 4-bit integers (jnp.int4(9) is -7) and refuses
  // a float outside the range before truncating it (jnp.int4(7.5) raises, jnp.int4(-0.5) is 0).
  if (isIntN(dtype)) {
    if (!Number.isInteger(v) && (v < range[0] || v > range[1])) throw new OverflowError(`out of range value cannot be converted to ${dtype}`);
    return;
  }
  const t = Math.trunc(v);
  if (t < range[0] || t > range[1]) throw new OverflowError(`Python int ${v} too large to convert to ${dtype}`);
}

/**
 * A JS integer meeting an integer array in an operation (a Python int as a weak operand): JAX reads
 * it as its default integer, int32 (OverflowError beyond), then converts it as lax's
 * convert_element_type does, wrapping into a narrower dtype: int8 [1, 2] + 300 is [45, 46] and
 * uint32 1 + -1 is 0 in JAX 0.10.2. Building an array of a dtype from a JS number (np.array,
 * np.int8(300)) checks the dtype's own range instead (checkIntegerRange).
 */
export function weakIntegerOperand(x: number, dtype: DType, weakType: boolean): ArrayImpl {
  checkIntegerRange(x, "int32");
  const buf = allocTyped(dtype, 1);
  buf[0] = castScalar(x, dtype);
  return new ArrayImpl(buf, new ShapedArray([], dtype, weakType));
}

/**
 * The dtype a JS scalar takes as an operand: weak int for integral numbers (any safe integer, so
 * that one beyond int32 meeting an int32 array is an OverflowError as in JAX, not a silent float),
 * weak float otherwise, bool for booleans.
 */
export function scalarAval(x: number | boolean | Complex): ShapedArray {
  if (typeof x === "boolean") return BOOL_SCALAR;
  checkScalarOperand("asarray", x, 0);
  // A { re, im } value is a weak complex, as a Python complex is in JAX (c*).
  if (typeof x !== "number") return weakComplexScalar();
  return Number.isSafeInteger(x) ? WEAK_INT_SCALAR : weakFloatScalar();
}
const BOOL_SCALAR = new ShapedArray([], "bool", false);
const WEAK_INT_SCALAR = new ShapedArray([], "int32", true);
const WEAK_SCALARS = {
  float32: new ShapedArray([], "float32", true),
  float64: new ShapedArray([], "float64", true),
  complex64: new ShapedArray([], "complex64", true),
  complex128: new ShapedArray([], "complex128", true),
} as const;
/** A JS float's aval: a weak scalar of the default float (float64 under config's jax_enable_x64), as a Python float's. */
export const weakFloatScalar = (): ShapedArray => WEAK_SCALARS[defaultFloatDType()];
const weakComplexScalar = (): ShapedArray => WEAK_SCALARS[defaultComplexDType()];

/** A `{ re, im }` object with number parts: a complex JS value (JS has no complex literal). */
export const isComplexValue = (x: unknown): x is Complex =>
  typeof x === "object" && x !== null && !(x instanceof Array) && !globalThis.Array.isArray(x) && typeof (x as Complex).re === "number" && typeof (x as Complex).im === "number";

/**
 * A JS scalar as a rank-0 array: the single point where JS numbers and booleans become array
 * values. Without a dtype, an integer beyond int32 standing alone is taken as a float (JS has one
 * number type); with an integer dtype it must fit (OverflowError otherwise).
 */
export function scalarArray(x: number | boolean | Complex, dtype?: DType, weakType?: boolean): ArrayImpl {
  checkScalarOperand("asarray", x, 0);
  if (typeof x === "object") return complexScalarArray(x, dtype, weakType);
  let aval: ShapedArray;
  if (dtype === undefined) {
    aval = scalarAval(x);
    if (aval === WEAK_INT_SCALAR && (x as number) !== ((x as number) | 0)) aval = weakFloatScalar();
  } else {
    aval = new ShapedArray([], dtype, weakType ?? false);
    checkIntegerRange(x, dtype);
  }
  const buf = allocTyped(aval.dtype, 1);
  // A complex scalar made from a JS number has a zero imaginary part (allocTyped zero-fills).
  buf[0] = castScalar(x, aval.dtype);
  return new ArrayImpl(buf, aval);
}

/** A `{ re, im }` value as a rank-0 complex array (weak default complex without a dtype). */
function complexScalarArray(x: Complex, dtype?: DType, weakType?: boolean): ArrayImpl {
  const d = dtype ?? defaultComplexDType();
  if (!isComplex(d)) throw new TypeError(`A complex value ({ re: ${x.re}, im: ${x.im} }) cannot be converted to ${d}; take its real part (np.real) first.`);
  const buf = allocTyped(d, 1);
  buf[0] = castScalar(x.re, d);
  buf[1] = castScalar(x.im, d);
  return new ArrayImpl(buf, new ShapedArray([], d, dtype === undefined ? true : (weakType ?? false)));
}
