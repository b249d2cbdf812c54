// More of numpy's elementwise functions (jax.numpy semantics): logaddexp (a primitive) and
// logaddexp2 (with JAX's custom JVP, exact at +-inf), rint fmod divmod nextafter nanToNum.
import { isFloat, isInteger } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";
import { broadcastTo, convertTo, promoteArgs, promotedPair, resultType } from "./promote.js";
import { floorDivide, remainder } from "./elementwise.js";
import { finfoMax, isOptions } from "./options.js";

type Pair = (a: Array, b: Array) => Array;

/** JAX's _replace_inf: +inf becomes 0 (so exp(x - out) is exp(0 - 0) = 1 where both are +inf). */
const replaceInf = (x: Array): Array => lax.select(lax.eq(x, Infinity), lax.fullLike(x, 0), x);

/** Both operands promoted to one inexact dtype and broadcast to the common shape. */
const inexactPair = (name: string, x1: ArrayLike, x2: ArrayLike): [Array, Array] => promotedPair(name, x1, x2);

/** lax's logaddexp2: amax + log2(1 + 2^-|x1 - x2|), x1 + x2 where the difference is NaN. */
function logaddexp2Value(a: Array, b: Array): Array {
  const amax = lax.max(a, b);
  const delta = lax.sub(a, b);
  const tail = lax.mul(lax.log1p(lax.exp2(lax.neg(lax.abs(delta)))), 1 / Math.LN2);
  return lax.select(lax.ne(delta, delta), lax.add(a, b), lax.add(amax, tail));
}

let logaddexp2Custom: CustomJvpFunction<Pair> | null = null;

/** logaddexp2 with JAX's custom JVP: t * 2^(x - out), +inf replaced by 0. */
function logaddexp2Fn(): CustomJvpFunction<Pair> {
  const f: CustomJvpFunction<Pair> = customJvp(logaddexp2Value).defjvp(([a, b], [ta, tb]) => {
    const out = f(a, b);
    const r = replaceInf(out);
    return [out, lax.add(lax.mul(ta, lax.exp2(lax.sub(replaceInf(a), r))), lax.mul(tb, lax.exp2(lax.sub(replaceInf(b), r))))];
  });
  return f;
}

/**
 * `log(exp(x1) + exp(x2))` without overflow or underflow, elementwise: the `logaddexp`
 * primitive (one fused operation). Its derivative is JAX's `t1 * exp(x1 - out) + t2 * exp(x2 -
 * out)` (with +inf replaced by 0), exact at large magnitudes and finite at +-inf.
 *
 * @example
 * np.logaddexp(np.array([0, 1000, -Infinity]), np.array([0, 1000, 1])); // Array([0.6931472, 1000.6931, 1.], dtype=float32)
 */
export function logaddexp(x1: ArrayLike, x2: ArrayLike): Array {
  return lax.logaddexp(...inexactPair("logaddexp", x1, x2));
}

/**
 * `log2(2**x1 + 2**x2)` without overflow, elementwise, with JAX's custom JVP.
 *
 * @example
 * np.logaddexp2(np.array([1, 10]), np.array([1, 0])); // Array([2., 10.0014086], dtype=float32)
 */
export function logaddexp2(x1: ArrayLike, x2: ArrayLike): Array {
  logaddexp2Custom ??= logaddexp2Fn();
  return logaddexp2Custom(...inexactPair("logaddexp2", x1, x2));
}

/**
 * Rounds to the nearest integer, halves to even. Integer and bool inputs become float32, as jnp.
 *
 * @example
 * np.rint(np.array([-1.5, 0.5, 1.5, 2.7])); // Array([-2., 0., 2., 3.], dtype=float32)
 */
export function rint(x: ArrayLike): Array {
  const a = promoteArgs("rint", [x])[0]!;
  if (!isFloat(a.dtype)) return lax.convertElementType(a, "float32");
  return lax.round(a, 1);
}

function numericPair(name: string, x1: ArrayLike, x2: ArrayLike): [Array, Array] {
  const t = resultType(x1, x2);
  const [a, b] = promoteArgs(name, [x1, x2], t.dtype === "bool" ? { dtype: "int32", weakType: t.weakType } : t);
  return [a!, b!];
}

/**
 * C's fmod: the remainder of truncating division, with the sign of the dividend (numpy's
 * `remainder` takes the divisor's sign). An integer divisor of 0 gives 0, as jnp.
 *
 * @example
 * np.fmod(np.array([-7, 7], "int32"), 3); // Array([-1,  1], dtype=int32)
 */
export function fmod(x1: ArrayLike, x2: ArrayLike): Array {
  let [a, b] = numericPair("fmod", x1, x2);
  if (isInteger(b.dtype)) b = lax.select(lax.eq(b, 0), lax.fullLike(b, 1), b);
  return lax.rem(a, b);
}

