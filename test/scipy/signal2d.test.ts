// scipy.signal.convolve2d, correlate2d and detrend against JAX 0.10.2's values (JAX_ENABLE_X64=1,
// float64); jit (twice) = eager, vmap = loop, checkGrads order 2 float64.
import { describe, expect, it } from "vitest";
import { expectClose, f64, itMatchesJax } from "../util/jaxValues.js";
import { Array, numpy as np, scipy, testUtil, vmap } from "../../src/index.js";
import { NotImplementedError, ValueError } from "../../src/core/errors.js";

const S = scipy.signal;
const A = f64([1, 2, 0, 4, 3, -1, 5, 2, 0.5, 2, 1, -3]).reshape([3, 4]);
const B = f64([1, -2, 0.5, 3]).reshape([2, 2]);
const Y = f64([1, 2, 3, 5, 4, 8, 7, 10]);

describe("scipy.signal 2-D convolutions and detrend (values from JAX 0.10.2)", () => {
  const cases: [string, () => Array, unknown][] = [
    ["convolve2d full", () => S.convolve2d(A, B), [[1.0, 0.0, -4.0, 4.0, -8.0], [3.5, -3.0, 13.0, -6.0, 8.0], [2.0, 9.5, -3.5, 11.0, 12.0], [0.25, 2.5, 6.5, 1.5, -9.0]]],
    ["correlate2d full", () => S.correlate2d(A, B), [[3.0, 6.5, 1.0, 12.0, 2.0], [7.0, -4.5, 16.5, 0.5, 5.0], [-4.5, 11.25, -7.0, -7.5, 0.5], [-1.0, -3.5, 0.0, 7.0, -3.0]]],
    ["correlate2d full, smaller first", () => S.correlate2d(B, A), [[-3.0, 7.0, 0.0, -3.5, -1.0], [0.5, -7.5, -7.0, 11.25, -4.5], [5.0, 0.5, 16.5, -4.5, 7.0], [2.0, 12.0, 1.0, 6.5, 3.0]]],
    ["convolve2d same", () => S.convolve2d(A, B, "same"), [[1.0, 0.0, -4.0, 4.0], [3.5, -3.0, 13.0, -6.0], [2.0, 9.5, -3.5, 11.0]]],
    ["correlate2d same", () => S.correlate2d(A, B, "same"), [[-4.5, 16.5, 0.5, 5.0], [11.25, -7.0, -7.5, 0.5], [-3.5, 0.0, 7.0, -3.0]]],
    ["correlate2d same, smaller first", () => S.correlate2d(B, A, "same"), [[-7.0, 11.25], [16.5, -4.5]]],
    ["convolve2d valid", () => S.convolve2d(A, B, "valid"), [[-3.0, 13.0, -6.0], [9.5, -3.5, 11.0]]],
    ["correlate2d valid", () => S.correlate2d(A, B, "valid"), [[-4.5, 16.5, 0.5], [11.25, -7.0, -7.5]]],
    ["correlate2d valid, smaller first", () => S.correlate2d(B, A, "valid"), [[-7.5, -7.0, 11.25], [0.5, 16.5, -4.5]]],
    ["detrend linear", () => S.detrend(Y), [0.24999999999999956, 0.03571428571428581, -0.17857142857142794, 0.6071428571428585, -1.6071428571428559, 1.1785714285714306, -1.035714285714283, 0.7500000000000036]],
    ["detrend constant", () => S.detrend(Y, { type: "constant" }), [-4.0, -3.0, -2.0, 0.0, -1.0, 3.0, 2.0, 5.0]],
    ["detrend breakpoints", () => S.detrend(Y, { bp: [3, 5] }), [0, 0, 0, 0, 0, 0.6666666666666696, -1.3333333333333304, 0.6666666666666679]],
    ["detrend axis 0", () => S.detrend(A, { axis: 0 }), [[-0.75, 1.0, -1.5, -0.5], [1.5, -2.0, 3.0, 1.0], [-0.75, 1.0, -1.5, -0.5]]],
    ["detrend matrix rows", () => S.detrend(A), [[0.3, 0.6, -2.1, 1.2], [1.2, -3.1, 2.6, -0.7], [-1.35, 1.3, 1.45, -1.4]]],
  ];
  itMatchesJax(cases, 1e-11);
  it("JAX's errors", () => {
    expect(() => S.detrend(Y, { type: "x" as "linear" })).toThrow(new ValueError("Trend type must be 'linear' or 'constant'."));
    expect(() => S.detrend(Y, { bp: [9] })).toThrow(new ValueError("Breakpoints must be non-negative and less than length of data along given axis."));
    expect(() => S.convolve2d(Y, Y)).toThrow(new ValueError("convolve2d() only supports 2-dimensional inputs."));
    expect(() => S.convolve2d(A, B, "full", "wrap")).toThrow(new NotImplementedError("convolve2d() only supports boundary='fill', fillvalue=0"));
    expect(() => S.correlate2d(A, B, "full", "fill", 1)).toThrow(new NotImplementedError("correlate2d() only supports boundary='fill', fillvalue=0"));
  });
  it("vmap equals a loop", () => {
    const stack = np.stack([A, np.multiply(A, 2)]);
    expectClose(vmap((x: Array) => S.correlate2d(x, B, "same"))(stack), [S.correlate2d(A, B, "same").tolist(), S.correlate2d(np.multiply(A, 2), B, "same").tolist()]);
    expectClose(vmap((x: Array) => S.detrend(x, { bp: [2] }))(A), [0, 1, 2].map((i) => S.detrend(A.get(i), { bp: [2] }).tolist()));
  });
  it("checkGrads order 2 (float64)", () => {
    testUtil.checkGrads((x: Array, k: Array) => S.convolve2d(x, k, "same"), [A, B], 2);
    testUtil.checkGrads((x: Array, k: Array) => S.correlate2d(x, k, "valid"), [A, B], 2);
    testUtil.checkGrads((y: Array) => S.detrend(y, { bp: [3] }), [Y], 2);
  });
});
