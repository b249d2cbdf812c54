// numpy's order statistics and covariances (jax.numpy semantics): quantile percentile
// nanquantile nanpercentile (methods linear lower higher nearest midpoint), cov corrcoef.
// Everything is built from lax.sort, selects and reductions, so it differentiates, jits and vmaps.
import type { DType } from "../../jaxpr/index.js";
import { reductionAxes, isFloat, isInteger, shapeString } from "../../jaxpr/index.js";
import type { Axis } from "../core/array.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { ValueError } from "../core/errors.js";
import { promoteArgs, promoteArgsInexact, resultType, strong, toInexact } from "./promote.js";
import { absolute, clip, divide, multiply, sqrt, subtract } from "./elementwise.js";
import { average, sum } from "./reductions.js";
import { atleast2d, concatenate, squeeze } from "./shape.js";
import { diag, dot } from "./linalg.js";
import { isOptions } from "./options.js";

/** The interpolation methods of {@link quantile}. */
export type QuantileMethod = "linear" | "lower" | "higher" | "nearest" | "midpoint";

/** Keyword arguments of {@link quantile} and friends. */
export interface QuantileOptions {
  /** Axis or axes to reduce (all by default). */
  axis?: Axis;
  /** Must be null: jnp has no `out`. */
  out?: null;
  /** Must be false: jnp does not overwrite inputs. */
  overwriteInput?: boolean;
  /** How to pick between the two order statistics around the quantile (default "linear"). */
  method?: QuantileMethod;
  /** Keep the reduced axes with size 1. */
  keepdims?: boolean;
}

const METHODS: readonly string[] = ["linear", "lower", "higher", "nearest", "midpoint"];

function quantileArgs(name: string, axis: Axis | undefined | QuantileOptions, out: null | undefined, overwriteInput: boolean | undefined, method: QuantileMethod | undefined, keepdims: boolean | undefined): Required<Pick<QuantileOptions, "method" | "keepdims">> & { axis: Axis | undefined } {
  const o: QuantileOptions = isOptions<QuantileOptions>(axis) ? axis : { axis, out, overwriteInput, method, keepdims };
  if (o.overwriteInput || (o.out !== undefined && o.out !== null)) {
    throw new ValueError(`jax.numpy.${name} does not support overwrite_input=True or out != None`);
  }
  const m = o.method ?? "linear";
  if (!METHODS.includes(m)) {
    if ((m as string) === "inverted_cdf") throw new Error(`${name}: method 'inverted_cdf' is not implemented in dprog.`);
    throw new ValueError("method can only be 'linear', 'lower', 'higher', 'midpoint', 'nearest' or 'inverted_cdf'");
  }
  return { axis: o.axis, method: m, keepdims: o.keepdims ?? false };
}


/** Takes `sorted[..., idx]` along the last axis for every lane: `idx` has shape `[...lead, ...lanes]`, sorted `[...lanes, n]`. */
function takeLast(sorted: Array, idx: Array): Array {
  const n = sorted.shape[sorted.ndim - 1]!;
  const full = [...idx.shape, n];
  const s = lax.broadcastInDim(sorted, full, sorted.shape.map((_, i) => full.length - sorted.ndim + i));
  const ix = lax.broadcastInDim(idx, full, idx.shape.map((_, i) => i));
  const hit = lax.eq(lax.broadcastedIota("int32", full, full.length - 1), ix);
  return lax.reduceSum(lax.select(hit, s, lax.fullLike(s, 0)), [full.length - 1]);
}

