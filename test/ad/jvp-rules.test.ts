// JVP rules of every catalogue primitive against central finite differences in float64, plus
// JAX's conventions at non-differentiable points (ties, zeros), symbolic zeros, higher orders,
// and the linearity contract: the linear jaxpr that linearize stages holds only linear primitives.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jvp, linearize, vjp, makeJaxpr } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { COLLECTIVE_PRIMITIVES, SHAPE_RULES, isFloat } from "../../jaxpr/index.js";
import type { Jaxpr, ScatterDimensionNumbers, GatherDimensionNumbers } from "../../jaxpr/index.js";
import { jvpFlat } from "../../src/ad/jvp.js";
import { Zero } from "../../src/ad/types.js";
import { mulberry32 } from "../util/random.js";
import * as matrixHelpers from "../../src/lax/matrixHelpers.js";

const F: DType = "float64";

// ------------------------------------------------------------------------------------------------
// Helpers

let rand = mulberry32(1234);

function uniform(shape: number[], lo = -2, hi = 2, dtype: DType = F): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + (hi - lo) * rand();
  return np.array(data, { shape, dtype });
}
const arr = (data: unknown, dtype: DType = F): Array => np.array(data as number[], { dtype });
const i32 = (data: unknown): Array => np.array(data as number[], { dtype: "int32" });
const s = (v: number, dtype: DType = F): Array => np.array(v, { dtype });

type Fn = (...xs: Array[]) => Array | Array[];
const asList = (o: unknown): Array[] => (globalThis.Array.isArray(o) ? (o as Array[]) : [o as Array]);
const values = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>, Number);

function randomTangents(args: Array[]): Array[] {
  return args.map((a) => (isFloat(a.dtype) ? uniform([...a.shape], -1, 1, a.dtype) : np.zeros([...a.shape], { dtype: a.dtype })));
}

function perturb(args: Array[], ts: Array[], eps: number): Array[] {
  return args.map((a, i) => (isFloat(a.dtype) ? lax.add(a, lax.mul(ts[i]!, eps)) : a));
}

function expectClose(got: number[], want: number[], rtol: number, atol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    const ok = Math.abs(g - w) <= atol + rtol * Math.abs(w) || (Number.isNaN(g) && Number.isNaN(w));
    if (!ok) throw new Error(`${what}: element ${i}: got ${g}, want ${w}\n  got  ${got.join(", ")}\n  want ${want.join(", ")}`);
  }
}

/** Compares jvp(f) against central differences along random tangents; returns the tangents used. */
function checkJvp(f: Fn, args: Array[], opts: { eps?: number; rtol?: number; atol?: number; tangents?: Array[]; expect?: Case["expect"] } = {}): Array[] {
  const eps = opts.eps ?? 1e-6;
  const rtol = opts.rtol ?? 1e-6;
  const atol = opts.atol ?? 1e-7;
  const ts = opts.tangents ?? randomTangents(args);
  const [po, to] = jvp((...xs: Array[]) => f(...xs), args, ts) as [unknown, unknown];
  const primalsOut = asList(po);
  const tangentsOut = asList(to);
  const plus = asList(f(...perturb(args, ts, eps)));
  const minus = asList(f(...perturb(args, ts, -eps)));
  const direct = asList(f(...args));
  primalsOut.forEach((p, k) => {
    const t = tangentsOut[k]!;
    expect(t.shape, "tangent shape").toEqual(p.shape);
    expect(t.dtype, "tangent dtype").toBe(p.dtype);
    expectClose(values(p), values(direct[k]!), 0, 0, `primal output ${k}`);
    if (!isFloat(p.dtype)) {
      expect(values(t).every((v) => v === 0), "non-float outputs have zero tangents").toBe(true);
      return;
    }
    const fd = opts.expect ? values(opts.expect(args, ts)[k]!) : values(plus[k]!).map((v, i) => (v - values(minus[k]!)[i]!) / (2 * eps));
    expectClose(values(t), fd, rtol, atol, `tangent output ${k}`);
  });
  return ts;
}

const LINEAR_PRIMITIVES = new Set([
  "add", "sub", "neg", "mul", "div", "convert_element_type", "broadcast_in_dim", "reshape", "transpose",
  "squeeze", "expand_dims", "rev", "pad", "concatenate", "slice", "dynamic_slice", "dynamic_update_slice",
  "gather", "scatter-add", "scatter", "scatter-mul", "select_n", "reduce_sum", "cumsum", "dot_general", "conv_general_dilated",
  // Linear in their right-hand side b (like div in its numerator): issue 20.
  "triangular_solve", "tridiagonal_solve",
  // JAX's deflinear: the tangent is rounded like the primal.
  "reduce_precision",
  // Windowed reductions (issue 21): the window sum, and the pooling gradients in their first operand.
  "reduce_window_sum", "select_and_gather_add", "select_and_scatter_add",
  // Complex parts and the DFT (issue 23): JAX's deflinear2.
  "real", "imag", "conj", "complex", "fft",
]);

function primitivesOf(j: Jaxpr): string[] {
  return j.eqns.map((e) => e.primitive);
}

/** linearize(f) agrees with jvp, and its linear jaxpr holds only linear primitives. */
function checkLinear(f: Fn, args: Array[], ts: Array[]): void {
  const [, fLin] = linearize((...xs: Array[]) => f(...xs), ...args) as [unknown, (...t: Array[]) => unknown];
  const [, to] = jvp((...xs: Array[]) => f(...xs), args, ts) as [unknown, unknown];
  const want = asList(to);
  const got = asList(fLin(...ts));
  got.forEach((g, k) => {
    if (isFloat(g.dtype)) expectClose(values(g), values(want[k]!), 1e-12, 1e-12, `linearized output ${k}`);
  });
  const staged = makeJaxpr((...t: Array[]) => fLin(...t))(...ts);
  const bad = primitivesOf(staged.jaxpr).filter((p) => !LINEAR_PRIMITIVES.has(p));
  expect(bad, "nonlinear primitives applied to tangents").toEqual([]);
}

