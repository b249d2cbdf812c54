// numpy's elementwise functions: promote operands (JAX's lattice), broadcast, bind the primitive.
import { finfoMax, kwargs } from "./options.js";
import { isComplex, isFloat, isInteger, isUnsigned, realPartDtype } from "../../jaxpr/index.js";
import { NotImplementedError } from "../core/errors.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { promoteArgs, promoteArgsInexact, resultType, broadcastShapes, broadcastShapesOrValueError, convertTo } from "./promote.js";

type Binary = (x: ArrayLike, y: ArrayLike) => Array;
type Unary = (x: ArrayLike) => Array;

const one = (name: string, x: ArrayLike): Array => promoteArgs(name, [x])[0]!;
const oneInexact = (name: string, x: ArrayLike): Array => promoteArgsInexact(name, [x])[0]!;

/**
 * Elementwise `x + y`, with NumPy broadcasting and JAX's type promotion (`jnp.add`). On bool arrays, logical or.
 *
 * @example
 * ```ts
 * np.add(np.array([1, 2]), np.array([[10], [20]])); // Array([[11., 12.], [21., 22.]], dtype=float32)
 * np.add(np.array([1, 2], "int32"), 0.5); // Array([1.5, 2.5], dtype=float32, weak_type=True)
 * np.add(np.array([true, false]), np.array([true, true])); // Array([ True,  True], dtype=bool)
 * ```
 */
export const add: Binary = (x, y) => {
  const [a, b] = promoteArgs("add", [x, y]);
  return a!.dtype === "bool" ? lax.bitwiseOr(a!, b!) : lax.add(a!, b!);
};
/**
 * Elementwise `x - y`, broadcasting (`jnp.subtract`).
 *
 * @example
 * ```ts
 * np.subtract(np.array([5, 7]), np.array([1, 2])); // Array([4., 5.], dtype=float32)
 * np.subtract(np.array([1, 2], "uint32"), np.array([2, 2], "uint32")); // Array([4294967295,          0], dtype=uint32)
 * ```
 */
export const subtract: Binary = (x, y) => {
  const [a, b] = promoteArgs("subtract", [x, y]);
  if (a!.dtype === "bool") {
    throw new TypeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.");
  }
  return lax.sub(a!, b!);
};
/**
 * Elementwise `x * y`, broadcasting (`jnp.multiply`). On bool arrays, logical and.
 *
 * @example
 * ```ts
 * np.multiply(np.array([1, 2, 3]), 2); // Array([2., 4., 6.], dtype=float32)
 * np.multiply(np.array([[1], [2]]), np.array([3, 4])); // Array([[3., 4.], [6., 8.]], dtype=float32)
 * ```
 */
export const multiply: Binary = (x, y) => {
  const [a, b] = promoteArgs("multiply", [x, y]);
  return a!.dtype === "bool" ? lax.bitwiseAnd(a!, b!) : lax.mul(a!, b!);
};
/**
 * `np.divide(x, y)` (jnp.divide, jnp.true_divide): true division: integer operands give float32.
 *
 * @example
 * ```ts
 * np.divide(np.array([1, 3], "int32"), np.array([2, 2], "int32")); // Array([0.5, 1.5], dtype=float32)
 * np.divide(np.array([1, -1, 0]), 0); // Array([ inf, -inf,  nan], dtype=float32)
 * ```
 */
export const divide: Binary = (x, y) => {
  const [a, b] = promoteArgsInexact("true_divide", [x, y]);
  return lax.div(a!, b!);
};
/**
 * Alias of {@link divide} (`jnp.true_divide`).
 *
 * @example
 * ```ts
 * np.trueDivide(np.array([3], "int32"), 2); // Array([1.5], dtype=float32)
 * ```
 */
export const trueDivide = divide;

/** Promotes like promoteArgs, then makes bool int32 (jnp's promote_args_numeric). */
function promoteArgsNumeric(name: string, xs: readonly ArrayLike[]): Array[] {
  const t = resultType(...xs);
  return promoteArgs(name, xs, t.dtype === "bool" ? { dtype: "int32", weakType: t.weakType } : t);
}

/** CPython's float_divmod, as jnp's _float_divmod: [round(quotient), remainder with the divisor's sign]. */
function floatDivmod(a: Array, b: Array): [Array, Array] {
  let mod = lax.rem(a, b);
  let div = lax.div(lax.sub(a, mod), b);
  const ind = lax.bitwiseAnd(lax.ne(mod, 0), lax.ne(lax.sign(b), lax.sign(mod)));
  mod = lax.select(ind, lax.add(mod, b), mod);
  div = lax.select(ind, lax.sub(div, 1), div);
  return [lax.round(div), mod];
}

