// checkGrads (after JAX's jax.test_util.check_grads) at order 2 in both modes over every
// differentiable primitive of the catalogue, each called through `lax.*` in float64 (tight
// tolerance) and float32 (loose tolerance), with inputs chosen away from non-differentiable points
// and domain edges. Then numpy-level broadcasting and composed programs, and the transforms'
// higher-order and pytree behaviour (grad^3, closures, jacfwd/jacrev/hessian).
import { describe, it, expect } from "vitest";
import { numpy as np, lax, grad, jvp, vjp, jacfwd, jacrev, hessian, valueAndGrad, makeJaxpr } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { COLLECTIVE_PRIMITIVES, SHAPE_RULES } from "../../jaxpr/index.js";
import type { GatherDimensionNumbers, ScatterDimensionNumbers, DotDimensionNumbers } from "../../jaxpr/index.js";
import { checkGrads } from "../util/checkGrads.js";
import type { CheckGradsOptions } from "../util/checkGrads.js";
import { mulberry32 } from "../util/random.js";
import * as matrixHelpers from "../../src/lax/matrixHelpers.js";

// ------------------------------------------------------------------------------------------------
// Data: a seeded generator per case, so every case sees the same inputs however the file is run.


function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Input makers bound to a dtype and a seeded stream. */
class Gen {
  constructor(
    readonly dt: DType,
    readonly r: () => number,
  ) {}

  /** An array of `dt` from JS values. */
  of(values: number[], shape: readonly number[] = [values.length]): Array {
    const buf = this.dt === "float32" ? Float32Array.from(values) : Float64Array.from(values);
    return np.array(buf, { shape: [...shape], dtype: this.dt });
  }

  /** Uniform in [lo, hi). */
  u(shape: readonly number[], lo = -2, hi = 2): Array {
    return this.of(globalThis.Array.from({ length: size(shape) }, () => lo + (hi - lo) * this.r()), shape);
  }

  /** Magnitudes in [lo, hi) with random signs: away from zero. */
  signed(shape: readonly number[], lo = 0.3, hi = 2): Array {
    return this.of(globalThis.Array.from({ length: size(shape) }, () => (this.r() < 0.5 ? -1 : 1) * (lo + (hi - lo) * this.r())), shape);
  }

  /** Values `k + frac` with frac in [lo, hi): away from integers (floor/ceil/round/rem edges). */
  offInteger(shape: readonly number[], lo: number, hi: number, range = 3): Array {
    return this.of(globalThis.Array.from({ length: size(shape) }, () => Math.floor((2 * this.r() - 1) * range) + lo + (hi - lo) * this.r()), shape);
  }

  /** Pairwise distinct values (gaps >= 0.25) in random order: no ties for max/min/sort. */
  distinctValues(n: number, gap = 0.3): number[] {
    const vals = globalThis.Array.from({ length: n }, (_, k) => (k - n / 2) * gap + 0.05 * this.r());
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [vals[i], vals[j]] = [vals[j]!, vals[i]!];
    }
    return vals;
  }

  distinct(shape: readonly number[], gap = 0.3): Array {
    return this.of(this.distinctValues(size(shape), gap), shape);
  }
}

// Tolerances: float64 uses checkGrads' defaults (eps 1e-4, atol = rtol = 1e-5; every case here
// also passes at 1e-8). float32 keeps checkGrads' eps (1e-2) but tightens its default atol = rtol =
// 5e-2, which with tangents in [-0.5, 0.5) lets a 10% error in a derivative pass unnoticed; every
// case here passes at 5e-4, so 2e-3 is still loose (200x float64's) with a safety margin.
const F32_TOL: CheckGradsOptions = { atol: 2e-3, rtol: 2e-3 };

const i32 = (data: unknown): Array => np.array(data as number[], { dtype: "int32" });
const bools = (data: unknown): Array => np.array(data as boolean[], { dtype: "bool" });

// ------------------------------------------------------------------------------------------------
// The case table. Integer operands (indices, select predicates) are closed over, so checkGrads
// only sees float arguments.

type Fn = (...xs: Array[]) => unknown;

interface Case {
  name: string;
  f: Fn;
  args: (g: Gen) => Array[];
  /** The dtypes to run in (both by default). */
  dtypes?: DType[];
  /** Overrides of checkGrads' options (per dtype). */
  opts?: (dt: DType) => CheckGradsOptions;
}

const cases: Case[] = [];
const add = (name: string, f: Fn, args: (g: Gen) => Array[], extra: Partial<Case> = {}): void => {
  cases.push({ name, f, args, ...extra });
};

const A = [2, 3];

// Unary elementwise, each on a domain where it is smooth and away from its edges.
const UNARY: [string, (x: Array) => Array, (g: Gen) => Array][] = [
  ["neg", lax.neg, (g) => g.u(A)],
  ["exp", lax.exp, (g) => g.u(A)],
  ["exp2", lax.exp2, (g) => g.u(A)],
  ["log", lax.log, (g) => g.u(A, 0.3, 3)],
  ["log1p", lax.log1p, (g) => g.u(A, -0.5, 2)],
  ["expm1", lax.expm1, (g) => g.u(A)],
  ["tanh", lax.tanh, (g) => g.u(A)],
  ["logistic", lax.logistic, (g) => g.u(A, -3, 3)],
  ["sin", lax.sin, (g) => g.u(A, -3, 3)],
  ["cos", lax.cos, (g) => g.u(A, -3, 3)],
  ["tan", lax.tan, (g) => g.u(A, -1.1, 1.1)],
  ["asin", lax.asin, (g) => g.u(A, -0.8, 0.8)],
  ["acos", lax.acos, (g) => g.u(A, -0.8, 0.8)],
  ["atan", lax.atan, (g) => g.u(A, -3, 3)],
  ["sinh", lax.sinh, (g) => g.u(A)],
  ["cosh", lax.cosh, (g) => g.u(A)],
  ["asinh", lax.asinh, (g) => g.u(A, -3, 3)],
  ["acosh", lax.acosh, (g) => g.u(A, 1.3, 3)],
  ["atanh", lax.atanh, (g) => g.u(A, -0.8, 0.8)],
  ["sqrt", lax.sqrt, (g) => g.u(A, 0.3, 3)],
  ["rsqrt", lax.rsqrt, (g) => g.u(A, 0.3, 3)],
  ["cbrt", lax.cbrt, (g) => g.signed(A, 0.3, 3)],
  ["abs", lax.abs, (g) => g.signed(A)],
  ["erf", lax.erf, (g) => g.u(A)],
  ["square", lax.square, (g) => g.u(A)],
  ["sign", lax.sign, (g) => g.signed(A)],
  ["floor", lax.floor, (g) => g.offInteger(A, 0.2, 0.8)],
  ["ceil", lax.ceil, (g) => g.offInteger(A, 0.2, 0.8)],
  ["round", (x) => lax.round(x), (g) => g.offInteger(A, 0.1, 0.4)],
  // Linear (JAX: deflinear); 40 mantissa bits keep the float64 finite differences smooth.
  ["reduce_precision", (x) => lax.reducePrecision(x, 11, 40), (g) => g.u(A)],
  ["round half-even", (x) => lax.round(x, 1), (g) => g.offInteger(A, 0.6, 0.9)],
  ["integer_pow 0", (x) => lax.integerPow(x, 0), (g) => g.u(A)],
  ["integer_pow 1", (x) => lax.integerPow(x, 1), (g) => g.u(A)],
  ["integer_pow 2", (x) => lax.integerPow(x, 2), (g) => g.u(A)],
  ["integer_pow 3", (x) => lax.integerPow(x, 3), (g) => g.u(A)],
  ["integer_pow 5", (x) => lax.integerPow(x, 5), (g) => g.u(A, -1.5, 1.5)],
  ["integer_pow -1", (x) => lax.integerPow(x, -1), (g) => g.signed(A, 0.5, 2)],
  ["integer_pow -3", (x) => lax.integerPow(x, -3), (g) => g.signed(A, 0.6, 2)],
];
for (const [name, f, mk] of UNARY) add(name, f, (g) => [mk(g)]);
// stop_gradient is invisible to finite differences, so it is checked inside a program whose
// derivative does not depend on it being stopped.
add("stop_gradient (derivative-free use)", (x) => lax.mul(x, lax.stopGradient(lax.sub(x, x))), (g) => [g.u(A)]);