/** The dot-product test of vjp against jvp: <ct, J t> == <J^T ct, t>. */
function checkVjp(f: Fn, args: Array[], ts: Array[]): void {
  const [po, vjpFn] = vjp((...xs: Array[]) => f(...xs), ...args) as [unknown, (ct: unknown) => Array[]];
  const outs = asList(po);
  if (!outs.every((o) => isFloat(o.dtype))) return;
  const cts = outs.map((o) => uniform([...o.shape], -1, 1, o.dtype));
  const [, to] = jvp((...xs: Array[]) => f(...xs), args, ts) as [unknown, unknown];
  const tOut = asList(to);
  let lhs = 0;
  cts.forEach((c, k) => values(c).forEach((v, i) => (lhs += v * values(tOut[k]!)[i]!)));
  const grads = vjpFn(globalThis.Array.isArray(po) ? cts : cts[0]);
  let rhs = 0;
  args.forEach((a, i) => {
    if (!isFloat(a.dtype)) return;
    values(grads[i]!).forEach((v, j) => (rhs += v * values(ts[i]!)[j]!));
  });
  expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(lhs)));
}

// ------------------------------------------------------------------------------------------------
// The cases: every primitive of the catalogue appears in at least one (checked at the end).

interface Case {
  name: string;
  f: Fn;
  args: () => Array[];
  rtol?: number;
  atol?: number;
  /** Skip the vjp dot-product test (e.g. outputs that are not float). */
  noVjp?: boolean;
  /** No linearization at all (the general reduce_window, as in JAX): linearize must throw. */
  noLinearize?: boolean;
  /** The expected tangent is x * t for the first argument (stop_gradient: finite differences see through it). */
  expect?: (args: Array[], ts: Array[]) => Array[];
}
const cases: Case[] = [];
const add = (name: string, f: Fn, args: () => Array[], extra: Partial<Case> = {}): void => {
  cases.push({ name, f, args, ...extra });
};

const A = [3, 4];
// Unary elementwise, each on a domain where it is smooth.
const UNARY: [string, (x: Array) => Array, number, number][] = [
  ["neg", lax.neg, -2, 2],
  ["exp", lax.exp, -2, 2],
  ["exp2", lax.exp2, -2, 2],
  ["log", lax.log, 0.2, 3],
  ["log1p", lax.log1p, -0.5, 2],
  ["expm1", lax.expm1, -2, 2],
  ["tanh", lax.tanh, -2, 2],
  ["logistic", lax.logistic, -3, 3],
  ["sin", lax.sin, -3, 3],
  ["cos", lax.cos, -3, 3],
  ["tan", lax.tan, -1.2, 1.2],
  ["asin", lax.asin, -0.9, 0.9],
  ["acos", lax.acos, -0.9, 0.9],
  ["atan", lax.atan, -3, 3],
  ["sinh", lax.sinh, -2, 2],
  ["cosh", lax.cosh, -2, 2],
  ["asinh", lax.asinh, -3, 3],
  ["acosh", lax.acosh, 1.2, 3],
  ["atanh", lax.atanh, -0.9, 0.9],
  ["sqrt", lax.sqrt, 0.2, 3],
  ["rsqrt", lax.rsqrt, 0.2, 3],
  ["cbrt (positive)", lax.cbrt, 0.2, 3],
  ["cbrt (negative)", lax.cbrt, -3, -0.2],
  ["abs", lax.abs, -2, 2],
  ["erf", lax.erf, -2, 2],
  ["square", lax.square, -2, 2],
  ["integer_pow 0", (x) => lax.integerPow(x, 0), -2, 2],
  ["integer_pow 1", (x) => lax.integerPow(x, 1), -2, 2],
  ["integer_pow 2", (x) => lax.integerPow(x, 2), -2, 2],
  ["integer_pow 3", (x) => lax.integerPow(x, 3), -2, 2],
  ["integer_pow -2", (x) => lax.integerPow(x, -2), 0.5, 2],
  ["sign (zero tangent)", lax.sign, -2, 2],
  ["floor (zero tangent)", lax.floor, -2, 2],
  ["ceil (zero tangent)", lax.ceil, -2, 2],
  ["round (zero tangent)", (x) => lax.round(x), -2, 2],
  ["reduce_precision (rounded tangent)", (x) => lax.reducePrecision(x, 11, 40), -2, 2],
  ["round half-even (zero tangent)", (x) => lax.round(x, 1), -2, 2],
];
for (const [name, f, lo, hi] of UNARY) add(name, f, () => [uniform(A, lo, hi)]);
add("stop_gradient", (x) => lax.mul(lax.stopGradient(x), x), () => [uniform(A)], { expect: ([x], [t]) => [lax.mul(x!, t!)] });
add("is_finite", (x) => lax.isFinite(x), () => [uniform(A)], { noVjp: true });
add("not", (x) => lax.bitwiseNot(lax.gt(x, 0)), () => [uniform(A)], { noVjp: true });

