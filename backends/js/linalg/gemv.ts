// The matrix-vector products of the blocked reductions (LAPACK's dgemv role in dlatrd and
// dlabrd): their panels spend half the flops in products with the trailing matrix, BLAS-2 work
// that no GEMM takes. Every operand lives in one float64 memory: the wasm SIMD kernels'
// (wasm/gemvWat.ts) where the problem fits it, else a plain array with the JS loops below.
// Positions and row strides are in elements.
import { gemvRuntime } from "../wasm/gemv.js";

export interface MatrixVectorKernels {
  readonly mem: Float64Array;
  /** y[r] = sum over c < cols of A[r, c] x[c], r < rows; A(r, c) at a + r * lda + c. */
  gemv(a: number, lda: number, rows: number, cols: number, x: number, y: number): void;
  /** y[c] -= sum over r < rows of A[r, c] x[r], c < cols. */
  gemvT(a: number, lda: number, rows: number, cols: number, x: number, y: number): void;
}

/** Which kernels run: wasm where available ("auto"), or the JS loops (tests). */
export type MatrixVectorPath = "auto" | "js";
let path: MatrixVectorPath = "auto";
export function setMatrixVectorPath(p: MatrixVectorPath): MatrixVectorPath {
  const old = path;
  path = p;
  return old;
}

/**
 * Kernels over a memory of at least `size` elements (not zeroed: the wasm memory is reused): the
 * wasm SIMD ones where they are available and `size` fits their memory, else plain JS over a new
 * array. One reduction at a time may hold the wasm memory; the kernels run synchronously.
 */
export function matrixVectorKernels(size: number): MatrixVectorKernels {
  const rt = path === "auto" ? gemvRuntime() : null;
  if (rt !== null && size <= rt.f64.length) {
    return {
      mem: rt.f64,
      gemv: (a, lda, rows, cols, x, y) => rt.gemv(8 * a, 8 * lda, rows, cols, 8 * x, 8 * y),
      gemvT: (a, lda, rows, cols, x, y) => rt.gemvT(8 * a, 8 * lda, rows, cols, 8 * x, 8 * y),
    };
  }
  const mem = new Float64Array(size);
  return {
    mem,
    gemv(a, lda, rows, cols, x, y) {
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0, o = a + r * lda; c < cols; c++) s += mem[o + c]! * mem[x + c]!;
        mem[y + r] = s;
      }
    },
    gemvT(a, lda, rows, cols, x, y) {
      for (let r = 0; r < rows; r++) {
        const s = mem[x + r]!;
        for (let c = 0, o = a + r * lda; c < cols; c++) mem[y + c] = mem[y + c]! - mem[o + c]! * s;
      }
    },
  };
}
