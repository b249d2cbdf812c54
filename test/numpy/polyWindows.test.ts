// Window functions and polynomial arithmetic (src/numpy/windows.ts, polyArithmetic.ts) against
// values from JAX 0.10.2 (jax.numpy, float32, JAX_ENABLE_X64 off); jit = eager; vmap = loop;
// checkGrads order 2 in float64.
import { describe, expect, it } from "vitest";
import { jit, numpy as np, testUtil, vmap, Array } from "../../src/index.js";

const f32 = (v: number[]): Array => np.array(v, { dtype: "float32" });
const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
const flat = (a: Array): number[] => (a.tolist() as number[]).flat(4 as 1) as number[];
const same = (a: Array, want: number[]): void => expect(flat(a)).toEqual(want.map(Math.fround));

describe("window functions", () => {
  const cases: [string, (m: number) => Array, number[]][] = [
    ["bartlett", np.bartlett, [0.0, 0.5, 1.0, 0.5, 0.0]],
    ["blackman", np.blackman, [-1.4901161193847656e-8, 0.3400000333786011, 0.9999999403953552, 0.3399999737739563, -1.4901161193847656e-8]],
    ["hamming", np.hamming, [0.08000001311302185, 0.5400000214576721, 1.0, 0.5400000214576721, 0.08000001311302185]],
    ["hanning", np.hanning, [0.0, 0.5, 1.0, 0.5, 0.0]],
  ];
  for (const [name, f, want] of cases) {
    it(`${name} equals JAX's float32 values, M = 0, 1, 5`, () => {
      const w = f(5);
      expect(w.dtype).toBe("float32");
      same(w, want);
      expect(f(0).shape).toEqual([0]);
      same(f(1), [1]);
      expect(() => f(2.5)).toThrow(TypeError);
    });
  }
});

describe("polynomial arithmetic against JAX", () => {
  it("poly from roots", () => {
    same(np.poly(f32([1, 2, -0.5])), [1.0, -2.5, 0.5, 1.0]);
    expect(np.poly(f32([])).shape).toEqual([]);
    expect(() => np.poly(np.zeros([2, 3]))).toThrow("input must be 1d or non-empty square 2d array.");
  });
  it("polyadd / polysub align at the end and keep integer dtypes", () => {
    const s = np.polyadd(np.array([1, 2], { dtype: "int32" }), np.array([1, 0, 0], { dtype: "int32" }));
    expect(s.dtype).toBe("int32");
    expect(s.tolist()).toEqual([1, 1, 2]);
    same(np.polysub(f32([1.5, 2]), f32([3])), [1.5, -1.0]);
  });
  it("polymul with and without trimming", () => {
    same(np.polymul(f32([0, 1, 1]), f32([1, -1])), [0.0, 1.0, 0.0, -1.0]);
    same(np.polymul(f32([0, 1, 1]), f32([1, -1]), { trimLeadingZeros: true }), [1.0, 0.0, -1.0]);
  });
  it("polydiv: quotient and untrimmed / trimmed remainder", () => {
    const [q, r] = np.polydiv(f32([1, -3, 2.5, 7]), f32([2, -1]));
    same(q, [0.5, -1.25, 0.625]);
    same(r, [0.0, 0.0, 0.0, 7.625]);
    same(np.polydiv(f32([1, -3, 2.5, 7]), f32([2, -1]), { trimLeadingZeros: true })[1], [7.625]);
  });
  it("polyder / polyint", () => {
    same(np.polyder(f32([1, 2, 3, 4, 5]), 2), [12.0, 12.0, 6.0]);
    same(np.polyint(f32([1, 2, 3]), 2, f32([5, 7])), [0.0833333358168602, 0.3333333432674408, 1.5, 5.0, 7.0]);
    same(np.polyint(np.array([3, 2, 1], { dtype: "int32" })), [1.0, 1.0, 1.0, 0.0]);
    expect(() => np.polyder(f32([1, 2]), -1)).toThrow("Order of derivative must be positive");
    expect(() => np.polyint(f32([1, 2]), 2, f32([1, 2, 3]))).toThrow("k must be a scalar or a rank-1 array of length 1 or m.");
  });
  it("trimZeros needs concrete values", () => {
    expect(np.trimZeros(np.array([[0, 0, 0], [0, 1, 0], [0, 2, 3], [0, 0, 0]], { dtype: "int32" })).tolist()).toEqual([[1, 0], [2, 3]]);
    expect(np.trimZeros(np.array([0, 0, 1, 2, 0]), "f").tolist()).toEqual([1, 2, 0]);
    expect(() => jit((x: Array) => np.trimZeros(x))(f32([0, 1]))).toThrow(/ConcretizationTypeError|trim_zeros/);
  });
  it("jit = eager, vmap = loop, grads order 2", () => {
    const u = f32([1, -3, 2.5, 7]);
    const v = f32([2, -1]);
    for (const f of [(a: Array, b: Array) => np.polymul(a, b), (a: Array, b: Array) => np.polydiv(a, b)[0], (a: Array, b: Array) => np.polydiv(a, b)[1], (a: Array, b: Array) => np.polyadd(a, b), (a: Array) => np.polyint(a, 2, 3), (a: Array) => np.polyder(a, 2)]) {
      const j = jit(f);
      expect(flat(j(u, v))).toEqual(flat(f(u, v)));
      expect(flat(j(u, v))).toEqual(flat(f(u, v)));
      const us = f32([1, -3, 2.5, 7, 0.5, 2, -1, 4]).reshape([2, 4]);
      const looped = [0, 1].map((i) => flat(f(np.take(us, i, 0), v)));
      expect(flat(vmap(f, { inAxes: [0, null] })(us, v))).toEqual(looped.flat());
    }
    testUtil.checkGrads((a: Array, b: Array) => np.polydiv(a, b)[1], [f64([1, -3, 2.5, 7]), f64([2, -1])], 2);
    testUtil.checkGrads((a: Array, b: Array) => np.polymul(a, b), [f64([1, -3, 2.5]), f64([2, -1])], 2);
    testUtil.checkGrads((a: Array) => np.poly(a), [f64([1, -3, 2.5])], 2);
    testUtil.checkGrads((a: Array) => np.polyint(a, 2, 1.5), [f64([1, -3, 2.5])], 2);
  });
});