// Binary elementwise, with every broadcasting pattern lax allows.
const SHAPE_PAIRS: [number[], number[]][] = [
  [[3, 4], [3, 4]],
  [[3, 4], []],
  [[], [3, 4]],
  [[3, 1], [1, 4]],
  [[1, 4], [3, 4]],
  [[], []],
];
const BINARY: [string, (x: Array, y: Array) => Array, [number, number], [number, number]][] = [
  ["add", lax.add, [-2, 2], [-2, 2]],
  ["sub", lax.sub, [-2, 2], [-2, 2]],
  ["mul", lax.mul, [-2, 2], [-2, 2]],
  ["div", lax.div, [-2, 2], [0.5, 2]],
  ["rem", lax.rem, [0.1, 5], [1.3, 1.7]],
  ["pow", lax.pow, [0.3, 2], [-2, 2]],
  ["max", lax.max, [-2, 2], [-2, 2]],
  ["min", lax.min, [-2, 2], [-2, 2]],
  ["atan2", lax.atan2, [-2, 2], [-2, 2]],
  ["logaddexp", lax.logaddexp, [-3, 3], [-3, 3]],
];
for (const [name, f, [xl, xh], [yl, yh]] of BINARY) {
  for (const [sx, sy] of SHAPE_PAIRS) add(`${name} ${JSON.stringify(sx)} ${JSON.stringify(sy)}`, f, () => [uniform(sx, xl, xh), uniform(sy, yl, yh)]);
}
add("comparisons", (x, y) => [lax.eq(x, y), lax.ne(x, y), lax.lt(x, y), lax.le(x, y), lax.gt(x, y), lax.ge(x, y)], () => [uniform(A), uniform(A)], { noVjp: true });
add("and/or/xor", (x, y) => {
  const a = lax.gt(x, 0);
  const b = lax.gt(y, 0);
  return [lax.bitwiseAnd(a, b), lax.bitwiseOr(a, b), lax.bitwiseXor(a, b)];
}, () => [uniform(A), uniform(A)], { noVjp: true });
add("shifts and bitcasts (integer outputs: zero tangents)", (x) => {
  const i = lax.convertElementType(lax.mul(x, 100), "int32");
  return [
    lax.convertElementType(lax.shiftLeft(i, lax.convertElementType(lax.abs(lax.sign(x)), "int32")), "float32"),
    lax.convertElementType(lax.shiftRightLogical(i, 1), "float32"),
    lax.convertElementType(lax.shiftRightArithmetic(i, 1), "float32"),
    lax.convertElementType(lax.bitcastConvertType(lax.abs(i), "float32"), "float64"),
  ];
}, () => [uniform(A)], { noVjp: true });
add("comparison-driven select", (x, y) => lax.select(lax.lt(x, y), lax.mul(x, y), lax.sin(y)), () => [uniform(A), uniform(A)]);

// Reductions.
for (const axes of [[0], [1], [0, 1], []]) {
  add(`reduce_sum ${JSON.stringify(axes)}`, (x) => lax.reduceSum(x, axes), () => [uniform(A)]);
  add(`reduce_max ${JSON.stringify(axes)}`, (x) => lax.reduceMax(x, axes), () => [uniform(A)]);
  add(`reduce_min ${JSON.stringify(axes)}`, (x) => lax.reduceMin(x, axes), () => [uniform(A)]);
  add(`reduce_prod ${JSON.stringify(axes)}`, (x) => lax.reduceProd(x, axes), () => [uniform(A, -1.5, 1.5)]);
}
add("reduce_prod over a middle axis of rank 3", (x) => lax.reduceProd(x, [1]), () => [uniform([2, 3, 4], -1.5, 1.5)]);
add("reduce_prod over axes (0, 2)", (x) => lax.reduceProd(x, [0, 2]), () => [uniform([2, 3, 4], -1.2, 1.2)]);
const withZeros = () => [arr([[1.5, 0, -2, 0.5], [0, 2, 0, 3], [1, 2, 3, -1]])];
add("reduce_prod with zeros, axis 1", (x) => lax.reduceProd(x, [1]), withZeros);
add("reduce_prod with zeros, axis 0", (x) => lax.reduceProd(x, [0]), withZeros);
add("reduce_and/reduce_or", (x) => [lax.reduceAnd(lax.gt(x, 0), [1]), lax.reduceOr(lax.gt(x, 0), [0])], () => [uniform(A)], { noVjp: true });
add("argmax/argmin", (x) => [lax.argmax(x, 1), lax.argmin(x, 0), lax.mul(x, lax.convertElementType(lax.broadcastInDim(lax.argmax(x, 1), A, [0]), F))], () => [uniform(A)], { noVjp: true });

// Cumulative reductions.
for (const axis of [0, 1]) {
  for (const reverse of [false, true]) {
    const tag = `axis ${axis}${reverse ? " reversed" : ""}`;
    add(`cumsum ${tag}`, (x) => lax.cumsum(x, axis, reverse), () => [uniform([3, 5])]);
    add(`cumprod ${tag}`, (x) => lax.cumprod(x, axis, reverse), () => [uniform([3, 5], -1.5, 1.5)]);
    add(`cummax ${tag}`, (x) => lax.cummax(x, axis, reverse), () => [uniform([3, 5])]);
    add(`cummin ${tag}`, (x) => lax.cummin(x, axis, reverse), () => [uniform([3, 5])]);
  }
}
add("cumprod with zeros", (x) => lax.cumprod(x, 1), withZeros);
add("cumprod with zeros, reversed", (x) => lax.cumprod(x, 1, true), withZeros);
add("cumprod, long axis", (x) => lax.cumprod(x, 0), () => [uniform([37], 0.8, 1.2)]);

