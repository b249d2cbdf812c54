// numpy's remaining elementwise math as jax.numpy defines it (jax/_src/numpy/ufuncs.py): numpy 2's
// short names (acos ... atan2, bitwise shifts), fmax fmin copysign heaviside signbit ldexp frexp
// modf spacing floatPower sinc gcd lcm, and cumulativeProd. Each is a composition of lax
// operations, so jit, vmap and grad go through them; sinc carries JAX's custom JVP at zero.
import { isFloat, isInteger, isUnsigned } from "../../jaxpr/index.js";
import type { DType } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";
import { broadcastShapes, broadcastTo, checkedArray, cumulativeOperand, promoteArgsInexact, promotedPair } from "./promote.js";
import { arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, bitwiseNot } from "./elementwise.js";
import { cumprod } from "./reductions.js";
import { nextafter } from "./ufuncs.js";
import { range } from "../../jaxpr/lists.js";

// numpy 2's names for the inverse trigonometric functions and bitwise operations.
/**
 * `np.acos` (jnp.acos, numpy 2's name for arccos).
 *
 * @example
 * ```ts
 * np.acos(np.array([1, 0])); // Array([0.       , 1.5707964], dtype=float32)
 * ```
 */
export const acos = arccos;
/**
 * `np.asin` (jnp.asin, numpy 2's name for arcsin).
 *
 * @example
 * ```ts
 * np.asin(np.array([0, 1])); // Array([0.       , 1.5707964], dtype=float32)
 * ```
 */
export const asin = arcsin;
/**
 * `np.atan` (jnp.atan, numpy 2's name for arctan).
 *
 * @example
 * ```ts
 * np.atan(np.array([0, 1])); // Array([0.       , 0.7853982], dtype=float32)
 * ```
 */
export const atan = arctan;
/**
 * `np.acosh` (jnp.acosh, numpy 2's name for arccosh).
 *
 * @example
 * ```ts
 * np.acosh(np.array([1, 2])); // Array([0.      , 1.316958], dtype=float32)
 * ```
 */
export const acosh = arccosh;
/**
 * `np.asinh` (jnp.asinh, numpy 2's name for arcsinh).
 *
 * @example
 * ```ts
 * np.asinh(np.array([0, 1])); // Array([0.       , 0.8813736], dtype=float32)
 * ```
 */
export const asinh = arcsinh;
/**
 * `np.atanh` (jnp.atanh, numpy 2's name for arctanh).
 *
 * @example
 * ```ts
 * np.atanh(np.array([0, 0.5])); // Array([0.        , 0.54930615], dtype=float32)
 * ```
 */
export const atanh = arctanh;
/**
 * `np.atan2` (jnp.atan2, numpy 2's name for arctan2).
 *
 * @example
 * ```ts
 * np.atan2(np.array([1, -1]), np.array([0, 0])); // Array([ 1.5707964, -1.5707964], dtype=float32)
 * ```
 */
export const atan2 = arctan2;
/**
 * `np.bitwiseInvert` (jnp.bitwise_invert, numpy 2's name for bitwise_not / invert).
 *
 * @example
 * ```ts
 * np.bitwiseInvert(np.array([0, 7], "int32")); // Array([-1, -8], dtype=int32)
 * ```
 */
export const bitwiseInvert = bitwiseNot;

function integerPair(name: string, x1: ArrayLike, x2: ArrayLike): [Array, Array] {
  const [a, b] = promotedPair(name, x1, x2, false);
  if (!isInteger(a.dtype)) throw new TypeError(`${name} got invalid dtype ${a.dtype}: arguments must be integers.`);
  return [a, b];
}

/**
 * `np.leftShift(x1, x2)` / `bitwiseLeftShift` (jnp.left_shift): x1 << x2 on integers (0 once x2 reaches the bit width, as XLA).
 *
 * @example
 * ```ts
 * np.leftShift(np.array([1, 3], { dtype: "int32" }), np.array([2, 1], { dtype: "int32" })); // Array([4, 6], dtype=int32)
 * ```
 */
export function leftShift(x1: ArrayLike, x2: ArrayLike): Array {
  return lax.shiftLeft(...integerPair("left_shift", x1, x2));
}

