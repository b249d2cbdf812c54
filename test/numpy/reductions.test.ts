// numpy reductions against values worked out by hand with jax.numpy's semantics (dtypes, weak
// types, keepdims, axis handling, empty reductions, errors).
import { describe, it, expect } from "vitest";
import { numpy as np, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const x23 = () => np.array([[1, 2, 3], [4, 5, 6]]);
const i23 = () => np.array([[1, 2, 3], [4, 5, 6]], { dtype: "int32" });
const b23 = () => np.array([[true, false, true], [false, false, true]]);
const f64 = () => np.array([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });

/** Shape, dtype and values at once. */
function check(a: Array, shape: number[], dtype: string, values: unknown) {
  expect(a.shape).toEqual(shape);
  expect(a.dtype).toBe(dtype);
  expect(a.tolist()).toEqual(values);
}
function close(a: Array, values: number[] | number, digits = 5) {
  const got = a.tolist();
  if (typeof values === "number") return expect(got as number).toBeCloseTo(values, digits);
  (got as number[]).forEach((v, i) => expect(v).toBeCloseTo(values[i]!, digits));
}

describe("sum", () => {
  it("over all axes, one axis, negative axes, tuple axes", () => {
    check(np.sum(x23()), [], "float32", 21);
    check(np.sum(x23(), 0), [3], "float32", [5, 7, 9]);
    check(np.sum(x23(), -1), [2], "float32", [6, 15]);
    check(np.sum(x23(), [0, 1]), [], "float32", 21);
    check(np.sum(x23(), [-1, 0]), [], "float32", 21);
    check(np.sum(x23(), []), [2, 3], "float32", [[1, 2, 3], [4, 5, 6]]);
    check(np.sum(x23(), null), [], "float32", 21);
  });
  it("keepdims re-inserts size-1 dims", () => {
    check(np.sum(x23(), 1, true), [2, 1], "float32", [[6], [15]]);
    check(np.sum(x23(), 0, true), [1, 3], "float32", [[5, 7, 9]]);
    check(np.sum(x23(), null, true), [1, 1], "float32", [[21]]);
    const x = np.ones([2, 3, 4]);
    expect(np.sum(x, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(np.sum(x, [2, 0]).shape).toEqual([3]);
    expect(x.sum(1, true).shape).toEqual([2, 1, 4]);
  });
  it("dtypes: int32 stays int32, bool becomes int32, float64 stays, result is strong", () => {
    check(np.sum(i23(), 1), [2], "int32", [6, 15]);
    check(np.sum(b23()), [], "int32", 3);
    check(np.sum(b23(), 0), [3], "int32", [1, 0, 2]);
    check(np.sum(f64(), 0), [3], "float64", [5, 7, 9]);
    const u = np.array([1, 2, 4294967295], { dtype: "uint32" });
    check(np.sum(u), [], "uint32", 2);
    expect(np.sum(3).weakType).toBe(false);
    check(np.sum(3), [], "int32", 3);
    check(np.sum(2.5), [], "float32", 2.5);
    check(np.sum(true), [], "int32", 1);
  });
  it("float64 keeps precision", () => {
    const x = np.array([1e16, 1, -1e16], { dtype: "float64" });
    expect(np.sum(np.array([0.1, 0.2], { dtype: "float64" })).tolist()).toBe(0.1 + 0.2);
    expect(np.sum(x).dtype).toBe("float64");
  });
  it("rank 0 and size 0", () => {
    check(np.sum(np.array(5)), [], "float32", 5);
    check(np.sum(np.array(5), null, true), [], "float32", 5);
    check(np.sum(np.zeros([0])), [], "float32", 0);
    check(np.sum(np.zeros([0, 3]), 0), [3], "float32", [0, 0, 0]);
    check(np.sum(np.zeros([0, 3]), 1), [0], "float32", []);
    check(np.sum(np.zeros([2, 0]), 1, true), [2, 1], "float32", [[0], [0]]);
  });
  it("dtype, initial and where options", () => {
    check(np.sum(i23(), 1, false, { dtype: "float32" }), [2], "float32", [6, 15]);
    check(np.sum(x23(), 1, false, { initial: 10 }), [2], "float32", [16, 25]);
    const mask = np.array([[true, false, true], [false, true, false]]);
    check(np.sum(x23(), 1, false, { where: mask }), [2], "float32", [4, 5]);
    check(np.sum(x23(), 0, true, { where: np.array([[true], [false]]) }), [1, 3], "float32", [[1, 2, 3]]);
  });
  it("errors: out-of-bounds and duplicate axes", () => {
    expect(() => np.sum(x23(), 2)).toThrow(/axis 2 is out of bounds for array of dimension 2/);
    expect(() => np.sum(x23(), -3)).toThrow(/out of bounds/);
    expect(() => np.sum(x23(), [0, 0])).toThrow(/duplicate value in 'axis'/);
    expect(() => np.sum(x23(), [1, -1])).toThrow(/duplicate value in 'axis'/);
    expect(() => np.sum(np.array(1), 0)).toThrow(/axis 0 is out of bounds for array of dimension 0/);
  });
  it("is an Array method", () => {
    check(x23().sum(), [], "float32", 21);
    check(x23().sum(-1), [2], "float32", [6, 15]);
  });
  it("traces to reduce_sum", () => {
    const j = makeJaxpr((x: Array) => np.sum(x, 0))(x23());
    expect(j.toString()).toContain("reduce_sum");
  });
});

describe("prod", () => {
  it("values, axes, keepdims, dtypes", () => {
    check(np.prod(x23()), [], "float32", 720);
    check(np.prod(x23(), -1), [2], "float32", [6, 120]);
    check(np.prod(x23(), 0, true), [1, 3], "float32", [[4, 10, 18]]);
    check(np.prod(i23(), 1), [2], "int32", [6, 120]);
    check(np.prod(b23(), 1), [2], "int32", [0, 0]);
    check(np.prod(np.array([true, true])), [], "int32", 1);
    check(np.prod(f64(), [0, 1]), [], "float64", 720);
    check(np.prod(np.zeros([0])), [], "float32", 1);
    check(np.prod(np.array(3)), [], "float32", 3);
    expect(() => np.prod(x23(), 5)).toThrow(/out of bounds/);
  });
});

describe("max / min / amax / amin", () => {
  it("values and axes", () => {
    check(np.max(x23()), [], "float32", 6);
    check(np.max(x23(), 0), [3], "float32", [4, 5, 6]);
    check(np.min(x23(), -1), [2], "float32", [1, 4]);
    check(np.min(x23(), [0, 1], true), [1, 1], "float32", [[1]]);
    check(np.amax(x23(), 1), [2], "float32", [3, 6]);
    check(np.amin(x23(), 0), [3], "float32", [1, 2, 3]);
    check(x23().max(1, true), [2, 1], "float32", [[3], [6]]);
    check(x23().min(), [], "float32", 1);
  });
  it("dtypes: int32, bool and float64 keep their dtype", () => {
    check(np.max(i23(), 0), [3], "int32", [4, 5, 6]);
    check(np.min(np.array([-3, 7], { dtype: "int32" })), [], "int32", -3);
    check(np.max(b23(), 1), [2], "bool", [true, true]);
    check(np.min(b23(), 1), [2], "bool", [false, false]);
    check(np.max(f64(), null), [], "float64", 6);
  });
  it("NaN propagates", () => {
    expect(np.max(np.array([1, NaN, 3])).tolist()).toBeNaN();
    expect(np.min(np.array([1, NaN, 3])).tolist()).toBeNaN();
  });
  it("rank 0", () => {
    check(np.max(np.array(4)), [], "float32", 4);
    check(np.min(7), [], "int32", 7);
  });
  it("size 0: error without initial, identity with initial", () => {
    expect(() => np.max(np.zeros([0]))).toThrow(/zero-size array to reduction operation max which has no identity/);
    expect(() => np.min(np.zeros([0, 3]), 0)).toThrow(/zero-size array to reduction operation min which has no identity/);
    expect(() => np.amax(np.zeros([2, 0]), -1)).toThrow(/reduction operation max/);
    check(np.max(np.zeros([0, 3]), 1), [0], "float32", []);
    check(np.max(np.zeros([0]), null, false, { initial: -5 }), [], "float32", -5);
    check(np.max(x23(), 1, false, { initial: 4 }), [2], "float32", [4, 6]);
  });
  it("where needs initial", () => {
    const mask = np.array([[true, false, false], [false, true, true]]);
    expect(() => np.max(x23(), 1, false, { where: mask })).toThrow(/does not have an identity/);
    check(np.max(x23(), 1, false, { where: mask, initial: 0 }), [2], "float32", [1, 6]);
    check(np.min(x23(), 1, false, { where: mask, initial: 100 }), [2], "float32", [1, 5]);
  });
  it("errors", () => {
    expect(() => np.max(x23(), 2)).toThrow(/out of bounds/);
    expect(() => np.min(x23(), [0, 0])).toThrow(/duplicate value/);
  });
});

describe("mean", () => {
  it("values, axes, keepdims", () => {
    check(np.mean(x23()), [], "float32", 3.5);
    check(np.mean(x23(), 0), [3], "float32", [2.5, 3.5, 4.5]);
    check(np.mean(x23(), -1, true), [2, 1], "float32", [[2], [5]]);
    check(np.mean(x23(), [0, 1], true), [1, 1], "float32", [[3.5]]);
    check(x23().mean(1), [2], "float32", [2, 5]);
  });
  it("int32 and bool give float32, float64 stays", () => {
    check(np.mean(i23(), 1), [2], "float32", [2, 5]);
    check(np.mean(b23(), 1), [2], "float32", [2 / 3, 1 / 3].map(Math.fround));
    check(np.mean(f64(), 0), [3], "float64", [2.5, 3.5, 4.5]);
    check(np.mean(np.array([1, 2], { dtype: "float64" })), [], "float64", 1.5);
    check(np.mean(3), [], "float32", 3);
    expect(np.mean(3).weakType).toBe(false);
  });
  it("rank 0 and zero elements (NaN)", () => {
    check(np.mean(np.array(4)), [], "float32", 4);
    expect(np.mean(np.zeros([0])).tolist()).toBeNaN();
    const m = np.mean(np.zeros([0, 2]), 0);
    expect(m.shape).toEqual([2]);
    expect((m.tolist() as number[]).every(Number.isNaN)).toBe(true);
    check(np.mean(np.zeros([2, 0]), 0), [0], "float32", []);
  });
  it("where and dtype", () => {
    const mask = np.array([[true, false, true], [false, false, true]]);
    check(np.mean(x23(), 1, false, { where: mask }), [2], "float32", [2, 6]);
    check(np.mean(i23(), null, false, { dtype: "float64" }), [], "float64", 3.5);
  });
  it("errors", () => {
    expect(() => np.mean(x23(), 3)).toThrow(/axis 3 is out of bounds for array of dimension 2/);
    expect(() => np.mean(x23(), [1, 1])).toThrow(/duplicate value/);
  });
});

describe("var / std", () => {
  it("values by hand", () => {
    // rows [1,2,3] and [4,5,6]: variance 2/3; columns: variance 2.25.
    close(np.var(x23(), 1), [2 / 3, 2 / 3]);
    close(np.var(x23(), 0), [2.25, 2.25, 2.25]);
    close(np.var(x23()), 35 / 12);
    close(np.std(x23(), -1), [Math.sqrt(2 / 3), Math.sqrt(2 / 3)]);
    close(np.std(x23(), -1, false, { ddof: 1 }), [1, 1]);
    close(np.var(x23(), 0, false, { ddof: 1 }), [4.5, 4.5, 4.5]);
    close(np.var(x23(), 0, false, { correction: 1 }), [4.5, 4.5, 4.5]);
    close(np.variance(x23(), [0, 1]), 35 / 12);
    expect(np.var_).toBe(np.variance);
  });
  it("keepdims, dtypes", () => {
    const v = np.var(x23(), 1, true);
    expect(v.shape).toEqual([2, 1]);
    expect(v.dtype).toBe("float32");
    expect(np.var(i23()).dtype).toBe("float32");
    expect(np.std(b23()).dtype).toBe("float32");
    close(np.var(b23(), 1), [2 / 9, 2 / 9]);
    const v64 = np.var(f64(), 1);
    expect(v64.dtype).toBe("float64");
    expect(v64.tolist()).toEqual([2 / 3, 2 / 3]);
    expect(np.std(x23(), null, true).shape).toEqual([1, 1]);
  });
  it("rank 0, size 0 and ddof >= N give NaN", () => {
    check(np.var(np.array(3)), [], "float32", 0);
    expect(np.var(np.zeros([0])).tolist()).toBeNaN();
    expect(np.var(np.array([1, 2]), null, false, { ddof: 2 }).tolist()).toBeNaN();
    expect(np.std(np.array([5]), 0, false, { ddof: 1 }).tolist()).toBeNaN();
  });
  it("where", () => {
    const mask = np.array([[true, true, false], [true, false, true]]);
    // row 0: [1,2] -> 0.25; row 1: [4,6] -> 1
    close(np.var(x23(), 1, false, { where: mask }), [0.25, 1]);
  });
  it("errors", () => {
    expect(() => np.var(x23(), 2)).toThrow(/out of bounds/);
    expect(() => np.std(x23(), [0, 0])).toThrow(/duplicate value/);
    expect(() => np.var(x23(), 0, false, { ddof: 1, correction: 1 })).toThrow(/ddof and correction/);
  });
});

describe("all / any", () => {
  it("values, axes, keepdims; result bool", () => {
    check(np.all(b23()), [], "bool", false);
    check(np.any(b23()), [], "bool", true);
    check(np.all(b23(), 0), [3], "bool", [false, false, true]);
    check(np.any(b23(), -1, true), [2, 1], "bool", [[true], [true]]);
    check(np.all(b23(), [0, 1], true), [1, 1], "bool", [[false]]);
  });
  it("numbers: nonzero is true, NaN is true", () => {
    check(np.all(np.array([1, 2, -1])), [], "bool", true);
    check(np.all(np.array([1, 0, 3])), [], "bool", false);
    check(np.any(np.array([0, 0], { dtype: "int32" })), [], "bool", false);
    check(np.all(np.array([NaN, 1], { dtype: "float64" })), [], "bool", true);
    check(np.any(np.array([0, NaN])), [], "bool", true);
  });
  it("rank 0, size 0", () => {
    check(np.all(np.array(0)), [], "bool", false);
    check(np.any(true), [], "bool", true);
    check(np.all(np.zeros([0])), [], "bool", true);
    check(np.any(np.zeros([0])), [], "bool", false);
    check(np.any(np.zeros([0, 2]), 0), [2], "bool", [false, false]);
  });
  it("where", () => {
    check(np.all(b23(), 1, false, { where: np.array([true, false, true]) }), [2], "bool", [true, false]);
  });
  it("errors", () => {
    expect(() => np.all(b23(), 2)).toThrow(/out of bounds/);
    expect(() => np.any(b23(), [-1, 1])).toThrow(/duplicate value/);
  });
});

describe("argmax / argmin", () => {
  it("flattened by default, along an axis, negative axis", () => {
    const x = np.array([[1, 9, 3], [7, 5, 9]]);
    check(np.argmax(x), [], "int32", 1);
    check(np.argmin(x), [], "int32", 0);
    check(np.argmax(x, 0), [3], "int32", [1, 0, 1]);
    check(np.argmax(x, -1), [2], "int32", [1, 2]);
    check(np.argmin(x, 1), [2], "int32", [0, 1]);
    check(x.argmax(1), [2], "int32", [1, 2]);
    check(x.argmin(null), [], "int32", 0);
  });
  it("keepdims", () => {
    const x = np.array([[1, 9, 3], [7, 5, 9]]);
    check(np.argmax(x, 1, true), [2, 1], "int32", [[1], [2]]);
    check(np.argmin(x, 0, true), [1, 3], "int32", [[0, 1, 0]]);
    check(np.argmax(x, null, true), [1, 1], "int32", [[1]]);
  });
  it("ties give the first index, NaN wins", () => {
    check(np.argmax(np.array([3, 1, 3])), [], "int32", 0);
    check(np.argmin(np.array([2, 1, 1])), [], "int32", 1);
    check(np.argmax(np.array([1, NaN, 5, NaN])), [], "int32", 1);
    check(np.argmin(np.array([1, -2, NaN])), [], "int32", 2);
  });
  it("int32, bool, float64 and rank-0 inputs", () => {
    check(np.argmax(np.array([5, -2, 8], { dtype: "int32" })), [], "int32", 2);
    check(np.argmax(np.array([false, true, true])), [], "int32", 1);
    check(np.argmin(np.array([false, true])), [], "int32", 0);
    check(np.argmin(np.array([3, 1, 2], { dtype: "float64" })), [], "int32", 1);
    check(np.argmax(np.array(7)), [], "int32", 0);
    check(np.argmax(np.array(7), null, true), [], "int32", 0);
  });
  it("errors: empty and out of bounds", () => {
    expect(() => np.argmax(np.zeros([0]))).toThrow(/attempt to get argmax of an empty sequence/);
    expect(() => np.argmin(np.zeros([3, 0]), 1)).toThrow(/attempt to get argmin of an empty sequence/);
    check(np.argmax(np.zeros([0, 3]), 1), [0], "int32", []);
    expect(() => np.argmax(np.zeros([2, 3]), 2)).toThrow(/axis 2 is out of bounds for array of dimension 2/);
    expect(() => np.argmin(np.zeros([2, 3]), -3)).toThrow(/out of bounds/);
  });
});

describe("cumsum / cumprod", () => {
  it("flattens when axis is null or omitted", () => {
    check(np.cumsum(x23()), [6], "float32", [1, 3, 6, 10, 15, 21]);
    check(np.cumprod(x23(), null), [6], "float32", [1, 2, 6, 24, 120, 720]);
  });
  it("along an axis, negative axis", () => {
    check(np.cumsum(x23(), 0), [2, 3], "float32", [[1, 2, 3], [5, 7, 9]]);
    check(np.cumsum(x23(), -1), [2, 3], "float32", [[1, 3, 6], [4, 9, 15]]);
    check(np.cumprod(x23(), 1), [2, 3], "float32", [[1, 2, 6], [4, 20, 120]]);
  });
  it("dtypes: int32 stays, bool accumulates in int32, float64 stays", () => {
    check(np.cumsum(i23(), 1), [2, 3], "int32", [[1, 3, 6], [4, 9, 15]]);
    check(np.cumsum(np.array([true, false, true])), [3], "int32", [1, 1, 2]);
    check(np.cumprod(np.array([true, true, false])), [3], "int32", [1, 1, 0]);
    check(np.cumsum(f64(), 0), [2, 3], "float64", [[1, 2, 3], [5, 7, 9]]);
    check(np.cumsum(i23(), 1, { dtype: "float32" }), [2, 3], "float32", [[1, 3, 6], [4, 9, 15]]);
    check(np.cumsum(np.array([0, 2, 0, 1]), 0, { dtype: "bool" }), [4], "bool", [false, true, true, true]);
  });
  it("rank 0 and size 0", () => {
    check(np.cumsum(np.array(3)), [1], "float32", [3]);
    check(np.cumsum(np.array(3), 0), [1], "float32", [3]);
    check(np.cumsum(np.zeros([0])), [0], "float32", []);
    check(np.cumprod(np.zeros([2, 0]), 1), [2, 0], "float32", [[], []]);
  });
  it("NaN propagates; nancumsum and nancumprod skip it", () => {
    const x = np.array([[1, 2, NaN], [4, NaN, 6]]);
    const c = np.cumsum(x).tolist() as number[];
    expect(c.slice(0, 2)).toEqual([1, 3]);
    expect(c.slice(2).every(Number.isNaN)).toBe(true);
    check(np.nancumsum(x), [6], "float32", [1, 3, 3, 7, 7, 13]);
    check(np.nancumprod(x, 1), [2, 3], "float32", [[1, 2, 2], [4, 4, 24]]);
  });
  it("cumulativeSum", () => {
    check(np.cumulativeSum(i23(), { axis: 1 }), [2, 3], "int32", [[1, 3, 6], [4, 9, 15]]);
    check(np.cumulativeSum(i23(), { axis: 1, includeInitial: true }), [2, 4], "int32", [[0, 1, 3, 6], [0, 4, 9, 15]]);
    check(np.cumulativeSum(np.array([1, 2])), [2], "float32", [1, 3]);
    expect(() => np.cumulativeSum(i23())).toThrow(/axis was not set/);
    expect(() => np.cumulativeSum(np.array(1))).toThrow(/non-scalar/);
  });
  it("errors", () => {
    expect(() => np.cumsum(x23(), 2)).toThrow(/axis 2 is out of bounds for array of dimension 2/);
    expect(() => np.cumprod(x23(), -3)).toThrow(/out of bounds/);
  });
});

describe("logsumexp", () => {
  it("values, axes, keepdims", () => {
    const l = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    close(np.logsumexp(x23(), 1), [l, l + 3]);
    close(np.logsumexp(np.array([1, 2, 3])), l);
    const k = np.logsumexp(x23(), -1, true);
    expect(k.shape).toEqual([2, 1]);
    close(np.reshape(k, [2]), [l, l + 3]);
    const all = Math.log([1, 2, 3, 4, 5, 6].reduce((s, v) => s + Math.exp(v), 0));
    close(np.logsumexp(x23(), [0, 1]), all);
    close(np.logsumexp(x23(), null, true).reshape([]), all);
  });
  it("is stable for large inputs", () => {
    close(np.logsumexp(np.array([1000, 1000])), 1000 + Math.LN2, 3);
    close(np.logsumexp(np.array([-1000, -1000])), -1000 + Math.LN2, 3);
  });
  it("handles -inf, all -inf rows, +inf and NaN like JAX", () => {
    close(np.logsumexp(np.array([-Infinity, 0])), 0);
    expect(np.logsumexp(np.array([-Infinity, -Infinity])).tolist()).toBe(-Infinity);
    expect(np.logsumexp(np.array([Infinity, 1])).tolist()).toBe(Infinity);
    expect(np.logsumexp(np.array([NaN, 1])).tolist()).toBeNaN();
    const r = np.logsumexp(np.array([[-Infinity, -Infinity], [0, 0]]), 1).tolist() as number[];
    expect(r[0]).toBe(-Infinity);
    expect(r[1]).toBeCloseTo(Math.LN2, 5);
  });
  it("dtypes; size 0 gives -inf", () => {
    expect(np.logsumexp(i23()).dtype).toBe("float32");
    expect(np.logsumexp(f64(), 1).dtype).toBe("float64");
    // float64 all the way: agrees to ~1e-15, not float32's ~1e-7.
    close(np.logsumexp(f64(), 1), [1, 4].map((a) => Math.log(Math.exp(a) + Math.exp(a + 1) + Math.exp(a + 2))), 13);
    expect(np.logsumexp(np.zeros([0])).tolist()).toBe(-Infinity);
    close(np.logsumexp(np.array(2)), 2);
  });
  it("weights b", () => {
    close(np.logsumexp(np.array([0, 0, 5]), null, false, { b: np.array([1, 2, 0]) }), Math.log(3));
    expect(np.logsumexp(np.array([0, 0]), null, false, { b: np.array([1, -2]) }).tolist()).toBeNaN();
  });
  it("errors", () => {
    expect(() => np.logsumexp(x23(), 2)).toThrow(/out of bounds/);
  });
});

describe("ptp, countNonzero, nan reductions, average", () => {
  it("ptp", () => {
    check(np.ptp(x23()), [], "float32", 5);
    check(np.ptp(i23(), 1), [2], "int32", [2, 2]);
    check(np.ptp(x23(), 0, true), [1, 3], "float32", [[3, 3, 3]]);
    expect(() => np.ptp(np.zeros([0]))).toThrow(/zero-size/);
  });
  it("countNonzero", () => {
    const x = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [1, 1, 1, 0]]);
    check(np.countNonzero(x), [], "int32", 5);
    check(np.countNonzero(x, 1), [3], "int32", [1, 1, 3]);
    check(np.countNonzero(x, -1, true), [3, 1], "int32", [[1], [1], [3]]);
    check(np.countNonzero(b23(), 0), [3], "int32", [1, 0, 2]);
    check(np.countNonzero(np.zeros([0])), [], "int32", 0);
  });
  it("nansum, nanprod, nanmax, nanmin, nanmean", () => {
    const x = np.array([[1, NaN, 4], [NaN, NaN, NaN]]);
    check(np.nansum(x, 1), [2], "float32", [5, 0]);
    check(np.nanprod(x, 1), [2], "float32", [4, 1]);
    const mx = np.nanmax(x, 1).tolist() as number[];
    expect(mx[0]).toBe(4);
    expect(mx[1]).toBeNaN();
    expect((np.nanmin(x, 1).tolist() as number[])[0]).toBe(1);
    const mn = np.nanmean(x, 1).tolist() as number[];
    expect(mn[0]).toBe(2.5);
    expect(mn[1]).toBeNaN();
    check(np.nansum(i23()), [], "int32", 21);
  });
  it("average", () => {
    check(np.average(x23()), [], "float32", 3.5);
    check(np.average(x23(), 1, np.array([1, 0, 1])), [2], "float32", [2, 5]);
    check(np.average(i23(), 0, np.array([[1, 1, 1], [3, 3, 3]])), [3], "float32", [3.25, 4.25, 5.25]);
    const [avg, wsum] = np.average(x23(), 1, np.array([1, 1, 2]), { returned: true });
    check(avg, [2], "float32", [9 / 4, 21 / 4]);
    check(wsum, [2], "float32", [4, 4]);
    expect(np.average(x23(), 0, null, { keepdims: true }).shape).toEqual([1, 3]);
    expect(() => np.average(x23(), null, np.array([1, 2, 3]))).toThrow(/Axis must be specified/);
    expect(() => np.average(x23(), 1, np.array([1, 2]))).toThrow(/Length of weights/);
  });
});
