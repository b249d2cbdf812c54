// jax.lax's named-axis collectives (jax/_src/lax/parallel.py). Each names the axis of an enclosing
// vmap or pmap (their `axisName` option); the batch trace of that axis carries them out over its
// batch dimension. Outside any such vmap or pmap the name is unbound: JAX's NameError, raised
// here when the collective is called (JAX raises it in the abstract evaluation, at trace time).
import { abstractEval, canonicalizeAxis, isInexact } from "../../jaxpr/index.js";
import type { CollectiveName, Params } from "../../jaxpr/index.js";
import type { Array, ArrayLike } from "../core/array.js";
import { axisFrame } from "../core/axisEnv.js";
import { ValueError } from "../core/errors.js";
import { bind1 } from "../core/trace.js";
import { asArray } from "./core.js";
import { convertElementType, div } from "./elementwise.js";
import { full } from "./convenience.js";
import { expandDims, squeeze } from "./structural.js";
import * as tree from "../tree/index.js";
import type { MapLeaves } from "../tree/index.js";

/** One axis name or several (psum over all of them, as JAX's tuple of names). */
export type AxisNames = string | readonly string[];

const nameList = (axisName: AxisNames): string[] => (typeof axisName === "string" ? [axisName] : [...axisName]);

/**
 * Binds a collective after its shape rule: the batch trace of its axis rewrites it without
 * evaluating it abstractly, and JAX checks the shapes when the collective is applied.
 */
function bindCollective<P extends CollectiveName>(prim: P, x: Array, params: Params<P>): Array {
  abstractEval(prim, [x.aval], params);
  return bind1(prim, [x], params);
}

/** The product of the named axes' sizes; NameError for an unbound name. */
function sizeOf(names: readonly string[]): number {
  return names.reduce((p, n) => p * axisFrame(n).size, 1);
}

/**
 * `lax.axisSize(axisName)` (jax.lax.axis_size): the size of a named axis (the product, for several names).
 *
 * @example
 * ```ts
 * vmap((x: Array) => np.multiply(x, lax.axisSize("i")), { axisName: "i" })(np.array([1, 2, 3])); // Array([3., 6., 9.], dtype=float32)
 * ```
 */
export function axisSize(axisName: AxisNames): number {
  return sizeOf(nameList(axisName));
}

function reduction(prim: "psum" | "pmax" | "pmin", x: ArrayLike, axisName: AxisNames): Array {
  const axes = nameList(axisName);
  sizeOf(axes);
  const a = asArray(x);
  return axes.length === 0 ? a : bindCollective(prim, a, { axes });
}

/** Applies a collective to each leaf of a pytree (JAX's psum & co. take pytrees). */
const eachLeaf = <T>(x: T, f: (leaf: ArrayLike) => Array): MapLeaves<T, Array> => tree.map((leaf: ArrayLike) => f(leaf), x as never) as MapLeaves<T, Array>;

/**
 * `lax.psum(x, axisName)` (jax.lax.psum): the sum of `x` over the named axis (or axes): every
 * example gets the total. `x` may be a pytree (each leaf summed), as for pmean, pmax and pmin.
 *
 * @example
 * ```ts
 * vmap((x: Array) => lax.psum(x, "i"), { axisName: "i" })(np.array([1, 2, 3])); // Array([6., 6., 6.], dtype=float32)
 * ```
 */
export function psum<T>(x: T, axisName: AxisNames): MapLeaves<T, Array> {
  return eachLeaf(x, (leaf) => reduction("psum", leaf, axisName));
}

/**
 * `lax.pmean(x, axisName)` (jax.lax.pmean): the mean over the named axis (or axes); integers give floats.
 *
 * @example
 * ```ts
 * // Batch normalization statistics, computed per example against the whole batch:
 * const norm = (x: Array) => { const m = lax.pmean(x, "b"); return np.divide(np.subtract(x, m), np.sqrt(lax.pmean(np.square(np.subtract(x, m)), "b"))); };
 * vmap(norm, { axisName: "b" })(np.array([1, 2, 3])); // Array([-1.2247449,  0.       ,  1.2247449], dtype=float32)
 * ```
 */
export function pmean<T>(x: T, axisName: AxisNames): MapLeaves<T, Array> {
  const n = sizeOf(nameList(axisName));
  return eachLeaf(x, (leaf) => {
    let s = reduction("psum", leaf, axisName);
    if (!isInexact(s.dtype)) s = convertElementType(s, "float32");
    return div(s, full([], n, s.dtype));
  });
}

/**
 * `lax.pmax(x, axisName)` (jax.lax.pmax): the maximum over the named axis (or axes).
 *
 * @example
 * ```ts
 * vmap((x: Array) => lax.pmax(x, "i"), { axisName: "i" })(np.array([1, 5, 3])); // Array([5., 5., 5.], dtype=float32)
 * ```
 */
export function pmax<T>(x: T, axisName: AxisNames): MapLeaves<T, Array> {
  return eachLeaf(x, (leaf) => reduction("pmax", leaf, axisName));
}

/**
 * `lax.pmin(x, axisName)` (jax.lax.pmin): the minimum over the named axis (or axes).
 *
 * @example
 * ```ts
 * vmap((x: Array) => lax.pmin(x, "i"), { axisName: "i" })(np.array([4, 2, 3])); // Array([2., 2., 2.], dtype=float32)
 * ```
 */
export function pmin<T>(x: T, axisName: AxisNames): MapLeaves<T, Array> {
  return eachLeaf(x, (leaf) => reduction("pmin", leaf, axisName));
}