/**
 * `np.rightShift(x1, x2)` / `bitwiseRightShift` (jnp.right_shift): arithmetic for signed integers, logical for unsigned, as jnp.
 *
 * @example
 * ```ts
 * np.rightShift(np.array([16, -16], { dtype: "int32" }), 2); // Array([ 4, -4], dtype=int32)
 * np.rightShift(np.array([16], { dtype: "uint32" }), np.array([3], { dtype: "uint32" })); // Array([2], dtype=uint32)
 * ```
 */
export function rightShift(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = integerPair("right_shift", x1, x2);
  return isUnsigned(a.dtype) ? lax.shiftRightLogical(a, b) : lax.shiftRightArithmetic(a, b);
}
/**
 * `np.bitwiseLeftShift(x1, x2)` (jnp.bitwise_left_shift, numpy 2's name for left_shift): alias of {@link leftShift}.
 *
 * @example
 * ```ts
 * np.bitwiseLeftShift(np.array([1], "int32"), 4); // Array([16], dtype=int32)
 * ```
 */
export const bitwiseLeftShift = leftShift;
/**
 * `np.bitwiseRightShift(x1, x2)` (jnp.bitwise_right_shift, numpy 2's name for right_shift): alias of {@link rightShift}.
 *
 * @example
 * ```ts
 * np.bitwiseRightShift(np.array([-16], "int32"), 4); // Array([-1], dtype=int32)
 * ```
 */
export const bitwiseRightShift = rightShift;

const isNan = (x: Array): Array => lax.ne(x, x);

/**
 * `np.fmax(x1, x2)` (jnp.fmax): the larger value, ignoring a NaN where only one is NaN (jnp: x2 where x1 < x2 or x1 is NaN).
 *
 * @example
 * ```ts
 * np.fmax(np.array([1, NaN, 5]), np.array([2, 3, NaN])); // Array([2., 3., 5.], dtype=float32)
 * ```
 */
export function fmax(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promotedPair("fmax", x1, x2, false);
  const takeB = lax.lt(a, b);
  return lax.select(isFloat(a.dtype) ? lax.bitwiseOr(takeB, isNan(a)) : takeB, b, a);
}

/**
 * `np.fmin(x1, x2)` (jnp.fmin): the smaller value, ignoring a NaN where only one is NaN.
 *
 * @example
 * ```ts
 * np.fmin(np.array([1, NaN, 5]), np.array([2, 3, NaN])); // Array([1., 3., 5.], dtype=float32)
 * ```
 */
export function fmin(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promotedPair("fmin", x1, x2, false);
  const takeB = lax.gt(a, b);
  return lax.select(isFloat(a.dtype) ? lax.bitwiseOr(takeB, isNan(a)) : takeB, b, a);
}

/**
 * `np.signbit(x)` (jnp.signbit): whether the sign bit is set (true for -0). Float64 has no 64-bit integer to
 * bitcast to here, so -0 is found as 1/x < 0 and a NaN counts as positive.
 *
 * @example
 * ```ts
 * np.signbit(np.array([-2, -0, 0, 3])); // Array([ True,  True, False, False], dtype=bool)
 * ```
 */
export function signbit(x: ArrayLike): Array {
  const a = checkedArray("signbit", x);
  if (a.dtype === "bool" || isUnsigned(a.dtype)) return lax.ne(a, a);
  if (isInteger(a.dtype)) return lax.lt(a, 0);
  if (a.dtype === "float32") return lax.lt(lax.bitcastConvertType(a, "int32"), 0);
  if (!isFloat(a.dtype)) throw new ValueError(`jax.numpy.signbit is not well defined for ${a.dtype}`);
  return lax.bitwiseOr(lax.lt(a, 0), lax.bitwiseAnd(lax.eq(a, 0), lax.lt(lax.div(lax.fullLike(a, 1), a), 0)));
}

/**
 * `np.copysign(x1, x2)` (jnp.copysign): |x1| with the sign of x2 (jnp: where(signbit(x2), -|x1|, |x1|)).
 *
 * @example
 * ```ts
 * np.copysign(np.array([1, -2, 3]), np.array([-1, 1, -0])); // Array([-1.,  2., -3.], dtype=float32)
 * ```
 */
