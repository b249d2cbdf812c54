// The linear-algebra kernels (backends/js/linalg) on typed arrays: reconstruction to 1e-12
// (float64) and 1e-5 (float32) relative to the largest entry, orthogonality, and LAPACK's
// conventions against reference outputs of numpy 2.4.6 / scipy 1.17.1 pasted below.
import { afterEach, describe, expect, it } from "vitest";
import { cholesky } from "../../backends/js/linalg/cholesky.js";
import { eigh } from "../../backends/js/linalg/eigh.js";
import { gemm, setGemmPath, transposed, view, type GemmPath } from "../../backends/js/linalg/gemm.js";
import { gemmHelperReady, gemmRuntime } from "../../backends/js/wasm/runtime.js";
import { lu } from "../../backends/js/linalg/lu.js";
import { qr } from "../../backends/js/linalg/qr.js";
import { setMatrixVectorPath } from "../../backends/js/linalg/gemv.js";
import { svd } from "../../backends/js/linalg/svd.js";
import { triangularSolve } from "../../backends/js/linalg/triangularSolve.js";
import { tridiagonalSolve } from "../../backends/js/linalg/tridiagonalSolve.js";
import { maxRelErr } from "../util/compare.js";
import { geometric, identity, matmul, orthogonalityError, randomMatrix, transpose, withEigenvalues, withSingularValues, type Ctor } from "./matrices.js";

const TOL = { f64: 1e-12, f32: 1e-5 };
const DTYPES: readonly [string, Ctor, number][] = [["float64", Float64Array, TOL.f64], ["float32", Float32Array, TOL.f32]];
/** Orders below and above the block size (64), not multiples of it. */
const SIZES = [1, 5, 17, 70, 130];

afterEach(() => void setGemmPath("auto"));

// The 4x4 matrix the references are computed from, and the SPD matrix A A^T + I.
const A4 = [2, -1, 0, 3, 4, 1, -2, 1, -1, 3, 5, 2, 0.5, -2, 1, 1];
const SPD4 = (() => {
  const p = matmul(A4, transpose(A4, 4, 4), 4, 4, 4);
  for (let i = 0; i < 4; i++) p[i * 5] = p[i * 5]! + 1;
  return p;
})();

function spd(ctor: Ctor, n: number, seed: number): Float32Array | Float64Array {
  const m = randomMatrix(Float64Array, n, n, seed);
  const p = matmul(m, transpose(m, n, n), n, n, n);
  for (let i = 0; i < n; i++) p[i * n + i] = p[i * n + i]! + n;
  return ctor.from(p);
}

describe("gemm", () => {
  for (const p of ["js", "wasm"] as GemmPath[]) {
    for (const [name, ctor, tol] of DTYPES) {
      it(`${p} ${name}: C = C - A B^T over strided views, odd sizes`, () => {
        setGemmPath(p);
        if (p === "wasm") expect(gemmRuntime()).not.toBeNull();
        const [m, n, k] = [37, 29, 300];
        const a = randomMatrix(ctor, m, k, 1);
        const bt = randomMatrix(ctor, n, k, 2);
        const c = randomMatrix(ctor, m, n, 3);
        const want = matmul(a, transpose(bt, n, k), m, k, n).map((x, i) => c[i]! - x);
        gemm(m, n, k, -1, view(a, 0, k), transposed(view(bt, 0, k)), 1, view(c, 0, n));
        expect(maxRelErr(c, want)).toBeLessThan(tol);
      });
    }
  }
  for (const [name, ctor, tol] of DTYPES) {
    it(`wasm ${name}: a product above the threading threshold, rows split with the helper thread, odd sizes and an offset`, async () => {
      // Where shared memory is unavailable there is no helper and the same rows run on one thread.
      await gemmHelperReady();
      setGemmPath("wasm");
      const [m, n, k] = [301, 133, 257];
      const a = randomMatrix(ctor, m, k + 1, 4);
      const b = randomMatrix(ctor, k, n, 5);
      const c = randomMatrix(ctor, m, n, 6);
      const aDense = new Float64Array(m * k);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) aDense[i * k + p] = a[i * (k + 1) + 1 + p]!;
      const want = matmul(aDense, b, m, k, n).map((x, i) => c[i]! - x);
      gemm(m, n, k, -1, view(a, 1, k + 1), view(b, 0, n), 1, view(c, 0, n));
      expect(maxRelErr(c, want)).toBeLessThan(tol);
    });
  }
});

