// scipy.linalg.funm (jax.scipy.linalg.funm): f(A) through the complex Schur form and Parlett's
// recurrence. Values from JAX 0.10.2 (its docstring's function, exp with the error estimate, sqrt
// on a matrix with a complex pair); funm(A, exp) = expm(A); jit against eager (called twice);
// JAX's error.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, jit, Array } from "../../src/index.js";
import { randn, values } from "../util/linalgValues.js";

const parts = (x: Array): number[] => globalThis.Array.from(x.astype("complex128").dataSync() as ArrayLike<number>, Number);
const B = np.array([[1, 2, 0], [-3, 1, 1], [0.5, 0, 2]], { dtype: "float64" });

describe("scipy.linalg.funm", () => {
  it("matches JAX 0.10.2", () => {
    const a = np.array([[1, 2], [3, 4]], { dtype: "float64" });
    const f = scipy.linalg.funm(a, (x) => np.add(np.sin(x), np.multiply(2, np.cos(x))));
    expect(f.dtype).toBe("complex128");
    parts(f).forEach((v, i) => expect(v).toBeCloseTo([1.24526484, 0, -0.37017722, 0, -0.55526583, 0, 0.68999901, 0][i]!, 7));
    const [fe, err] = scipy.linalg.funm(B, (x) => np.exp(x), false);
    const wantExp = [-1.7605273347008115, 1.6077229748663422, 2.5562505291255952, -1.7725218300181114, -1.7605273347008104, 2.0819867519959683, 1.040993375997984, 1.2781252645627976, 7.990211004671945];
    values(np.real(fe)).forEach((v, i) => expect(v).toBeCloseTo(wantExp[i]!, 12));
    expect(Math.max(...values(np.abs(np.imag(fe))))).toBeLessThan(1e-14);
    expect(values(err)[0]).toBeCloseTo(2.220446049250313e-16, 20);
    const wantSqrt = [1.3569685706576098, 0.7355767682171039, -0.0859172677287261, -1.1248444692578385, 1.3569685706576111, 0.32482975024418886, 0.16241487512209457, -0.04295863386436319, 1.4240465177156203];
    values(np.real(scipy.linalg.funm(B, (x) => np.sqrt(x)))).forEach((v, i) => expect(v).toBeCloseTo(wantSqrt[i]!, 12));
  });

  it("funm(A, exp) = expm(A) on random matrices; jit against eager (called twice); JAX's error", () => {
    for (const [n, seed] of [[1, 1], [4, 2], [9, 3]] as const) {
      const a = randn([n, n], seed);
      const want = values(scipy.linalg.expm(a));
      values(np.real(scipy.linalg.funm(a, (x) => np.exp(x)))).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want[i]!))));
    }
    const f = jit((x: Array) => scipy.linalg.funm(x, (y) => np.exp(y)));
    const eager = parts(scipy.linalg.funm(B, (y) => np.exp(y)));
    for (let k = 0; k < 2; k++) expect(parts(f(B))).toEqual(eager);
    expect(() => scipy.linalg.funm(np.ones([2, 3]), (x) => x)).toThrow("expected square array_like input");
  });
});
