// lax's elementwise operations. Binary ops require equal dtypes (JS scalars adopt the array's)
// and broadcast only rank-0 and size-1 operands, as lax does.
import type { BinaryElementwiseName, DType, RoundingMethod } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import { NO_PARAMS } from "../core/eval.js";
import { asArrays } from "./core.js";
import { ValueError } from "../core/errors.js";
import { dtype as dtypeName } from "../numpy/dtypeLike.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";

const unary =
  <N extends "neg" | "sign" | "floor" | "ceil" | "is_finite" | "exp" | "exp2" | "log" | "log1p" | "expm1" | "tanh" | "logistic" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh" | "sqrt" | "rsqrt" | "cbrt" | "abs" | "erf" | "not" | "square" | "stop_gradient">(
    name: N,
  ) =>
  (x: ArrayLike): Array =>
    bind1(name, asArrays([x]), NO_PARAMS);

/**
 * `lax.neg(x)` (jax.lax.neg): elementwise negation, -x.
 *
 * @example
 * ```ts
 * lax.neg(np.array([1, -2])); // Array([-1.,  2.], dtype=float32)
 * ```
 */
export const neg = unary("neg");
/**
 * `lax.sign(x)` (jax.lax.sign): elementwise the sign of x (-1, 0 or 1).
 *
 * @example
 * ```ts
 * lax.sign(np.array([-3, 0, 2])); // Array([-1.,  0.,  1.], dtype=float32)
 * ```
 */
export const sign = unary("sign");
/**
 * `lax.floor(x)` (jax.lax.floor): elementwise rounds down to an integer-valued float.
 *
 * @example
 * ```ts
 * lax.floor(np.array([1.5, -1.5])); // Array([ 1., -2.], dtype=float32)
 * ```
 */
export const floor = unary("floor");
/**
 * `lax.ceil(x)` (jax.lax.ceil): elementwise rounds up to an integer-valued float.
 *
 * @example
 * ```ts
 * lax.ceil(np.array([1.5, -1.5])); // Array([ 2., -1.], dtype=float32)
 * ```
 */
export const ceil = unary("ceil");
/**
 * `lax.isFinite(x)` (jax.lax.is_finite): elementwise whether each element is neither infinite nor nan.
 *
 * @example
 * ```ts
 * lax.isFinite(np.array([1, Infinity, NaN])); // Array([ True, False, False], dtype=bool)
 * ```
 */
export const isFinite = unary("is_finite");
/**
 * `lax.exp(x)` (jax.lax.exp): elementwise e^x.
 *
 * @example
 * ```ts
 * lax.exp(np.array([0, 1])); // Array([1.       , 2.7182817], dtype=float32)
 * ```
 */
export const exp = unary("exp");
/**
 * `lax.exp2(x)` (jax.lax.exp2): elementwise 2^x.
 *
 * @example
 * ```ts
 * lax.exp2(np.array([0, 3])); // Array([1., 8.], dtype=float32)
 * ```
 */
export const exp2 = unary("exp2");
/**
 * `lax.log(x)` (jax.lax.log): elementwise the natural logarithm.
 *
 * @example
 * ```ts
 * lax.log(np.array([1, Math.E])); // Array([0.        , 0.99999994], dtype=float32)
 * ```
 */
export const log = unary("log");
/**
 * `lax.log1p(x)` (jax.lax.log1p): elementwise log(1 + x), accurate near 0.
 *
 * @example
 * ```ts
 * lax.log1p(np.array([0, 1e-8])); // Array([0.e+00, 1.e-08], dtype=float32)
 * ```
 */
export const log1p = unary("log1p");
/**
 * `lax.expm1(x)` (jax.lax.expm1): elementwise e^x - 1, accurate near 0.
 *
 * @example
 * ```ts
 * lax.expm1(np.array([0, 1e-8])); // Array([0.e+00, 1.e-08], dtype=float32)
 * ```
 */
export const expm1 = unary("expm1");
/**
 * `lax.tanh(x)` (jax.lax.tanh): elementwise the hyperbolic tangent.
 *
 * @example
 * ```ts
 * lax.tanh(np.array([0, 1])); // Array([0.       , 0.7615942], dtype=float32)
 * ```
 */
export const tanh = unary("tanh");
/**
 * `lax.logistic(x)` (jax.lax.logistic): elementwise the logistic sigmoid 1 / (1 + e^-x).
 *
 * @example
 * ```ts
 * lax.logistic(np.array([0, 2])); // Array([0.5      , 0.8807971], dtype=float32)
 * ```
 */