export function copysign(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promotedPair("copysign", x1, x2, true);
  const magnitude = lax.abs(a);
  return lax.select(signbit(b), lax.neg(magnitude), magnitude);
}

/**
 * `np.heaviside(x1, x2)` (jnp.heaviside): 0 for x1 < 0, 1 for x1 > 0, x2 where x1 is 0 (NaN stays NaN).
 *
 * @example
 * ```ts
 * np.heaviside(np.array([-1.5, 0, 2]), 0.5); // Array([0. , 0.5, 1. ], dtype=float32)
 * ```
 */
export function heaviside(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promotedPair("heaviside", x1, x2, true);
  const zero = lax.fullLike(a, 0);
  return lax.select(lax.lt(a, 0), zero, lax.select(lax.gt(a, 0), lax.fullLike(a, 1), lax.select(isNan(a), a, b)));
}

/**
 * `np.frexp(x)` (jnp.frexp): `[mantissa, exponent]` with x = mantissa * 2**exponent, |mantissa| in [0.5, 1)
 * and an int32 exponent; 0, infinities and NaN give themselves and exponent 0, as numpy.
 *
 * @example
 * ```ts
 * const [mantissa, exponent] = np.frexp(np.array([8, 0.75, -3]));
 * mantissa; // Array([ 0.5 ,  0.75, -0.75], dtype=float32)
 * exponent; // Array([4, 0, 2], dtype=int32)
 * ```
 */
export function frexp(x: ArrayLike): [Array, Array] {
  const a = promoteArgsInexact("frexp", [x])[0]!;
  const special = lax.bitwiseOr(lax.eq(a, 0), lax.bitwiseNot(lax.isFinite(a)));
  const magnitude = lax.select(special, lax.fullLike(a, 1), lax.abs(a));
  // floor(log2|x|) + 1, then corrected by one where log2 rounded across a power of two.
  let e = lax.add(lax.floor(lax.div(lax.log(magnitude), Math.LN2)), 1);
  const scaled = (k: Array): Array => lax.div(magnitude, powerOfTwo(k));
  e = lax.select(lax.ge(scaled(e), 1), lax.add(e, 1), e);
  e = lax.select(lax.lt(scaled(e), 0.5), lax.sub(e, 1), e);
  const mantissa = lax.select(special, a, lax.div(a, powerOfTwo(e)));
  return [mantissa, lax.select(special, lax.fullLike(e, 0, "int32"), lax.convertElementType(e, "int32"))];
}

/** 2**k for integral float k, exact over the whole subnormal-to-overflow range (two factors). */
function powerOfTwo(k: Array): Array {
  const half = lax.floor(lax.mul(k, 0.5));
  return lax.mul(lax.exp2(half), lax.exp2(lax.sub(k, half)));
}

/**
 * `np.ldexp(x1, x2)` (jnp.ldexp): x1 * 2**x2 for an integer x2, exact where the result is representable.
 *
 * @example
 * ```ts
 * np.ldexp(np.array([1, 0.75, -3]), np.array([3, 1, -1], { dtype: "int32" })); // Array([ 8. ,  1.5, -1.5], dtype=float32)
 * ```
 */
export function ldexp(x1: ArrayLike, x2: ArrayLike): Array {
  const e = checkedArray("ldexp", x2);
  const m = checkedArray("ldexp", x1);
  if (!isInteger(e.dtype) && e.dtype !== "bool") throw new ValueError(`ldexp not supported for input types (dtype('${m.dtype}'), dtype('${e.dtype}'))`);
  const a = promoteArgsInexact("ldexp", [m])[0]!;
  const shape = broadcastShapes("ldexp", a.shape, e.shape);
  const x = broadcastTo(a, shape, "ldexp");
  // Split off x's own exponent first (JAX's way), so a small x with a large x2 does not overflow.
  const [mantissa, own] = frexp(x);
  const total = lax.convertElementType(lax.add(broadcastTo(lax.convertElementType(e, "int32"), shape), own), x.dtype);
  const out = lax.mul(mantissa, powerOfTwo(total));
  return lax.select(lax.bitwiseOr(lax.eq(x, 0), lax.bitwiseNot(lax.isFinite(x))), x, out);
}

