// numpy sorting and searching against values worked out by hand with jax.numpy's semantics.
import { describe, it, expect } from "vitest";
import { numpy as np, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
// The functions are read from the module itself, so these tests do not depend on how np re-exports them.
import { sort, argsort, lexsort, searchsorted, median } from "../../src/numpy/sorting.js";

function check(a: Array, shape: number[], dtype: string, values: unknown) {
  expect(a.shape).toEqual(shape);
  expect(a.dtype).toBe(dtype);
  expect(a.tolist()).toEqual(values);
}

const m = () => np.array([[3, 1, 2], [0, 5, -1]]);

describe("sort", () => {
  it("along the last axis by default, other and negative axes", () => {
    check(sort(np.array([3, 1, 2])), [3], "float32", [1, 2, 3]);
    check(sort(m()), [2, 3], "float32", [[1, 2, 3], [-1, 0, 5]]);
    check(sort(m(), 0), [2, 3], "float32", [[0, 1, -1], [3, 5, 2]]);
    check(sort(m(), -2), [2, 3], "float32", [[0, 1, -1], [3, 5, 2]]);
    const x = np.array([[[3, 1], [2, 4]], [[0, 9], [8, 7]]]);
    check(sort(x, 1), [2, 2, 2], "float32", [[[2, 1], [3, 4]], [[0, 7], [8, 9]]]);
  });
  it("axis null sorts the flattened array", () => {
    check(sort(m(), null), [6], "float32", [-1, 0, 1, 2, 3, 5]);
    check(sort(np.array(4), null), [1], "float32", [4]);
  });
  it("descending", () => {
    check(sort(np.array([3, 1, 2]), -1, { descending: true }), [3], "float32", [3, 2, 1]);
    check(sort(m(), 0, { descending: true }), [2, 3], "float32", [[3, 5, 2], [0, 1, -1]]);
  });
  it("NaN sorts last, infinities in order, -0 equals 0", () => {
    const s = sort(np.array([NaN, 2, -Infinity, Infinity, 1, NaN])).tolist() as number[];
    expect(s.slice(0, 4)).toEqual([-Infinity, 1, 2, Infinity]);
    expect(Number.isNaN(s[4]) && Number.isNaN(s[5])).toBe(true);
    const z = sort(np.array([0, -0, -1], { dtype: "float64" })).tolist() as number[];
    expect(z[0]).toBe(-1);
    expect(Object.is(z[1], 0) && Object.is(z[2], -0)).toBe(true);
  });
  it("dtypes: int32, bool, float64, uint32 keep their dtype", () => {
    check(sort(np.array([5, -3, 0], { dtype: "int32" })), [3], "int32", [-3, 0, 5]);
    check(sort(np.array([true, false, true])), [3], "bool", [false, true, true]);
    check(sort(np.array([2.5, 1e-300, -7], { dtype: "float64" })), [3], "float64", [-7, 1e-300, 2.5]);
    check(sort(np.array([4000000000, 1], { dtype: "uint32" })), [2], "uint32", [1, 4000000000]);
  });
  it("size 0 and JS scalars", () => {
    check(sort(np.zeros([0])), [0], "float32", []);
    check(sort(np.zeros([2, 0])), [2, 0], "float32", [[], []]);
    check(sort(np.zeros([0, 3]), 0), [0, 3], "float32", []);
  });
  it("errors: rank 0 with an axis, out-of-bounds axis", () => {
    expect(() => sort(np.array(1))).toThrow(/axis -1 is out of bounds for array of dimension 0/);
    expect(() => sort(m(), 2)).toThrow(/axis 2 is out of bounds for array of dimension 2/);
    expect(() => sort(m(), -3)).toThrow(/out of bounds/);
  });
  it("traces to sort", () => {
    expect(makeJaxpr((x: Array) => sort(x))(m()).toString()).toContain("sort");
  });
});

describe("argsort", () => {
  it("int32 indices along the last axis by default, other and negative axes", () => {
    check(argsort(np.array([3, 1, 2])), [3], "int32", [1, 2, 0]);
    check(argsort(m()), [2, 3], "int32", [[1, 2, 0], [2, 0, 1]]);
    check(argsort(m(), 0), [2, 3], "int32", [[1, 0, 1], [0, 1, 0]]);
    check(argsort(m(), -2), [2, 3], "int32", [[1, 0, 1], [0, 1, 0]]);
  });
  it("axis null: indices into the flattened array", () => {
    check(argsort(m(), null), [6], "int32", [5, 3, 1, 2, 0, 4]);
  });
  it("stable: ties keep input order, also when descending", () => {
    check(argsort(np.array([2, 1, 2, 1, 2])), [5], "int32", [1, 3, 0, 2, 4]);
    check(argsort(np.array([2, 1, 2, 1, 2]), -1, { descending: true }), [5], "int32", [0, 2, 4, 1, 3]);
    check(argsort(np.array([3, 1, 3, 2]), -1, { descending: true }), [4], "int32", [0, 2, 3, 1]);
    // Unstable descending is the reverse of the ascending order (a valid order, ties reversed).
    check(argsort(np.array([3, 1, 3, 2]), -1, { descending: true, stable: false }), [4], "int32", [2, 0, 3, 1]);
  });
  it("NaN last; -0 and 0 tie", () => {
    check(argsort(np.array([NaN, 1, -Infinity, 0])), [4], "int32", [2, 3, 1, 0]);
    check(argsort(np.array([0, -0, 0], { dtype: "float64" })), [3], "int32", [0, 1, 2]);
  });
  it("int32, bool, float64 inputs", () => {
    check(argsort(np.array([5, -3, 0], { dtype: "int32" })), [3], "int32", [1, 2, 0]);
    check(argsort(np.array([true, false, true, false])), [4], "int32", [1, 3, 0, 2]);
    check(argsort(np.array([0.3, 0.1, 0.2], { dtype: "float64" })), [3], "int32", [1, 2, 0]);
  });
  it("size 0 and rank 0", () => {
    check(argsort(np.zeros([0])), [0], "int32", []);
    check(argsort(np.array(7), null), [1], "int32", [0]);
    expect(() => argsort(np.array(7))).toThrow(/out of bounds for array of dimension 0/);
  });
  it("errors", () => {
    expect(() => argsort(m(), 2)).toThrow(/axis 2 is out of bounds for array of dimension 2/);
  });
});

describe("lexsort", () => {
  it("the last key is primary, earlier keys break ties", () => {
    const surnames = np.array([1, 0, 1, 0], { dtype: "int32" });
    const first = np.array([4, 3, 2, 1], { dtype: "int32" });
    check(lexsort([first, surnames]), [4], "int32", [3, 1, 2, 0]);
    // One array whose first axis enumerates the keys.
    check(lexsort(np.array([[4, 3, 2, 1], [1, 0, 1, 0]])), [4], "int32", [3, 1, 2, 0]);
    check(lexsort([np.array([1, 2, 1])]), [3], "int32", [0, 2, 1]);
  });
  it("along an axis", () => {
    const k = np.array([[2, 1], [1, 2]]);
    check(lexsort([k], 0), [2, 2], "int32", [[1, 0], [0, 1]]);
  });
  it("errors", () => {
    expect(() => lexsort([np.array([1, 2]), np.array([1, 2, 3])])).toThrow(/same shape/);
    expect(() => lexsort([])).toThrow(/len > 0/);
  });
});

describe("searchsorted", () => {
  const a = () => np.array([1, 2, 2, 3]);
  it("left and right sides", () => {
    check(searchsorted(a(), np.array([2, 0, 5, 2.5])), [4], "int32", [1, 0, 4, 3]);
    check(searchsorted(a(), np.array([2, 0, 5, 2.5]), { side: "right" }), [4], "int32", [3, 0, 4, 3]);
    check(searchsorted(a(), 2), [], "int32", 1);
    check(searchsorted(a(), np.array([[1, 3], [4, 0]]), { side: "right" }), [2, 2], "int32", [[1, 4], [4, 0]]);
  });
  it("NaN is ordered last", () => {
    const s = np.array([1, 2, NaN]);
    check(searchsorted(s, np.array([NaN, 3])), [2], "int32", [2, 2]);
    check(searchsorted(s, np.array([NaN]), { side: "right" }), [1], "int32", [3]);
  });
  it("sorter, int32 and empty", () => {
    check(searchsorted(np.array([3, 1, 2]), np.array([2.5]), { sorter: np.array([1, 2, 0], { dtype: "int32" }) }), [1], "int32", [2]);
    check(searchsorted(np.array([1, 5, 9], { dtype: "int32" }), np.array([5, 6], { dtype: "int32" })), [2], "int32", [1, 2]);
    check(searchsorted(np.zeros([0]), np.array([1, 2])), [2], "int32", [0, 0]);
  });
  it("errors", () => {
    expect(() => searchsorted(np.zeros([2, 2]), 1)).toThrow(/1-dimensional/);
  });
});

describe("median", () => {
  it("odd and even lengths, axes, keepdims", () => {
    check(median(np.array([3, 1, 2])), [], "float32", 2);
    check(median(np.array([4, 1, 3, 2])), [], "float32", 2.5);
    check(median(np.array([[1, 5, 3, 2], [4, 4, 4, 8]]), 1), [2], "float32", [2.5, 4]);
    check(median(np.array([[1, 5, 3, 2], [4, 4, 4, 8]]), 0), [4], "float32", [2.5, 4.5, 3.5, 5]);
    check(median(np.array([[1, 5, 3, 2], [4, 4, 4, 8]]), -1, true), [2, 1], "float32", [[2.5], [4]]);
    check(median(np.array([[1, 5, 3, 2], [4, 4, 4, 8]])), [], "float32", 4);
    check(median(np.array([[1, 5, 3, 2], [4, 4, 4, 8]]), [0, 1], true), [1, 1], "float32", [[4]]);
  });
  it("dtypes and NaN", () => {
    check(median(np.array([1, 2], { dtype: "int32" })), [], "float32", 1.5);
    check(median(np.array([1, 2], { dtype: "float64" })), [], "float64", 1.5);
    expect(median(np.array([1, NaN, 2])).tolist()).toBeNaN();
    expect(median(np.zeros([0])).tolist()).toBeNaN();
    check(median(np.array(3)), [], "float32", 3);
  });
  it("errors", () => {
    expect(() => median(np.zeros([2, 2]), 2)).toThrow(/out of bounds/);
  });
});