export const logistic = unary("logistic");
/**
 * `lax.sin(x)` (jax.lax.sin): elementwise the sine.
 *
 * @example
 * ```ts
 * lax.sin(np.array([0, Math.PI / 2])); // Array([0., 1.], dtype=float32)
 * ```
 */
export const sin = unary("sin");
/**
 * `lax.cos(x)` (jax.lax.cos): elementwise the cosine.
 *
 * @example
 * ```ts
 * lax.cos(np.array([0, Math.PI])); // Array([ 1., -1.], dtype=float32)
 * ```
 */
export const cos = unary("cos");
/**
 * `lax.tan(x)` (jax.lax.tan): elementwise the tangent.
 *
 * @example
 * ```ts
 * lax.tan(np.array([0, Math.PI / 4])); // Array([0., 1.], dtype=float32)
 * ```
 */
export const tan = unary("tan");
/**
 * `lax.asin(x)` (jax.lax.asin): elementwise the inverse sine.
 *
 * @example
 * ```ts
 * lax.asin(np.array([0, 1])); // Array([0.       , 1.5707964], dtype=float32)
 * ```
 */
export const asin = unary("asin");
/**
 * `lax.acos(x)` (jax.lax.acos): elementwise the inverse cosine.
 *
 * @example
 * ```ts
 * lax.acos(np.array([1, 0])); // Array([0.       , 1.5707964], dtype=float32)
 * ```
 */
export const acos = unary("acos");
/**
 * `lax.atan(x)` (jax.lax.atan): elementwise the inverse tangent.
 *
 * @example
 * ```ts
 * lax.atan(np.array([0, 1])); // Array([0.       , 0.7853982], dtype=float32)
 * ```
 */
export const atan = unary("atan");
/**
 * `lax.sinh(x)` (jax.lax.sinh): elementwise the hyperbolic sine.
 *
 * @example
 * ```ts
 * lax.sinh(np.array([0, 1])); // Array([0.       , 1.1752012], dtype=float32)
 * ```
 */
export const sinh = unary("sinh");
/**
 * `lax.cosh(x)` (jax.lax.cosh): elementwise the hyperbolic cosine.
 *
 * @example
 * ```ts
 * lax.cosh(np.array([0, 1])); // Array([1.       , 1.5430807], dtype=float32)
 * ```
 */
export const cosh = unary("cosh");
/**
 * `lax.asinh(x)` (jax.lax.asinh): elementwise the inverse hyperbolic sine.
 *
 * @example
 * ```ts
 * lax.asinh(np.array([0, 1])); // Array([0.       , 0.8813736], dtype=float32)
 * ```
 */
export const asinh = unary("asinh");
/**
 * `lax.acosh(x)` (jax.lax.acosh): elementwise the inverse hyperbolic cosine.
 *
 * @example
 * ```ts
 * lax.acosh(np.array([1, 2])); // Array([0.      , 1.316958], dtype=float32)
 * ```
 */
export const acosh = unary("acosh");
/**
 * `lax.atanh(x)` (jax.lax.atanh): elementwise the inverse hyperbolic tangent.
 *
 * @example
 * ```ts
 * lax.atanh(np.array([0, 0.5])); // Array([0.        , 0.54930615], dtype=float32)
 * ```
 */
export const atanh = unary("atanh");
/**
 * `lax.sqrt(x)` (jax.lax.sqrt): elementwise the square root.
 *
 * @example
 * ```ts
 * lax.sqrt(np.array([4, 2])); // Array([2.       , 1.4142135], dtype=float32)
 * ```
 */
export const sqrt = unary("sqrt");
/**
 * `lax.rsqrt(x)` (jax.lax.rsqrt): elementwise 1 / sqrt(x).
 *
 * @example
 * ```ts
 * lax.rsqrt(np.array([4, 0.25])); // Array([0.5, 2. ], dtype=float32)
 * ```
 */
export const rsqrt = unary("rsqrt");
/**
 * `lax.cbrt(x)` (jax.lax.cbrt): elementwise the real cube root.
 *
 * @example
 * ```ts
 * lax.cbrt(np.array([8, -27])); // Array([ 2., -3.], dtype=float32)
 * ```
 */
export const cbrt = unary("cbrt");
/**
 * `lax.abs(x)` (jax.lax.abs): elementwise the absolute value (the modulus for complex x).
 *
 * @example
 * ```ts
 * lax.abs(np.array([-2, 3])); // Array([2., 3.], dtype=float32)
 * ```
 */