// Structural.
add("broadcast_in_dim [3] -> [2,3,4]", (x) => lax.broadcastInDim(x, [2, 3, 4], [1]), () => [uniform([3])]);
add("broadcast_in_dim [1,4] -> [3,4]", (x) => lax.broadcastInDim(x, [3, 4], [0, 1]), () => [uniform([1, 4])]);
add("broadcast_in_dim [] -> [2,2]", (x) => lax.broadcastInDim(x, [2, 2], []), () => [uniform([])]);
add("reshape", (x) => lax.reshape(x, [2, 6]), () => [uniform(A)]);
add("transpose", (x) => lax.transpose(x, [2, 0, 1]), () => [uniform([2, 3, 4])]);
add("squeeze", (x) => lax.squeeze(x, [1]), () => [uniform([3, 1, 4])]);
add("expand_dims", (x) => lax.expandDims(x, [0, 2]), () => [uniform(A)]);
add("rev", (x) => lax.rev(x, [0, 1]), () => [uniform(A)]);
add("pad (operand and padding value)", (x, v) => lax.pad(x, v, [[1, 2, 0], [0, 1, 1]]), () => [uniform(A), uniform([])]);
add("pad with negative low padding", (x, v) => lax.pad(x, v, [[-1, 1, 0], [2, -1, 1]]), () => [uniform(A), uniform([])]);
add("pad of a constant padding value", (x) => lax.pad(x, 1.5, [[1, 1, 0], [1, 0, 0]]), () => [uniform(A)]);
add("concatenate", (a, b, c) => lax.concatenate([a, b, c], 1), () => [uniform([3, 2]), uniform([3, 1]), uniform([3, 3])]);
add("concatenate with a constant", (a) => lax.concatenate([a, np.ones([3, 2], { dtype: F }), a], 1), () => [uniform([3, 2])]);
add("slice with strides", (x) => lax.slice(x, [1, 0], [5, 6], [2, 3]), () => [uniform([5, 6])]);
add("slice", (x) => lax.slice(x, [1, 1], [3, 4]), () => [uniform([5, 6])]);
add("dynamic_slice", (x, i, j) => lax.dynamicSlice(x, [i, j], [2, 3]), () => [uniform([5, 6]), s(1, "int32"), s(2, "int32")]);
add("dynamic_slice (clamped start)", (x, i, j) => lax.dynamicSlice(x, [i, j], [2, 3]), () => [uniform([5, 6]), s(4, "int32"), s(-3, "int32")]);
add("dynamic_update_slice", (x, u, i, j) => lax.dynamicUpdateSlice(x, u, [i, j]), () => [uniform([5, 6]), uniform([2, 3]), s(3, "int32"), s(1, "int32")]);
add("dynamic_update_slice (constant update)", (x, i) => lax.dynamicUpdateSlice(x, np.zeros([2, 6], { dtype: F }), [i, 0]), () => [uniform([5, 6]), s(2, "int32")]);
add("dynamic_update_slice (constant operand)", (u, i) => lax.dynamicUpdateSlice(np.ones([5, 6], { dtype: F }), u, [i, 2]), () => [uniform([2, 3]), s(2, "int32")]);

const rowGather: GatherDimensionNumbers = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] };
add("gather rows (clip)", (x, i) => lax.gather(x, i, rowGather, [1, 3], { mode: "clip" }), () => [uniform([5, 3]), i32([[1], [4], [1], [7]])]);
add("gather rows (fill, fill value 2.5)", (x, i) => lax.gather(x, i, rowGather, [1, 3], { mode: "fill", fillValue: 2.5 }), () => [uniform([5, 3]), i32([[1], [4], [1], [7], [-1]])]);
add(
  "gather with batching dims",
  (x, i) => lax.gather(x, i, { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] }, [1, 1]),
  () => [uniform([3, 4]), i32([[[2], [0]], [[1], [1]], [[3], [0]]])],
);
add("numpy indexing (gather)", (x) => x.get(i32([2, 0, 2]), "1:3"), () => [uniform([4, 5])]);

add("select_n (bool which)", (a, b) => lax.selectN(arr([[true, false, true, false], [false, false, true, true], [true, true, true, false]], "bool"), a, b), () => [uniform(A), uniform(A)]);
add("select_n (int32 which, 3 cases)", (a, b, c) => lax.selectN(i32([[0, 1, 2, 1], [2, 2, 0, 1], [1, 0, 0, 2]]), a, b, c), () => [uniform(A), uniform(A), uniform(A)]);
add("complex parts (real, imag, conj, complex)", (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a, b)), lax.complex(b, a))), lax.imag(lax.mul(lax.complex(a, b), lax.complex(a, b)))), () => [uniform(A), uniform(A)]);
add("select_n (scalar which)", (a, b) => lax.selectN(arr(true, "bool"), a, b), () => [uniform(A), uniform(A)]);
add("select_n (one constant case)", (a) => lax.selectN(lax.gt(a, 0), np.zeros(A, { dtype: F }), lax.mul(a, a)), () => [uniform(A)]);
add("clamp (scalar bounds)", (lo, x, hi) => lax.clamp(lo, x, hi), () => [s(-0.7), uniform(A), s(0.9)]);
add("clamp (array bounds)", (lo, x, hi) => lax.clamp(lo, x, hi), () => [uniform(A, -1.5, -0.2), uniform(A), uniform(A, 0.2, 1.5)]);
add("clamp (crossed bounds)", (lo, x, hi) => lax.clamp(lo, x, hi), () => [uniform(A, 0.5, 1), uniform(A), uniform(A, -1, 0)]);
// regularized_incomplete_beta: JAX's rule in x only (a and b closed over).
const betaA = uniform(A, 0.5, 6);
const betaB = uniform(A, 0.5, 6);
add("regularized_incomplete_beta (in x)", (x) => lax.betainc(betaA, betaB, x), () => [uniform(A, 0.05, 0.95)]);
add("convert_element_type f64 -> f64 (weak)", (x) => lax.convertElementType(x, F, true), () => [uniform(A)]);
add("convert_element_type f64 -> int32 -> f64", (x) => lax.mul(x, lax.convertElementType(lax.convertElementType(x, "int32"), F)), () => [uniform(A, -3, 3)]);
add("iota", (x) => lax.mul(x, lax.broadcastedIota(F, A, 1)), () => [uniform(A)]);

