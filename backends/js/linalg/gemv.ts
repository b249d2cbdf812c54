// The matrix-vector products of the bidiagonalisation (LAPACK's dgemv role) over one float64
// "heap" holding every operand: the wasm SIMD kernels (wasm/gemvWat.ts) where the heap is their
// memory, or the JS loops below, which repeat the kernels' order of operations (the same bits).
// All offsets and strides are in elements of the heap.
//
// The wasm memory is made once at a fixed size and never grown (runtime.ts says why); a problem
// that does not fit takes a plain Float64Array and the JS loops.
import { GEMV_WASM_BASE64 } from "../wasm/gemvModule.js";
import { instantiateWithMemory } from "../wasm/runtime.js";

export interface GemvHeap {
  readonly f64: Float64Array;
  /** y[c] += sum over r < rows of u[r] A[r, c], c < cols; A(r, c) at a + r * lda + c. */
  gemvT(a: number, lda: number, rows: number, cols: number, u: number, y: number): void;
  /** x[r] = sum over c < cols of A[r, c] z[c], r < rows. */
  gemvN(a: number, lda: number, rows: number, cols: number, z: number, x: number): void;
}

/** Which kernels run: wasm where the heap fits its memory ("auto"), or always the JS loops (tests). */
export type GemvPath = "auto" | "js";
let path: GemvPath = "auto";
export function setGemvPath(p: GemvPath): GemvPath {
  const old = path;
  path = p;
  return old;
}

/** The wasm memory's size: A, X and Y of a 2000 x 2000 bidiagonalisation fit. */
const WASM_BYTES = 32 << 20;

type Kernel = (a: number, lda: number, rows: number, cols: number, v: number, out: number) => void;
let wasm: { f64: Float64Array; gemvT: Kernel; gemvN: Kernel } | null | undefined;

function wasmKernels(): typeof wasm {
  if (wasm !== undefined) return wasm;
  const made = instantiateWithMemory(GEMV_WASM_BASE64, WASM_BYTES);
  wasm = made && { f64: new Float64Array(made.memory.buffer), gemvT: made.exports["gemv_t"] as Kernel, gemvN: made.exports["gemv_n"] as Kernel };
  return wasm;
}

/**
 * A heap of at least `elements` float64 values (not zeroed: the wasm one is reused) with its
 * kernels. One bidiagonalisation at a time may hold the wasm heap; the kernels run synchronously.
 */
export function gemvHeap(elements: number): GemvHeap {
  const w = path === "auto" && elements * 8 <= WASM_BYTES ? wasmKernels() : null;
  if (w) {
    return {
      f64: w.f64,
      gemvT: (a, lda, rows, cols, u, y) => w.gemvT(8 * a, 8 * lda, rows, cols, 8 * u, 8 * y),
      gemvN: (a, lda, rows, cols, z, x) => w.gemvN(8 * a, 8 * lda, rows, cols, 8 * z, 8 * x),
    };
  }
  const f64 = new Float64Array(elements);
  return { f64, gemvT: (...args) => gemvTJs(f64, ...args), gemvN: (...args) => gemvNJs(f64, ...args) };
}

function gemvTJs(h: Float64Array, a: number, lda: number, rows: number, cols: number, u: number, y: number): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const p0 = a + r * lda, p1 = p0 + lda, p2 = p1 + lda, p3 = p2 + lda;
    const u0 = h[u + r]!, u1 = h[u + r + 1]!, u2 = h[u + r + 2]!, u3 = h[u + r + 3]!;
    for (let c = 0; c < cols; c++) h[y + c] = h[y + c]! + (u0 * h[p0 + c]! + u1 * h[p1 + c]! + (u2 * h[p2 + c]! + u3 * h[p3 + c]!));
  }
  for (; r < rows; r++) {
    const p0 = a + r * lda, u0 = h[u + r]!;
    for (let c = 0; c < cols; c++) h[y + c] = h[y + c]! + u0 * h[p0 + c]!;
  }
}

function gemvNJs(h: Float64Array, a: number, lda: number, rows: number, cols: number, z: number, x: number): void {
  const even = cols & ~1;
  for (let r = 0; r < rows; r++) {
    const p = a + r * lda;
    let s0 = 0, s1 = 0;
    for (let c = 0; c < even; c += 2) {
      s0 += h[p + c]! * h[z + c]!;
      s1 += h[p + c + 1]! * h[z + c + 1]!;
    }
    let t = s0 + s1;
    if (even < cols) t += h[p + even]! * h[z + even]!;
    h[x + r] = t;
  }
}