describe("cholesky", () => {
  for (const [name, ctor, tol] of DTYPES) {
    it(`${name}: L L^T = A, L lower, over sizes and a batch`, () => {
      for (const n of SIZES) {
        const a = spd(ctor, n, n);
        const batch = ctor.from([...a, ...a.map((x, i) => x + (i % (n + 1) === 0 ? 1 : 0))]);
        const l = cholesky(batch, 2, n);
        for (let b = 0; b < 2; b++) {
          const lb = l.subarray(b * n * n, (b + 1) * n * n);
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(lb[i * n + j]).toBe(0);
          expect(maxRelErr(matmul(lb, transpose(lb, n, n), n, n, n), batch.subarray(b * n * n, (b + 1) * n * n))).toBeLessThan(tol);
        }
      }
    });
  }
  it("float64: one panel up to order 40, the recursion from 41, agree to rounding; a failed pivot at the last column gives NaNs", () => {
    for (const n of [39, 40, 41, 48]) {
      const a = spd(Float64Array, n, n);
      const l = cholesky(a, 1, n);
      expect(maxRelErr(matmul(l, transpose(l, n, n), n, n, n), a)).toBeLessThan(1e-13);
      const bad = a.slice();
      bad[n * n - 1] = -1; // the last pivot is negative
      expect(cholesky(bad, 1, n).every(Number.isNaN)).toBe(true);
    }
  });
  it("float64: ill-conditioned (cond 1e6), identity and diagonal", () => {
    const n = 90;
    const a = withEigenvalues(geometric(n, 1e6), 7);
    const l = cholesky(a, 1, n);
    expect(maxRelErr(matmul(l, transpose(l, n, n), n, n, n), a)).toBeLessThan(1e-12);
    expect([...cholesky(identity(n), 1, n)]).toEqual([...identity(n)]);
    const d = Float64Array.from({ length: 9 }, (_, i) => (i % 4 === 0 ? (i + 1) ** 2 : 0));
    expect([...cholesky(d, 1, 3)]).toEqual([1, 0, 0, 0, 5, 0, 0, 0, 9]);
  });
  it("reads only the lower triangle; a matrix that is not positive definite gives NaNs for that member only", () => {
    const a = Float64Array.from(SPD4);
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) a[i * 4 + j] = 1e9;
    // numpy.linalg.cholesky(A A^T + I), numpy 2.4.6.
    const want = [3.872983346207417, 0, 0, 0, 2.5819888974716108, 4.041451884327381, 0, 0, 0.2581988897471611, -2.391879686642735, 5.849123429878976, 0, 1.5491933384829666, -1.2371791482634833, -0.48882259158079444, 1.7551182948913384];
    expect(maxRelErr(cholesky(a, 1, 4), want)).toBeLessThan(1e-15);
    const two = cholesky(Float64Array.from([...SPD4, 1, 2, 0, 0, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), 2, 4);
    expect(maxRelErr(two.subarray(0, 16), want)).toBeLessThan(1e-15);
    expect([...two.subarray(16)].every(Number.isNaN)).toBe(true);
    expect([...cholesky(Float64Array.from([NaN, 0, 0, 1]), 1, 2)].every(Number.isNaN)).toBe(true);
  });
});

