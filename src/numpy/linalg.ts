// numpy's products and diagonals: matmul, dot, vdot, outer, inner, tensordot, einsum, trace, diag,
// diagonal, kron, cross. Everything is built from lax primitives (dot_general for every
// contraction, slices and reshapes for diagonals), so it traces and differentiates like any other
// numpy function and never reads concrete values.
import type { DTypeLike } from "./dtypeLike.js";
import { isOptions, kwargs } from "./options.js";
import { canonicalizeAxis, isComplex, isFloat, shapeString } from "../../jaxpr/index.js";
import { canonicalizePrecision, type PrecisionArg } from "../lax/precision.js";
import { dtype as dtypeOf } from "./dtypeLike.js";
import type { DType, TypedDType } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { asArray, broadcastShapes, convertTo, resultType } from "./promote.js";
import { range } from "../../jaxpr/lists.js";

// ---------------------------------------------------------------------------------------------
// Helpers

/** Promotes operands to their common dtype (JAX's lattice), without broadcasting. */
function promote(...xs: ArrayLike[]): Array[] {
  const t = resultType(...xs);
  return xs.map((x) => convertTo(x, t));
}



const isIdentity = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

function transposeIfNeeded(x: Array, perm: readonly number[]): Array {
  return isIdentity(perm) ? x : lax.transpose(x, perm);
}

