// nn.initializers: jax.nn.initializers (jax/_src/nn/initializers.py). An initializer is
// `(key, shape, dtype?) => Array`; the factories take JAX's positional arguments or their keywords
// as one options object (inAxis, outAxis, batchAxis, dtype, columnAxis ...). Fans follow JAX's
// _compute_fans: every axis not named as input, output or batch is a receptive-field axis of a
// convolution kernel, so a HWIO kernel [3, 3, 16, 32] has fan_in 3*3*16 and fan_out 3*3*32.
import { Array, ArrayLike } from "../core/array.js";
import type { DType } from "../../jaxpr/index.js";
import { defaultFloatDType } from "../../jaxpr/index.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { kwargs } from "../numpy/options.js";
import { dtype as dtypeName } from "../numpy/dtypeLike.js";
import type { DTypeLike } from "../numpy/dtypeLike.js";
import { ValueError } from "../core/errors.js";
import { orthonormalColumns } from "./orthonormal.js";

/** jax.nn.initializers.Initializer: makes an array of `shape` (default dtype float32) from a PRNG key. */
export type Initializer = (key: ArrayLike, shape: readonly number[], dtype?: DTypeLike | null) => Array;

/** One axis or several (JAX's `int | Sequence[int]`). */
export type Axes = number | readonly number[];

/** The fan keywords of varianceScaling and its specializations (glorot, he, lecun ...). */
export interface FanOptions {
  /** Input-dimension axis or axes of the weights; -2 by default. */
  inAxis?: Axes;
  /** Output-dimension axis or axes; -1 by default. */
  outAxis?: Axes;
  /** Axes ignored by the fan computation; none by default. */
  batchAxis?: Axes;
  /** The initializer's default dtype. */
  dtype?: DTypeLike | null;
}

/** Which fan scales the variance: inputs, outputs, their mean, or their geometric mean (`jax.nn.initializers.variance_scaling`'s mode). */
export type VarianceScalingMode = "fan_in" | "fan_out" | "fan_avg" | "fan_geo_avg";
/** The distribution drawn from, with the scaled variance (`variance_scaling`'s distribution). */
export type VarianceScalingDistribution = "truncated_normal" | "normal" | "uniform";

/** The keywords of orthogonal and deltaOrthogonal. */
export interface OrthogonalOptions {
  /** Multiplies the orthonormal matrix (default 1). */
  scale?: number;
  /** The axis whose vectors are orthonormal; -1 by default. */
  columnAxis?: number;
  /** The dtype of the result (default float32). */
  dtype?: DTypeLike | null;
}

/** The standard deviation of a standard normal truncated to (-2, 2) (JAX's constant). */
const TRUNCATED_STDDEV = 0.87962566103423978;

const resolveDtype = (dtype: DTypeLike | null | undefined, fallback: DType | undefined): DType => (dtype === undefined || dtype === null ? fallback ?? defaultFloatDType() : dtypeName(dtype));
const scalar = (v: ArrayLike, dtype: DType): Array => np.array(v, { dtype });
const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function at(shape: readonly number[], axis: number): number {
  const d = shape[axis < 0 ? axis + shape.length : axis];
  if (d === undefined) throw new RangeError(`axis ${axis} is out of bounds for a weights shape (${shape.join(", ")})`);
  return d;
}
const sizeOf = (shape: readonly number[], axes: Axes): number => (typeof axes === "number" ? at(shape, axes) : prod(axes.map((a) => at(shape, a))));

/**
 * JAX's _compute_fans: [fanIn, fanOut] of a dense or convolutional weights shape, where the axes
 * outside inAxis, outAxis and batchAxis form the receptive field.
 *
 * @example
 * ```ts
 * nn.initializers.computeFans([3, 3, 16, 32]); // [144, 288]
 * ```
 */
export function computeFans(shape: readonly number[], inAxis: Axes = -2, outAxis: Axes = -1, batchAxis: Axes = []): [number, number] {
  if (inAxis === -2 && shape.length <= 1) {
    throw new ValueError(`Can't compute input and output sizes of a ${shape.length}-dimensional weights tensor with default in_axis. Must be at least 2D or specify in_axis explicitly.`);
  }
  const inSize = sizeOf(shape, inAxis);
  const outSize = sizeOf(shape, outAxis);
  const batchSize = sizeOf(shape, batchAxis);
  const receptiveField = prod(shape) / inSize / outSize / batchSize;
  return [inSize * receptiveField, outSize * receptiveField];
}

