// Samplers of jax.random over raw keys, each following JAX's algorithm so that the same key gives
// the same values as JAX: uniform fills a float's mantissa with random bits, normal is
// sqrt(2) * erfinv(uniform(-1, 1)), categorical uses the Gumbel-max trick, permutation sorts by
// random 32-bit keys, randint reduces 64 random bits modulo the span.
import { kwargs } from "../numpy/options.js";
import type { RandomKw } from "./keywords.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";
import { Array, ArrayLike } from "../core/array.js";
import type { DType } from "../../jaxpr/index.js";
import { defaultFloatDType, isFloat, isFloat8, isInteger, isNarrow, maxValue, minValue } from "../../jaxpr/index.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { ValueError } from "../core/errors.js";
import { tryBroadcastShapes } from "../numpy/promote.js";
import { randomBits32, randomBits64, randomBitsNarrow, split } from "./prng.js";
import { fma32, round32 } from "../lax/xlaMath.js";

type FloatDType = "float32" | "float64";

const shapeStr = (s: readonly number[]): string => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export function floatDType(name: string, dtype: DType | undefined): FloatDType {
  const d = dtype ?? defaultFloatDType();
  // float16/bfloat16 are drawn by uniform and gumbel only; the other samplers' float32 formulas are not narrowed yet.
  if (d === "float16" || d === "bfloat16") throw new TypeError(`\`${name}\` does not support dtype ${d} in dprog (uniform, gumbel, randint and bits do); draw in float32 and convert with astype.`);
  if (isFloat8(d)) throw new TypeError(`\`${name}\` does not support dtype ${d} in dprog; draw in float32 and convert with astype.`);
  if (d !== "float32" && d !== "float64") throw new ValueError(`dtype argument to \`${name}\` must be a float dtype, got ${d}`);
  return d;
}

export function checkShape(name: string, shape: readonly number[], ...paramShapes: (readonly number[])[]): void {
  for (const d of shape) if (!Number.isInteger(d) || d < 0) throw new TypeError(`${name}: shape must contain nonnegative integers, got ${shapeStr(shape)}`);
  if (paramShapes.length === 0) return;
  const b = tryBroadcastShapes([shape, ...paramShapes]);
  // lax.broadcast_shapes' error, which JAX's samplers surface as is.
  if (b === null) throw new ValueError(`Incompatible shapes for broadcasting: shapes=[${[shape, ...paramShapes].map(shapeStr).join(", ")}]`);
  if (!sameShape(b, shape)) {
    throw new ValueError(`${name} parameter shapes must be broadcast-compatible with shape argument, and the result of broadcasting the shapes must equal the shape argument, but got result ${shapeStr(b)} for shape argument ${shapeStr(shape)}.`);
  }
}

/** A parameter as an array of `dtype` (not weakly typed), broadcast to `shape`. */
export function param(x: ArrayLike, dtype: DType, shape: readonly number[]): Array {
  const a = x instanceof Array ? (x.dtype === dtype ? x : lax.convertElementType(x, dtype)) : np.array(x as number, { dtype });
  return sameShape(a.shape, shape) ? a : np.broadcastTo(a, shape);
}

const scalar = (v: number, dtype: DType): Array => np.array(v, { dtype });

/** Floats in [0, 1) from random bits: the mantissa is filled, the exponent set to that of 1. */
function unitFloats(key: ArrayLike, shape: readonly number[], dtype: FloatDType, name: string): Array {
  if (dtype === "float32") {
    const bits = randomBits32(key, shape, name);
    const mantissa = lax.bitwiseOr(lax.shiftRightLogical(bits, 32 - 23), 0x3f800000);
    return lax.sub(lax.bitcastConvertType(mantissa, "float32"), 1);
  }
  // float64 needs 64 bits: the top 52 form the mantissa m, and bitcast(1.m) - 1 is exactly
  // m * 2^-52, which is computed here from the two words without a 64-bit integer type.
  const [hi, lo] = randomBits64(key, shape, name);
  const m = lax.add(lax.mul(lax.convertElementType(hi, "float64"), 2 ** 20), lax.convertElementType(lax.shiftRightLogical(lo, 12), "float64"));
  return lax.mul(m, 2 ** -52);
}