/** The inverse permutation (numpy's argsort of a permutation). */
function inversePermutation(perm: readonly number[]): number[] {
  const inv = new globalThis.Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** Sums over `axes`; bool operands reduce with logical or (the bool semiring dot_general uses). */
function sumAxes(x: Array, axes: readonly number[]): Array {
  if (axes.length === 0) return x;
  return x.dtype === "bool" ? lax.reduceOr(x, axes) : lax.reduceSum(x, axes);
}

/** Moves `source` axes to `destination` positions (canonical, distinct axes). */
function moveaxis(x: Array, source: readonly number[], destination: readonly number[]): Array {
  const rest = range(0, x.ndim).filter((i) => !source.includes(i));
  const perm = new globalThis.Array<number>(x.ndim);
  const order = destination.map((d, i) => [d, source[i]!] as const).sort((a, b) => a[0] - b[0]);
  let r = 0;
  let o = 0;
  for (let i = 0; i < x.ndim; i++) {
    if (o < order.length && order[o]![0] === i) perm[i] = order[o++]![1];
    else perm[i] = rest[r++]!;
  }
  return transposeIfNeeded(x, perm);
}

/** A zero-filled array of `x`'s dtype and the given shape. */
function zerosOf(t: TypedDType, shape: readonly number[]): Array {
  return lax.broadcastInDim(convertTo(t.dtype === "bool" ? false : 0, { dtype: t.dtype, weakType: t.weakType }), shape, []);
}

// ---------------------------------------------------------------------------------------------
// JAX's keyword arguments of the dot-like functions

/** The keyword arguments jnp.dot, matmul, vdot, inner, tensordot and einsum take. */
export interface DotKwargs {
  /**
   * A {@link lax.Precision}, a string naming one, or one per operand. Validated only: dprog
   * computes float32 products in full float32 precision on the CPU, so every precision gives the
   * same values (HIGHEST is what runs).
   */
  precision?: PrecisionArg;
  /** The result's dtype (products are accumulated in it when it is a floating dtype). */
  preferredElementType?: DTypeLike | null;
}

/** np.einsum's keyword arguments. */
export interface EinsumOptions extends DotKwargs {
  /** Accepted for JAX compatibility; dprog always contracts pairwise greedily. */
  optimize?: boolean | string;
}

/**
 * Validates `precision` and applies `preferredElementType`: a floating preferred type that is at
 * least as wide as the operands' is the type the product is computed in (as XLA's CPU upcasts the
 * operands); any other is a conversion of the result. The result is never weakly typed then.
 */
function withDotKwargs(opts: DotKwargs, args: readonly ArrayLike[], body: (...xs: Array[]) => Array): Array {
  canonicalizePrecision(opts.precision);
  const pref = opts.preferredElementType;
  if (pref === undefined || pref === null) return body(...promote(...args));
  const dt = dtypeOf(pref);
  const arrays = promote(...args);
  const inType = arrays[0]!.dtype;
  if (isFloat(dt) && (inType !== "float64" || dt === "float64")) {
    return body(...arrays.map((a) => convertTo(a, { dtype: dt, weakType: false })));
  }
  return convertTo(body(...arrays), { dtype: dt, weakType: false });
}

// ---------------------------------------------------------------------------------------------
// matmul, dot and friends

/**
 * `np.matmul(x, y, { precision, preferredElementType })` (jnp.matmul), with JAX's keyword arguments `precision` (validated; every precision gives the same values in dprog) and `preferredElementType`.
 *
 * @example
 * ```ts
 * const a = np.array([[1, 2], [3, 4]]);
 * np.matmul(a, np.array([1, 1])); // Array([3., 7.], dtype=float32)
 * np.matmul(a, a, { precision: "highest" }); // Array([[ 7., 10.], [15., 22.]], dtype=float32)
 * np.matmul(np.ones([5, 2, 3]), np.ones([3, 4])).shape; // [5, 2, 4]
 * ```
 */
export function matmul(x: ArrayLike, y: ArrayLike, opts?: DotKwargs): Array;
export function matmul(x: ArrayLike, y: ArrayLike, opts: DotKwargs = {}): Array {
  return withDotKwargs(opts, [x, y], (a, b) => matmulImpl(a, b));
}

/**
 * np.matmul (the `@` operator): 1-D operands are promoted to matrices and the added dimension is
 * removed again; leading (batch) dimensions broadcast. Rank-0 operands are an error.
 */
function matmulImpl(x: ArrayLike, y: ArrayLike): Array {
  const [a0, b0] = promote(x, y);
  let a = a0!;
  let b = b0!;
  [a, b].forEach((v, i) => {
    if (v.ndim < 1) throw new ValueError(`matmul input operand ${i} must have ndim at least 1, but it has ndim ${v.ndim}`);
  });
  const ka = a.shape[a.ndim - 1]!;
  const kb = b.ndim === 1 ? b.shape[0]! : b.shape[b.ndim - 2]!;
  if (ka !== kb) {
    throw new ValueError(
      `matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size ${kb} is different from ${ka})`,
    );
  }
  const aIsMat = a.ndim > 1;
  const bIsMat = b.ndim > 1;
  const aBatchDims = aIsMat ? a.shape.slice(0, -2) : [];
  const bBatchDims = bIsMat ? b.shape.slice(0, -2) : [];
  const numBatch = Math.max(aBatchDims.length, bBatchDims.length);
  const pad = (dims: readonly number[]): (number | null)[] => [...globalThis.Array<null>(numBatch - dims.length).fill(null), ...dims];
  const aBatch = pad(aBatchDims);
  const bBatch = pad(bBatchDims);

  // As in jax.numpy.matmul: size-1 batch dims are squeezed rather than broadcast, equal ones become
  // dot_general batch dims, and the output is transposed into place at the end.
  const aSqueeze: number[] = [];
  const bSqueeze: number[] = [];
  const aBatchPos: number[] = [];
  const bBatchPos: number[] = [];
  const idxBatch: number[] = [];
  const idxAOther: number[] = [];
  const idxBOther: number[] = [];
  for (let i = 0; i < numBatch; i++) {
    const ba = aBatch[i]!;
    const bb = bBatch[i]!;
    if (ba === null) {
      idxBOther.push(i);
    } else if (bb === null) {
      idxAOther.push(i);
    } else if (ba === 1) {
      idxBOther.push(i);
      aSqueeze.push(idxBatch.length + idxAOther.length + aSqueeze.length);
    } else if (bb === 1) {
      idxAOther.push(i);
      bSqueeze.push(idxBatch.length + idxBOther.length + bSqueeze.length);
    } else if (ba === bb) {
      aBatchPos.push(idxBatch.length + idxAOther.length);
      bBatchPos.push(idxBatch.length + idxBOther.length);
      idxBatch.push(i);
    } else {
      throw new ValueError(`Incompatible shapes for matmul arguments: ${shapeString(a.shape)} and ${shapeString(b.shape)}`);
    }
  }
  if (aIsMat) idxAOther.push(numBatch);
  if (bIsMat) idxBOther.push(numBatch + (aIsMat ? 1 : 0));
  const perm = inversePermutation([...idxBatch, ...idxAOther, ...idxBOther]);

  if (aSqueeze.length > 0) a = lax.squeeze(a, aSqueeze);
  if (bSqueeze.length > 0) b = lax.squeeze(b, bSqueeze);
  const out = lax.dotGeneral(a, b, [[[a.ndim - 1], [b.ndim - 1 - (bIsMat ? 1 : 0)]], [aBatchPos, bBatchPos]]);
  return transposeIfNeeded(out, perm);
}

/**
 * `np.dot(x, y, { precision, preferredElementType })` (jnp.dot), with JAX's keyword arguments `precision` (validated; every precision gives the same values in dprog) and `preferredElementType`.
 *
 * @example
 * ```ts
 * np.dot(np.array([1, 2]), np.array([3, 4])); // Array(11., dtype=float32)
 * np.dot(np.array([[1, 2], [3, 4]]), np.array([[1], [1]]), { preferredElementType: "float32" }); // Array([[3.], [7.]], dtype=float32)
 * np.dot(2, np.array([1, 2])); // Array([2., 4.], dtype=float32)
 * ```
 */
export function dot(x: ArrayLike, y: ArrayLike, opts?: DotKwargs): Array;
export function dot(x: ArrayLike, y: ArrayLike, opts: DotKwargs = {}): Array {
  return withDotKwargs(opts, [x, y], (a, b) => dotImpl(a, b));
}

/**
 * np.dot: a scalar operand multiplies; otherwise contracts the last axis of `x` with the only axis
 * of a 1-D `y`, or with the second-to-last axis of an N-D `y` (no batching: the free dims of both
 * operands appear in the output).
 */
function dotImpl(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promote(x, y);
  const an = a!.ndim;
  const bn = b!.ndim;
  let contract: [number[], number[]];
  if (an === 0 || bn === 0) contract = [[], []];
  else if (bn === 1) contract = [[an - 1], [0]];
  else contract = [[an - 1], [bn - 2]];
  return lax.dotGeneral(a!, b!, [contract, [[], []]]);
}

/**
 * `np.vdot(x, y, { precision, preferredElementType })` (jnp.vdot): the dot product of the flattened operands (the first conjugated), with JAX's keyword arguments `precision` (validated; every precision gives the same values in dprog) and `preferredElementType`.
 *
 * @example
 * ```ts
 * np.vdot(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [0, 1]])); // Array(5., dtype=float32)
 * ```
 */
export function vdot(x: ArrayLike, y: ArrayLike, opts?: DotKwargs): Array;
export function vdot(x: ArrayLike, y: ArrayLike, opts: DotKwargs = {}): Array {
  return withDotKwargs(opts, [x, y], (a, b) => vdotImpl(a, b));
}

/** np.vdot: the dot product of the flattened operands, the first conjugated when complex (as jnp.vdot). */
function vdotImpl(x: ArrayLike, y: ArrayLike): Array {
  const [a0, b] = promote(x, y);
  const a = isComplex(a0!.dtype) ? lax.conj(a0!) : a0!;
  return dot(lax.reshape(a, [a.size]), lax.reshape(b!, [b!.size]));
}

/**
 * `np.outer(x, y)` (jnp.outer): `ravel(x)[:, None] * ravel(y)[None, :]`.
 *
 * @example
 * ```ts
 * np.outer(np.array([1, 2]), np.array([1, 10, 100])); // Array([[  1.,  10., 100.], [  2.,  20., 200.]], dtype=float32)
 * ```
 */
export function outer(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promote(x, y);
  return lax.dotGeneral(lax.reshape(a!, [a!.size]), lax.reshape(b!, [b!.size]), [[[], []], [[], []]]);
}

/**
 * `np.inner(x, y, { precision, preferredElementType })` (jnp.inner): the sum over the last axes of both operands, with JAX's keyword arguments `precision` (validated; every precision gives the same values in dprog) and `preferredElementType`.
 *
 * @example
 * ```ts
 * np.inner(np.array([1, 2]), np.array([3, 4])); // Array(11., dtype=float32)
 * np.inner(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [1, 1]])); // Array([[1., 3.], [3., 7.]], dtype=float32)
 * ```
 */
export function inner(x: ArrayLike, y: ArrayLike, opts?: DotKwargs): Array;
export function inner(x: ArrayLike, y: ArrayLike, opts: DotKwargs = {}): Array {
  return withDotKwargs(opts, [x, y], (a, b) => innerImpl(a, b));
}

/** np.inner: contracts the last axes of both operands; a scalar operand multiplies. */
function innerImpl(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promote(x, y);
  if (a!.ndim === 0 || b!.ndim === 0) return lax.dotGeneral(a!, b!, [[[], []], [[], []]]);
  return tensordot(a!, b!, [[-1], [-1]]);
}

/** `jnp.tensordot`'s axes: a count N (the last N of `a` against the first N of `b`) or a pair of axis lists. */
export type TensordotAxes = number | readonly [number | readonly number[], number | readonly number[]];

/**
 * `np.tensordot(x, y, axes = 2, { precision, preferredElementType })` (jnp.tensordot): contracts the last `axes` axes of x with the first of y, or the listed axes, with JAX's keyword arguments: `precision` (validated; every precision gives the
 * same values in dprog) and `preferredElementType`.
 *
 * @example
 * ```ts
 * const a = np.arange(6).reshape([1, 2, 3]);
 * const b = np.ones([3, 2]);
 * np.tensordot(a, b, 1).shape; // [1, 2, 2]
 * np.tensordot(a, b, [[1, 2], [1, 0]]); // Array([15.], dtype=float32)
 * np.tensordot(np.array([1, 2]), np.array([3, 4]), 0); // Array([[3., 4.], [6., 8.]], dtype=float32)
 * ```
 */
export function tensordot(x: ArrayLike, y: ArrayLike, axes: TensordotAxes = 2, opts: DotKwargs = {}): Array {
  return withDotKwargs(opts, [x, y], (a, b) => tensordotImpl(a, b, axes));
}

/**
 * np.tensordot: `axes = n` contracts the last n axes of `x` with the first n of `y`;
 * `axes = [xAxes, yAxes]` contracts the listed axes pairwise.
 */
function tensordotImpl(x: ArrayLike, y: ArrayLike, axes: TensordotAxes = 2): Array {
  const [a, b] = promote(x, y);
  const an = a!.ndim;
  const bn = b!.ndim;
  let contract: [number[], number[]];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes)) throw new TypeError(`tensordot axes argument must be an int, a pair of ints, or a pair of lists/tuples of ints.`);
    if (axes < 0) throw new ValueError(`tensordot axes argument must be non-negative, got ${axes}`);
    if (axes > Math.min(an, bn)) {
      throw new TypeError(`Number of tensordot axes (axes ${axes}) exceeds input ranks (${shapeString(a!.shape)} and ${shapeString(b!.shape)})`);
    }
    contract = [range(an - axes, an), range(0, axes)];
  } else if (globalThis.Array.isArray(axes) && axes.length === 2) {
    const [ax1, ax2] = axes as readonly [number | readonly number[], number | readonly number[]];
    if (typeof ax1 === "number" && typeof ax2 === "number") {
      contract = [[canonicalizeAxis(ax1, an)], [canonicalizeAxis(ax2, bn)]];
    } else if (globalThis.Array.isArray(ax1) && globalThis.Array.isArray(ax2)) {
      if (ax1.length !== ax2.length) {
        throw new TypeError(`tensordot requires axes lists to have equal length, got ${JSON.stringify(ax1)} and ${JSON.stringify(ax2)}.`);
      }
      contract = [ax1.map((i: number) => canonicalizeAxis(i, an)), ax2.map((i: number) => canonicalizeAxis(i, bn))];
    } else {
      throw new TypeError(`tensordot requires both axes lists to be either ints, tuples or lists, got ${JSON.stringify(ax1)} and ${JSON.stringify(ax2)}`);
    }
  } else {
    throw new TypeError("tensordot axes argument must be an int, a pair of ints, or a pair of lists/tuples of ints.");
  }
  for (const [c, n, s] of [[contract[0], an, a!.shape], [contract[1], bn, b!.shape]] as const) {
    if (new Set(c).size !== c.length) throw new ValueError(`tensordot got repeated axes ${JSON.stringify(c)} for operand of shape ${shapeString(s)} (rank ${n})`);
  }
  for (let i = 0; i < contract[0].length; i++) {
    const da = a!.shape[contract[0][i]!]!;
    const db = b!.shape[contract[1][i]!]!;
    if (da !== db) throw new ValueError(`shape-mismatch for sum: tensordot axes ${contract[0][i]} of ${shapeString(a!.shape)} (size ${da}) and ${contract[1][i]} of ${shapeString(b!.shape)} (size ${db})`);
  }
  return lax.dotGeneral(a!, b!, [contract, [[], []]]);
}

