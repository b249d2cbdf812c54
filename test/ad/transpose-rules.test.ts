// Transpose rules of the linear primitives, checked by the dot-product test: for a map f that is
// affine in its linear inputs x (the rest held fixed) and a random cotangent ct,
//   <ct, f(x) - f(0)> == sum_i <f^T(ct)_i, x_i>.
// Each case runs twice: the rule called directly on UndefinedPrimal inputs, and end to end through
// `vjp` (JVP + partial evaluation + transposition). Everything is float64 unless a case says not.
import { describe, it, expect } from "vitest";
import type { DType, PrimitiveName } from "../../jaxpr/index.js";
import { numpy as np, vjp, Array } from "../../src/index.js";
import { bind1 } from "../../src/core/trace.js";
import { isLinearPrimitive, unbroadcast } from "../../src/ad/transposeRules.js";
import { TRANSPOSE_RULES } from "../../src/rules.js";
import type { TransposeRule } from "../../src/ad/types.js";
import { UndefinedPrimal, Zero } from "../../src/ad/types.js";
import { mulberry32 } from "../util/random.js";

// ---------------------------------------------------------------------------------------------
// Data

const rng = mulberry32;
let random = rng(1234);

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Uniform in [-1, 1) (or in [0.5, 1.5) with `positive`, for divisors). */
function rand(shape: readonly number[], dtype: DType = "float64", positive = false): Array {
  const n = size(shape);
  const buf = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) buf[i] = positive ? 0.5 + random() : 2 * random() - 1;
  return np.array(buf, { shape });
}
const i32 = (data: unknown): Array => np.array(data as never, { dtype: "int32" });
const bools = (data: unknown): Array => np.array(data as never, { dtype: "bool" });

function values(x: Array): number[] {
  return globalThis.Array.from(x.dataSync() as ArrayLike<number>, Number);
}

// ---------------------------------------------------------------------------------------------
// Cases

interface Arg {
  lin: boolean;
  make: () => Array;
}
const L = (shape: readonly number[], dtype: DType = "float64"): Arg => ({ lin: true, make: () => rand(shape, dtype) });
const C = (make: () => Array): Arg => ({ lin: false, make });
const Cr = (shape: readonly number[], dtype: DType = "float64", positive = false): Arg => ({ lin: false, make: () => rand(shape, dtype, positive) });

interface Case {
  name: string;
  prim: PrimitiveName;
  args: Arg[];
  params: object;
  tol?: number;
}

const NP = {};
const gdn = (offsetDims: number[], collapsedSliceDims: number[], startIndexMap: number[], operandBatchingDims: number[] = [], startIndicesBatchingDims: number[] = []) => ({
  offsetDims,
  collapsedSliceDims,
  startIndexMap,
  operandBatchingDims,
  startIndicesBatchingDims,
});
const sdn = (updateWindowDims: number[], insertedWindowDims: number[], scatterDimsToOperandDims: number[], operandBatchingDims: number[] = [], scatterIndicesBatchingDims: number[] = []) => ({
  updateWindowDims,
  insertedWindowDims,
  scatterDimsToOperandDims,
  operandBatchingDims,
  scatterIndicesBatchingDims,
});
const gatherParams = (dimensionNumbers: object, sliceSizes: number[], mode = "clip", fillValue: number | null = null) => ({
  dimensionNumbers,
  sliceSizes,
  mode,
  fillValue,
  indicesAreSorted: false,
  uniqueIndices: false,
});
const scatterParams = (dimensionNumbers: object, mode = "fill", uniqueIndices = false) => ({ dimensionNumbers, indicesAreSorted: false, uniqueIndices, mode });
const dotParams = (lc: number[], rc: number[], lb: number[] = [], rb: number[] = [], preferredElementType: DType | null = null) => ({
  dimensionNumbers: [
    [lc, rc],
    [lb, rb],
  ],
  preferredElementType,
});

