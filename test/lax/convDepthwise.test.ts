// The wasm SIMD depthwise convolution (backends/js/lowerings/convDepthwise.ts) beyond float32
// channels-last with a multiple of 4 features: feature counts padded to whole vectors (any count),
// float64 (f64x2), channels-first or permuted layouts (copied to channels-last per image), and
// channel multipliers (each input feature copied once per output feature it feeds),
// each against the reference kernel (convReference.ts: a direct float64 loop) on the same
// operands, under jit (twice) and eagerly.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, clearCaches } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { setConvKernelMode } from "../../backends/js/lowerings/conv.js";
import { mulberry32 } from "../util/random.js";

const rand = mulberry32(21);
function randn(shape: number[]): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  return np.array(Float64Array.from({ length: n }, () => 2 * rand() - 1), { shape, dtype: "float64" });
}

type Specs = [string, string, string];
const LAYOUTS: [string, Specs][] = [
  ["NHWC", ["NHWC", "HWIO", "NHWC"]],
  ["NCHW", ["NCHW", "OIHW", "NCHW"]],
  ["permuted", ["HCNW", "WOHI", "CWNH"]],
];

/** Operands of `shape`s in the layout: the canonical [N, C, H, W] / [O, 1, KH, KW] transposed into it. */
function operands(specs: Specs, n: number, c: number, o: number, hw: [number, number], k: [number, number]): [Array, Array] {
  const dn = lax.convDimensionNumbers([1, 1, 1, 1], [1, 1, 1, 1], specs);
  const inverse = (spec: readonly number[]): number[] => spec.map((_, d) => spec.indexOf(d));
  const x = randn([n, c, ...hw]).transpose(inverse(dn.lhsSpec));
  const w = randn([o, 1, ...k]).transpose(inverse(dn.rhsSpec));
  return [x, w];
}

/** `f` with the reference kernel (fresh compiled kernels). */
function onReference<T>(f: () => T): T {
  const old = setConvKernelMode("reference");
  clearCaches();
  try {
    return f();
  } finally {
    setConvKernelMode(old);
    clearCaches();
  }
}

function expectClose(got: Array, want: Array, tol: number): void {
  expect(got.shape).toEqual(want.shape);
  const [g, w] = [got.astype("float64").dataSync(), want.dataSync()];
  for (let i = 0; i < w.length; i++) expect(Math.abs(g[i]! - w[i]!), `element ${i}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[i]!)));
}

describe("the wasm SIMD depthwise kernel against the reference loop", () => {
  // [input features, output features]: below one vector, a tail after whole vectors, whole
  // vectors, four vectors; multipliers 2 and 3.
  const FEATURES: [number, number][] = [[3, 3], [5, 5], [6, 6], [7, 7], [12, 12], [17, 17], [32, 32], [3, 6], [5, 15]];
  for (const [layout, specs] of LAYOUTS) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${layout}, ${dtype}, features ${FEATURES.map(([c, o]) => `${c} -> ${o}`).join(", ")}: strides, dilation, SAME and explicit padding`, () => {
        for (const [c, o] of FEATURES) {
          const [x64, w64] = operands(specs, 2, c, o, [7, 6], [3, 2]);
          const [x, w] = [x64.astype(dtype), w64.astype(dtype)];
          const calls: ((a: Array, b: Array) => Array)[] = [
            (a, b) => lax.convGeneralDilated(a, b, [2, 1], "SAME", { dimensionNumbers: specs, featureGroupCount: c, rhsDilation: [1, 2] }),
            (a, b) => lax.convGeneralDilated(a, b, [1, 2], [[-1, 2], [1, 0]], { dimensionNumbers: specs, featureGroupCount: c }),
          ];
          for (const f of calls) {
            expect(jit(f).lower(x, w).source).toContain(`on the wasm SIMD kernel (${dtype}, ${o} features${o === c ? "" : ` (${o / c} per input feature)`}`);
            // The reference on the same (rounded) operands, in float64.
            const want = onReference(() => f(x.astype("float64"), w.astype("float64")));
            const tol = dtype === "float64" ? 1e-13 : 2e-6;
            const g = jit(f);
            for (const got of [g(x, w), g(x, w), f(x, w)]) {
              expect(got.dtype).toBe(dtype);
              expectClose(got, want, tol);
            }
          }
        }
      });
    }
  }

  it("a float32 convolution with a float64 result keeps the JS loop (summing in doubles)", () => {
    const [x, w] = [randn([1, 5, 5, 4]), randn([3, 3, 1, 8])];
    const f = (a: Array, b: Array): Array => lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 4, preferredElementType: "float64" });
    const [x32, w32] = [x.astype("float32"), w.astype("float32")];
    const source = jit(f).lower(x32, w32).source;
    expect(source).toContain("depthwise 3x3 over");
    expect(source).not.toContain("wasm SIMD");
    expectClose(f(x32, w32), onReference(() => f(x32.astype("float64"), w32.astype("float64"))), 1e-13);
  });
});

