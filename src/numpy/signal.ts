// 1-D signal and integration helpers (jax.numpy semantics): convolve correlate interp trapezoid.
// convolve/correlate gather the sliding windows with one constant-index gather and contract them
// with one dot, so they differentiate, jit and vmap like any other lax program.
import type { DType } from "../../jaxpr/index.js";
import { canonicalizeAxis, shapeString } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { fromValues } from "./fromValues.js";
import { ValueError } from "../core/errors.js";
import { add, clip, divide, less, greater, multiply, remainder, subtract, where, absolute, lessEqual } from "./elementwise.js";
import { sum } from "./reductions.js";
import { concatenate, moveaxis } from "./shape.js";
import { searchsorted } from "./sorting.js";
import { convertTo } from "./promote.js";
import { finfoEps, isOptions, promoteDtypes, promoteDtypesInexact } from "./options.js";
import { fftconvolve } from "../scipy/signal/index.js";

/** The modes of {@link convolve} and {@link correlate}. */
export type ConvolveMode = "full" | "same" | "valid";

/** Keyword arguments of {@link convolve} and {@link correlate}. */
export interface ConvolveOptions {
  /** "full" (default: every overlap), "same" (the length of the longer input, centred) or "valid" (only full overlaps). */
  mode?: ConvolveMode;
  /** Accepted for JAX compatibility (dprog's dot is always full precision). */
  precision?: unknown;
  /** The dtype of the result; when given, integer inputs stay integers. */
  preferredElementType?: DType | null;
  /**
   * convolve only (a dprog addition, as scipy.signal.convolve's): "direct" sums the products,
   * "fft" multiplies spectra (scipy.signal.fftconvolve), "auto" (default) takes the FFT for
   * floating inputs whose direct sum would be long (both at least 64, product at least 2^16).
   */
  method?: "auto" | "direct" | "fft";
}

/** Whether convolve's `method` picks the FFT for floating operands of lengths n and m. */
function useFft(method: ConvolveOptions["method"], n: number, m: number): boolean {
  if (method === undefined || method === "auto") return Math.min(n, m) >= 64 && n * m >= 2 ** 16;
  if (method === "direct" || method === "fft") return method === "fft";
  throw new ValueError(`convolve: method must be one of 'auto', 'direct', 'fft', got ${String(method)}`);
}

function conv(op: "convolve" | "correlate", a: ArrayLike, v: ArrayLike, modeOrOpts: ConvolveMode | ConvolveOptions | undefined, defaultMode: ConvolveMode, opts: ConvolveOptions): Array {
  const o: ConvolveOptions = isOptions<ConvolveOptions>(modeOrOpts) ? modeOrOpts : { ...opts, mode: modeOrOpts ?? opts.mode };
  const mode = o.mode ?? defaultMode;
  const pet = o.preferredElementType ?? null;
  let [x, y] = pet === null ? promoteDtypesInexact(op, [a, v]) : promoteDtypes(op, [a, v]);
  if (x!.ndim !== 1 || y!.ndim !== 1) throw new ValueError(`${op}() only support 1-dimensional inputs.`);
  if (x!.shape[0] === 0 || y!.shape[0] === 0) throw new ValueError(`${op}: inputs cannot be empty, got shapes ${shapeString(x!.shape)} and ${shapeString(y!.shape)}.`);
  let reverseOut = false;
  if (x!.shape[0]! < y!.shape[0]!) {
    [x, y] = [y, x];
    if (op === "correlate") reverseOut = true;
  }
  const n = x!.shape[0]!;
  const m = y!.shape[0]!;
  if (op === "convolve" && pet === null && useFft(o.method, n, m)) return fftconvolve(x!, y!, mode);
  if (op === "convolve") y = lax.rev(y!, [0]);
  let lo: number;
  let hi: number;
  if (mode === "valid") [lo, hi] = [0, 0];
  else if (mode === "same") [lo, hi] = [Math.floor(m / 2), m - Math.floor(m / 2) - 1];
  else if (mode === "full") [lo, hi] = [m - 1, m - 1];
  else throw new ValueError("mode must be one of ['full', 'same', 'valid']");
  const xp = lax.pad(x!, convertTo(0, { dtype: x!.dtype, weakType: false }), [[lo, hi, 0]]);
  const len = n + lo + hi - m + 1;
  // windows[i, j] = xp[i + j]: one gather with constant indices.
  const idx = new Int32Array(len * m);
  for (let i = 0; i < len; i++) for (let j = 0; j < m; j++) idx[i * m + j] = i + j;
  const windows = lax.gather(xp, fromValues(idx, [len, m, 1], "int32"), { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] }, [1]);
  const out = lax.dot(windows, y!, pet);
  return reverseOut ? lax.rev(out, [0]) : out;
}

