// The linear-algebra primitives through the library (issue 20): lax.linalg and np.linalg values
// against known answers and JAX's conventions, checkGrads to order 2 in float64 (fwd and rev) for
// every primitive and function, vmap against a loop over examples (several leading dims), and jit
// against eager (called twice). JAX's errors for wrong ranks and non-square inputs.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, vmap, grad, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { mulberry32 } from "../util/random.js";
import { maxRelErr } from "../util/compare.js";

const f64 = (x: number[][] | number[]): Array => np.array(x, { dtype: "float64" });
const values = (x: Array): Float64Array => Float64Array.from(x.dataSync() as ArrayLike<number>, Number);

function randn(shape: number[], seed: number): Array {
  const rand = mulberry32(seed);
  const n = shape.reduce((p, q) => p * q, 1);
  return np.array(Float64Array.from({ length: n }, () => 2 * rand() - 1), { dtype: "float64" }).reshape(shape);
}

/** A well-conditioned SPD matrix with distinct eigenvalues. */
const SPD = f64([[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]);
/** Distinct singular values, clear LU pivots (the largest entry of each column leads). */
const GEN = f64([[3, 0.4, -0.5], [0.6, -2.5, 0.3], [0.2, 0.7, 1.7]]);
const TALL = f64([[2, 0.3], [0.5, -1.5], [0.4, 0.8], [-0.2, 0.1]]);
const UPPER = f64([[2, 0.5, -0.3], [0, 1.5, 0.4], [0, 0, 1.2]]);
const B = f64([[1, 2], [-0.5, 0.3], [0.7, -1]]);

/** Functions of one or more arrays whose outputs are arrays, each with its arguments. */
const CASES: Record<string, { f: (...xs: Array[]) => Array; args: Array[] }> = {
  cholesky: { f: (x) => lax.linalg.cholesky(x), args: [SPD] },
  "triangular_solve left lower": { f: (a, b) => lax.linalg.triangularSolve(a, b, { leftSide: true, lower: true }), args: [np.transpose(UPPER), B] },
  "triangular_solve right upper transposeA": { f: (a, b) => lax.linalg.triangularSolve(a, b, { leftSide: false, lower: false, transposeA: true }), args: [UPPER, np.transpose(B)] },
  "triangular_solve unit diagonal": { f: (a, b) => lax.linalg.triangularSolve(a, b, { leftSide: true, lower: false, unitDiagonal: true }), args: [UPPER, B] },
  "lu (lu output)": { f: (x) => lax.linalg.lu(x)[0], args: [GEN] },
  "qr q": { f: (x) => lax.linalg.qr(x, { fullMatrices: false })[0], args: [TALL] },
  "qr r": { f: (x) => lax.linalg.qr(x, { fullMatrices: false })[1], args: [TALL] },
  "qr square full": { f: (x) => np.add(...lax.linalg.qr(x)), args: [GEN] },
  "eigh w": { f: (x) => lax.linalg.eigh(x)[1], args: [SPD] },
  // Eigenvectors up to sign: v * v is sign-free.
  "eigh v*v": { f: (x) => np.multiply(lax.linalg.eigh(x)[0], lax.linalg.eigh(x)[0]), args: [SPD] },
  "svd s": { f: (x) => lax.linalg.svd(x, { computeUv: false }), args: [GEN] },
  "svd u s vt (tall, reduced)": { f: (x) => { const [u, s, vt] = lax.linalg.svd(x, { fullMatrices: false }); return np.matmul(np.multiply(u, s), vt); }, args: [TALL] },
  "svd u*u": { f: (x) => { const [u] = lax.linalg.svd(x); return np.multiply(u, u); }, args: [GEN] },
  tridiagonal_solve: { f: (dl, d, du, b) => lax.linalg.tridiagonalSolve(dl, d, du, b), args: [f64([0, 0.5, -0.3]), f64([3, 2.5, 2]), f64([0.4, 0.2, 0]), B] },
  "np.linalg.solve": { f: (a, b) => np.linalg.solve(a, b), args: [GEN, B] },
  "np.linalg.inv": { f: (a) => np.linalg.inv(a), args: [GEN] },
  "np.linalg.det": { f: (a) => np.linalg.det(a), args: [GEN] },
  "np.linalg.slogdet": { f: (a) => np.linalg.slogdet(a).logabsdet, args: [GEN] },
  "np.linalg.eigvalsh": { f: (a) => np.linalg.eigvalsh(a), args: [SPD] },
  "np.linalg.cholesky upper": { f: (a) => np.linalg.cholesky(a, { upper: true }), args: [SPD] },
};

describe("checkGrads order 2, float64, fwd and rev", () => {
  for (const [name, { f, args }] of Object.entries(CASES)) {
    it(name, () => checkGrads(f, args, { order: 2, modes: ["fwd", "rev"], seed: 3 }));
  }
});

describe("vmap against a loop over examples, two leading dims", () => {
  for (const [name, { f, args }] of Object.entries(CASES)) {
    it(name, () => {
      // Batched copies: each example perturbed a little, so they differ.
      const batched = args.map((a, i) => np.add(np.broadcastTo(a, [2, 3, ...a.shape]), np.multiply(randn([2, 3, ...a.shape], 10 + i), 0.01)));
      const got = vmap(vmap(f))(...batched);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) {
        const want = f(...batched.map((b) => b.get(i).get(j)));
        expect(maxRelErr(values(got.get(i).get(j)), values(want)), `${i},${j}`).toBeLessThan(1e-12);
      }
    });
  }
});

