// np.fft (issue 23): jax.numpy.fft (jax/_src/numpy/fft.py) in camelCase. Every transform goes
// through `fftCore` (JAX's _fft_core): the axes are moved to the end, `s`/`n` crops or zero-pads
// them, one lax.fft does the transform, `norm` scales it, and the axes move back. hfft and ihfft
// are irfft and rfft of the conjugate, rescaled, as JAX writes them.
import type { DType } from "../../jaxpr/index.js";
import { canonicalizeAxis, defaultFloatDType } from "../../jaxpr/index.js";
import { range } from "../../jaxpr/lists.js";
import { Array, type ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import * as lax from "../lax/ops.js";
import { FftType, fft as laxFft } from "../lax/fft.js";
import { arange } from "./creation.js";
import { fromValues } from "./fromValues.js";
import { divide, multiply } from "./elementwise.js";
import { kwargs } from "./options.js";
import { asArray } from "./promote.js";
import { conj } from "./realParts.js";
import { moveaxis, pad, roll } from "./shape.js";
import type { DTypeLike } from "./dtypeLike.js";

/** numpy's norm argument: which direction is scaled (by 1/n, or both by 1/sqrt(n)). */
export type FftNorm = "backward" | "ortho" | "forward";

export interface Fft1dOptions {
  /** Length of the transformed axis: the input is cropped or zero-padded to it. */
  n?: number | null;
  axis?: number;
  norm?: FftNorm | null;
}

export interface FftNdOptions {
  /** Lengths of the transformed axes (the input is cropped or zero-padded to them). */
  s?: readonly number[] | null;
  axes?: readonly number[] | null;
  norm?: FftNorm | null;
}

const tuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);
const product = (xs: readonly number[]): number => xs.reduce((p, d) => p * d, 1);

/** JAX's _fft_norm: the factor `norm` applies to the result of `name` over lengths s. */
function normFactor(s: readonly number[], name: string, norm: FftNorm): number {
  const inverse = name.startsWith("i");
  const n = product(s);
  if (norm === "backward") return 1;
  if (norm === "ortho") return inverse ? Math.sqrt(n) : 1 / Math.sqrt(n);
  if (norm === "forward") return inverse ? n : 1 / n;
  throw new ValueError(`Invalid norm value ${String(norm)}; should be "backward","ortho" or "forward".`);
}

/** `arr` cropped or zero-padded at the end of each axis to `shape`. */
function cropOrPad(arr: Array, shape: readonly number[]): Array {
  const kept = arr.shape.map((d, i) => Math.min(d, shape[i]!));
  const cropped = kept.every((d, i) => d === arr.shape[i]) ? arr : lax.slice(arr, kept.map(() => 0), kept);
  if (kept.every((d, i) => d === shape[i])) return cropped;
  return pad(cropped, shape.map((d, i) => [0, d - kept[i]!] as [number, number]));
}

/** JAX's _fft_core. */
function fftCore(name: string, type: FftType, a: ArrayLike, s: readonly number[] | null, axes: readonly number[] | null, norm: FftNorm | null): Array {
  const full = `jax.numpy.fft.${name}`;
  let arr = asArray(a);
  if (s !== null) {
    for (const d of s) if (!Number.isInteger(d)) throw new TypeError(`${full}: s must be a sequence of integers, got ${String(d)}.`);
    if (s.some((d) => d <= 0)) throw new ValueError("Shape should be positive.");
    if (axes !== null && s.length !== axes.length) throw new ValueError("Shape and axes have different lengths.");
  }
  let ax: readonly number[] = axes ?? (s === null ? range(arr.ndim) : range(arr.ndim - s.length, arr.ndim));
  if (new Set(ax).size !== ax.length) throw new ValueError(`${full} does not support repeated axes. Got axes ${tuple(ax)}.`);
  if (axes !== null) {
    const dest = range(arr.ndim - ax.length, arr.ndim);
    arr = moveaxis(arr, axes, dest);
    ax = dest;
  }
  let lengths: number[];
  if (s !== null) {
    const inShape = [...arr.shape];
    ax.forEach((axis, i) => (inShape[axis] = s[i]!));
    if (type === FftType.IRFFT) inShape[inShape.length - 1] = (inShape[inShape.length - 1]! >> 1) + 1;
    arr = cropOrPad(arr, inShape);
    lengths = [...s];
  } else {
    lengths = ax.map((axis) => arr.shape[axis]!);
    if (type === FftType.IRFFT && ax.length > 0) lengths[lengths.length - 1] = Math.max(0, 2 * (lengths[lengths.length - 1]! - 1));
  }
  let out = laxFft(arr, type, lengths);
  if (norm !== null && norm !== "backward") out = multiply(out, normFactor(lengths, name, norm));
  else if (norm !== null) normFactor(lengths, name, norm);
  return axes !== null ? moveaxis(out, ax, axes) : out;
}

