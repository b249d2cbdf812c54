// The general eigendecomposition (issue 23): lax.linalg.eig (JAX's eig_p) and np.linalg.eig /
// eigvals. Residuals A v = w v and vl^H A = w vl^H on random, complex, defective-ish, rotation and
// companion matrices; eigenvalues against numpy; LAPACK geev's normalisation; checkGrads to order
// 2 in float64 (eigenvalues, and eigenvectors through gauge-invariant functions as JAX's
// testEigGradRealInputs does); vmap against a loop; jit against eager (called twice); JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, vmap, grad, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { mulberry32 } from "../util/random.js";

const f64 = (x: number[][] | number[]): Array => np.array(x, { dtype: "float64" });
type C = { re: number; im: number };
const c128 = (x: C[][]): Array => np.array(x, { dtype: "complex128" });

function randn(shape: number[], seed: number, dtype: "float64" | "complex128" = "float64"): Array {
  const rand = mulberry32(seed);
  const n = shape.reduce((p, q) => p * q, 1);
  if (dtype === "float64") return np.array(Float64Array.from({ length: n }, () => 2 * rand() - 1), { dtype }).reshape(shape);
  return np.array(globalThis.Array.from({ length: n }, () => ({ re: 2 * rand() - 1, im: 2 * rand() - 1 })), { dtype }).reshape(shape);
}

/** Interleaved (re, im) storage of a complex array, or a real one's values with zero imaginary parts. */
function parts(x: Array): Float64Array {
  const d = Float64Array.from(x.dataSync() as ArrayLike<number>, Number);
  if (x.dtype === "complex64" || x.dtype === "complex128") return d;
  const out = new Float64Array(2 * d.length);
  d.forEach((v, i) => (out[2 * i] = v));
  return out;
}

/** max |A V - V diag(w)| / (max |A| n) for one (n x n) matrix, in float64 on interleaved parts. */
function rightResidual(a: Array, w: Array, v: Array): number {
  const n = a.shape[0]!;
  const [A, W, V] = [parts(a), parts(w), parts(v)];
  let err = 0, scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.hypot(A[2 * i]!, A[2 * i + 1]!));
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    let re = 0, im = 0;
    for (let j = 0; j < n; j++) {
      const [ar, ai, vr, vi] = [A[2 * (i * n + j)]!, A[2 * (i * n + j) + 1]!, V[2 * (j * n + k)]!, V[2 * (j * n + k) + 1]!];
      re += ar * vr - ai * vi;
      im += ar * vi + ai * vr;
    }
    const [vr, vi, wr, wi] = [V[2 * (i * n + k)]!, V[2 * (i * n + k) + 1]!, W[2 * k]!, W[2 * k + 1]!];
    err = Math.max(err, Math.hypot(re - (vr * wr - vi * wi), im - (vr * wi + vi * wr)));
  }
  return err / (scale * n);
}

/** The conjugate transpose of a square array, as complex128. */
const adjoint = (x: Array): Array => np.conj(np.transpose(x.astype("complex128")));

/** Each column has unit 2-norm and its largest-magnitude component is real and positive (zgeev's normalisation). */
function expectGeevNormalised(v: Array): void {
  const n = v.shape[0]!;
  const V = parts(v);
  for (let k = 0; k < n; k++) {
    let norm = 0, big = -1, at = 0;
    for (let i = 0; i < n; i++) {
      const m = Math.hypot(V[2 * (i * n + k)]!, V[2 * (i * n + k) + 1]!);
      norm += m * m;
      if (m > big) (big = m), (at = i);
    }
    expect(Math.abs(Math.sqrt(norm) - 1)).toBeLessThan(1e-14);
    expect(V[2 * (at * n + k) + 1]).toBe(0);
    expect(V[2 * (at * n + k)]!).toBeGreaterThan(0);
  }
}