const CASES: Case[] = [
  { name: "neg", prim: "neg", args: [L([3, 4])], params: NP },

  // Binary ops, with lax's rank-0 and size-1 broadcasting (cotangents are unbroadcast).
  { name: "add both", prim: "add", args: [L([3, 4]), L([3, 4])], params: NP },
  { name: "add size-1 dims", prim: "add", args: [L([3, 1]), L([1, 4])], params: NP },
  { name: "add rank-0", prim: "add", args: [L([]), L([2, 3])], params: NP },
  { name: "add one linear", prim: "add", args: [Cr([3, 4]), L([3, 1])], params: NP },
  { name: "sub both", prim: "sub", args: [L([3, 4]), L([1, 4])], params: NP },
  { name: "sub rhs rank-0", prim: "sub", args: [Cr([3, 4]), L([])], params: NP },
  { name: "mul lhs", prim: "mul", args: [L([3, 4]), Cr([3, 4])], params: NP },
  { name: "mul rhs size-1", prim: "mul", args: [Cr([3, 4]), L([3, 1])], params: NP },
  { name: "mul lhs rank-0", prim: "mul", args: [L([]), Cr([2, 5])], params: NP },
  { name: "mul by rank-0 const", prim: "mul", args: [L([2, 5]), Cr([])], params: NP },
  { name: "div", prim: "div", args: [L([3, 4]), Cr([3, 4], "float64", true)], params: NP },
  { name: "div size-1 numerator", prim: "div", args: [L([1, 4]), Cr([3, 4], "float64", true)], params: NP },

  // Dtype changes: the cotangent comes back in the input's dtype.
  { name: "convert f32->f64", prim: "convert_element_type", args: [L([3, 4], "float32")], params: { newDtype: "float64", weakType: false }, tol: 1e-5 },
  { name: "convert f64->f32", prim: "convert_element_type", args: [L([3, 4])], params: { newDtype: "float32", weakType: false }, tol: 1e-5 },
  { name: "convert weak", prim: "convert_element_type", args: [L([5])], params: { newDtype: "float64", weakType: true } },

  // Shape ops.
  { name: "broadcast_in_dim new leading", prim: "broadcast_in_dim", args: [L([3])], params: { shape: [2, 3], broadcastDimensions: [1] } },
  { name: "broadcast_in_dim size-1", prim: "broadcast_in_dim", args: [L([3, 1])], params: { shape: [3, 4], broadcastDimensions: [0, 1] } },
  { name: "broadcast_in_dim mixed", prim: "broadcast_in_dim", args: [L([1, 3])], params: { shape: [2, 4, 3], broadcastDimensions: [1, 2] } },
  { name: "broadcast_in_dim size-1 kept", prim: "broadcast_in_dim", args: [L([1, 3])], params: { shape: [1, 2, 3], broadcastDimensions: [0, 2] } },
  { name: "broadcast_in_dim scalar", prim: "broadcast_in_dim", args: [L([])], params: { shape: [2, 2], broadcastDimensions: [] } },
  { name: "reshape", prim: "reshape", args: [L([2, 6])], params: { newSizes: [3, 4] } },
  { name: "reshape to scalar", prim: "reshape", args: [L([1, 1])], params: { newSizes: [] } },
  { name: "transpose", prim: "transpose", args: [L([2, 3, 4])], params: { permutation: [2, 0, 1] } },
  { name: "squeeze", prim: "squeeze", args: [L([3, 1, 4, 1])], params: { dimensions: [1, 3] } },
  { name: "expand_dims", prim: "expand_dims", args: [L([3, 4])], params: { dimensions: [0, 2] } },
  { name: "rev both", prim: "rev", args: [L([3, 4])], params: { dimensions: [0, 1] } },
  { name: "rev one", prim: "rev", args: [L([3, 4])], params: { dimensions: [1] } },

  // pad: edge, negative and interior padding; operand and padding value both linear.
  { name: "pad", prim: "pad", args: [L([3, 4]), L([])], params: { paddingConfig: [[1, 2, 0], [0, 1, 2]] } },
  { name: "pad negative", prim: "pad", args: [L([3, 4]), L([])], params: { paddingConfig: [[-1, 2, 1], [2, -2, 0]] } },
  { name: "pad negative with interior", prim: "pad", args: [L([4]), L([])], params: { paddingConfig: [[-2, -1, 2]] } },
  { name: "pad operand only", prim: "pad", args: [L([2, 3]), C(() => np.array(0.5, { dtype: "float64" }))], params: { paddingConfig: [[1, -1, 1], [0, 0, 3]] } },
  { name: "pad value only", prim: "pad", args: [Cr([2, 3]), L([])], params: { paddingConfig: [[1, 1, 1], [2, 0, 0]] } },

  { name: "concatenate all", prim: "concatenate", args: [L([2, 3]), L([4, 3]), L([1, 3])], params: { dimension: 0 } },
  { name: "concatenate subset", prim: "concatenate", args: [Cr([3, 2]), L([3, 1]), Cr([3, 4]), L([3, 2])], params: { dimension: 1 } },

  { name: "slice", prim: "slice", args: [L([5, 6])], params: { startIndices: [1, 2], limitIndices: [4, 6], strides: null } },
  { name: "slice strided", prim: "slice", args: [L([7, 6])], params: { startIndices: [1, 0], limitIndices: [7, 5], strides: [2, 3] } },
  { name: "slice empty", prim: "slice", args: [L([4, 6])], params: { startIndices: [2, 1], limitIndices: [2, 6], strides: [1, 2] } },

  { name: "dynamic_slice", prim: "dynamic_slice", args: [L([5, 6]), C(() => i32(1)), C(() => i32(2))], params: { sliceSizes: [3, 3] } },
  { name: "dynamic_slice clamped", prim: "dynamic_slice", args: [L([5, 6]), C(() => i32(4)), C(() => i32(-3))], params: { sliceSizes: [2, 4] } },
  { name: "dynamic_update_slice both", prim: "dynamic_update_slice", args: [L([5, 6]), L([2, 3]), C(() => i32(1)), C(() => i32(2))], params: NP },
  { name: "dynamic_update_slice operand", prim: "dynamic_update_slice", args: [L([5, 6]), Cr([2, 3]), C(() => i32(4)), C(() => i32(2))], params: NP },
  { name: "dynamic_update_slice update clamped", prim: "dynamic_update_slice", args: [Cr([5, 6]), L([2, 3]), C(() => i32(9)), C(() => i32(-1))], params: NP },

  // gather: rows, points, windows, offset dims first, batching dims, clip and fill modes.
  { name: "gather rows (dup indices)", prim: "gather", args: [L([5, 3]), C(() => i32([[0], [4], [2], [0]]))], params: gatherParams(gdn([1], [0], [0]), [1, 3]) },
  { name: "gather points", prim: "gather", args: [L([4, 5]), C(() => i32([[[0, 1], [3, 4], [0, 1]], [[2, 2], [1, 0], [3, 3]]]))], params: gatherParams(gdn([], [0, 1], [0, 1]), [1, 1]) },
  { name: "gather windows clip", prim: "gather", args: [L([6, 7]), C(() => i32([[0], [5], [-2]]))], params: gatherParams(gdn([1, 2], [], [1]), [6, 3]) },
  { name: "gather windows fill", prim: "gather", args: [L([6, 7]), C(() => i32([[1], [5], [-2], [4]]))], params: gatherParams(gdn([1, 2], [], [1]), [6, 3], "fill", 1.5) },
  { name: "gather offset dims first", prim: "gather", args: [L([5, 3]), C(() => i32([[3], [1], [3], [0]]))], params: gatherParams(gdn([0], [0], [0]), [1, 3]) },
  { name: "gather transposed start map", prim: "gather", args: [L([4, 5, 3]), C(() => i32([[1, 2], [4, 0], [2, 3]]))], params: gatherParams(gdn([1, 2], [1], [1, 0]), [2, 1, 3]) },
  {
    name: "gather batching dims",
    prim: "gather",
    args: [L([3, 5, 4]), C(() => i32([[[1], [4]], [[0], [0]], [[3], [2]]]))],
    params: gatherParams(gdn([2], [1], [1], [0], [0]), [1, 1, 4]),
  },

  // scatter-add: operand and updates linear, each alone, several dimension numbers and modes.
  { name: "scatter-add rows", prim: "scatter-add", args: [L([5, 3]), C(() => i32([[0], [4], [2], [0]])), L([4, 3])], params: scatterParams(sdn([1], [0], [0])) },
  { name: "scatter-add updates only", prim: "scatter-add", args: [Cr([5, 3]), C(() => i32([[1], [1], [3]])), L([3, 3])], params: scatterParams(sdn([1], [0], [0])) },
  { name: "scatter-add operand only", prim: "scatter-add", args: [L([5, 3]), C(() => i32([[1], [1], [3]])), Cr([3, 3])], params: scatterParams(sdn([1], [0], [0])) },
  { name: "scatter-add points", prim: "scatter-add", args: [L([4, 5]), C(() => i32([[0, 1], [3, 4], [0, 1], [2, 2]])), L([4])], params: scatterParams(sdn([], [0, 1], [0, 1])) },
  { name: "scatter-add windows fill (dropped)", prim: "scatter-add", args: [L([6, 7]), C(() => i32([[1], [5], [-2], [4]])), L([4, 6, 3])], params: scatterParams(sdn([1, 2], [], [1])) },
  { name: "scatter-add windows clip", prim: "scatter-add", args: [L([6, 7]), C(() => i32([[1], [5], [-2], [4]])), L([4, 6, 3])], params: scatterParams(sdn([1, 2], [], [1]), "clip") },
  { name: "scatter-add window dims first", prim: "scatter-add", args: [L([5, 3]), C(() => i32([[3], [1], [3]])), L([3, 3])], params: scatterParams(sdn([0], [0], [0])) },
  {
    name: "scatter-add batching dims",
    prim: "scatter-add",
    args: [L([3, 5, 4]), C(() => i32([[[1], [4]], [[0], [0]], [[3], [2]]])), L([3, 2, 4])],
    params: scatterParams(sdn([2], [1], [1], [0], [0])),
  },

  // scatter (overwrite): unique indices as JAX requires, and duplicates (only the winner gets a cotangent).
  { name: "scatter unique", prim: "scatter", args: [L([5, 3]), C(() => i32([[4], [0], [2]])), L([3, 3])], params: scatterParams(sdn([1], [0], [0]), "fill", true) },
  { name: "scatter unique operand only", prim: "scatter", args: [L([5, 3]), C(() => i32([[4], [0]])), Cr([2, 3])], params: scatterParams(sdn([1], [0], [0]), "fill", true) },
  { name: "scatter duplicates", prim: "scatter", args: [L([5, 3]), C(() => i32([[1], [3], [1], [9]])), L([4, 3])], params: scatterParams(sdn([1], [0], [0])) },
  { name: "scatter duplicates clip", prim: "scatter", args: [L([6, 7]), C(() => i32([[1], [5], [-2], [4], [1]])), L([5, 6, 3])], params: scatterParams(sdn([1, 2], [], [1]), "clip") },

  // scatter-mul: linear in the operand; affine in the updates when indices are unique.
  { name: "scatter-mul operand", prim: "scatter-mul", args: [L([5, 3]), C(() => i32([[1], [1], [3]])), Cr([3, 3])], params: scatterParams(sdn([1], [0], [0])) },
  { name: "scatter-mul updates (unique)", prim: "scatter-mul", args: [Cr([5, 3]), C(() => i32([[1], [4], [3]])), L([3, 3])], params: scatterParams(sdn([1], [0], [0]), "fill", true) },

  // select_n: bool and int32 predicates, scalar predicate, a subset of cases linear.
  { name: "select_n bool", prim: "select_n", args: [C(() => bools([[true, false, true], [false, false, true]])), L([2, 3]), L([2, 3])], params: NP },
  { name: "select_n bool one case", prim: "select_n", args: [C(() => bools([[true, false, true], [false, false, true]])), Cr([2, 3]), L([2, 3])], params: NP },
  { name: "select_n scalar pred", prim: "select_n", args: [C(() => bools(true)), L([2, 3]), L([2, 3])], params: NP },
  { name: "select_n int32", prim: "select_n", args: [C(() => i32([[0, 1, 2], [2, 2, 0]])), L([2, 3]), Cr([2, 3]), L([2, 3])], params: NP },
  { name: "select_n single case", prim: "select_n", args: [C(() => i32([[0, 0]])), L([1, 2])], params: NP },

  { name: "reduce_sum", prim: "reduce_sum", args: [L([3, 4, 5])], params: { axes: [0, 2] } },
  { name: "reduce_sum all", prim: "reduce_sum", args: [L([3, 4])], params: { axes: [0, 1] } },
  { name: "reduce_sum none", prim: "reduce_sum", args: [L([3, 4])], params: { axes: [] } },
  { name: "cumsum", prim: "cumsum", args: [L([3, 5])], params: { axis: 1, reverse: false } },
  { name: "cumsum reverse", prim: "cumsum", args: [L([4, 3])], params: { axis: 0, reverse: true } },

  // dot_general: each operand linear, batch dims anywhere, transposed layouts, several contractions.
  { name: "matmul lhs", prim: "dot_general", args: [L([3, 4]), Cr([4, 5])], params: dotParams([1], [0]) },
  { name: "matmul rhs", prim: "dot_general", args: [Cr([3, 4]), L([4, 5])], params: dotParams([1], [0]) },
  { name: "matvec rhs", prim: "dot_general", args: [Cr([3, 4]), L([4])], params: dotParams([1], [0]) },
  { name: "vecdot lhs", prim: "dot_general", args: [L([4]), Cr([4])], params: dotParams([0], [0]) },
  { name: "transposed layouts lhs", prim: "dot_general", args: [L([4, 3]), Cr([5, 4])], params: dotParams([0], [1]) },
  { name: "transposed layouts rhs", prim: "dot_general", args: [Cr([4, 3]), L([5, 4])], params: dotParams([0], [1]) },
  { name: "batched lhs", prim: "dot_general", args: [L([2, 3, 4]), Cr([2, 4, 5])], params: dotParams([2], [1], [0], [0]) },
  { name: "batched rhs", prim: "dot_general", args: [Cr([2, 3, 4]), L([2, 4, 5])], params: dotParams([2], [1], [0], [0]) },
  { name: "batch dims not leading lhs", prim: "dot_general", args: [L([3, 2, 4]), Cr([4, 5, 2])], params: dotParams([2], [0], [1], [2]) },
  { name: "batch dims not leading rhs", prim: "dot_general", args: [Cr([3, 2, 4]), L([4, 5, 2])], params: dotParams([2], [0], [1], [2]) },
  { name: "two contractions reordered lhs", prim: "dot_general", args: [L([2, 3, 4]), Cr([4, 3, 5])], params: dotParams([1, 2], [1, 0]) },
  { name: "two contractions reordered rhs", prim: "dot_general", args: [Cr([2, 3, 4]), L([4, 3, 5])], params: dotParams([1, 2], [1, 0]) },
  { name: "two batch dims lhs", prim: "dot_general", args: [L([2, 4, 3, 6]), Cr([3, 4, 2, 5])], params: dotParams([1], [1], [2, 0], [0, 2]) },
  { name: "two batch dims rhs", prim: "dot_general", args: [Cr([2, 4, 3, 6]), L([3, 4, 2, 5])], params: dotParams([1], [1], [2, 0], [0, 2]) },
  { name: "outer product rhs", prim: "dot_general", args: [Cr([3]), L([4])], params: dotParams([], []) },
  { name: "preferred f64 from f32 lhs", prim: "dot_general", args: [L([3, 4], "float32"), Cr([4, 2], "float32")], params: dotParams([1], [0], [], [], "float64"), tol: 1e-5 },
];