// dot_general.
add("dot_general matmul", (a, b) => lax.dotGeneral(a, b, [[[1], [0]], [[], []]]), () => [uniform([2, 3]), uniform([3, 4])]);
add("dot_general batched", (a, b) => lax.dotGeneral(a, b, [[[2], [1]], [[0], [0]]]), () => [uniform([2, 3, 4]), uniform([2, 4, 5])]);
add("dot_general two contracting dims", (a, b) => lax.dotGeneral(a, b, [[[0, 2], [2, 0]], [[], []]]), () => [uniform([2, 3, 4]), uniform([4, 5, 2])]);
// conv_general_dilated (issue 21).
add("conv_general_dilated NHWC SAME", (x, w) => lax.convGeneralDilated(x, w, [1, 2], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), () => [uniform([2, 4, 5, 3]), uniform([3, 3, 3, 2])]);
add("conv_general_dilated groups and dilations", (x, w) => lax.convGeneralDilated(x, w, [1], [[2, 1]], [2], [2], null, 2), () => [uniform([2, 4, 5]), uniform([4, 2, 3])]);
add("conv_general_dilated batch groups", (x, w) => lax.convGeneralDilated(x, w, [1], "VALID", { batchGroupCount: 2 }), () => [uniform([4, 3, 5]), uniform([4, 3, 2])]);
add("conv_general_dilated with a constant kernel", (x) => lax.convGeneralDilated(x, arr([[[1, -2]]]), [1], "SAME"), () => [uniform([2, 1, 5])]);
// Linear algebra (issue 20): operands shaped so derivatives exist and finite differences keep
// to one branch (SPD for cholesky, dominant diagonals so LU's pivots stay put, separated spectra).
const diagOf = (vals: number[], rows: number, cols: number): Array => np.array(globalThis.Array.from({ length: rows }, (_, i) => globalThis.Array.from({ length: cols }, (_, j) => (i === j ? vals[i]! : 0))), { dtype: "float64" });
const spdOf = (x: Array): Array => np.add(np.matmul(x, np.transpose(x)), diagOf([3, 3, 3], 3, 3).astype(x.dtype));
const triOf = (x: Array): Array => np.add(matrixHelpers.triu(x), diagOf([3, 3, 3], 3, 3).astype(x.dtype));
const separated = (x: Array, vals: number[], rows: number, cols: number): Array => np.add(np.multiply(x, 0.1), diagOf(vals, rows, cols).astype(x.dtype));
add("cholesky", (x) => lax.linalg.cholesky(spdOf(x)), () => [uniform([3, 3], -1, 1)]);
add("triangular_solve left, in a and b", (a, b) => lax.linalg.triangularSolve(triOf(a), b, { leftSide: true }), () => [uniform([3, 3], -1, 1), uniform([3, 2], -1, 1)]);
add("triangular_solve right lower transposed", (a, b) => lax.linalg.triangularSolve(np.transpose(triOf(a)), b, { lower: true, transposeA: true }), () => [uniform([3, 3], -1, 1), uniform([2, 3], -1, 1)]);
add("lu", (x) => lax.linalg.lu(separated(x, [4, -3, 2], 3, 3))[0], () => [uniform([3, 3], -1, 1)]);
add("qr (thin)", (x) => lax.linalg.qr(separated(x, [3, 2, 1], 4, 3), { fullMatrices: false }), () => [uniform([4, 3], -1, 1)]);
add("eigh (w, v * v)", (x) => { const [v, w] = lax.linalg.eigh(separated(x, [1, 2, 3], 3, 3)); return [w, np.multiply(v, v)]; }, () => [uniform([3, 3], -1, 1)]);
// eig (issue 23): w and the sign-free v * v of both eigenvector sets, for distinct eigenvalues.
// This harness compares float outputs, so each complex result is split into its parts.
const eigOf = (x: Array): Array[] => { const [w, vl, vr] = lax.linalg.eig(separated(x, [1, 2, 3], 3, 3), { enableEigvecDerivs: true }); return [w!, np.multiply(vl!, vl!), np.multiply(vr!, vr!)].flatMap((c) => [np.real(c), np.imag(c)]); };
add("eig (w, vl * vl, vr * vr)", eigOf, () => [uniform([3, 3], -1, 1)]);
add("svd (s, u s vt)", (x) => { const [u, s, vt] = lax.linalg.svd(separated(x, [3, 2, 1], 4, 3), { fullMatrices: false }); return [s, np.matmul(np.multiply(u, s), vt)]; }, () => [uniform([4, 3], -1, 1)]);
add("tridiagonal_solve", (dl, d, du, b) => lax.linalg.tridiagonalSolve(dl, np.add(d, 3), du, b), () => [uniform([3], -1, 1), uniform([3], -1, 1), uniform([3], -1, 1), uniform([3, 2], -1, 1)]);
// Windowed reductions (issue 21): continuous random values, so no window has a tie.
const maxPool = (x: Array): Array => lax.reduceWindow(x, -Infinity, lax.max, [2, 2], [1, 2], "SAME", [2, 1]);
add("reduce_window_sum", (x) => lax.reduceWindow(x, 0, lax.add, [2, 3], [1, 2], [[1, 0], [0, 2]], [2, 1], [1, 2]), () => [uniform([3, 4])]);
add("reduce_window_max", maxPool, () => [uniform([3, 4])]);
add("reduce_window_min", (x) => lax.reduceWindow(x, Infinity, lax.min, [3, 2], [2, 1], "VALID", [2, 1]), () => [uniform([3, 4])]);
add("reduce_window (product)", (x) => lax.reduceWindow(x, 1, lax.mul, [2, 2], [1, 1], "SAME"), () => [uniform([3, 4])], { noVjp: true, noLinearize: true });
add("select_and_gather_add", (x, t) => jvp(maxPool, [x], [t])[1], () => [uniform([3, 4]), uniform([3, 4])]);
add("select_and_scatter_add", (x, ct) => vjp(maxPool, x)[1](ct)[0]!, () => [uniform([3, 4]), uniform([5, 2])]);
add("fft: RFFT, FFT, IFFT, IRFFT", (x) => lax.fft(lax.fft(lax.fft(lax.mul(lax.fft(x, "RFFT", [3, 4]), lax.fft(x, "RFFT", [3, 4])), "FFT", [3, 3]), "IFFT", [3]), "IRFFT", [3, 4]), () => [uniform([2, 3, 4])]);
add("dot_general with a constant", (a) => lax.dotGeneral(a, arr([[1, 2], [3, 4], [5, 6]]), [[[1], [0]], [[], []]]), () => [uniform([2, 3])]);

