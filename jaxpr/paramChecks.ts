// Validation of every primitive's static params, run by abstractEval before its shape rule. The
// table is typed per param key, so a new primitive (or a new param) is a compile error until each
// of its params has a check. Code generators interpolate these values into source, so anything
// that is not the type the catalogue declares (a string where a number goes, an object with a
// `valueOf`, a fractional size) is refused here with a TypeError, as JAX refuses it.
import { DTYPES, isDType } from "./dtypes.js";
import { ShapedArray } from "./shape.js";
import { ClosedJaxpr } from "./jaxpr.js";
import type { Params, PrimitiveName } from "./params.js";
import { UNARY_ELEMENTWISE, BINARY_ELEMENTWISE, REDUCTIONS, CUMULATIVE, SCATTERS } from "./params.js";

type Check = (value: unknown, prim: string, key: string) => void;

/** Describes a user value for an error message without calling any of its methods. */
export function describeValue(v: unknown, depth = 0): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
  if (typeof v === "boolean" || v === null || v === undefined) return String(v);
  if (Array.isArray(v) && depth < 2) {
    const items = v.slice(0, 8).map((x) => describeValue(x, depth + 1));
    if (v.length > 8) items.push("...");
    return v.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  return `a value of type ${Array.isArray(v) ? "array" : typeof v}`;
}

const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const fail = (prim: string, key: string, what: string, v: unknown): never => {
  throw new TypeError(`${prim}: parameter ${snake(key)} must be ${what}, got ${describeValue(v)}.`);
};

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

const int: Check = (v, prim, key) => {
  if (!isInt(v)) fail(prim, key, "an integer", v);
};
const nonNegInt: Check = (v, prim, key) => {
  if (!isInt(v) || v < 0) fail(prim, key, "a non-negative integer", v);
};
const bool: Check = (v, prim, key) => {
  if (typeof v !== "boolean") fail(prim, key, "a boolean", v);
};
const intList: Check = (v, prim, key) => {
  if (!Array.isArray(v) || !v.every(isInt)) fail(prim, key, "a sequence of integers", v);
};
/** Sizes: JAX's canonicalize_shape wording. */
const shape: Check = (v, prim, key) => {
  if (!Array.isArray(v) || !v.every((d) => isInt(d) && d >= 0)) {
    throw new TypeError(`Shapes must be 1D sequences of concrete values of integer type, got ${describeValue(v)}. (${prim} ${snake(key)})`);
  }
};
const intListOrNull: Check = (v, prim, key) => {
  if (v !== null) intList(v, prim, key);
};
/** subset_by_index: null or (start, end). */
const intPairOrNull: Check = (v, prim, key) => {
  if (v !== null && !(Array.isArray(v) && v.length === 2 && v.every(isInt))) fail(prim, key, "None or a pair of integers (start, end)", v);
};
const dtype: Check = (v, prim, key) => {
  if (!isDType(v)) {
    const name = typeof v === "string" ? v : describeValue(v);
    throw new TypeError(`${prim}: dtype ${name} (parameter ${snake(key)}) is not supported; supported dtypes are ${DTYPES.join(", ")}.`);
  }
};
const dtypeOrNull: Check = (v, prim, key) => {
  if (v !== null) dtype(v, prim, key);
};
const mode: Check = (v, prim, key) => {
  if (v !== "clip" && v !== "fill" && v !== "promise_in_bounds") fail(prim, key, `one of "clip", "fill", "promise_in_bounds"`, v);
};
const fillValue: Check = (v, prim, key) => {
  if (v !== null && typeof v !== "number" && typeof v !== "boolean") fail(prim, key, "a number, a boolean or null", v);
};
/** JAX's FftType: 0 FFT, 1 IFFT, 2 RFFT, 3 IRFFT. */
const fftType: Check = (v, prim, key) => {
  if (v !== 0 && v !== 1 && v !== 2 && v !== 3) fail(prim, key, "an FftType (0 FFT, 1 IFFT, 2 RFFT, 3 IRFFT)", v);
};
const roundingMethod: Check = (v, prim, key) => {
  if (v !== 0 && v !== 1) fail(prim, key, "0 (away from zero) or 1 (to nearest even)", v);
};
const paddingConfig: Check = (v, prim, key) => {
  const ok = Array.isArray(v) && v.every((t) => Array.isArray(t) && t.length === 3 && t.every(isInt));
  if (!ok) fail(prim, key, "a sequence of (low, high, interior) integer triples", v);
};
const fields =
  (names: readonly string[]): Check =>
  (v, prim, key) => {
    if (typeof v !== "object" || v === null) fail(prim, key, "dimension numbers", v);
    for (const n of names) intList((v as Record<string, unknown>)[n], prim, `${key}.${n}`);
  };
