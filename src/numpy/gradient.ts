// np.gradient as jax.numpy defines it (jax/_src/numpy/lax_numpy.py, gradient): second-order
// central differences inside, first-order one-sided differences at both edges (JAX supports no
// other edge_order), with a scalar spacing or a 1-D coordinate array per axis (the non-uniform
// three-point formula of numpy's gradient docs, Fornberg 1988). A composition of slices and
// arithmetic, so jit, vmap and grad go through it.
import { canonicalizeAxis } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { NotImplementedError, ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { isOptions } from "./options.js";
import { checkOperands, convertTo, resultType, toInexact } from "./promote.js";
import { add, divide, multiply, negative, subtract } from "./elementwise.js";

/** Options of `np.gradient` (JAX's keyword arguments). */
export interface GradientOptions {
  /** Axis or axes to differentiate along; all axes when null (default). */
  axis?: number | readonly number[] | null;
  /** Not supported by JAX: any value is a NotImplementedError, as in jnp.gradient. */
  edgeOrder?: number | null;
}

/** `x[start:limit]` along `axis` (limit may be negative, counted from the end). */
function sliced(x: Array, axis: number, start: number, limit: number): Array {
  const n = x.shape[axis]!;
  return lax.sliceInDim(x, start < 0 ? n + start : start, limit <= 0 ? n + limit : limit, 1, axis);
}

/** The numerical derivative of `a` along `axis`, with spacing `h` (a scalar or coordinates). */
function gradientAlongAxis(a: Array, h: Array, axis: number): Array {
  const n = a.shape[axis]!;
  const at = (start: number, limit: number): Array => sliced(a, axis, start, limit);
  let upperEdge = subtract(at(1, 2), at(0, 1));
  let lowerEdge = subtract(at(n - 1, n), at(n - 2, n - 1));
  let inner: Array;
  if (h.ndim === 0) {
    inner = divide(multiply(subtract(at(2, n), at(0, n - 2)), 0.5), h);
    upperEdge = divide(upperEdge, h);
    lowerEdge = divide(lowerEdge, h);
  } else if (h.ndim === 1) {
    if (h.shape[0] !== n) throw new ValueError("Spacing arrays must have the same length as the dimension along which the gradient is calculated.");
    const x = lax.reshape(h, a.shape.map((_, d) => (d === axis ? n : 1)));
    const xAt = (start: number, limit: number): Array => sliced(x, axis, start, limit);
    upperEdge = divide(upperEdge, subtract(xAt(1, 2), xAt(0, 1)));
    lowerEdge = divide(lowerEdge, subtract(xAt(n - 1, n), xAt(n - 2, n - 1)));
    const dx1 = subtract(xAt(1, n - 1), xAt(0, n - 2));
    const dx2 = subtract(xAt(2, n), xAt(1, n - 1));
    const sum = add(dx1, dx2);
    const wLeft = negative(divide(dx2, multiply(dx1, sum)));
    const wMiddle = divide(subtract(dx2, dx1), multiply(dx1, dx2));
    const wRight = divide(dx1, multiply(dx2, sum));
    inner = add(add(multiply(wLeft, at(0, n - 2)), multiply(wMiddle, at(1, n - 1))), multiply(wRight, at(2, n)));
  } else {
    throw new ValueError("Spacing arrays must be 1D arrays or scalars.");
  }
  return lax.concatenate([upperEdge, inner, lowerEdge], axis);
}

/**
 * `np.gradient(f, ...spacing, opts?)` (jnp.gradient): the numerical gradient of sampled values
 * `f` by finite differences (second order inside, first order at the edges). Spacing: none (unit),
 * one scalar for every axis, or one scalar or 1-D coordinate array per differentiated axis.
 * Returns one Array when one axis is differentiated, else one Array per axis.
 *
 * @example
 * ```ts
 * np.gradient(np.array([0, 1, 4, 9, 16, 25])); // Array([1., 2., 4., 6., 8., 9.], dtype=float32)
 * np.gradient(np.array([0, 1, 4, 9]), np.array([0, 1, 1.5, 3.5])); // Array([1.       , 4.3333335, 5.3      , 2.5      ], dtype=float32)
 * np.gradient(np.array([[1, 2, 6], [3, 4, 5]]), { axis: 1 }); // Array([[1. , 2.5, 4. ], [1. , 1. , 1. ]], dtype=float32)
 * ```
 */
export function gradient(f: ArrayLike, ...args: [...ArrayLike[], GradientOptions] | ArrayLike[]): Array | Array[] {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptions<GradientOptions>(last as GradientOptions | ArrayLike);
  const opts: GradientOptions = hasOptions ? (last as GradientOptions) : {};
  const varargs = (hasOptions ? args.slice(0, -1) : args) as ArrayLike[];
  if (opts.edgeOrder !== undefined && opts.edgeOrder !== null) throw new NotImplementedError("The 'edge_order' argument to jnp.gradient is not supported.");
  // JAX's promote_dtypes_inexact: one dtype for all, no broadcasting between them.
  checkOperands("gradient", [f, ...varargs]);
  const inexact = toInexact(resultType(f, ...varargs));
  const [a, ...spacing] = [f, ...varargs].map((x) => convertTo(x, inexact)) as [Array, ...Array[]];
  const axisOpt = opts.axis ?? null;
  const axes = axisOpt === null ? a.shape.map((_, d) => d) : (typeof axisOpt === "number" ? [axisOpt] : [...axisOpt]).map((d) => canonicalizeAxis(d, a.ndim));
  if (axes.length === 0) return [];
  if (Math.min(...axes.map((d) => a.shape[d]!)) < 2) {
    throw new ValueError("Shape of array too small to calculate a numerical gradient, at least 2 elements are required.");
  }
  let dx: Array[];
  if (spacing.length === 0) dx = axes.map(() => lax.full([], 1, a.dtype));
  else if (spacing.length === 1) dx = axes.map(() => spacing[0]!);
  else if (spacing.length === axes.length) dx = spacing;
  else {
    const axisText = axisOpt === null ? "None" : typeof axisOpt === "number" ? String(axisOpt) : `(${axisOpt.join(", ")}${axisOpt.length === 1 ? "," : ""})`;
    throw new TypeError(`Invalid number of spacing arguments ${spacing.length} for axis=${axisText}`);
  }
  const grads = axes.map((axis, i) => gradientAlongAxis(a, dx[i]!, axis));
  return axes.length === 1 ? grads[0]! : grads;
}