// ---------------------------------------------------------------------------------------------
// The dot-product test

interface Built {
  inputs: Array[];
  lin: number[];
  f: (...linValues: Array[]) => Array;
}

function build(c: Case): Built {
  const inputs = c.args.map((a) => a.make());
  const lin = c.args.flatMap((a, i) => (a.lin ? [i] : []));
  const f = (...linValues: Array[]): Array => {
    const args = [...inputs];
    lin.forEach((i, k) => (args[i] = linValues[k]!));
    return bind1(c.prim, args, c.params as never);
  };
  return { inputs, lin, f };
}

const zerosLike = (x: Array): Array => np.zeros(x.shape, { dtype: x.dtype });

function dot(a: readonly number[], b: readonly number[]): [number, number] {
  expect(a.length).toBe(b.length);
  let s = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * b[i]!;
    scale += Math.abs(a[i]! * b[i]!);
  }
  return [s, scale];
}

/** Checks <ct, f(x) - f(0)> against sum_i <cts_i, x_i>. */
function checkDotProduct(c: Case, b: Built, transpose: (ct: Array) => (Array | Zero)[]): void {
  const xs = b.lin.map((i) => b.inputs[i]!);
  const y = b.f(...xs);
  const y0 = b.f(...xs.map(zerosLike));
  const ct = rand(y.shape, y.dtype);
  const yv = values(y);
  const y0v = values(y0);
  const [lhs, lscale] = dot(
    values(ct),
    yv.map((v, i) => v - y0v[i]!),
  );
  const cts = transpose(ct);
  expect(cts.length).toBe(xs.length);
  let rhs = 0;
  let rscale = 0;
  cts.forEach((t, k) => {
    const x = xs[k]!;
    expect(t.aval.shape).toEqual(x.shape);
    expect(t.aval.dtype).toBe(x.dtype);
    if (t instanceof Zero) return;
    const [s, sc] = dot(values(t), values(x));
    rhs += s;
    rscale += sc;
  });
  const tol = c.tol ?? 1e-12;
  expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(tol * (1 + lscale + rscale));
}