// Binary elementwise through lax, equal shapes and a rank-0 operand.
const BINARY: [string, (x: Array, y: Array) => Array, (g: Gen, s: number[]) => Array, (g: Gen, s: number[]) => Array][] = [
  ["add", lax.add, (g, s) => g.u(s), (g, s) => g.u(s)],
  ["sub", lax.sub, (g, s) => g.u(s), (g, s) => g.u(s)],
  ["mul", lax.mul, (g, s) => g.u(s), (g, s) => g.u(s)],
  ["div", lax.div, (g, s) => g.u(s), (g, s) => g.signed(s, 0.5, 2)],
  ["pow", lax.pow, (g, s) => g.u(s, 0.4, 2), (g, s) => g.u(s)],
  ["atan2", lax.atan2, (g, s) => g.u(s), (g, s) => g.u(s, 0.5, 2)],
  ["logaddexp", lax.logaddexp, (g, s) => g.u(s), (g, s) => g.u(s)],
];
for (const [name, f, mx, my] of BINARY) {
  add(`${name}`, f, (g) => [mx(g, A), my(g, A)]);
  add(`${name} (rank-0 rhs)`, f, (g) => [mx(g, A), my(g, [])]);
  add(`${name} (rank-0 lhs)`, f, (g) => [mx(g, []), my(g, A)]);
}
// max/min without ties: the operands are drawn from one pool of distinct values.
const splitDistinct = (g: Gen, sx: number[], sy: number[]): Array[] => {
  const v = g.distinctValues(size(sx) + size(sy));
  return [g.of(v.slice(0, size(sx)), sx), g.of(v.slice(size(sx)), sy)];
};
for (const [name, f] of [["max", lax.max], ["min", lax.min]] as const) {
  add(name, f, (g) => splitDistinct(g, A, A));
  add(`${name} (rank-0 rhs)`, f, (g) => splitDistinct(g, A, []));
}
// rem is discontinuous where x / y is an integer: x = y0 * (k + frac) with frac well inside (0, 1).
const remArgs = (g: Gen, sx: number[], sy: number[]): Array[] => {
  const y = globalThis.Array.from({ length: size(sy) }, () => 1.45 + 0.1 * g.r());
  const x = globalThis.Array.from({ length: size(sx) }, () => (g.r() < 0.5 ? -1 : 1) * 1.5 * (Math.floor(3 * g.r()) + 0.4 + 0.2 * g.r()));
  return [g.of(x, sx), g.of(y, sy)];
};
add("rem", lax.rem, (g) => remArgs(g, A, A));
add("rem (rank-0 rhs)", lax.rem, (g) => remArgs(g, A, []));

// Selection and clamping.
add("select_n (bool which)", (a, b) => lax.selectN(bools([[true, false, true], [false, false, true]]), a, b), (g) => [g.u(A), g.u(A)]);
add("select_n (int32 which, 3 cases)", (a, b, c) => lax.selectN(i32([[0, 1, 2], [2, 1, 0]]), a, b, c), (g) => [g.u(A), g.u(A), g.u(A)]);
add("select_n (rank-0 which)", (a, b) => lax.selectN(bools(true), a, b), (g) => [g.u(A), g.u(A)]);
// Complex parts (issue 23): real, imag, conj and complex inside a real-to-real function.
add("complex parts (real, imag, conj, complex)", (a, b) => lax.add(lax.real(lax.mul(lax.conj(lax.complex(a, b)), lax.complex(b, a))), lax.imag(lax.mul(lax.complex(a, b), lax.complex(a, b)))), (g) => [g.u(A), g.u(A)]);
add("select (predicate from the operands)", (a, b) => lax.select(lax.lt(a, b), lax.mul(a, b), lax.sin(b)), (g) => splitDistinct(g, A, A));
const clampX = (g: Gen): Array => g.of([-1.5, -0.3, 0.1, 1.3, 0.5, -1.1].map((v) => v + 0.05 * g.r()), A);
add("clamp (scalar bounds)", (lo, x, hi) => lax.clamp(lo, x, hi), (g) => [g.of([-0.7], []), clampX(g), g.of([0.9], [])]);
add("clamp (array bounds)", (lo, x, hi) => lax.clamp(lo, x, hi), (g) => [g.of([-0.8, -0.6, -0.7, -0.9, -0.5, -0.75], A), clampX(g), g.of([0.8, 0.7, 0.9, 1.0, 0.8, 0.7], A)]);

// regularized_incomplete_beta in x (JAX defines no derivative in a and b): a and b closed over.
add("regularized_incomplete_beta (in x)", (x) => {
  const ab = (v: number[][]): Array => np.array(v, { dtype: x.dtype });
  return lax.betainc(ab([[0.7, 2, 5], [1.5, 3, 0.9]]), ab([[3, 1.2, 2.5], [4, 0.8, 6]]), x);
}, (g) => [g.of([0.2, 0.5, 0.7, 0.35, 0.6, 0.15].map((v) => v + 0.05 * g.r()), A)]);