/**
 * `np.floorDivide(x, y)` (jnp.floor_divide): bool computes in int32; ints round towards -inf (x // 0 follows XLA's x / 0 = -1); floats use CPython's divmod.
 *
 * @example
 * ```ts
 * np.floorDivide(np.array([7, -7], "int32"), 2); // Array([ 3, -4], dtype=int32)
 * np.floorDivide(np.array([7.5, -7.5]), 2); // Array([ 3., -4.], dtype=float32)
 * ```
 */
export const floorDivide: Binary = (x, y) => {
  const [a, b] = promoteArgsNumeric("floor_divide", [x, y]);
  if (isUnsigned(a!.dtype)) return lax.div(a!, b!);
  if (isInteger(a!.dtype)) {
    // Truncating division, minus one where the signs differ and the division is inexact.
    const q = lax.div(a!, b!);
    const fix = lax.bitwiseAnd(lax.ne(lax.sign(a!), lax.sign(b!)), lax.ne(lax.rem(a!, b!), 0));
    return lax.select(fix, lax.sub(q, 1), q);
  }
  return floatDivmod(a!, b!)[0];
};

/**
 * `np.remainder(x, y)` (jnp.remainder), numpy's remainder: the result takes the sign of the divisor; an integer x % 0 is 0 (jnp replaces a zero divisor by 1).
 *
 * @example
 * ```ts
 * np.remainder(np.array([7, -7], "int32"), 3); // Array([1, 2], dtype=int32)
 * np.remainder(np.array([7.5, -7.5]), -2); // Array([-0.5, -1.5], dtype=float32)
 * ```
 */
export const remainder: Binary = (x, y) => {
  const [a, b0] = promoteArgsNumeric("remainder", [x, y]);
  let b = b0!;
  if (isInteger(b.dtype)) b = lax.add(b, lax.convertElementType(lax.eq(b, 0), b.dtype, b.weakType));
  const r = lax.rem(a!, b);
  const fix = lax.bitwiseAnd(lax.ne(r, 0), lax.ne(lax.lt(r, 0), lax.lt(b, 0)));
  return lax.select(fix, lax.add(r, b), r);
};
/**
 * Alias of {@link remainder} (`jnp.mod`): the result has the sign of `y`.
 *
 * @example
 * ```ts
 * np.mod(np.array([-1, 5]), 3); // Array([2., 2.], dtype=float32)
 * ```
 */
export const mod = remainder;

/** jnp's _pow_int_int: binary exponentiation over the low 6 bits of the exponent, wrapping like integer multiplication. */
function powIntInt(x1: Array, x2: Array): Array {
  const weak = x1.weakType && x2.weakType;
  // acc starts at 0 where the base is 0 and the exponent is not, so that 0 ** n is 0.
  let acc = lax.convertElementType(lax.bitwiseNot(lax.bitwiseAnd(lax.eq(x1, 0), lax.ne(x2, 0))), x1.dtype, weak);
  let base = x1;
  for (let k = 0; k < 6; k++) {
    acc = where(lax.ne(lax.bitwiseAnd(x2, 1 << k), 0), lax.mul(acc, base), acc);
    base = lax.mul(base, base);
  }
  return convertTo(acc, { dtype: x1.dtype, weakType: weak });
}

/**
 * `np.power(x, y)` (jnp.power): a JS integer exponent uses integer_pow (exact by repeated multiplication, bool
 * base computes in int32), as jnp does for a concrete integer exponent; integer arrays use
 * binary exponentiation that wraps like int32 multiplication; otherwise pow on floats.
 *
 * @example
 * ```ts
 * np.power(np.array([2, 3]), 2); // Array([4., 9.], dtype=float32)
 * np.power(np.array([2, 3], "int32"), np.array([3, 2], "int32")); // Array([8, 9], dtype=int32)
 * np.power(np.array([4, -8]), 0.5); // Array([ 2., nan], dtype=float32)
 * ```
 */
export const power: Binary = (x, y) => {
  if (typeof y === "number" && Number.isInteger(y) && Math.abs(y) <= 2147483647) {
    const a = promoteArgsNumeric("power", [x])[0]!;
    if (y < 0 && isInteger(a.dtype)) throw new TypeError("Integers to negative integer powers are not allowed.");
    return lax.integerPow(a, y);
  }
  const t = resultType(x, y);
  if (isInteger(t.dtype) || t.dtype === "bool") {
    const [a, b] = promoteArgsNumeric("power", [x, y]);
    return powIntInt(a!, b!);
  }
  const [a, b] = promoteArgs("power", [x, y]);
  return lax.pow(a!, b!);
};
/**
 * Alias of {@link power} (`jnp.pow`).
 *
 * @example
 * ```ts
 * np.pow(np.array([2]), 10); // Array([1024.], dtype=float32)
 * ```
 */
export const pow = power;

