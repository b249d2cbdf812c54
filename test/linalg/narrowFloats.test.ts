// float16 and bfloat16 through the linear-algebra wrappers, as JAX 0.10.2 on CPU treats them
// (values and errors from JAX 0.10.2): promote_dtypes_inexact keeps every float dtype (ints
// become float32), the LAPACK-backed primitives (cholesky, lu, qr, eigh, eig, svd, schur,
// tridiagonal_solve) refuse narrow floats with jaxlib's NotImplementedError "Unsupported dtype
// float16.", and what JAX computes without LAPACK (det of 2x2/3x3, norms without svd,
// matrix_power, multi_dot, triangular solves) stays in the narrow dtype. Before, np.linalg,
// scipy.linalg and the optim/odeint wrappers tested for float32/float64 only, so a float16 input
// was silently computed and returned in float32 (or refused, odeint).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, experimental, optim, type Array } from "../../src/index.js";

const NARROW = ["float16", "bfloat16"] as const;
/** 4 units in the last place at 1 (float16 keeps 10 fraction bits, bfloat16 7): per-op rounding against XLA's. */
const tol = (dt: (typeof NARROW)[number]): number => 4 * (dt === "float16" ? 2 ** -10 : 2 ** -7);

function expectClose(got: Array, want: number[] | number[][] | number, t: number): void {
  const g = [got.tolist()].flat(2) as number[];
  const w = [want].flat(2) as number[];
  expect(g.length).toBe(w.length);
  g.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(t * Math.max(1, Math.abs(w[i]!))));
}

describe("np.linalg / scipy.linalg / lax.linalg with float16 and bfloat16", () => {
  for (const dt of NARROW) {
    const A2 = np.array([[4, 1], [1, 3]], { dtype: dt });
    const A3 = np.array([[4, 1, 0], [1, 3, 1], [0, 1, 2]], { dtype: dt });
    const A4 = np.add(np.multiply(np.eye(4, { dtype: dt }), 2), np.array(0.1, { dtype: dt }));
    const b = np.array([1, 2], { dtype: dt });

    it(`${dt}: the LAPACK-backed functions raise NotImplementedError, as JAX's CPU kernels`, () => {
      const refused: [string, () => unknown][] = [
        ["lu", () => np.linalg.inv(A2)], ["lu", () => np.linalg.solve(A2, b)], ["cholesky", () => np.linalg.cholesky(A2)], ["lu", () => np.linalg.det(A4)],
        ["lu", () => np.linalg.slogdet(A3)], ["eigh", () => np.linalg.eigh(A2)], ["svd", () => np.linalg.svd(A2)], ["qr", () => np.linalg.qr(A2)],
        ["svd", () => np.linalg.norm(A3, 2)], ["svd", () => np.linalg.cond(A3)], ["svd", () => np.linalg.pinv(A2)], ["svd", () => np.linalg.lstsq(A2, b)],
        ["svd", () => np.linalg.matrixRank(A2)], ["lu", () => np.linalg.matrixPower(A3, -1)], ["eig", () => np.linalg.eig(A3)], ["lu", () => np.linalg.tensorinv(A4.reshape([2, 2, 2, 2]), 2)],
        ["cholesky", () => scipy.linalg.cholesky(A2)], ["lu", () => scipy.linalg.lu(A2)], ["lu", () => scipy.linalg.solve(A2, b)], ["eigh", () => scipy.linalg.eigh(A2)],
        ["schur", () => scipy.linalg.schur(A2)], ["svd", () => scipy.linalg.svd(A2)], ["qr", () => lax.linalg.qr(A2)],
        ["tridiagonal_solve", () => lax.linalg.tridiagonalSolve(np.array([0, 1], { dtype: dt }), np.array([2, 2], { dtype: dt }), np.array([1, 0], { dtype: dt }), np.ones([2, 1], { dtype: dt }))],
      ];
      for (const [prim, f] of refused) {
        expect(f).toThrow(`${prim}: Unsupported dtype ${dt}.`);
        expect(f).toThrow(expect.objectContaining({ name: "NotImplementedError" }));
      }
      // JAX's expm dispatches on float32/float64 (its Pade orders): a TypeError.
      expect(() => scipy.linalg.expm(A2)).toThrow(TypeError);
      expect(() => scipy.linalg.expm(A2)).toThrow(`A.dtype=${dt} is not supported.`);
    });

    it(`${dt}: what JAX computes without LAPACK stays in ${dt}, with JAX's values`, () => {
      const results: [Array, number[] | number[][] | number][] = [
        [np.linalg.det(A2), 11],
        [np.linalg.det(A3), 18],
        [np.linalg.norm(A3), dt === "float16" ? 5.74609375 : 5.75],
        [np.linalg.norm(A3, 1), 5],
        [np.linalg.matrixPower(A3, 3), [[75, 39, 9], [39, 45, 21], [9, 21, 15]]],
        [np.linalg.multiDot([A3, A3, A3]), [[75, 39, 9], [39, 45, 21], [9, 21, 15]]],
        [scipy.linalg.det(A2), 11],
        [scipy.linalg.solveTriangular(A2, b), dt === "float16" ? [0.0833740234375, 0.66650390625] : [0.0830078125, 0.66796875]],
        [scipy.linalg.choSolve([A2, true], b), dt === "float16" ? [0.0139312744140625, 0.1943359375] : [0.0135498046875, 0.1953125]],
        [lax.linalg.triangularSolve(A3, A3, { leftSide: true, lower: true }), dt === "float16" ? [[1, 0.25, 0], [0, 0.91650390625, 0.333251953125], [0, 0.041778564453125, 0.83349609375]] : [[1, 0.25, 0], [0, 0.91796875, 0.333984375], [0, 0.040771484375, 0.83203125]]],
      ];
      for (const [got, want] of results) {
        expect(got.dtype).toBe(dt);
        expectClose(got, want, tol(dt));
      }
    });
  }

  it("integers still become float32 (JAX's default float for int32)", () => {
    const i = np.array([[4, 1], [1, 3]], { dtype: "int32" });
    expect(np.linalg.inv(i).dtype).toBe("float32");
    expect(scipy.linalg.cholesky(i).dtype).toBe("float32");
    expect(np.linalg.det(i).dtype).toBe("float32");
  });
});

