// Complex FFTs along an axis that is not the last: data viewed as [outer, n, inner] complex
// numbers, transformed along the middle axis. Columns are gathered in blocks of BLOCK adjacent
// ones (each a contiguous run of BLOCK complex numbers per row, so the gather and the scatter
// read and write whole cache lines), transformed as rows, and scattered back.
import type { FloatArray } from "../linalg/types.js";
import { fftRows } from "./complex.js";

/** Columns per block: 16 complex float64 = 256 bytes per row of the gather. */
const BLOCK = 16;

/** The DFT along the middle axis of [outer, n, inner], from `input` into `output` (may be the same array). */
export function fftMiddleAxis(input: FloatArray, output: FloatArray, outer: number, n: number, inner: number, inverse: boolean): void {
  if (inner === 1) {
    fftRows(input, output, outer, n, inverse);
    return;
  }
  const block = new Float64Array(2 * n * Math.min(BLOCK, inner));
  for (let b = 0; b < outer; b++) {
    const base = 2 * b * n * inner;
    for (let c0 = 0; c0 < inner; c0 += BLOCK) {
      const w = Math.min(BLOCK, inner - c0);
      for (let i = 0; i < n; i++) {
        const from = base + 2 * (i * inner + c0);
        for (let c = 0; c < w; c++) {
          block[2 * (c * n + i)] = input[from + 2 * c]!;
          block[2 * (c * n + i) + 1] = input[from + 2 * c + 1]!;
        }
      }
      fftRows(block, block, w, n, inverse);
      for (let i = 0; i < n; i++) {
        const to = base + 2 * (i * inner + c0);
        for (let c = 0; c < w; c++) {
          output[to + 2 * c] = block[2 * (c * n + i)]!;
          output[to + 2 * c + 1] = block[2 * (c * n + i) + 1]!;
        }
      }
    }
  }
}