describe("triangularSolve", () => {
  const combos = [false, true].flatMap((leftSide) => [false, true].flatMap((lower) => [false, true].flatMap((transposeA) => [false, true].map((unitDiagonal) => ({ leftSide, lower, transposeA, unitDiagonal })))));
  for (const [name, ctor, tol] of DTYPES) {
    it(`${name}: op(A) X = B and X op(A) = B, every option, unblocked and blocked`, () => {
      for (const [k, nrhs] of [[6, 3], [130, 70]] as const) {
        for (const o of combos) {
          // A well-conditioned triangle: a dominant diagonal (ignored, then 1, when unitDiagonal).
          const a = randomMatrix(ctor, k, k, k + 1).map((x, i) => (i % (k + 1) === 0 ? 4 + x : x / Math.sqrt(k)));
          const [rows, cols] = o.leftSide ? [k, nrhs] : [nrhs, k];
          const b = randomMatrix(ctor, rows, cols, 9);
          const x = triangularSolve(a, b, 1, rows, cols, o);
          const t = new Float64Array(k * k);
          for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
            const inTri = o.lower ? j <= i : j >= i;
            t[i * k + j] = i === j ? (o.unitDiagonal ? 1 : a[i * k + j]!) : inTri ? a[i * k + j]! : 0;
          }
          const op = o.transposeA ? transpose(t, k, k) : t;
          const got = o.leftSide ? matmul(op, x, k, k, nrhs) : matmul(x, op, nrhs, k, k);
          expect(maxRelErr(got, b), JSON.stringify({ k, ...o })).toBeLessThan(tol * 10);
        }
      }
    });
  }
  it("a batch; a zero on the diagonal gives inf/nan", () => {
    const a = Float64Array.from([2, 0, 1, 4, 1, 0, 0, 1]);
    const x = triangularSolve(a, Float64Array.from([2, 6, 3, 5]), 2, 2, 1, { leftSide: true, lower: true, transposeA: false, unitDiagonal: false });
    expect([...x]).toEqual([1, 1.25, 3, 5]);
    const s = triangularSolve(Float64Array.from([0, 0, 1, 1]), Float64Array.from([1, 1]), 1, 2, 1, { leftSide: true, lower: true, transposeA: false, unitDiagonal: false });
    expect(Number.isFinite(s[0]!)).toBe(false);
  });
});

/** P A from A and the permutation, and L U from the packed factors (m x n). */
function luCheck(a: ArrayLike<number>, r: ReturnType<typeof lu>, m: number, n: number): number {
  const k = Math.min(m, n);
  const pa = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) pa[i * n + j] = a[r.permutation[i]! * n + j]!;
  const l = new Float64Array(m * k);
  const u = new Float64Array(k * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) l[i * k + j] = i === j ? 1 : j < i ? r.lu[i * n + j]! : 0;
  for (let i = 0; i < k; i++) for (let j = i; j < n; j++) u[i * n + j] = r.lu[i * n + j]!;
  return maxRelErr(matmul(l, u, m, k, n), pa);
}

describe("lu", () => {
  for (const [name, ctor, tol] of DTYPES) {
    it(`${name}: P A = L U, square, tall and wide, unblocked and blocked; |L| <= 1`, () => {
      for (const [m, n] of [[1, 1], [5, 5], [7, 3], [3, 7], [70, 70], [130, 90], [90, 130]] as const) {
        const a = randomMatrix(ctor, m, n, m * n);
        const r = lu(a, 1, m, n);
        expect(luCheck(a, r, m, n), `${m}x${n}`).toBeLessThan(tol * 10);
        for (let i = 0; i < m; i++) for (let j = 0; j < Math.min(i, n); j++) expect(Math.abs(r.lu[i * n + j]!)).toBeLessThanOrEqual(1);
      }
    });
  }
  it("float64: ill-conditioned and singular (rank-deficient) matrices still factor", () => {
    const n = 80;
    const ill = withSingularValues(n, n, geometric(n, 1e6), 3);
    expect(luCheck(ill, lu(ill, 1, n, n), n, n)).toBeLessThan(1e-12);
    const sing = withSingularValues(n, n, [...geometric(40, 10), ...new Array(40).fill(0)], 4);
    expect(luCheck(sing, lu(sing, 1, n, n), n, n)).toBeLessThan(1e-12);
    const zero = lu(new Float64Array(9), 1, 3, 3);
    expect([...zero.pivots]).toEqual([0, 1, 2]);
  });
  it("scipy's conventions: lu, pivots and permutation of a 4x4 matrix (scipy 1.17.1 lu_factor, 0-based)", () => {
    const r = lu(Float64Array.from(A4), 1, 4, 4);
    const want = [4, 1, -2, 1, -0.25, 3.25, 4.5, 2.25, 0.125, -0.6538461538461539, 4.1923076923076925, 2.3461538461538463, 0.5, -0.46153846153846156, 0.7339449541284404, 1.81651376146789];
    expect(maxRelErr(r.lu, want)).toBeLessThan(1e-15);
    expect([...r.pivots]).toEqual([1, 2, 3, 3]);
    expect([...r.permutation]).toEqual([1, 2, 3, 0]);
    expect(r.pivots).toBeInstanceOf(Int32Array);
  });
});