export const abs = unary("abs");
/**
 * `lax.erf(x)` (jax.lax.erf): elementwise the error function.
 *
 * @example
 * ```ts
 * lax.erf(np.array([0, 1])); // Array([0.       , 0.8427008], dtype=float32)
 * ```
 */
export const erf = unary("erf");
/**
 * `lax.bitwiseNot(x)` (jax.lax.bitwise_not): elementwise bitwise not of an integer array, logical not of a bool array.
 *
 * @example
 * ```ts
 * lax.bitwiseNot(np.array([0, 5], { dtype: "int32" })); // Array([-1, -6], dtype=int32)
 * ```
 */
export const bitwiseNot = unary("not");
/**
 * `lax.square(x)` (jax.lax.square): elementwise x * x.
 *
 * @example
 * ```ts
 * lax.square(np.array([-2, 3])); // Array([4., 9.], dtype=float32)
 * ```
 */
export const square = unary("square");
/**
 * `lax.stopGradient(x)` (jax.lax.stop_gradient): x unchanged, but blocks derivatives from flowing through it.
 *
 * @example
 * ```ts
 * const f = (x: Array) => lax.mul(x, lax.stopGradient(x));
 * grad(f)(np.array(3)); // 3
 * ```
 */
export const stopGradient = unary("stop_gradient");

/**
 * `lax.real(x)` (jax.lax.real): the real part of a complex array (JAX's real_p).
 *
 * @example
 * ```ts
 * lax.real(lax.complex(np.array([1, 2]), np.array([3, 4]))); // Array([1., 2.], dtype=float32)
 * ```
 */
export const real = (x: ArrayLike): Array => bind1("real", asArrays([x]), NO_PARAMS);
/**
 * `lax.imag(x)` (jax.lax.imag): the imaginary part of a complex array.
 *
 * @example
 * ```ts
 * lax.imag(lax.complex(np.array([1, 2]), np.array([3, 4]))); // Array([3., 4.], dtype=float32)
 * ```
 */
export const imag = (x: ArrayLike): Array => bind1("imag", asArrays([x]), NO_PARAMS);
/**
 * `lax.conj(x)` (jax.lax.conj): the complex conjugate; a real operand becomes complex, as in JAX.
 *
 * @example
 * ```ts
 * lax.conj(lax.complex(np.array([1, 2]), np.array([3, 4]))); // Array([1.-3.j, 2.-4.j], dtype=complex64)
 * ```
 */
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

/**
 * `lax.round(x, roundingMethod?)` (jax.lax.round): rounding method 0 rounds half away from zero (lax's default), 1 half to even.
 *
 * @example
 * ```ts
 * lax.round(np.array([0.5, 1.5, -2.5])); // Array([ 1.,  2., -3.], dtype=float32)
 * lax.round(np.array([0.5, 1.5, -2.5]), 1); // Array([ 0.,  2., -2.], dtype=float32)
 * ```
 */
export function round(x: ArrayLike, roundingMethod: RoundingMethod = 0): Array {
  return bind1("round", asArrays([x]), { roundingMethod });
}

/**
 * `lax.reducePrecision(operand, exponentBits, mantissaBits)` (jax.lax.reduce_precision): each element rounded (to nearest, ties to even) to a float with `exponentBits` exponent bits and `mantissaBits` mantissa bits, and back to the operand's dtype; out-of-range values become infinities or zeros (XLA's ReducePrecision). Emulates bfloat16 (8, 7) or float16 (5, 10) arithmetic in float32. Linear: its derivative rounds the tangent.
 *
 * @example
 * ```ts
 * lax.reducePrecision(np.array([1.001, 70000]), 5, 10); // Array([1.0009766,       inf], dtype=float32)
 * ```
 */
export function reducePrecision(operand: ArrayLike, exponentBits: number, mantissaBits: number): Array {
  for (const [name, v] of [["exponent_bits", exponentBits], ["mantissa_bits", mantissaBits]] as const) {
    if (!Number.isInteger(v)) throw new TypeError(`${name} argument of lax.reduce_precision: '${typeof v === "number" ? "float" : typeof v}' object cannot be interpreted as an integer`);
  }
  if (exponentBits < 1) throw new ValueError(`reduce_precision: exponent_bits must be positive; got ${exponentBits}`);
  if (mantissaBits < 0) throw new ValueError(`reduce_precision: mantissa_bits must be non-negative; got ${mantissaBits}`);
  return bind1("reduce_precision", asArrays([operand]), { exponentBits, mantissaBits });
}