describe("jit against eager, called twice", () => {
  for (const [name, { f, args }] of Object.entries(CASES)) {
    it(name, () => {
      const want = values(f(...args));
      const g = jit(f);
      expect(maxRelErr(values(g(...args)), want)).toBeLessThan(1e-13);
      expect(maxRelErr(values(g(...args)), want)).toBeLessThan(1e-13);
    });
  }
});

describe("values and conventions", () => {
  it("np.linalg on a 2x2 matrix: cholesky, det, inv, solve, eigh, svd, qr, slogdet", () => {
    const a = f64([[4, 2], [2, 3]]);
    expect(np.linalg.cholesky(a).tolist()).toEqual([[2, 0], [1, Math.SQRT2]]);
    expect(values(np.linalg.det(a))[0]).toBeCloseTo(8, 13);
    expect(maxRelErr(values(np.linalg.inv(a)), [0.375, -0.25, -0.25, 0.5])).toBeLessThan(1e-15);
    expect(maxRelErr(values(np.linalg.solve(a, f64([1, 2]))), [-0.125, 0.75])).toBeLessThan(1e-15);
    const [w, v] = np.linalg.eigh(a);
    expect(maxRelErr(values(w), [(7 - Math.sqrt(17)) / 2, (7 + Math.sqrt(17)) / 2])).toBeLessThan(1e-15);
    expect(maxRelErr(values(np.matmul(a, v)), values(np.multiply(v, w)))).toBeLessThan(1e-14);
    expect(maxRelErr(values(np.linalg.svd(a, { computeUv: false })), [(7 + Math.sqrt(17)) / 2, (7 - Math.sqrt(17)) / 2])).toBeLessThan(1e-15);
    // LAPACK's signs (numpy 2.4.6: qr([[4, 2], [2, 3]]) has R = [[-4.472.., -3.130..], [0, 1.788..]]).
    expect(maxRelErr(values(np.linalg.qr(a, "r")), [-4.47213595499958, -3.1304951684997047, 0, 1.788854381999832])).toBeLessThan(1e-14);
    const { sign, logabsdet } = np.linalg.slogdet(f64([[0, 1], [2, 0]]));
    expect([values(sign)[0], values(logabsdet)[0]]).toEqual([-1, Math.log(2)]);
  });
  it("lu's pivots and permutation are int32, as scipy's (0-based)", () => {
    const [luM, piv, perm] = lax.linalg.lu(f64([[2, -1, 0, 3], [4, 1, -2, 1], [-1, 3, 5, 2], [0.5, -2, 1, 1]]));
    expect(piv.dtype).toBe("int32");
    expect(piv.tolist()).toEqual([1, 2, 3, 3]);
    expect(perm.tolist()).toEqual([1, 2, 3, 0]);
    expect(values(luM)[0]).toBe(4);
  });
  it("cholesky of a matrix that is not positive definite gives NaNs (lower triangle), as JAX", () => {
    const l = lax.linalg.cholesky(f64([[1, 2], [2, 1]]));
    const v = values(l);
    expect(Number.isNaN(v[0]!) && Number.isNaN(v[2]!) && Number.isNaN(v[3]!)).toBe(true);
    expect(v[1]).toBe(0);
  });
  it("grad of det is det * inv(a)^T", () => {
    const g = grad((x: Array) => np.linalg.det(x))(GEN);
    const want = np.multiply(np.linalg.det(GEN), np.transpose(np.linalg.inv(GEN)));
    expect(maxRelErr(values(g), values(want))).toBeLessThan(1e-12);
  });
  it("float32 works end to end", () => {
    const a = np.array([[4, 2], [2, 3]], { dtype: "float32" });
    expect(np.linalg.cholesky(a).dtype).toBe("float32");
    expect(maxRelErr(values(np.linalg.inv(a)), [0.375, -0.25, -0.25, 0.5])).toBeLessThan(1e-6);
  });
});

describe("errors", () => {
  it("non-square and wrong-rank inputs", () => {
    expect(() => np.linalg.cholesky(f64([[1, 2, 3], [4, 5, 6]]))).toThrow(/square/);
    expect(() => np.linalg.inv(f64([1, 2]))).toThrow(/rank/);
    // With symmetrizeInput (the default), x + x^T fails first, as in JAX.
    expect(() => lax.linalg.eigh(f64([[1, 2, 3], [4, 5, 6]]), { symmetrizeInput: false })).toThrow(/must have shape \[\.\.\., n, n\]/);
    expect(() => lax.linalg.triangularSolve(f64([[1, 2, 3], [4, 5, 6]]), B)).toThrow(/must be a square matrix/);
    expect(() => lax.linalg.triangularSolve(UPPER, f64([[1, 2]]), { leftSide: true })).toThrow(/Incompatible shapes/);
  });
});