/**
 * `lax.axisIndex(axisName)` (jax.lax.axis_index): this example's position along the named axis (int32).
 *
 * @example
 * ```ts
 * vmap((x: Array) => np.multiply(x, lax.axisIndex("i")), { axisName: "i" })(np.array([5, 5, 5])); // Array([ 0.,  5., 10.], dtype=float32)
 * ```
 */
export function axisIndex(axisName: string): Array {
  axisFrame(axisName);
  return bind1("axis_index", [], { axisName });
}

/**
 * `lax.allGather(x, axisName, { axis, tiled })` (jax.lax.all_gather): every example's `x`, stacked
 * along a new dimension `axis` (default 0), or concatenated along `axis` when `tiled`.
 *
 * @example
 * ```ts
 * vmap((x: Array) => lax.allGather(x, "i"), { axisName: "i" })(np.array([1, 2])); // Array([[1., 2.], [1., 2.]], dtype=float32)
 * ```
 */
export function allGather(x: ArrayLike, axisName: string, opts: { axis?: number; tiled?: boolean } = {}): Array {
  const a = asArray(x);
  const tiled = opts.tiled ?? false;
  const allGatherDimension = canonicalizeAxis(opts.axis ?? 0, tiled ? a.ndim : a.ndim + 1);
  return bindCollective("all_gather", a, { axisName, allGatherDimension, axisSize: axisFrame(axisName).size, tiled });
}

/**
 * `lax.ppermute(x, axisName, perm)` (jax.lax.ppermute): example `dst` receives example `src`'s `x`
 * for each `[src, dst]` of `perm`; an example that is no destination receives zeros.
 *
 * @example
 * ```ts
 * // Rotate by one along the axis:
 * vmap((x: Array) => lax.ppermute(x, "i", [[0, 1], [1, 2], [2, 0]]), { axisName: "i" })(np.array([1, 2, 3])); // Array([3., 1., 2.], dtype=float32)
 * ```
 */
export function ppermute(x: ArrayLike, axisName: string, perm: readonly (readonly [number, number])[]): Array {
  if (!globalThis.Array.isArray(perm)) throw new TypeError(`\`perm\` passed to \`jax.lax.ppermute\` must be a list or a tuple. Got perm of type ${typeof perm}`);
  const n = axisFrame(axisName).size;
  const text = `(${perm.map((p) => `(${p.join(", ")})`).join(", ")})`;
  for (const p of perm) {
    if (!globalThis.Array.isArray(p) || p.length !== 2 || !p.every((i) => Number.isInteger(i) && i >= 0 && i < n)) {
      throw new ValueError(`ppermute perm entries must be pairs of indices into axis ${axisName} of size ${n}, got ${text}.`);
    }
  }
  const sources = new Set(perm.map((p) => p[0]));
  const destinations = new Set(perm.map((p) => p[1]));
  if (sources.size !== perm.length || destinations.size !== perm.length) throw new ValueError(`ppermute sources and destinations must be unique, got ${text}.`);
  return bindCollective("ppermute", asArray(x), { axisName, perm: perm.map(([s, d]) => [s, d] as const) });
}

/**
 * `lax.allToAll(x, axisName, splitAxis, concatAxis, { tiled })` (jax.lax.all_to_all): each example
 * splits `splitAxis` into one chunk per example, sends chunk j to example j, and concatenates
 * (tiled) or stacks what it receives along `concatAxis`. Untiled, `splitAxis` must have the axis
 * size and is removed.
 *
 * @example
 * ```ts
 * // A transpose across the batch: example i gets element i of every example.
 * vmap((x: Array) => lax.allToAll(x, "i", 0, 0), { axisName: "i" })(np.array([[1, 2], [3, 4]])); // Array([[1., 3.], [2., 4.]], dtype=float32)
 * ```
 */
export function allToAll(x: ArrayLike, axisName: string, splitAxis: number, concatAxis: number, opts: { tiled?: boolean } = {}): Array {
  let a = asArray(x);
  const n = axisFrame(axisName).size;
  let s = canonicalizeAxis(splitAxis, a.ndim);
  let c = canonicalizeAxis(concatAxis, a.ndim);
  if (opts.tiled ?? false) return bindCollective("all_to_all", a, { axisName, splitAxis: s, concatAxis: c, axisSize: n });
  // JAX's untiled form: a new axis at concat_axis receives the chunks, and split_axis (of size n) goes.
  if (a.shape[s] !== n) {
    throw new ValueError(`all_to_all requires the size of the mapped axis axis_name to equal x.shape[split_axis], but they are ${n} and ${a.shape[s]} respectively.`);
  }
  if (s < c) c += 1;
  else if (c < s) s += 1;
  if (s !== c) a = expandDims(a, [c]);
  const y = bindCollective("all_to_all", a, { axisName, splitAxis: s, concatAxis: c, axisSize: n });
  return s === c ? y : squeeze(y, [s]);
}

/**
 * `lax.psumScatter(x, axisName, { scatterDimension, tiled })` (jax.lax.psum_scatter): the psum,
 * of which example j keeps block j along `scatterDimension` (untiled: that dimension must have
 * the axis size and is removed).
 *
 * @example
 * ```ts
 * vmap((x: Array) => lax.psumScatter(x, "i"), { axisName: "i" })(np.array([[1, 2], [3, 4]])); // Array([4., 6.], dtype=float32)
 * ```
 */
export function psumScatter(x: ArrayLike, axisName: string, opts: { scatterDimension?: number; tiled?: boolean } = {}): Array {
  const a = asArray(x);
  const scatterDimension = canonicalizeAxis(opts.scatterDimension ?? 0, a.ndim);
  return bindCollective("reduce_scatter", a, { axisName, scatterDimension, axisSize: axisFrame(axisName).size, tiled: opts.tiled ?? false });
}
