// scipy.linalg.solveSylvester (jax.scipy.linalg.solve_sylvester): A X + X B = C by Bartels-Stewart
// (the complex Schur forms) or the eigendecompositions. Values from JAX 0.10.2; residuals to
// 1e-12 (float64) and 1e-4 relative (float32); complex C; batches broadcast; jit against eager
// (called twice); NaN where A and -B share an eigenvalue; no derivative (schur_p has none, as in
// JAX); JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, jit, grad, Array } from "../../src/index.js";
import { values, maxAbs, randn } from "../util/linalgValues.js";

const residual = (a: Array, b: Array, c: Array, x: Array): number => maxAbs(np.subtract(np.add(np.matmul(a, x), np.matmul(x, b)), c));
const A = np.array([[1, 2, 0], [-3, 1, 1], [0.5, 0, 2]], { dtype: "float64" });
const B = np.array([[4, 1], [-2, 3]], { dtype: "float64" });
const C = np.array([[1, 2], [3, 4], [5, 6]], { dtype: "float64" });

describe("scipy.linalg.solveSylvester", () => {
  it("matches JAX 0.10.2 with both methods", () => {
    const want = [-0.002084810073801832, 0.14643705958387235, 0.651649084768378, 0.7081682858691577, 1.15183671767502, 0.9549889505066089];
    for (const method of ["schur", "eigen"] as const) {
      const x = scipy.linalg.solveSylvester(A, B, C, { method });
      expect(x.dtype).toBe("float64");
      values(x).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 13));
      expect(residual(A, B, C, x)).toBeLessThan(1e-13);
    }
  });

  it("random systems: 1e-12 (float64), 1e-4 relative (float32); complex C; batches; jit twice", () => {
    for (const [m, n, seed] of [[1, 1, 1], [4, 3, 2], [7, 7, 3]] as const) {
      const [a, b, c] = [randn([m, m], seed), randn([n, n], seed + 10), randn([m, n], seed + 20)];
      expect(residual(a, b, c, scipy.linalg.solveSylvester(a, b, c))).toBeLessThan(1e-12);
      const [a32, b32, c32] = [a, b, c].map((x) => x.astype("float32")) as [Array, Array, Array];
      const x32 = scipy.linalg.solveSylvester(a32, b32, c32);
      expect(x32.dtype).toBe("float32");
      expect(residual(a32, b32, c32, x32) / Math.max(1, maxAbs(x32))).toBeLessThan(1e-4);
    }
    const cc = np.add(C, np.multiply(np.array({ re: 0, im: 1 }), np.ones([3, 2])));
    const xc = scipy.linalg.solveSylvester(A, B, cc);
    expect(xc.dtype).toBe("complex128");
    expect(Math.max(...values(np.abs(np.subtract(np.add(np.matmul(A, xc), np.matmul(xc, B)), cc)).astype("float64")))).toBeLessThan(1e-12);
    const batchA = randn([2, 3, 3], 4), batchC = randn([2, 3, 2], 5);
    const xb = scipy.linalg.solveSylvester(batchA, B, batchC);
    for (let k = 0; k < 2; k++) expect(values(xb.get(k))).toEqual(values(scipy.linalg.solveSylvester(batchA.get(k), B, batchC.get(k))));
    const f = jit((a: Array, c: Array) => scipy.linalg.solveSylvester(a, B, c));
    for (let k = 0; k < 2; k++) expect(values(f(batchA, batchC))).toEqual(values(xb));
  });

  it("NaN when A and -B share an eigenvalue; no derivative; JAX's errors", () => {
    expect(values(scipy.linalg.solveSylvester(np.eye(2), np.negative(np.eye(2)), np.ones([2, 2]))).every(Number.isNaN)).toBe(true);
    expect(() => grad((a: Array) => np.sum(scipy.linalg.solveSylvester(a, B, C)))(A)).toThrow("Differentiation rule for 'schur' not implemented");
    expect(() => scipy.linalg.solveSylvester(np.eye(2), np.eye(3), np.ones([2, 2]))).toThrow("Incompatible shapes for Sylvester equation:\nA: (2, 2)\nB: (3, 3)\nC: (2, 2)");
    expect(() => scipy.linalg.solveSylvester(A, B, C, { method: "qr" as "schur" })).toThrow('Unrecognized method qr. The two valid methods are either "schur" or "eigen".');
  });
});