/** JAX's _fft_core_1d. */
function core1d(name: string, type: FftType, a: ArrayLike, args: readonly unknown[]): Array {
  const { n = null, axis = -1, norm = null } = kwargs<Fft1dOptions>(name, ["n", "axis", "norm"], args);
  if (globalThis.Array.isArray(axis)) throw new ValueError(`jax.numpy.fft.${name} does not support multiple axes. Please use jax.numpy.fft.${name}n. Got axis = ${tuple(axis as number[])}.`);
  return fftCore(name, type, a, n === null ? null : [n], [axis], norm);
}

function coreNd(name: string, type: FftType, a: ArrayLike, args: readonly unknown[], twoD: boolean): Array {
  const { s = null, axes = twoD ? [-2, -1] : null, norm = null } = kwargs<FftNdOptions>(name, ["s", "axes", "norm"], args);
  if (twoD && axes !== null && axes.length !== 2) throw new ValueError(`jax.numpy.fft.${name} only supports 2 axes. Got axes = ${tuple(axes)}.`);
  return fftCore(name, type, a, s, axes, norm);
}

type Arg1d = number | null | Fft1dOptions;
type NormArg = FftNorm | null | Fft1dOptions;
type ArgNd = readonly number[] | null | FftNdOptions;
type NormNd = FftNorm | null | FftNdOptions;

/**
 * `np.fft.fft(a, n?, axis?, norm?)` (jnp.fft.fft): the 1-D discrete Fourier transform along `axis` (default -1): X_k = sum_j x_j exp(-2 pi i jk / n).
 *
 * @example
 * ```ts
 * const x = np.array([1, 2, 3, 4]);
 * np.fft.fft(x); // Array([10.+0.j, -2.+2.j, -2.+0.j, -2.-2.j], dtype=complex64)
 * np.fft.fft(x, { n: 2, norm: "ortho" }); // Array([ 2.1213202 +0.j, -0.70710677+0.j], dtype=complex64)
 * ```
 */
export const fft = (a: ArrayLike, n?: Arg1d, axis?: number | Fft1dOptions, norm?: NormArg, opts?: Fft1dOptions): Array => core1d("fft", FftType.FFT, a, [n, axis, norm, opts]);
/**
 * `np.fft.ifft` (jnp.fft.ifft): the 1-D inverse discrete Fourier transform (scaled by 1/n with the default norm).
 *
 * @example
 * ```ts
 * np.fft.ifft(np.array([10, -2, -2, -2])); // Array([1.+0.j, 3.+0.j, 3.+0.j, 3.+0.j], dtype=complex64)
 * np.fft.ifft(np.fft.fft(np.array([1, 2, 3])), { norm: "backward" }); // Array([1.+0.j, 2.+0.j, 3.+0.j], dtype=complex64)
 * ```
 */
export const ifft = (a: ArrayLike, n?: Arg1d, axis?: number | Fft1dOptions, norm?: NormArg, opts?: Fft1dOptions): Array => core1d("ifft", FftType.IFFT, a, [n, axis, norm, opts]);
/**
 * `np.fft.rfft` (jnp.fft.rfft): the 1-D transform of a real input: the n/2 + 1 non-negative frequencies.
 *
 * @example
 * ```ts
 * np.fft.rfft(np.array([1, 2, 3, 4])); // Array([10.+0.j, -2.+2.j, -2.+0.j], dtype=complex64)
 * np.fft.rfft(np.array([1, 2, 3, 4]), { n: 6 }).shape; // [4]
 * ```
 */