/**
 * `jax.nn.initializers.zeros(key, shape, dtype?)`: zeros (the key is ignored).
 *
 * @example
 * ```ts
 * nn.initializers.zeros(random.key(0), [2, 3]); // Array([[0., 0., 0.], [0., 0., 0.]], dtype=float32)
 * ```
 */
export const zeros: Initializer = (_key, shape, dtype) => np.zeros(shape, { dtype: resolveDtype(dtype, undefined) });

/**
 * `jax.nn.initializers.ones(key, shape, dtype?)`: ones (the key is ignored).
 *
 * @example
 * ```ts
 * nn.initializers.ones(random.key(0), [3, 2]); // Array([[1., 1.], [1., 1.], [1., 1.]], dtype=float32)
 * ```
 */
export const ones: Initializer = (_key, shape, dtype) => np.ones(shape, { dtype: resolveDtype(dtype, undefined) });

/**
 * `jax.nn.initializers.constant(value, dtype?)`: arrays full of `value`.
 *
 * @example
 * ```ts
 * nn.initializers.constant(-7)(random.key(0), [2, 3]); // [[-7, -7, -7], [-7, -7, -7]]
 * ```
 */
export function constant(value: ArrayLike, dtype?: DTypeLike | null | { dtype?: DTypeLike | null }, opts?: { dtype?: DTypeLike | null }): Initializer {
  const d = kwargs<{ dtype?: DType }>("constant", ["dtype"], [dtype, opts]).dtype;
  return (_key, shape, dt) => np.full(shape, value, { dtype: resolveDtype(dt, d) });
}

/**
 * `jax.nn.initializers.uniform(scale = 1e-2, dtype?)`: uniform on [0, scale).
 *
 * @example
 * ```ts
 * nn.initializers.uniform(10)(random.key(42), [2, 3]); // Array([[4.8870955, 6.7979717, 6.162715 ], [5.610161 , 4.506446 , 5.858659 ]], dtype=float32)
 * ```
 */
export function uniform(scale?: number | { scale?: number; dtype?: DTypeLike | null }, dtype?: DTypeLike | null | { dtype?: DTypeLike | null }, opts?: { dtype?: DTypeLike | null }): Initializer {
  const o = kwargs<{ scale?: number; dtype?: DType }>("uniform", ["scale", "dtype"], [scale, dtype, opts]);
  return (key, shape, dt) => {
    const d = resolveDtype(dt, o.dtype);
    return np.multiply(random.uniform(key, shape, d), scalar(o.scale ?? 1e-2, d));
  };
}

/**
 * `jax.nn.initializers.normal(stddev = 1e-2, dtype?)`: normal with mean 0 and standard deviation `stddev`.
 *
 * @example
 * ```ts
 * nn.initializers.normal(5)(random.key(42), [2, 3]); // Array([[-0.14152308,  2.3356593 ,  1.4785148 ], [ 0.7677296 , -0.6201641 ,  1.0846157 ]], dtype=float32)
 * ```
 */
export function normal(stddev?: number | { stddev?: number; dtype?: DTypeLike | null }, dtype?: DTypeLike | null | { dtype?: DTypeLike | null }, opts?: { dtype?: DTypeLike | null }): Initializer {
  const o = kwargs<{ stddev?: number; dtype?: DType }>("normal", ["stddev", "dtype"], [stddev, dtype, opts]);
  return (key, shape, dt) => {
    const d = resolveDtype(dt, o.dtype);
    return np.multiply(random.normal(key, shape, d), scalar(o.stddev ?? 1e-2, d));
  };
}

/** `jax.nn.initializers.truncated_normal`'s keywords. */
export interface TruncatedNormalOptions {
  /** The standard deviation of the untruncated normal (default 1e-2). */
  stddev?: number;
  /** The dtype of the result (default float32). */
  dtype?: DTypeLike | null;
  /** Lower truncation bound in units of stddev; -2 by default. */
  lower?: number;
  /** Upper truncation bound in units of stddev; 2 by default. */
  upper?: number;
}

/**
 * `jax.nn.initializers.truncated_normal(stddev = 1e-2, dtype?, lower = -2, upper = 2)`: a standard
 * normal truncated to (lower, upper), times `stddev` (no variance correction, as JAX).
 *
 * @example
 * ```ts
 * nn.initializers.truncatedNormal(5)(random.key(42), [2, 3]); // Array([[-0.13508248,  2.221904  ,  1.4093853 ], [ 0.73254025, -0.5918115 ,  1.0345374 ]], dtype=float32)
 * ```
 */
