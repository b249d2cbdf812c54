// Scattering a product's rows into a convolution's output, shared by the implicit GEMM's JS path
// (lowerings/convGemm.ts) and the wasm indirect GEMM (wasm/wasmIndirect.ts), which lives in the
// wasm runtime's chunk of a browser bundle (wasm/wasmGemm.browser.ts) while this does not.
import type { TypedArray } from "../../../jaxpr/index.js";

/**
 * Where a product's element (b, m, j) goes in the kernel's result (a convolution's output):
 * batchBase[b] + rowBase[m] + j * columnStride, in a result of `size` elements.
 */
export interface Placement {
  readonly size: number;
  readonly batchBase: Int32Array;
  readonly rowBase: Int32Array;
  readonly columnStride: number;
}

/**
 * Copies `rows` x `cols` elements, row m from src[at + m * rowStride..], to dst at base + (rowBase
 * ? rowBase[m] : m * dstRowStride) + j * columnStride.
 */
export function placeRows(
  src: ArrayLike<number>, at: number, rowStride: number, rows: number, cols: number,
  dst: TypedArray, base: number, rowBase: Int32Array | null, dstRowStride: number, columnStride: number,
): void {
  const rowAt = (m: number): number => base + (rowBase === null ? m * dstRowStride : rowBase[m]!);
  if (columnStride === 1) {
    for (let m = 0, q = at; m < rows; m++, q += rowStride) {
      const o = rowAt(m);
      for (let j = 0; j < cols; j++) dst[o + j] = src[q + j]!;
    }
    return;
  }
  // Columns strided (an NCHW output): four columns at a time down the rows, so that writes stay
  // sequential where the rows are contiguous (one row at a time would write to `cols` pages).
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    for (let m = 0, q = at + j; m < rows; m++, q += rowStride) {
      const o = rowAt(m) + j * columnStride;
      dst[o] = src[q]!;
      dst[o + columnStride] = src[q + 1]!;
      dst[o + 2 * columnStride] = src[q + 2]!;
      dst[o + 3 * columnStride] = src[q + 3]!;
    }
  }
  for (; j < cols; j++) for (let m = 0, q = at + j; m < rows; m++, q += rowStride) dst[rowAt(m) + j * columnStride] = src[q]!;
}