/**
 * Elementwise larger of `x` and `y`, broadcasting (`jnp.maximum`).
 *
 * @example
 * ```ts
 * np.maximum(np.array([1, 5, NaN]), np.array([3, 2, 0])); // Array([ 3.,  5., nan], dtype=float32)
 * np.maximum(np.array([[1], [4]]), 2); // Array([[2.], [4.]], dtype=float32)
 * ```
 */
export const maximum: Binary = (x, y) => {
  const [a, b] = promoteArgs("maximum", [x, y]);
  return lax.max(a!, b!);
};
/**
 * Elementwise smaller of `x` and `y`, broadcasting (`jnp.minimum`).
 *
 * @example
 * ```ts
 * np.minimum(np.array([1, 5, NaN]), np.array([3, 2, 0])); // Array([ 1.,  2., nan], dtype=float32)
 * ```
 */
export const minimum: Binary = (x, y) => {
  const [a, b] = promoteArgs("minimum", [x, y]);
  return lax.min(a!, b!);
};
/**
 * Elementwise angle of the point (x, y) in radians, in [-pi, pi] (`jnp.arctan2`; the first argument is y).
 *
 * @example
 * ```ts
 * np.arctan2(np.array([1, 1, -1]), np.array([1, -1, 0])); // Array([ 0.7853982,  2.3561945, -1.5707964], dtype=float32)
 * ```
 */
export const arctan2: Binary = (y, x) => {
  const [a, b] = promoteArgsInexact("arctan2", [y, x]);
  return lax.atan2(a!, b!);
};
/**
 * `np.hypot(x, y)` (jnp.hypot): sqrt(x^2 + y^2) without overflow (jnp.hypot's scaling); inf wherever either operand is infinite.
 *
 * @example
 * ```ts
 * np.hypot(np.array([3, 5]), np.array([4, 12])); // Array([ 5., 13.], dtype=float32)
 * np.hypot(3e30, 4e30); // Array(5.e+30, dtype=float32, weak_type=True)
 * ```
 */
export const hypot: Binary = (x, y) => {
  const [a0, b0] = promoteArgsInexact("hypot", [x, y]);
  const a = lax.abs(a0!);
  const b = lax.abs(b0!);
  const isInf = lax.bitwiseOr(lax.eq(a, Infinity), lax.eq(b, Infinity));
  const hi = lax.max(a, b);
  const lo = lax.min(a, b);
  const hiIsZero = lax.eq(hi, 0);
  const safeHi = lax.add(hi, lax.convertElementType(hiIsZero, hi.dtype, hi.weakType));
  const scaled = lax.mul(hi, lax.sqrt(lax.add(1, lax.square(lax.div(lo, safeHi)))));
  return where(isInf, Infinity, where(hiIsZero, hi, scaled));
};

const comparison =
  (name: string, f: (a: Array, b: Array) => Array): Binary =>
  (x, y) => {
    const [a, b] = promoteArgs(name, [x, y]);
    return f(a!, b!);
  };
/**
 * Elementwise `x == y` as a bool array, broadcasting (`jnp.equal`).
 *
 * @example
 * ```ts
 * np.equal(np.array([1, 2, NaN]), np.array([1, 3, NaN])); // Array([ True, False, False], dtype=bool)
 * ```
 */
export const equal = comparison("equal", lax.eq);
/**
 * Elementwise `x != y` as a bool array (`jnp.not_equal`).
 *
 * @example
 * ```ts
 * np.notEqual(np.array([1, 2]), 2); // Array([ True, False], dtype=bool)
 * ```
 */
export const notEqual = comparison("not_equal", lax.ne);
/**
 * Elementwise `x < y` as a bool array (`jnp.less`).
 *
 * @example
 * ```ts
 * np.less(np.array([1, 2, 3]), 2); // Array([ True, False, False], dtype=bool)
 * ```
 */
export const less = comparison("less", lax.lt);
/**
 * Elementwise `x <= y` as a bool array (`jnp.less_equal`).
 *
 * @example
 * ```ts
 * np.lessEqual(np.array([1, 2, 3]), 2); // Array([ True,  True, False], dtype=bool)
 * ```
 */
export const lessEqual = comparison("less_equal", lax.le);
/**
 * Elementwise `x > y` as a bool array (`jnp.greater`).
 *
 * @example
 * ```ts
 * np.greater(np.array([1, 2, 3]), 2); // Array([False, False,  True], dtype=bool)
 * ```
 */
export const greater = comparison("greater", lax.gt);
/**
 * Elementwise `x >= y` as a bool array (`jnp.greater_equal`).
 *
 * @example
 * ```ts
 * np.greaterEqual(np.array([1, 2, 3]), 2); // Array([False,  True,  True], dtype=bool)
 * ```
 */
export const greaterEqual = comparison("greater_equal", lax.ge);