/** Eigenvalues sorted by (re, im) rounded to 1e-9, for comparison with another solver's order. */
function sorted(w: ArrayLike<number>): C[] {
  const out: C[] = [];
  for (let i = 0; i < w.length / 2; i++) out.push({ re: w[2 * i]!, im: w[2 * i + 1]! });
  const key = (c: C): [number, number] => [Math.round(c.re * 1e9), Math.round(c.im * 1e9)];
  return out.sort((p, q) => key(p)[0] - key(q)[0] || key(p)[1] - key(q)[1]);
}

function expectSameEigenvalues(got: Array, want: C[], tol: number): void {
  const g = sorted(parts(got));
  const w = sorted(want.flatMap((c) => [c.re, c.im]));
  expect(g.length).toBe(w.length);
  g.forEach((c, i) => expect(Math.hypot(c.re - w[i]!.re, c.im - w[i]!.im)).toBeLessThan(tol * Math.max(1, Math.hypot(w[i]!.re, w[i]!.im))));
}

/** The companion matrix of the monic x^n + c[0] x^(n-1) + ... + c[n-1] (numpy.roots's form). */
function companion(c: number[]): Array {
  const n = c.length;
  const rows = globalThis.Array.from({ length: n }, (_, i) => globalThis.Array.from({ length: n }, (_, j) => (i === 0 ? -c[j]! : i === j + 1 ? 1 : 0)));
  return f64(rows);
}

// A fixed real matrix with two complex-conjugate pairs and a complex one with distinct eigenvalues.
const REAL4 = f64([[2, -1, 0.5, 3], [1, 0, -2, 1], [0.5, 4, 1, -1], [-3, 1, 2, 0]]);
const COMPLEX3 = c128([
  [{ re: 1, im: 2 }, { re: 0.5, im: -1 }, { re: 3, im: 0 }],
  [{ re: 0, im: 2 }, { re: -1, im: 0 }, { re: 1, im: 1 }],
  [{ re: 0.25, im: 0 }, { re: 2, im: -1 }, { re: 0, im: -0.5 }],
]);