export function truncatedNormal(
  stddev?: number | TruncatedNormalOptions,
  dtype?: DTypeLike | null | TruncatedNormalOptions,
  lower?: number | TruncatedNormalOptions,
  upper?: number | TruncatedNormalOptions,
  opts?: TruncatedNormalOptions,
): Initializer {
  const o = kwargs<{ stddev?: number; dtype?: DType; lower?: number; upper?: number }>("truncated_normal", ["stddev", "dtype", "lower", "upper"], [stddev, dtype, lower, upper, opts]);
  return (key, shape, dt) => {
    const d = resolveDtype(dt, o.dtype);
    return np.multiply(random.truncatedNormal(key, o.lower ?? -2, o.upper ?? 2, shape, d), scalar(o.stddev ?? 1e-2, d));
  };
}

function denominatorOf(mode: string, fanIn: number, fanOut: number): number {
  switch (mode) {
    case "fan_in":
      return fanIn;
    case "fan_out":
      return fanOut;
    case "fan_avg":
      return (fanIn + fanOut) / 2;
    case "fan_geo_avg":
      return Math.sqrt(fanIn * fanOut);
    default:
      throw new ValueError(`invalid mode for variance scaling initializer: ${mode}`);
  }
}

/**
 * `jax.nn.initializers.variance_scaling(scale, mode, distribution, inAxis = -2, outAxis = -1,
 * batchAxis = [], dtype?)`: samples with standard deviation sqrt(scale / n), n the fan chosen by
 * `mode`. "truncated_normal" truncates a standard normal at +-2 and divides by its standard
 * deviation (0.8796...) first; "uniform" draws from [-sqrt(3 v), sqrt(3 v)).
 *
 * @example
 * ```ts
 * const init = nn.initializers.varianceScaling(2, "fan_in", "normal", { inAxis: -2, outAxis: -1 });
 * const w = init(random.key(0), [3, 3, 16, 32]); // variance 2 / (3*3*16)
 * w.shape; // [3, 3, 16, 32]
 * nn.initializers.varianceScaling(2, "fan_in", "normal")(random.key(0), [2, 2]); // Array([[ 1.6226422 ,  2.0252647 ], [-0.43359444, -0.07861735]], dtype=float32)
 * ```
 */
export function varianceScaling(
  scale: number,
  mode: VarianceScalingMode,
  distribution: VarianceScalingDistribution,
  inAxis?: Axes | FanOptions,
  outAxis?: Axes | FanOptions,
  batchAxis?: Axes | FanOptions,
  dtype?: DTypeLike | null | FanOptions,
  opts?: FanOptions,
): Initializer {
  const o = kwargs<{ inAxis?: Axes; outAxis?: Axes; batchAxis?: Axes; dtype?: DType }>("variance_scaling", ["inAxis", "outAxis", "batchAxis", "dtype"], [inAxis, outAxis, batchAxis, dtype, opts]);
  return (key, shape, dt) => {
    const d = resolveDtype(dt, o.dtype);
    const [fanIn, fanOut] = computeFans(shape, o.inAxis ?? -2, o.outAxis ?? -1, o.batchAxis ?? []);
    // JAX rounds the variance to the dtype first and does the rest of the arithmetic in it.
    const variance = scalar(scale / denominatorOf(mode, fanIn, fanOut), d);
    switch (distribution) {
      case "truncated_normal":
        return np.multiply(random.truncatedNormal(key, -2, 2, shape, d), np.divide(np.sqrt(variance), scalar(TRUNCATED_STDDEV, d)));
      case "normal":
        return np.multiply(random.normal(key, shape, d), np.sqrt(variance));
      case "uniform":
        return np.multiply(random.uniform(key, shape, d, -1), np.sqrt(np.multiply(3, variance)));
      default:
        throw new ValueError(`invalid distribution for variance scaling initializer: ${String(distribution)}`);
    }
  };
}

type FanInitializerFactory = (inAxis?: Axes | FanOptions, outAxis?: Axes | FanOptions, batchAxis?: Axes | FanOptions, dtype?: DTypeLike | null | FanOptions, opts?: FanOptions) => Initializer;

function specialization(scale: number, mode: VarianceScalingMode, distribution: VarianceScalingDistribution): FanInitializerFactory {
  return (inAxis, outAxis, batchAxis, dtype, opts) => varianceScaling(scale, mode, distribution, inAxis, outAxis, batchAxis, dtype, opts);
}

/**
 * `jax.nn.initializers.glorot_uniform(inAxis?, outAxis?, batchAxis?, dtype?)`: varianceScaling(1, "fan_avg", "uniform").
 *
 * @example
 * ```ts
 * nn.initializers.glorotUniform()(random.key(0), [2, 3]); // Array([[ 0.9807893 ,  1.048516  , -0.36743096], [-0.06864396,  0.1531185 , -0.7328462 ]], dtype=float32)
 * ```
 */
