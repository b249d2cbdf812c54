// The reductions' matrix-vector kernels (backends/js/linalg/gemv.ts): the wasm SIMD ones and the
// JS loops against a plain double loop. Row and column counts off the wasm kernels' blocking
// (four rows, two or eight columns), a row stride wider than the columns, offsets off 16-byte
// alignment; gemvT subtracts from what y held.
import { afterEach, describe, expect, it } from "vitest";
import { matrixVectorKernels, setMatrixVectorPath, type MatrixVectorPath } from "../../backends/js/linalg/gemv.js";
import { mulberry32 } from "../util/random.js";

afterEach(() => void setMatrixVectorPath("auto"));

const SHAPES = [[1, 1], [3, 5], [4, 2], [7, 9], [8, 8], [33, 17], [5, 70]] as const;

describe("matrixVectorKernels", () => {
  for (const p of ["auto", "js"] as MatrixVectorPath[]) {
    it(`${p}: y = A x and y -= A^T x match a plain loop`, () => {
      setMatrixVectorPath(p);
      for (const [rows, cols] of SHAPES) {
        const lda = cols + 3;
        const a = 1, u = a + rows * lda, v = u + rows, y = v + cols, x = y + cols;
        const k = matrixVectorKernels(x + rows);
        // The wasm memory is larger than asked for; the JS one is sized to the request.
        expect(k.mem.length > x + rows).toBe(p === "auto");
        const rand = mulberry32(rows * 100 + cols);
        for (let i = 0; i < x + rows; i++) k.mem[i] = 2 * rand() - 1;
        const h = k.mem.slice(0, x + rows);
        k.gemvT(a, lda, rows, cols, u, y);
        k.gemv(a, lda, rows, cols, v, x);
        for (let c = 0; c < cols; c++) {
          let s = h[y + c]!;
          for (let r = 0; r < rows; r++) s -= h[u + r]! * h[a + r * lda + c]!;
          expect(Math.abs(k.mem[y + c]! - s), `${rows}x${cols} y[${c}]`).toBeLessThan(1e-14 * rows);
        }
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let c = 0; c < cols; c++) s += h[a + r * lda + c]! * h[v + c]!;
          expect(Math.abs(k.mem[x + r]! - s), `${rows}x${cols} x[${r}]`).toBeLessThan(1e-14 * cols);
        }
      }
    });
  }
});