describe("lax.linalg.eig values", () => {
  it("eigenvalues agree with numpy (values from numpy 2.4.6 / JAX 0.10.2, LAPACK geev)", () => {
    // np.linalg.eigvals(REAL4) and np.linalg.eigvals(COMPLEX3).
    expectSameEigenvalues(np.linalg.eigvals(REAL4), [
      { re: -0.06488232287698589, im: 4.041171683606942 },
      { re: -0.06488232287698589, im: -4.041171683606942 },
      { re: 1.564882322876986, im: 1.5401291581839014 },
      { re: 1.564882322876986, im: -1.5401291581839014 },
    ], 1e-14);
    expectSameEigenvalues(np.linalg.eigvals(COMPLEX3), [
      { re: 2.85267461763673, im: 1.6246550031394027 },
      { re: -2.00613390346499, im: 0.6382735187554244 },
      { re: -0.8465407141717443, im: -0.7629285218948298 },
    ], 1e-14);
  });

  it("a rotation matrix has eigenvalues e^(+-i theta)", () => {
    const t = 0.7;
    const w = np.linalg.eigvals(f64([[Math.cos(t), -Math.sin(t)], [Math.sin(t), Math.cos(t)]]));
    expectSameEigenvalues(w, [{ re: Math.cos(t), im: Math.sin(t) }, { re: Math.cos(t), im: -Math.sin(t) }], 1e-15);
  });

  it("a companion matrix's eigenvalues are its polynomial's roots", () => {
    // (x - 1)(x - 2)(x + 3)(x^2 + 1) = x^5 - x^3 - 7x^2 + 5x ... expanded: coefficients below.
    // (x-1)(x-2)(x+3) = x^3 - 7x + 6; times (x^2 + 1): x^5 - 6x^3 + 6x^2 - 7x + 6.
    const w = np.linalg.eigvals(companion([0, -6, 6, -7, 6]));
    expectSameEigenvalues(w, [{ re: 1, im: 0 }, { re: 2, im: 0 }, { re: -3, im: 0 }, { re: 0, im: 1 }, { re: 0, im: -1 }], 1e-12);
  });

  it("residuals A v = w v and vl^H A = w vl^H are ~1e-15 relative on random real and complex matrices", () => {
    for (const [n, dtype, seed] of [[8, "float64", 1], [20, "float64", 2], [7, "complex128", 3], [16, "complex128", 4]] as const) {
      const a = randn([n, n], seed, dtype);
      const [w, vl, vr] = lax.linalg.eig(a) as [Array, Array, Array];
      expect(w.dtype).toBe("complex128");
      expect(rightResidual(a, w, vr)).toBeLessThan(1e-14);
      // vl^H A = w vl^H is A^H vl = conj(w) vl.
      expect(rightResidual(adjoint(a), np.conj(w), vl)).toBeLessThan(1e-14);
      expectGeevNormalised(vr);
      expectGeevNormalised(vl);
    }
  });

  it("residuals stay small for defective-ish and badly scaled matrices", () => {
    // A perturbed Jordan block: eigenvalues 2 + 1e-10^(1/3) e^(2 pi i k / 3), eigenvectors nearly parallel.
    const jordan = f64([[2, 1, 0], [0, 2, 1], [1e-10, 0, 2]]);
    const [w, , v] = lax.linalg.eig(jordan) as [Array, Array, Array];
    expect(rightResidual(jordan, w, v)).toBeLessThan(1e-14);
    const cube = Math.cbrt(1e-10);
    expectSameEigenvalues(w, [0, 1, 2].map((k) => ({ re: 2 + cube * Math.cos((2 * Math.PI * k) / 3), im: cube * Math.sin((2 * Math.PI * k) / 3) })), 1e-9);
    // An exact Jordan block: a repeated eigenvalue with one eigenvector.
    const [wj, , vj] = lax.linalg.eig(f64([[3, 1], [0, 3]])) as [Array, Array, Array];
    expect(parts(wj)).toEqual(Float64Array.from([3, 0, 3, 0]));
    expect(rightResidual(f64([[3, 1], [0, 3]]), wj, vj)).toBeLessThan(1e-15);
    // Rows and columns scaled over 1e-8..1e8 (the balancing step's case).
    const scaled = np.multiply(np.multiply(randn([6, 6], 9), f64([1e-8, 1e-4, 1, 1e4, 1e8, 1])), np.reshape(f64([1e8, 1e4, 1, 1e-4, 1e-8, 1]), [6, 1]));
    const [ws, , vs] = lax.linalg.eig(scaled) as [Array, Array, Array];
    expect(rightResidual(scaled, ws, vs)).toBeLessThan(1e-14);
    // A triangular matrix's eigenvalues are its diagonal, exactly.
    expectSameEigenvalues(np.linalg.eigvals(f64([[1, 5, 7], [0, -2, 4], [0, 0, 0.5]])), [{ re: 1, im: 0 }, { re: -2, im: 0 }, { re: 0.5, im: 0 }], 1e-15);
  });

  it("float32 and complex64 inputs give complex64 results of float32 accuracy", () => {
    const a = randn([6, 6], 5).astype("float32");
    const [w, v] = np.linalg.eig(a);
    expect([w.dtype, v.dtype]).toEqual(["complex64", "complex64"]);
    expect(rightResidual(a, w, v)).toBeLessThan(1e-6);
    const [wc, vc] = np.linalg.eig(randn([5, 5], 6, "complex128").astype("complex64"));
    expect(wc.dtype).toBe("complex64");
    expect(rightResidual(randn([5, 5], 6, "complex128").astype("complex64"), wc, vc)).toBeLessThan(1e-6);
    expect(np.linalg.eigvals(np.array([[1, 2], [3, 4]], { dtype: "int32" })).dtype).toBe("complex64");
  });

  it("results are chosen by compute_left/right_eigenvectors; non-finite input gives NaNs", () => {
    expect(lax.linalg.eig(REAL4).length).toBe(3);
    expect(lax.linalg.eig(REAL4, { computeLeftEigenvectors: false }).map((x) => x.shape)).toEqual([[4], [4, 4]]);
    expect(lax.linalg.eig(REAL4, { computeRightEigenvectors: false, computeLeftEigenvectors: false }).length).toBe(1);
    const [w, v] = np.linalg.eig(f64([[1, NaN], [0, 2]]));
    expect([...parts(w), ...parts(v)].every(Number.isNaN)).toBe(true);
    expect(np.linalg.eig(np.zeros([0, 0])).eigenvalues.shape).toEqual([0]);
  });

  it("raises JAX's errors for non-square and rank-1 input", () => {
    expect(() => np.linalg.eig(np.ones([2, 3]))).toThrow("The input to eig must be a square matrix. Got shape (2, 3).");
    expect(() => np.linalg.eigvals(np.ones([2, 3]))).toThrow("The input to eig must be a square matrix. Got shape (2, 3).");
    expect(() => np.linalg.eig(np.ones([3]))).toThrow("Input 0 to eig must have rank at least 2, but got shape=(3,)");
  });
});