function quantileImpl(name: string, x: ArrayLike, q: ArrayLike, axis: Axis | undefined, method: QuantileMethod, keepdims: boolean, squashNans: boolean): Array {
  let a = promoteArgsInexact(name, [x])[0]!;
  const outDtype = a.dtype;
  const ct = toInexact(resultType(a, q)).dtype;
  a = strong(a, ct);
  const qa = strong(q, ct);
  if (qa.ndim > 1) throw new ValueError(`q must be have rank <= 1, got shape ${shapeString(qa.shape)}`);
  const ndim = a.ndim;
  const dims = reductionAxes(axis, ndim);
  const kept = a.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const lanes = kept.map((i) => a.shape[i]!);
  const n = dims.reduce((p, d) => p * a.shape[d]!, 1);
  const keepShape = a.shape.map((d, i) => (dims.includes(i) ? 1 : d));
  const lead = qa.ndim === 1 ? [qa.shape[0]!] : [];
  const outShape = [...lead, ...(keepdims ? keepShape : lanes)];
  if (n === 0) return lax.full(outShape, NaN, outDtype);
  a = lax.reshape(lax.transpose(a, [...kept, ...dims]), [...lanes, n]);
  const last = lanes.length;
  const isNan = lax.ne(a, a);
  let count: Array;
  if (squashNans) {
    count = lax.reduceSum(lax.convertElementType(lax.bitwiseNot(isNan), ct), [last]);
  } else {
    // A lane with a NaN has NaN quantiles: fill it with NaN before sorting.
    const anyNan = lax.broadcastInDim(lax.reduceOr(isNan, [last]), a.shape, lanes.map((_, i) => i));
    a = lax.select(anyNan, lax.fullLike(a, NaN), a);
    count = lax.full(lanes, n, ct);
  }
  const sorted = lax.sort([a], { dimension: last, numKeys: 1 })[0]!;
  const full = [...lead, ...lanes];
  const qb = lax.broadcastInDim(qa, full, qa.ndim === 1 ? [0] : []);
  const cb = lax.broadcastInDim(count, full, lanes.map((_, i) => i + lead.length));
  const cm1 = lax.sub(cb, lax.fullLike(cb, 1));
  const pos = lax.mul(qb, cm1);
  const lowF = lax.floor(pos);
  const highF = lax.ceil(pos);
  const highWeight = lax.sub(pos, lowF);
  const lowWeight = lax.sub(lax.fullLike(highWeight, 1), highWeight);
  const zero = lax.fullLike(pos, 0);
  const index = (v: Array): Array => lax.convertElementType(lax.max(zero, lax.min(v, cm1)), "int32");
  const lowValue = takeLast(sorted, index(lowF));
  const highValue = takeLast(sorted, index(highF));
  let result: Array;
  switch (method) {
    case "linear":
      result = lax.add(lax.mul(lowValue, lowWeight), lax.mul(highValue, highWeight));
      break;
    case "lower":
      result = lowValue;
      break;
    case "higher":
      result = highValue;
      break;
    case "nearest":
      result = lax.select(lax.le(highWeight, lax.fullLike(highWeight, 0.5)), lowValue, highValue);
      break;
    case "midpoint":
      result = lax.mul(lax.add(lowValue, highValue), lax.fullLike(lowValue, 0.5));
      break;
  }
  return strong(lax.reshape(result, outShape), outDtype);
}

/**
 * The `q`-th quantiles (q in [0, 1], a scalar or a 1-D array; a 1-D `q` puts its axis first)
 * over `axis` (all axes by default). NaN where a reduced lane contains NaN. `method` picks between
 * the neighbouring order statistics: "linear" (default) interpolates, "lower", "higher",
 * "nearest" (the lower one on ties, as jnp), "midpoint". Differentiable (through the sort).
 *
 * @example
 * np.quantile(np.array([1, 2, 3, 4]), 0.5); // Array(2.5, dtype=float32)
 * np.quantile(np.array([[1, 2], [3, 5]]), np.array([0, 1]), { axis: 1, method: "lower" }); // Array([[1., 3.], [2., 5.]], dtype=float32)
 */
export function quantile(a: ArrayLike, q: ArrayLike, axis?: Axis | QuantileOptions, out?: null, overwriteInput?: boolean, method?: QuantileMethod, keepdims?: boolean): Array {
  const o = quantileArgs("quantile", axis, out, overwriteInput, method, keepdims);
  return quantileImpl("quantile", a, q, o.axis, o.method, o.keepdims, false);
}

/**
 * `np.nanquantile` (jnp.nanquantile): {@link quantile} ignoring NaNs (NaN only where a lane is all NaN).
 *
 * @example
 * np.nanquantile(np.array([1, NaN, 3]), 0.5); // Array(2., dtype=float32)
 */
export function nanquantile(a: ArrayLike, q: ArrayLike, axis?: Axis | QuantileOptions, out?: null, overwriteInput?: boolean, method?: QuantileMethod, keepdims?: boolean): Array {
  const o = quantileArgs("nanquantile", axis, out, overwriteInput, method, keepdims);
  return quantileImpl("nanquantile", a, q, o.axis, o.method, o.keepdims, true);
}