/**
 * `np.modf(x)` (jnp.modf): `[fractional part, integral part]`, both with x's sign (jnp: whole = x >= 0 ? floor : ceil).
 *
 * @example
 * ```ts
 * const [frac, whole] = np.modf(np.array([2.5, -1.25]));
 * frac; // Array([ 0.5 , -0.25], dtype=float32)
 * whole; // Array([ 2., -1.], dtype=float32)
 * ```
 */
export function modf(x: ArrayLike): [Array, Array] {
  const a = promoteArgsInexact("modf", [x])[0]!;
  const whole = lax.select(lax.ge(a, 0), lax.floor(a), lax.ceil(a));
  return [lax.sub(a, whole), whole];
}

/** The float dtype's smallest subnormal. */
const SMALLEST_SUBNORMAL: Partial<Record<DType, number>> = { float32: 2 ** -149, float64: Number.MIN_VALUE };

/**
 * `np.spacing(x)` (jnp.spacing): the distance from x to the next float away from zero (signed like x), as jnp.
 *
 * @example
 * ```ts
 * np.spacing(np.array([1, -1, 0])); // Array([ 1.1920929e-07, -1.1920929e-07,  1.4012985e-45], dtype=float32)
 * ```
 */
export function spacing(x: ArrayLike): Array {
  const a = promoteArgsInexact("spacing", [x])[0]!;
  const inf = lax.fullLike(a, Infinity);
  const toward = lax.select(signbit(a), lax.neg(inf), inf);
  const result = lax.sub(nextafter(a, toward), a);
  const tiny = lax.fullLike(a, SMALLEST_SUBNORMAL[a.dtype]!);
  return lax.select(lax.eq(result, 0), lax.select(signbit(a), lax.neg(tiny), tiny), result);
}

/**
 * `np.floatPower(x1, x2)` (jnp.float_power): x1 ** x2 computed in the inexact dtype (NaN for a negative base and fractional exponent).
 *
 * @example
 * ```ts
 * np.floatPower(np.array([2, 3], { dtype: "int32" }), 2); // Array([4., 9.], dtype=float32)
 * np.floatPower(-8, 1 / 3); // Array(nan, dtype=float32, weak_type=True)
 * ```
 */
export function floatPower(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = promotedPair("float_power", x1, x2, true);
  return lax.pow(a, b);
}

/** The k-th derivative of sin(u)/u at u = 0, broadcast like x (JAX's _sinc_maclaurin, a custom JVP). */
const sincMaclaurin = new Map<number, CustomJvpFunction<(x: Array) => Array>>();
function sincAtZero(k: number): CustomJvpFunction<(x: Array) => Array> {
  let f = sincMaclaurin.get(k);
  if (f === undefined) {
    const coefficient = k % 2 === 1 ? 0 : (-1) ** (k / 2) / (k + 1);
    f = customJvp((x: Array) => lax.add(lax.mul(x, 0), coefficient)).defjvp(([x], [t]) => [sincAtZero(k)(x!), lax.mul(sincAtZero(k + 1)(x!), t!)]);
    sincMaclaurin.set(k, f);
  }
  return f;
}

/**
 * `np.sinc(x)` (jnp.sinc): sin(pi x) / (pi x), 1 at 0. At 0 its derivatives of every order are the Taylor
 * coefficients (JAX's custom JVP), so grad(grad(sinc))(0) = -pi^2 / 3.
 *
 * @example
 * ```ts
 * np.sinc(np.array([0, 0.5, 1])); // Array([ 1.0000000e+00,  6.3661975e-01, -2.7827534e-08], dtype=float32)
 * grad(grad(np.sinc))(0); // Array(-3.2898684, dtype=float32)
 * ```
 */
export function sinc(x: ArrayLike): Array {
  const a = promoteArgsInexact("sinc", [x])[0]!;
  const isZero = lax.eq(a, 0);
  const piX = lax.mul(a, Math.PI);
  const safe = lax.select(isZero, lax.fullLike(a, 1), piX);
  return lax.select(isZero, sincAtZero(0)(piX), lax.div(lax.sin(safe), safe));
}