/** numpy's bitwise function `name` over lax's primitive `primitive` (and, or, xor), whose name JAX's dtype error gives. */
const bitwise =
  (name: string, primitive: string, f: (a: Array, b: Array) => Array): Binary =>
  (x, y) => {
    const [a, b] = promoteArgs(name, [x, y]);
    if (isFloat(a!.dtype)) throw new TypeError(`${primitive} does not accept dtype ${a!.dtype} at position 0. Accepted dtypes at position 0 are subtypes of integer, bool.`);
    return f(a!, b!);
  };
/**
 * Elementwise bitwise AND of integer or bool arrays (`jnp.bitwise_and`).
 *
 * @example
 * ```ts
 * np.bitwiseAnd(np.array([12, 10], "int32"), np.array([10, 6], "int32")); // Array([8, 2], dtype=int32)
 * ```
 */
export const bitwiseAnd = bitwise("bitwise_and", "and", lax.bitwiseAnd);
/**
 * Elementwise bitwise OR of integer or bool arrays (`jnp.bitwise_or`).
 *
 * @example
 * ```ts
 * np.bitwiseOr(np.array([12, 10], "int32"), np.array([10, 6], "int32")); // Array([14, 14], dtype=int32)
 * ```
 */
export const bitwiseOr = bitwise("bitwise_or", "or", lax.bitwiseOr);
/**
 * Elementwise bitwise XOR of integer or bool arrays (`jnp.bitwise_xor`).
 *
 * @example
 * ```ts
 * np.bitwiseXor(np.array([12, 10], "int32"), np.array([10, 6], "int32")); // Array([ 6, 12], dtype=int32)
 * ```
 */
export const bitwiseXor = bitwise("bitwise_xor", "xor", lax.bitwiseXor);
/**
 * Elementwise bitwise NOT of an integer or bool array; on bool, logical not (`jnp.bitwise_not`).
 *
 * @example
 * ```ts
 * np.bitwiseNot(np.array([0, 5], "int32")); // Array([-1, -6], dtype=int32)
 * np.bitwiseNot(np.array([true, false])); // Array([False,  True], dtype=bool)
 * ```
 */
export const bitwiseNot: Unary = (x) => lax.bitwiseNot(one("bitwise_not", x));
/**
 * Alias of {@link bitwiseNot} (`jnp.invert`).
 *
 * @example
 * ```ts
 * np.invert(np.array([0, 5], "uint32")); // Array([4294967295, 4294967290], dtype=uint32)
 * ```
 */
export const invert = bitwiseNot;

const asBool = (x: ArrayLike): Array => convertTo(x, { dtype: "bool", weakType: false });
const logical =
  (name: string, f: (a: Array, b: Array) => Array): Binary =>
  (x, y) => {
    const a = asBool(x);
    const b = asBool(y);
    broadcastShapes(name, a.shape, b.shape);
    const [pa, pb] = promoteArgs(name, [a, b]);
    return f(pa!, pb!);
  };
/**
 * Elementwise logical AND; inputs are converted to bool (nonzero is true) (`jnp.logical_and`).
 *
 * @example
 * ```ts
 * np.logicalAnd(np.array([1, 0, 2]), np.array([true, true, false])); // Array([ True, False, False], dtype=bool)
 * ```
 */
export const logicalAnd = logical("logical_and", lax.bitwiseAnd);
/**
 * Elementwise logical OR; inputs are converted to bool (`jnp.logical_or`).
 *
 * @example
 * ```ts
 * np.logicalOr(np.array([1, 0, 0]), np.array([0, 0, 3])); // Array([ True, False,  True], dtype=bool)
 * ```
 */
export const logicalOr = logical("logical_or", lax.bitwiseOr);
/**
 * Elementwise logical XOR; inputs are converted to bool (`jnp.logical_xor`).
 *
 * @example
 * ```ts
 * np.logicalXor(np.array([1, 0, 2]), np.array([1, 1, 0])); // Array([False,  True,  True], dtype=bool)
 * ```
 */
export const logicalXor = logical("logical_xor", lax.bitwiseXor);
/**
 * Elementwise logical NOT; the input is converted to bool (`jnp.logical_not`).
 *
 * @example
 * ```ts
 * np.logicalNot(np.array([0, 1, 2])); // Array([ True, False, False], dtype=bool)
 * ```
 */
export const logicalNot: Unary = (x) => lax.bitwiseNot(asBool(x));

/**
 * Elementwise `-x` (`jnp.negative`).
 *
 * @example
 * ```ts
 * np.negative(np.array([1, -2, 0])); // Array([-1.,  2., -0.], dtype=float32)
 * ```
 */