// sort.
add("sort one operand, last axis", (x) => lax.sort(x, { dimension: 1 }), () => [uniform([3, 5])]);
add("sort one operand, axis 0", (x) => lax.sort(x, { dimension: 0 }), () => [uniform([4, 3])]);
add("sort key/value", (k, v) => lax.sort([k, v], { dimension: 1, numKeys: 1 }), () => [uniform([3, 5]), uniform([3, 5])]);
// The first key has ties (broken by the second), so it is a constant: perturbing it would reorder.
add("sort two keys and a value", (k2, v) => lax.sort([arr([[1, 0], [0, 1], [1, 0], [0, 1]]), k2, v], { dimension: 0, numKeys: 2 }), () => [uniform([4, 2]), uniform([4, 2])]);
add("sort with an int operand", (k, i) => lax.sort([k, i], { dimension: 0 }), () => [uniform([5]), i32([0, 1, 2, 3, 4])], { noVjp: true });

// Scatters. Elementwise updates into a vector (with duplicates and out-of-bounds) and windowed
// row updates into a matrix.
const elemDn: ScatterDimensionNumbers = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
const rowDn: ScatterDimensionNumbers = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
const dupIdx = () => i32([[1], [3], [1], [7], [0], [1]]);
const uniqIdx = () => i32([[1], [3], [0]]);
const rowIdx = () => i32([[2], [0], [2]]);
type ScatterFn = typeof lax.scatter;
const SCATTERS: [string, ScatterFn, number, number][] = [
  ["scatter-add", lax.scatterAdd, -2, 2],
  ["scatter", lax.scatter, -2, 2],
  ["scatter-mul", lax.scatterMul, -1.5, 1.5],
  ["scatter-min", lax.scatterMin, -2, 2],
  ["scatter-max", lax.scatterMax, -2, 2],
];
for (const [name, op, lo, hi] of SCATTERS) {
  add(`${name} duplicates (drop out of bounds)`, (x, i, u) => op(x, i, u, elemDn), () => [uniform([5], lo, hi), dupIdx(), uniform([6], lo, hi)]);
  add(`${name} duplicates (clip)`, (x, i, u) => op(x, i, u, elemDn, { mode: "clip" }), () => [uniform([5], lo, hi), dupIdx(), uniform([6], lo, hi)]);
  add(`${name} unique indices`, (x, i, u) => op(x, i, u, elemDn, { uniqueIndices: true }), () => [uniform([5], lo, hi), uniqIdx(), uniform([3], lo, hi)]);
  add(`${name} windows`, (x, i, u) => op(x, i, u, rowDn), () => [uniform([4, 3], lo, hi), rowIdx(), uniform([3, 3], lo, hi)]);
  add(`${name} constant operand`, (i, u) => op(np.ones([5], { dtype: F }), i, u, elemDn), () => [dupIdx(), uniform([6], lo, hi)]);
  add(`${name} constant updates`, (x, i) => op(x, i, arr([0.5, -1, 2, 1, 1.5, -0.25]), elemDn), () => [uniform([5], lo, hi), dupIdx()]);
}
add("scatter-mul with zero updates at a shared index", (x, i, u) => lax.scatterMul(x, i, u, elemDn), () => [uniform([5]), dupIdx(), arr([0.5, 2, 0, 3, -1, 1.5])]);
add("scatter-mul with two zero updates at a shared index", (x, i, u) => lax.scatterMul(x, i, u, elemDn), () => [uniform([5]), dupIdx(), arr([0, 2, 0, 3, -1, 1.5])]);
add("numpy .at[].set/add/mul/min/max", (x, v) => {
  const idx = i32([0, 2, 0]);
  return [x.at(idx).set(v), x.at(idx).add(v), x.at(idx).mul(v), x.at(idx).min(v), x.at(idx).max(v)];
}, () => [uniform([4]), uniform([3])]);

// ------------------------------------------------------------------------------------------------

describe("jvp rules against central finite differences (float64)", () => {
  for (const c of cases) {
    it(c.name, () => {
      rand = mulberry32(c.name.length * 7919 + 17);
      checkJvp(c.f, c.args(), { rtol: c.rtol, atol: c.atol, expect: c.expect });
    });
  }

  it("covers every primitive of the catalogue", () => {
    const seen = new Set<string>();
    for (const c of cases) {
      const args = c.args();
      for (const p of primitivesOf(makeJaxpr((...xs: Array[]) => c.f(...xs))(...args).jaxpr)) seen.add(p);
    }
    // custom_lin is only ever transposed (forward mode of a custom_vjp function is an error).
    // Call primitives and debug_callback are exercised under jvp by test/jit.
    // Control flow (cond, while, scan, custom_linear_solve) is exercised under jvp by test/control.
    // name (checkpoint_name) and pure_callback: test/ad/checkpointPolicies.test.ts, test/jit/pureCallback.test.ts.
    const elsewhere = new Set(["custom_lin", "pjit", "custom_jvp_call", "custom_vjp_call", "checkpoint", "debug_callback", "cond", "while", "scan", "custom_linear_solve", "name", "pure_callback", "schur", "hessenberg", "householder_product",
      // Named-axis collectives: their axis's vmap rewrites them, so they never reach a top-level
      // jaxpr; test/vmap/collectives.test.ts checks their JVPs (jvp against finite differences,
      // checkGrads of grad inside the vmap).
      ...COLLECTIVE_PRIMITIVES]);
    const missing = Object.keys(SHAPE_RULES).filter((p) => !seen.has(p) && !elsewhere.has(p));
    expect(missing).toEqual([]);
  });
});

describe("linearity: linearize stages only linear primitives on tangents", () => {
  for (const c of cases) {
    it(c.name, () => {
      rand = mulberry32(c.name.length * 104729 + 3);
      const args = c.args();
      if (c.noLinearize) expect(() => linearize((...xs: Array[]) => c.f(...xs), ...args)).toThrow();
      else checkLinear(c.f, args, randomTangents(args));
    });
  }
});

