// jax.scipy.stats' summary functions (jax/_src/scipy/stats/_core.py): mode, rankdata, sem.
import { canonicalizeAxis } from "../../../jaxpr/index.js";
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import { NotImplementedError, ValueError } from "../../core/errors.js";
import * as lax from "../../lax/index.js";
import * as np from "../../numpy/index.js";
import { inexact } from "../special/util.js";

type NanPolicy = "propagate" | "omit" | "raise";

/** JAX's nan_policy checks for mode and rankdata: only 'propagate' is implemented. */
function checkNanPolicy(policy: string, name: string): void {
  if (!["propagate", "omit", "raise"].includes(policy)) throw new ValueError(`Illegal nan_policy value '${policy}'; expected one of {'propagate', 'omit', 'raise'}`);
  if (policy === "omit") throw new NotImplementedError(`Logic for \`nan_policy\` of ${policy} is not implemented`);
  if (policy === "raise") {
    throw new NotImplementedError(`In order to best JIT compile \`${name}\`, we cannot know whether \`x\` contains nans. Please check if nans exist in \`x\` outside of the \`${name}\` function.`);
  }
}

/** scipy's ModeResult: the most common value and its count, as a tuple with named fields. */
export type ModeResult = [mode: Array, count: Array] & { mode: Array; count: Array };

/** Options of {@link mode}. */
export interface ModeOptions {
  /** The axis to reduce (0 by default; null flattens). */
  axis?: number | null;
  nanPolicy?: NanPolicy;
  keepdims?: boolean;
}

/**
 * `scipy.stats.mode(a, opts?)` (jax.scipy.stats.mode): the most common value along `axis` (the smallest one on ties) and its count, as
 * `jax.scipy.stats.mode` (np.unique with a static size per column).
 *
 * @example
 * ```ts
 * const { mode, count } = scipy.stats.mode(np.array([1, 2, 2, 3]));
 * mode; // Array(2., dtype=float32)
 * count; // Array(2, dtype=int32)
 * ```
 */
export function mode(a: ArrayLike, opts: ModeOptions = {}): ModeResult {
  const x0 = np.atleast1d(a);
  checkNanPolicy(opts.nanPolicy ?? "propagate", "mode");
  const axisOpt = opts.axis === undefined ? 0 : opts.axis;
  const axis = axisOpt === null ? null : canonicalizeAxis(axisOpt, x0.ndim);
  const outShape = opts.keepdims
    ? x0.shape.map((s, i) => (axis === null || i === axis ? 1 : s))
    : axis === null ? [] : x0.shape.filter((_, i) => i !== axis);
  const x = axis === null ? np.ravel(x0) : np.moveaxis(x0, axis, 0);
  const n = x.shape[0]!;
  const cols = np.reshape(x, [n, x.shape.slice(1).reduce((p, q) => p * q, 1)]);
  const vals: Array[] = [];
  const counts: Array[] = [];
  for (let j = 0; j < cols.shape[1]!; j++) {
    if (n === 0) {
      vals.push(lax.full([], NaN, "float32"));
      counts.push(lax.full([], 0, "float32"));
      continue;
    }
    const [u, c] = np.unique(lax.indexInDim(cols, j, 1, false), { returnCounts: true, size: n }) as [Array, Array];
    vals.push(np.take(u, np.argmax(c)));
    counts.push(np.max(c));
  }
  const m = vals.length ? np.stack(vals) : lax.full([0], 0, x.dtype);
  const c = counts.length ? np.stack(counts) : lax.full([0], 0, "int32");
  const modeOut = np.reshape(m, outShape);
  const countOut = np.reshape(c, outShape);
  return Object.assign([modeOut, countOut] as [Array, Array], { mode: modeOut, count: countOut });
}

/** The ranking methods of {@link rankdata}. */
export type RankMethod = "average" | "min" | "max" | "dense" | "ordinal";