/**
 * `np.kron(x, y)` (jnp.kron): the Kronecker product (block matrix of `x[i] * y`).
 *
 * @example
 * ```ts
 * np.kron(np.array([[1, 2], [3, 4]]), np.array([[1, 1]])); // Array([[1., 1., 2., 2.], [3., 3., 4., 4.]], dtype=float32)
 * ```
 */
export function kron(x: ArrayLike, y: ArrayLike): Array {
  let [a, b] = promote(x, y) as [Array, Array];
  if (a.ndim < b.ndim) a = lax.reshape(a, [...globalThis.Array<number>(b.ndim - a.ndim).fill(1), ...a.shape]);
  else if (b.ndim < a.ndim) b = lax.reshape(b, [...globalThis.Array<number>(a.ndim - b.ndim).fill(1), ...b.shape]);
  const n = a.ndim;
  // Outer product with interleaved axes (a0, b0, a1, b1, ...), then merge each pair.
  const out = lax.dotGeneral(a, b, [[[], []], [[], []]]);
  const perm: number[] = [];
  for (let i = 0; i < n; i++) perm.push(i, n + i);
  return lax.reshape(transposeIfNeeded(out, perm), a.shape.map((d, i) => d * b.shape[i]!));
}

/** `jnp.cross`'s keywords: which axis holds the vectors of each operand and of the result. */
export interface CrossOptions {
  /** The axis of `a` holding its vectors (default -1). */
  axisa?: number;
  /** The axis of `b` holding its vectors (default -1). */
  axisb?: number;
  /** The axis of the result holding the cross products (default -1). */
  axisc?: number;
  /** Overrides axisa, axisb and axisc. */
  axis?: number | null;
}

