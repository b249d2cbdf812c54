// The real Schur form (lax.linalg.schur / scipy.linalg.schur of float input; JAX's schur_p through
// LAPACK's gees): A = Z T Z^T with Z orthogonal and T quasi upper triangular, its 2x2 blocks
// standardised as dlanv2 leaves them ([a b; c a], b c < 0). Values from JAX 0.10.2 / scipy 1.17;
// reconstruction and orthogonality to 1e-12 (float64) and 1e-5 (float32); NaN input gives NaN;
// vmap against a loop; jit against eager (called twice); no derivative and JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, jit, vmap, grad, Array } from "../../src/index.js";
import { values, maxAbs, sinMatrix, randn } from "../util/linalgValues.js";



/** A = Z T Z^T, Z^T Z = I, T quasi upper triangular with standardised 2x2 blocks that do not touch. */
function expectRealSchur(a: Array, t: Array, z: Array, tol: number): void {
  const n = a.shape[0]!;
  expect(maxAbs(np.subtract(np.matmul(np.matmul(z, t), np.transpose(z)), a)) / Math.max(maxAbs(a), 1e-300)).toBeLessThan(tol);
  expect(maxAbs(np.subtract(np.matmul(np.transpose(z), z), np.eye(n)))).toBeLessThan(tol);
  const T = values(t);
  const at = (i: number, j: number): number => T[i * n + j]!;
  for (let i = 0; i < n; i++) for (let j = 0; j < i - 1; j++) expect(at(i, j)).toBe(0);
  for (let i = 0; i + 1 < n; i++) {
    if (at(i + 1, i) === 0) continue;
    expect(at(i, i)).toBe(at(i + 1, i + 1));
    expect(at(i, i + 1) * at(i + 1, i)).toBeLessThan(0);
    if (i + 2 < n) expect(at(i + 2, i + 1)).toBe(0);
  }
}