/** `jax.random.uniform`'s keywords after the shape. */
export interface UniformOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
  /** Lower bound, inclusive (default 0; broadcast to the shape). */
  minval?: ArrayLike;
  /** Upper bound, exclusive (default 1; broadcast to the shape). */
  maxval?: ArrayLike;
}

/**
 * `random.uniform(key, shape?, dtype?, minval = 0, maxval = 1)` (jax.random.uniform): samples uniform in [minval, maxval) of `shape` and float `dtype`.
 *
 * @example
 * ```ts
 * random.uniform(random.key(0), [3]); // Array([0.947667  , 0.9785799 , 0.33229148], dtype=float32)
 * random.uniform(random.key(0), [2], { minval: -1, maxval: 1 }); // Array([0.895334  , 0.95715976], dtype=float32)
 * ```
 */
export function uniform(
  key: ArrayLike,
  shape?: readonly number[] | RandomKw<UniformOptions>,
  dtype?: DTypeLike | null | RandomKw<UniformOptions>,
  minval?: ArrayLike | RandomKw<UniformOptions>,
  maxval?: ArrayLike | RandomKw<UniformOptions>,
  opts?: RandomKw<UniformOptions>,
): Array {
  const { shape: s, ...o } = kwargs<RandomKw<UniformOptions>>("uniform", ["shape", "dtype", "minval", "maxval"], [shape, dtype, minval, maxval, opts]);
  return uniformImpl(key, s ?? [], o as UniformOptions);
}
/**
 * float16 and bfloat16 uniforms as JAX draws them (jax/_src/random/core.py _uniform): 16 random
 * bits (8 for bfloat16, whose 7 mantissa bits are fewer than 8) fill the mantissa of a float in
 * [1, 2), minus 1, i.e. m * 2^-nmant; then scaled and shifted in the narrow dtype, rounding per operation.
 */
function narrowUniform(key: ArrayLike, shape: readonly number[], dtype: "float16" | "bfloat16", minval: ArrayLike, maxval: ArrayLike): Array {
  checkShape("uniform", shape, np.shape(minval), np.shape(maxval));
  const lo = param(minval, dtype, shape);
  const hi = param(maxval, dtype, shape);
  const nmant = dtype === "float16" ? 10 : 7;
  const width = dtype === "float16" ? 16 : 8;
  const mantissa = lax.shiftRightLogical(lax.convertElementType(randomBitsNarrow(key, shape, width, "uniform"), "uint32"), width - nmant);
  const floats = lax.mul(lax.convertElementType(mantissa, dtype), scalar(2 ** -nmant, dtype));
  return lax.max(lo, lax.add(lax.mul(floats, lax.sub(hi, lo)), lo));
}

function uniformImpl(key: ArrayLike, shape: readonly number[] = [], opts: UniformOptions = {}): Array {
  if (opts.dtype === "float16" || opts.dtype === "bfloat16") return narrowUniform(key, shape, opts.dtype, opts.minval ?? 0, opts.maxval ?? 1);
  const dtype = floatDType("uniform", opts.dtype);
  const minval = opts.minval ?? 0;
  const maxval = opts.maxval ?? 1;
  checkShape("uniform", shape, np.shape(minval), np.shape(maxval));
  const lo = param(minval, dtype, shape);
  const hi = param(maxval, dtype, shape);
  const floats = unitFloats(key, shape, dtype, "uniform");
  // As JAX: scale and shift, then keep rounding from going below minval. XLA's CPU code fuses the
  // multiply-add into one FMA, so float32 rounds once (fma32), as under dprog's jit.
  if (dtype === "float32") return lax.max(lo, fma32(floats, round32(lax.sub(hi, lo)), lo));
  return lax.max(lo, lax.add(lax.mul(floats, lax.sub(hi, lo)), lo));
}

/**
 * `random.normal(key, shape?, dtype?)` (jax.random.normal): standard normal samples, sqrt(2) * erfinv(u) with u uniform in (-1, 1).
 *
 * @example
 * ```ts
 * random.normal(random.key(0), [3]); // Array([ 1.6226422 ,  2.0252647 , -0.43359444], dtype=float32)
 * ```
 */
