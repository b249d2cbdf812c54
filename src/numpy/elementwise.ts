// numpy's elementwise functions: promote operands (JAX's lattice), broadcast, bind the primitive.
import { kwargs } from "./options.js";
import { isComplex, isFloat, isInteger, isUnsigned } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { promoteArgs, promoteArgsInexact, resultType, broadcastShapes, broadcastShapesOrValueError, convertTo } from "./promote.js";

type Binary = (x: ArrayLike, y: ArrayLike) => Array;
type Unary = (x: ArrayLike) => Array;

const one = (name: string, x: ArrayLike): Array => promoteArgs(name, [x])[0]!;
const oneInexact = (name: string, x: ArrayLike): Array => promoteArgsInexact(name, [x])[0]!;

export const add: Binary = (x, y) => {
  const [a, b] = promoteArgs("add", [x, y]);
  return a!.dtype === "bool" ? lax.bitwiseOr(a!, b!) : lax.add(a!, b!);
};
export const subtract: Binary = (x, y) => {
  const [a, b] = promoteArgs("subtract", [x, y]);
  if (a!.dtype === "bool") {
    throw new TypeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.");
  }
  return lax.sub(a!, b!);
};
export const multiply: Binary = (x, y) => {
  const [a, b] = promoteArgs("multiply", [x, y]);
  return a!.dtype === "bool" ? lax.bitwiseAnd(a!, b!) : lax.mul(a!, b!);
};
/** True division: integer operands give float32. */
export const divide: Binary = (x, y) => {
  const [a, b] = promoteArgsInexact("true_divide", [x, y]);
  return lax.div(a!, b!);
};
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

/** jnp.floor_divide: bool computes in int32; ints round towards -inf (x // 0 follows XLA's x / 0 = -1); floats use CPython's divmod. */
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

/** numpy's remainder: the result takes the sign of the divisor; an integer x % 0 is 0 (jnp replaces a zero divisor by 1). */
export const remainder: Binary = (x, y) => {
  const [a, b0] = promoteArgsNumeric("remainder", [x, y]);
  let b = b0!;
  if (isInteger(b.dtype)) b = lax.add(b, lax.convertElementType(lax.eq(b, 0), b.dtype, b.weakType));
  const r = lax.rem(a!, b);
  const fix = lax.bitwiseAnd(lax.ne(r, 0), lax.ne(lax.lt(r, 0), lax.lt(b, 0)));
  return lax.select(fix, lax.add(r, b), r);
};
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
 * np.power. A JS integer exponent uses integer_pow (exact by repeated multiplication, bool
 * base computes in int32), as jnp does for a concrete integer exponent; integer arrays use
 * binary exponentiation that wraps like int32 multiplication; otherwise pow on floats.
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
export const pow = power;

export const maximum: Binary = (x, y) => {
  const [a, b] = promoteArgs("maximum", [x, y]);
  return lax.max(a!, b!);
};
export const minimum: Binary = (x, y) => {
  const [a, b] = promoteArgs("minimum", [x, y]);
  return lax.min(a!, b!);
};
export const arctan2: Binary = (y, x) => {
  const [a, b] = promoteArgsInexact("arctan2", [y, x]);
  return lax.atan2(a!, b!);
};
/** sqrt(x^2 + y^2) without overflow (jnp.hypot's scaling); inf wherever either operand is infinite. */
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
export const equal = comparison("equal", lax.eq);
export const notEqual = comparison("not_equal", lax.ne);
export const less = comparison("less", lax.lt);
export const lessEqual = comparison("less_equal", lax.le);
export const greater = comparison("greater", lax.gt);
export const greaterEqual = comparison("greater_equal", lax.ge);

const bitwise =
  (name: string, f: (a: Array, b: Array) => Array): Binary =>
  (x, y) => {
    const [a, b] = promoteArgs(name, [x, y]);
    if (isFloat(a!.dtype)) throw new TypeError(`${name} does not accept dtype ${a!.dtype}. Accepted dtypes are subtypes of integer, bool.`);
    return f(a!, b!);
  };
export const bitwiseAnd = bitwise("bitwise_and", lax.bitwiseAnd);
export const bitwiseOr = bitwise("bitwise_or", lax.bitwiseOr);
export const bitwiseXor = bitwise("bitwise_xor", lax.bitwiseXor);
export const bitwiseNot: Unary = (x) => lax.bitwiseNot(one("bitwise_not", x));
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
export const logicalAnd = logical("logical_and", lax.bitwiseAnd);
export const logicalOr = logical("logical_or", lax.bitwiseOr);
export const logicalXor = logical("logical_xor", lax.bitwiseXor);
export const logicalNot: Unary = (x) => lax.bitwiseNot(asBool(x));

export const negative: Unary = (x) => {
  const a = one("negative", x);
  if (a.dtype === "bool") throw new TypeError("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.");
  return lax.neg(a);
};
export const positive: Unary = (x) => one("positive", x);
export const absolute: Unary = (x) => {
  const a = one("absolute", x);
  return a.dtype === "bool" || isUnsigned(a.dtype) ? a : lax.abs(a);
};
export const abs = absolute;
export const sign: Unary = (x) => {
  const a = one("sign", x);
  return a.dtype === "bool" ? a : lax.sign(a);
};
/** x * x; bool computes in int32, as jnp.square. */
export const square: Unary = (x) => lax.square(promoteArgsNumeric("square", [x])[0]!);
export const reciprocal: Unary = (x) => lax.integerPow(oneInexact("reciprocal", x), -1);