/**
 * out[b, y, z, f] = sum over taps (p, q) inside the input of x[b, y*sh + p*dh - lo0, z*sw + q*dw - lo1, f] * w[p, q, 0, f],
 * in float64 over the operands' values (NHWC and HWIO, one output feature per input feature).
 */
function directDepthwise(x: Array, w: Array, strides: [number, number], pads: [[number, number], [number, number]], dilation: [number, number]): Float64Array {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [kh, kw] = w.shape as [number, number];
  const [xs, ws] = [x.astype("float64").dataSync(), w.astype("float64").dataSync()];
  const size = (i: number, k: number, s: number, d: number, [lo, hi]: [number, number]): number => Math.floor((i + lo + hi - (k - 1) * d - 1) / s) + 1;
  const [oh, ow] = [size(h, kh, strides[0], dilation[0], pads[0]), size(wd, kw, strides[1], dilation[1], pads[1])];
  const out = new Float64Array(n * oh * ow * c);
  for (let b = 0; b < n; b++) for (let y = 0; y < oh; y++) for (let z = 0; z < ow; z++) for (let f = 0; f < c; f++) {
    let sum = 0;
    for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) {
      const [iy, iz] = [y * strides[0] + p * dilation[0] - pads[0][0], z * strides[1] + q * dilation[1] - pads[1][0]];
      if (iy >= 0 && iy < h && iz >= 0 && iz < wd) sum += xs[((b * h + iy) * wd + iz) * c + f]! * ws[(p * kw + q) * c + f]!;
    }
    out[((b * oh + y) * ow + z) * c + f] = sum;
  }
  return out;
}

/** Equal NaN and infinities, finite values within `tol` relative (to at least 1). */
function expectMatches(got: Array, want: Float64Array, tol: number): void {
  const g = got.astype("float64").dataSync();
  expect(g.length).toBe(want.length);
  // One expect for the whole array (the first few mismatches listed): an expect per element made
  // the 340 x 340 cases take 16 s each.
  const wrong: string[] = [];
  for (let i = 0; i < want.length && wrong.length < 5; i++) {
    const ok = Number.isFinite(want[i]!) ? Math.abs(g[i]! - want[i]!) <= tol * Math.max(1, Math.abs(want[i]!)) : Object.is(g[i], want[i]);
    if (!ok) wrong.push(`element ${i}: got ${g[i]}, want ${want[i]}`);
  }
  expect(wrong).toEqual([]);
}