describe("real Schur form", () => {
  it("matches JAX 0.10.2 / scipy 1.17 (dgees) values, 2x2 blocks included", () => {
    // jax.scipy.linalg.schur(a) of the 4x4 in jax.scipy.linalg.hessenberg's docstring (real eigenvalues).
    const a4 = np.array([[1, 2, 3, 4], [1, 4, 2, 3], [3, 2, 1, 4], [2, 3, 2, 2]], { dtype: "float64" });
    const [t4, z4] = scipy.linalg.schur(a4);
    const wantT4 = [9.683440878622394, -1.5194094089830366, -1.0118205745880189, 2.007993310409038, 0, 1.6041128691239868, 0.2003483074861026, 1.2431427784175384, 0, 0, -2.0000000000000004, -0.2236819756764792, 0, 0, 0, -1.287553747746373];
    const wantZ4 = [0.5089850085749794, 0.4256699091703701, 0.7478517292677993, -0.021381779719651488, 0.5145924831067307, -0.7969487586068402, 0.09475680751845543, -0.30180854844416877, 0.5089850085749792, 0.4256699091703703, -0.6014234974526932, -0.44500468108165714, 0.46590030953188527, -0.04982903780722633, -0.26462939211630104, 0.8428672810101582];
    values(t4).forEach((v, i) => expect(v).toBeCloseTo(wantT4[i]!, 12));
    values(z4).forEach((v, i) => expect(v).toBeCloseTo(wantZ4[i]!, 12));
    // A complex pair then a real eigenvalue: jax.scipy.linalg.schur([[1, 2, 0], [-3, 1, 1], [0.5, 0, 2]]).
    const [t3, z3] = scipy.linalg.schur(np.array([[1, 2, 0], [-3, 1, 1], [0.5, 0, 2]], { dtype: "float64" }));
    const wantT3 = [0.931441440164984, -1.9853241034137588, 0.2098083897951261, 3.0983444655071626, 0.931441440164984, -0.6019088975393977, 0, 0, 2.137117119670032];
    const wantZ3 = [0.9961176808295125, 0.04265531475571629, 0.07700707799887159, 0.03193423238698597, -0.9902704142682025, 0.13544264995538444, -0.08203517989672147, 0.13245765643470223, 0.9877880331888714];
    values(t3).forEach((v, i) => expect(v).toBeCloseTo(wantT3[i]!, 13));
    values(z3).forEach((v, i) => expect(v).toBeCloseTo(wantZ3[i]!, 13));
    // Two complex pairs among six: jax.scipy.linalg.schur(sin(i^2 + 2.1 j^2 + i j + 1)). The
    // second block's orientation is not determined by A: LAPACK itself gives [a b; c a] or
    // [a -c; -b a] there under perturbations of 1e-14 (scipy 1.17), so that block is compared
    // through its invariants a and b c, and the leading 3x3 part and Z's first three columns exactly.
    const [t6, z6] = scipy.linalg.schur(sinMatrix(6, 6));
    const T6 = values(t6), Z6 = values(z6);
    const wantT6 = [[1.5786615029688982, -0.5116081922332519, 0.6477749088395593], [0, -1.1679663835167506, -1.692445167615938], [0, 0.9914364805555559, -1.1679663835167506]];
    const wantZ6 = [[-0.49130060001547515, 0.06744834183307218, -0.08709693238300432], [0.09943090336438082, 0.08020793959866492, -0.7182223296466457], [0.5479341035403278, 0.5359935520273668, 0.23279683266984774]];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(T6[i * 6 + j]).toBeCloseTo(wantT6[i]![j]!, 12);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Z6[i * 6 + j]).toBeCloseTo(wantZ6[i]![j]!, 12);
    expect(T6[3 * 6 + 3]).toBeCloseTo(-0.0010026793416234303, 12);
    expect(T6[4 * 6 + 4]).toBe(T6[3 * 6 + 3]);
    expect(T6[3 * 6 + 4]! * T6[4 * 6 + 3]!).toBeCloseTo(0.8338853366061991 * -1.309963869136016, 12);
    expect(T6[5 * 6 + 5]).toBeCloseTo(-0.5328412815838668, 12);
    // A rotation is already standardised: T = A, Z = I (as JAX).
    const [tr, zr] = lax.linalg.schur(np.array([[0, -1], [1, 0]], { dtype: "float64" })) as [Array, Array];
    expect(values(tr)).toEqual([0, -1, 1, 0]);
    expect(values(zr)).toEqual([1, 0, 0, 1]);
  });

  it("reconstructs random matrices: 1e-12 in float64, 1e-5 in float32", () => {
    for (const [n, seed] of [[1, 1], [2, 2], [3, 3], [7, 4], [20, 5], [60, 6]] as const) {
      const a = randn([n, n], seed);
      const [t, z] = lax.linalg.schur(a) as [Array, Array];
      expect(t.dtype).toBe("float64");
      expectRealSchur(a, t, z, 1e-12);
      const a32 = a.astype("float32");
      const [t32, z32] = scipy.linalg.schur(a32);
      expect([t32.dtype, z32.dtype]).toEqual(["float32", "float32"]);
      expect(maxAbs(np.subtract(np.matmul(np.matmul(z32, t32), np.transpose(z32)), a32))).toBeLessThan(1e-5 * Math.max(1, n / 4));
      expect(maxAbs(np.subtract(np.matmul(np.transpose(z32), z32), np.eye(n)))).toBeLessThan(1e-5);
    }
    // Eigenvalues of T's blocks are A's: a companion matrix of (x - 1)(x - 2)(x^2 + 1).
    const c = np.array([[3, -3, 3, -2], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], { dtype: "float64" });
    const [tc, zc] = scipy.linalg.schur(c);
    expectRealSchur(c, tc, zc, 1e-12);
    const w = values(np.real(np.linalg.eigvals(tc))).sort((p, q) => p - q);
    [0, 0, 1, 2].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 12));
  });

  it("special matrices: triangular, zero, symmetric, n = 0; NaN input gives NaN", () => {
    const upper = np.array([[1, 2, 3], [0, 4, 5], [0, 0, 6]], { dtype: "float64" });
    const [tu, zu] = scipy.linalg.schur(upper);
    expect(values(tu)).toEqual(values(upper));
    expect(values(zu)).toEqual(values(np.eye(3)));
    const [t0, z0] = scipy.linalg.schur(np.zeros([3, 3], { dtype: "float64" }));
    expect(values(t0)).toEqual(new globalThis.Array(9).fill(0));
    expect(values(z0)).toEqual(values(np.eye(3)));
    const s = np.array([[2, 1, 0], [1, 3, 1], [0, 1, 4]], { dtype: "float64" });
    const [ts, zs] = scipy.linalg.schur(s);
    expectRealSchur(s, ts, zs, 1e-12);
    expect(maxAbs(np.tril(ts, -1))).toBeLessThan(1e-15);
    expect(scipy.linalg.schur(np.zeros([0, 0]))[0].shape).toEqual([0, 0]);
    const bad = np.array([[1, NaN], [2, 3]], { dtype: "float64" });
    const [tn, zn] = lax.linalg.schur(bad) as [Array, Array];
    expect([...values(tn), ...values(zn)].every(Number.isNaN)).toBe(true);
    // Only the bad matrix of a batch is NaN.
    const [tb] = lax.linalg.schur(np.stack([bad, np.eye(2, { dtype: "float64" })])) as [Array];
    expect(values(tb).slice(4)).toEqual([1, 0, 0, 1]);
  });

  it("vmap against a loop; jit against eager (called twice); computeSchurVectors false", () => {
    const a = randn([3, 5, 5], 9);
    const batched = vmap((x: Array) => lax.linalg.schur(x))(a);
    for (let b = 0; b < 3; b++) lax.linalg.schur(a.get(b)).forEach((o, k) => expect(values(batched[k]!.get(b))).toEqual(values(o)));
    const f = jit((x: Array) => scipy.linalg.schur(x));
    for (let k = 0; k < 2; k++) scipy.linalg.schur(a).forEach((o, i) => expect(values(f(a)[i]!)).toEqual(values(o)));
    const only = lax.linalg.schur(a, { computeSchurVectors: false });
    expect(only.length).toBe(1);
    expect(values(only[0]!)).toEqual(values(lax.linalg.schur(a)[0]!));
    // Real and complex Schur forms in one program (the complex one goes through lowerComplex).
    const both = jit((x: Array) => [scipy.linalg.schur(x)[0], scipy.linalg.schur(x, { output: "complex" })[0]]);
    const [tReal, tComplex] = both(a.get(0)) as [Array, Array];
    expect(values(tReal)).toEqual(values(scipy.linalg.schur(a.get(0))[0]));
    expect(values(np.real(tComplex))).toEqual(values(np.real(scipy.linalg.schur(a.get(0), { output: "complex" })[0])));
  });

  it("no derivative, and JAX's errors", () => {
    expect(() => grad((x: Array) => np.sum(scipy.linalg.schur(x)[0]))(randn([3, 3], 1))).toThrow("Differentiation rule for 'schur' not implemented");
    expect(() => lax.linalg.schur(np.ones([2, 3]))).toThrow("The input to schur must be a square matrix. Got shape (2, 3).");
    expect(() => lax.linalg.schur(np.ones([3]))).toThrow("Input 0 to schur must have rank at least 2, but got shape=(3,)");
    expect(() => lax.linalg.schur(np.eye(2), { sortEigVals: true })).toThrow("The sort feature of LAPACK's gees routine is not implemented.");
  });
});
