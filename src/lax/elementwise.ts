// lax's elementwise operations. Binary ops require equal dtypes (JS scalars adopt the array's)
// and broadcast only rank-0 and size-1 operands, as lax does.
import type { BinaryElementwiseName, DType, RoundingMethod } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import { NO_PARAMS } from "../core/eval.js";
import { asArrays } from "./core.js";
import { dtype as dtypeName } from "../numpy/dtypeLike.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";

const unary =
  <N extends "neg" | "sign" | "floor" | "ceil" | "is_finite" | "exp" | "exp2" | "log" | "log1p" | "expm1" | "tanh" | "logistic" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh" | "sqrt" | "rsqrt" | "cbrt" | "abs" | "erf" | "not" | "square" | "stop_gradient">(
    name: N,
  ) =>
  (x: ArrayLike): Array =>
    bind1(name, asArrays([x]), NO_PARAMS);

export const neg = unary("neg");
export const sign = unary("sign");
export const floor = unary("floor");
export const ceil = unary("ceil");
export const isFinite = unary("is_finite");
export const exp = unary("exp");
export const exp2 = unary("exp2");
export const log = unary("log");
export const log1p = unary("log1p");
export const expm1 = unary("expm1");
export const tanh = unary("tanh");
export const logistic = unary("logistic");
export const sin = unary("sin");
export const cos = unary("cos");
export const tan = unary("tan");
export const asin = unary("asin");
export const acos = unary("acos");
export const atan = unary("atan");
export const sinh = unary("sinh");
export const cosh = unary("cosh");
export const asinh = unary("asinh");
export const acosh = unary("acosh");
export const atanh = unary("atanh");
export const sqrt = unary("sqrt");
export const rsqrt = unary("rsqrt");
export const cbrt = unary("cbrt");
export const abs = unary("abs");
export const erf = unary("erf");
export const bitwiseNot = unary("not");
export const square = unary("square");
/** Blocks derivatives from flowing through `x` (identity on values). */
export const stopGradient = unary("stop_gradient");

/** `lax.real(x)`: the real part of a complex array (JAX's real_p). */
export const real = (x: ArrayLike): Array => bind1("real", asArrays([x]), NO_PARAMS);
/** `lax.imag(x)`: the imaginary part of a complex array. */
export const imag = (x: ArrayLike): Array => bind1("imag", asArrays([x]), NO_PARAMS);
/** `lax.conj(x)`: the complex conjugate; a real operand becomes complex, as in JAX. */
export const conj = (x: ArrayLike): Array => bind1("conj", asArrays([x]), NO_PARAMS);
/**
 * `lax.complex(re, im)`: re + i im from two float arrays of one dtype (float32 -> complex64,
 * float64 -> complex128), broadcasting as lax's binary ops.
 *
 * @example
 * ```ts
 * lax.complex(np.array([1, 2]), np.array([3, 4])); // Array([1.+3.j, 2.+4.j], dtype=complex64)
 * ```
 */
export const complex = (re: ArrayLike, im: ArrayLike): Array => bind1("complex", asArrays([re, im]), NO_PARAMS);

/** lax.round: rounding method 0 rounds half away from zero (lax's default), 1 half to even. */
export function round(x: ArrayLike, roundingMethod: RoundingMethod = 0): Array {
  return bind1("round", asArrays([x]), { roundingMethod });
}

export function integerPow(x: ArrayLike, y: number): Array {
  if (!Number.isInteger(y)) throw new TypeError(`integer_pow exponent must be an integer, got ${y}.`);
  return bind1("integer_pow", asArrays([x]), { y });
}

const binary =
  <N extends BinaryElementwiseName>(
    name: N,
  ) =>
  (x: ArrayLike, y: ArrayLike): Array =>
    bind1(name, asArrays([x, y]), NO_PARAMS);

export const add = binary("add");
export const sub = binary("sub");
export const mul = binary("mul");
export const div = binary("div");
export const rem = binary("rem");
export const pow = binary("pow");
export const max = binary("max");
export const min = binary("min");
export const atan2 = binary("atan2");
/** log(exp(x) + exp(y)) without overflow (jax.lax.logaddexp); float operands of one dtype. */
export const logaddexp = binary("logaddexp");
export const bitwiseAnd = binary("and");
export const bitwiseOr = binary("or");
export const bitwiseXor = binary("xor");
export const shiftLeft = binary("shift_left");
export const shiftRightLogical = binary("shift_right_logical");
export const shiftRightArithmetic = binary("shift_right_arithmetic");
export const eq = binary("eq");
export const ne = binary("ne");
export const lt = binary("lt");
export const le = binary("le");
export const gt = binary("gt");
export const ge = binary("ge");

/** select_n(which, *cases): cases[which] elementwise; `which` is bool (two cases) or int32. */
export function selectN(which: ArrayLike, ...cases: ArrayLike[]): Array {
  const cs = asArrays(cases);
  return bind1("select_n", [asArrays([which])[0]!, ...cs], NO_PARAMS);
}

/** lax.select(pred, onTrue, onFalse). */
export function select(pred: ArrayLike, onTrue: ArrayLike, onFalse: ArrayLike): Array {
  return selectN(pred, onFalse, onTrue);
}

export function clamp(lo: ArrayLike, x: ArrayLike, hi: ArrayLike): Array {
  // JS scalar bounds adopt x's dtype, so x goes first when resolving operands.
  const [a, l, h] = asArrays([x, lo, hi]);
  return bind1("clamp", [l!, a!, h!], NO_PARAMS);
}

/** Reinterprets each element's bits as `newDtype` (same bit width), as lax.bitcast_convert_type. */
export function bitcastConvertType(x: ArrayLike, newDtype: DType): Array {
  return bind1("bitcast_convert_type", asArrays([x]), { newDtype });
}

/**
 * `lax.convert_element_type(x, newDtype)`: `newDtype` is a dtype name or a scalar type (np.float32).
 *
 * @example
 * ```ts
 * lax.convertElementType(np.array([1.7]), np.int32); // Array([1], dtype=int32)
 * ```
 */
export function convertElementType(x: ArrayLike, newDtype: DTypeLike, weakType = false): Array {
  return bind1("convert_element_type", asArrays([x]), { newDtype: typeof newDtype === "string" ? newDtype : dtypeName(newDtype), weakType });
}
