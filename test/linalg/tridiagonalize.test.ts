// The blocked tridiagonalisation (backends/js/linalg/tridiagonalize.ts) and its wasm SIMD
// matrix-vector kernel (backends/js/wasm/gemvWat.ts): Q T Q^T reconstructs A to 1e-13 relative,
// Q is orthogonal, T's entries do not depend on the panel width or on which matrix-vector
// products ran (to rounding), and the kernels match plain loops over odd and even shapes.
import { afterEach, describe, expect, it } from "vitest";
import { setMatrixVectorPath } from "../../backends/js/linalg/gemv.js";
import { formQ, tridiagonalize } from "../../backends/js/linalg/tridiagonalize.js";
import { gemvRuntime } from "../../backends/js/wasm/gemv.js";
import { maxRelErr } from "../util/compare.js";
import { matmul, orthogonalityError, randomMatrix, transpose } from "./matrices.js";

afterEach(() => void setMatrixVectorPath("auto"));

function symmetric(n: number, seed: number): Float64Array {
  const m = randomMatrix(Float64Array, n, n, seed);
  return Float64Array.from(m, (x, i) => x + m[(i % n) * n + Math.floor(i / n)]!);
}

/** Q T Q^T - A, max abs over max |A|, and Q's orthogonality. */
function reduce(a: Float64Array, n: number, nb: number): { err: number; orth: number; d: Float64Array; e: Float64Array } {
  const z = a.slice(), d = new Float64Array(n), e = new Float64Array(n), taus = new Float64Array(n), q = new Float64Array(n * n);
  tridiagonalize(z, n, d, e, taus, nb);
  formQ(z, n, taus, nb, q);
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    t[i * n + i] = d[i]!;
    if (i + 1 < n) t[(i + 1) * n + i] = t[i * n + i + 1] = e[i]!;
  }
  const back = matmul(matmul(q, t, n, n, n), transpose(q, n, n), n, n, n);
  let err = 0, scale = 0;
  for (let i = 0; i < n * n; i++) {
    err = Math.max(err, Math.abs(back[i]! - a[i]!));
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  return { err: err / scale, orth: orthogonalityError(q, n, n), d, e };
}

describe("tridiagonalize", () => {
  it("Q T Q^T = A with Q orthogonal, for panel widths 1, 5, 32 and both matrix-vector products", () => {
    for (const n of [1, 2, 3, 17, 70]) {
      const a = symmetric(n, n);
      const ref = reduce(a, n, 32);
      for (const p of ["auto", "js"] as const) {
        setMatrixVectorPath(p);
        for (const nb of [1, 5, 32]) {
          const r = reduce(a, n, nb);
          expect(r.err, `n=${n} nb=${nb} ${p}`).toBeLessThan(1e-13);
          expect(r.orth).toBeLessThan(1e-13);
          // The same reflectors whatever the blocking: T agrees to rounding (|e| as signs follow dlarfg).
          expect(maxRelErr(r.d, ref.d)).toBeLessThan(1e-11);
          expect(maxRelErr(r.e.map(Math.abs), ref.e.map(Math.abs))).toBeLessThan(1e-11);
        }
      }
    }
  });
  it("a matrix already tridiagonal or diagonal is left as it is (every tau 0, Q = I)", () => {
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i + 1;
      if (i + 1 < n) a[(i + 1) * n + i] = a[i * n + i + 1] = 0.5 * (i + 1);
    }
    const z = a.slice(), d = new Float64Array(n), e = new Float64Array(n), taus = new Float64Array(n), q = new Float64Array(n * n);
    tridiagonalize(z, n, d, e, taus, 4);
    formQ(z, n, taus, 4, q);
    expect([...d]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...e]).toEqual([0.5, 1, 1.5, 2, 2.5, 0]);
    expect([...q]).toEqual([...Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0))]);
  });
});

describe("gemv_f64 and gemvt_f64 (wasm SIMD)", () => {
  it("equal plain loops over odd and even rows and columns, with a row stride past the columns", () => {
    const rt = gemvRuntime();
    expect(rt).not.toBeNull();
    if (rt === null) return;
    const [A, X, Y] = [0, 100000, 200000];
    for (const [rows, cols] of [[1, 1], [3, 2], [4, 5], [7, 8], [9, 9], [33, 17], [2, 30]] as const) {
      const lda = cols + 3;
      const a = randomMatrix(Float64Array, rows, lda, rows * cols);
      const x = randomMatrix(Float64Array, 1, Math.max(rows, cols), 7);
      const y0 = randomMatrix(Float64Array, 1, cols, 9);
      rt.f64.set(a, A);
      rt.f64.set(x, X);
      rt.gemv(8 * A, 8 * lda, rows, cols, 8 * X, 8 * Y);
      const want = Array.from({ length: rows }, (_, r) => {
        let s = 0;
        for (let c = 0; c < cols; c++) s += a[r * lda + c]! * x[c]!;
        return s;
      });
      expect(maxRelErr(rt.f64.subarray(Y, Y + rows), want), `A x ${rows}x${cols}`).toBeLessThan(1e-14);
      rt.f64.set(y0, Y);
      rt.gemvT(8 * A, 8 * lda, rows, cols, 8 * X, 8 * Y);
      const wantT = Array.from({ length: cols }, (_, c) => {
        let s = 0;
        for (let r = 0; r < rows; r++) s += a[r * lda + c]! * x[r]!;
        return y0[c]! - s;
      });
      expect(maxRelErr(rt.f64.subarray(Y, Y + cols), wantT), `y - A^T x ${rows}x${cols}`).toBeLessThan(1e-14);
    }
  });
});