export function normal(key: ArrayLike, shape?: readonly number[] | RandomKw<{ dtype?: DType }>, dtype?: DTypeLike | null | RandomKw<{ dtype?: DType }>, opts?: RandomKw<{ dtype?: DType }>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<{ dtype?: DType }>>("normal", ["shape", "dtype"], [shape, dtype, opts]);
  return normalImpl(key, s ?? [], o as { dtype?: DType });
}
function normalImpl(key: ArrayLike, shape: readonly number[] = [], opts: { dtype?: DType } = {}): Array {
  const dtype = floatDType("normal", opts.dtype);
  checkShape("normal", shape);
  // The float just above -1, so that erfinv stays finite.
  const above = dtype === "float32" ? -(1 - 2 ** -24) : -(1 - 2 ** -53);
  const u = uniform(key, shape, { dtype, minval: above, maxval: 1 });
  const out = lax.mul(scalar(Math.SQRT2, dtype), lax.erfInv(u));
  // Rounded here so that a jitted consumer fused with this op starts from the float32 value.
  return dtype === "float32" ? round32(out) : out;
}

/** The next representable float after `x` towards +inf (`up`) or -inf, elementwise. */
function nextAfter(x: Array, up: boolean): Array {
  const d = x.dtype as FloatDType;
  const mant = d === "float32" ? 23 : 52;
  const minNormal = d === "float32" ? 2 ** -126 : 2 ** -1022;
  const minSub = d === "float32" ? 2 ** -149 : 2 ** -1074;
  const maxFinite = d === "float32" ? (2 - 2 ** -23) * 2 ** 127 : Number.MAX_VALUE;
  const c = (v: number): Array => lax.broadcastInDim(scalar(v, d), x.shape, []);
  const dir = up ? 1 : -1;
  // For normal x, adding 0.625 ulp(x) rounds to the neighbour on either side (0.625 of the
  // binade's spacing is between half and one and a half spacings of both adjacent binades).
  const step = lax.mul(lax.abs(x), c(dir * 0.625 * 2 ** -mant));
  const normalNext = lax.add(x, step);
  const subnormalNext = lax.add(x, c(dir * minSub));
  const next = lax.select(lax.lt(lax.abs(x), c(minNormal)), subnormalNext, normalNext);
  // Infinities: moving inwards gives the largest finite float; outwards stays infinite.
  const inward = lax.eq(x, c(up ? -Infinity : Infinity));
  return lax.select(inward, c(up ? -maxFinite : maxFinite), lax.select(lax.isFinite(x), next, x));
}

/**
 * `random.truncatedNormal(key, lower, upper, shape?, dtype?)` (jax.random.truncated_normal): normal samples truncated to (lower, upper), erfinv of a uniform between erf(lower / sqrt 2)
 * and erf(upper / sqrt 2), clipped into the open interval.
 *
 * @example
 * ```ts
 * random.truncatedNormal(random.key(0), -1, 1, [3]); // Array([ 0.8618594,  0.9412883, -0.2910484], dtype=float32)
 * ```
 */
export function truncatedNormal(key: ArrayLike, lower: ArrayLike, upper: ArrayLike, shape?: readonly number[] | RandomKw<{ dtype?: DType }>, dtype?: DTypeLike | null | RandomKw<{ dtype?: DType }>, opts?: RandomKw<{ dtype?: DType }>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<{ dtype?: DType }>>("truncatedNormal", ["shape", "dtype"], [shape, dtype, opts]);
  return truncatedNormalImpl(key, lower, upper, s ?? undefined, o as { dtype?: DType });
}
function truncatedNormalImpl(key: ArrayLike, lower: ArrayLike, upper: ArrayLike, shape?: readonly number[], opts: { dtype?: DType } = {}): Array {
  const dtype = floatDType("truncated_normal", opts.dtype);
  const outShape = shape ?? np.broadcastShapes(np.shape(lower), np.shape(upper));
  checkShape("truncated_normal", outShape, np.shape(lower), np.shape(upper));
  const sqrt2 = scalar(Math.SQRT2, dtype);
  const lo = param(lower, dtype, outShape);
  const hi = param(upper, dtype, outShape);
  const a = lax.erf(lax.div(lo, lax.broadcastInDim(sqrt2, outShape, [])));
  const b = lax.erf(lax.div(hi, lax.broadcastInDim(sqrt2, outShape, [])));
  const u = uniform(key, outShape, { dtype, minval: a, maxval: b });
  const out = lax.mul(sqrt2, lax.erfInv(u));
  return lax.clamp(nextAfter(lax.stopGradient(lo), true), out, nextAfter(lax.stopGradient(hi), false));
}