describe("vjp against jvp (dot-product test)", () => {
  for (const c of cases) {
    if (c.noVjp) continue;
    it(c.name, () => {
      rand = mulberry32(c.name.length * 31 + 5);
      const args = c.args();
      checkVjp(c.f, args, randomTangents(args));
    });
  }
});

// ------------------------------------------------------------------------------------------------

const tangentOf = (f: Fn, args: Array[], ts: Array[]): number[] => values(asList((jvp((...xs: Array[]) => f(...xs), args, ts) as [unknown, unknown])[1])[0]!);

describe("JAX's conventions at non-differentiable points", () => {
  it("max/min split the tangent 0.5/0.5 at ties (_balanced_eq)", () => {
    const x = arr([1, 2, 3]);
    const y = arr([1, 0, 3]);
    const tx = arr([1, 1, 10]);
    const ty = arr([3, 5, 20]);
    expect(tangentOf(lax.max, [x, y], [tx, ty])).toEqual([2, 1, 15]);
    expect(tangentOf(lax.min, [x, y], [tx, ty])).toEqual([2, 5, 15]);
    // A broadcast scalar tying with some elements.
    expect(tangentOf(lax.max, [arr([0, 1, 2]), s(1)], [arr([2, 2, 2]), s(4)])).toEqual([4, 3, 2]);
  });

  it("abs'(0) = 1 (select(x >= 0, t, -t))", () => {
    expect(tangentOf(lax.abs, [arr([0, -0, -2, 3])], [arr([1, 1, 1, 1])])).toEqual([1, 1, -1, 1]);
  });

  it("reduce_max/min average the tangent over tied positions", () => {
    const x = arr([[1, 3, 3, 0], [2, 2, 2, 2]]);
    const t = arr([[1, 2, 4, 8], [1, 2, 3, 6]]);
    expect(tangentOf((a) => lax.reduceMax(a, [1]), [x], [t])).toEqual([3, 3]);
    expect(tangentOf((a) => lax.reduceMin(a, [1]), [x], [t])).toEqual([8, 3]);
    expect(tangentOf((a) => lax.reduceMax(a, [0, 1]), [x], [t])).toEqual([3]);
  });

  it("reduce_prod with one zero: the derivative at the zero is the product of the others", () => {
    const x = arr([2, 0, 3, -1]);
    const grads = [0, 1, 2, 3].map((k) => tangentOf((a) => lax.reduceProd(a, [0]), [x], [arr([0, 1, 2, 3].map((i) => (i === k ? 1 : 0)))])[0]);
    expect(grads).toEqual([0, -6, 0, 0]);
    // Two zeros: every partial derivative is zero.
    const x2 = arr([2, 0, 0, -1]);
    expect(tangentOf((a) => lax.reduceProd(a, [0]), [x2], [arr([1, 1, 1, 1])])).toEqual([0]);
  });

  it("cumprod through zeros", () => {
    const x = arr([2, 0, 3, 4]);
    // d/dx1 of [x0, x0 x1, x0 x1 x2, x0 x1 x2 x3] = [0, x0, x0 x2, x0 x2 x3].
    expect(tangentOf((a) => lax.cumprod(a, 0), [x], [arr([0, 1, 0, 0])])).toEqual([0, 2, 6, 24]);
    expect(tangentOf((a) => lax.cumprod(a, 0), [x], [arr([1, 0, 0, 0])])).toEqual([1, 0, 0, 0]);
  });

  it("cummax/cummin take the tangent of the first position attaining the running extreme", () => {
    const x = arr([1, 3, 2, 3, 5, 0]);
    const t = arr([1, 10, 100, 1000, 10000, 100000]);
    expect(tangentOf((a) => lax.cummax(a, 0), [x], [t])).toEqual([1, 10, 10, 10, 10000, 10000]);
    expect(tangentOf((a) => lax.cummin(a, 0), [x], [t])).toEqual([1, 1, 1, 1, 1, 100000]);
    expect(tangentOf((a) => lax.cummax(a, 0, true), [x], [t])).toEqual([10000, 10000, 10000, 10000, 10000, 100000]);
  });

  it("pow: d/dy at x = 0 is 0; d/dx at y = 0 is y x^(y-1) as JAX's float-exponent rule (NaN at x = 0)", () => {
    expect(tangentOf((y) => lax.pow(arr([0, 0]), y), [arr([2, 0.5])], [arr([1, 1])])).toEqual([0, 0]);
    expect(tangentOf(lax.pow, [arr([0, 2]), arr([0, 0])], [arr([1, 1]), arr([0, 0])])).toEqual([NaN, 0]);
    expect(tangentOf(lax.pow, [arr([0]), arr([2])], [arr([1]), arr([0])])).toEqual([0]);
  });

  it("clamp: the operand's tangent passes strictly inside (lo, hi); hi's where hi < x; lo's where lo > x", () => {
    // At x == lo or x == hi every tangent is dropped, as in JAX.
    const lo = s(0);
    const hi = s(1);
    const x = arr([-1, 0, 0.5, 1, 2]);
    expect(tangentOf(lax.clamp, [lo, x, hi], [s(0), arr([1, 1, 1, 1, 1]), s(0)])).toEqual([0, 0, 1, 0, 0]);
    expect(tangentOf(lax.clamp, [lo, x, hi], [s(1), arr([0, 0, 0, 0, 0]), s(0)])).toEqual([1, 0, 0, 0, 0]);
    expect(tangentOf(lax.clamp, [lo, x, hi], [s(0), arr([0, 0, 0, 0, 0]), s(1)])).toEqual([0, 0, 0, 0, 1]);
  });

  it("scatter-max averages the tangents of tied contenders", () => {
    const x = arr([1, 5, 0]);
    const idx = i32([[0], [0], [2]]);
    const u = arr([1, 0.5, 2]);
    const t = tangentOf((a, b) => lax.scatterMax(a, idx, b, elemDn), [x, u], [arr([10, 20, 30]), arr([100, 1000, 10000])]);
    expect(t).toEqual([55, 20, 10000]);
  });

  it("scatter with duplicate indices: the winning update's tangent, the operand's where nothing landed", () => {
    const idx = i32([[0], [2], [0]]);
    const [p, t] = jvp((a: Array, b: Array) => lax.scatter(a, idx, b, elemDn), [arr([1, 2, 3, 4]), arr([5, 6, 7])], [arr([1, 2, 3, 4]), arr([10, 20, 30])]) as [Array, Array];
    expect(p.tolist()).toEqual([7, 2, 6, 4]);
    expect(t.tolist()).toEqual([30, 2, 20, 4]);
  });

  it("gather in fill mode: zero tangent where the primal is filled", () => {
    const [p, t] = jvp((a: Array) => lax.gather(a, i32([[1], [9]]), rowGather, [1, 2], { mode: "fill" }), [arr([[1, 2], [3, 4]])], [arr([[1, 1], [1, 1]])]) as [Array, Array];
    expect(p.tolist()).toEqual([[3, 4], [NaN, NaN]]);
    expect(t.tolist()).toEqual([[1, 1], [0, 0]]);
  });
});

