// scipy.linalg.polar (jax.scipy.linalg.polar) and lax.linalg.qdwh (jax.lax.linalg.qdwh): values
// from JAX 0.10.2 (its docstring's matrix, left and right sides, a capped iteration count);
// a = u p, u^T u = I to 1e-12 (float64) and 1e-5 (float32); batches; jit against eager (called
// twice); derivatives: checkGrads order 2 for method "svd", forward mode for "qdwh" (a while loop,
// which has no reverse mode in JAX either); JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, jit, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { values, maxAbs, expectClose, randn } from "../util/linalgValues.js";

const A = np.array([[1, 2, 3], [5, 4, 2], [3, 2, 1]], { dtype: "float64" });

describe("scipy.linalg.polar and lax.linalg.qdwh", () => {
  it("match JAX 0.10.2", () => {
    const [u, p] = scipy.linalg.polar(A);
    expectClose(u, [-0.19778868392475468, 0.23903231160728322, 0.9506540856268342, 0.4862236775490274, 0.8660214261243099, -0.11659084391287317, 0.8511557859181909, -0.43917017601528363, 0.28751240772650477], 13);
    expectClose(p, [4.786797061574955, 3.251628914182982, 1.230237089241982, 3.251628914182982, 3.063809975681239, 2.0099696110551855, 1.230237089241982, 2.0099696110551855, 2.906292976781261], 13);
    const [, , numIters, isConverged] = lax.linalg.qdwh(A);
    expect(values(numIters)).toEqual([6]);
    expect(values(isConverged)).toEqual([1]);
    const b = np.array([[1, 2, 3], [5, 4, 2]], { dtype: "float64" });
    const [ul, pl] = scipy.linalg.polar(b, "left");
    expectClose(ul, [-0.213806185463492, 0.29782780148625676, 0.9303684838382121, 0.8463856682648685, 0.5320205001292465, 0.024196859260209626], 13);
    expectClose(pl, [3.1729548690236578, 1.9830172463039908, 1.9830172463039908, 6.4084040603617485], 13);
    // jax.lax.linalg.qdwh(c, max_iterations=2): stopped early, not converged.
    const [uc, , kc, okc] = lax.linalg.qdwh(np.array([[1, 2], [3, 4], [5, 6]], { dtype: "float64" }), { maxIterations: 2 });
    expect([values(kc)[0], values(okc)[0]]).toEqual([2, 0]);
    expectClose(uc, [0.06747496030959199, 0.22752194586647662, 0.29293975005946205, 0.40978645716761014, 0.5184045398093322, 0.5920509684687437], 13);
  });

  it("a = u p with orthonormal u, both methods and sides: 1e-12 (times max(m, n) for a = u p) in float64, 1e-5 in float32", () => {
    for (const [m, n, side] of [[5, 3, "right"], [4, 4, "right"], [3, 6, "left"], [8, 8, "left"]] as const) {
      for (const dtype of ["float64", "float32"] as const) {
        const a = randn([m, n], m * 10 + n, dtype);
        const tol = dtype === "float64" ? 1e-12 : 1e-5;
        for (const method of ["qdwh", "svd"] as const) {
          if (method === "qdwh" && m === n && side === "left") continue;
          const [u, p] = scipy.linalg.polar(a, side, { method });
          expect([u.dtype, p.dtype]).toEqual([dtype, dtype]);
          expect(maxAbs(np.subtract(side === "right" ? np.matmul(u, p) : np.matmul(p, u), a))).toBeLessThan(tol * Math.max(m, n));
          const gram = m >= n ? np.matmul(np.transpose(u), u) : np.matmul(u, np.transpose(u));
          expect(maxAbs(np.subtract(gram, np.eye(Math.min(m, n))))).toBeLessThan(tol);
          expect(maxAbs(np.subtract(p, np.transpose(p)))).toBeLessThan(tol);
          expect(Math.min(...values(np.linalg.eigvalsh(p)))).toBeGreaterThan(-tol * 10);
        }
      }
    }
  });

  it("batches, jit against eager (called twice), derivatives", () => {
    const a = randn([2, 3, 4, 3], 5);
    const [u, p] = scipy.linalg.polar(a);
    expect([u.shape, p.shape]).toEqual([[2, 3, 4, 3], [2, 3, 3, 3]]);
    const [u01] = scipy.linalg.polar(a.get(0, 1));
    expect(values(u.get(0, 1))).toEqual(values(u01));
    const f = jit((x: Array) => scipy.linalg.polar(x));
    for (let k = 0; k < 2; k++) f(a).forEach((o, i) => expect(values(o)).toEqual(values([u, p][i]!)));
    checkGrads((x: Array) => scipy.linalg.polar(x, "right", { method: "svd" }), [randn([4, 3], 6)], 2);
    checkGrads((x: Array) => scipy.linalg.polar(x), [randn([3, 3], 7)], 2, { modes: ["fwd"] });
  });

  it("JAX's errors", () => {
    expect(() => scipy.linalg.polar(np.ones([3]))).toThrow("The input `a` must be at least a 2-D array.");
    expect(() => scipy.linalg.polar(A, "up" as "left")).toThrow("The argument `side` must be either 'right' or 'left'.");
    expect(() => scipy.linalg.polar(A, "right", { method: "eig" as "svd" })).toThrow("Unknown polar decomposition method eig.");
    expect(() => scipy.linalg.polar(np.ones([2, 3]))).toThrow("method='qdwh' only supports mxn matrices where m < n where side='right' and m >= n side='left', got (2, 3) with side='right'");
    expect(() => lax.linalg.qdwh(np.ones([2, 3]))).toThrow("The input matrix of shape M x N must have M >= N.");
  });
});