/** `jax.random.bernoulli`'s keywords. */
export interface BernoulliOptions {
  /**
   * "low" (default): `uniform < p`, resolution 2^-23 for float32. "high": `u2 2^-nmant < p - u1`
   * with two uniforms drawn as one [2, ...shape] array, so small p keep their resolution.
   */
  mode?: "low" | "high";
}

/**
 * Boolean samples that are true with probability `p` (a float; default 0.5), as
 * `jax.random.bernoulli`.
 *
 * @example
 * random.bernoulli(random.key(0), 0.3, [4], { mode: "high" }); // Array([False, False, False, False], dtype=bool)
 */
export function bernoulli(key: ArrayLike, p: ArrayLike = 0.5, shape?: readonly number[] | null | RandomKw<BernoulliOptions>, mode?: "low" | "high" | RandomKw<BernoulliOptions>, opts?: RandomKw<BernoulliOptions>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<BernoulliOptions>>("bernoulli", ["shape", "mode"], [shape, mode, opts]);
  return bernoulliImpl(key, p, s ?? undefined, o as BernoulliOptions);
}
function bernoulliImpl(key: ArrayLike, p: ArrayLike = 0.5, shape?: readonly number[] | null, opts: BernoulliOptions = {}): Array {
  const mode = opts.mode ?? "low";
  if (mode !== "low" && mode !== "high") throw new ValueError(`got mode='${String(mode)}', expected 'high' or 'low'`);
  const pArr = p instanceof Array ? p : np.array(p as number, { dtype: defaultFloatDType() });
  // JAX: jnp.issubdtype(p.dtype, np.floating), float16 and bfloat16 included.
  if (!isFloat(pArr.dtype)) throw new TypeError(`bernoulli probability \`p\` must have a floating dtype, got ${pArr.dtype}.`);
  const outShape = shape ?? pArr.shape;
  checkShape("bernoulli", outShape, pArr.shape);
  const pb = param(pArr, pArr.dtype, outShape);
  if (mode === "low") return lax.lt(uniform(key, outShape, { dtype: pArr.dtype }), pb);
  const both = uniform(key, [2, ...outShape], { dtype: pArr.dtype });
  const half = (i: number): Array => lax.reshape(lax.sliceInDim(both, i, i + 1, 1, 0), [...outShape]);
  const nmant = pArr.dtype === "float32" ? 23 : 52;
  const u2 = lax.mul(half(1), lax.broadcastInDim(scalar(2 ** -nmant, pArr.dtype), outShape, []));
  return lax.lt(u2, lax.sub(pb, half(0)));
}

const INT_RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1] } as const;

/**
 * An integer bound as `dtype`, clipped to its range rather than wrapped; also whether the bound
 * exceeded the range's top (JAX then widens the span by one so that the top can be drawn).
 */
function intBound(x: ArrayLike, dtype: "int32" | "uint32", shape: readonly number[]): [Array, Array] {
  const [lo, hi] = INT_RANGE[dtype];
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw new TypeError(`randint bounds must be finite, got ${x}`);
    const v = Math.trunc(x);
    return [param(Math.min(hi, Math.max(lo, v)), dtype, shape), param(v > hi, "bool", shape)];
  }
  if (!(x instanceof Array)) throw new TypeError(`randint bounds must be numbers or arrays, got ${String(x)}`);
  let a = x;
  if (isFloat(a.dtype)) a = lax.convertElementType(lax.round(a, 0), "int32");
  if (a.dtype === "bool") a = lax.convertElementType(a, "int32");
  let over = lax.broadcastInDim(np.array(false), a.shape, []);
  if (a.dtype !== dtype) {
    if (a.dtype === "int32") {
      a = lax.max(a, 0); // int32 -> uint32: negatives clip to 0, everything else fits
    } else {
      over = lax.gt(a, 2 ** 31 - 1); // uint32 -> int32
      a = lax.min(a, 2 ** 31 - 1);
    }
    a = lax.convertElementType(a, dtype);
  }
  return [param(a, dtype, shape), param(over, "bool", shape)];
}