const hundredth = (name: string, q: ArrayLike): ArrayLike => {
  // A JS number stays a weak scalar, divided in double precision (as a Python float in JAX).
  if (typeof q === "number") return q / 100;
  const qa = promoteArgsInexact(name, [q])[0]!;
  return lax.div(qa, lax.fullLike(qa, 100));
};

/**
 * `np.percentile` (jnp.percentile): the `q`-th percentiles (q in [0, 100]): {@link quantile} of q / 100.
 *
 * @example
 * np.percentile(np.array([1, 2, 3, 4]), 25); // Array(1.75, dtype=float32)
 */
export function percentile(a: ArrayLike, q: ArrayLike, axis?: Axis | QuantileOptions, out?: null, overwriteInput?: boolean, method?: QuantileMethod, keepdims?: boolean): Array {
  return quantile(a, hundredth("percentile", q), axis, out, overwriteInput, method, keepdims);
}

/**
 * `np.nanpercentile` (jnp.nanpercentile): {@link percentile} ignoring NaNs.
 *
 * @example
 * np.nanpercentile(np.array([1, NaN, 3]), 50); // Array(2., dtype=float32)
 */
export function nanpercentile(a: ArrayLike, q: ArrayLike, axis?: Axis | QuantileOptions, out?: null, overwriteInput?: boolean, method?: QuantileMethod, keepdims?: boolean): Array {
  return nanquantile(a, hundredth("nanpercentile", q), axis, out, overwriteInput, method, keepdims);
}

/** Keyword arguments of {@link cov}. */
export interface CovOptions {
  /** More variables, stacked after `m`'s. */
  y?: ArrayLike | null;
  /** Rows are variables and columns observations (default true); false transposes. */
  rowvar?: boolean;
  /** Normalize by N (true) instead of N - 1 (default false). */
  bias?: boolean;
  /** Overrides the normalization: N - ddof. */
  ddof?: number | null;
  /** Integer frequency weights, one per observation. */
  fweights?: ArrayLike | null;
  /** Observation weights, one per observation. */
  aweights?: ArrayLike | null;
  /** The dtype to compute in (inexact). */
  dtype?: DType | null;
}

/**
 * `np.cov` (jnp.cov): the covariance matrix of the variables in `m` (rows, unless `rowvar` is false) and `y`,
 * optionally weighted, as numpy's `cov`; a scalar for one variable.
 *
 * @example
 * ```ts
 * np.cov(np.array([[0, 1, 2], [2, 1, 0]])); // Array([[ 1., -1.], [-1.,  1.]], dtype=float32)
 * const x = np.array([[0, 2], [1, 1], [2, 0]]);
 * np.cov(x, { rowvar: false, aweights: np.array([1, 1, 2]) }); // Array([[ 1.1, -1.1], [-1.1,  1.1]], dtype=float32)
 * ```
 */
