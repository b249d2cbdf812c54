// numpy's polynomial arithmetic (jax/_src/numpy/polynomial.py): poly polyadd polysub polymul
// polydiv polyder polyint, and trimZeros (jax/_src/numpy/lax_numpy.py trim_zeros). Coefficients
// are highest degree first. The loops run over static lengths, so every function composes with
// jit/vmap/grad (trimZeros and the trimming options need concrete values, as in JAX).
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { ConcretizationTypeError, ValueError } from "../core/errors.js";
import * as lax from "../lax/index.js";
import { fromValues } from "./fromValues.js";
import { divide, multiply, negative } from "./elementwise.js";
import { isOptions, promoteDtypes, promoteDtypesInexact } from "./options.js";
import { atleast1d, concatenate, stack } from "./shape.js";
import { convolve } from "./signal.js";
import { eigvals } from "./npLinalgEig.js";

/** A constant 1-D array of `values` in `dtype`. */
const constant = (values: readonly number[], dtype: Array["dtype"]): Array => fromValues(values, [values.length], dtype);

/** A static non-negative order (JAX: `core.concrete_or_error(operator.index, m)`). */
function order(m: number, name: string): number {
  if (typeof m !== "number" || !Number.isInteger(m)) throw new TypeError(`'m' argument of jnp.${name} must be a static integer, got ${String(m)}.`);
  return m;
}

/** The first axis-0 positions of `x`: x[start:stop]. */
function rows(x: Array, start: number, stop: number): Array {
  return lax.slice(x, [start, ...x.shape.slice(1).map(() => 0)], [stop, ...x.shape.slice(1)]);
}

/** Pads `x` with zeros in front along axis 0 up to length `n`. */
function padFront(x: Array, n: number): Array {
  return lax.pad(x, lax.convertElementType(0, x.dtype), [[n - x.shape[0]!, 0, 0], ...x.shape.slice(1).map((): [number, number, number] => [0, 0, 0])]);
}

/**
 * The coefficients of the monic polynomial with the given roots (a 1-D array), or the
 * characteristic polynomial of a square matrix (its eigenvalues are the roots; complex
 * coefficients, as JAX's).
 *
 * @example
 * np.poly(np.array([1, 2])) // (x-1)(x-2): Array([ 1., -3.,  2.], dtype=float32)
 */
export function poly(seqOfZeros: ArrayLike): Array {
  const [z0] = promoteDtypesInexact("poly", [seqOfZeros]);
  let z = atleast1d(z0!);
  if (z.ndim === 2 && z.shape[0] === z.shape[1] && z.shape[0] !== 0) z = eigvals(z);
  if (z.ndim !== 1) throw new ValueError("input must be 1d or non-empty square 2d array.");
  if (z.shape[0] === 0) return lax.full([], 1, z.dtype);
  let a: Array = lax.full([1], 1, z.dtype);
  // a(x) (x - z_k): [a, 0] - z_k [0, a] (convolve's arithmetic, and complex-capable).
  const zero = lax.full([1], 0, z.dtype);
  for (let k = 0; k < z.shape[0]!; k++) {
    a = lax.sub(concatenate([a, zero]), multiply(lax.indexInDim(z, k, 0, false), concatenate([zero, a])));
  }
  return a;
}

/**
 * The sum of two polynomials (the shorter is aligned to the end of the longer).
 *
 * @example
 * np.polyadd(np.array([1, 2]), np.array([1, 0, 0])) // Array([1, 1, 2], dtype=int32)
 */
export function polyadd(a1: ArrayLike, a2: ArrayLike): Array {
  const [x, y] = promoteDtypes("polyadd", [a1, a2]);
  if (x!.ndim === 0 || y!.ndim === 0) throw new ValueError(`polyadd: inputs must be at least 1-dimensional, got shapes ${x!.aval.str()} and ${y!.aval.str()}.`);
  const n = Math.max(x!.shape[0]!, y!.shape[0]!);
  // JAX: longer.at[-len(shorter):].add(shorter), i.e. the shorter one padded with zeros in front.
  return x!.shape[0]! >= y!.shape[0]! ? lax.add(x!, padFront(y!, n)) : lax.add(padFront(x!, n), y!);
}