export const rfft = (a: ArrayLike, n?: Arg1d, axis?: number | Fft1dOptions, norm?: NormArg, opts?: Fft1dOptions): Array => core1d("rfft", FftType.RFFT, a, [n, axis, norm, opts]);
/**
 * `np.fft.irfft` (jnp.fft.irfft): the inverse of rfft: n real outputs (default 2 (m - 1)) from m half-spectrum bins.
 *
 * @example
 * ```ts
 * np.fft.irfft(np.fft.rfft(np.array([1, 2, 3, 4]))); // Array([1., 2., 3., 4.], dtype=float32)
 * np.fft.irfft(np.array([3, -1]), { n: 3 }); // Array([0.33333334, 1.3333334 , 1.3333334 ], dtype=float32)
 * ```
 */
export const irfft = (a: ArrayLike, n?: Arg1d, axis?: number | Fft1dOptions, norm?: NormArg, opts?: Fft1dOptions): Array => core1d("irfft", FftType.IRFFT, a, [n, axis, norm, opts]);

/**
 * `np.fft.hfft` (jnp.fft.hfft): the FFT of a signal with Hermitian symmetry, given by its half spectrum: a real result.
 *
 * @example
 * ```ts
 * np.fft.hfft(np.array([1, 2, 3])); // Array([ 8., -2.,  0., -2.], dtype=float32)
 * np.fft.hfft(np.array([1, 2, 3]), { n: 3 }); // Array([ 5., -1., -1.], dtype=float32)
 * ```
 */
export function hfft(a: ArrayLike, n?: Arg1d, axis?: number | Fft1dOptions, norm?: NormArg, opts?: Fft1dOptions): Array {
  const o = kwargs<Fft1dOptions>("hfft", ["n", "axis", "norm"], [n, axis, norm, opts]);
  const conjA = conj(a);
  const length = o.n ?? (conjA.shape[canonicalizeAxis(o.axis ?? -1, conjA.ndim)]! - 1) * 2;
  return multiply(core1d("hfft", FftType.IRFFT, conjA, [o]), length);
}

/**
 * `np.fft.ihfft` (jnp.fft.ihfft): the inverse of hfft: the half spectrum of a real signal's inverse transform.
 *
 * @example
 * ```ts
 * np.fft.ihfft(np.array([1, 2, 3, 4])); // Array([ 2.5+0.j , -0.5-0.5j, -0.5-0.j ], dtype=complex64)
 * ```
 */
export function ihfft(a: ArrayLike, n?: Arg1d, axis?: number | Fft1dOptions, norm?: NormArg, opts?: Fft1dOptions): Array {
  const o = kwargs<Fft1dOptions>("ihfft", ["n", "axis", "norm"], [n, axis, norm, opts]);
  const arr = asArray(a);
  const length = o.n ?? arr.shape[canonicalizeAxis(o.axis ?? -1, arr.ndim)]!;
  return multiply(conj(core1d("ihfft", FftType.RFFT, arr, [o])), 1 / length);
}

/**
 * `np.fft.fft2` (jnp.fft.fft2): the 2-D transform over `axes` (default the last two).
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * np.fft.fft2(x); // Array([[10.+0.j, -2.+0.j], [-4.+0.j,  0.+0.j]], dtype=complex64)
 * np.fft.fft2(np.ones([2, 3, 2]), { axes: [0, 1] }).shape; // [2, 3, 2]
 * ```
 */
export const fft2 = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("fft2", FftType.FFT, a, [s, axes, norm, opts], true);
/**
 * `np.fft.ifft2(a, s?, axes?, norm?)` (jnp.fft.ifft2): the 2-D inverse transform over `axes` (default the last two).
 *
 * @example
 * ```ts
 * np.fft.ifft2(np.array([[10, -2], [-4, 0]])); // Array([[1.+0.j, 2.+0.j], [3.+0.j, 4.+0.j]], dtype=complex64)
 * ```
 */