/**
 * `random.randint(key, shape, minval, maxval, dtype = int32)` (jax.random.randint): integers uniform in [minval, maxval).
 *
 * @example
 * ```ts
 * random.randint(random.key(0), [5], 0, 10); // Array([9, 0, 2, 3, 1], dtype=int32)
 * ```
 */
export function randint(key: ArrayLike, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype?: DTypeLike | null | { dtype?: DTypeLike | null }, opts?: { dtype?: DTypeLike | null }): Array {
  return randintImpl(key, shape, minval, maxval, kwargs<{ dtype?: DType }>("randint", ["dtype"], [dtype, opts]).dtype ?? "int32");
}
function randintImpl(key: ArrayLike, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: DType): Array {
  if (isNarrow(dtype) && isInteger(dtype)) return narrowRandint(key, shape, minval, maxval, dtype);
  if (dtype !== "int32" && dtype !== "uint32") throw new TypeError(`randint only accepts integer dtypes, got ${dtype}`);
  checkShape("randint", shape, np.shape(minval), np.shape(maxval));
  const [lo, maxOver] = [intBound(minval, dtype, shape)[0], intBound(maxval, dtype, shape)];
  const [hi, outOfRange] = maxOver;
  const [k1, k2] = splitPair(key);
  const higher = randomBits32(k1, shape, "randint");
  const lower = randomBits32(k2, shape, "randint");
  const u = (v: number): Array => lax.broadcastInDim(scalar(v, "uint32"), shape, []);
  let span = lax.convertElementType(lax.sub(hi, lo), "uint32");
  // An empty or inverted range always returns minval.
  span = lax.select(lax.le(hi, lo), u(1), span);
  span = lax.select(lax.bitwiseAnd(outOfRange, lax.gt(hi, lo)), lax.add(span, u(1)), span);
  // (higher * 2^32 + lower) mod span, via 2^32 mod span = (2^16 mod span)^2 mod span.
  let multiplier = lax.rem(u(2 ** 16), span);
  multiplier = lax.rem(lax.mul(multiplier, multiplier), span);
  let offset = lax.add(lax.mul(lax.rem(higher, span), multiplier), lax.rem(lower, span));
  offset = lax.rem(offset, span);
  return lax.add(lo, lax.convertElementType(offset, dtype));
}

/**
 * 8- and 16-bit randint, as JAX (jax/_src/random/core.py randint): drawn in int32 between the
 * bounds clipped to [min, max + 1] of the dtype, then converted, to keep the modulo bias small.
 */
function narrowRandint(key: ArrayLike, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: DType): Array {
  const lo = minValue(dtype);
  const hi = maxValue(dtype);
  const bound = (x: ArrayLike, top: number): ArrayLike => {
    if (typeof x === "number") return Math.min(top, Math.max(lo, Math.trunc(x)));
    const a = x instanceof Array ? x : np.array(x as never);
    return lax.clamp(lo, lax.convertElementType(a, "int32"), top);
  };
  return lax.convertElementType(randintImpl(key, shape, bound(minval, hi), bound(maxval, hi + 1), "int32"), dtype);
}

/** JAX's internal `_split(key)` into two keys. */
function splitPair(key: ArrayLike): [Array, Array] {
  const ks = split(key, 2);
  const row = (i: number): Array => lax.reshape(lax.sliceInDim(ks, i, i + 1, 1, 0), [2]);
  return [row(0), row(1)];
}

/**
 * `random.gumbel(key, shape?, dtype?)` (jax.random.gumbel): standard Gumbel samples, -log(-log(u)) with u uniform in [tiny, 1).
 *
 * @example
 * ```ts
 * random.gumbel(random.key(0), [3]); // Array([ 2.9233725 ,  3.8326175 , -0.09689324], dtype=float32)
 * ```
 */
