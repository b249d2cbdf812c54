// Hessenberg reduction (lax.linalg.hessenberg, JAX's hessenberg_p: LAPACK gehrd's packed form),
// lax.linalg.householderProduct (householder_product_p, orgqr) and scipy.linalg.hessenberg: values
// from JAX 0.10.2; A = Q H Q^T and Q^T Q = I to 1e-12 (float64) and 1e-5 (float32); vmap against a
// loop; jit against eager (called twice); no derivative and JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, jit, vmap, grad, Array } from "../../src/index.js";
import { values, maxAbs, expectClose, sinMatrix, randn } from "../util/linalgValues.js";


describe("hessenberg", () => {
  it("lax.linalg.hessenberg matches JAX 0.10.2's packed (a, taus)", () => {
    // jax.lax.linalg.hessenberg(sin(i^2 + 2.1 j^2 + i j + 1)), 5x5.
    const [a, taus] = lax.linalg.hessenberg(sinMatrix(5, 5));
    expectClose(taus, [1.5279300012542867, 1.1759181137607033, 1.6223672258033268, 0], 13);
    const want = [[0.8414709848078965, 0.24218580862768183, -0.5822074924325807, -0.1578649695291616, 0.5782834199560597], [-1.7223825595539564, -0.8464559805197687, -0.2491239509136708, 0.23210447886390362, -0.3348716546477994], [-0.3643772341721213, 1.2534566520457997, -0.04215139429815551, 0.3999066902335898, -1.3103572206339118], [-0.2067200851566194, 0.5156295336797465, 1.814010688433894, -0.5957062843399931, -0.45254686695971297], [-0.36531702063142435, -0.6594883506821579, -0.48245882782380106, -0.1835418128651614, -0.8209777234944781]];
    expectClose(a, want.flat(), 13);
    // The docstring example of jax.scipy.linalg.hessenberg.
    const [a4, t4] = lax.linalg.hessenberg(np.array([[1, 2, 3, 4], [1, 4, 2, 3], [3, 2, 1, 4], [2, 3, 2, 2]], { dtype: "float64" }));
    expectClose(t4, [1.2672612419124243, 1.9663567953252654, 0], 14);
    expectClose(a4, [1, -5.0779635963360645, 1.1674774785852047, 1.3606182606749222, -3.7416573867739413, 5.785714285714285, -3.6129700430703773, -1.8245822889364376, 0.632690166178602, -2.992337152236202, 2.4934879934879945, -0.5771624540444946, 0.42179344411906794, 0.13080294350321012, -0.04263997021964593, -1.2792022792022792], 13);
  });

  it("lax.linalg.householderProduct matches JAX 0.10.2", () => {
    // jax.lax.linalg.householder_product(sin(...)[5x3], [0.5, 1.2, 0.3]).
    const want = [[0.5, 0.23726768405442755, 0.6621770449009988], [-0.45464871341284085, 0.01574689457957985, -0.09861087933734987], [0.4794621373315692, -0.6104397766521172, -0.15857840480653826], [0.2720105554446849, -0.814514872649424, -0.5598182786111469], [0.4806987459397784, 0.8461162850296204, -0.2840764850494934]];
    expectClose(lax.linalg.householderProduct(sinMatrix(5, 3), np.array([0.5, 1.2, 0.3], { dtype: "float64" })), want.flat(), 14);
    // Fewer reflectors than columns: the remaining columns are the identity's.
    expectClose(lax.linalg.householderProduct(np.zeros([3, 3], { dtype: "float64" }), np.zeros([1], { dtype: "float64" })), values(np.eye(3)), 15);
  });

  it("scipy.linalg.hessenberg: H and Q with A = Q H Q^T, 1e-12 in float64 and 1e-5 in float32", () => {
    // jax.scipy.linalg.hessenberg(a, calc_q=True)'s Q for the docstring's 4x4.
    const a4 = np.array([[1, 2, 3, 4], [1, 4, 2, 3], [3, 2, 1, 4], [2, 3, 2, 2]], { dtype: "float64" });
    const [, q4] = scipy.linalg.hessenberg(a4, { calcQ: true });
    expectClose(q4, [1, 0, 0, 0, 0, -0.2672612419124243, 0.912291144468219, -0.31031644541708764, 0, -0.8017837257372732, -0.38915915952840097, -0.45353942022497423, 0, -0.5345224838248488, 0.1275931670584923, 0.8354673530460051], 14);
    for (const [n, seed] of [[1, 1], [2, 2], [5, 3], [30, 4]] as const) {
      for (const dtype of ["float64", "float32"] as const) {
        const a = randn([n, n], seed).astype(dtype);
        const [h, q] = scipy.linalg.hessenberg(a, { calcQ: true });
        expect([h.dtype, q.dtype]).toEqual([dtype, dtype]);
        const tol = dtype === "float64" ? 1e-12 : 1e-5;
        expect(maxAbs(np.subtract(np.matmul(np.matmul(q, h), np.transpose(q)), a))).toBeLessThan(tol * Math.max(1, n / 5));
        expect(maxAbs(np.subtract(np.matmul(np.transpose(q), q), np.eye(n)))).toBeLessThan(tol);
        expect(maxAbs(np.tril(h, -2))).toBe(0);
        expect(values(scipy.linalg.hessenberg(a))).toEqual(values(h));
      }
    }
    expect(scipy.linalg.hessenberg(np.zeros([0, 0]), { calcQ: true }).map((x) => x.shape)).toEqual([[0, 0], [0, 0]]);
  });

  it("vmap against a loop; jit against eager (called twice); batched scipy.linalg.hessenberg", () => {
    const a = randn([3, 4, 4], 5);
    const batched = vmap((x: Array) => lax.linalg.hessenberg(x))(a);
    for (let b = 0; b < 3; b++) lax.linalg.hessenberg(a.get(b)).forEach((o, k) => expect(values(batched[k]!.get(b))).toEqual(values(o)));
    const taus = randn([3, 2], 6);
    const hp = vmap((x: Array, t: Array) => lax.linalg.householderProduct(x, t))(a, taus);
    for (let b = 0; b < 3; b++) expect(values(hp.get(b))).toEqual(values(lax.linalg.householderProduct(a.get(b), taus.get(b))));
    const f = jit((x: Array) => scipy.linalg.hessenberg(x, { calcQ: true }));
    const [h, q] = scipy.linalg.hessenberg(a, { calcQ: true });
    for (let k = 0; k < 2; k++) {
      const [hj, qj] = f(a);
      expect(values(hj)).toEqual(values(h));
      expect(values(qj)).toEqual(values(q));
    }
    for (let b = 0; b < 3; b++) expect(values(q.get(b))).toEqual(values(scipy.linalg.hessenberg(a.get(b), { calcQ: true })[1]));
  });

  it("no derivative, and JAX's errors", () => {
    expect(() => grad((x: Array) => np.sum(scipy.linalg.hessenberg(x)))(randn([3, 3], 1))).toThrow("Differentiation rule for 'hessenberg' not implemented");
    expect(() => grad((t: Array) => np.sum(lax.linalg.householderProduct(randn([3, 3], 1), t)))(np.ones([2], { dtype: "float64" }))).toThrow("Differentiation rule for 'householder_product' not implemented");
    expect(() => lax.linalg.hessenberg(np.ones([2, 3]))).toThrow("Argument to Hessenberg reduction must have shape [..., n, n], got shape (2, 3)");
    expect(() => lax.linalg.householderProduct(np.ones([2, 3]), np.ones([1]))).toThrow("The first argument to householder_product must have at least as many rows as columns, got shape (2, 3)");
    expect(() => lax.linalg.householderProduct(np.ones([3, 2]), np.ones([3]))).toThrow("The second argument to householder_product must not have more rows than the minimum of the first argument's rows and columns.");
  });
});
