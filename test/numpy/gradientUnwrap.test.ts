// np.gradient, np.unwrap, np.fabs, np.bitwiseCount and numpy's C-named dtype aliases against JAX
// 0.10.2's values (JAX_ENABLE_X64=1, float64 inputs unless noted); jit = eager (twice),
// vmap = loop, checkGrads to order 2 in float64 for the differentiable ones.
import { describe, expect, it } from "vitest";
import { expectClose, f64 } from "../util/jaxValues.js";
import { NotImplementedError, ValueError } from "../../src/core/errors.js";
import { Array, jit, numpy as np, testUtil, vmap } from "../../src/index.js";

const i32 = (v: number[]): Array => np.array(v, { dtype: "int32" });

const X = f64([0, 1, 4, 9, 16, 25]);
const M = f64([1, 2, 6, 3, 4, 5, 0, 1, 9]).reshape([3, 3]);
const P = f64([0, 3, 6.5, 0.2, -3, 9, 12.8, 2]);

describe("np.gradient (values from JAX 0.10.2)", () => {
  it("unit, scalar and coordinate spacing in 1-D", () => {
    expectClose(np.gradient(X), [1, 2, 4, 6, 8, 9]);
    expectClose(np.gradient(X, 2), [0.5, 1, 2, 3, 4, 4.5]);
    expectClose(np.gradient(X, f64([0, 1, 1.5, 3.5, 4, 6])), [1.0, 4.333333333333333, 5.300000000000001, 11.700000000000001, 12.1, 4.5]);
  });
  it("every axis of a matrix; per-axis spacing; axis option", () => {
    expectClose(np.gradient(M), [[[2, 2, -1], [-0.5, -0.5, 1.5], [-3, -3, 4]], [[1, 2.5, 4], [1, 1, 1], [1, 4.5, 8]]]);
    expectClose(np.gradient(M, 2, f64([0, 1, 3])), [[[1, 1, -0.5], [-0.25, -0.25, 0.75], [-1.5, -1.5, 2]], [[1, 1.3333333333333333, 2], [1, 0.8333333333333334, 0.5], [1, 2, 4]]]);
    expectClose(np.gradient(M, { axis: 1 }), [[1, 2.5, 4], [1, 1, 1], [1, 4.5, 8]]);
    expectClose(np.gradient(M, 0.5, { axis: -2 }), [[4, 4, -2], [-1, -1, 3], [-6, -6, 8]]);
    expect(np.gradient(M, { axis: [] })).toEqual([]);
  });
  it("an int32 input gives a float (JAX: float32 without x64)", () => {
    const g = np.gradient(i32([1, 4, 9])) as Array;
    expect(g.dtype).toBe("float32");
    expectClose(g, [3, 4, 5]);
  });
  it("JAX's errors", () => {
    expect(() => np.gradient(X, { edgeOrder: 1 })).toThrow(new NotImplementedError("The 'edge_order' argument to jnp.gradient is not supported."));
    expect(() => np.gradient(f64([1]))).toThrow(new ValueError("Shape of array too small to calculate a numerical gradient, at least 2 elements are required."));
    expect(() => np.gradient(M, 1, 2, 3)).toThrow(new TypeError("Invalid number of spacing arguments 3 for axis=None"));
    expect(() => np.gradient(X, f64([1, 2]))).toThrow(new ValueError("Spacing arrays must have the same length as the dimension along which the gradient is calculated."));
  });
  it("jit (twice) equals eager; vmap equals a loop", () => {
    const f = (a: Array, h: Array): Array => np.gradient(a, h) as Array;
    const h = f64([0, 1, 1.5, 3.5, 4, 6]);
    const jf = jit(f);
    expectClose(jf(X, h), (f(X, h) as Array).tolist());
    expectClose(jf(X, h), (f(X, h) as Array).tolist());
    const rows = f64([1, 2, 6, 7, 3, 4, 5, 9]).reshape([2, 4]);
    const g = (r: Array): Array => np.gradient(r) as Array;
    expectClose(vmap(g)(rows), [g(rows.get(0)).tolist(), g(rows.get(1)).tolist()]);
  });
  it("checkGrads order 2 (float64), values and coordinates", () => {
    testUtil.checkGrads((a: Array, h: Array) => np.gradient(a, h) as Array, [f64([0.3, 1.2, 4, 8.5, 16]), f64([0, 1, 1.7, 3.5, 4.2])], 2);
    testUtil.checkGrads((a: Array) => np.sum(np.square(np.gradient(a, 0.7) as Array)), [f64([0.3, 1.2, 4, 8.5, 16])], 2);
  });
});