export const negative: Unary = (x) => {
  const a = one("negative", x);
  if (a.dtype === "bool") throw new TypeError("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.");
  return lax.neg(a);
};
/**
 * Elementwise `+x`: the values unchanged (`jnp.positive`).
 *
 * @example
 * ```ts
 * np.positive(np.array([1, -2])); // Array([ 1., -2.], dtype=float32)
 * ```
 */
export const positive: Unary = (x) => one("positive", x);
/**
 * Elementwise absolute value `|x|` (`jnp.absolute`).
 *
 * @example
 * ```ts
 * np.absolute(np.array([-1.5, 0, 2])); // Array([1.5, 0. , 2. ], dtype=float32)
 * np.absolute(lax.complex(np.array(3), np.array(4))); // Array(5., dtype=float32, weak_type=True)
 * ```
 */
export const absolute: Unary = (x) => {
  const a = one("absolute", x);
  return a.dtype === "bool" || isUnsigned(a.dtype) ? a : lax.abs(a);
};
/**
 * Alias of {@link absolute} (`jnp.abs`).
 *
 * @example
 * ```ts
 * np.abs(np.array([-3, 4], "int32")); // Array([3, 4], dtype=int32)
 * ```
 */
export const abs = absolute;
/**
 * Elementwise sign: -1, 0 or 1 in the input's dtype (`jnp.sign`).
 *
 * @example
 * ```ts
 * np.sign(np.array([-2.5, 0, 3])); // Array([-1.,  0.,  1.], dtype=float32)
 * np.sign(np.array([-2, 0, 3], "int32")); // Array([-1,  0,  1], dtype=int32)
 * ```
 */
export const sign: Unary = (x) => {
  const a = one("sign", x);
  return a.dtype === "bool" ? a : lax.sign(a);
};
/**
 * `np.square(x)` (jnp.square): x * x; bool computes in int32, as jnp.square.
 *
 * @example
 * ```ts
 * np.square(np.array([1.5, -2])); // Array([2.25, 4.  ], dtype=float32)
 * np.square(np.array([true, false])); // Array([1, 0], dtype=int32)
 * ```
 */
export const square: Unary = (x) => lax.square(promoteArgsNumeric("square", [x])[0]!);
/**
 * Elementwise `1 / x` (`jnp.reciprocal`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.reciprocal(np.array([2, 4], "int32")); // Array([0.5 , 0.25], dtype=float32)
 * ```
 */
export const reciprocal: Unary = (x) => lax.integerPow(oneInexact("reciprocal", x), -1);

/** Integer inputs are returned unchanged, as numpy does for floor/ceil/round/trunc. */
const floatRounding =
  (name: string, f: (a: Array) => Array): Unary =>
  (x) => {
    const a = one(name, x);
    return isFloat(a.dtype) ? f(a) : a;
  };
/**
 * Elementwise floor, the largest integer <= x; integer inputs are returned unchanged (`jnp.floor`).
 *
 * @example
 * ```ts
 * np.floor(np.array([-1.5, 0.5, 2])); // Array([-2.,  0.,  2.], dtype=float32)
 * ```
 */
export const floor = floatRounding("floor", lax.floor);
/**
 * Elementwise ceiling, the smallest integer >= x; integer inputs are returned unchanged (`jnp.ceil`).
 *
 * @example
 * ```ts
 * np.ceil(np.array([-1.5, 0.5, 2])); // Array([-1.,  1.,  2.], dtype=float32)
 * ```
 */
export const ceil = floatRounding("ceil", lax.ceil);
/**
 * `np.round(x, decimals = 0)` (jnp.round): rounds half to even, as numpy; a complex input has its
 * real and imaginary parts rounded separately. Integers are returned unchanged.
 *
 * @example
 * ```ts
 * np.round(np.array([0.5, 1.5, 2.5, -0.5])); // Array([ 0.,  2.,  2., -0.], dtype=float32)
 * np.round(np.array([1.234, 5.678]), 1); // Array([1.2, 5.7], dtype=float32)
 * np.round(np.array([1234, 5678]), { decimals: -2 }); // Array([1200., 5700.], dtype=float32)
 * np.round(np.complex64(1.25, -3.456), 1); // Array(1.2-3.5j, dtype=complex64)
 * ```
 */