export const ifft2 = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("ifft2", FftType.IFFT, a, [s, axes, norm, opts], true);
/**
 * `np.fft.rfft2(a, s?, axes?, norm?)` (jnp.fft.rfft2): the 2-D transform of a real input, the last axis halved to its n/2 + 1 non-negative frequencies.
 *
 * @example
 * ```ts
 * np.fft.rfft2(np.array([[1, 2, 3, 4], [5, 6, 7, 8]])); // Array([[ 36.+0.j,  -4.+4.j,  -4.+0.j], [-16.+0.j,   0.+0.j,   0.+0.j]], dtype=complex64)
 * ```
 */
export const rfft2 = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("rfft2", FftType.RFFT, a, [s, axes, norm, opts], true);
/**
 * `np.fft.irfft2(a, s?, axes?, norm?)` (jnp.fft.irfft2): the inverse of rfft2, a real result.
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2, 3, 4], [5, 6, 7, 8]]);
 * np.fft.irfft2(np.fft.rfft2(x)); // Array([[1., 2., 3., 4.], [5., 6., 7., 8.]], dtype=float32)
 * np.fft.irfft2(np.fft.rfft2(x), { s: [2, 4] }).shape; // [2, 4]
 * ```
 */
export const irfft2 = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("irfft2", FftType.IRFFT, a, [s, axes, norm, opts], true);
/**
 * `np.fft.fftn(a, s?, axes?, norm?)` (jnp.fft.fftn): the N-D transform over `axes` (default all, or the last len(s)).
 *
 * @example
 * ```ts
 * np.fft.fftn(np.array([[1, 2], [3, 4]])); // Array([[10.+0.j, -2.+0.j], [-4.+0.j,  0.+0.j]], dtype=complex64)
 * np.fft.fftn(np.ones([2, 2, 2]), { s: [4], axes: [0] }).shape; // [4, 2, 2]
 * ```
 */
export const fftn = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("fftn", FftType.FFT, a, [s, axes, norm, opts], false);
/**
 * `np.fft.ifftn(a, s?, axes?, norm?)` (jnp.fft.ifftn): the N-D inverse transform over `axes` (default all, or the last len(s)).
 *
 * @example
 * ```ts
 * np.fft.ifftn(np.fft.fftn(np.array([[1, 2], [3, 4]]))); // Array([[1.+0.j, 2.+0.j], [3.+0.j, 4.+0.j]], dtype=complex64)
 * ```
 */
export const ifftn = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("ifftn", FftType.IFFT, a, [s, axes, norm, opts], false);
/**
 * `np.fft.rfftn(a, s?, axes?, norm?)` (jnp.fft.rfftn): the N-D transform of a real input, the last axis halved to its n/2 + 1 non-negative frequencies.
 *
 * @example
 * ```ts
 * np.fft.rfftn(np.array([[1, 2], [3, 4]])); // Array([[10.+0.j, -2.+0.j], [-4.+0.j,  0.+0.j]], dtype=complex64)
 * ```
 */
export const rfftn = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("rfftn", FftType.RFFT, a, [s, axes, norm, opts], false);
/**
 * `np.fft.irfftn(a, s?, axes?, norm?)` (jnp.fft.irfftn): the inverse of rfftn, a real result.
 *
 * @example
 * ```ts
 * np.fft.irfftn(np.fft.rfftn(np.array([[1, 2], [3, 4]]))); // Array([[1., 2.], [3., 4.]], dtype=float32)
 * np.fft.irfftn(np.array([[4, 0], [0, 0]]), { s: [2, 3] }); // Array([[0.6666667, 0.6666667, 0.6666667], [0.6666667, 0.6666667, 0.6666667]], dtype=float32)
 * ```
 */
export const irfftn = (a: ArrayLike, s?: ArgNd, axes?: ArgNd, norm?: NormNd, opts?: FftNdOptions): Array => coreNd("irfftn", FftType.IRFFT, a, [s, axes, norm, opts], false);

interface FreqOptions {
  d?: ArrayLike;
  dtype?: DTypeLike | null;
}

function checkFreqArgs(name: string, n: unknown, d: unknown): void {
  if (globalThis.Array.isArray(n)) throw new ValueError(`The n argument of jax.numpy.fft.${name} only takes an int. Got n = [${n.join(", ")}].`);
  if (globalThis.Array.isArray(d)) throw new ValueError(`The d argument of jax.numpy.fft.${name} only takes a single value. Got d = [${d.join(", ")}].`);
  if (!Number.isInteger(n) || (n as number) < 0) throw new TypeError(`jax.numpy.fft.${name}: n must be a non-negative integer, got ${String(n)}.`);
}