/**
 * `np.divmod` (jnp.divmod): `[floorDivide(x1, x2), remainder(x1, x2)]`, computed together (CPython's float divmod for floats).
 *
 * @example
 * const [q, r] = np.divmod(np.array([7, -7]), 3);
 * q; // [2, -3]
 * r; // [1, 2]
 */
export function divmod(x1: ArrayLike, x2: ArrayLike): [Array, Array] {
  return [floorDivide(x1, x2), remainder(x1, x2)];
}

/**
 * `np.nextafter` (jnp.nextafter): the next representable floating-point value after `x` towards `y`, elementwise (`y` where
 * they are equal, NaN where either is NaN).
 *
 * @example
 * np.nextafter(np.array(1, { dtype: "float32" }), 2); // Array(1.0000001, dtype=float32)
 */
export function nextafter(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = inexactPair("nextafter", x, y);
  const dtype = a.dtype;
  const f = (v: number): Array => lax.fullLike(a, v);
  const nan = lax.bitwiseOr(lax.ne(a, a), lax.ne(b, b));
  const away = lax.eq(lax.gt(b, a), lax.gt(a, f(0)));
  let stepped: Array;
  if (dtype === "float32") {
    // Sign-magnitude bits: +1 moves away from zero, -1 towards it.
    const bits = lax.bitcastConvertType(a, "int32");
    stepped = lax.bitcastConvertType(lax.add(bits, lax.select(away, lax.fullLike(bits, 1), lax.fullLike(bits, -1))), dtype);
  } else {
    // float64 (no 64-bit integers to bitcast to): step by the unit in the last place of |x|.
    const mant = 52;
    const emin = -1022;
    const abs = lax.abs(a);
    let e = lax.floor(lax.div(lax.log(abs), Math.LN2));
    // Correct log2's rounding so that 2**e <= |x| < 2**(e+1).
    e = lax.select(lax.gt(lax.exp2(e), abs), lax.sub(e, 1), e);
    e = lax.select(lax.le(lax.exp2(lax.add(e, 1)), abs), lax.add(e, 1), e);
    e = lax.max(e, f(emin));
    const ulp = lax.exp2(lax.sub(e, mant));
    // Towards zero from a power of two the spacing below is half as large.
    const atPow2 = lax.bitwiseAnd(lax.eq(lax.exp2(e), abs), lax.gt(e, f(emin)));
    const down = lax.sub(abs, lax.select(atPow2, lax.mul(ulp, 0.5), ulp));
    const mag = lax.select(away, lax.add(abs, ulp), down);
    stepped = lax.mul(lax.sign(a), mag);
    const inf = lax.eq(abs, Infinity);
    stepped = lax.select(inf, lax.mul(lax.sign(a), f(finfoMax(dtype))), stepped);
  }
  const tiny = lax.select(lax.gt(b, f(0)), f(dtype === "float32" ? 2 ** -149 : 5e-324), f(dtype === "float32" ? -(2 ** -149) : -5e-324));
  let out = lax.select(lax.eq(a, f(0)), tiny, stepped);
  out = lax.select(lax.eq(a, b), b, out);
  return lax.select(nan, f(NaN), out);
}

/** Keyword arguments of {@link nanToNum}. */
export interface NanToNumOptions {
  /** Ignored (arrays are immutable), accepted as jnp does. */
  copy?: boolean;
  /** The value NaNs become (default 0). */
  nan?: ArrayLike;
  /** The value +inf becomes (default: the dtype's largest finite value). */
  posinf?: ArrayLike | null;
  /** The value -inf becomes (default: the dtype's most negative finite value). */
  neginf?: ArrayLike | null;
}

/**
 * `np.nanToNum` (jnp.nan_to_num): replaces NaN by `nan` (0), +inf by `posinf` and -inf by `neginf` (the dtype's finite extremes
 * by default). Integer and bool arrays are returned unchanged.
 *
 * @example
 * np.nanToNum(np.array([NaN, Infinity, -Infinity, 1]), { posinf: 9 }); // Array([ 0.0000000e+00,  9.0000000e+00, -3.4028235e+38,  1.0000000e+00], dtype=float32)
 */
export function nanToNum(x: ArrayLike, copy?: boolean | NanToNumOptions, nan?: ArrayLike, posinf?: ArrayLike | null, neginf?: ArrayLike | null): Array {
  const o: NanToNumOptions = isOptions<NanToNumOptions>(copy) ? copy : { nan, posinf, neginf };
  const a = promoteArgs("nan_to_num", [x])[0]!;
  if (!isFloat(a.dtype)) return a;
  const t = { dtype: a.dtype, weakType: a.weakType };
  const fill = (v: ArrayLike): Array => broadcastTo(convertTo(v, t), a.shape, "nan_to_num");
  const big = finfoMax(a.dtype);
  let out = lax.select(lax.ne(a, a), fill(o.nan ?? 0), a);
  out = lax.select(lax.eq(out, Infinity), fill(o.posinf ?? big), out);
  return lax.select(lax.eq(out, -Infinity), fill(o.neginf ?? -big), out);
}