describe("qr", () => {
  for (const [name, ctor, tol] of DTYPES) {
    it(`${name}: Q R = A, Q orthonormal, R upper; full and reduced, tall and wide, unblocked and blocked`, () => {
      for (const [m, n] of [[1, 1], [5, 5], [9, 4], [4, 9], [70, 70], [150, 80], [80, 150]] as const) {
        const a = randomMatrix(ctor, m, n, m + 7 * n);
        for (const full of [true, false]) {
          const k = Math.min(m, n);
          const [qc, rr] = full ? [m, m] : [k, k];
          const { q, r } = qr(a, 1, m, n, full);
          expect(q.length).toBe(m * qc);
          expect(r.length).toBe(rr * n);
          expect(maxRelErr(matmul(q, r, m, qc, n), a), `${m}x${n} ${full}`).toBeLessThan(tol * 10);
          expect(orthogonalityError(q, m, qc)).toBeLessThan(tol * 10);
          for (let i = 0; i < rr; i++) for (let j = 0; j < Math.min(i, n); j++) expect(r[i * n + j]).toBe(0);
        }
      }
    });
  }
  it("float64: ill-conditioned and rank-deficient", () => {
    for (const values of [geometric(60, 1e6), [...geometric(30, 10), ...new Array(30).fill(0)]]) {
      const a = withSingularValues(100, 60, values, 5);
      const { q, r } = qr(a, 1, 100, 60, false);
      expect(maxRelErr(matmul(q, r, 100, 60, 60), a)).toBeLessThan(1e-12);
      expect(orthogonalityError(q, 100, 60)).toBeLessThan(1e-12);
    }
  });
  it("LAPACK's signs: numpy 2.4.6's qr of a 4x4 and a 2x3 matrix", () => {
    const { q, r } = qr(Float64Array.from(A4), 1, 4, 4, false);
    const wantR = [-4.6097722286464435, 0.4338609156373123, 2.711630722733202, -1.843908891458578, 0, -3.8486055534287154, -2.552490577532151, -0.7275362364702416, 0, 0, -4.016447519281062, -3.023311160746867, 0, 0, 0, -1.3893454033918804];
    const wantQ = [-0.4338609156373123, 0.21092437107750717, -0.4269576658851704, -0.7648416614632066, -0.8677218312746247, -0.35765436834881636, 0.13941878390414314, 0.3157603189527, 0.21693045781865616, -0.7550481109586124, -0.6185843348257589, 0.014033791953453369, -0.10846522890932808, 0.507441240563278, -0.6446882773439815, 0.561351678138133];
    expect(maxRelErr(r, wantR)).toBeLessThan(1e-14);
    expect(maxRelErr(q, wantQ)).toBeLessThan(1e-14);
    const wide = qr(Float64Array.from([1, 2, 3, 4, 5, 6]), 1, 2, 3, true);
    expect(maxRelErr(wide.r, [-4.123105625617661, -5.335783750799326, -6.5484618759809905, 0, -0.7276068751089995, -1.455213750217998])).toBeLessThan(1e-14);
    expect(maxRelErr(wide.q, [-0.24253562503633308, -0.970142500145332, -0.970142500145332, 0.24253562503633289])).toBeLessThan(1e-14);
  });
});

/** max |A V - V diag(w)| / max |A| and the orthogonality of V. */
function eighCheck(a: ArrayLike<number>, n: number, r: ReturnType<typeof eigh>): [number, number] {
  const av = matmul(a, r.v, n, n, n);
  const vw = Float64Array.from(r.v, (x, i) => x * r.w[i % n]!);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  let err = 0;
  for (let i = 0; i < n * n; i++) err = Math.max(err, Math.abs(av[i]! - vw[i]!));
  return [err / (scale || 1), orthogonalityError(r.v, n, n)];
}