describe("the wide kernels (whole 64-byte blocks of features): interior pixels without bounds checks, border pixels with", () => {
  interface Call {
    readonly title: string;
    readonly strides: [number, number];
    readonly padding: "SAME" | "VALID" | [[number, number], [number, number]];
    /** The padding as (low, high) pairs, for the direct loop. */
    readonly pads: [[number, number], [number, number]];
    readonly dilation: [number, number];
  }
  // A 9 x 10 image and a 3x3 window: interior and border pixels for each call but the last two.
  const CALLS: Call[] = [
    { title: "stride 1 SAME", strides: [1, 1], padding: "SAME", pads: [[1, 1], [1, 1]], dilation: [1, 1] },
    { title: "stride 2 VALID", strides: [2, 2], padding: "VALID", pads: [[0, 0], [0, 0]], dilation: [1, 1] },
    { title: "stride 2 SAME", strides: [2, 2], padding: "SAME", pads: [[1, 1], [0, 1]], dilation: [1, 1] },
    { title: "strides (1, 2), dilation 2, asymmetric padding", strides: [1, 2], padding: [[3, 0], [1, 2]], pads: [[3, 0], [1, 2]], dilation: [2, 2] },
    { title: "dilation (2, 1), padding (0, 2) and (2, 0)", strides: [1, 1], padding: [[0, 2], [2, 0]], pads: [[0, 2], [2, 0]], dilation: [2, 1] },
    { title: "negative padding (cropping)", strides: [1, 1], padding: [[1, -2], [0, -3]], pads: [[1, -2], [0, -3]], dilation: [1, 1] },
    { title: "dilation (5, 1) (the window taller than the image: no interior pixels)", strides: [1, 1], padding: [[5, 5], [1, 1]], pads: [[5, 5], [1, 1]], dilation: [5, 1] },
    { title: "dilation (1, 6) (the window wider than the image)", strides: [2, 1], padding: [[0, 1], [6, 5]], pads: [[0, 1], [6, 5]], dilation: [1, 6] },
  ];
  const conv = (call: Call, c: number) => (a: Array, b: Array): Array =>
    lax.convGeneralDilated(a, b, call.strides, call.padding, { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: c, rhsDilation: call.dilation });
  // Whole blocks (16 float32 or 8 float64 features each) and feature counts that are not.
  const FEATURES = { float32: [16, 32, 64, 20, 24], float64: [8, 16, 32, 6, 12] };
  for (const dtype of ["float32", "float64"] as const) {
    for (const call of CALLS) {
      it(`${dtype}, ${call.title}, features ${FEATURES[dtype].join(", ")}: against a direct float64 loop (jit twice, eager)`, () => {
        for (const c of FEATURES[dtype]) {
          const [x, w] = [randn([2, 9, 10, c]).astype(dtype), randn([3, 3, 1, c]).astype(dtype)];
          const f = conv(call, c);
          expect(jit(f).lower(x, w).source).toContain(`on the wasm SIMD kernel (${dtype}, ${c} features`);
          const want = directDepthwise(x, w, call.strides, call.pads, call.dilation);
          const g = jit(f);
          for (const got of [g(x, w), g(x, w), f(x, w)]) expectMatches(got, want, dtype === "float64" ? 1e-14 : 1e-6);
        }
      });
    }
    it(`${dtype}: windows 1x1, 2x5 and 5x5 (other tap tables), strides 1 and 2, against a direct float64 loop`, () => {
      const c = dtype === "float32" ? 32 : 16;
      const x = randn([2, 9, 10, c]).astype(dtype);
      const cases: [[number, number], [number, number], [[number, number], [number, number]]][] = [
        [[1, 1], [1, 1], [[0, 0], [0, 0]]],
        [[2, 5], [1, 1], [[1, 0], [2, 2]]],
        [[5, 5], [2, 1], [[2, 2], [1, 3]]],
      ];
      for (const [[kh, kw], strides, pads] of cases) {
        const w = randn([kh, kw, 1, c]).astype(dtype);
        const f = (a: Array, b: Array): Array => lax.convGeneralDilated(a, b, strides, pads, { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: c });
        const want = directDepthwise(x, w, strides, pads, [1, 1]);
        const g = jit(f);
        for (const got of [g(x, w), g(x, w)]) expectMatches(got, want, dtype === "float64" ? 1e-14 : 1e-6);
      }
    });
    it(`${dtype}: NaN and infinities in interior and border pixels propagate as in the direct loop`, () => {
      const c = dtype === "float32" ? 32 : 16;
      const values = Float64Array.from(randn([2, 9, 10, c]).dataSync());
      const put = (b: number, y: number, z: number, f: number, v: number): void => void (values[((b * 9 + y) * 10 + z) * c + f] = v);
      put(0, 4, 5, 3, NaN);
      put(0, 0, 0, 7, Infinity);
      put(1, 8, 9, 10, -Infinity);
      put(1, 4, 4, c - 1, Infinity);
      put(1, 4, 5, c - 1, -Infinity); // Inf - Inf: NaN where both are in the window
      const x = np.array(values, { shape: [2, 9, 10, c] }).astype(dtype);
      const kernel = Float64Array.from(randn([3, 3, 1, c]).dataSync());
      kernel[4 * c + 1] = Infinity; // the centre tap of feature 1: Inf times every input, NaN times zero
      const w = np.array(kernel, { shape: [3, 3, 1, c] }).astype(dtype);
      for (const call of [CALLS[0]!, CALLS[3]!]) {
        const want = directDepthwise(x, w, call.strides, call.pads, call.dilation);
        expect(want.some(Number.isNaN) && want.some((v) => v === Infinity) && want.some((v) => v === -Infinity)).toBe(true);
        const g = jit(conv(call, c));
        for (const got of [g(x, w), g(x, w)]) expectMatches(got, want, dtype === "float64" ? 1e-14 : 1e-6);
      }
    });
  }
});

describe("the one-vector kernels: an image too large for the wide kernels' padding", () => {
  // 3 features padded to a whole block (16 float32 or 8 float64 features) would overflow the
  // module's 7 MiB input region at 340 x 340 pixels; padded to whole vectors (4) they fit.
  for (const dtype of ["float32", "float64"] as const) {
    it(`${dtype}, 340 x 340 x 3, stride 1 SAME and stride 2 with dilation 2: against a direct float64 loop (jit twice)`, () => {
      const [x, w] = [randn([1, 340, 340, 3]).astype(dtype), randn([3, 3, 1, 3]).astype(dtype)];
      const calls: [[number, number], [[number, number], [number, number]], [number, number]][] = [
        [[1, 1], [[1, 1], [1, 1]], [1, 1]],
        [[2, 2], [[2, 1], [0, 3]], [2, 2]],
      ];
      for (const [strides, pads, dilation] of calls) {
        const f = (a: Array, b: Array): Array => lax.convGeneralDilated(a, b, strides, pads, { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 3, rhsDilation: dilation });
        expect(jit(f).lower(x, w).source).toContain(`on the wasm SIMD kernel (${dtype}, 3 features padded to 4`);
        const want = directDepthwise(x, w, strides, pads, dilation);
        const g = jit(f);
        for (const got of [g(x, w), g(x, w)]) expectMatches(got, want, dtype === "float64" ? 1e-14 : 1e-6);
      }
    });
  }
});