export const glorotUniform: FanInitializerFactory = specialization(1, "fan_avg", "uniform");
/**
 * `nn.initializers.xavierUniform(...)` (jax.nn.initializers.xavier_uniform): the other name of glorotUniform.
 *
 * @example
 * ```ts
 * nn.initializers.xavierUniform()(random.key(0), [2, 3]); // Array([[ 0.9807893 ,  1.048516  , -0.36743096], [-0.06864396,  0.1531185 , -0.7328462 ]], dtype=float32)
 * ```
 */
export const xavierUniform = glorotUniform;
/**
 * `jax.nn.initializers.glorot_normal(...)`: varianceScaling(1, "fan_avg", "truncated_normal").
 *
 * @example
 * ```ts
 * nn.initializers.glorotNormal()(random.key(0), [2, 3]); // Array([[ 1.0468423 ,  1.2329134 , -0.29671577], [-0.05394943,  0.12079362, -0.65617436]], dtype=float32)
 * ```
 */
export const glorotNormal: FanInitializerFactory = specialization(1, "fan_avg", "truncated_normal");
/**
 * `nn.initializers.xavierNormal(...)` (jax.nn.initializers.xavier_normal): the other name of glorotNormal.
 *
 * @example
 * ```ts
 * nn.initializers.xavierNormal()(random.key(0), [2, 3]); // Array([[ 1.0468423 ,  1.2329134 , -0.29671577], [-0.05394943,  0.12079362, -0.65617436]], dtype=float32)
 * ```
 */
export const xavierNormal = glorotNormal;
/**
 * `jax.nn.initializers.lecun_uniform(...)`: varianceScaling(1, "fan_in", "uniform").
 *
 * @example
 * ```ts
 * nn.initializers.lecunUniform()(random.key(0), [2, 3]); // Array([[ 1.0965558 ,  1.1722765 , -0.4108003 ], [-0.07674628,  0.17119169, -0.81934696]], dtype=float32)
 * ```
 */
export const lecunUniform: FanInitializerFactory = specialization(1, "fan_in", "uniform");
/**
 * `jax.nn.initializers.lecun_normal(...)`: varianceScaling(1, "fan_in", "truncated_normal").
 *
 * @example
 * ```ts
 * nn.initializers.lecunNormal()(random.key(0), [2, 3]); // Array([[ 1.1704054 ,  1.3784391 , -0.3317383 ], [-0.0603173 ,  0.13505137, -0.73362523]], dtype=float32)
 * ```
 */
export const lecunNormal: FanInitializerFactory = specialization(1, "fan_in", "truncated_normal");
/**
 * `jax.nn.initializers.he_uniform(...)`: varianceScaling(2, "fan_in", "uniform").
 *
 * @example
 * ```ts
 * nn.initializers.heUniform()(random.key(0), [2, 3]); // Array([[ 1.550764  ,  1.6578493 , -0.5809593 ], [-0.10853563,  0.2421016 , -1.1587315 ]], dtype=float32)
 * ```
 */
export const heUniform: FanInitializerFactory = specialization(2, "fan_in", "uniform");
/**
 * `nn.initializers.kaimingUniform(...)` (jax.nn.initializers.kaiming_uniform): the other name of heUniform.
 *
 * @example
 * ```ts
 * nn.initializers.kaimingUniform()(random.key(0), [2, 3]); // Array([[ 1.550764  ,  1.6578493 , -0.5809593 ], [-0.10853563,  0.2421016 , -1.1587315 ]], dtype=float32)
 * ```
 */
export const kaimingUniform = heUniform;
/**
 * `jax.nn.initializers.he_normal(...)`: varianceScaling(2, "fan_in", "truncated_normal").
 *
 * @example
 * ```ts
 * nn.initializers.heNormal()(random.key(0), [2, 3]); // Array([[ 1.6552032 ,  1.9494075 , -0.46914884], [-0.08530156,  0.19099149, -1.0375029 ]], dtype=float32)
 * ```
 */
export const heNormal: FanInitializerFactory = specialization(2, "fan_in", "truncated_normal");
/**
 * `nn.initializers.kaimingNormal(...)` (jax.nn.initializers.kaiming_normal): the other name of heNormal.
 *
 * @example
 * ```ts
 * nn.initializers.kaimingNormal()(random.key(0), [2, 3]); // Array([[ 1.6552032 ,  1.9494075 , -0.46914884], [-0.08530156,  0.19099149, -1.0375029 ]], dtype=float32)
 * ```
 */
export const kaimingNormal = heNormal;

