// Large FFT batches on two cores (backends/js/fft/parallel.ts): the helper thread takes part in a
// large batch (it counts the tasks it ran), and every result equals the one-thread result bit for
// bit: the kernels on typed arrays (fft, ifft, rfft, irfft of even and odd lengths, Bluestein
// lengths, middle axes) in float32 and float64, against the same batch with the helper off and
// against each row transformed alone (too small to split: the plain loop); np.fft eagerly and
// under jit (called twice) for complex64, complex128, float32 and float64 operands, fft2 and
// irfft2 included. Small batches never reach the helper. With no shared memory (a page that is
// not cross-origin isolated) batches run on one thread with the same results.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { numpy as np, lax, jit, type Array } from "../../src/index.js";
import { kernelPoolReady } from "../../backends/js/index.js";
import { fftMiddleAxis, fftRows, fftTasksOnHelper, fftTrailing, irfftRows, rfftRows } from "../../backends/js/fft/index.js";
import type { FloatArray } from "../../backends/js/linalg/types.js";
import { mulberry32 } from "../util/random.js";
import { oneThread } from "../util/threads.js";

type Float = "float32" | "float64";

function randomFloats(dtype: Float, length: number, seed: number): FloatArray {
  const rand = mulberry32(seed);
  const out = dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = 2 * rand() - 1;
  return out;
}

/** Index of the first element where a and b differ as bits (-1: none), without vitest's slow diff of long arrays. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Runs `f` until the helper has run some of its tasks (it may miss a call on a loaded machine); returns the tasks it ran. */
function helperTasksOf(f: () => void): number {
  let tasks = 0;
  for (let round = 0; round < 20 && tasks === 0; round++) {
    const before = fftTasksOnHelper();
    f();
    tasks = fftTasksOnHelper() - before;
  }
  return tasks;
}

/** A batched kernel: `rows` rows of length n from input into a fresh output of the same type. */
interface RowKernel {
  readonly name: string;
  readonly inLength: (n: number) => number;
  readonly outLength: (n: number) => number;
  readonly run: (input: FloatArray, output: FloatArray, rows: number, n: number) => void;
}

const KERNELS: readonly RowKernel[] = [
  { name: "fft", inLength: (n) => 2 * n, outLength: (n) => 2 * n, run: (i, o, rows, n) => fftRows(i, o, rows, n, false) },
  { name: "ifft", inLength: (n) => 2 * n, outLength: (n) => 2 * n, run: (i, o, rows, n) => fftRows(i, o, rows, n, true) },
  { name: "rfft", inLength: (n) => n, outLength: (n) => 2 * ((n >> 1) + 1), run: rfftRows },
  { name: "irfft", inLength: (n) => 2 * ((n >> 1) + 1), outLength: (n) => n, run: irfftRows },
];

const newLike = (a: FloatArray, length: number): FloatArray => (a instanceof Float32Array ? new Float32Array(length) : new Float64Array(length));

beforeAll(async () => {
  await kernelPoolReady();
});