// convert_element_type between float32 and float64 (output precision decides the tolerance).
const LOOSE: CheckGradsOptions = { eps: 1e-2, ...F32_TOL };
add("convert_element_type -> float64", (x) => lax.sin(lax.convertElementType(x, "float64")), (g) => [g.u(A)]);
add("convert_element_type -> float32", (x) => lax.sin(lax.convertElementType(x, "float32")), (g) => [g.u(A)], { opts: () => LOOSE });
add("convert_element_type float32 -> float64 -> float32", (x) => {
  const y = lax.convertElementType(x, "float64");
  return lax.convertElementType(lax.mul(y, lax.sin(y)), "float32");
}, (g) => [g.u(A)], { dtypes: ["float32"] });
add("convert_element_type (same dtype, weak)", (x) => lax.convertElementType(lax.exp(x), x.dtype, true), (g) => [g.u(A)]);
add("convert_element_type mixed operands", (x, y) => lax.mul(lax.convertElementType(x, "float64"), lax.convertElementType(y, "float64")), (g) => [g.u(A), new Gen(g.dt === "float32" ? "float64" : "float32", g.r).u(A)], {
  opts: () => LOOSE,
});

// Shape operations.
add("broadcast_in_dim [3] -> [2,3,4]", (x) => lax.sin(lax.broadcastInDim(x, [2, 3, 4], [1])), (g) => [g.u([3])]);
add("broadcast_in_dim [1,3] -> [2,3]", (x) => lax.broadcastInDim(x, [2, 3], [0, 1]), (g) => [g.u([1, 3])]);
add("broadcast_in_dim [] -> [2,2]", (x) => lax.broadcastInDim(x, [2, 2], []), (g) => [g.u([])]);
add("reshape", (x) => lax.reshape(lax.mul(x, x), [3, 2]), (g) => [g.u(A)]);
add("reshape to rank 0", (x) => lax.reshape(x, []), (g) => [g.u([1, 1])]);
add("transpose", (x) => lax.transpose(x, [2, 0, 1]), (g) => [g.u([2, 3, 2])]);
add("squeeze", (x) => lax.squeeze(x, [1]), (g) => [g.u([3, 1, 2])]);
add("expand_dims", (x) => lax.expandDims(x, [0, 2]), (g) => [g.u(A)]);
add("rev", (x) => lax.mul(lax.rev(x, [0, 1]), x), (g) => [g.u(A)]);
add("pad (operand and padding value)", (x, v) => lax.pad(x, v, [[1, 2, 0], [0, 1, 0]]), (g) => [g.u(A), g.u([])]);
add("pad interior", (x, v) => lax.pad(x, v, [[0, 0, 1], [1, 0, 2]]), (g) => [g.u(A), g.u([])]);
add("pad negative low/high with interior", (x, v) => lax.pad(x, v, [[-1, 1, 0], [2, -2, 1]]), (g) => [g.u([3, 4]), g.u([])]);
add("pad with a constant padding value", (x) => lax.pad(lax.mul(x, x), 1.5, [[1, 1, 0], [-1, 0, 1]]), (g) => [g.u(A)]);
add("concatenate", (a, b, c) => lax.concatenate([a, b, c], 1), (g) => [g.u([2, 2]), g.u([2, 1]), g.u([2, 3])]);
add("concatenate axis 0 with a repeated operand", (a, b) => lax.concatenate([a, lax.mul(a, b), b], 0), (g) => [g.u(A), g.u(A)]);
add("slice", (x) => lax.slice(x, [1, 1], [3, 4]), (g) => [g.u([4, 5])]);
add("slice (strided)", (x) => lax.slice(lax.mul(x, x), [1, 0], [5, 6], [2, 3]), (g) => [g.u([5, 6])]);
add("dynamic_slice", (x) => lax.dynamicSlice(x, [i32(1), i32(2)], [2, 3]), (g) => [g.u([4, 5])]);
add("dynamic_slice (clamped start)", (x) => lax.dynamicSlice(lax.sin(x), [i32(3), i32(-2)], [2, 3]), (g) => [g.u([4, 5])]);
add("dynamic_update_slice", (x, u) => lax.dynamicUpdateSlice(x, u, [i32(2), i32(1)]), (g) => [g.u([4, 5]), g.u([2, 3])]);
add("dynamic_update_slice (nonlinear)", (x, u) => lax.dynamicUpdateSlice(lax.sin(x), lax.mul(u, u), [i32(1), i32(3)]), (g) => [g.u([4, 5]), g.u([2, 3])]);

// gather.
const rowGather: GatherDimensionNumbers = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] };
const pointGather: GatherDimensionNumbers = { offsetDims: [], collapsedSliceDims: [0, 1], startIndexMap: [0, 1], operandBatchingDims: [], startIndicesBatchingDims: [] };
const batchGather: GatherDimensionNumbers = { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] };
add("gather rows (clip, repeated index)", (x) => lax.gather(x, i32([[1], [3], [1], [7]]), rowGather, [1, 3], { mode: "clip" }), (g) => [g.u([4, 3])]);
add("gather rows (fill)", (x) => lax.gather(lax.mul(x, x), i32([[1], [3], [-1], [0]]), rowGather, [1, 3], { mode: "fill", fillValue: 2.5 }), (g) => [g.u([4, 3])]);
add("gather points", (x) => lax.gather(x, i32([[0, 2], [3, 1], [0, 2]]), pointGather, [1, 1]), (g) => [g.u([4, 3])]);
add("gather windows", (x) => lax.gather(x, i32([[1, 0], [2, 1]]), { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0, 1], operandBatchingDims: [], startIndicesBatchingDims: [] }, [2, 2]), (g) => [g.u([4, 3])]);
add("gather with batching dims", (x) => lax.gather(x, i32([[[2], [0]], [[1], [1]], [[3], [0]]]), batchGather, [1, 1]), (g) => [g.u([3, 4])]);