/**
 * `np.fft.fftfreq(n, d = 1)` (jnp.fft.fftfreq): sample frequencies of an n-point DFT with sample spacing d: [0, 1, ..., -(n/2), ..., -1] / (d n).
 *
 * @example
 * ```ts
 * np.fft.fftfreq(4); // Array([ 0.  ,  0.25, -0.5 , -0.25], dtype=float32)
 * np.fft.fftfreq(5, { d: 0.5 }); // Array([ 0. ,  0.4,  0.8, -0.8, -0.4], dtype=float32)
 * ```
 */
export function fftfreq(n: number, d?: ArrayLike | FreqOptions, opts?: FreqOptions): Array {
  const o = kwargs<FreqOptions>("fftfreq", ["d"], [d, opts]);
  checkFreqArgs("fftfreq", n, o.d);
  const dtype = (o.dtype ?? defaultFloatDType()) as DType;
  const half = Math.floor(n / 2);
  const k = Float64Array.from({ length: n }, (_, i) => ((i + half) % n) - half);
  return divide(fromValues(k, [n], dtype), denominator(o.d ?? 1, n, dtype));
}

/**
 * `np.fft.rfftfreq(n, d = 1)` (jnp.fft.rfftfreq): sample frequencies of an n-point real DFT (the n/2 + 1 non-negative ones).
 *
 * @example
 * ```ts
 * np.fft.rfftfreq(5); // Array([0. , 0.2, 0.4], dtype=float32)
 * np.fft.rfftfreq(4, { d: 0.1 }); // Array([0. , 2.5, 5. ], dtype=float32)
 * ```
 */
export function rfftfreq(n: number, d?: ArrayLike | FreqOptions, opts?: FreqOptions): Array {
  const o = kwargs<FreqOptions>("rfftfreq", ["d"], [d, opts]);
  checkFreqArgs("rfftfreq", n, o.d);
  const dtype = (o.dtype ?? defaultFloatDType()) as DType;
  return divide(arange(0, (n >> 1) + 1, 1, dtype), denominator(o.d ?? 1, n, dtype));
}

/** d n as an array of `dtype` (JAX's jnp.array(d * n, dtype)). */
function denominator(d: ArrayLike, n: number, dtype: DType): Array {
  return typeof d === "number" ? lax.full([], d * n, dtype) : lax.convertElementType(multiply(d, n), dtype);
}

/**
 * `np.fft.fftshift(x, axes?)` (jnp.fft.fftshift): rolls each axis (default all) by half its length, so the zero frequency is at the centre.
 *
 * @example
 * ```ts
 * np.fft.fftshift(np.fft.fftfreq(5)); // Array([-0.4, -0.2,  0. ,  0.2,  0.4], dtype=float32)
 * np.fft.fftshift(np.array([[0, 1, 2], [3, 4, 5]]), 1); // Array([[2., 0., 1.], [5., 3., 4.]], dtype=float32)
 * ```
 */
export function fftshift(x: ArrayLike, axes: number | readonly number[] | null = null): Array {
  return shifted(x, axes, 1);
}

/**
 * `np.fft.ifftshift(x, axes?)` (jnp.fft.ifftshift): the inverse of fftshift.
 *
 * @example
 * ```ts
 * np.fft.ifftshift(np.fft.fftshift(np.array([0, 1, 2, 3, 4]))); // Array([0., 1., 2., 3., 4.], dtype=float32)
 * ```
 */
export function ifftshift(x: ArrayLike, axes: number | readonly number[] | null = null): Array {
  return shifted(x, axes, -1);
}

function shifted(x: ArrayLike, axes: number | readonly number[] | null, sign: number): Array {
  const a = asArray(x);
  const list = axes === null ? range(a.ndim) : typeof axes === "number" ? [axes] : [...axes];
  const shift = list.map((ax) => sign * Math.floor(a.shape[canonicalizeAxis(ax, a.ndim)]! / 2));
  return roll(a, shift, list);
}