describe("eigh", () => {
  for (const [name, ctor, tol] of DTYPES) {
    it(`${name}: A V = V diag(w), V orthogonal, w ascending, over sizes and a batch`, () => {
      for (const n of SIZES) {
        const a = ctor.from(withEigenvalues(Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 3), n));
        const r = eigh(ctor.from([...a, ...a]), 2, n, true);
        const one = { v: r.v.subarray(0, n * n), w: r.w.subarray(0, n) };
        const [res, orth] = eighCheck(a, n, one);
        expect(res, `n=${n}`).toBeLessThan(tol * 10);
        expect(orth).toBeLessThan(tol * 10);
        for (let i = 1; i < n; i++) expect(r.w[i]!).toBeGreaterThanOrEqual(r.w[i - 1]!);
        expect([...r.w.subarray(n)]).toEqual([...one.w]);
      }
    });
  }
  it("float64: repeated eigenvalues, cond 1e6, identity and diagonal", () => {
    for (const values of [[1, 1, 1, 2, 2, 5, 5, 5, 5], geometric(80, 1e6)]) {
      const n = values.length;
      const a = withEigenvalues(values, 11);
      const r = eigh(a, 1, n, true);
      const [res, orth] = eighCheck(a, n, r);
      expect(res).toBeLessThan(1e-12);
      expect(orth).toBeLessThan(1e-12);
      expect(maxRelErr(r.w, [...values].sort((x, y) => x - y))).toBeLessThan(1e-13);
    }
    const id = eigh(identity(5), 1, 5, true);
    expect([...id.w]).toEqual([1, 1, 1, 1, 1]);
    expect(orthogonalityError(id.v, 5, 5)).toBeLessThan(1e-15);
    const d = eigh(Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 2]), 1, 3, true);
    expect([...d.w]).toEqual([-1, 2, 3]);
  });
  it("float64: entries near overflow or underflow are scaled as dsyevd does (no inf, no lost digits)", () => {
    const base = withEigenvalues(Array.from({ length: 20 }, (_, i) => Math.cos(i) * 4), 5);
    for (const f of [1e300, 1e-300]) {
      const a = base.map((x) => x * f);
      const r = eigh(a, 1, 20, true);
      const [res, orth] = eighCheck(a, 20, r);
      expect(res, `${f}`).toBeLessThan(1e-13);
      expect(orth).toBeLessThan(1e-13);
      expect(maxRelErr(r.w, eigh(base, 1, 20, true).w.map((x) => x * f))).toBeLessThan(1e-13);
    }
  });
  it("reads the lower or the upper triangle only; NaN in gives NaNs out; numpy 2.4.6's eigenvalues", () => {
    const s = matmul(A4, identity(4), 4, 4, 4).map((x, i) => x + A4[(i % 4) * 4 + Math.floor(i / 4)]!);
    const lowerOnly = s.map((x, i) => (i % 4 > Math.floor(i / 4) ? 99 : x));
    const upperOnly = s.map((x, i) => (i % 4 < Math.floor(i / 4) ? 99 : x));
    const want = [-3.0193010937074876, 2.811015390156112, 7.140577312919708, 11.067708390631658];
    expect(maxRelErr(eigh(lowerOnly, 1, 4, true).w, want)).toBeLessThan(1e-14);
    expect(maxRelErr(eigh(upperOnly, 1, 4, false).w, want)).toBeLessThan(1e-14);
    const bad = eigh(Float64Array.from([1, NaN, NaN, 1]), 1, 2, true);
    expect([...bad.w, ...bad.v].every(Number.isNaN)).toBe(true);
  });
});

/** U diag(s) V^T against A (m x n). */
function svdError(a: ArrayLike<number>, m: number, n: number, r: ReturnType<typeof svd>, full: boolean): number {
  const k = Math.min(m, n);
  const [uc, vr] = full ? [m, n] : [k, k];
  const us = new Float64Array(m * vr);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * vr + j] = r.u![i * uc + j]! * r.s[j]!;
  return maxRelErr(matmul(us, r.vt!, m, vr, n), a);
}