// Scatters: elementwise updates into a vector and windowed row updates into a matrix.
const elemDn: ScatterDimensionNumbers = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
const rowDn: ScatterDimensionNumbers = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };
const dupIdx = (): Array => i32([[1], [3], [1], [7], [0], [1]]);
const uniqIdx = (): Array => i32([[1], [4], [0]]);
add("scatter-add (duplicates, out of bounds dropped)", (x, u) => lax.scatterAdd(x, dupIdx(), u, elemDn), (g) => [g.u([5]), g.u([6])]);
add("scatter-add (clip)", (x, u) => lax.scatterAdd(lax.sin(x), dupIdx(), lax.mul(u, u), elemDn, { mode: "clip" }), (g) => [g.u([5]), g.u([6])]);
add("scatter-add windows", (x, u) => lax.scatterAdd(x, i32([[2], [0], [2]]), u, rowDn), (g) => [g.u([4, 3]), g.u([3, 3])]);
add("scatter (unique indices)", (x, u) => lax.scatter(x, uniqIdx(), u, elemDn, { uniqueIndices: true }), (g) => [g.u([5]), g.u([3])]);
add("scatter (unique indices, nonlinear)", (x, u) => lax.scatter(lax.mul(x, x), uniqIdx(), lax.sin(u), elemDn, { uniqueIndices: true }), (g) => [g.u([5]), g.u([3])]);
add("scatter windows (unique rows)", (x, u) => lax.scatter(x, i32([[2], [0]]), u, rowDn, { uniqueIndices: true }), (g) => [g.u([4, 3]), g.u([2, 3])]);
add("scatter-mul (duplicates)", (x, u) => lax.scatterMul(x, dupIdx(), u, elemDn), (g) => [g.u([5], -1.5, 1.5), g.u([6], -1.5, 1.5)]);
add("scatter-mul (unique indices)", (x, u) => lax.scatterMul(x, uniqIdx(), u, elemDn, { uniqueIndices: true }), (g) => [g.u([5], -1.5, 1.5), g.u([3], -1.5, 1.5)]);
add("scatter-mul windows", (x, u) => lax.scatterMul(x, i32([[2], [0], [2]]), u, rowDn), (g) => [g.u([4, 3], -1.5, 1.5), g.u([3, 3], -1.5, 1.5)]);
for (const [name, op] of [["scatter-min", lax.scatterMin], ["scatter-max", lax.scatterMax]] as const) {
  add(`${name} (duplicates)`, (x, u) => op(x, dupIdx(), u, elemDn), (g) => splitDistinct(g, [5], [6]));
  add(`${name} (unique indices)`, (x, u) => op(x, uniqIdx(), u, elemDn, { uniqueIndices: true }), (g) => splitDistinct(g, [5], [3]));
  add(`${name} windows`, (x, u) => op(x, i32([[2], [0], [2]]), u, rowDn), (g) => splitDistinct(g, [4, 3], [3, 3]));
}

// Reductions (max/min without ties; prod is a polynomial, so any values do).
for (const axes of [[0], [1], [0, 1]]) {
  const tag = JSON.stringify(axes);
  add(`reduce_sum ${tag}`, (x) => lax.reduceSum(lax.mul(x, x), axes), (g) => [g.u([3, 4])]);
  add(`reduce_max ${tag}`, (x) => lax.reduceMax(x, axes), (g) => [g.distinct([3, 4])]);
  add(`reduce_min ${tag}`, (x) => lax.reduceMin(x, axes), (g) => [g.distinct([3, 4])]);
  add(`reduce_prod ${tag}`, (x) => lax.reduceProd(x, axes), (g) => [g.u([3, 4], -1.5, 1.5)]);
}
add("reduce_prod over axes (0, 2) of rank 3", (x) => lax.reduceProd(x, [0, 2]), (g) => [g.u([2, 3, 2], -1.5, 1.5)]);
add("reduce_max over a middle axis of rank 3", (x) => lax.reduceMax(x, [1]), (g) => [g.distinct([2, 3, 2])]);

// Cumulative reductions.
for (const axis of [0, 1]) {
  for (const reverse of [false, true]) {
    const tag = `axis ${axis}${reverse ? " reversed" : ""}`;
    add(`cumsum ${tag}`, (x) => lax.cumsum(lax.mul(x, x), axis, reverse), (g) => [g.u([3, 4])]);
    add(`cumprod ${tag}`, (x) => lax.cumprod(x, axis, reverse), (g) => [g.u([3, 4], -1.5, 1.5)]);
    add(`cummax ${tag}`, (x) => lax.cummax(x, axis, reverse), (g) => [g.distinct([3, 4])]);
    add(`cummin ${tag}`, (x) => lax.cummin(x, axis, reverse), (g) => [g.distinct([3, 4])]);
  }
}

// dot_general.
const DOTS: [string, DotDimensionNumbers, number[], number[]][] = [
  ["matmul", [[[1], [0]], [[], []]], [2, 3], [3, 4]],
  ["matrix-vector", [[[1], [0]], [[], []]], [2, 3], [3]],
  ["vector dot", [[[0], [0]], [[], []]], [3], [3]],
  ["outer (no contraction)", [[[], []], [[], []]], [2], [3]],
  ["contract lhs 0 with rhs 1", [[[0], [1]], [[], []]], [3, 2], [4, 3]],
  ["two contracting dims", [[[0, 2], [2, 0]], [[], []]], [2, 3, 2], [2, 4, 2]],
  ["batched matmul", [[[2], [1]], [[0], [0]]], [2, 3, 2], [2, 2, 3]],
  ["batch dims not leading", [[[0], [2]], [[1], [0]]], [3, 2, 4], [2, 5, 3]],
  ["two batch dims, no contraction", [[[], []], [[0, 1], [1, 0]]], [2, 3, 2], [3, 2, 2]],
];
for (const [name, dn, sa, sb] of DOTS) add(`dot_general ${name}`, (a, b) => lax.dotGeneral(a, b, dn), (g) => [g.u(sa), g.u(sb)]);
// conv_general_dilated (issue 21): layouts, strides, padding kinds, dilations, both group kinds.
add("conv NCHW SAME stride 2", (x, w) => lax.convGeneralDilated(x, w, [2, 1], "SAME"), (g) => [g.u([1, 2, 4, 3]), g.u([3, 2, 2, 2])]);
add("conv NHWC with dilations", (x, w) => lax.convGeneralDilated(x, w, [1, 1], [[1, 0], [0, 1]], [2, 1], [1, 2], ["NHWC", "HWIO", "NHWC"]), (g) => [g.u([1, 3, 3, 2]), g.u([2, 2, 2, 2])]);
add("conv feature groups", (x, w) => lax.convGeneralDilated(x, w, [1], "VALID", { featureGroupCount: 2 }), (g) => [g.u([2, 4, 4]), g.u([4, 2, 2])]);
add("conv batch groups", (x, w) => lax.convGeneralDilated(x, w, [1], "SAME_LOWER", { batchGroupCount: 2 }), (g) => [g.u([4, 2, 3]), g.u([2, 2, 2])]);
add("dot_general of an operand with itself", (a) => lax.dotGeneral(a, a, [[[1], [1]], [[], []]]), (g) => [g.u([2, 3])]);