describe("odeint and injectHyperparams follow the float dtype, float16 included", () => {
  it("odeint takes float16 times (jnp.floating, as JAX's check)", () => {
    const decay = (y: Array): Array => np.negative(y);
    const ys = experimental.ode.odeint(decay, np.array([1], { dtype: "float16" }), np.array([0, 1], { dtype: "float16" }), { rtol: 1e-2, atol: 1e-2, mxstep: 100 });
    expect(ys.dtype).toBe("float16");
    // JAX 0.10.2 gives 0.358 here; both within the tolerance of exp(-1).
    expect(Math.abs((ys.tolist() as number[][])[1]![0]! - Math.exp(-1))).toBeLessThan(0.02);
    expect(() => experimental.ode.odeint(decay, np.array([1]), np.array([0, 1], { dtype: "int32" }))).toThrow("t must be an array of floats");
  });

  it("injectHyperparams: the params' highest float dtype (optax.tree.dtype 'highest'), float16 too", () => {
    const opt = optim.injectHyperparams((h: { learningRate: number | Array }) => optim.sgd(h.learningRate))({ learningRate: 0.1 });
    const lr = (params: unknown): Array => (opt.init(params as Array) as unknown as { hyperparams: { learningRate: Array } }).hyperparams.learningRate;
    expect(lr(np.array([1, 2], { dtype: "float16" })).dtype).toBe("float16");
    expect(lr(np.array([1, 2], { dtype: "bfloat16" })).dtype).toBe("bfloat16");
    expect(lr({ a: np.array([1], { dtype: "float16" }), b: np.array([1], { dtype: "float32" }) }).dtype).toBe("float32");
    expect(lr({ a: np.array([1], { dtype: "float64" }), b: np.array([1], { dtype: "float16" }) }).dtype).toBe("float64");
    expect(lr(np.array([1, 2], { dtype: "int32" })).dtype).toBe("float32");
    expect(() => lr({ a: np.array([1], { dtype: "float16" }), b: np.array([1], { dtype: "bfloat16" }) })).toThrow("Neither float16 nor bfloat16 can be promoted to the other.");
  });
});