/** Ranks of a 1-D array (1-based, float32), as JAX's `_rankdata`; nan everywhere if any is nan. */
function rank1d(a: Array, method: RankMethod): Array {
  const size = a.size;
  const [arr, sorter] = lax.sort([a, lax.iota("int32", size)], { numKeys: 1 }) as [Array, Array];
  const inv = lax.full([size], 0, "int32").at(sorter).set(lax.iota("int32", size));
  let out: Array;
  if (method === "ordinal") out = np.astype(np.add(inv, 1), "float32");
  else {
    const obs = size === 0 ? lax.full([0], true, "bool") : lax.concatenate([lax.full([1], true, "bool"), lax.ne(lax.slice(arr, [1], [size]), lax.slice(arr, [0], [size - 1]))], 0);
    const dense = np.take(lax.cumsum(lax.convertElementType(obs, "int32"), 0), inv);
    if (method === "dense") out = np.astype(dense, "float32");
    else {
      const count = np.astype(np.nonzero(obs, { size: size + 1, fillValue: size })[0]!, "float32");
      const hi = np.take(count, dense);
      const lo = np.take(count, np.subtract(dense, 1));
      out = method === "max" ? hi : method === "min" ? np.add(lo, 1) : np.multiply(0.5, np.add(np.add(hi, lo), 1));
    }
  }
  // JAX's lax.cond(any(isnan(a)), full nan, ranks): the same values as a select.
  const anyNan = size === 0 ? lax.full([], false, "bool") : np.any(np.isnan(a));
  return np.where(anyNan, NaN, out);
}

/**
 * `scipy.stats.rankdata(a, method?, opts?)` (jax.scipy.stats.rankdata): ranks of the data (1 for the smallest), ties by `method`, over the flattened array or along
 * `axis`; float32 (JAX's default float); nan where the data holds a nan.
 *
 * @example
 * ```ts
 * scipy.stats.rankdata(np.array([10, 20, 20, 5])); // Array([2. , 3.5, 3.5, 1. ], dtype=float32)
 * scipy.stats.rankdata(np.array([10, 20, 20, 5]), "min"); // Array([2., 3., 3., 1.], dtype=float32)
 * ```
 */
export function rankdata(a: ArrayLike, method: RankMethod = "average", opts: { axis?: number | null; nanPolicy?: NanPolicy } = {}): Array {
  checkNanPolicy(opts.nanPolicy ?? "propagate", "rankdata");
  if (!["average", "min", "max", "dense", "ordinal"].includes(method)) throw new ValueError(`unknown method '${method}'`);
  if (opts.axis !== undefined && opts.axis !== null) return np.applyAlongAxis((v: Array) => rank1d(v, method), opts.axis, a);
  return rank1d(np.ravel(a), method);
}

/** Options of {@link sem}. */
export interface SemOptions {
  /** The axis (0 by default; null for all elements). */
  axis?: number | null;
  /** Delta degrees of freedom (1 by default). */
  ddof?: number;
  /** 'propagate' (nan in, nan out) or 'omit' (ignore nans). */
  nanPolicy?: "propagate" | "omit";
  keepdims?: boolean;
}

/**
 * The standard error of the mean: std(a, ddof) / sqrt(n), as `jax.scipy.stats.sem`.
 *
 * @example
 * ```ts
 * scipy.stats.sem(np.array([1, 2, 3, 4])); // Array(0.6454972, dtype=float32)
 * ```
 */
export function sem(a: ArrayLike, opts: SemOptions = {}): Array {
  const [b] = inexact("sem", a) as [Array];
  const axis = opts.axis === undefined ? 0 : opts.axis;
  const ddof = opts.ddof ?? 1;
  const keepdims = opts.keepdims ?? false;
  const policy = opts.nanPolicy ?? "propagate";
  if (policy === "propagate") {
    const size = axis === null ? b.size : b.shape[canonicalizeAxis(axis, b.ndim)]!;
    return np.divide(np.std(b, axis, keepdims, { ddof }), np.astype(np.sqrt(size), b.dtype));
  }
  if (policy === "omit") {
    const count = np.sum(np.logicalNot(np.isnan(b)), axis, keepdims);
    return np.divide(np.nanstd(b, axis, keepdims, { ddof }), np.astype(np.sqrt(count), b.dtype));
  }
  throw new ValueError(`${String(policy)} is not supported`);
}