export function gumbel(key: ArrayLike, shape?: readonly number[] | RandomKw<{ dtype?: DType }>, dtype?: DTypeLike | null | RandomKw<{ dtype?: DType }>, opts?: RandomKw<{ dtype?: DType }>): Array {
  const { shape: s, ...o } = kwargs<RandomKw<{ dtype?: DType }>>("gumbel", ["shape", "dtype"], [shape, dtype, opts]);
  return gumbelImpl(key, s ?? [], o as { dtype?: DType });
}
function gumbelImpl(key: ArrayLike, shape: readonly number[] = [], opts: { dtype?: DType } = {}): Array {
  // float16/bfloat16 too (categorical draws gumbel in its logits' dtype): -log(-log(u)) on JAX's
  // narrow uniform, computed in the narrow dtype as jax/_src/random/core.py _gumbel's default mode.
  const d = opts.dtype;
  const dtype = d === "float16" || d === "bfloat16" ? d : floatDType("gumbel", d);
  checkShape("gumbel", shape);
  return lax.neg(lax.log(lax.neg(lax.log(uniform(key, shape, { dtype, minval: np.finfo(dtype).tiny, maxval: 1 })))));
}

/** `jax.random.categorical`'s keywords. */
export interface CategoricalOptions {
  /** The axis of `logits` that indexes the categories (default -1). */
  axis?: number;
  /** The sample shape; must broadcast with the batch shape of `logits` (without `axis`). */
  shape?: readonly number[];
  /** Sample with replacement (default true); false draws distinct categories along the sample. */
  replace?: boolean;
}

/**
 * `random.categorical(key, logits, axis = -1, shape?)` (jax.random.categorical): samples category indices from unnormalized log-probabilities `logits` along `axis`.
 *
 * @example
 * ```ts
 * random.categorical(random.key(0), np.log(np.array([0.1, 0.2, 0.7])), { shape: [6] }); // Array([1, 2, 2, 1, 2, 2], dtype=int32)
 * ```
 */
export function categorical(key: ArrayLike, logits: ArrayLike, axis?: number | CategoricalOptions, shape?: readonly number[] | null | CategoricalOptions, replace?: boolean | CategoricalOptions, opts?: CategoricalOptions): Array {
  const o = kwargs<CategoricalOptions & { shape?: readonly number[] | null }>("categorical", ["axis", "shape", "replace"], [axis, shape, replace, opts]);
  return categoricalImpl(key, logits, { ...o, shape: o.shape ?? undefined });
}
function categoricalImpl(key: ArrayLike, logits: ArrayLike, opts: CategoricalOptions = {}): Array {
  const l = logits instanceof Array ? logits : np.array(logits as number);
  if (!isFloat(l.dtype)) throw new TypeError(`categorical logits must be floating, got ${l.dtype}`);
  if (l.ndim === 0) throw new ValueError("categorical logits must have at least one dimension");
  const nd = l.ndim;
  let axis = opts.axis ?? -1;
  if (axis < -nd || axis >= nd) throw new ValueError(`axis ${axis} is out of bounds for array of dimension ${nd}`);
  const posAxis = axis < 0 ? axis + nd : axis;
  const batchShape = l.shape.filter((_, i) => i !== posAxis);
  const shape = opts.shape ? [...opts.shape] : batchShape;
  checkShape("categorical", shape, batchShape);
  const prefix = shape.slice(0, shape.length - batchShape.length);
  if (opts.replace ?? true) {
    axis = posAxis - nd;
    const logitsShape = shape.slice(shape.length - batchShape.length);
    logitsShape.splice(posAxis, 0, l.shape[posAxis]!);
    const g = gumbel(key, [...prefix, ...logitsShape], { dtype: l.dtype });
    const expanded = lax.expandDims(l, prefix.map((_, i) => i));
    return np.argmax(np.add(g, expanded), axis);
  }
  // Without replacement: the Gumbel top-k trick, k = prod(prefix) draws per batch element.
  const k = prefix.reduce((a, b) => a * b, 1);
  const n = l.shape[posAxis]!;
  if (k > n) throw new ValueError(`Number of samples without replacement (${k}) cannot exceed number of categories (${n}).`);
  const perturbed = lax.add(l, gumbel(key, l.shape, { dtype: l.dtype }));
  const top = topKIndices(np.moveaxis(perturbed, posAxis, -1), k); // batch + [k]
  const b = batchShape.length;
  const moved = lax.transpose(top, [b, ...batchShape.map((_, i) => i)]);
  return lax.reshape(moved, shape);
}

