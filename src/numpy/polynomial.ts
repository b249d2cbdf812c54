// numpy's polynomial helpers (jax.numpy semantics): polyval, vander and polyfit (least squares
// through np.linalg.lstsq, as jnp.polyfit; complex data through the real embedding).
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { add, multiply, power } from "./elementwise.js";
import { broadcastShapes } from "./promote.js";
import { isOptions, promoteDtypes, promoteDtypesInexact } from "./options.js";
import { lstsq } from "./npLinalgExtra.js";
import { inv } from "./npLinalg.js";
import { isComplex, realPartDtype } from "../../jaxpr/index.js";

/**
 * Evaluates the polynomial with coefficients `p` (highest degree first) at `x` by Horner's rule.
 * A 2-D `p` holds one polynomial per trailing index, broadcast against `x`. `unroll` is accepted
 * for JAX compatibility (the loop is always unrolled here, since the degree is static).
 *
 * @example
 * np.polyval(np.array([3, 0, 1]), np.array([1, 2])) // 3x^2 + 1: Array([ 4., 13.], dtype=float32)
 */
export function polyval(p: ArrayLike, x: ArrayLike, opts: { unroll?: number } = {}): Array {
  void opts;
  const [pa, xa] = promoteDtypes("polyval", [p, x]);
  if (pa!.ndim === 0) throw new ValueError("polyval: p must be at least 1-dimensional, got shape ().");
  const shape = broadcastShapes("polyval", pa!.shape.slice(1), xa!.shape);
  let y: Array = lax.full(shape, 0, xa!.dtype);
  if (xa!.weakType) y = lax.convertElementType(y, xa!.dtype, true);
  for (let i = 0; i < pa!.shape[0]!; i++) y = add(multiply(y, xa!), lax.indexInDim(pa!, i, 0, false));
  return y;
}

/**
 * The Vandermonde matrix of a 1-D `x`: column j is `x ** (N - 1 - j)` (`x ** j` when
 * `increasing`); N defaults to `len(x)`.
 *
 * @example
 * np.vander(np.array([1, 2, 3]), 3)
 * // Array([[1., 1., 1.], [4., 2., 1.], [9., 3., 1.]], dtype=float32)
 */
export function vander(x: ArrayLike, N?: number | null | { N?: number | null; increasing?: boolean }, increasing?: boolean): Array {
  const o = isOptions<{ N?: number | null; increasing?: boolean }>(N) ? N : { N, increasing };
  const xa = promoteDtypes("vander", [x])[0]!;
  if (xa.ndim !== 1) throw new ValueError("x must be a one-dimensional array");
  const n = o.N ?? xa.shape[0]!;
  if (!Number.isInteger(n)) throw new TypeError(`'N' argument of jnp.vander() must be an integer, got ${n}.`);
  if (n < 0) throw new ValueError("N must be nonnegative");
  const dtype = xa.dtype === "bool" ? "int32" : xa.dtype;
  let iota = lax.iota(dtype, n);
  if (!o.increasing) iota = lax.sub(lax.full([n], n - 1, dtype), iota);
  return power(lax.reshape(xa, [xa.shape[0]!, 1]), lax.reshape(iota, [1, n]));
}

/** jnp.polyfit's keyword arguments. */
export interface PolyfitOptions {
  /** Relative cutoff for small singular values (default len(x) * eps of x's dtype). */
  rcond?: number | null;
  /** Return [coefficients, residuals, rank, singular values, rcond] (numpy's full=True). */
  full?: boolean;
  /** Weights applied to the unsquared residuals, one per sample. */
  w?: ArrayLike | null;
  /** Also return the coefficients' covariance: true scales it by residuals / (n - deg - 1), "unscaled" does not. */
  cov?: boolean | "unscaled";
}