describe("svd", () => {
  for (const [name, ctor, tol] of DTYPES) {
    it(`${name}: U S V^T = A, U and V orthonormal, s descending; full and reduced, tall and wide`, () => {
      for (const [m, n] of [[1, 1], [5, 5], [9, 4], [4, 9], [40, 40], [70, 30], [30, 70]] as const) {
        const a = randomMatrix(ctor, m, n, 3 * m + n);
        for (const full of [true, false]) {
          const k = Math.min(m, n);
          const r = svd(a, 1, m, n, full, true);
          expect(svdError(a, m, n, r, full), `${m}x${n} ${full}`).toBeLessThan(tol * 10);
          expect(orthogonalityError(r.u!, m, full ? m : k)).toBeLessThan(tol * 10);
          expect(orthogonalityError(transpose(r.vt!, full ? n : k, n), n, full ? n : k)).toBeLessThan(tol * 10);
          for (let i = 1; i < k; i++) expect(r.s[i]!).toBeLessThanOrEqual(r.s[i - 1]!);
        }
      }
    });
  }
  it("float64: rank-deficient (completed U), cond 1e6, zero and identity; s alone", () => {
    const cases: [number, number, number[]][] = [[50, 30, [...geometric(20, 10), ...new Array(10).fill(0)]], [30, 50, geometric(30, 1e6)], [6, 4, [0, 0, 0, 0]]];
    for (const [m, n, values] of cases) {
      const a = withSingularValues(m, n, values, 13);
      for (const full of [true, false]) {
        const r = svd(a, 1, m, n, full, true);
        expect(svdError(a, m, n, r, full)).toBeLessThan(1e-12);
        expect(orthogonalityError(r.u!, m, full ? m : Math.min(m, n))).toBeLessThan(1e-12);
      }
      const s = svd(a, 1, m, n, false, false);
      expect(s.u).toBeNull();
      expect(maxRelErr(s.s, values)).toBeLessThan(1e-12);
    }
    expect([...svd(identity(3), 1, 3, 3, false, false).s]).toEqual([1, 1, 1]);
  });
  it("numpy 2.4.6's singular values; NaN in gives NaNs out", () => {
    expect(maxRelErr(svd(Float64Array.from(A4), 1, 4, 4, false, false).s, [6.575823031695639, 5.119123639313127, 3.319355591892729, 0.8860039931158331])).toBeLessThan(1e-14);
    expect(maxRelErr(svd(Float64Array.from([1, 2, 3, 4, 5, 6]), 1, 2, 3, false, false).s, [9.508032000695724, 0.7728696356734843])).toBeLessThan(1e-14);
    const bad = svd(Float64Array.from([NaN, 1, 1, 1]), 1, 2, 2, false, true);
    expect([...bad.s, ...bad.u!, ...bad.vt!].every(Number.isNaN)).toBe(true);
  });
});