/**
 * `np.cross(x, y, { axisa, axisb, axisc, axis })` (jnp.cross): the cross product of 2- or 3-vectors along `axisa`/`axisb` (default last), broadcast
 * over the other axes. Two 2-vectors give the scalar z component, as numpy does.
 *
 * @example
 * ```ts
 * np.cross(np.array([1, 0, 0]), np.array([0, 1, 0])); // Array([0., 0., 1.], dtype=float32)
 * np.cross(np.array([1, 2]), np.array([3, 4])); // Array(-2., dtype=float32)
 * np.cross(np.array([[1, 0], [0, 1], [0, 0]]), np.array([[0, 0], [1, 0], [0, 1]]), { axisa: 0, axisb: 0 }); // Array([[0., 0., 1.], [1., 0., 0.]], dtype=float32)
 * ```
 */
export function cross(x: ArrayLike, y: ArrayLike, opts: CrossOptions = {}): Array {
  let axisa = opts.axisa ?? -1;
  let axisb = opts.axisb ?? -1;
  let axisc = opts.axisc ?? -1;
  if (opts.axis !== undefined && opts.axis !== null) axisa = axisb = axisc = opts.axis;
  const [a0, b0] = promote(x, y);
  if (a0!.ndim < 1 || b0!.ndim < 1) throw new ValueError("At least one array has zero dimension");
  const a = moveaxis(a0!, [canonicalizeAxis(axisa, a0!.ndim)], [a0!.ndim - 1]);
  const b = moveaxis(b0!, [canonicalizeAxis(axisb, b0!.ndim)], [b0!.ndim - 1]);
  const na = a.shape[a.ndim - 1]!;
  const nb = b.shape[b.ndim - 1]!;
  if ((na !== 2 && na !== 3) || (nb !== 2 && nb !== 3)) {
    throw new ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)");
  }
  const batch = broadcastShapes("cross", a.shape.slice(0, -1), b.shape.slice(0, -1));
  const component = (v: Array, i: number): Array => {
    const c = lax.reshape(lax.sliceInDim(v, i, i + 1, 1, v.ndim - 1), v.shape.slice(0, -1));
    return lax.broadcastInDim(c, batch, c.shape.map((_, j) => j + batch.length - c.ndim));
  };
  const sub = (p: Array, q: Array): Array => (p.dtype === "bool" ? lax.bitwiseXor(p, q) : lax.sub(p, q));
  const mul = (p: Array, q: Array): Array => (p.dtype === "bool" ? lax.bitwiseAnd(p, q) : lax.mul(p, q));
  const [a1, a2] = [component(a, 0), component(a, 1)];
  const [b1, b2] = [component(b, 0), component(b, 1)];
  const cz = sub(mul(a1, b2), mul(a2, b1));
  if (na === 2 && nb === 2) return cz;
  const zero = zerosOf(a.aval, batch);
  const a3 = na === 3 ? component(a, 2) : zero;
  const b3 = nb === 3 ? component(b, 2) : zero;
  const cx = sub(mul(a2, b3), mul(a3, b2));
  const cy = sub(mul(a3, b1), mul(a1, b3));
  const expand = (c: Array): Array => lax.reshape(c, [...batch, 1]);
  const out = lax.concatenate([expand(cx), expand(cy), expand(cz)], batch.length);
  return moveaxis(out, [batch.length], [canonicalizeAxis(axisc, out.ndim)]);
}