function ruleTranspose(c: Case, b: Built): (ct: Array) => (Array | Zero)[] {
  return (ct) => {
    const inputs = b.inputs.map((x, i) => (b.lin.includes(i) ? new UndefinedPrimal(x.aval) : x));
    const rule = TRANSPOSE_RULES[c.prim as keyof typeof TRANSPOSE_RULES] as unknown as TransposeRule<PrimitiveName>;
    const out = rule([ct], inputs, c.params as never);
    expect(out.length).toBe(inputs.length);
    out.forEach((t, i) => {
      if (b.lin.includes(i)) expect(t).not.toBeNull();
      else expect(t).toBeNull();
    });
    return b.lin.map((i) => out[i]!);
  };
}

function vjpTranspose(b: Built): (ct: Array) => Array[] {
  return (ct) => {
    const xs = b.lin.map((i) => b.inputs[i]!);
    const [, pull] = vjp(b.f, ...xs);
    return pull(ct) as Array[];
  };
}

describe("transpose rules: dot-product test, rule called directly", () => {
  for (const c of CASES) {
    it(c.name, () => {
      random = rng(hash(c.name));
      const b = build(c);
      checkDotProduct(c, b, ruleTranspose(c, b));
    });
  }
});

describe("transpose rules: dot-product test through vjp", () => {
  for (const c of CASES) {
    it(c.name, () => {
      random = rng(hash(c.name) + 1);
      const b = build(c);
      checkDotProduct(c, b, vjpTranspose(b));
    });
  }
});