describe("svd: bidiagonalisation and bidiagonal QR", () => {
  afterEach(() => void setMatrixVectorPath("auto"));
  it("a graded bidiagonal matrix (entries 1 .. 1e-18): every singular value to relative accuracy, as LAPACK's (values from JAX 0.10.2)", () => {
    const n = 10;
    const b = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      b[i * n + i] = 10 ** (-2 * i);
      if (i < n - 1) b[i * n + i + 1] = 3 * 10 ** (-2 * i - 1);
    }
    const want = [1.044034605577775, 0.010037093678455466, 0.00010003319421173167, 1.0000298594962033e-6, 1.000002687230849e-8, 1.0000002418497735e-10, 1.0000000217664716e-12, 1.0000000019589824e-14, 1.0000000001358007e-16, 9.539349083068427e-19];
    for (const computeUv of [false, true]) {
      const r = svd(b, 1, n, n, false, computeUv);
      for (let i = 0; i < n; i++) expect(Math.abs(r.s[i]! / want[i]! - 1), `s[${i}]`).toBeLessThan(1e-14);
    }
    // Its transpose (lower bidiagonal) takes the wide path's transposition and another reduction.
    const s = svd(transpose(b, n, n), 1, n, n, false, false).s;
    for (let i = 0; i < n; i++) expect(Math.abs(s[i]! / want[i]! - 1), `lower s[${i}]`).toBeLessThan(1e-14);
  });
  it("repeated singular values; a rank-one matrix; several panels of the reduction; tall and wide", () => {
    const values = [3, 3, 3, 2, 2, 1, 1, 1, 1, 0.5, ...new Array(20).fill(0.25)];
    const cases: [number, number, number[]][] = [[40, 30, values], [30, 40, values], [130, 100, geometric(100, 1e3)], [100, 130, geometric(100, 1e3)], [200, 10, geometric(10, 10)]];
    for (const [m, n, vals] of cases) {
      const a = withSingularValues(m, n, vals, 29);
      for (const full of [true, false]) {
        const r = svd(a, 1, m, n, full, true);
        const k = Math.min(m, n);
        expect(svdError(a, m, n, r, full), `${m}x${n} ${full}`).toBeLessThan(1e-12);
        expect(orthogonalityError(r.u!, m, full ? m : k)).toBeLessThan(1e-12);
        expect(orthogonalityError(transpose(r.vt!, full ? n : k, n), n, full ? n : k)).toBeLessThan(1e-12);
        expect(maxRelErr(r.s, vals)).toBeLessThan(1e-13);
      }
    }
    // x y^T: one singular value |x| |y|, the others zero to rounding, U and V still orthonormal.
    const [m, n] = [20, 15];
    const x = randomMatrix(Float64Array, m, 1, 5), y = randomMatrix(Float64Array, 1, n, 6);
    const a = matmul(x, y, m, 1, n);
    const r = svd(a, 1, m, n, true, true);
    const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((t, z) => t + z * z, 0));
    expect(Math.abs(r.s[0]! / (norm(x) * norm(y)) - 1)).toBeLessThan(1e-14);
    for (let i = 1; i < n; i++) expect(r.s[i]!).toBeLessThan(1e-14 * r.s[0]!);
    expect(svdError(a, m, n, r, true)).toBeLessThan(1e-14);
    expect(orthogonalityError(r.u!, m, m)).toBeLessThan(1e-14);
  });
  it("entries near underflow or overflow (1e-300, 1e300): the singular values scale with them, U S V^T = A (dgesvd's scaling)", () => {
    const [m, n] = [30, 20];
    const values = geometric(n, 100);
    const a = withSingularValues(m, n, values, 3);
    for (const f of [1e-300, 1e300]) {
      const scaled = a.map((x) => x * f);
      const r = svd(scaled, 1, m, n, false, true);
      for (let i = 0; i < n; i++) expect(Math.abs(r.s[i]! / (values[i]! * f) - 1), `${f} s[${i}]`).toBeLessThan(1e-13);
      expect(svdError(a, m, n, { s: r.s.map((x) => x / f), u: r.u, vt: r.vt }, false), `${f}`).toBeLessThan(1e-12);
    }
  });
  it("the JS matrix-vector loops agree with the wasm kernels; a batch with a NaN matrix in the middle", () => {
    const [m, n] = [90, 70];
    const a = randomMatrix(Float64Array, m, n, 17);
    const wasm = svd(a, 1, m, n, false, true);
    setMatrixVectorPath("js");
    const js = svd(a, 1, m, n, false, true);
    expect(maxRelErr(js.s, wasm.s)).toBeLessThan(1e-13);
    expect(svdError(a, m, n, js, false)).toBeLessThan(1e-12);
    setMatrixVectorPath("auto");
    const batch = new Float64Array(3 * m * n);
    batch.set(a, 0);
    batch.set(a, 2 * m * n);
    batch[m * n + 5] = NaN;
    const r = svd(batch, 3, m, n, false, true);
    expect([...r.s.subarray(0, n)]).toEqual([...wasm.s]);
    expect([...r.s.subarray(2 * n)]).toEqual([...wasm.s]);
    expect([...r.s.subarray(n, 2 * n)].every(Number.isNaN)).toBe(true);
    expect([...r.vt!.subarray(2 * n * n)]).toEqual([...wasm.vt!]);
    expect([...r.u!.subarray(m * n, 2 * m * n)].every(Number.isNaN)).toBe(true);
  });
});

describe("tridiagonalSolve", () => {
  for (const [name, ctor, tol] of DTYPES) {
    it(`${name}: A X = B in JAX's dl/d/du layout, a batch with several right-hand sides`, () => {
      const [batch, m, nrhs] = [3, 40, 4];
      const dl = randomMatrix(ctor, batch, m, 1);
      const du = randomMatrix(ctor, batch, m, 2);
      const d = randomMatrix(ctor, batch, m, 3).map((x) => 3 + x);
      const b = randomMatrix(ctor, batch, m * nrhs, 4);
      const x = tridiagonalSolve(dl, d, du, b, batch, m, nrhs);
      for (let s = 0; s < batch; s++) {
        const a = new Float64Array(m * m);
        for (let i = 0; i < m; i++) {
          a[i * m + i] = d[s * m + i]!;
          if (i > 0) a[i * m + i - 1] = dl[s * m + i]!;
          if (i < m - 1) a[i * m + i + 1] = du[s * m + i]!;
        }
        const got = matmul(a, x.subarray(s * m * nrhs, (s + 1) * m * nrhs), m, m, nrhs);
        expect(maxRelErr(got, b.subarray(s * m * nrhs, (s + 1) * m * nrhs))).toBeLessThan(tol * 10);
      }
    });
  }
});