// ---------------------------------------------------------------------------------------------
// Diagonals

/**
 * `np.diagonal(x, offset = 0, axis1 = 0, axis2 = 1)` (jnp.diagonal): the diagonal (with `offset`) of the 2-D sub-arrays spanned by `axis1` and `axis2`;
 * those axes are removed and the diagonal becomes the last axis. Built from a strided slice of
 * the flattened matrices, so it is linear and cheap under every transform.
 *
 * @example
 * ```ts
 * const x = np.arange(9).reshape([3, 3]);
 * np.diagonal(x); // Array([0, 4, 8], dtype=int32)
 * np.diagonal(x, 1); // Array([1, 5], dtype=int32)
 * np.diagonal(np.arange(8).reshape([2, 2, 2]), { axis1: 1, axis2: 2 }); // Array([[0, 3], [4, 7]], dtype=int32)
 * ```
 */
export function diagonal(x: ArrayLike, offset?: number | DiagonalOptions, axis1?: number | DiagonalOptions, axis2?: number | DiagonalOptions, opts?: DiagonalOptions): Array {
  const o = kwargs<DiagonalOptions>("diagonal", ["offset", "axis1", "axis2"], [offset, axis1, axis2, opts]);
  return diagonalImpl(x, o.offset ?? 0, o.axis1 ?? 0, o.axis2 ?? 1);
}

/** `jnp.diagonal`/`trace`'s keywords. */
export interface DiagonalOptions {
  /** Which diagonal: 0 the main one, positive above, negative below. */
  offset?: number;
  /** The first axis of the 2-D planes the diagonals are taken from (default 0). */
  axis1?: number;
  /** The second axis of those planes (default 1). */
  axis2?: number;
}

function diagonalImpl(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): Array {
  const a0 = asArray(x);
  if (a0.ndim < 2) throw new ValueError("diagonal requires an array of at least two dimensions.");
  if (!Number.isInteger(offset)) throw new TypeError(`diagonal offset must be an integer, got ${offset}.`);
  const ax1 = canonicalizeAxis(axis1, a0.ndim);
  const ax2 = canonicalizeAxis(axis2, a0.ndim);
  if (ax1 === ax2) throw new ValueError("axis1 and axis2 cannot be the same");
  let a = moveaxis(a0, [ax1, ax2], [a0.ndim - 2, a0.ndim - 1]);
  const nd = a.ndim;
  const n = a.shape[nd - 2]!;
  const m = a.shape[nd - 1]!;
  if (offset > 0) a = lax.sliceInDim(a, Math.min(offset, m), m, 1, nd - 1);
  else if (offset < 0) a = lax.sliceInDim(a, Math.min(-offset, n), n, 1, nd - 2);
  const rows = a.shape[nd - 2]!;
  const cols = a.shape[nd - 1]!;
  const d = Math.min(rows, cols);
  const batch = a.shape.slice(0, -2);
  if (d < rows) a = lax.sliceInDim(a, 0, d, 1, nd - 2);
  if (cols === 1 || d === 0) return lax.reshape(a, [...batch, d]);
  const flat = lax.reshape(a, [...batch, d * cols]);
  return lax.sliceInDim(flat, 0, (d - 1) * (cols + 1) + 1, cols + 1, nd - 2);
}