export function round(x: ArrayLike, decimals?: number | { decimals?: number }, opts?: { decimals?: number }): Array {
  const d = kwargs<{ decimals?: number }>("round", ["decimals"], [decimals, opts]).decimals ?? 0;
  return roundImpl(x, d);
}
// jax/_src/numpy/lax_numpy.py round: integers unchanged (negative decimals not implemented);
// decimals past the dtype's range a no-op; complex parts rounded separately; float16 scaled in
// float32 so that x * 10^decimals is not rounded to float16 before rounding to an integer.
function roundImpl(x: ArrayLike, decimals: number): Array {
  const a = one("round", x);
  if (isInteger(a.dtype)) {
    if (decimals < 0) throw new NotImplementedError("integer np.round not implemented for decimals < 0");
    return a;
  }
  if (!isFloat(a.dtype) && !isComplex(a.dtype)) return a;
  if (decimals > Math.log10(finfoMax(realPartDtype(a.dtype)))) return a;
  if (isComplex(a.dtype)) return lax.complex(roundFloat(lax.real(a), decimals), roundFloat(lax.imag(a), decimals));
  return roundFloat(a, decimals);
}
function roundFloat(a: Array, decimals: number): Array {
  if (decimals === 0) return lax.round(a, 1);
  const wide = a.dtype === "float16" ? lax.convertElementType(a, "float32") : a;
  const f = 10 ** decimals;
  const out = lax.div(lax.round(lax.mul(wide, f), 1), f);
  return wide === a ? out : lax.convertElementType(out, a.dtype);
}
/**
 * Alias of {@link round} (`jnp.around`).
 *
 * @example
 * ```ts
 * np.around(np.array([0.5, 1.5, 1.26]), 1); // Array([0.5, 1.5, 1.3], dtype=float32)
 * ```
 */
export const around = round;
/**
 * Elementwise rounding toward zero; integer inputs are returned unchanged (`jnp.trunc`).
 *
 * @example
 * ```ts
 * np.trunc(np.array([-1.7, 1.7])); // Array([-1.,  1.], dtype=float32)
 * ```
 */
export const trunc = floatRounding("trunc", (a) => lax.select(lax.lt(a, 0), lax.ceil(a), lax.floor(a)));

const inexact =
  (name: string, f: (a: Array) => Array): Unary =>
  (x) =>
    f(oneInexact(name, x));
/**
 * Elementwise `e^x` (`jnp.exp`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.exp(np.array([0, 1])); // Array([1.       , 2.7182817], dtype=float32)
 * ```
 */
export const exp = inexact("exp", lax.exp);
/**
 * Elementwise `2^x` (`jnp.exp2`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.exp2(np.array([0, 3, -1])); // Array([1. , 8. , 0.5], dtype=float32)
 * ```
 */
export const exp2 = inexact("exp2", lax.exp2);
/**
 * Elementwise natural logarithm (`jnp.log`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.log(np.array([1, Math.E, 0])); // Array([0.        , 0.99999994,       -inf], dtype=float32)
 * ```
 */
export const log = inexact("log", lax.log);
/**
 * Elementwise `log(1 + x)`, accurate for small x (`jnp.log1p`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.log1p(np.array([0, 1e-8])); // Array([0.e+00, 1.e-08], dtype=float32)
 * ```
 */
export const log1p = inexact("log1p", lax.log1p);
/**
 * Elementwise `e^x - 1`, accurate for small x (`jnp.expm1`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.expm1(np.array([0, 1e-8])); // Array([0.e+00, 1.e-08], dtype=float32)
 * ```
 */
export const expm1 = inexact("expm1", lax.expm1);
/**
 * Elementwise base-2 logarithm, computed as log(x) / ln 2 (`jnp.log2`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.log2(np.array([1, 8, 0.5])); // Array([ 0.,  3., -1.], dtype=float32)
 * ```
 */
export const log2 = inexact("log2", (a) => lax.div(lax.log(a), Math.LN2));
/**
 * Elementwise base-10 logarithm, computed as log(x) / ln 10 (`jnp.log10`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.log10(np.array([1, 100, 0.001])); // Array([ 0.,  2., -3.], dtype=float32)
 * ```
 */
export const log10 = inexact("log10", (a) => lax.div(lax.log(a), Math.LN10));
/**
 * Elementwise square root; NaN for x < 0 (`jnp.sqrt`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.sqrt(np.array([4, 2, -1])); // Array([2.       , 1.4142135,       nan], dtype=float32)
 * ```
 */
export const sqrt = inexact("sqrt", lax.sqrt);
/**
 * Elementwise `1 / sqrt(x)` (`jax.lax.rsqrt`; NumPy has no counterpart); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.rsqrt(np.array([4, 0.25])); // Array([0.5, 2. ], dtype=float32)
 * ```
 */
export const rsqrt = inexact("rsqrt", lax.rsqrt);
/**
 * Elementwise real cube root, negative for x < 0 (`jnp.cbrt`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.cbrt(np.array([27, -8])); // Array([ 3., -2.], dtype=float32)
 * ```
 */
export const cbrt = inexact("cbrt", lax.cbrt);
/**
 * Elementwise sine, x in radians (`jnp.sin`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.sin(np.array([0, Math.PI / 2, Math.PI / 6])); // Array([0. , 1. , 0.5], dtype=float32)
 * ```
 */