/**
 * `np.convolve` (jnp.convolve): the discrete linear convolution of two 1-D arrays: `out[k] = sum_j a[k - j] v[j]`. `mode`:
 * "full" (default, length n + m - 1), "same" (length max(n, m), centred) or "valid" (only
 * complete overlaps, length max(n, m) - min(n, m) + 1).
 *
 * @example
 * ```ts
 * const a = np.array([1, 2, 3]);
 * const v = np.array([0, 1, 0.5]);
 * np.convolve(a, v); // Array([0., 1., 2.5, 4., 1.5], dtype=float32)
 * np.convolve(a, v, "same"); // Array([1. , 2.5, 4. ], dtype=float32)
 * np.convolve(a, v, { mode: "same" }); // Array([1. , 2.5, 4. ], dtype=float32)
 * ```
 */
export function convolve(a: ArrayLike, v: ArrayLike, mode?: ConvolveMode | ConvolveOptions, opts: ConvolveOptions = {}): Array {
  return conv("convolve", a, v, mode, "full", opts);
}

/**
 * `np.correlate` (jnp.correlate): the cross-correlation of two 1-D arrays: `out[k] = sum_n a[n + k] v[n]` (numpy's
 * definition), with the same modes as {@link convolve}; the default mode is "valid".
 *
 * @example
 * np.correlate(np.array([1, 2, 3]), np.array([0, 1, 0.5])); // Array([3.5], dtype=float32)
 */
export function correlate(a: ArrayLike, v: ArrayLike, mode?: ConvolveMode | ConvolveOptions, opts: ConvolveOptions = {}): Array {
  return conv("correlate", a, v, mode, "valid", opts);
}

/** Keyword arguments of {@link interp}. */
export interface InterpOptions {
  /** The value for x < xp[0] (default fp[0]); "extrapolate" extends the first segment. */
  left?: ArrayLike | "extrapolate" | null;
  /** The value for x > xp[-1] (default fp[-1]); "extrapolate" extends the last segment. */
  right?: ArrayLike | "extrapolate" | null;
  /** The period of a periodic x coordinate (then left and right are ignored). */
  period?: ArrayLike | null;
}

/**
 * `np.interp` (jnp.interp): one-dimensional piecewise-linear interpolation of the points (xp, fp) (xp increasing) at x.
 * Differentiable in x, xp and fp; segments of zero width give fp[i - 1] with finite gradients.
 *
 * @example
 * np.interp(np.array([0, 1.5, 5]), np.array([1, 2, 3]), np.array([10, 20, 30])); // Array([10., 15., 30.], dtype=float32)
 */
export function interp(x: ArrayLike, xp: ArrayLike, fp: ArrayLike, left?: ArrayLike | "extrapolate" | null | InterpOptions, right?: ArrayLike | "extrapolate" | null, period?: ArrayLike | null): Array {
  const o: InterpOptions = isOptions<InterpOptions>(left) ? left : { left, right, period };
  const fpShape = fp instanceof Array ? fp.shape : [];
  const xpShape = xp instanceof Array ? xp.shape : [];
  if (xpShape.length !== 1 || fpShape.length !== 1 || xpShape[0] !== fpShape[0]) throw new ValueError("xp and fp must be one-dimensional arrays of equal size");
  const promoted = promoteDtypesInexact("interp", [x, xp]);
  let xa = promoted[0]!;
  let xpa = promoted[1]!;
  let fpa = promoteDtypesInexact("interp", [fp])[0]!;
  for (const [name, side] of [["left", o.left], ["right", o.right]] as const) {
    if (typeof side === "string" && side !== "extrapolate") throw new ValueError(`the only valid string value of \`${name}\` is 'extrapolate', but got: '${String(side)}'`);
  }
  const per = o.period ?? null;
  if (per !== null) {
    if (per instanceof Array && per.ndim !== 0) throw new ValueError(`period must be a scalar; got ${String(per)}`);
    const p = absolute(per);
    xa = remainder(xa, p);
    xpa = remainder(xpa, p);
    [xpa, fpa] = lax.sortKeyVal(xpa, fpa, 0);
    const k = xpa.shape[0]!;
    const first = (v: Array): Array => lax.sliceInDim(v, 0, 1, 1, 0);
    const lastOf = (v: Array): Array => lax.sliceInDim(v, k - 1, k, 1, 0);
    xpa = concatenate([subtract(lastOf(xpa), p), xpa, add(first(xpa), p)]);
    fpa = concatenate([lastOf(fpa), fpa, first(fpa)]);
  }
  const len = xpa.shape[0]!;
  const i = clip(searchsorted(xpa, xa, { side: "right" }), 1, len - 1);
  const im1 = subtract(i, 1);
  const fpLo = fpa.get(im1);
  const xpLo = xpa.get(im1);
  const df = subtract(fpa.get(i), fpLo);
  const dx = subtract(xpa.get(i), xpLo);
  const delta = subtract(xa, xpLo);
  const eps = finfoEps(xpa.dtype) * finfoEps(xpa.dtype);
  const dx0 = lessEqual(absolute(dx), eps);
  let f = where(dx0, fpLo, add(fpLo, multiply(divide(delta, where(dx0, 1, dx)), df)));
  if (o.left !== "extrapolate" && per === null) {
    f = where(less(xa, xpa.get(0)), o.left ?? fpa.get(0), f);
  }
  if (o.right !== "extrapolate" && per === null) {
    f = where(greater(xa, xpa.get(-1)), o.right ?? fpa.get(-1), f);
  }
  return f;
}