export function cov(m: ArrayLike, y?: ArrayLike | null | CovOptions, rowvar?: boolean | CovOptions, bias?: boolean, ddof?: number | null, fweights?: ArrayLike | null, aweights?: ArrayLike | null, dtype?: DType | null): Array {
  let o: CovOptions;
  if (isOptions<CovOptions>(y)) o = y;
  else if (isOptions<CovOptions>(rowvar)) o = { ...rowvar, y };
  else o = { y, rowvar, bias, ddof, fweights, aweights, dtype };
  const yv = o.y ?? null;
  const isRowvar = o.rowvar ?? true;
  let mArr: Array;
  let yArr: Array | null = null;
  if (yv !== null) {
    const [pm, py] = promoteArgsInexact("cov", [m, yv]);
    mArr = pm!;
    yArr = py!;
    if (yArr.ndim > 2) throw new ValueError("y has more than 2 dimensions");
  } else mArr = promoteArgsInexact("cov", [m])[0]!;
  // promoteArgsInexact broadcasts ranks; use the operands' own shapes.
  if (m instanceof Array) mArr = lax.reshape(mArr, m.shape);
  if (yArr !== null && yv instanceof Array) yArr = lax.reshape(yArr, yv.shape);
  if (mArr.ndim > 2) throw new ValueError("m has more than 2 dimensions");
  if (o.dtype !== undefined && o.dtype !== null && !isFloat(o.dtype)) throw new ValueError(`cov: dtype must be a subclass of float or complex; got dtype=${o.dtype}`);
  let X = atleast2d(mArr);
  if (!isRowvar && mArr.ndim !== 1) X = lax.transpose(X, [1, 0]);
  if (X.shape[0] === 0) return lax.full([0, 0], 0, "float32");
  if (yArr !== null) {
    let y2 = atleast2d(yArr);
    if (!isRowvar && y2.shape[0] !== 1) y2 = lax.transpose(y2, [1, 0]);
    X = concatenate([X, y2], 0);
  }
  const nObs = X.shape[1]!;
  if (nObs === 0) return lax.full(X.shape[0] === 1 ? [] : [X.shape[0]!, X.shape[0]!], NaN, X.dtype);
  const dd = o.ddof ?? (o.bias ? 0 : 1);
  let w: Array | null = null;
  let aw: Array | null = null;
  if (o.fweights !== undefined && o.fweights !== null) {
    const fw = promoteArgs("cov", [o.fweights])[0]!;
    if (fw.ndim > 1) throw new Error("RuntimeError: cannot handle multidimensional fweights");
    if (fw.shape[0] !== nObs) throw new Error("RuntimeError: incompatible numbers of samples and fweights");
    if (!isInteger(fw.dtype)) throw new TypeError("fweights must be integer.");
    w = absolute(fw);
  }
  if (o.aweights !== undefined && o.aweights !== null) {
    const a0 = promoteArgs("cov", [o.aweights])[0]!;
    if (a0.ndim > 1) throw new Error("RuntimeError: cannot handle multidimensional aweights");
    if (a0.shape[0] !== nObs) throw new Error("RuntimeError: incompatible numbers of samples and aweights");
    aw = absolute(a0);
    w = w === null ? aw : multiply(w, aw);
  }
  if (o.dtype !== undefined && o.dtype !== null) {
    X = strong(X, o.dtype);
    if (w !== null) w = strong(w, o.dtype);
  }
  const [avg, wSum0] = average(X, 1, w, { returned: true });
  const wSum = lax.indexInDim(wSum0, 0, 0, false);
  let f: ArrayLike;
  if (w === null) f = nObs - dd;
  else if (dd === 0) f = wSum;
  else if (aw === null) f = subtract(wSum, dd);
  else f = subtract(wSum, divide(multiply(dd, sum(multiply(w, aw))), wSum));
  const Xc = subtract(X, lax.reshape(avg, [avg.shape[0]!, 1]));
  const XT = lax.transpose(w === null ? Xc : multiply(Xc, w), [1, 0]);
  return squeeze(divide(dot(Xc, XT), f));
}

/**
 * `np.corrcoef` (jnp.corrcoef): Pearson correlation coefficients: {@link cov} normalized by the standard deviations, clipped
 * to [-1, 1].
 *
 * @example
 * np.corrcoef(np.array([[0, 1, 2], [2, 1, 0]])); // Array([[ 1., -1.], [-1.,  1.]], dtype=float32)
 */
export function corrcoef(x: ArrayLike, y?: ArrayLike | null | { y?: ArrayLike | null; rowvar?: boolean; dtype?: DType | null }, rowvar?: boolean, dtype?: DType | null): Array {
  const o = isOptions<{ y?: ArrayLike | null; rowvar?: boolean; dtype?: DType | null }>(y) ? y : { y, rowvar, dtype };
  if (o.dtype !== undefined && o.dtype !== null && !isFloat(o.dtype)) throw new ValueError(`corrcoef: dtype must be a subclass of float or complex; got dtype=${o.dtype}`);
  const c = cov(x, { y: o.y ?? null, rowvar: o.rowvar ?? true, dtype: o.dtype ?? null });
  if (c.ndim === 0) return divide(c, c);
  const sd = sqrt(diag(c));
  const n = sd.shape[0]!;
  const scaled = divide(divide(c, lax.reshape(sd, [n, 1])), lax.reshape(sd, [1, n]));
  return clip(scaled, -1, 1);
}
