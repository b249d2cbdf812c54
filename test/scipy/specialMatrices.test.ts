// scipy.linalg's special matrices (src/scipy/linalgSpecialMatrices.ts) against JAX 0.10.2's
// values (JAX_ENABLE_X64=1, float64 inputs; pascal is float32 in JAX, compared to 1e-5); jit
// (twice) = eager, vmap = loop, checkGrads order 2 float64 for those with array inputs.
import { describe, expect, it } from "vitest";
import { expectClose, f64, itMatchesJax } from "../util/jaxValues.js";
import { Array, numpy as np, scipy, testUtil, vmap } from "../../src/index.js";
import { ValueError } from "../../src/core/errors.js";

const L = scipy.linalg;

describe("scipy.linalg special matrices (values from JAX 0.10.2)", () => {
  const cases: [string, () => Array, unknown, number?][] = [
    ["hankel", () => L.hankel(f64([1, 2, 3]), f64([3, 4, 5, 6])), [[1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]]],
    ["hankel without r", () => L.hankel(f64([1, 2, 3])), [[1, 2, 3], [2, 3, 0], [3, 0, 0]]],
    ["circulant", () => L.circulant(f64([1, 2, 3, 4])), [[1, 4, 3, 2], [2, 1, 4, 3], [3, 2, 1, 4], [4, 3, 2, 1]]],
    ["circulant batched", () => L.circulant(f64([1, 2, 3, 4]).reshape([2, 2])), [[[1, 2], [2, 1]], [[3, 4], [4, 3]]]],
    ["leslie", () => L.leslie(f64([0.1, 2, 1, 0.5]), f64([0.2, 0.8, 0.7])), [[0.1, 2, 1, 0.5], [0.2, 0, 0, 0], [0, 0.8, 0, 0], [0, 0, 0.7, 0]]],
    ["companion", () => L.companion(f64([2, -10, 31, -30])), [[5, -15.5, 15], [1, 0, 0], [0, 1, 0]]],
    ["fiedler", () => L.fiedler(f64([1, 4, 12, 45])), [[0, 3, 11, 44], [3, 0, 8, 41], [11, 8, 0, 33], [44, 41, 33, 0]]],
    ["convolutionMatrix full", () => L.convolutionMatrix(f64([1, 2, 3]), 5), [[1, 0, 0, 0, 0], [2, 1, 0, 0, 0], [3, 2, 1, 0, 0], [0, 3, 2, 1, 0], [0, 0, 3, 2, 1], [0, 0, 0, 3, 2], [0, 0, 0, 0, 3]]],
    ["convolutionMatrix valid", () => L.convolutionMatrix(f64([1, 2, 3]), 5, "valid"), [[3, 2, 1, 0, 0], [0, 3, 2, 1, 0], [0, 0, 3, 2, 1]]],
    ["convolutionMatrix same", () => L.convolutionMatrix(f64([1, 2, 3]), 5, { mode: "same" }), [[2, 1, 0, 0, 0], [3, 2, 1, 0, 0], [0, 3, 2, 1, 0], [0, 0, 3, 2, 1], [0, 0, 0, 3, 2]]],
    ["convolutionMatrix valid, long a", () => L.convolutionMatrix(f64([1, 2, 3, 4, 5]), 2, "valid"), [[2, 1], [3, 2], [4, 3], [5, 4]]],
    ["convolutionMatrix same, long a", () => L.convolutionMatrix(f64([1, 2, 3, 4, 5]), 2, "same"), [[1, 0], [2, 1], [3, 2], [4, 3], [5, 4]]],
    ["pascal", () => L.pascal(4), [[1, 1, 1, 1], [1, 2, 3, 4], [1, 3, 6, 10], [1, 4, 10, 20]], 1e-5],
    ["pascal lower", () => L.pascal(4, "lower"), [[1, 0, 0, 0], [1, 1, 0, 0], [1, 2, 1, 0], [1, 3, 3, 1]], 1e-5],
    ["pascal upper", () => L.pascal(4, "upper"), [[1, 1, 1, 1], [0, 1, 2, 3], [0, 0, 1, 3], [0, 0, 0, 1]], 1e-5],
    ["fiedlerCompanion", () => L.fiedlerCompanion(f64([2, 1, -3, 4, 5, -1])), [[-0.5, 1.5, 1, 0, 0], [1, 0, 0, 0, 0], [0, -2, 0, -2.5, 1], [0, 1, 0, 0, 0], [0, 0, 0, 0.5, 0]]],
    ["fiedlerCompanion of a line", () => L.fiedlerCompanion(f64([2, 3])), [[-1.5]]],
    ["hadamard", () => L.hadamard(4), [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]], 0],
  ];
  itMatchesJax(cases);
  it("hilbert, invpascal, helmert in float32 by default (JAX without x64); float values to 1e-6", () => {
    expect(L.hilbert(4).dtype).toBe("float32");
    expectClose(L.hilbert(4), [[1, 0.5, 1 / 3, 0.25], [0.5, 1 / 3, 0.25, 0.2], [1 / 3, 0.25, 0.2, 1 / 6], [0.25, 0.2, 1 / 6, 1 / 7]], 1e-6);
    expectClose(L.invpascal(4), [[4, -6, 4, -1], [-6, 14, -11, 3], [4, -11, 10, -3], [-1, 3, -3, 1]], 1e-5);
    expectClose(L.invpascal(4, "lower"), [[1, 0, 0, 0], [-1, 1, 0, 0], [1, -2, 1, 0], [-1, 3, -3, 1]], 1e-5);
    expectClose(L.helmert(4), [[0.7071067811865475, -0.7071067811865475, 0, 0], [0.4082482904638631, 0.4082482904638631, -0.8164965809277261, 0], [0.2886751345948129, 0.2886751345948129, 0.2886751345948129, -0.8660254037844387]], 1e-6);
    expectClose(L.helmert(3, true), [[0.5773502691896258, 0.5773502691896258, 0.5773502691896258], [0.7071067811865475, -0.7071067811865475, 0], [0.4082482904638631, 0.4082482904638631, -0.8164965809277261]], 1e-6);
    expect(L.hadamard(2).dtype).toBe("int32");
    // float32 lgamma binomials: within 1e-4 relative of JAX's float64 values.
    expectClose(L.invhilbert(4), [[16, -120, 240, -140], [-120, 1200, -2700, 1680], [240, -2700, 6480, -4200], [-140, 1680, -4200, 2800]], 1e-4);
  });
  it("dft: the DFT matrix, scaled", () => {
    const d = L.dft(3, null, { dtype: "complex128" });
    expect(d.dtype).toBe("complex128");
    expectClose(np.real(d), [[1, 1, 1], [1, -0.5, -0.5], [1, -0.5, -0.5]], 1e-12);
    expectClose(np.imag(d), [[0, 0, 0], [0, -0.8660254037844387, 0.8660254037844384], [0, 0.8660254037844384, -0.8660254037844392]], 1e-12);
    const s = L.dft(4, "sqrtn", { dtype: "complex128" });
    expectClose(np.real(s), [[0.5, 0.5, 0.5, 0.5], [0.5, 0, -0.5, 0], [0.5, -0.5, 0.5, -0.5], [0.5, 0, -0.5, 0]], 1e-12);
    expectClose(np.imag(s), [[0, 0, 0, 0], [0, -0.5, 0, 0.5], [0, 0, 0, 0], [0, 0.5, 0, -0.5]], 1e-12);
    expect(L.dft(2).dtype).toBe("complex64");
  });
  it("JAX's errors", () => {
    expect(() => L.pascal(3, "x" as "lower")).toThrow(new ValueError("Expected kind to be on of: ['symmetric', 'lower', 'upper']; got x"));
    expect(() => L.invpascal(3, "x" as "lower")).toThrow(new ValueError("Expected kind to be one of: ['symmetric', 'lower', 'upper']; got x"));
    expect(() => L.hadamard(3)).toThrow(new ValueError("n must be a positive power of 2; got 3."));
    expect(() => L.dft(3, "x" as "n")).toThrow(new ValueError("scale must be None, 'sqrtn', or 'n'; got 'x'."));
    expect(() => L.leslie(f64([1, 2]), f64([1, 2]))).toThrow(new ValueError("Incorrect lengths for f and s. The length of s along the last axis must be one less than the length of f; got f shape (2,) and s shape (2,)."));
    expect(() => L.companion(f64([1]))).toThrow(new ValueError("The length of `a` along the last axis must be at least 2; got shape (1,)."));
    expect(() => L.convolutionMatrix(f64([1]), 0)).toThrow(new ValueError("n must be a positive integer; got 0."));
    expect(() => L.helmert(0)).toThrow(new ValueError("n must be a positive integer; got 0."));
  });
  it("vmap equals a loop", () => {
    const rows = f64([1, 2, 3, 4, 7, 5]).reshape([2, 3]);
    for (const f of [L.circulant, L.companion, L.fiedler, (r: Array) => L.hankel(r), (r: Array) => L.convolutionMatrix(r, 2, "same"), (r: Array) => L.leslie(r, r.get("1:"))]) {
      expectClose(vmap(f)(rows), [f(rows.get(0)).tolist(), f(rows.get(1)).tolist()]);
    }
  });
  it("checkGrads order 2 (float64)", () => {
    const v = f64([1.5, -2, 3.25, 0.5]);
    for (const f of [L.circulant, L.companion, L.fiedler, L.fiedlerCompanion, (r: Array) => L.hankel(r, r), (r: Array) => L.convolutionMatrix(r, 3, "valid"), (r: Array) => L.leslie(r, r.get("1:"))]) {
      testUtil.checkGrads(f, [v], 2);
    }
  });
});