const gatherDn = fields(["offsetDims", "collapsedSliceDims", "startIndexMap", "operandBatchingDims", "startIndicesBatchingDims"]);
const scatterDn = fields(["updateWindowDims", "insertedWindowDims", "scatterDimsToOperandDims", "operandBatchingDims", "scatterIndicesBatchingDims"]);
const dotDn: Check = (v, prim, key) => {
  const pair = (p: unknown): boolean => Array.isArray(p) && p.length === 2 && p.every((xs) => Array.isArray(xs) && xs.every(isInt));
  if (!Array.isArray(v) || v.length !== 2 || !v.every(pair)) fail(prim, key, "((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch)) of integers", v);
};
const intPairs: Check = (v, prim, key) => {
  const ok = Array.isArray(v) && v.every((t) => Array.isArray(t) && t.length === 2 && t.every(isInt));
  if (!ok) fail(prim, key, "a sequence of (low, high) integer pairs", v);
};
const selectPrim: Check = (v, prim, key) => {
  if (v !== "ge" && v !== "le") fail(prim, key, `"ge" or "le"`, v);
};
const axisName: Check = (v, prim, key) => {
  if (typeof v !== "string") fail(prim, key, "an axis name (a string)", v);
};
const axisNames: Check = (v, prim, key) => {
  if (!Array.isArray(v) || !v.every((n) => typeof n === "string")) fail(prim, key, "a sequence of axis names (strings)", v);
};
const permPairs: Check = (v, prim, key) => {
  const ok = Array.isArray(v) && v.every((t) => Array.isArray(t) && t.length === 2 && t.every((i) => isInt(i) && i >= 0));
  if (!ok) fail(prim, key, "a sequence of (source, destination) index pairs", v);
};

/** The window geometry of every windowed reduction (params.ts's WindowGeometry). */
const WINDOW = { windowDimensions: intList, windowStrides: intList, padding: intPairs, baseDilation: intList, windowDilation: intList };
const convDn: Check = (v, prim, key) => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(prim, key, "ConvDimensionNumbers (lhs_spec, rhs_spec, out_spec)", v);
  for (const n of ["lhsSpec", "rhsSpec", "outSpec"]) intList((v as Record<string, unknown>)[n], prim, `${key}.${n}`);
};
const pads: Check = (v, prim, key) => {
  const ok = Array.isArray(v) && v.every((t) => Array.isArray(t) && t.length === 2 && t.every(isInt));
  if (!ok) fail(prim, key, "a sequence of (low, high) integer pairs", v);
};
const positiveInt: Check = (v, prim, key) => {
  if (!isInt(v)) fail(prim, key, "an integer", v);
};
const precisionPair: Check = (v, prim, key) => {
  const names = ["DEFAULT", "HIGH", "HIGHEST"];
  if (v !== null && !(Array.isArray(v) && v.length === 2 && v.every((p) => names.includes(p as string)))) fail(prim, key, "None or a pair of precisions (DEFAULT, HIGH, HIGHEST)", v);
};
const closedJaxpr: Check = (v, prim, key) => {
  if (!(v instanceof ClosedJaxpr)) fail(prim, key, "a closed jaxpr", v);
};
const closedJaxprs: Check = (v, prim, key) => {
  if (!Array.isArray(v) || !v.every((j) => j instanceof ClosedJaxpr)) fail(prim, key, "a sequence of closed jaxprs", v);
};
const LINEAR_SOLVE_FIELDS = ["matvec", "vecmat", "solve", "transposeSolve"] as const;
const linearSolveLengths: Check = (v, prim, key) => {
  if (typeof v !== "object" || v === null) fail(prim, key, "counts of matvec, vecmat, solve and transposeSolve consts", v);
  for (const n of LINEAR_SOLVE_FIELDS) nonNegInt((v as Record<string, unknown>)[n], prim, `${key}.${n}`);
};
const linearSolveJaxprs: Check = (v, prim, key) => {
  if (typeof v !== "object" || v === null) fail(prim, key, "the jaxprs of matvec, vecmat, solve and transposeSolve", v);
  const r = v as Record<string, unknown>;
  closedJaxpr(r.matvec, prim, `${key}.matvec`);
  closedJaxpr(r.solve, prim, `${key}.solve`);
  for (const n of ["vecmat", "transposeSolve"]) if (r[n] !== null) closedJaxpr(r[n], prim, `${key}.${n}`);
};
const func: Check = (v, prim, key) => {
  if (typeof v !== "function") fail(prim, key, "a function", v);
};
const funcOrNull: Check = (v, prim, key) => {
  if (v !== null) func(v, prim, key);
};
const vmapMethod: Check = (v, prim, key) => {
  const methods = ["sequential", "sequential_unrolled", "expand_dims", "broadcast_all", "legacy_vectorized"];
  if (v !== null && !methods.includes(v as string)) fail(prim, key, `one of ${methods.map((m) => `"${m}"`).join(", ")} or null`, v);
};
const string: Check = (v, prim, key) => {
  if (typeof v !== "string") fail(prim, key, "a string", v);
};
const avals: Check = (v, prim, key) => {
  if (!Array.isArray(v) || !v.every((a) => a instanceof ShapedArray)) fail(prim, key, "a sequence of ShapedArrays", v);
};