describe("lax.linalg.eig under transforms", () => {
  it("vmap agrees with a loop over examples, for several leading dims", () => {
    const a = randn([2, 3, 4, 4], 11);
    const f = (x: Array): Array[] => lax.linalg.eig(x);
    const batched = vmap(vmap(f))(a);
    const direct = f(a);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) {
      const one = f(a.get(i).get(j));
      one.forEach((o, k) => {
        expect(parts(batched[k]!.get(i).get(j))).toEqual(parts(o));
        expect(parts(direct[k]!.get(i).get(j))).toEqual(parts(o));
      });
    }
  });

  it("jit agrees with eager, called twice", () => {
    const f = (x: Array): Array => {
      const [w, v] = np.linalg.eig(x);
      return np.add(np.sum(np.multiply(v, v)), np.sum(np.multiply(w, w)));
    };
    const jf = jit(f);
    for (const x of [REAL4, np.multiply(REAL4, 2)]) expect(parts(jf(x))).toEqual(parts(f(x)));
    const g = jit((x: Array) => lax.linalg.eig(x));
    for (let k = 0; k < 2; k++) lax.linalg.eig(COMPLEX3).forEach((o, i) => expect(parts(g(COMPLEX3)[i]!)).toEqual(parts(o)));
  });

  it("checkGrads of the eigenvalues of a real matrix with distinct eigenvalues (order 2, fwd and rev)", () => {
    checkGrads((x: Array) => np.linalg.eigvals(x), [REAL4], 2);
    checkGrads((x: Array) => np.linalg.eigvals(x), [randn([5, 5], 13)], 2);
    checkGrads((x: Array) => np.linalg.eigvals(x), [COMPLEX3], 2);
  });

  it("checkGrads of eigenvectors through sign-free v * v, and left eigenvectors (enableEigvecDerivs, as JAX's tests)", () => {
    for (const [left, right] of [[false, true], [true, false], [true, true]] as const) {
      const f = (x: Array): Array[] => {
        const out = lax.linalg.eig(x, { computeLeftEigenvectors: left, computeRightEigenvectors: right, enableEigvecDerivs: true });
        return [out[0]!, ...out.slice(1).map((v) => np.multiply(v, v))];
      };
      checkGrads(f, [REAL4], 2);
      checkGrads((x: Array) => lax.linalg.eig(x, { computeLeftEigenvectors: left, computeRightEigenvectors: right, enableEigvecDerivs: true }), [COMPLEX3], 2);
    }
  });

  it("eigenvector derivatives need enableEigvecDerivs (JAX's NotImplementedError)", () => {
    expect(() => grad((x: Array) => np.real(np.sum(np.linalg.eig(x).eigenvectors)))(REAL4)).toThrow(/enable_eigvec_derivs/);
    const g = grad((x: Array) => np.real(np.sum(np.linalg.eigvals(x))))(REAL4);
    // d trace(A) / dA = I.
    const want = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    parts(g).filter((_, i) => i % 2 === 0).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
  });
});