describe("dtypes and symbolic zeros", () => {
  it("convert_element_type converts float tangents and zeroes integer ones", () => {
    const [p, t] = jvp((a: Array) => lax.convertElementType(a, "float32"), [arr([1.5, 2.5])], [arr([0.25, -1])]) as [Array, Array];
    expect(p.dtype).toBe("float32");
    expect(t.dtype).toBe("float32");
    expect(t.tolist()).toEqual([0.25, -1]);
    const [, [ti]] = jvpFlat((a) => [lax.convertElementType(a, "int32")], [arr([1.5])], [arr([1])]);
    expect(ti).toBeInstanceOf(Zero);
  });

  it("tangents are strong even for weakly typed primals", () => {
    const x = np.array(2.0); // weak float32
    const [, [t]] = jvpFlat((a) => [lax.mul(a, a)], [x], [np.array(1, { dtype: "float32" })]);
    expect((t as Array).dtype).toBe("float32");
    expect((t as Array).weakType).toBe(false);
  });

  it("piecewise-constant and boolean outputs have symbolic zero tangents", () => {
    const x = arr([1.5, -2]);
    const [, ts] = jvpFlat((a) => [lax.floor(a), lax.sign(a), lax.gt(a, 0), lax.argmax(a, 0), lax.stopGradient(a)], [x], [arr([1, 1])]);
    for (const t of ts) expect(t).toBeInstanceOf(Zero);
  });

  it("a product with a constant keeps only the live term; an all-constant op stays zero", () => {
    const x = arr([1, 2]);
    const [, [t1, t2]] = jvpFlat((a) => [lax.mul(a, arr([3, 4])), lax.add(arr([1, 1]), arr([2, 2]))], [x], [arr([1, 1])]);
    expect((t1 as Array).tolist()).toEqual([3, 4]);
    expect(t2).toBeInstanceOf(Zero);
  });

  it("float32 rules keep float32 tangents", () => {
    const x = np.array([0.5, 1.5]);
    for (const f of [lax.sin, lax.exp, lax.sqrt, (a: Array) => lax.reduceProd(a, [0]), (a: Array) => lax.cumprod(a, 0), (a: Array) => lax.pow(a, a)]) {
      const [p, t] = jvp(f, [x], [np.array([1, 1])]) as [Array, Array];
      expect(t.dtype).toBe(p.dtype);
      expect(t.dtype).toBe("float32");
    }
  });
});

describe("higher order: the rules differentiate through themselves", () => {
  const second: [string, Fn, () => Array[]][] = [
    ["reduce_prod with a zero", (x) => lax.reduceProd(x, [0]), () => [arr([2, 0, 3, -1.5])]],
    ["cumprod", (x) => lax.cumprod(x, 0), () => [uniform([6], -1.5, 1.5)]],
    ["pow", (x) => lax.pow(x, lax.sub(x, 0.5)), () => [uniform([4], 0.5, 2)]],
    ["max", (x) => lax.max(lax.mul(x, x), lax.sin(x)), () => [uniform([5])]],
    ["div", (x) => lax.div(lax.sin(x), lax.add(lax.mul(x, x), 1)), () => [uniform([5])]],
    ["atan2", (x) => lax.atan2(lax.sin(x), lax.cos(lax.mul(x, 2))), () => [uniform([5])]],
    ["tanh", lax.tanh, () => [uniform([5])]],
    ["logistic", lax.logistic, () => [uniform([5])]],
    ["erf", lax.erf, () => [uniform([5])]],
    ["sort", (x) => lax.sort(lax.mul(x, x))[0]!, () => [uniform([6])]],
    ["cummax", (x) => lax.cummax(lax.mul(x, lax.sin(x)), 0), () => [uniform([6])]],
    ["scatter-mul", (x) => lax.scatterMul(x, i32([[0], [0], [2]]), lax.sin(lax.slice(x, [1], [4])), elemDn), () => [uniform([5])]],
    ["reduce_max", (x) => lax.reduceMax(lax.mul(x, x), [0]), () => [uniform([5])]],
    ["rsqrt and cbrt", (x) => lax.add(lax.rsqrt(x), lax.cbrt(x)), () => [uniform([5], 0.3, 2)]],
  ];
  for (const [name, f, args] of second) {
    it(`second derivative of ${name}`, () => {
      rand = mulberry32(name.length * 13 + 1);
      const xs = args();
      const ts = randomTangents(xs);
      // g(x) = J_f(x) t, differentiated along another direction.
      const g = (...ys: Array[]): Array => asList((jvp((...zs: Array[]) => f(...zs), ys, ts) as [unknown, unknown])[1])[0]!;
      checkJvp(g, xs, { rtol: 1e-5, atol: 1e-6 });
    });
  }
});
