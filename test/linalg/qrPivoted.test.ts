// QR with column pivoting (lax.linalg.qr / scipy.linalg.qr with pivoting; JAX's qr_p through
// LAPACK's geqp3): a[:, p] = Q R with |diag(R)| non-increasing. Values (Q, R, p) from JAX 0.10.2 /
// scipy 1.17; reconstruction and orthogonality to 1e-12 (float64) and 1e-5 (float32); checkGrads
// to order 2 in float64 (tall thin and full, square, wide: JAX's qr_jvp_rule); vmap
// against a loop; jit against eager (called twice).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, jit, jvp, vmap, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { values, maxAbs, expectClose, sinMatrix, randn } from "../util/linalgValues.js";

/** a[..., :, p] for one matrix. */
const permuted = (a: Array, p: Array): Array => np.take(a, p, { axis: -1 });

function expectPivotedQr(a: Array, q: Array, r: Array, p: Array, tol: number): void {
  const [m, n] = a.shape as [number, number];
  expect(values(p).slice().sort((x, y) => x - y)).toEqual(globalThis.Array.from({ length: n }, (_, i) => i));
  expect(maxAbs(np.subtract(np.matmul(q, r), permuted(a, p)))).toBeLessThan(tol);
  expect(maxAbs(np.subtract(np.matmul(np.transpose(q), q), np.eye(q.shape[1]!)))).toBeLessThan(tol);
  expect(maxAbs(np.tril(r, -1))).toBe(0);
  const d = values(np.abs(np.diagonal(r)));
  for (let i = 1; i < Math.min(m, n); i++) expect(d[i]!).toBeLessThanOrEqual(d[i - 1]! * (1 + 1e-12));
}