export const sin = inexact("sin", lax.sin);
/**
 * Elementwise cosine, x in radians (`jnp.cos`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.cos(np.array([0, Math.PI / 3])); // Array([1.        , 0.49999997], dtype=float32)
 * ```
 */
export const cos = inexact("cos", lax.cos);
/**
 * Elementwise tangent, x in radians (`jnp.tan`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.tan(np.array([0, Math.PI / 4])); // Array([0., 1.], dtype=float32)
 * ```
 */
export const tan = inexact("tan", lax.tan);
/**
 * Elementwise inverse sine, in [-pi/2, pi/2]; NaN outside [-1, 1] (`jnp.arcsin`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.arcsin(np.array([0, 1, 2])); // Array([0.       , 1.5707964,       nan], dtype=float32)
 * ```
 */
export const arcsin = inexact("arcsin", lax.asin);
/**
 * Elementwise inverse cosine, in [0, pi]; NaN outside [-1, 1] (`jnp.arccos`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.arccos(np.array([1, 0, -1])); // Array([0.       , 1.5707964, 3.1415927], dtype=float32)
 * ```
 */
export const arccos = inexact("arccos", lax.acos);
/**
 * Elementwise inverse tangent, in (-pi/2, pi/2) (`jnp.arctan`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.arctan(np.array([0, 1, Infinity])); // Array([0.       , 0.7853982, 1.5707964], dtype=float32)
 * ```
 */
export const arctan = inexact("arctan", lax.atan);
/**
 * Elementwise hyperbolic sine (`jnp.sinh`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.sinh(np.array([0, 1])); // Array([0.       , 1.1752012], dtype=float32)
 * ```
 */
export const sinh = inexact("sinh", lax.sinh);
/**
 * Elementwise hyperbolic cosine (`jnp.cosh`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.cosh(np.array([0, 1])); // Array([1.       , 1.5430807], dtype=float32)
 * ```
 */
export const cosh = inexact("cosh", lax.cosh);
/**
 * Elementwise hyperbolic tangent (`jnp.tanh`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.tanh(np.array([0, 1, -Infinity])); // Array([ 0.       ,  0.7615942, -1.       ], dtype=float32)
 * ```
 */
export const tanh = inexact("tanh", lax.tanh);
/**
 * Elementwise inverse hyperbolic sine (`jnp.arcsinh`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.arcsinh(np.array([0, 1])); // Array([0.       , 0.8813736], dtype=float32)
 * ```
 */
export const arcsinh = inexact("arcsinh", lax.asinh);
/**
 * Elementwise inverse hyperbolic cosine; NaN for x < 1 (`jnp.arccosh`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.arccosh(np.array([1, 2, 0])); // Array([0.      , 1.316958,      nan], dtype=float32)
 * ```
 */
export const arccosh = inexact("arccosh", lax.acosh);
/**
 * Elementwise inverse hyperbolic tangent; NaN outside [-1, 1] (`jnp.arctanh`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.arctanh(np.array([0, 0.5, 1])); // Array([0.        , 0.54930615,        inf], dtype=float32)
 * ```
 */
export const arctanh = inexact("arctanh", lax.atanh);
/**
 * Elementwise logistic function `1 / (1 + e^-x)` (`jax.nn.sigmoid`, `lax.logistic`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.sigmoid(np.array([0, 2, -Infinity])); // Array([0.5      , 0.8807971, 0.       ], dtype=float32)
 * ```
 */
export const sigmoid = inexact("sigmoid", lax.logistic);
/**
 * Elementwise error function (`jax.scipy.special.erf`); integer and bool inputs are promoted to the default float dtype.
 *
 * @example
 * ```ts
 * np.erf(np.array([0, 0.5, 3])); // Array([0.       , 0.5204999, 0.9999779], dtype=float32)
 * ```
 */
export const erf = inexact("erf", lax.erf);
/**
 * Elementwise degrees to radians, `x * pi / 180` (`jnp.deg2rad`).
 *
 * @example
 * ```ts
 * np.deg2rad(np.array([180, 90])); // Array([3.1415927, 1.5707964], dtype=float32)
 * ```
 */
export const deg2rad = inexact("deg2rad", (a) => lax.mul(a, Math.PI / 180));
/**
 * Elementwise radians to degrees, `x * 180 / pi` (`jnp.rad2deg`).
 *
 * @example
 * ```ts
 * np.rad2deg(np.array([Math.PI, 1])); // Array([180.     ,  57.29578], dtype=float32)
 * ```
 */
export const rad2deg = inexact("rad2deg", (a) => lax.mul(a, 180 / Math.PI));
/**
 * Alias of {@link deg2rad} (`jnp.radians`).
 *
 * @example
 * ```ts
 * np.radians(np.array([360])); // Array([6.2831855], dtype=float32)
 * ```
 */