type ParamChecks = { [P in PrimitiveName]: { [K in keyof Params<P>]-?: Check } };

function each<N extends string, R>(names: readonly N[], make: (n: N) => R): Record<N, R> {
  const out = {} as Record<N, R>;
  for (const n of names) out[n] = make(n);
  return out;
}

const NONE = {};

export const PARAM_CHECKS: ParamChecks = {
  ...each(UNARY_ELEMENTWISE, () => NONE),
  integer_pow: { y: int },
  round: { roundingMethod },
  reduce_precision: { exponentBits: int, mantissaBits: int },
  ...each(BINARY_ELEMENTWISE, () => NONE),
  ...each(REDUCTIONS, () => ({ axes: intList })),
  ...each(CUMULATIVE, () => ({ axis: int, reverse: bool })),
  ...each(SCATTERS, () => ({ dimensionNumbers: scatterDn, indicesAreSorted: bool, uniqueIndices: bool, mode })),
  select_n: NONE,
  clamp: NONE,
  regularized_incomplete_beta: NONE,
  real: NONE,
  imag: NONE,
  conj: NONE,
  complex: NONE,
  convert_element_type: { newDtype: dtype, weakType: bool },
  bitcast_convert_type: { newDtype: dtype },
  broadcast_in_dim: { shape, broadcastDimensions: intList },
  reshape: { newSizes: shape },
  transpose: { permutation: intList },
  squeeze: { dimensions: intList },
  expand_dims: { dimensions: intList },
  rev: { dimensions: intList },
  pad: { paddingConfig },
  concatenate: { dimension: int },
  slice: { startIndices: intList, limitIndices: intList, strides: intListOrNull },
  dynamic_slice: { sliceSizes: shape },
  dynamic_update_slice: NONE,
  gather: { dimensionNumbers: gatherDn, sliceSizes: shape, mode, fillValue, indicesAreSorted: bool, uniqueIndices: bool },
  iota: { dtype, shape, dimension: int },
  argmax: { axes: intList, indexDtype: dtype },
  argmin: { axes: intList, indexDtype: dtype },
  dot_general: { dimensionNumbers: dotDn, preferredElementType: dtypeOrNull },
  conv_general_dilated: {
    windowStrides: intList, padding: pads, lhsDilation: intList, rhsDilation: intList, dimensionNumbers: convDn,
    featureGroupCount: positiveInt, batchGroupCount: positiveInt, precision: precisionPair, preferredElementType: dtypeOrNull,
  },
  sort: { dimension: int, isStable: bool, numKeys: nonNegInt },
  fft: { fftType, fftLengths: shape },
  cholesky: NONE,
  triangular_solve: { leftSide: bool, lower: bool, transposeA: bool, conjugateA: bool, unitDiagonal: bool },
  lu: NONE,
  qr: { pivoting: bool, fullMatrices: bool },
  eigh: { lower: bool, sortEigenvalues: bool, subsetByIndex: intPairOrNull },
  eig: { computeLeftEigenvectors: bool, computeRightEigenvectors: bool, enableEigvecDerivs: bool },
  schur: { computeSchurVectors: bool },
  svd: { fullMatrices: bool, computeUv: bool, subsetByIndex: intPairOrNull },
  hessenberg: NONE,
  householder_product: NONE,
  tridiagonal_solve: { perturbSingular: bool },
  reduce_window_sum: WINDOW,
  reduce_window_max: WINDOW,
  reduce_window_min: WINDOW,
  reduce_window: { ...WINDOW, jaxpr: closedJaxpr },
  select_and_scatter_add: { selectPrim, windowDimensions: intList, windowStrides: intList, padding: intPairs },
  select_and_gather_add: { ...WINDOW, selectPrim },
  name: { name: string },
  custom_lin: { bwd: func, numResiduals: nonNegInt, outAvals: avals, inAvals: avals },
  pjit: { jaxpr: closedJaxpr, name: string },
  custom_jvp_call: { callJaxpr: closedJaxpr, jvp: func, numConsts: nonNegInt },
  custom_vjp_call: { callJaxpr: closedJaxpr, fwd: func, bwd: func, numConsts: nonNegInt },
  checkpoint: { jaxpr: closedJaxpr, preventCse: bool, policy: funcOrNull },
  pure_callback: { callback: func, resultAvals: avals, vmapMethod },
  debug_callback: { callback: func },
  cond: { branches: closedJaxprs },
  while: { condJaxpr: closedJaxpr, bodyJaxpr: closedJaxpr, condNconsts: nonNegInt, bodyNconsts: nonNegInt },
  scan: { jaxpr: closedJaxpr, length: nonNegInt, reverse: bool, numConsts: nonNegInt, numCarry: nonNegInt },
  custom_linear_solve: { constLengths: linearSolveLengths, jaxprs: linearSolveJaxprs },
  psum: { axes: axisNames },
  pmax: { axes: axisNames },
  pmin: { axes: axisNames },
  axis_index: { axisName },
  all_gather: { axisName, allGatherDimension: nonNegInt, axisSize: nonNegInt, tiled: bool },
  ppermute: { axisName, perm: permPairs },
  all_to_all: { axisName, splitAxis: nonNegInt, concatAxis: nonNegInt, axisSize: nonNegInt },
  reduce_scatter: { axisName, scatterDimension: nonNegInt, axisSize: nonNegInt, tiled: bool },
};