/** Integer inputs are returned unchanged, as numpy does for floor/ceil/round/trunc. */
const floatRounding =
  (name: string, f: (a: Array) => Array): Unary =>
  (x) => {
    const a = one(name, x);
    return isFloat(a.dtype) ? f(a) : a;
  };
export const floor = floatRounding("floor", lax.floor);
export const ceil = floatRounding("ceil", lax.ceil);
/** np.round(x, decimals): rounds half to even, as numpy. */
export function round(x: ArrayLike, decimals?: number | { decimals?: number }, opts?: { decimals?: number }): Array {
  const d = kwargs<{ decimals?: number }>("round", ["decimals"], [decimals, opts]).decimals ?? 0;
  return roundImpl(x, d);
}
function roundImpl(x: ArrayLike, decimals: number): Array {
  const a = one("round", x);
  if (!isFloat(a.dtype)) return a;
  if (decimals === 0) return lax.round(a, 1);
  const f = 10 ** decimals;
  return lax.div(lax.round(lax.mul(a, f), 1), f);
}
export const around = round;
export const trunc = floatRounding("trunc", (a) => lax.select(lax.lt(a, 0), lax.ceil(a), lax.floor(a)));

const inexact =
  (name: string, f: (a: Array) => Array): Unary =>
  (x) =>
    f(oneInexact(name, x));
export const exp = inexact("exp", lax.exp);
export const exp2 = inexact("exp2", lax.exp2);
export const log = inexact("log", lax.log);
export const log1p = inexact("log1p", lax.log1p);
export const expm1 = inexact("expm1", lax.expm1);
export const log2 = inexact("log2", (a) => lax.div(lax.log(a), Math.LN2));
export const log10 = inexact("log10", (a) => lax.div(lax.log(a), Math.LN10));
export const sqrt = inexact("sqrt", lax.sqrt);
export const rsqrt = inexact("rsqrt", lax.rsqrt);
export const cbrt = inexact("cbrt", lax.cbrt);
export const sin = inexact("sin", lax.sin);
export const cos = inexact("cos", lax.cos);
export const tan = inexact("tan", lax.tan);
export const arcsin = inexact("arcsin", lax.asin);
export const arccos = inexact("arccos", lax.acos);
export const arctan = inexact("arctan", lax.atan);
export const sinh = inexact("sinh", lax.sinh);
export const cosh = inexact("cosh", lax.cosh);
export const tanh = inexact("tanh", lax.tanh);
export const arcsinh = inexact("arcsinh", lax.asinh);
export const arccosh = inexact("arccosh", lax.acosh);
export const arctanh = inexact("arctanh", lax.atanh);
export const sigmoid = inexact("sigmoid", lax.logistic);
export const erf = inexact("erf", lax.erf);
export const deg2rad = inexact("deg2rad", (a) => lax.mul(a, Math.PI / 180));
export const rad2deg = inexact("rad2deg", (a) => lax.mul(a, 180 / Math.PI));
export const radians = deg2rad;
export const degrees = rad2deg;

// Complex: JAX tests both parts (isnan, isinf: either part; isfinite: both parts).
const eitherPart = (a: Array, f: (part: Array) => Array): Array => lax.bitwiseOr(f(lax.real(a)), f(lax.imag(a)));
export const isnan: Unary = (x) => {
  const a = one("isnan", x);
  if (isComplex(a.dtype)) return eitherPart(a, (p) => lax.ne(p, p));
  return isFloat(a.dtype) ? lax.ne(a, a) : lax.broadcastInDim(false, a.shape, []);
};
export const isfinite: Unary = (x) => {
  const a = one("isfinite", x);
  if (isComplex(a.dtype)) return lax.bitwiseAnd(lax.isFinite(lax.real(a)), lax.isFinite(lax.imag(a)));
  return isFloat(a.dtype) ? lax.isFinite(a) : lax.broadcastInDim(true, a.shape, []);
};
export const isinf: Unary = (x) => {
  const a = one("isinf", x);
  if (isComplex(a.dtype)) return eitherPart(a, (p) => lax.eq(lax.abs(p), Infinity));
  return isFloat(a.dtype) ? lax.eq(lax.abs(a), Infinity) : lax.broadcastInDim(false, a.shape, []);
};

/** np.where(condition, x, y). */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): Array {
  const c = asBool(condition);
  const [a, b] = promoteArgs("where", [x, y]);
  const shape = broadcastShapesOrValueError(c.shape, a!.shape, b!.shape);
  const full = (v: Array): Array => (v.ndim === shape.length && v.shape.every((d, i) => d === shape[i]) ? v : lax.broadcastInDim(v, shape, v.shape.map((_, i) => i + shape.length - v.ndim)));
  return lax.selectN(full(c), full(b!), full(a!));
}

/** np.clip(x, min, max); either bound may be null. */
export function clip(x: ArrayLike, min?: ArrayLike | null | ClipOptions, max?: ArrayLike | null | ClipOptions, opts?: ClipOptions): Array {
  const o = kwargs<ClipOptions>("clip", ["min", "max"], [min, max, opts]);
  return clipImpl(x, o.min ?? null, o.max ?? null);
}

/** `jnp.clip`'s keywords: either bound may be null. */
export interface ClipOptions {
  min?: ArrayLike | null;
  max?: ArrayLike | null;
}

function clipImpl(x: ArrayLike, min: ArrayLike | null, max: ArrayLike | null): Array {
  let out = one("clip", x);
  if (min !== null) out = maximum(out, min);
  if (max !== null) out = minimum(out, max);
  return out;
}