describe("FFT batches on two threads", () => {
  // 1024 points (radix 4 and 2), 1000 (2, 4, 5), 1001 (7, 11, 13: the generic odd pass; odd for
  // the real FFTs) and 1031 (prime: Bluestein).
  for (const dtype of ["float32", "float64"] as const) {
    for (const k of KERNELS) {
      it(`${k.name} ${dtype}: a large batch is split with the helper, bit for bit the one-thread and the row-by-row results`, () => {
        for (const [rows, n] of [[300, 1024], [129, 1000], [64, 1001], [40, 1031]] as const) {
          const input = randomFloats(dtype, rows * k.inLength(n), n);
          const split = newLike(input, rows * k.outLength(n));
          expect(helperTasksOf(() => k.run(input, split, rows, n))).toBeGreaterThan(0);
          const single = newLike(input, split.length);
          oneThread(() => k.run(input, single, rows, n));
          expect(firstDifference(split, single)).toBe(-1);
          // Each row alone is below the split size: the plain loop on this thread.
          const byRow = newLike(input, split.length);
          const before = fftTasksOnHelper();
          for (let r = 0; r < rows; r++) {
            k.run(input.subarray(r * k.inLength(n), (r + 1) * k.inLength(n)), byRow.subarray(r * k.outLength(n), (r + 1) * k.outLength(n)), 1, n);
          }
          expect(fftTasksOnHelper()).toBe(before);
          expect(firstDifference(split, byRow)).toBe(-1);
        }
      });
    }
  }

  it("along a middle axis and over two trailing axes (fft2, rfft2, irfft2): split, bit for bit one thread", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const input = randomFloats(dtype, 2 * 3 * 256 * 200, 7);
      const split = newLike(input, input.length);
      expect(helperTasksOf(() => fftMiddleAxis(input, split, 3, 256, 200, true))).toBeGreaterThan(0);
      const single = newLike(input, input.length);
      oneThread(() => fftMiddleAxis(input, single, 3, 256, 200, true));
      expect(firstDifference(split, single)).toBe(-1);
      for (const kind of ["FFT", "IFFT", "RFFT", "IRFFT"] as const) {
        const [rows, cols] = [384, 320];
        const inLength = kind === "RFFT" ? rows * cols : kind === "IRFFT" ? 2 * rows * (cols / 2 + 1) : 2 * rows * cols;
        const outLength = kind === "RFFT" ? 2 * rows * (cols / 2 + 1) : kind === "IRFFT" ? rows * cols : 2 * rows * cols;
        const x = randomFloats(dtype, 2 * inLength, 11);
        const two = newLike(x, 2 * outLength), one = newLike(x, 2 * outLength);
        expect(helperTasksOf(() => fftTrailing(kind, x, two, 2, [rows, cols]))).toBeGreaterThan(0);
        oneThread(() => fftTrailing(kind, x, one, 2, [rows, cols]));
        expect(firstDifference(two, one)).toBe(-1);
      }
    }
  });

  it("in place (input and output the same unshared array: copied for the helper and back)", () => {
    const x = randomFloats("float64", 2 * 200 * 512, 3);
    let y = x.slice();
    // Each try transforms a fresh copy in place.
    expect(
      helperTasksOf(() => {
        y = x.slice();
        fftRows(y, y, 200, 512, false);
      }),
    ).toBeGreaterThan(0);
    const want = new Float64Array(x.length);
    oneThread(() => fftRows(x, want, 200, 512, false));
    expect(firstDifference(y, want)).toBe(-1);
  });

  it("small batches stay on this thread", () => {
    const before = fftTasksOnHelper();
    const x = randomFloats("float32", 2 * 8 * 1024, 5);
    fftRows(x, new Float32Array(x.length), 8, 1024, false);
    fftRows(randomFloats("float64", 2 * 1000 * 8, 6), new Float64Array(2 * 1000 * 8), 1000, 8, true);
    expect(fftTasksOnHelper()).toBe(before);
  });
});

describe("np.fft on large batches: eager, jit and one thread agree bit for bit", () => {
  const rand = mulberry32(99);
  const real = (dtype: Float, shape: number[]): Array => {
    const size = shape.reduce((a, b) => a * b, 1);
    return np.array(Float64Array.from({ length: size }, () => 2 * rand() - 1), { dtype }).reshape(shape);
  };
  const bits = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>);

  const cases: [string, Float, (x: Array) => Array][] = [];
  for (const dtype of ["float32", "float64"] as const) {
    const c = dtype === "float32" ? "complex64" : "complex128";
    cases.push(
      [`fft ${c} [512, 1024]`, dtype, (x) => np.fft.fft(x)],
      [`ifft ${c} [512, 1024]`, dtype, (x) => np.fft.ifft(x)],
      [`rfft ${dtype} [512, 1024]`, dtype, (x) => np.fft.rfft(lax.real(x))],
      [`irfft ${c} [512, 1024] -> n = 2046`, dtype, (x) => np.fft.irfft(x)],
      [`fft2 ${c} [512, 1024]`, dtype, (x) => np.fft.fft2(x)],
      [`irfft2 ${c} [512, 1024]`, dtype, (x) => np.fft.irfft2(x)],
    );
  }
  for (const [name, dtype, f] of cases) {
    it(name, () => {
      const x = lax.complex(real(dtype, [512, 1024]), real(dtype, [512, 1024]));
      let eager: Array | undefined;
      expect(helperTasksOf(() => void (eager = f(x)))).toBeGreaterThan(0);
      const g = jit(f);
      const first = bits(g(x));
      const second = bits(g(x));
      const single = bits(oneThread(() => f(x)));
      const want = bits(eager!);
      expect(firstDifference(first, want)).toBe(-1);
      expect(firstDifference(second, want)).toBe(-1);
      expect(firstDifference(single, want)).toBe(-1);
    });
  }
});

describe("without shared memory (a page that is not cross-origin isolated)", () => {
  it("large batches run on one thread, with the same results", async () => {
    const x = randomFloats("float32", 2 * 256 * 1024, 21);
    const want = new Float32Array(x.length);
    oneThread(() => fftRows(x, want, 256, 1024, false));
    const globals = globalThis as { crossOriginIsolated?: boolean };
    globals.crossOriginIsolated = false;
    vi.resetModules();
    try {
      const fresh = await import("../../backends/js/fft/index.js");
      const got = new Float32Array(x.length);
      fresh.fftRows(x, got, 256, 1024, false);
      expect(fresh.fftTasksOnHelper()).toBe(0);
      expect(firstDifference(got, want)).toBe(-1);
    } finally {
      delete globals.crossOriginIsolated;
      vi.resetModules();
    }
  });
});
