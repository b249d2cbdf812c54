// scipy.signal.convolve2d and correlate2d as jax/_src/scipy/signal.py defines them: the 2-D cases
// of the direct N-dimensional convolution (only boundary "fill" with fillvalue 0, as JAX's);
// correlate2d flips and conjugates the operands as JAX's does per mode, so the "same" and
// "valid" windows are JAX's (and scipy's) when in1 is the smaller operand.
import { isComplex } from "../../../jaxpr/index.js";
import { Array, type ArrayLike } from "../../core/array.js";
import { NotImplementedError, ValueError } from "../../core/errors.js";
import * as np from "../../numpy/index.js";
import { convolve } from "./index.js";
import type { ConvolveMode } from "./index.js";

/** The two operands, after JAX's checks of boundary, fillvalue and rank. */
function operands2d(name: string, in1: ArrayLike, in2: ArrayLike, boundary: string, fillvalue: number): [Array, Array] {
  if (boundary !== "fill" || fillvalue !== 0) throw new NotImplementedError(`${name}() only supports boundary='fill', fillvalue=0`);
  const a = np.asarray(in1);
  const b = np.asarray(in2);
  if (a.ndim !== 2 || b.ndim !== 2) throw new ValueError(`${name}() only supports 2-dimensional inputs.`);
  return [a, b];
}

const conj = (x: Array): Array => (isComplex(x.dtype) ? np.conj(x) : x);

/**
 * `scipy.signal.convolve2d(in1, in2, mode?, boundary?, fillvalue?)` (jax.scipy.signal.convolve2d):
 * the 2-D convolution; `mode` "full" (default), "same" or "valid"; only boundary "fill" with
 * fillvalue 0 (JAX's NotImplementedError otherwise).
 *
 * @example
 * ```ts
 * scipy.signal.convolve2d(np.array([[1, 2], [3, 4]]), np.array([[1, 1], [1, 1]])); // Array([[ 1.,  3.,  2.], [ 4., 10.,  6.], [ 3.,  7.,  4.]], dtype=float32)
 * ```
 */
export function convolve2d(in1: ArrayLike, in2: ArrayLike, mode: ConvolveMode = "full", boundary = "fill", fillvalue = 0): Array {
  const [a, b] = operands2d("convolve2d", in1, in2, boundary, fillvalue);
  return convolve(a, b, mode, "direct");
}

/**
 * `scipy.signal.correlate2d(in1, in2, mode?, boundary?, fillvalue?)` (jax.scipy.signal.correlate2d):
 * the 2-D cross-correlation; modes and boundary as {@link convolve2d}.
 *
 * @example
 * ```ts
 * scipy.signal.correlate2d(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [0, 1]])); // Array([[1., 2., 0.], [3., 5., 2.], [0., 3., 4.]], dtype=float32)
 * ```
 */
export function correlate2d(in1: ArrayLike, in2: ArrayLike, mode: ConvolveMode = "full", boundary = "fill", fillvalue = 0): Array {
  const [a, b] = operands2d("correlate2d", in1, in2, boundary, fillvalue);
  const swap = a.shape.every((s, i) => s <= b.shape[i]!);
  const sameShape = a.shape.every((s, i) => s === b.shape[i]!);
  // JAX's three cases (jax/_src/scipy/signal.py correlate2d): either convolve flip(in2) with conj(in1)
  // and conjugate, or convolve flip(in1) with conj(in2) and flip the result.
  const flipped = (): Array => np.flip(convolve(np.flip(a), conj(b), mode, "direct"));
  if (mode === "same") return flipped();
  if (mode === "valid") return swap && !sameShape ? convolve(np.flip(b), conj(a), mode, "direct") : flipped();
  return swap ? conj(convolve(np.flip(b), conj(a), mode, "direct")) : flipped();
}