/**
 * Least-squares polynomial fit of degree `deg` (jnp.polyfit): the coefficients, highest degree
 * first, minimizing the (weighted) squared error; a 2-D `y` fits one polynomial per column. The
 * Vandermonde columns are scaled to unit norm before the SVD-based solve, as numpy does.
 *
 * @example
 * np.polyfit(np.array([0, 1, 2, 3]), np.array([1, 3, 7, 13]), 2) // x^2 + x + 1: ≈ [1, 1, 1]
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts?: PolyfitOptions & { full?: false; cov?: false }): Array;
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts: PolyfitOptions & { full: true }): [coefficients: Array, residuals: Array, rank: Array, singularValues: Array, rcond: number];
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts: PolyfitOptions & { full?: false; cov: true | "unscaled" }): [coefficients: Array, covariance: Array];
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts: PolyfitOptions = {}): Array | [Array, Array, Array, Array, number] | [Array, Array] {
  if (!Number.isInteger(deg)) throw new TypeError(`polyfit: deg must be an integer, got ${String(deg)}`);
  if (deg < 0) throw new ValueError("expected deg >= 0");
  const [xa, ya] = promoteDtypesInexact("polyfit", [x, y]);
  if (xa!.ndim !== 1) throw new TypeError("expected 1D vector for x");
  if (xa!.size === 0) throw new TypeError("expected non-empty vector for x");
  if (ya!.ndim < 1 || ya!.ndim > 2) throw new TypeError("expected 1D or 2D array for y");
  if (xa!.shape[0] !== ya!.shape[0]) throw new TypeError("expected x and y to have same length");
  const order = deg + 1;
  let lhs = vander(xa!, order);
  let rhs = ya!;
  if (opts.w !== undefined && opts.w !== null) {
    const [w] = promoteDtypesInexact("polyfit", [opts.w, xa!]);
    if (w!.ndim !== 1) throw new TypeError("expected a 1-d array for weights");
    if (w!.shape[0] !== ya!.shape[0]) throw new TypeError("expected w and y to have the same length");
    lhs = multiply(lhs, lax.expandDims(w!, [1]));
    rhs = rhs.ndim === 2 ? multiply(rhs, lax.expandDims(w!, [1])) : multiply(rhs, w!);
  }
  const eps = realPartDtype(xa!.dtype) === "float64" ? 2.220446049250313e-16 : 1.1920928955078125e-7;
  const rcond = opts.rcond ?? xa!.size * eps;
  // Column scaling (numpy): the solve sees unit-norm columns; the coefficients are unscaled after.
  const scale = lax.sqrt(lax.reduceSum(multiply(lhs, lhs), [0]));
  lhs = lax.div(lhs, lax.broadcastInDim(scale, lhs.shape, [1]));
  const complexFit = isComplex(lhs.dtype) || isComplex(rhs.dtype);
  const [c0, resids, rank, s] = complexFit ? complexLstsq(lhs, rhs, rcond) : lstsq(lhs, rhs, { rcond });
  const c = c0.ndim === 2 ? lax.div(c0, lax.broadcastInDim(scale, c0.shape, [0])) : lax.div(c0, scale);
  if (opts.full === true) return [c, resids, rank, s, rcond];
  if (opts.cov === undefined || opts.cov === false) return c;
  const gram = lax.dotGeneral(lhs, lhs, [[[0], [0]], [[], []]]);
  const base = lax.div(complexFit ? complexInverse(gram) : inv(gram), multiply(lax.expandDims(scale, [1]), lax.expandDims(scale, [0])));
  let fac: Array | number = 1;
  if (opts.cov !== "unscaled") {
    if (xa!.size <= order) throw new ValueError("the number of data points must exceed order to scale the covariance matrix");
    fac = lax.div(resids, xa!.size - order);
  }
  if (ya!.ndim === 1) return [c, multiply(base, typeof fac === "number" ? fac : lax.reshape(fac, []))];
  return [c, multiply(lax.expandDims(base, [2]), fac)];
}

/** The real embedding [[Re a, -Im a], [Im a, Re a]] of a complex (m, n) matrix: (2m, 2n). */
function embedded(a: Array): Array {
  const [re, im] = [lax.real(a), lax.imag(a)];
  return lax.concatenate([lax.concatenate([re, lax.neg(im)], 1), lax.concatenate([im, re], 1)], 0);
}

/**
 * Complex least squares (np.linalg.lstsq's results) through the real embedding, whose minimiser is
 * (Re x, Im x) and whose residual is the complex one's; its singular values are the complex
 * matrix's, each twice (so every other one is kept), and its rank twice the complex rank.
 */
function complexLstsq(a: Array, b: Array, rcond: number): [Array, Array, Array, Array] {
  const dtype = isComplex(a.dtype) ? a.dtype : b.dtype;
  const [ac, bc] = [lax.convertElementType(a, dtype), lax.convertElementType(b, dtype)];
  const n = a.shape[1]!;
  const [x, resids, rank, s] = lstsq(embedded(ac), lax.concatenate([lax.real(bc), lax.imag(bc)], 0), { rcond });
  const c = lax.complex(lax.sliceInDim(x, 0, n, 1, 0), lax.sliceInDim(x, n, 2 * n, 1, 0));
  return [c, resids, lax.div(rank, lax.full([], 2, rank.dtype)), lax.slice(s, [0], [s.shape[0]!], [2])];
}

/** The inverse of a complex square matrix: the top-left and bottom-left blocks of the embedding's inverse. */
function complexInverse(a: Array): Array {
  const n = a.shape[0]!;
  const x = inv(embedded(a));
  return lax.complex(lax.slice(x, [0, 0], [n, n]), lax.slice(x, [n, 0], [2 * n, n]));
}