// sort (keys without ties).
add("sort one operand, last axis", (x) => lax.sort(x, { dimension: 1 })[0], (g) => [g.distinct([3, 4])]);
add("sort one operand, axis 0", (x) => lax.sort(x, { dimension: 0 })[0], (g) => [g.distinct([4, 3])]);
add("sort key/value", (k, v) => lax.sort([k, v], { dimension: 1, numKeys: 1 }), (g) => [g.distinct([2, 4]), g.u([2, 4])]);
add("sort key and two values", (k, v, w) => lax.sort([k, v, w], { dimension: 0 }), (g) => [g.distinct([5]), g.u([5]), g.u([5])]);
// The first key has ties broken by the second; it is a constant (perturbing it would reorder).
add("sort two keys and a value", (k2, v) => lax.sort([np.array([[1, 0], [0, 1], [1, 0], [0, 1]], { dtype: k2.dtype }), k2, v], { dimension: 0, numKeys: 2 }), (g) => [g.distinct([4, 2]), g.u([4, 2])]);
add("sort then a nonlinear function", (x) => lax.mul(lax.sort(x)[0]!, lax.cumsum(lax.sort(x)[0]!, 0)), (g) => [g.distinct([5])]);
// Linear algebra (issue 20): operands shaped so derivatives exist and finite differences keep
// to one branch (SPD for cholesky, dominant diagonals so LU's pivots stay put, separated spectra).
const diagOf = (vals: number[], rows: number, cols: number): Array => np.array(globalThis.Array.from({ length: rows }, (_, i) => globalThis.Array.from({ length: cols }, (_, j) => (i === j ? vals[i]! : 0))), { dtype: "float64" });
const spdOf = (x: Array): Array => np.add(np.matmul(x, np.transpose(x)), diagOf([3, 3, 3], 3, 3).astype(x.dtype));
const triOf = (x: Array): Array => np.add(matrixHelpers.triu(x), diagOf([3, 3, 3], 3, 3).astype(x.dtype));
const separated = (x: Array, vals: number[], rows: number, cols: number): Array => np.add(np.multiply(x, 0.1), diagOf(vals, rows, cols).astype(x.dtype));
add("cholesky", (x) => lax.linalg.cholesky(spdOf(x)), (g) => [g.u([3, 3], -1, 1)], { dtypes: ["float64"] });
add("triangular_solve left, in a and b", (a, b) => lax.linalg.triangularSolve(triOf(a), b, { leftSide: true }), (g) => [g.u([3, 3], -1, 1), g.u([3, 2], -1, 1)], { dtypes: ["float64"] });
add("triangular_solve right lower transposed", (a, b) => lax.linalg.triangularSolve(np.transpose(triOf(a)), b, { lower: true, transposeA: true }), (g) => [g.u([3, 3], -1, 1), g.u([2, 3], -1, 1)], { dtypes: ["float64"] });
add("lu", (x) => lax.linalg.lu(separated(x, [4, -3, 2], 3, 3))[0], (g) => [g.u([3, 3], -1, 1)], { dtypes: ["float64"] });
add("qr (thin)", (x) => lax.linalg.qr(separated(x, [3, 2, 1], 4, 3), { fullMatrices: false }), (g) => [g.u([4, 3], -1, 1)], { dtypes: ["float64"] });
// Pivoted: the separated columns' norms 3, 2, 1 fix the permutation under the small steps.
add("qr (pivoted, thin)", (x) => lax.linalg.qr(separated(x, [3, 2, 1], 4, 3), { pivoting: true, fullMatrices: false }).slice(0, 2), (g) => [g.u([4, 3], -1, 1)], { dtypes: ["float64"] });
add("eigh (w, v * v)", (x) => { const [v, w] = lax.linalg.eigh(separated(x, [1, 2, 3], 3, 3)); return [w, np.multiply(v, v)]; }, (g) => [g.u([3, 3], -1, 1)], { dtypes: ["float64"] });
// eig (issue 23): w and the sign-free v * v of both eigenvector sets, for distinct eigenvalues.
const eigOf = (x: Array): Array[] => { const [w, vl, vr] = lax.linalg.eig(separated(x, [1, 2, 3], 3, 3), { enableEigvecDerivs: true }); return [w!, np.multiply(vl!, vl!), np.multiply(vr!, vr!)]; };
add("eig (w, vl * vl, vr * vr)", eigOf, (g) => [g.u([3, 3], -1, 1)], { dtypes: ["float64"] });
add("svd (s, u s vt)", (x) => { const [u, s, vt] = lax.linalg.svd(separated(x, [3, 2, 1], 4, 3), { fullMatrices: false }); return [s, np.matmul(np.multiply(u, s), vt)]; }, (g) => [g.u([4, 3], -1, 1)], { dtypes: ["float64"] });
add("tridiagonal_solve", (dl, d, du, b) => lax.linalg.tridiagonalSolve(dl, np.add(d, 3), du, b), (g) => [g.u([3], -1, 1), g.u([3], -1, 1), g.u([3], -1, 1), g.u([3, 2], -1, 1)], { dtypes: ["float64"] });
// Windowed reductions (issue 21): distinct values so no window has a tie; the pooling gradients
// (select_and_gather_add, select_and_scatter_add) through jvp and vjp of max/min pooling. The
// general reduce_window has no reverse mode (nor in JAX).
const pool = (x: Array): Array => lax.reduceWindow(x, -Infinity, lax.max, [2, 2], [1, 2], "SAME", [1, 2]);
add("reduce_window_sum", (x) => lax.reduceWindow(x, 0, lax.add, [2, 3], [1, 2], [[1, 0], [0, 2]], [2, 1], [1, 2]), (g) => [g.u([3, 4])]);
add("reduce_window_max", (x) => lax.reduceWindow(x, -Infinity, lax.max, [2, 2], [1, 1], "SAME"), (g) => [g.distinct([3, 4])]);
add("reduce_window_min", (x) => lax.reduceWindow(x, Infinity, lax.min, [3, 2], [2, 1], "VALID", [2, 1]), (g) => [g.distinct([3, 4])]);
add("reduce_window (product)", (x) => lax.reduceWindow(x, 1, lax.mul, [2, 2], [1, 1], "SAME"), (g) => [g.u([3, 4])], { opts: () => ({ modes: ["fwd"] }) });
add("select_and_gather_add (max pooling's jvp)", (x, t) => jvp(pool, [x], [t])[1], (g) => [g.distinct([3, 4]), g.u([3, 4])]);
add("select_and_scatter_add (max pooling's vjp)", (x, ct) => vjp(pool, x)[1](ct)[0]!, (g) => [g.distinct([3, 4]), g.u([3, 3])]);
// The FFT (issue 23): all four types in one real-to-real program, squared in the spectrum.
add("fft: RFFT, FFT, IFFT, IRFFT", (x) => lax.fft(lax.fft(lax.fft(lax.mul(lax.fft(x, "RFFT", [3, 4]), lax.fft(x, "RFFT", [3, 4])), "FFT", [3, 3]), "IFFT", [3]), "IRFFT", [3, 4]), (g) => [g.u([2, 3, 4])], { dtypes: ["float64"] });

