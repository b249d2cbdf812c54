// scipy.signal.detrend as jax/_src/scipy/signal.py defines it: "constant" subtracts the mean;
// "linear" subtracts, on each segment between breakpoints, the least-squares line in
// t = 1..Npts. JAX solves that 2-column least-squares problem with lstsq; the normal equations
// of a line have the closed form used here (slope = cov(t, y) / var(t), through the means).
import { Array, type ArrayLike } from "../../core/array.js";
import { NotImplementedError, ValueError } from "../../core/errors.js";
import * as np from "../../numpy/index.js";
import { canonicalizeAxis } from "../../../jaxpr/index.js";

/** Options of `scipy.signal.detrend` (JAX's keyword arguments). */
export interface DetrendOptions {
  /** The axis to detrend along (default -1). */
  axis?: number;
  /** "linear" (default) or "constant". */
  type?: "linear" | "constant";
  /** Breakpoints: indices where a new linear segment starts (default 0: one segment). */
  bp?: number | readonly number[];
  /** Not supported by JAX (NotImplementedError when given). */
  overwriteData?: null;
}

/** `y` minus its least-squares line along axis 0 (t = 1..n, as JAX's design matrix). */
function removeLine(y: Array): Array {
  const n = y.shape[0]!;
  const t = np.arange(1, n + 1, { dtype: y.dtype }).reshape([n, ...y.shape.slice(1).map(() => 1)]);
  const tc = np.subtract(t, (n + 1) / 2);
  const yc = np.subtract(y, np.mean(y, { axis: 0, keepdims: true }));
  const slope = np.divide(np.sum(np.multiply(tc, yc), { axis: 0, keepdims: true }), np.sum(np.multiply(tc, tc)));
  return n === 1 ? np.zerosLike(y) : np.subtract(yc, np.multiply(slope, tc));
}

/**
 * `scipy.signal.detrend(data, opts?)` (jax.scipy.signal.detrend): removes the mean ("constant") or
 * the least-squares line ("linear", default, piecewise between breakpoints `bp`) along `axis`.
 *
 * @example
 * ```ts
 * scipy.signal.detrend(np.array([1, 2, 3, 5])); // Array([ 0.19999993, -0.10000002, -0.39999998,  0.30000007], dtype=float32)
 * scipy.signal.detrend(np.array([1, 2, 3, 6]), { type: "constant" }); // Array([-2., -1.,  0.,  3.], dtype=float32)
 * ```
 */
export function detrend(data: ArrayLike, opts: DetrendOptions = {}): Array {
  if (opts.overwriteData !== undefined && opts.overwriteData !== null) throw new NotImplementedError("overwrite_data argument not implemented.");
  const type = opts.type ?? "linear";
  if (type !== "constant" && type !== "linear") throw new ValueError("Trend type must be 'linear' or 'constant'.");
  const raw = np.asarray(data);
  const a = np.issubdtype(raw.dtype, np.inexact) ? raw : raw.astype(raw.weakType ? np.dtype(np.float_) : "float32");
  const axisArg = opts.axis ?? -1;
  if (type === "constant") return np.subtract(a, np.mean(a, { axis: axisArg, keepdims: true }));
  const axis = canonicalizeAxis(axisArg, a.ndim);
  const n = a.shape[axis]!;
  const bp = typeof opts.bp === "number" ? [opts.bp] : [...(opts.bp ?? [0])];
  const points = [...new Set([0, ...bp, n])].sort((x, y) => x - y);
  if (points[0]! < 0 || points[points.length - 1]! > n) throw new ValueError("Breakpoints must be non-negative and less than length of data along given axis.");
  const moved = np.moveaxis(a, axis, 0);
  const pieces = points.slice(0, -1).map((start, m) => removeLine(moved.get(`${start}:${points[m + 1]!}`)));
  return np.moveaxis(np.concatenate(pieces, 0), 0, axis);
}
