// scipy.linalg.schur and sqrtm (issue 23) and the schur primitive (JAX's schur_p), complex Schur
// form: A = Z T Z^H with T upper triangular and Z unitary; sqrtm against JAX 0.10.2 / scipy 1.17
// values and sqrtm(A)^2 = A; jit against eager (twice), vmap against a loop; no derivative (as JAX).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, jit, vmap, grad, Array } from "../../src/index.js";
import { mulberry32 } from "../util/random.js";

const f64 = (x: number[][]): Array => np.array(x, { dtype: "float64" });
type C = { re: number; im: number };
const parts = (x: Array): Float64Array => Float64Array.from(x.astype("complex128").dataSync() as ArrayLike<number>, Number);
const maxAbs = (x: Array): number => Math.max(...globalThis.Array.from(np.abs(x).astype("float64").dataSync() as ArrayLike<number>, Number));

function randomComplex(n: number, seed: number): Array {
  const rand = mulberry32(seed);
  return np.array(globalThis.Array.from({ length: n * n }, () => ({ re: 2 * rand() - 1, im: 2 * rand() - 1 })), { dtype: "complex128" }).reshape([n, n]);
}

function expectSchur(a: Array, t: Array, z: Array): void {
  const n = a.shape[0]!;
  const zh = np.conj(np.transpose(z));
  expect(maxAbs(np.subtract(np.matmul(np.matmul(z, t), zh), a)) / maxAbs(a)).toBeLessThan(1e-14);
  expect(maxAbs(np.subtract(np.matmul(zh, z), np.eye(n)))).toBeLessThan(1e-14);
  const T = parts(t);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect([T[2 * (i * n + j)], T[2 * (i * n + j) + 1]]).toEqual([0, 0]);
}

describe("scipy.linalg.schur", () => {
  it("gives the complex Schur form of complex input, and of real input with output 'complex'", () => {
    for (const [n, seed] of [[5, 1], [12, 2]] as const) {
      const a = randomComplex(n, seed);
      const [t, z] = scipy.linalg.schur(a);
      expect(t.dtype).toBe("complex128");
      expectSchur(a, t, z);
    }
    const a = f64([[1, 2, 3], [2, 4, 2], [3, 2, 1]]);
    const [t, z] = scipy.linalg.schur(a, { output: "complex" });
    expectSchur(a.astype("complex128"), t, z);
    // diag(T): the eigenvalues; scipy 1.17 gives 6.828427124746189, -2, 1.17157287525381 (4 +- 2 sqrt 2, -2).
    const d = parts(np.diagonal(t));
    const got = [d[0]!, d[2]!, d[4]!].sort((p, q) => p - q);
    [-2, 4 - 2 * Math.SQRT2, 4 + 2 * Math.SQRT2].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 13));
    expect(Math.max(Math.abs(d[1]!), Math.abs(d[3]!), Math.abs(d[5]!))).toBeLessThan(1e-14);
  });

  it("gives the real Schur form of real input by default (test/linalg/realSchur.test.ts checks it); raises for a bad output", () => {
    expect(scipy.linalg.schur(f64([[1, 2], [3, 4]]))[0].dtype).toBe("float64");
    expect(() => scipy.linalg.schur(f64([[1, 2], [3, 4]]), { output: "other" as "real" })).toThrow("argument must be 'real', or 'complex'");
    expect(() => lax.linalg.schur(np.ones([2, 3], { dtype: "complex64" }))).toThrow("The input to schur must be a square matrix. Got shape (2, 3).");
  });

  it("lax.linalg.schur: vmap against a loop, jit against eager (twice), no derivative (as JAX)", () => {
    const a = np.stack([randomComplex(4, 3), randomComplex(4, 4), randomComplex(4, 5)]);
    const batched = vmap((x: Array) => lax.linalg.schur(x))(a);
    for (let b = 0; b < 3; b++) lax.linalg.schur(a.get(b)).forEach((o, k) => expect(parts(batched[k]!.get(b))).toEqual(parts(o)));
    const f = jit((x: Array) => lax.linalg.schur(x));
    for (let k = 0; k < 2; k++) lax.linalg.schur(a).forEach((o, i) => expect(parts(f(a)[i]!)).toEqual(parts(o)));
    expect(lax.linalg.schur(a, { computeSchurVectors: false }).length).toBe(1);
    expect(() => grad((x: Array) => np.real(np.sum(lax.linalg.schur(np.multiply(x, { re: 1, im: 0 }))[0]!)))(f64([[1, 2], [3, 4]]))).toThrow("Differentiation rule for 'schur' not implemented");
  });
});

describe("scipy.linalg.sqrtm", () => {
  const close = (got: Array, want: C[][], tol: number): void => {
    const g = parts(got);
    want.flat().forEach((c, i) => expect(Math.hypot(g[2 * i]! - c.re, g[2 * i + 1]! - c.im), `${i}`).toBeLessThan(tol));
  };

  it("matches JAX 0.10.2 / scipy 1.17 values, complex", () => {
    // jax.scipy.linalg.sqrtm([[1, 2, 3], [2, 4, 2], [3, 2, 1]]) (an indefinite matrix: complex root).
    const r = scipy.linalg.sqrtm(f64([[1, 2, 3], [2, 4, 2], [3, 2, 1]]));
    expect(r.dtype).toBe("complex128");
    const [p, q, s, u] = [0.9238795325112866, 0.7071067811865474, 0.5411961001461967, 1.847759065022573];
    close(r, [[{ re: p, im: q }, { re: s, im: 0 }, { re: p, im: -q }], [{ re: s, im: 0 }, { re: u, im: 0 }, { re: s, im: 0 }], [{ re: p, im: -q }, { re: s, im: 0 }, { re: p, im: q }]], 1e-13);
    // jax.scipy.linalg.sqrtm([[4, 1, 0.5], [0.2, 3, 0.3], [0.1, 0.4, 2]]) (real up to rounding).
    const want = [[1.9955336349022386, 0.2641020394574808, 0.1396310309847068], [0.05307307493336116, 1.724609585314391, 0.09337996618171546], [0.02742087211321002, 0.12534884504850546, 1.4087108022744719]];
    close(scipy.linalg.sqrtm(f64([[4, 1, 0.5], [0.2, 3, 0.3], [0.1, 0.4, 2]])), want.map((r) => r.map((re) => ({ re, im: 0 }))), 1e-14);
  });

  it("sqrtm(A) @ sqrtm(A) = A on random real and complex matrices; jit agrees with eager (twice)", () => {
    const rand = mulberry32(7);
    const real = np.array(globalThis.Array.from({ length: 36 }, () => 2 * rand() - 1), { dtype: "float64" }).reshape([6, 6]);
    for (const a of [real, randomComplex(6, 8)]) {
      const r = scipy.linalg.sqrtm(a);
      expect(maxAbs(np.subtract(np.matmul(r, r), a)) / maxAbs(a)).toBeLessThan(1e-12);
    }
    const f = jit((x: Array) => scipy.linalg.sqrtm(x));
    for (let k = 0; k < 2; k++) expect(parts(f(real))).toEqual(parts(scipy.linalg.sqrtm(real)));
    expect(parts(scipy.linalg.sqrtm(f64([[4]])))).toEqual(Float64Array.from([2, 0]));
    expect(() => scipy.linalg.sqrtm(f64([[1, 2]]))).toThrow(/square/);
    expect(() => scipy.linalg.sqrtm(f64([[1]]), { blocksize: 2 })).toThrow("Blocked version is not implemented yet.");
  });
});