/**
 * `np.trace(x, offset = 0, axis1 = 0, axis2 = 1, dtype?)` (jnp.trace): the sum along a diagonal. Bool sums to int32 as jnp.sum does.
 *
 * @example
 * ```ts
 * const x = np.arange(9).reshape([3, 3]);
 * np.trace(x); // Array(12, dtype=int32)
 * np.trace(x, { offset: -1, dtype: "float32" }); // Array(10., dtype=float32)
 * ```
 */
export function trace(x: ArrayLike, offset?: number | TraceOptions, axis1?: number | TraceOptions, axis2?: number | TraceOptions, dtype?: DTypeLike | null | TraceOptions, opts?: TraceOptions): Array {
  const o = kwargs<TraceOptions>("trace", ["offset", "axis1", "axis2", "dtype"], [offset, axis1, axis2, dtype, opts]);
  const out = traceImpl(x, o.offset ?? 0, o.axis1 ?? 0, o.axis2 ?? 1);
  return o.dtype === undefined || o.dtype === null || o.dtype === out.dtype ? out : lax.convertElementType(out, o.dtype as DType);
}

/** `jnp.trace`'s keywords. */
export interface TraceOptions extends DiagonalOptions {
  /** The dtype of the sum; omitted: as `jnp.sum` chooses from the input's dtype. */
  dtype?: DTypeLike | null;
}

function traceImpl(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): Array {
  let d = diagonal(x, offset, axis1, axis2);
  if (d.dtype === "bool") d = lax.convertElementType(d, "int32", d.weakType);
  return lax.reduceSum(d, [d.ndim - 1]);
}

/**
 * `np.diag(x, k = 0)` (jnp.diag): a 1-D operand becomes a square matrix with it on diagonal `k`; a 2-D operand gives its
 * `k`-th diagonal.
 *
 * @example
 * ```ts
 * np.diag(np.array([1, 2])); // Array([[1., 0.], [0., 2.]], dtype=float32)
 * np.diag(np.array([1, 2]), 1); // Array([[0., 1., 0.], [0., 0., 2.], [0., 0., 0.]], dtype=float32)
 * np.diag(np.arange(9).reshape([3, 3]), { k: -1 }); // Array([3, 7], dtype=int32)
 * ```
 */
export function diag(x: ArrayLike, k?: number | { k?: number }, opts?: { k?: number }): Array {
  return diagImpl(x, kwargs<{ k?: number }>("diag", ["k"], [k, opts]).k ?? 0);
}

function diagImpl(x: ArrayLike, k = 0): Array {
  const v = asArray(x);
  if (!Number.isInteger(k)) throw new TypeError(`diag k must be an integer, got ${k}.`);
  if (v.ndim === 2) return diagonal(v, k, 0, 1);
  if (v.ndim !== 1) throw new ValueError("diag input must be 1d or 2d");
  const n = v.shape[0]! + Math.abs(k);
  const padded = Math.abs(k) === 0 ? v : lax.pad(v, convertTo(v.dtype === "bool" ? false : 0, v.aval), [[Math.max(0, k), Math.max(0, -k), 0]]);
  const rowsOf = lax.broadcastInDim(padded, [n, n], [1]);
  const row = lax.broadcastedIota("int32", [n, n], 0);
  const col = lax.broadcastedIota("int32", [n, n], 1);
  const mask = lax.eq(lax.sub(col, row), k);
  return lax.select(mask, rowsOf, zerosOf(v.aval, [n, n]));
}

// ---------------------------------------------------------------------------------------------
// einsum

interface EinsumSpec {
  inputs: string[][];
  output: string[];
}

const LETTER = /^[A-Za-z]$/;

/** Splits one subscripts term into labels and an ellipsis position (-1 when absent). */
function parseTerm(term: string, what: string): { labels: string[]; ellipsisAt: number } {
  const labels: string[] = [];
  let ellipsisAt = -1;
  for (let i = 0; i < term.length; ) {
    const c = term[i]!;
    if (c === ".") {
      if (term.slice(i, i + 3) !== "...") {
        throw new ValueError("einstein sum subscripts string contains a '.' that is not part of an '...'");
      }
      if (ellipsisAt >= 0) throw new ValueError(`einstein sum subscripts string contains more than one '...' in ${what}`);
      ellipsisAt = labels.length;
      i += 3;
      continue;
    }
    if (!LETTER.test(c)) {
      throw new ValueError(`invalid subscript '${c}' in einstein sum subscripts string, subscripts must be letters`);
    }
    labels.push(c);
    i++;
  }
  return { labels, ellipsisAt };
}