// Transposing twice gives the linear map back: the pullback's own pullback applied to x is
// f(x) - f(0). This runs every rule under the JVP trace and transposes what the rules emitted.
describe("transpose rules: the transpose of the transpose", () => {
  for (const c of CASES) {
    it(c.name, () => {
      random = rng(hash(c.name) + 2);
      const b = build(c);
      const xs = b.lin.map((i) => b.inputs[i]!);
      const y = b.f(...xs);
      const y0 = b.f(...xs.map(zerosLike));
      const [, pull] = vjp(b.f, ...xs);
      const ct0 = rand(y.shape, y.dtype);
      const [, pull2] = vjp((ct: Array) => pull(ct), ct0);
      const [back] = pull2(xs) as Array[];
      expect(back!.shape).toEqual(y.shape);
      expect(back!.dtype).toBe(y.dtype);
      const y0v = values(y0);
      const want = values(y).map((v, i) => v - y0v[i]!);
      const got = values(back!);
      const tol = c.tol ?? 1e-12;
      got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!)) * 10));
    });
  }
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Details

describe("transpose rules: details", () => {
  const LINEAR: PrimitiveName[] = [
    "neg", "add", "sub", "mul", "div", "convert_element_type", "broadcast_in_dim", "reshape", "transpose", "squeeze",
    "expand_dims", "rev", "pad", "concatenate", "slice", "dynamic_slice", "dynamic_update_slice", "gather", "scatter-add",
    "scatter-mul", "scatter", "select_n", "reduce_sum", "cumsum", "dot_general",
  ];

  it("every linear primitive has a rule and is covered by a case", () => {
    for (const p of LINEAR) {
      expect(isLinearPrimitive(p)).toBe(true);
      expect(CASES.some((c) => c.prim === p)).toBe(true);
    }
    for (const p of ["stop_gradient", "sin", "reduce_max", "cumprod", "sort", "iota", "clamp", "integer_pow"]) expect(isLinearPrimitive(p)).toBe(false);
  });

  it("zero cotangents stay symbolic", () => {
    for (const c of CASES) {
      const b = build(c);
      const y = b.f(...b.lin.map((i) => b.inputs[i]!));
      const inputs = b.inputs.map((x, i) => (b.lin.includes(i) ? new UndefinedPrimal(x.aval) : x));
      const rule = TRANSPOSE_RULES[c.prim as keyof typeof TRANSPOSE_RULES] as unknown as TransposeRule<PrimitiveName>;
      const out = rule([new Zero(y.aval)], inputs, c.params as never);
      out.forEach((t, i) => {
        if (b.lin.includes(i)) {
          expect(t).toBeInstanceOf(Zero);
          expect((t as Zero).aval.shape).toEqual(b.inputs[i]!.shape);
        } else expect(t).toBeNull();
      });
    }
  });

  it("convert_element_type from an integer gives a zero cotangent", () => {
    const x = i32([1, 2, 3]);
    const out = TRANSPOSE_RULES.convert_element_type([rand([3])], [new UndefinedPrimal(x.aval)], { newDtype: "float64", weakType: false });
    expect(out[0]).toBeInstanceOf(Zero);
  });

  it("rejects nonlinear uses", () => {
    const x = rand([2]);
    const u = new UndefinedPrimal(x.aval);
    expect(() => TRANSPOSE_RULES.mul([x], [u, u], {})).toThrow(/mul/);
    expect(() => TRANSPOSE_RULES.div([x], [x, u], {})).toThrow(/div/);
    expect(() => TRANSPOSE_RULES.dot_general([rand([])], [u, u], dotParams([0], [0]) as never)).toThrow(/dot_general/);
  });

  it("unbroadcast sums size-1 and rank-0 operands' dims", () => {
    const t = np.array([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
    expect(unbroadcast(t, np.zeros([1, 3], { dtype: "float64" }).aval).tolist()).toEqual([[5, 7, 9]]);
    expect(unbroadcast(t, np.zeros([2, 1], { dtype: "float64" }).aval).tolist()).toEqual([[6], [15]]);
    expect(unbroadcast(t, np.zeros([], { dtype: "float64" }).aval).tolist()).toEqual(21);
    expect(unbroadcast(t, t.aval)).toBe(t);
  });

  it("pad's transpose matches JAX on a worked example", () => {
    // pad([a, b, c], 0, [(-1, 2, 1)]) = [0, b, 0, c, 0, 0]: the transpose of [1..6] is [0, 2, 4], padding value 1+3+5+6.
    const x = np.array([0, 0, 0], { dtype: "float64" });
    const padv = np.array(0, { dtype: "float64" });
    const out = TRANSPOSE_RULES.pad(
      [np.array([1, 2, 3, 4, 5, 6], { dtype: "float64" })],
      [new UndefinedPrimal(x.aval), new UndefinedPrimal(padv.aval)],
      { paddingConfig: [[-1, 2, 1]] },
    );
    expect((out[0] as Array).tolist()).toEqual([0, 2, 4]);
    expect((out[1] as Array).tolist()).toEqual(15);
  });

  it("scatter with duplicate indices gives the cotangent to the update that won", () => {
    // Row-major order: the last update to a position wins.
    const operand = np.zeros([3], { dtype: "float64" });
    const idx = i32([[1], [1], [0]]);
    const upd = np.zeros([3], { dtype: "float64" });
    const out = TRANSPOSE_RULES.scatter(
      [np.array([10, 20, 30], { dtype: "float64" })],
      [new UndefinedPrimal(operand.aval), idx, new UndefinedPrimal(upd.aval)],
      scatterParams(sdn([], [0], [0])) as never,
    );
    expect((out[0] as Array).tolist()).toEqual([0, 0, 30]);
    expect((out[2] as Array).tolist()).toEqual([0, 20, 10]);
  });
});