/** Indices of the `k` largest entries along the last axis, largest first, ties by position (as lax.top_k). */
function topKIndices(x: Array, k: number): Array {
  const order = np.argsort(lax.neg(x), -1, { stable: true });
  return lax.sliceInDim(order, 0, k, 1, x.ndim - 1);
}

/** Gathers `indices` (any shape) along `axis` of `x`, as jnp.take. */
function take(x: Array, indices: Array, axis: number): Array {
  const items: (string | Array)[] = [];
  for (let i = 0; i < axis; i++) items.push(":");
  items.push(indices);
  return x.get(...items);
}

/** Shuffles `x` along `axis` by sorting on random 32-bit keys, repeated to make collisions negligible. */
function shuffle(key: ArrayLike, x: Array, axis: number): Array {
  const uint32max = 2 ** 32 - 1;
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(uint32max));
  let k = key as Array;
  let out = x;
  for (let i = 0; i < rounds; i++) {
    const [next, sub] = splitPair(k);
    k = next;
    const sortKeys = randomBits32(sub, out.shape, "permutation");
    out = lax.sortKeyVal(sortKeys, out, axis)[1];
  }
  return out;
}

/**
 * `random.permutation(key, x, axis = 0, independent = false)` (jax.random.permutation): a random permutation of `arange(x)` (integer x) or of `x`'s entries along `axis`.
 *
 * @example
 * ```ts
 * random.permutation(random.key(0), 5); // Array([0, 1, 4, 3, 2], dtype=int32)
 * random.permutation(random.key(1), np.array([[1, 2], [3, 4], [5, 6]])); // Array([[5., 6.], [1., 2.], [3., 4.]], dtype=float32)
 * ```
 */
export function permutation(key: ArrayLike, x: ArrayLike, axis?: number | { axis?: number; independent?: boolean }, independent?: boolean | { axis?: number; independent?: boolean }, opts?: { axis?: number; independent?: boolean }): Array {
  return permutationImpl(key, x, kwargs<{ axis?: number; independent?: boolean }>("permutation", ["axis", "independent"], [axis, independent, opts]));
}
function permutationImpl(key: ArrayLike, x: ArrayLike, opts: { axis?: number; independent?: boolean } = {}): Array {
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw new TypeError("x must be an integer or at least 1-dimensional");
    return shuffle(key, np.arange(x, undefined, 1, { dtype: "int32" }), 0);
  }
  if (!(x instanceof Array)) throw new TypeError("x must be an integer or at least 1-dimensional");
  if (x.ndim === 0) throw new TypeError("x must be an integer or at least 1-dimensional");
  const nd = x.ndim;
  const axis = opts.axis ?? 0;
  if (axis < -nd || axis >= nd) throw new ValueError(`axis ${axis} is out of bounds for array of dimension ${nd}`);
  const a = axis < 0 ? axis + nd : axis;
  if (opts.independent || nd === 1) return shuffle(key, x, a);
  const ind = shuffle(key, np.arange(x.shape[a]!, undefined, 1, { dtype: "int32" }), 0);
  return take(x, ind, a);
}

/** `jax.random.choice`'s keywords after the shape. */
export interface ChoiceOptions {
  /** Sample with replacement (default true). */
  replace?: boolean;
  /** The probability of each entry (default uniform). */
  p?: Array | readonly number[];
  /** The axis of `a` to choose along (default 0). */
  axis?: number;
}