/**
 * `lax.integerPow(x, y)` (jax.lax.integer_pow): x raised to the static integer power y, by repeated multiplication.
 *
 * @example
 * ```ts
 * lax.integerPow(np.array([2, -3]), 3); // Array([  8., -27.], dtype=float32)
 * ```
 */
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

/**
 * `lax.add(x, y)` (jax.lax.add): elementwise x + y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.add(np.array([1, 2]), np.array([3, 4])); // Array([4., 6.], dtype=float32)
 * ```
 */
export const add = binary("add");
/**
 * `lax.sub(x, y)` (jax.lax.sub): elementwise x - y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.sub(np.array([5, 2]), np.array([3, 4])); // Array([ 2., -2.], dtype=float32)
 * ```
 */
export const sub = binary("sub");
/**
 * `lax.mul(x, y)` (jax.lax.mul): elementwise x * y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.mul(np.array([1, 2]), np.array([3, 4])); // Array([3., 8.], dtype=float32)
 * ```
 */
export const mul = binary("mul");
/**
 * `lax.div(x, y)` (jax.lax.div): elementwise x / y (for integers, truncated toward zero as C); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.div(np.array([7, -7], { dtype: "int32" }), np.array([2, 2], { dtype: "int32" })); // Array([ 3, -3], dtype=int32)
 * ```
 */
export const div = binary("div");
/**
 * `lax.rem(x, y)` (jax.lax.rem): elementwise remainder with the sign of x (C fmod); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.rem(np.array([7, -7], { dtype: "int32" }), np.array([3, 3], { dtype: "int32" })); // Array([ 1, -1], dtype=int32)
 * ```
 */
export const rem = binary("rem");
/**
 * `lax.pow(x, y)` (jax.lax.pow): elementwise x^y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.pow(np.array([2, 3]), np.array([3, 0.5])); // Array([8.       , 1.7320508], dtype=float32)
 * ```
 */
export const pow = binary("pow");
/**
 * `lax.max(x, y)` (jax.lax.max): elementwise maximum; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.max(np.array([1, 5]), np.array([3, 4])); // Array([3., 5.], dtype=float32)
 * ```
 */
export const max = binary("max");
/**
 * `lax.min(x, y)` (jax.lax.min): elementwise minimum; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.min(np.array([1, 5]), np.array([3, 4])); // Array([1., 4.], dtype=float32)
 * ```
 */
export const min = binary("min");
/**
 * `lax.atan2(x, y)` (jax.lax.atan2): elementwise atan(x / y) in the quadrant of (y, x); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.atan2(np.array([1, -1]), np.array([1, 1])); // Array([ 0.7853982, -0.7853982], dtype=float32)
 * ```
 */
export const atan2 = binary("atan2");
/**
 * log(exp(x) + exp(y)) without overflow (jax.lax.logaddexp); float operands of one dtype.
 *
 * @example
 * ```ts
 * lax.logaddexp(np.array([0, 1000]), np.array([0, 1000])); // Array([6.9314718e-01, 1.0006932e+03], dtype=float32)
 * ```
 */
export const logaddexp = binary("logaddexp");
/**
 * `lax.bitwiseAnd(x, y)` (jax.lax.bitwise_and): elementwise bitwise and (logical for bool); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.bitwiseAnd(np.array([12, 10], { dtype: "int32" }), np.array([10, 6], { dtype: "int32" })); // Array([8, 2], dtype=int32)
 * ```
 */
export const bitwiseAnd = binary("and");
/**
 * `lax.bitwiseOr(x, y)` (jax.lax.bitwise_or): elementwise bitwise or (logical for bool); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.bitwiseOr(np.array([12, 10], { dtype: "int32" }), np.array([10, 6], { dtype: "int32" })); // Array([14, 14], dtype=int32)
 * ```
 */
export const bitwiseOr = binary("or");
/**
 * `lax.bitwiseXor(x, y)` (jax.lax.bitwise_xor): elementwise bitwise xor (logical for bool); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.bitwiseXor(np.array([12, 10], { dtype: "int32" }), np.array([10, 6], { dtype: "int32" })); // Array([ 6, 12], dtype=int32)
 * ```
 */
export const bitwiseXor = binary("xor");
/**
 * `lax.shiftLeft(x, y)` (jax.lax.shift_left): elementwise x << y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.shiftLeft(np.array([1, 3], { dtype: "int32" }), np.array([2, 1], { dtype: "int32" })); // Array([4, 6], dtype=int32)
 * ```
 */
