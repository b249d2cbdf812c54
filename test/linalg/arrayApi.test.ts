// np.linalg's array-API functions (vectorNorm, matrixNorm, svdvals, trace, diagonal, outer, cross):
// values from JAX 0.10.2 (jnp.linalg.*), JAX's errors, and gradients of the norms (checkGrads,
// order 2, float64).
import { describe, expect, it } from "vitest";
import { numpy as np, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";

const values = (x: Array): number[] => globalThis.Array.from(x.astype("float64").dataSync() as ArrayLike<number>, Number);
const X = np.array([[1, -2, 0], [3, 4, -5]], { dtype: "float64" });

describe("np.linalg array-API functions", () => {
  it("vectorNorm: every order, over all axes or one, keepdims (JAX 0.10.2 values)", () => {
    const want: [number, number, number[]][] = [[2, 7.416198487095663, [2.23606797749979, 7.0710678118654755]], [1, 15, [3, 12]], [0, 5, [2, 3]], [Infinity, 5, [2, 5]], [-Infinity, 0, [0, 3]], [3, 6.082201995573399, [2.080083823051904, 5.999999999999999]], [-1, 0, [0, 1.2765957446808514]]];
    for (const [ord, all, rows] of want) {
      expect(values(np.linalg.vectorNorm(X, { ord }))[0]).toBeCloseTo(all, 13);
      values(np.linalg.vectorNorm(X, { ord, axis: 1 })).forEach((v, i) => expect(v).toBeCloseTo(rows[i]!, 13));
      expect(np.linalg.vectorNorm(X, { ord, axis: [0, 1], keepdims: true }).shape).toEqual([1, 1]);
    }
    // Complex input: |3 + 4i|^2 + |i|^2 = 26.
    expect(values(np.linalg.vectorNorm(np.array([{ re: 3, im: 4 }, { re: 0, im: 1 }])))[0]).toBeCloseTo(Math.sqrt(26), 6);
  });

  it("matrixNorm, svdvals (JAX 0.10.2 values)", () => {
    const want: [number | "fro" | "nuc", number][] = [["fro", 7.416198487095663], ["nuc", 9.219544457292887], [2, 7.1097722286464435], [-2, 2.109772228646444], [1, 6], [-1, 4], [Infinity, 12]];
    for (const [ord, v] of want) expect(values(np.linalg.matrixNorm(X, { ord }))[0]).toBeCloseTo(v, 13);
    expect(np.linalg.matrixNorm(np.ones([4, 2, 3]), { keepdims: true }).shape).toEqual([4, 1, 1]);
    values(np.linalg.svdvals(X)).forEach((v, i) => expect(v).toBeCloseTo([7.1097722286464435, 2.109772228646444][i]!, 13));
  });

  it("trace, diagonal, outer, cross on the last axes; JAX's errors", () => {
    const b = np.arange(18).reshape([2, 3, 3]);
    expect(values(np.linalg.trace(b))).toEqual([12, 39]);
    expect(values(np.linalg.trace(b, { offset: 1 }))).toEqual([6, 24]);
    expect(np.linalg.trace(b, { dtype: "float64" }).dtype).toBe("float64");
    expect(values(np.linalg.diagonal(b))).toEqual([0, 4, 8, 9, 13, 17]);
    expect(values(np.linalg.diagonal(b, { offset: -1 }))).toEqual([3, 7, 12, 16]);
    expect(values(np.linalg.outer(np.array([1, 2]), np.array([3, 4, 5])))).toEqual([3, 4, 5, 6, 8, 10]);
    expect(values(np.linalg.cross(np.array([[1, 2, 3], [4, 5, 6]]), np.array([[7, 8, 9], [1, 0, 1]])))).toEqual([-6, 12, -6, 5, 2, -5]);
    expect(() => np.linalg.outer(X, X)).toThrow("Input arrays must be one-dimensional, but they are x1.ndim=2 x2.ndim=2");
    expect(() => np.linalg.cross(np.ones([2]), np.ones([2]))).toThrow("Both input arrays must be (arrays of) 3-dimensional vectors, but they have x1.shape[axis]=2 and x2.shape[axis]=2");
  });

  it("checkGrads of the norms (order 2, float64)", () => {
    checkGrads((x: Array) => np.linalg.vectorNorm(x), [X], 2);
    checkGrads((x: Array) => np.linalg.vectorNorm(x, { ord: 3, axis: 0 }), [X], 2);
    checkGrads((x: Array) => np.linalg.matrixNorm(x, { ord: "nuc" }), [X], 2);
  });
});