/** Throws a TypeError unless every declared param of `prim` has its declared type. */
export function checkParams<P extends PrimitiveName>(prim: P, params: Params<P>): void {
  const checks = Object.hasOwn(PARAM_CHECKS, prim) ? (PARAM_CHECKS[prim] as Record<string, Check>) : undefined;
  if (checks === undefined) throw new TypeError(`unknown primitive ${describeValue(prim)}`);
  if (typeof params !== "object" || params === null) throw new TypeError(`${prim}: params must be an object, got ${describeValue(params)}.`);
  for (const key in checks) checks[key]!((params as Record<string, unknown>)[key], prim, key);
}

/**
 * JSON of params for cache keys, with the numbers JSON cannot write kept apart (JSON.stringify
 * writes NaN, Infinity and -Infinity all as null, and -0 as 0).
 */
export function paramsCacheKey(params: object): string {
  if (!hasUnwritableNumber(params, 0)) return JSON.stringify(params);
  return JSON.stringify(params, (_k, v: unknown) => (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { "#": Object.is(v, -0) ? "-0" : String(v) } : v));
}

/** Whether params (plain data, a few levels deep) hold a number JSON cannot write faithfully. */
function hasUnwritableNumber(v: unknown, depth: number): boolean {
  if (typeof v === "number") return !Number.isFinite(v) || Object.is(v, -0);
  if (typeof v !== "object" || v === null || depth > 4) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasUnwritableNumber(v[i], depth + 1)) return true;
    return false;
  }
  for (const k in v) if (hasUnwritableNumber((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}
