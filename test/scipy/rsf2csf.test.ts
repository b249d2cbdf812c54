// scipy.linalg.rsf2csf (jax.scipy.linalg.rsf2csf): the complex Schur form from the real one. Values
// from JAX 0.10.2 (its docstring's matrix and a 6x6 with two complex pairs); Zc Tc Zc^H = A and
// Zc^H Zc = I to 1e-12; batches (broadcast T and Z); jit against eager (called twice); JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, jit, Array } from "../../src/index.js";
import { mulberry32 } from "../util/random.js";

/** Interleaved (re, im) parts. */
const parts = (x: Array): number[] => globalThis.Array.from(x.astype("complex128").dataSync() as ArrayLike<number>, Number);
const maxAbs = (x: Array): number => Math.max(0, ...parts(np.abs(x).astype("complex128")));
const f64 = (x: number[][]): Array => np.array(x, { dtype: "float64" });

function expectComplexSchur(a: Array, t: Array, z: Array): void {
  const n = a.shape[a.ndim - 1]!;
  const zh = np.conj(np.swapaxes(z, -1, -2));
  expect(maxAbs(np.subtract(np.matmul(np.matmul(z, t), zh), a))).toBeLessThan(1e-12);
  expect(maxAbs(np.subtract(np.matmul(zh, z), np.eye(n)))).toBeLessThan(1e-12);
  expect(maxAbs(np.tril(t, -1))).toBe(0);
}

describe("scipy.linalg.rsf2csf", () => {
  it("matches JAX 0.10.2 on its docstring's matrix", () => {
    const a = f64([[0, 3, 3], [0, 1, 2], [2, 0, 1]]);
    const [tc, zc] = scipy.linalg.rsf2csf(...scipy.linalg.schur(a));
    expect([tc.dtype, zc.dtype]).toEqual(["complex128", "complex128"]);
    const wantT = [3.756321357586716, 0, -0.7765771705676249, -1.2908946188179988, -0.4952199573750561, -2.02431116850855, 0, 0, -0.8781606787933581, 0.9089231257426896, -2.0206126482058546, 0, 0, 0, 0, 0, -0.8781606787933581, -0.9089231257426896];
    const wantZ = [-0.7445896628486459, 0, -0.1997879786938035, -0.3423466640298379, -0.13133287403706476, -0.5207892427587096, -0.3920281863398978, 0, 0.29012202013460947, -0.4071935606956257, -0.15620979035122573, 0.7562638561206715, -0.5402778313923222, 0, 0.06482600671572017, 0.7672703119575337, 0.294344376096843, 0.1689825742733641];
    parts(tc).forEach((v, i) => expect(v, `T ${i}`).toBeCloseTo(wantT[i]!, 13));
    parts(zc).forEach((v, i) => expect(v, `Z ${i}`).toBeCloseTo(wantZ[i]!, 13));
    expectComplexSchur(a, tc, zc);
  });

  it("two complex pairs; a triangular T passes through; batches; jit against eager (twice)", () => {
    const a = np.array(globalThis.Array.from({ length: 6 }, (_, i) => globalThis.Array.from({ length: 6 }, (_, j) => Math.sin(i * i + 2.1 * j * j + i * j + 1))), { dtype: "float64" });
    const [tc, zc] = scipy.linalg.rsf2csf(...scipy.linalg.schur(a));
    expectComplexSchur(a, tc, zc);
    // diag(Tc) from JAX 0.10.2: 1.5787, -1.1680 +- 1.2954i, -0.0010 +- 1.0452i, -0.5328.
    const d = parts(np.diagonal(tc));
    const want = [1.5786615029688982, 0, -1.1679663835167506, 1.2953578194901991, -1.1679663835167506, -1.2953578194901993, -0.001002679341623461, 1.04516011307189, -0.0010026793416233995, -1.04516011307189, -0.5328412815838668, 0];
    d.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    const upper = f64([[1, 2], [0, 3]]);
    const [tu, zu] = scipy.linalg.rsf2csf(upper, np.eye(2, { dtype: "float64" }));
    expect(parts(tu)).toEqual([1, 0, 2, 0, 0, 0, 3, 0]);
    expect(parts(zu)).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    const rand = mulberry32(3);
    const batch = np.array(Float64Array.from({ length: 3 * 4 * 4 }, () => 2 * rand() - 1), { dtype: "float64" }).reshape([3, 4, 4]);
    const [tb, zb] = scipy.linalg.schur(batch);
    const [tcb, zcb] = scipy.linalg.rsf2csf(tb, zb);
    for (let b = 0; b < 3; b++) {
      const [t1, z1] = scipy.linalg.rsf2csf(tb.get(b), zb.get(b));
      expect(parts(tcb.get(b))).toEqual(parts(t1));
      expect(parts(zcb.get(b))).toEqual(parts(z1));
      expectComplexSchur(batch.get(b), t1, z1);
    }
    // Z broadcast against a batch of T.
    expect(scipy.linalg.rsf2csf(np.stack([upper, upper]), np.eye(2))[1].shape).toEqual([2, 2, 2]);
    const f = jit((t: Array, z: Array) => scipy.linalg.rsf2csf(t, z));
    for (let k = 0; k < 2; k++) f(tb, zb).forEach((o, i) => expect(parts(o)).toEqual(parts([tcb, zcb][i]!)));
    expect(scipy.linalg.rsf2csf(np.ones([1, 1]), np.ones([1, 1]))[0].dtype).toBe("complex64");
  });

  it("JAX's errors", () => {
    expect(() => scipy.linalg.rsf2csf(np.ones([2, 3]), np.eye(2))).toThrow("Input 'T' must be square.");
    expect(() => scipy.linalg.rsf2csf(np.eye(2), np.ones([3]))).toThrow("Input 'Z' must be square.");
    expect(() => scipy.linalg.rsf2csf(np.eye(2), np.eye(3))).toThrow("Input array shapes must match: Z: (3, 3) vs. T: (2, 2)");
  });
});