// ------------------------------------------------------------------------------------------------
// numpy: broadcasting binary ops, and composed programs.

const NP_BINARY: [string, (x: Array, y: Array) => Array, (g: Gen, sx: number[], sy: number[]) => Array[]][] = [
  ["np.add", np.add, (g, sx, sy) => [g.u(sx), g.u(sy)]],
  ["np.subtract", np.subtract, (g, sx, sy) => [g.u(sx), g.u(sy)]],
  ["np.multiply", np.multiply, (g, sx, sy) => [g.u(sx), g.u(sy)]],
  ["np.divide", np.divide, (g, sx, sy) => [g.u(sx), g.signed(sy, 0.5, 2)]],
  ["np.power", np.power, (g, sx, sy) => [g.u(sx, 0.4, 2), g.u(sy)]],
  ["np.arctan2", np.arctan2, (g, sx, sy) => [g.u(sx), g.u(sy, 0.5, 2)]],
  ["np.maximum", np.maximum, splitDistinct],
  ["np.minimum", np.minimum, splitDistinct],
  ["np.remainder", np.remainder, remArgs],
];
const NP_SHAPES: [number[], number[]][] = [
  [[], [2, 3]],
  [[2, 3], []],
  [[2, 1], [1, 3]],
  [[3], [2, 3]],
];
for (const [name, f, mk] of NP_BINARY) {
  for (const [sx, sy] of NP_SHAPES) add(`${name} ${JSON.stringify(sx)} with ${JSON.stringify(sy)}`, f, (g) => mk(g, sx, sy));
}

add("np: tanh(x @ w + b).sum()", (x, w, b) => np.tanh(x.matmul(w).add(b)).sum(), (g) => [g.u([2, 3]), g.u([3, 4], -1, 1), g.u([4], -1, 1)]);
add("np: logsumexp over axis 1", (x) => np.logsumexp(x, 1), (g) => [g.u([3, 4])]);
add("np: logsumexp of everything", (x) => np.logsumexp(x), (g) => [g.u([3, 4])]);
add("np: log-softmax cross-entropy", (x) => np.sum(np.subtract(np.logsumexp(x, 1, true), x).get(":", 0)), (g) => [g.u([3, 4])]);
add("np: einsum ij,jk->ik", (a, b) => np.einsum("ij,jk->ik", a, b), (g) => [g.u([2, 3]), g.u([3, 2])]);
add("np: einsum bij,bjk->bik", (a, b) => np.einsum("bij,bjk->bik", a, b), (g) => [g.u([2, 2, 3]), g.u([2, 3, 2])]);
add("np: einsum ij,ij->", (a, b) => np.einsum("ij,ij->", a, b), (g) => [g.u([2, 3]), g.u([2, 3])]);
add("np: einsum ii->i (diagonal)", (a) => np.einsum("ii->i", np.sin(a)), (g) => [g.u([3, 3])]);
add("np: x.get(int array, slice)", (x) => x.get(i32([2, 0, 2]), "1:3"), (g) => [g.u([3, 4])]);
add("np: x.get(::-1, int, None)", (x) => np.sin(x).get("::-1", 1, null), (g) => [g.u([3, 4])]);
add("np: x.at[idx].add(v)", (x, v) => x.at(i32([0, 2, 0])).add(v), (g) => [g.u([4]), g.u([3])]);
add("np: x.at[idx].set(v) (unique)", (x, v) => np.sin(x).at(i32([3, 1])).set(np.multiply(v, v)), (g) => [g.u([4]), g.u([2])]);
add("np: x.at[idx].mul(v)", (x, v) => x.at(i32([1, 2, 1])).mul(v), (g) => [g.u([4]), g.u([3])]);
add("np: x.at[i, slice].add(v)", (x, v) => x.at(1, "0:2").add(v), (g) => [g.u([3, 3]), g.u([2])]);
add("np: mean / var / std", (x) => np.add(np.add(np.mean(x, 0), np.var(x, 0)), np.std(x, 1).sum()), (g) => [g.u([3, 4])]);
add("np: prod, max (keepdims) and cumsum", (x) => np.add(np.prod(x, 1, true), np.cumsum(np.max(x, 0, true), 1)), (g) => [g.distinct([3, 4])]);
add("np: sort and concatenate", (x, y) => np.concatenate([np.sort(x), np.multiply(y, y)]), (g) => [g.distinct([4]), g.u([2])]);
add("np: where and clip", (x) => np.where(np.greater(x, 0), np.sin(x), np.clip(x, -0.6, 0.6)), (g) => [g.of([-1.5, -0.3, 0.4, 1.2, -0.8, 0.2].map((v) => v + 0.03 * g.r()), A)]);
add("np: pad, flip, transpose", (x) => np.transpose(np.flip(np.pad(np.exp(x), [[1, 0], [0, 2]]), 0)), (g) => [g.u([2, 3])]);

// ------------------------------------------------------------------------------------------------

/** Primitives with no (or only integer/bool) derivatives, and custom_lin (staged only under custom_vjp). */
const NON_DIFFERENTIABLE = new Set(["is_finite", "not", "and", "or", "xor", "eq", "ne", "lt", "le", "gt", "ge", "reduce_and", "reduce_or", "iota", "argmax", "argmin", "custom_lin",
  "shift_left", "shift_right_logical", "shift_right_arithmetic", "bitcast_convert_type",
  // Call primitives and debug_callback: their rules re-run the carried jaxpr (test/jit covers them).
  "pjit", "custom_jvp_call", "custom_vjp_call", "checkpoint", "debug_callback",
  // Named-axis collectives: their axis's vmap rewrites them, so they never reach a top-level jaxpr;
  // test/vmap/collectives.test.ts runs checkGrads (order 2, float64) on each vmapped, and with grad inside the vmap.
  ...COLLECTIVE_PRIMITIVES,
  // checkpoint_name (the identity) and pure_callback (no JVP, as in JAX): test/ad/checkpointPolicies.test.ts, test/jit/pureCallback.test.ts.
  "name", "pure_callback",
  // schur, hessenberg, householder_product: no derivative rule, as JAX's schur_p, hessenberg_p and
  // householder_product_p (test/scipy/schur.test.ts and test/linalg/hessenberg.test.ts check the error).
  "schur", "hessenberg", "householder_product",
  // Control flow (custom_linear_solve too): checked against finite differences in test/control.
  "cond", "while", "scan", "custom_linear_solve"]);

