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