/** Keyword arguments of {@link trapezoid}. */
export interface TrapezoidOptions {
  /** Sample points along `axis` (1-D, or y's shape); spacing `dx` when null. */
  x?: ArrayLike | null;
  /** Constant sample spacing (default 1), used when `x` is null. */
  dx?: ArrayLike;
  /** The axis to integrate along (default -1). */
  axis?: number;
}

const diffLast = (v: Array): Array => {
  const n = v.shape[v.ndim - 1]!;
  return subtract(lax.sliceInDim(v, 1, n, 1, v.ndim - 1), lax.sliceInDim(v, 0, n - 1, 1, v.ndim - 1));
};

/**
 * `np.trapezoid` (jnp.trapezoid): integrates `y` along `axis` with the trapezoidal rule, at sample points `x` or with constant
 * spacing `dx`.
 *
 * @example
 * np.trapezoid(np.array([1, 2, 3])); // Array(4., dtype=float32)
 * np.trapezoid(np.array([1, 2, 3]), { x: np.array([0, 1, 3]) }); // Array(6.5, dtype=float32)
 */
export function trapezoid(y: ArrayLike, x?: ArrayLike | null | TrapezoidOptions, dx?: ArrayLike, axis?: number): Array {
  const o: TrapezoidOptions = isOptions<TrapezoidOptions>(x) ? x : { x, dx, axis };
  const ax0 = o.axis ?? -1;
  let ya: Array;
  let dxa: Array;
  if (o.x === undefined || o.x === null) {
    ya = promoteDtypesInexact("trapezoid", [y])[0]!;
    dxa = promoteDtypes("trapezoid", [o.dx ?? 1])[0]!;
    if (dxa.ndim > 0) {
      dxa = lax.reshape(dxa, [...globalThis.Array<number>(ya.ndim - dxa.ndim).fill(1), ...dxa.shape]);
      dxa = moveaxis(dxa, ax0, -1);
    }
  } else {
    const [yy, xx] = promoteDtypesInexact("trapezoid", [y, o.x]);
    ya = yy!;
    dxa = xx!.ndim === 1 ? diffLast(xx!) : diffLast(moveaxis(xx!, ax0, -1));
  }
  ya = moveaxis(ya, canonicalizeAxis(ax0, ya.ndim), -1);
  const last = ya.ndim - 1;
  const n = ya.shape[last]!;
  if (dxa.ndim === 0 || dxa.shape[dxa.ndim - 1] === 1) {
    const dxr = dxa.ndim === 0 ? dxa : lax.indexInDim(dxa, 0, dxa.ndim - 1, false);
    if (n === 0) return multiply(dxr, sum(ya, -1));
    const ends = add(lax.indexInDim(ya, 0, last, false), lax.indexInDim(ya, n - 1, last, false));
    return multiply(dxr, subtract(sum(ya, -1), multiply(0.5, ends)));
  }
  const mids = add(lax.sliceInDim(ya, 1, n, 1, last), lax.sliceInDim(ya, 0, n - 1, 1, last));
  return multiply(0.5, sum(multiply(dxa, mids), -1));
}