describe("qr with column pivoting", () => {
  it("matches JAX 0.10.2 / scipy 1.17 (geqp3) values", () => {
    // The jax.scipy.linalg.qr docstring's 3x4 matrix, pivoted.
    const a = np.array([[1, 2, 3, 4], [5, 4, 2, 1], [6, 3, 1, 5]], { dtype: "float64" });
    const [q, r, p] = scipy.linalg.qr(a, { pivoting: true });
    expect(p.dtype).toBe("int32");
    expect(values(p)).toEqual([0, 3, 2, 1]);
    expectClose(q, [-0.1270001270001906, 0.8065591326174432, -0.5773502691896258, -0.6350006350009525, -0.5132649025747366, -0.5773502691896257, -0.762000762001143, 0.29329423004270666, 0.5773502691896258], 13);
    expectClose(r, [-7.874007874011811, -4.953004953007429, -2.4130024130036203, -5.080005080007621, 0, 4.179442778108568, 1.6864418227455629, 0.4399413450640601, 0, 0, -2.3094010767585034, -1.7320508075688774], 13);
    // Tall and wide: jax.scipy.linalg.qr(sin(i^2 + 2.1 j^2 + i j + 1), pivoting=True).
    const [q53, r53, p53] = scipy.linalg.qr(sinMatrix(5, 3), { pivoting: true });
    expect(values(p53)).toEqual([0, 2, 1]);
    expectClose(r53, [-1.916944208820176, -0.1594170212968257, 0.29367334523769023, 0, 1.5080268565694375, -0.873652133342828, 0, 0, -1.1130138121208382, 0, 0, 0, 0, 0, 0], 13);
    expectClose(q53.get(0), [-0.4389647757801973, -0.029974951280762545, -0.12965269152403036, 0.11245179280716822, 0.8814511908182918], 13);
    const [q35, r35, p35] = scipy.linalg.qr(sinMatrix(3, 5), { pivoting: true });
    expect(values(p35)).toEqual([3, 0, 2, 1, 4]);
    expectClose(q35, [-0.5340177558436221, -0.38400954442444063, 0.7532341642774016, 0.5806449231586234, -0.8141497790228909, -0.003407422353367803, 0.6145539111045168, 0.4355419693989448, 0.657743630328892], 13);
    expectClose(r35, [-1.6247476626895976, -0.5106921758343972, -0.7194304454914182, -0.3636712605095879, 0.8794079213288751, 0, -1.4810889557299158, -0.3070322185072725, 0.8767651769650118, -0.5360070558943281, 0, 0, -0.6336894043355725, 0.24435953244534708, 0.2938257384703865], 13);
    // Rank deficient (column 1 = 2 column 0 in the top rows): p from scipy 1.17, a zero last pivot.
    const c = np.array([[1, 2, 3], [2, 4, 6], [1, 1, 1], [0, 1, 2]], { dtype: "float64" });
    const [qc, rc, pc] = scipy.linalg.qr(c, { pivoting: true });
    expect(values(pc)).toEqual([2, 0, 1]);
    expectClose(np.diagonal(rc), [-7.071067811865475, -0.9380831519646858, 0], 13);
    expectPivotedQr(c, qc, rc, pc, 1e-14);
  });

  it("reconstructs a[:, p] = Q R in every mode: 1e-12 in float64, 1e-5 in float32", () => {
    for (const [m, n, seed] of [[6, 4, 1], [4, 6, 2], [5, 5, 3], [1, 3, 4], [3, 1, 5], [40, 25, 6]] as const) {
      const a = randn([m, n], seed);
      const k = Math.min(m, n);
      const [q, r, p] = lax.linalg.qr(a, { pivoting: true });
      expect([q.shape, r.shape, p.shape]).toEqual([[m, m], [m, n], [n]]);
      expectPivotedQr(a, q, r, p, 1e-12);
      const [qe, re, pe] = scipy.linalg.qr(a, { pivoting: true, mode: "economic" });
      expect([qe.shape, re.shape]).toEqual([[m, k], [k, n]]);
      expectPivotedQr(a, qe, re, pe, 1e-12);
      const [rr, pr] = scipy.linalg.qr(a, { pivoting: true, mode: "r" });
      expect(values(rr)).toEqual(values(r));
      expect(values(pr)).toEqual(values(p));
      const a32 = a.astype("float32");
      const [q32, r32, p32] = lax.linalg.qr(a32, { pivoting: true });
      expect([q32.dtype, r32.dtype]).toEqual(["float32", "float32"]);
      expectPivotedQr(a32, q32, r32, p32, 1e-5);
    }
  });

  it("checkGrads to order 2 in float64 (tall thin and full, square, wide), as JAX's qr_jvp_rule", () => {
    // Separated column norms keep the permutation fixed under the finite-difference steps.
    const scaled = (x: Array, norms: number[]): Array => np.multiply(x, np.array(norms, { dtype: "float64" }));
    const tall = scaled(randn([5, 3], 7), [1, 3, 2]);
    checkGrads((x: Array) => lax.linalg.qr(x, { pivoting: true, fullMatrices: false }).slice(0, 2), [tall], 2);
    // The full (5 x 5) Q of a tall matrix (JAX's rule from arXiv:2409.13374), pivoted or not.
    checkGrads((x: Array) => lax.linalg.qr(x, { pivoting: true }).slice(0, 2), [tall], 2);
    checkGrads((x: Array) => lax.linalg.qr(x), [tall], 2);
    checkGrads((x: Array) => lax.linalg.qr(x, { pivoting: true }).slice(0, 2), [scaled(randn([3, 3], 8), [2, 1, 3])], 2);
    const wide = scaled(randn([3, 5], 9), [1, 4, 2, 3, 0.5]);
    checkGrads((x: Array) => lax.linalg.qr(x, { pivoting: true }).slice(0, 2), [wide], 2);
    checkGrads((x: Array) => lax.linalg.qr(x), [wide], 2);
    // p has a zero tangent.
    const [, tangents] = jvp((x: Array) => lax.linalg.qr(x, { pivoting: true }), [tall], [np.onesLike(tall)]) as [Array[], Array[]];
    expect(values(tangents[2]!).every((v) => v === 0)).toBe(true);
  });

  it("vmap against a loop; jit against eager (called twice)", () => {
    const a = randn([3, 4, 5], 10);
    const batched = vmap((x: Array) => lax.linalg.qr(x, { pivoting: true }))(a);
    for (let b = 0; b < 3; b++) lax.linalg.qr(a.get(b), { pivoting: true }).forEach((o, k) => expect(values(batched[k]!.get(b))).toEqual(values(o)));
    const f = jit((x: Array) => scipy.linalg.qr(x, { pivoting: true }));
    for (let k = 0; k < 2; k++) scipy.linalg.qr(a, { pivoting: true }).forEach((o, i) => expect(values(f(a)[i]!)).toEqual(values(o)));
    // Zero-sized operands, as JAX's _qr_lowering: Q the identity, R and p zeros.
    const [q0, r0, p0] = lax.linalg.qr(np.zeros([2, 0], { dtype: "float64" }), { pivoting: true });
    expect([q0.shape, r0.shape, p0.shape]).toEqual([[2, 2], [2, 0], [0]]);
    expect(values(q0)).toEqual([1, 0, 0, 1]);
  });
});