const DTYPES: DType[] = ["float64", "float32"];
const rows: [string, Case, DType][] = [];
for (const c of cases) for (const dt of c.dtypes ?? DTYPES) rows.push([`${c.name} [${dt}]`, c, dt]);

describe("checkGrads order 2, fwd and rev, per primitive", () => {
  it("the lax cases cover every differentiable primitive of the catalogue", () => {
    const seen = new Set<string>();
    for (const c of cases) {
      if (c.name.startsWith("np")) continue;
      const args = c.args(new Gen("float64", mulberry32(1)));
      for (const e of makeJaxpr((...xs: Array[]) => c.f(...xs))(...args).jaxpr.eqns) seen.add(e.primitive);
    }
    const missing = Object.keys(SHAPE_RULES).filter((p) => !NON_DIFFERENTIABLE.has(p) && !seen.has(p));
    expect(missing).toEqual([]);
  });

  it.each(rows)("%s", (label, c, dt) => {
    const g = new Gen(dt, mulberry32(hash(label)));
    const args = c.args(g);
    checkGrads(c.f, args, { order: 2, modes: ["fwd", "rev"], seed: hash(label) ^ 0x5bd1e995, ...(dt === "float32" ? F32_TOL : {}), ...(c.opts?.(dt) ?? {}) });
  });
});

// ------------------------------------------------------------------------------------------------
// Transforms: higher order, closures, Jacobians, pytrees, Hessians.

const F64 = "float64";
const vals = (a: unknown): number[] => globalThis.Array.from((a as Array).dataSync() as ArrayLike<number>, Number);
function expectAllClose(got: unknown, want: unknown, tol = 1e-10): void {
  const g = vals(got);
  const w = vals(want);
  expect(g.length).toBe(w.length);
  g.forEach((v, i) => {
    if (!(Math.abs(v - w[i]!) <= tol * (1 + Math.abs(w[i]!)))) throw new Error(`element ${i}: got ${v}, want ${w[i]}\n  got  ${g.join(", ")}\n  want ${w.join(", ")}`);
  });
}
const f64 = (data: unknown): Array => np.array(data as number[], { dtype: F64 });

describe("higher-order derivatives and closures", () => {
  it("grad(grad(grad(sin))) = -cos", () => {
    const d3 = grad(grad(grad((x: Array) => np.sin(x))));
    for (const x of [-2.1, -0.4, 0, 0.7, 1.9, 3]) {
      expectAllClose(d3(f64(x)), f64(-Math.cos(x)));
      expect((d3(f64(x)) as Array).dtype).toBe(F64);
    }
    // float32 input keeps float32.
    const out = d3(np.array(0.5)) as Array;
    expect(out.dtype).toBe("float32");
    expect(Math.abs(vals(out)[0]! + Math.cos(0.5))).toBeLessThan(1e-6);
  });

  it("fourth derivative of exp(2x) through grad, and jvp of grad", () => {
    const d4 = grad(grad(grad(grad((x: Array) => np.exp(np.multiply(x, 2))))));
    expectAllClose(d4(f64(0.3)), f64(16 * Math.exp(0.6)));
    const [, t] = jvp(grad(grad((x: Array) => np.multiply(np.power(x, 4), 1))), [f64(1.5)], [f64(1)]);
    expectAllClose(t, f64(24 * 1.5));
  });

  it("grad of grad of a function with closures over constants and outer tracers", () => {
    // Closure over a JS constant and an Array constant.
    const c = f64([0.5, -1.5, 2]);
    const h = (x: Array): Array => np.sum(np.multiply(c, np.power(x, 3)));
    const g2 = grad((x: Array) => np.sum(grad(h)(x) as Array));
    const x0 = f64([0.3, -0.8, 1.1]);
    expectAllClose(g2(x0), f64(vals(x0).map((x, i) => 6 * vals(c)[i]! * x)));

    // d/dx [ d/dy (x * y^2) at y = x ] = d/dx 2x^2 = 4x (no perturbation confusion).
    const inner = (x: Array): Array => grad((y: Array) => np.multiply(x, np.multiply(y, y)))(x) as Array;
    expectAllClose(grad(inner)(f64(1.7)), f64(4 * 1.7));
    // d/dx [ x * d/dy (x + y) ] = 1.
    const confusion = (x: Array): Array => np.multiply(x, grad((y: Array) => np.add(x, y))(f64(2)) as Array);
    expectAllClose(grad(confusion)(f64(3)), f64(1));
    // Second derivative of a function closing over the outer variable: d2/dx2 of x * sin(a x) at a = x.
    const nested = (a: Array): Array => grad((x: Array) => np.multiply(x, np.sin(np.multiply(a, x))))(a) as Array;
    // nested(a) = sin(a^2) + a^2 cos(a^2); its derivative: 2a cos(a^2) + 2a cos(a^2) - 2a^3 sin(a^2).
    const a0 = 0.9;
    const s = a0 * a0;
    expectAllClose(grad(nested)(f64(a0)), f64(4 * a0 * Math.cos(s) - 2 * a0 ** 3 * Math.sin(s)));
    expectAllClose(grad(grad(nested))(f64(a0)), f64(4 * Math.cos(s) - 8 * s * Math.sin(s) - 6 * s * Math.sin(s) - 4 * s * s * Math.cos(s)), 1e-9);
  });

  it("vjp of vjp and grad with argnums", () => {
    const f = (x: Array, y: Array): Array => np.sum(np.multiply(np.sin(x), np.exp(y)));
    const x = f64([0.2, -0.7]);
    const y = f64([1.1, 0.4]);
    const [gx, gy] = grad(f, { argnums: [0, 1] })(x, y) as Array[];
    expectAllClose(gx, f64(vals(x).map((v, i) => Math.cos(v) * Math.exp(vals(y)[i]!))));
    expectAllClose(gy, f64(vals(x).map((v, i) => Math.sin(v) * Math.exp(vals(y)[i]!))));
    // vjp of the gradient map: the Hessian-vector product with respect to x.
    const [, pull] = vjp((xx: Array) => grad(f)(xx, y) as Array, x);
    const [hv] = pull(f64([1, 0])) as Array[];
    expectAllClose(hv, f64([-Math.sin(0.2) * Math.exp(1.1), 0]));
  });
});