/**
 * A Haar-distributed matrix [n, m] with orthonormal rows or columns (whichever are fewer), as
 * `jax.random.orthogonal(key, n, (), dtype, m)`: the Q factor of a normal [max, min] matrix with R's
 * diagonal made positive. With a concrete key it is computed on the host in float64; under a
 * transform, random.orthogonal's traced Gram-Schmidt. Both read the same normal draw.
 */
function haarOrthogonal(key: ArrayLike, n: number, m: number, dtype: DType): Array {
  const rows = Math.max(n, m);
  const cols = Math.min(n, m);
  const z = random.normal(key, [rows, cols], dtype);
  if (z.concreteValue() === null) return random.orthogonal(key, n, [], dtype, { m });
  const q = np.array(orthonormalColumns(z.dataSync(), rows, cols), { dtype }).reshape([rows, cols]);
  return n < m ? np.swapaxes(q, -1, -2) : q;
}

/**
 * `jax.nn.initializers.orthogonal(scale = 1, columnAxis = -1, dtype?)`: uniformly distributed
 * (Haar) orthogonal matrices; the vectors along `columnAxis` are orthonormal when there are no more
 * of them than their length, otherwise the other way round. Higher-rank shapes are flattened to
 * [prod(others), shape[columnAxis]] first.
 *
 * @example
 * ```ts
 * const w = nn.initializers.orthogonal()(random.key(0), [2, 2]);
 * w; // Array([[ 0.9661029 ,  0.25815725], [-0.25815725,  0.9661029 ]], dtype=float32)
 * np.round(np.matmul(w.T, w), 5); // [[1, 0], [0, 1]]
 * ```
 */
export function orthogonal(scale?: number | OrthogonalOptions, columnAxis?: number | OrthogonalOptions, dtype?: DTypeLike | null | OrthogonalOptions, opts?: OrthogonalOptions): Initializer {
  const o = kwargs<{ scale?: number; columnAxis?: number; dtype?: DType }>("orthogonal", ["scale", "columnAxis", "dtype"], [scale, columnAxis, dtype, opts]);
  return (key, shape, dt) => {
    const d = resolveDtype(dt, o.dtype);
    if (shape.length < 2) throw new ValueError("orthogonal initializer requires at least a 2D shape");
    if (shape.some((s) => s === 0)) return np.zeros(shape, { dtype: d });
    const axis = o.columnAxis ?? -1;
    const nCols = at(shape, axis);
    const nRows = prod(shape) / nCols;
    const others = shape.filter((_, i) => i !== (axis < 0 ? axis + shape.length : axis));
    const q = np.moveaxis(haarOrthogonal(key, nRows, nCols, d).reshape([...others, nCols]), -1, axis);
    return np.multiply(scalar(o.scale ?? 1, d), q);
  };
}

/**
 * `jax.nn.initializers.delta_orthogonal(scale = 1, columnAxis = -1, dtype?)`: a 3-D, 4-D or 5-D
 * convolution kernel (spatial axes first) that is zero except at the spatial centre, where it is an
 * orthogonal [in, out] matrix (Xiao et al. 2018). Needs in <= out.
 *
 * @example
 * ```ts
 * const w = nn.initializers.deltaOrthogonal()(random.key(0), [3, 2, 2]);
 * w.at(0).get(); // [[0, 0], [0, 0]]
 * w.at(1).get(); // Array([[ 0.9661029 ,  0.25815725], [-0.25815725,  0.9661029 ]], dtype=float32)
 * ```
 */
export function deltaOrthogonal(scale?: number | OrthogonalOptions, columnAxis?: number | OrthogonalOptions, dtype?: DTypeLike | null | OrthogonalOptions, opts?: OrthogonalOptions): Initializer {
  const o = kwargs<{ scale?: number; columnAxis?: number; dtype?: DType }>("delta_orthogonal", ["scale", "columnAxis", "dtype"], [scale, columnAxis, dtype, opts]);
  return (key, shape, dt) => {
    const d = resolveDtype(dt, o.dtype);
    if (shape.length < 3 || shape.length > 5) throw new ValueError("Delta orthogonal initializer requires a 3D, 4D or 5D shape.");
    if (at(shape, -1) < at(shape, -2)) throw new ValueError("`fan_in` must be less or equal than `fan_out`. ");
    const matrix = orthogonal({ scale: o.scale ?? 1, columnAxis: o.columnAxis ?? -1, dtype: d })(key, shape.slice(-2));
    const centre = shape.slice(0, -2).map((k) => Math.floor((k - 1) / 2));
    return np.zeros(shape, { dtype: d }).at(...centre).set(matrix);
  };
}