/**
 * `random.choice(key, a, shape = [], replace = true, p?, axis = 0)` (jax.random.choice): samples `shape` entries of `a` (or of arange(a) for an integer), optionally weighted by `p`.
 *
 * @example
 * ```ts
 * random.choice(random.key(0), 5, [3]); // Array([4, 0, 2], dtype=int32)
 * random.choice(random.key(0), np.array([10, 20, 30]), [4], { p: np.array([0.1, 0.1, 0.8]) }); // Array([10., 10., 30., 30.], dtype=float32)
 * ```
 */
export function choice(
  key: ArrayLike,
  a: ArrayLike,
  shape?: readonly number[] | RandomKw<ChoiceOptions>,
  replace?: boolean | RandomKw<ChoiceOptions>,
  p?: Array | readonly number[] | null | RandomKw<ChoiceOptions>,
  axis?: number | RandomKw<ChoiceOptions>,
  opts?: RandomKw<ChoiceOptions>,
): Array {
  const { shape: s, ...o } = kwargs<RandomKw<ChoiceOptions>>("choice", ["shape", "replace", "p", "axis"], [shape, replace, p === null ? undefined : p, axis, opts]);
  return choiceImpl(key, a, s ?? [], o as ChoiceOptions);
}
function choiceImpl(key: ArrayLike, a: ArrayLike, shape: readonly number[] = [], opts: ChoiceOptions = {}): Array {
  const replace = opts.replace ?? true;
  const arr = a instanceof Array ? a : np.array(a as number, { dtype: "int32" });
  if (typeof a === "number" && !Number.isInteger(a)) throw new TypeError(`choice: a must be an integer or an array, got ${a}`);
  let axis = opts.axis ?? 0;
  let nInputs: number;
  if (arr.ndim === 0) {
    if (!(typeof a === "number")) throw new TypeError("choice: a must be an integer or an array with at least one dimension");
    nInputs = a;
  } else {
    if (axis < -arr.ndim || axis >= arr.ndim) throw new ValueError(`axis ${axis} is out of bounds for array of dimension ${arr.ndim}`);
    axis = axis < 0 ? axis + arr.ndim : axis;
    nInputs = arr.shape[axis]!;
  }
  checkShape("choice", shape);
  const nDraws = shape.reduce((x, y) => x * y, 1);
  const finalShape = arr.ndim === 0 ? [...shape] : [...arr.shape.slice(0, axis), ...shape, ...arr.shape.slice(axis + 1)];
  if (nDraws === 0) return np.zeros(finalShape, { dtype: arr.dtype });
  if (nInputs <= 0) throw new ValueError("a must be greater than 0 unless no samples are taken");
  if (!replace && nDraws > nInputs) throw new ValueError(`Cannot take a larger sample (size ${nDraws}) than population (size ${nInputs}) when 'replace=False'`);
  let result: Array;
  if (opts.p === undefined) {
    if (replace) {
      const ind = randint(key, shape, 0, nInputs);
      result = arr.ndim === 0 ? ind : take(arr, ind, axis);
    } else {
      const perm = permutation(key, arr.ndim === 0 ? nInputs : arr, { axis });
      result = lax.sliceInDim(perm, 0, nDraws, 1, arr.ndim === 0 ? 0 : axis);
    }
  } else {
    let p = opts.p instanceof Array ? opts.p : np.array([...opts.p]);
    if (p.dtype !== "float32" && p.dtype !== "float64") p = lax.convertElementType(p, "float32");
    if (!sameShape(p.shape, [nInputs])) {
      throw new ValueError(`p must be None or a 1D vector with the same size as a.shape[axis]. p has shape ${shapeStr(p.shape)} and a.shape[axis] is ${nInputs}.`);
    }
    let ind: Array;
    if (replace) {
      const cumulative = np.cumsum(p);
      const total = lax.sliceInDim(cumulative, nInputs - 1, nInputs);
      const r = np.multiply(lax.reshape(total, []), np.subtract(1, uniform(key, shape, { dtype: p.dtype })));
      ind = np.searchsorted(cumulative, r);
    } else {
      const g = lax.add(gumbel(key, [nInputs], { dtype: p.dtype }), lax.log(p));
      ind = topKIndices(g, nDraws);
    }
    result = arr.ndim === 0 ? ind : take(arr, ind, axis);
  }
  return lax.reshape(result, finalShape);
}