describe("Jacobians and Hessians", () => {
  it("jacfwd and jacrev agree on a 2-D input, with shape out.shape + in.shape", () => {
    const W = f64([[0.5, -1, 2, 0.3], [1.5, 0.2, -0.7, 1], [-0.4, 0.8, 0.6, -1.2]]);
    const f = (X: Array): Array => np.matmul(np.sin(X), W);
    const X = f64([[0.1, -0.5, 1.2], [0.9, 0.3, -1.4]]);
    const jf = jacfwd(f)(X) as Array;
    const jr = jacrev(f)(X) as Array;
    expect(jf.shape).toEqual([2, 4, 2, 3]);
    expect(jr.shape).toEqual([2, 4, 2, 3]);
    expectAllClose(jf, jr, 1e-12);
    // J[i, k, a, b] = delta(i, a) cos(X[a, b]) W[b, k].
    const xv = vals(X);
    const wv = vals(W);
    const want: number[] = [];
    for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) want.push(i === a ? Math.cos(xv[a * 3 + b]!) * wv[b * 4 + k]! : 0);
    expectAllClose(jf, f64(want).reshape([2, 4, 2, 3]), 1e-12);
  });

  it("jacfwd and jacrev of a 2-D -> 2-D elementwise-and-reduction map in float32", () => {
    const f = (X: Array): Array => np.add(np.tanh(X), np.sum(np.multiply(X, X), 0, true));
    const X = np.array([[0.3, -0.2], [0.5, 1.0], [-0.7, 0.1]]);
    const jf = jacfwd(f)(X) as Array;
    const jr = jacrev(f)(X) as Array;
    expect(jf.shape).toEqual([3, 2, 3, 2]);
    expect(jf.dtype).toBe("float32");
    expectAllClose(jf, jr, 1e-6);
  });

  it("grad and jacrev with pytree inputs (objects and arrays of params)", () => {
    interface Params {
      w: Array;
      b: Array;
      layers: [Array, Array];
    }
    const x = f64([[0.5, -0.3, 1.0], [0.2, 0.8, -0.6]]);
    const loss = (p: Params): Array => {
      const h = np.tanh(np.add(np.matmul(x, p.w), p.b));
      return np.sum(np.multiply(np.multiply(h, p.layers[0]), p.layers[1]));
    };
    const params: Params = { w: f64([[0.1, -0.4], [0.7, 0.2], [-0.5, 0.3]]), b: f64([0.05, -0.1]), layers: [f64([1.5, -0.5]), f64(0.7)] };
    const g = grad(loss)(params) as Params;
    expect(Object.keys(g).sort()).toEqual(["b", "layers", "w"]);
    expect(g.w.shape).toEqual([3, 2]);
    expect(g.b.shape).toEqual([2]);
    expect(g.layers[0].shape).toEqual([2]);
    expect(g.layers[1].shape).toEqual([]);
    // The gradient matches central differences leaf by leaf, and jacrev of a scalar is the gradient.
    checkGrads(loss as never, [params], { order: 2, modes: ["fwd", "rev"], seed: 7 });
    const jr = jacrev(loss)(params) as Params;
    expectAllClose(jr.w, g.w, 1e-12);
    expectAllClose(jr.b, g.b, 1e-12);
    expectAllClose(jr.layers[0], g.layers[0], 1e-12);
    expectAllClose(jr.layers[1], g.layers[1], 1e-12);
    // Analytic gradient with respect to the last scalar.
    const h = np.tanh(np.add(np.matmul(x, params.w), params.b));
    expectAllClose(g.layers[1], np.sum(np.multiply(h, params.layers[0])), 1e-12);

    // Vector output, pytree input: jacrev and jacfwd agree leaf by leaf, shape out.shape + in.shape.
    const vecF = (p: { a: Array; list: Array[] }): Array => np.add(np.multiply(np.sin(p.a), p.list[0]!), np.sum(p.list[1]!));
    const p = { a: f64([0.3, -1.2, 0.8]), list: [f64([2, -1, 0.5]), f64([[0.1, 0.2], [0.3, 0.4]])] };
    const jrv = jacrev(vecF)(p) as { a: Array; list: Array[] };
    const jfv = jacfwd(vecF)(p) as { a: Array; list: Array[] };
    expect(jrv.a.shape).toEqual([3, 3]);
    expect(jrv.list[0]!.shape).toEqual([3, 3]);
    expect(jrv.list[1]!.shape).toEqual([3, 2, 2]);
    expectAllClose(jrv.a, jfv.a, 1e-12);
    expectAllClose(jrv.list[0], jfv.list[0], 1e-12);
    expectAllClose(jrv.list[1], jfv.list[1], 1e-12);
    expectAllClose(jrv.list[1], np.ones([3, 2, 2], { dtype: F64 }), 1e-12);
    // Pytree outputs of grad with several argnums and valueAndGrad.
    const [value, grads] = valueAndGrad((a: Array, q: { u: Array }) => np.sum(np.multiply(a, q.u)), { argnums: [0, 1] })(f64([1, 2]), { u: f64([3, 4]) }) as [Array, [Array, { u: Array }]];
    expectAllClose(value, f64(11));
    expectAllClose(grads[0], f64([3, 4]));
    expectAllClose(grads[1].u, f64([1, 2]));
  });

  it("hessian of sum(sin(x) * x) is diag(2 cos x - x sin x)", () => {
    const f = (x: Array): Array => np.sum(np.multiply(np.sin(x), x));
    const xs = [0.3, -1.1, 2.0, 0.75];
    const H = hessian(f)(f64(xs)) as Array;
    expect(H.shape).toEqual([4, 4]);
    const want: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) want.push(i === j ? 2 * Math.cos(xs[i]!) - xs[i]! * Math.sin(xs[i]!) : 0);
    expectAllClose(H, f64(want).reshape([4, 4]), 1e-12);
    // A 2-D input: shape in.shape + in.shape, and symmetric.
    const H2 = hessian((X: Array) => np.sum(np.multiply(np.sin(X), np.sum(X, 0, true))))(f64([[0.2, -0.5], [1.0, 0.4]])) as Array;
    expect(H2.shape).toEqual([2, 2, 2, 2]);
    expectAllClose(H2, np.transpose(H2, [2, 3, 0, 1]), 1e-12);
  });
});