/** The difference of two polynomials. @example np.polysub(np.array([1, 2]), np.array([3])) // [1, -1] */
export function polysub(a1: ArrayLike, a2: ArrayLike): Array {
  const [x, y] = promoteDtypes("polysub", [a1, a2]);
  return polyadd(x!, negative(y!));
}

/** Options of {@link polymul} and {@link polydiv}. */
export interface PolyTrimOptions {
  /** Drop leading zero coefficients first (needs concrete values, as in JAX). */
  trimLeadingZeros?: boolean;
}

/**
 * The product of two polynomials (a full convolution).
 *
 * @example
 * np.polymul(np.array([1, 1]), np.array([1, -1])) // Array([ 1.,  0., -1.], dtype=float32)
 */
export function polymul(a1: ArrayLike, a2: ArrayLike, opts: PolyTrimOptions = {}): Array {
  let [x, y] = promoteDtypesInexact("polymul", [a1, a2]) as [Array, Array];
  if (opts.trimLeadingZeros && (x.shape[0]! > 1 || y.shape[0]! > 1)) {
    x = trimZeros(x, "f");
    y = trimZeros(y, "f");
  }
  if (x.shape[0] === 0) x = lax.full([1], 0, y.dtype);
  if (y.shape[0] === 0) y = lax.full([1], 0, x.dtype);
  return convolve(x, y, "full");
}

/**
 * Polynomial long division: [quotient, remainder]. As JAX, the remainder keeps the dividend's
 * length (leading entries are the cancelled zeros) unless `trimLeadingZeros` is set.
 *
 * @example
 * np.polydiv(np.array([1, -3, 2]), np.array([1, -1])) // [Array([ 1., -2.]), Array([0., 0., 0.])]
 */
export function polydiv(u: ArrayLike, v: ArrayLike, opts: PolyTrimOptions = {}): [quotient: Array, remainder: Array] {
  const [ua, va] = promoteDtypesInexact("polydiv", [u, v]) as [Array, Array];
  if (ua.ndim !== 1 || va.ndim !== 1) throw new ValueError(`polydiv: inputs must be 1-dimensional, got shapes ${ua.aval.str()} and ${va.aval.str()}.`);
  const m = ua.shape[0]! - 1;
  const n = va.shape[0]! - 1;
  const at = (x: Array, i: number): Array => lax.indexInDim(x, i, 0, false);
  const scale = divide(1, at(va, 0));
  const rem: Array[] = [];
  for (let i = 0; i <= m; i++) rem.push(at(ua, i));
  const vs: Array[] = [];
  for (let j = 0; j <= n; j++) vs.push(at(va, j));
  const q: Array[] = [];
  for (let k = 0; k < m - n + 1; k++) {
    const d = multiply(scale, rem[k]!);
    q.push(d);
    const negD = negative(d);
    for (let j = 0; j <= n; j++) rem[k + j] = lax.add(rem[k + j]!, multiply(negD, vs[j]!));
  }
  const quotient = q.length === 0 ? lax.full([Math.max(m - n + 1, 1)], 0, ua.dtype) : stack(q);
  let remainder = rem.length === 0 ? ua : stack(rem);
  if (opts.trimLeadingZeros) {
    // JAX's trim_zeros_tol with tol = sqrt(eps) of the dtype.
    const c = remainder.concreteValue();
    if (c === null) throw new ConcretizationTypeError(`traced array with shape ${remainder.aval.str()}`, "Error arose in the `filt` argument of trim_zeros_tol()");
    const tol = Math.sqrt(remainder.dtype === "float64" ? 2 ** -52 : 2 ** -23);
    const vals = (c.tolist() as number[]).map((x) => Math.abs(x) < tol);
    const start = vals.indexOf(false);
    remainder = start < 0 ? lax.full([0], 0, remainder.dtype) : rows(remainder, start, remainder.shape[0]!);
  }
  return [quotient, remainder];
}

/**
 * The m-th derivative of a polynomial.
 *
 * @example
 * np.polyder(np.array([1, 2, 3])) // Array([2., 2.], dtype=float32)
 */