/** Parses subscripts against the operand shapes; ellipsis dims get private labels "…0", "…1", .... */
function parseEinsum(subscripts: string, shapes: readonly (readonly number[])[]): EinsumSpec & { sizes: Map<string, number> } {
  const s = subscripts.replace(/\s+/g, "");
  const arrow = s.indexOf("->");
  if (arrow >= 0 && s.indexOf("->", arrow + 1) >= 0) throw new ValueError("Subscripts can only contain one '->'.");
  const lhs = arrow >= 0 ? s.slice(0, arrow) : s;
  const rhs = arrow >= 0 ? s.slice(arrow + 2) : null;
  for (const c of lhs + (rhs ?? "")) {
    if (c === "-" || c === ">") throw new ValueError("Subscripts can only contain one '->'.");
  }
  if (rhs !== null && rhs.includes(",")) throw new ValueError("einstein sum subscripts string contains a ',' in the output");
  const terms = lhs.split(",");
  if (terms.length !== shapes.length) {
    throw new ValueError(`Number of einsum subscripts must be equal to the number of operands (${terms.length} subscripts, ${shapes.length} operands).`);
  }
  const parsed = terms.map((t, k) => parseTerm(t, `operand ${k}`));
  let numEllipsis = 0;
  const ellipsisDims = parsed.map(({ labels, ellipsisAt }, k) => {
    const ndim = shapes[k]!.length;
    if (labels.length > ndim) throw new ValueError(`einstein sum subscripts string contains too many subscripts for operand ${k}`);
    if (ellipsisAt < 0 && labels.length !== ndim) {
      throw new ValueError(
        `operand ${k} has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.`,
      );
    }
    const e = ellipsisAt < 0 ? 0 : ndim - labels.length;
    numEllipsis = Math.max(numEllipsis, e);
    return e;
  });
  const ellipsisLabels = range(0, numEllipsis).map((i) => `…${i}`);
  const inputs = parsed.map(({ labels, ellipsisAt }, k) => {
    if (ellipsisAt < 0) return labels;
    const e = ellipsisDims[k]!;
    return [...labels.slice(0, ellipsisAt), ...ellipsisLabels.slice(numEllipsis - e), ...labels.slice(ellipsisAt)];
  });

  // Label sizes; size 1 broadcasts against any size, as in numpy and opt_einsum.
  const sizes = new Map<string, number>();
  inputs.forEach((labels, k) => {
    labels.forEach((l, i) => {
      const d = shapes[k]![i]!;
      const prev = sizes.get(l);
      if (prev === undefined || prev === 1) sizes.set(l, d);
      else if (d !== 1 && d !== prev) {
        if (l.startsWith("…")) {
          throw new ValueError(`einsum operands could not be broadcast together in their '...' dimensions: ${shapes.map(shapeString).join(", ")}`);
        }
        throw new ValueError(`Size of label '${l}' for operand ${k} (${d}) does not match previous terms (${prev}).`);
      }
    });
  });

  let output: string[];
  if (rhs === null) {
    const counts = new Map<string, number>();
    for (const labels of parsed) for (const l of labels.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, n]) => n === 1).map(([l]) => l).sort();
    output = [...ellipsisLabels, ...once];
  } else {
    const { labels, ellipsisAt } = parseTerm(rhs, "the output");
    const seen = new Set<string>();
    for (const l of labels) {
      if (seen.has(l)) throw new ValueError(`einstein sum subscripts string includes output subscript '${l}' multiple times`);
      seen.add(l);
      if (!sizes.has(l)) throw new ValueError(`einstein sum subscripts string included output subscript '${l}' which never appeared in an input`);
    }
    // Without '...' in an explicit output the broadcast dims are summed, as in opt_einsum.
    output = ellipsisAt < 0 ? labels : [...labels.slice(0, ellipsisAt), ...ellipsisLabels, ...labels.slice(ellipsisAt)];
  }
  return { inputs, output, sizes };
}

interface Operand {
  x: Array;
  labels: string[];
}

const sizeOf = (labels: readonly string[], sizes: Map<string, number>): number => labels.reduce((p, l) => p * sizes.get(l)!, 1);

/**
 * Brings an operand to a canonical form: size-1 dims that broadcast are squeezed, repeated labels
 * are reduced to their diagonal, and labels needed nowhere else are summed out.
 */