export const shiftLeft = binary("shift_left");
/**
 * `lax.shiftRightLogical(x, y)` (jax.lax.shift_right_logical): elementwise x >>> y (zeros shifted in); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.shiftRightLogical(np.array([-8, 8], { dtype: "int32" }), np.array([1, 1], { dtype: "int32" })); // Array([2147483644,          4], dtype=int32)
 * ```
 */
export const shiftRightLogical = binary("shift_right_logical");
/**
 * `lax.shiftRightArithmetic(x, y)` (jax.lax.shift_right_arithmetic): elementwise x >> y (the sign bit shifted in); the dtypes must match.
 *
 * @example
 * ```ts
 * lax.shiftRightArithmetic(np.array([-8, 8], { dtype: "int32" }), np.array([1, 1], { dtype: "int32" })); // Array([-4,  4], dtype=int32)
 * ```
 */
export const shiftRightArithmetic = binary("shift_right_arithmetic");
/**
 * `lax.eq(x, y)` (jax.lax.eq): elementwise x == y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.eq(np.array([1, 2]), np.array([1, 3])); // Array([ True, False], dtype=bool)
 * ```
 */
export const eq = binary("eq");
/**
 * `lax.ne(x, y)` (jax.lax.ne): elementwise x != y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.ne(np.array([1, 2]), np.array([1, 3])); // Array([False,  True], dtype=bool)
 * ```
 */
export const ne = binary("ne");
/**
 * `lax.lt(x, y)` (jax.lax.lt): elementwise x < y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.lt(np.array([1, 2]), np.array([1, 3])); // Array([False,  True], dtype=bool)
 * ```
 */
export const lt = binary("lt");
/**
 * `lax.le(x, y)` (jax.lax.le): elementwise x <= y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.le(np.array([1, 2]), np.array([1, 3])); // Array([ True,  True], dtype=bool)
 * ```
 */
export const le = binary("le");
/**
 * `lax.gt(x, y)` (jax.lax.gt): elementwise x > y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.gt(np.array([1, 4]), np.array([1, 3])); // Array([False,  True], dtype=bool)
 * ```
 */
export const gt = binary("gt");
/**
 * `lax.ge(x, y)` (jax.lax.ge): elementwise x >= y; the dtypes must match.
 *
 * @example
 * ```ts
 * lax.ge(np.array([1, 2]), np.array([1, 3])); // Array([ True, False], dtype=bool)
 * ```
 */
export const ge = binary("ge");

/**
 * `lax.selectN(which, ...cases)` (jax.lax.select_n): cases[which] elementwise; `which` is bool (two cases) or int32.
 *
 * @example
 * ```ts
 * lax.selectN(np.array([0, 2, 1], { dtype: "int32" }), np.array([1, 1, 1]), np.array([2, 2, 2]), np.array([3, 3, 3])); // Array([1., 3., 2.], dtype=float32)
 * ```
 */
export function selectN(which: ArrayLike, ...cases: ArrayLike[]): Array {
  const cs = asArrays(cases);
  return bind1("select_n", [asArrays([which])[0]!, ...cs], NO_PARAMS);
}

/**
 * `lax.select(pred, onTrue, onFalse)` (jax.lax.select): onTrue where pred is true, else onFalse, elementwise.
 *
 * @example
 * ```ts
 * lax.select(np.array([true, false]), np.array([1, 2]), np.array([10, 20])); // Array([ 1., 20.], dtype=float32)
 * ```
 */
export function select(pred: ArrayLike, onTrue: ArrayLike, onFalse: ArrayLike): Array {
  return selectN(pred, onFalse, onTrue);
}

/**
 * `lax.clamp(lo, x, hi)` (jax.lax.clamp): x limited to [lo, hi] elementwise; scalar bounds take x's dtype.
 *
 * @example
 * ```ts
 * lax.clamp(0, np.array([-1, 0.5, 2]), 1); // Array([0. , 0.5, 1. ], dtype=float32)
 * ```
 */
export function clamp(lo: ArrayLike, x: ArrayLike, hi: ArrayLike): Array {
  // JS scalar bounds adopt x's dtype, so x goes first when resolving operands.
  const [a, l, h] = asArrays([x, lo, hi]);
  return bind1("clamp", [l!, a!, h!], NO_PARAMS);
}

/**
 * `lax.bitcastConvertType(x, newDtype)` (jax.lax.bitcast_convert_type): reinterprets each element's bits as `newDtype` (same bit width).
 *
 * @example
 * ```ts
 * lax.bitcastConvertType(np.array([1]), "int32"); // Array([1065353216], dtype=int32)
 * ```
 */
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