describe("np.unwrap (values from JAX 0.10.2)", () => {
  it("default period and discont; discont; period; integers; axis 0", () => {
    expectClose(np.unwrap(P), [0.0, 3.0, 0.21681469282041377, 0.2, 3.2831853071795862, 2.7168146928204138, 0.23362938564082825, 2.0]);
    expectClose(np.unwrap(P, { discont: 4 }), [0.0, 3.0, 6.5, 6.483185307179586, 3.2831853071795862, 2.7168146928204138, 6.5168146928204145, 8.283185307179586]);
    expectClose(np.unwrap(P, { period: 5 }), [0.0, -2.0, -3.5, -4.8, -3.0, -1.0, -2.1999999999999993, -3.0]);
    const ints = np.unwrap(i32([0, 5, 9, 2, 14]), { period: 6 });
    expect(ints.dtype).toBe("int32");
    expect(ints.tolist()).toEqual([0, -1, -3, -4, -4]);
    expectClose(np.unwrap(P.reshape([2, 4]), { axis: 0 }), [[0.0, 3.0, 6.5, 0.2], [-3.0, 2.7168146928204138, 6.5168146928204145, 2.0]]);
    expectClose(np.unwrap(f64([0, Math.PI, 2 * Math.PI, -Math.PI])), [0.0, 3.141592653589793, 6.283185307179586, 3.141592653589793]);
  });
  it("complex input: JAX's ValueError", () => {
    expect(() => np.unwrap(np.array([1, 2], { dtype: "complex64" }))).toThrow(new ValueError("jnp.unwrap does not support complex inputs."));
  });
  it("jit (twice) equals eager; vmap equals a loop; checkGrads order 2", () => {
    const jf = jit((p: Array) => np.unwrap(p));
    expectClose(jf(P), np.unwrap(P).tolist());
    expectClose(jf(P), np.unwrap(P).tolist());
    const rows = P.reshape([2, 4]);
    expectClose(vmap((r: Array) => np.unwrap(r))(rows), [np.unwrap(rows.get(0)).tolist(), np.unwrap(rows.get(1)).tolist()]);
    testUtil.checkGrads((p: Array) => np.unwrap(p), [f64([0.1, 3.2, 6.5, 0.4, -2.9])], 2);
  });
});

describe("np.fabs, np.bitwiseCount, dtype aliases (values from JAX 0.10.2)", () => {
  it("fabs: integers to float, complex is a TypeError; grad", () => {
    const r = np.fabs(i32([-2, 0, 3]));
    expect(r.dtype).toBe("float32");
    expect(r.tolist()).toEqual([2, 0, 3]);
    expect(() => np.fabs(np.array([1], { dtype: "complex64" }))).toThrow(new TypeError("ufunc 'fabs' does not support complex dtypes"));
    testUtil.checkGrads((a: Array) => np.fabs(a), [f64([-2.5, 0.7, 3])], 2);
    expect(jit((a: Array) => np.fabs(a))(f64([-1.5, 2])).tolist()).toEqual([1.5, 2]);
  });
  it("bitwiseCount counts |x|'s bits as uint8", () => {
    const r = np.bitwiseCount(i32([0, 7, -7, 1023]));
    expect(r.dtype).toBe("uint8");
    expect(r.tolist()).toEqual([0, 3, 3, 10]);
    expect(np.bitwiseCount(np.array([true, false])).tolist()).toEqual([1, 0]);
    expect(np.bitwiseCount(np.array([-128, 127, -1], { dtype: "int8" })).tolist()).toEqual([1, 7, 1]);
    expect(np.bitwiseCount(i32([-2147483648, 2147483647, -1])).tolist()).toEqual([1, 31, 1]);
    expect(np.bitwiseCount(np.array([4294967295, 65535], { dtype: "uint32" })).tolist()).toEqual([32, 16]);
    expect(() => np.bitwiseCount(f64([1.5]))).toThrow(new TypeError("population_count does not accept dtype float64. Accepted dtypes are subtypes of integer."));
    expect(vmap((a: Array) => np.bitwiseCount(a))(i32([7, -7, 1023])).tolist()).toEqual([3, 3, 10]);
    expect(jit((a: Array) => np.bitwiseCount(a))(i32([7, -7, 1023])).tolist()).toEqual([3, 3, 10]);
  });
  it("double single cdouble csingle are float64 float32 complex128 complex64", () => {
    expect(np.dtype(np.double)).toBe("float64");
    expect(np.dtype(np.single)).toBe("float32");
    expect(np.dtype(np.cdouble)).toBe("complex128");
    expect(np.dtype(np.csingle)).toBe("complex64");
    expect(np.single(2.5).dtype).toBe("float32");
    expect(np.zeros([2], { dtype: np.double }).dtype).toBe("float64");
  });
});