function simplify(op: Operand, needed: ReadonlySet<string>, sizes: Map<string, number>): Operand {
  let { x, labels } = op;
  const squeeze = labels.flatMap((l, i) => (x.shape[i] === 1 && sizes.get(l)! !== 1 ? [i] : []));
  if (squeeze.length > 0) {
    x = lax.squeeze(x, squeeze);
    labels = labels.filter((_, i) => !squeeze.includes(i));
  }
  for (;;) {
    const i = labels.findIndex((l, j) => labels.indexOf(l) !== j);
    if (i < 0) break;
    const first = labels.indexOf(labels[i]!);
    const l = labels[i]!;
    x = diagonal(x, 0, first, i);
    labels = [...labels.filter((_, j) => j !== first && j !== i), l];
  }
  const drop = labels.flatMap((l, i) => (needed.has(l) ? [] : [i]));
  if (drop.length > 0) {
    x = sumAxes(x, drop);
    labels = labels.filter((_, i) => !drop.includes(i));
  }
  return { x, labels };
}

function labelsNeeded(ops: readonly Operand[], except: readonly number[], output: readonly string[]): Set<string> {
  const s = new Set(output);
  ops.forEach((op, i) => {
    if (!except.includes(i)) for (const l of op.labels) s.add(l);
  });
  return s;
}

/** One pairwise contraction with dot_general: shared labels needed later are batch dims. */
function contractPair(a: Operand, b: Operand, needed: ReadonlySet<string>): Operand {
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const batch = shared.filter((l) => needed.has(l));
  const contracted = shared.filter((l) => !needed.has(l));
  const idx = (op: Operand, ls: readonly string[]): number[] => ls.map((l) => op.labels.indexOf(l));
  const x = lax.dotGeneral(a.x, b.x, [[idx(a, contracted), idx(b, contracted)], [idx(a, batch), idx(b, batch)]]);
  const labels = [...batch, ...a.labels.filter((l) => !shared.includes(l)), ...b.labels.filter((l) => !shared.includes(l))];
  return { x, labels };
}

/**
 * np.einsum; a trailing options object takes JAX's keyword arguments `precision` (validated;
 * every precision gives the same values in dprog), `preferredElementType` and `optimize`
 * (accepted; dprog always contracts greedily).
 *
 * @example
 * ```ts
 * const a = np.array([[1, 2], [3, 4]]);
 * const b = np.array([[1, 0], [1, 1]]);
 * np.einsum("ij,jk->ik", a, b, { precision: lax.Precision.HIGHEST, preferredElementType: "float32" }); // Array([[3., 2.], [7., 4.]], dtype=float32)
 * ```
 */
export function einsum(subscripts: string, ...operands: (ArrayLike | EinsumOptions)[]): Array {
  const last = operands[operands.length - 1];
  const opts: EinsumOptions = isOptions<EinsumOptions>(last as EinsumOptions | ArrayLike) ? (last as EinsumOptions) : {};
  const arrays = (opts === last ? operands.slice(0, -1) : operands) as ArrayLike[];
  if (arrays.length === 0) return einsumImpl(subscripts);
  return withDotKwargs(opts, arrays, (...xs) => einsumImpl(subscripts, ...xs));
}

/**
 * np.einsum: explicit (`"ij,jk->ik"`) and implicit (`"ij,jk"`) output, repeated labels within an
 * operand (diagonals), `...` broadcasting and any number of operands. Operands are contracted
 * pairwise with dot_general, greedily choosing the pair with the smallest intermediate.
 */
function einsumImpl(subscripts: string, ...operands: ArrayLike[]): Array {
  if (typeof subscripts !== "string") throw new TypeError("einsum subscripts must be a string.");
  if (operands.length === 0) throw new ValueError("No input operands");
  const arrays = promote(...operands);
  const { inputs, output, sizes } = parseEinsum(subscripts, arrays.map((a) => a.shape));
  let ops: Operand[] = arrays.map((x, i) => ({ x, labels: inputs[i]! }));
  ops = ops.map((op, i) => simplify(op, labelsNeeded(ops, [i], output), sizes));

  while (ops.length > 1) {
    let best: [number, number] = [0, 1];
    let bestKey: [number, number] | null = null;
    for (let i = 0; i < ops.length; i++) {
      for (let j = i + 1; j < ops.length; j++) {
        const needed = labelsNeeded(ops, [i, j], output);
        const a = ops[i]!.labels;
        const b = ops[j]!.labels;
        const sharesLabel = a.some((l) => b.includes(l));
        const outLabels = new Set([...a, ...b].filter((l) => needed.has(l) || !(a.includes(l) && b.includes(l))));
        const outSize = sizeOf([...outLabels], sizes);
        const key: [number, number] = [sharesLabel ? 0 : 1, outSize - sizeOf(a, sizes) - sizeOf(b, sizes)];
        if (bestKey === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
          bestKey = key;
          best = [i, j];
        }
      }
    }
    const [i, j] = best;
    const needed = labelsNeeded(ops, [i, j], output);
    const result = contractPair(ops[i]!, ops[j]!, needed);
    ops = [...ops.filter((_, k) => k !== i && k !== j), result];
  }

  const last = simplify(ops[0]!, new Set(output), sizes);
  const perm = output.map((l) => last.labels.indexOf(l));
  return transposeIfNeeded(last.x, perm);
}