export function polyder(p: ArrayLike, m = 1): Array {
  m = order(m, "polyder");
  const [pa] = promoteDtypesInexact("polyder", [p]) as [Array];
  if (m < 0) throw new ValueError("Order of derivative must be positive");
  if (m === 0) return pa;
  const len = pa.shape[0]!;
  // coeff[i] = prod_{j<m} (m + i - j): exact integers, reversed as JAX's coeff[::-1].
  const coeff: number[] = [];
  for (let i = 0; i < len - m; i++) {
    let c = 1;
    for (let j = 0; j < m; j++) c *= m + i - j;
    coeff.push(c);
  }
  return multiply(rows(pa, 0, Math.max(len - m, 0)), constant(coeff.reverse(), pa.dtype));
}

/** Options of {@link polyint}. */
export interface PolyintOptions {
  /** The integration constants: a scalar, or one per integration (highest order first). */
  k?: ArrayLike | readonly number[] | null;
}

/**
 * The m-th antiderivative of a polynomial, with integration constants `k` (0 by default).
 *
 * @example
 * np.polyint(np.array([3, 2, 1])) // Array([1., 1., 1., 0.], dtype=float32)
 */
export function polyint(p: ArrayLike, m: number | PolyintOptions = 1, k: ArrayLike | readonly number[] | null | PolyintOptions = null): Array {
  const o: PolyintOptions & { m: number } = typeof m === "object" ? { m: 1, ...m } : isOptions<PolyintOptions>(k) ? { m, ...k } : { m, k };
  const kk = o.k ?? null;
  m = order(o.m, "polyint");
  const kArg: ArrayLike = kk === null ? 0 : globalThis.Array.isArray(kk) ? fromValues(kk as readonly number[], [(kk as readonly number[]).length], "float32") : (kk as ArrayLike);
  const [pa, ka0] = promoteDtypesInexact("polyint", [p, kArg]) as [Array, Array];
  if (m < 0) throw new ValueError("Order of integral must be positive (see polyder)");
  let ka = atleast1d(ka0);
  if (ka.ndim === 1 && ka.shape[0] === 1) ka = lax.broadcastInDim(lax.reshape(ka, []), [m], []);
  if (ka.ndim !== 1 || ka.shape[0] !== m) throw new ValueError("k must be a scalar or a rank-1 array of length 1 or m.");
  if (m === 0) return pa;
  const len = pa.shape[0]! + m;
  // coeff[i] = prod_{j<m} max(1, i - j), reversed (JAX's polyint).
  const coeff: number[] = [];
  for (let i = 0; i < len; i++) {
    let c = 1;
    for (let j = 0; j < m; j++) c *= Math.max(1, i - j);
    coeff.push(c);
  }
  return divide(concatenate([pa, ka]), constant(coeff.reverse(), pa.dtype));
}

/**
 * `filt` without its leading ('f') and/or trailing ('b') zeros along the given axes (all by
 * default). The output shape depends on the values, so `filt` must be concrete (not traced).
 *
 * @example
 * np.trimZeros(np.array([0, 0, 1, 2, 0])) // Array([1, 2], dtype=int32)
 */
export function trimZeros(filt: ArrayLike, trim = "fb", axis: number | readonly number[] | null = null): Array {
  const [x] = promoteDtypes("trim_zeros", [filt]) as [Array];
  const c = x.concreteValue();
  if (c === null) throw new ConcretizationTypeError(`traced array with shape ${x.aval.str()}`, "Error arose in the `filt` argument of trim_zeros()");
  const axes = new Set((axis === null ? x.shape.map((_, i) => i) : typeof axis === "number" ? [axis] : axis).map((a) => (a < 0 ? a + x.ndim : a)));
  const t = trim.toLowerCase();
  if (axes.size === 0 || (!t.includes("f") && !t.includes("b"))) return x;
  const starts: number[] = [];
  const limits: number[] = [];
  const nonzero = lax.ne(c, lax.convertElementType(0, c.dtype));
  for (let ax = 0; ax < x.ndim; ax++) {
    const n = x.shape[ax]!;
    if (!axes.has(ax)) {
      starts.push(0);
      limits.push(n);
      continue;
    }
    const others = x.shape.map((_, i) => i).filter((i) => i !== ax);
    const mask = (lax.reduceOr(nonzero, others).tolist() as boolean[]);
    const first = mask.indexOf(true);
    if (first < 0) {
      starts.push(0);
      limits.push(0);
      continue;
    }
    starts.push(t.includes("f") ? first : 0);
    limits.push(t.includes("b") ? mask.lastIndexOf(true) + 1 : n);
  }
  return lax.slice(x, starts, limits);
}