export const radians = deg2rad;
/**
 * Alias of {@link rad2deg} (`jnp.degrees`).
 *
 * @example
 * ```ts
 * np.degrees(np.array([Math.PI / 2])); // Array([90.], dtype=float32)
 * ```
 */
export const degrees = rad2deg;

// Complex: JAX tests both parts (isnan, isinf: either part; isfinite: both parts).
const eitherPart = (a: Array, f: (part: Array) => Array): Array => lax.bitwiseOr(f(lax.real(a)), f(lax.imag(a)));
/**
 * Elementwise test for NaN, as a bool array; false for integer inputs (`jnp.isnan`).
 *
 * @example
 * ```ts
 * np.isnan(np.array([1, NaN, Infinity])); // Array([False,  True, False], dtype=bool)
 * ```
 */
export const isnan: Unary = (x) => {
  const a = one("isnan", x);
  if (isComplex(a.dtype)) return eitherPart(a, (p) => lax.ne(p, p));
  return isFloat(a.dtype) ? lax.ne(a, a) : lax.broadcastInDim(false, a.shape, []);
};
/**
 * Elementwise test for a finite value (not NaN or infinite), as a bool array; true for integer inputs (`jnp.isfinite`).
 *
 * @example
 * ```ts
 * np.isfinite(np.array([1, NaN, -Infinity])); // Array([ True, False, False], dtype=bool)
 * ```
 */
export const isfinite: Unary = (x) => {
  const a = one("isfinite", x);
  if (isComplex(a.dtype)) return lax.bitwiseAnd(lax.isFinite(lax.real(a)), lax.isFinite(lax.imag(a)));
  return isFloat(a.dtype) ? lax.isFinite(a) : lax.broadcastInDim(true, a.shape, []);
};
/**
 * Elementwise test for +-infinity, as a bool array; false for integer inputs (`jnp.isinf`).
 *
 * @example
 * ```ts
 * np.isinf(np.array([1, NaN, -Infinity])); // Array([False, False,  True], dtype=bool)
 * ```
 */
export const isinf: Unary = (x) => {
  const a = one("isinf", x);
  if (isComplex(a.dtype)) return eitherPart(a, (p) => lax.eq(lax.abs(p), Infinity));
  return isFloat(a.dtype) ? lax.eq(lax.abs(a), Infinity) : lax.broadcastInDim(false, a.shape, []);
};

/**
 * `np.where(condition, x, y)` (jnp.where): elementwise `x` where `condition` is true and `y` elsewhere, broadcast together and promoted to one dtype.
 *
 * @example
 * ```ts
 * const x = np.array([1, -2, 3]);
 * np.where(np.greater(x, 0), x, 0); // Array([1., 0., 3.], dtype=float32)
 * np.where(np.array([[true], [false]]), np.array([1, 2]), np.array([10, 20])); // Array([[ 1.,  2.], [10., 20.]], dtype=float32)
 * ```
 */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): Array {
  const c = asBool(condition);
  const [a, b] = promoteArgs("where", [x, y]);
  const shape = broadcastShapesOrValueError(c.shape, a!.shape, b!.shape);
  const full = (v: Array): Array => (v.ndim === shape.length && v.shape.every((d, i) => d === shape[i]) ? v : lax.broadcastInDim(v, shape, v.shape.map((_, i) => i + shape.length - v.ndim)));
  return lax.selectN(full(c), full(b!), full(a!));
}

/**
 * `np.clip(x, min?, max?)` (jnp.clip): either bound may be null.
 *
 * @example
 * ```ts
 * const x = np.array([-2, 0.5, 3]);
 * np.clip(x, 0, 1); // Array([0. , 0.5, 1. ], dtype=float32)
 * np.clip(x, null, 1); // Array([-2. ,  0.5,  1. ], dtype=float32)
 * np.clip(x, { min: -1, max: 2 }); // Array([-1. ,  0.5,  2. ], dtype=float32)
 * ```
 */
export function clip(x: ArrayLike, min?: ArrayLike | null | ClipOptions, max?: ArrayLike | null | ClipOptions, opts?: ClipOptions): Array {
  const o = kwargs<ClipOptions>("clip", ["min", "max"], [min, max, opts]);
  return clipImpl(x, o.min ?? null, o.max ?? null);
}

/** `jnp.clip`'s keywords: either bound may be null. */
export interface ClipOptions {
  /** Lower bound (broadcast against x); null or omitted: no lower bound. */
  min?: ArrayLike | null;
  /** Upper bound (broadcast against x); null or omitted: no upper bound. */
  max?: ArrayLike | null;
}

function clipImpl(x: ArrayLike, min: ArrayLike | null, max: ArrayLike | null): Array {
  let out = one("clip", x);
  if (min !== null) out = maximum(out, min);
  if (max !== null) out = minimum(out, max);
  return out;
}