/**
 * `np.gcd(x1, x2)` (jnp.gcd): the greatest common divisor of |x1| and |x2|, elementwise, for integers
 * (Euclid's algorithm in a while loop over the whole array, as jnp).
 *
 * @example
 * ```ts
 * np.gcd(np.array([12, -18, 7], { dtype: "int32" }), np.array([8, 12, 0], { dtype: "int32" })); // Array([4, 6, 7], dtype=int32)
 * ```
 */
export function gcd(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = integerPair("gcd", x1, x2);
  const [divisor] = lax.whileLoop(
    ([, v]: [Array, Array]) => lax.reduceOr(lax.ne(v, 0), range(v.ndim)),
    ([u, v]: [Array, Array]): [Array, Array] => {
      const nonzero = lax.ne(v, 0);
      const safe = lax.select(nonzero, v, lax.fullLike(v, 1));
      return [lax.select(nonzero, v, u), lax.select(nonzero, lax.rem(u, safe), lax.fullLike(v, 0))];
    },
    [lax.abs(a), lax.abs(b)] as [Array, Array],
  );
  return divisor;
}

/**
 * `np.lcm(x1, x2)` (jnp.lcm): the least common multiple of |x1| and |x2| (0 where either is 0).
 *
 * @example
 * ```ts
 * np.lcm(np.array([4, -6, 0], { dtype: "int32" }), np.array([6, 4, 5], { dtype: "int32" })); // Array([12, 12,  0], dtype=int32)
 * ```
 */
export function lcm(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = integerPair("lcm", x1, x2);
  const d = gcd(a, b);
  const safe = lax.select(lax.eq(d, 0), lax.fullLike(d, 1), d);
  return lax.select(lax.eq(d, 0), lax.fullLike(d, 0), lax.abs(lax.mul(a, lax.div(b, safe))));
}


/**
 * `np.cumulativeProd(x, { axis, dtype, includeInitial })` (jnp.cumulative_prod, numpy 2's cumulative_prod): like
 * cumprod, with `includeInitial` prepending the product's identity (1).
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.cumulativeProd(x, { axis: 1 }); // Array([[ 1.,  2.], [ 3., 12.]], dtype=float32)
 * np.cumulativeProd(np.array([1, 2, 3]), { includeInitial: true }); // Array([1., 1., 2., 6.], dtype=float32)
 * ```
 */
export function cumulativeProd(x: ArrayLike, opts: { axis?: number | null; dtype?: DType; includeInitial?: boolean } = {}): Array {
  const [a, ax] = cumulativeOperand("cumulative_prod", "product", x, opts.axis);
  const out = cumprod(a, ax, opts.dtype ?? null);
  if (!opts.includeInitial) return out;
  const onesShape = [...a.shape];
  onesShape[ax] = 1;
  return lax.concatenate([lax.full(onesShape, 1, out.dtype), out], ax);
}


/**
 * `np.fabs` (jnp.fabs): the absolute value of a real input, promoted to an inexact dtype
 * (an integer input gives a float); complex inputs are a TypeError, as in numpy.
 *
 * @example
 * ```ts
 * np.fabs(np.array([-2, 0, 3], { dtype: "int32" })); // Array([2., 0., 3.], dtype=float32)
 * ```
 */
export function fabs(x: ArrayLike): Array {
  const a = checkedArray("fabs", x);
  if (a.dtype === "complex64" || a.dtype === "complex128") throw new TypeError("ufunc 'fabs' does not support complex dtypes");
  return lax.abs(promoteArgsInexact("fabs", [a])[0]!);
}

/**
 * `np.bitwiseCount` (jnp.bitwise_count): the number of set bits of each element's absolute value,
 * as uint8 (numpy's convention; JAX's lax.population_count of abs(x)).
 *
 * @example
 * ```ts
 * np.bitwiseCount(np.array([0, 7, -7, 1023], { dtype: "int32" })); // Array([ 0,  3,  3, 10], dtype=uint8)
 * ```
 */
export function bitwiseCount(x: ArrayLike): Array {
  const a = checkedArray("bitwise_count", x);
  // A float operand reaches lax.populationCount, whose TypeError is JAX's here too.
  const operand = a.dtype === "bool" ? lax.convertElementType(a, "uint8") : a;
  const magnitude = isUnsigned(operand.dtype) || !isInteger(operand.dtype) ? operand : lax.abs(operand);
  return lax.convertElementType(lax.populationCount(magnitude), "uint8");
}
