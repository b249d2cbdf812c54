// scipy.signal.convolve / correlate (direct: one conv_general_dilated, as JAX's _convolve_nd; or
// by FFT) against JAX 0.10.2's values (x64), with jit = eager, vmap = loop and checkGrads order 2.
import { describe, expect, it } from "vitest";
import { jit, numpy as np, scipy, testUtil, vmap, Array } from "../../src/index.js";

const f64 = (v: number[][]): Array => np.array(v, { dtype: "float64" });
const A = [[1, 2, 3, 4], [0, 1, -1, 2], [3, 1, 0, 0.5]];
const B = [[0, 1], [2, -1]];
// jax.scipy.signal.convolve / correlate(a, b, mode) with JAX 0.10.2, jax_enable_x64.
const WANT = {
  convolve: {
    full: [[0, 1, 2, 3, 4], [2, 3, 5, 4, -2], [0, 5, -2, 5, -1.5], [6, -1, -1, 1, -0.5]],
    same: [[0, 1, 2, 3], [2, 3, 5, 4], [0, 5, -2, 5]],
    valid: [[3, 5, 4], [5, -2, 5]],
  },
  correlate: {
    full: [[-1, 0, 1, 2, 8], [1, 1, 6, 0, 4], [-3, 6, 1, 1.5, 1], [3, 1, 0, 0.5, 0]],
    same: [[-1, 0, 1, 2], [1, 1, 6, 0], [-3, 6, 1, 1.5]],
    valid: [[1, 6, 0], [6, 1, 1.5]],
  },
} as const;

describe("scipy.signal.convolve and correlate", () => {
  for (const fn of ["convolve", "correlate"] as const) {
    for (const mode of ["full", "same", "valid"] as const) {
      it(`${fn} ${mode}: direct, fft, jit (twice) equal JAX`, () => {
        const f = scipy.signal[fn];
        const want = WANT[fn][mode];
        const close = (got: Array): void => {
          const g = got.tolist() as number[][];
          g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 12)));
        };
        close(f(f64(A), f64(B), mode));
        close(f(f64(A), f64(B), mode, "fft"));
        const jf = jit((a: Array, b: Array) => f(a, b, mode));
        close(jf(f64(A), f64(B)));
        close(jf(f64(A), f64(B)));
      });
    }
  }

  it("takes the smaller operand as the kernel; integers become float; JAX's errors", () => {
    expect((scipy.signal.convolve(f64(B), f64(A), "same").tolist() as number[][])).toEqual([[3, 5], [5, -2]]);
    const ints = scipy.signal.convolve(np.array([1, 2, 3], { dtype: "int32" }), np.array([0, 1, 2], { dtype: "int32" }));
    expect(ints.dtype).toBe("float32");
    expect(ints.tolist()).toEqual([0, 1, 4, 7, 6]);
    expect(() => scipy.signal.convolve(f64([[1, 2]]), f64([[1], [2]]), "valid")).toThrow("One input must be smaller than the other in every dimension.");
    expect(() => scipy.signal.convolve(np.array([1, 2]), f64([[1]]))).toThrow("in1 and in2 must have the same number of dimensions");
    expect(() => scipy.signal.convolve(np.array([1, 2]), np.array([1]), "middle" as never)).toThrow("mode must be one of ['same', 'full', 'valid']");
  });

  it("differentiates (checkGrads order 2, float64) and vmaps like a loop", () => {
    testUtil.checkGrads((a: Array, b: Array) => scipy.signal.convolve(a, b, "same"), [f64(A), f64(B)], 2);
    testUtil.checkGrads((a: Array, b: Array) => scipy.signal.correlate(a, b, "valid"), [f64(A), f64(B)], 2);
    const xs = np.array([[1, 2, 3, 4], [4, 0, -1, 2]], { dtype: "float64" });
    const k = np.array([1, -2, 0.5], { dtype: "float64" });
    const batched = vmap((x: Array) => scipy.signal.convolve(x, k))(xs).tolist() as number[][];
    [0, 1].forEach((i) => expect(batched[i]).toEqual(scipy.signal.convolve(xs.at(i).get(), k).tolist()));
  });
});
