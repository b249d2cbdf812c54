// The bidiagonalisation's matrix-vector products (backends/js/linalg/gemv.ts): the wasm SIMD
// kernels and their JS twins against a plain double loop, and against each other bit for bit
// (the same float64 operations in the same order). Row and column counts off the kernels' blocking
// (four rows, two columns), a row stride wider than the columns, offsets off 16-byte alignment.
import { afterEach, describe, expect, it } from "vitest";
import { gemvHeap, setGemvPath, type GemvPath } from "../../backends/js/linalg/gemv.js";
import { mulberry32 } from "../util/random.js";

afterEach(() => void setGemvPath("auto"));

const SHAPES = [[1, 1], [3, 5], [4, 2], [7, 9], [8, 8], [33, 17]] as const;

/** Both products on a heap filled with the same random values: [y after gemvT, x after gemvN]. */
function run(p: GemvPath, rows: number, cols: number): [Float64Array, Float64Array] {
  setGemvPath(p);
  const lda = cols + 3;
  const a = 1, u = a + rows * lda, v = u + rows, y = v + cols, x = y + cols;
  const heap = gemvHeap(x + rows);
  // The wasm heap is its whole fixed memory; the JS one is sized to the request.
  expect(heap.f64.length > x + rows).toBe(p === "auto");
  const rand = mulberry32(rows * 100 + cols);
  for (let i = 0; i < x + rows; i++) heap.f64[i] = 2 * rand() - 1;
  heap.gemvT(a, lda, rows, cols, u, y);
  heap.gemvN(a, lda, rows, cols, v, x);
  return [heap.f64.slice(y, y + cols), heap.f64.slice(x, x + rows)];
}

describe("gemv", () => {
  it("y += A^T u and x = A v match a plain loop; wasm and JS give the same bits", () => {
    for (const [rows, cols] of SHAPES) {
      const lda = cols + 3;
      const a = 1, u = a + rows * lda, v = u + rows, y = v + cols;
      const rand = mulberry32(rows * 100 + cols);
      const h = Float64Array.from({ length: y + cols + rows }, () => 2 * rand() - 1);
      const wantY = Array.from({ length: cols }, (_, c) => h[y + c]! + Array.from({ length: rows }, (_, r) => h[u + r]! * h[a + r * lda + c]!).reduce((s, t) => s + t, 0));
      const wantX = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => h[a + r * lda + c]! * h[v + c]!).reduce((s, t) => s + t, 0));
      const [jsY, jsX] = run("js", rows, cols);
      const [wY, wX] = run("auto", rows, cols);
      for (let c = 0; c < cols; c++) expect(Math.abs(jsY[c]! - wantY[c]!), `${rows}x${cols} y[${c}]`).toBeLessThan(1e-14 * rows);
      for (let r = 0; r < rows; r++) expect(Math.abs(jsX[r]! - wantX[r]!), `${rows}x${cols} x[${r}]`).toBeLessThan(1e-14 * cols);
      expect([...wY], `${rows}x${cols}`).toEqual([...jsY]);
      expect([...wX], `${rows}x${cols}`).toEqual([...jsX]);
    }
  });
});
