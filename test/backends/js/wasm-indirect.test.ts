// The indirect GEMM (backends/js/wasm/wasmIndirect.ts): which convolutions take it, and its values
// against the packed wasm GEMM (float64: to rounding of the same summation; float32: both sum in
// f32 lanes, in depth blocks that differ) on odd sizes (partial register tiles, the last item's
// padded rows), runs of several lengths (kw x C where taps touch, C alone under rhs dilation, one
// input feature), several depth blocks, strides, several waves of staged images, the helper
// thread's items (bitwise equal to one thread's, with one group and with a B per group), and a
// resident product with its fused epilogue.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { numpy as np, lax, jit, grad, clearCaches } from "../../../src/index.js";
import type { Array } from "../../../src/index.js";
import { gemmHelperReady, gemmRuntime } from "../../../backends/js/wasm/runtime.js";
import { setWasmDotMode, setWasmDotThreads } from "../../../backends/js/wasm/wasmDot.js";
import { setWasmIndirect } from "../../../backends/js/wasm/wasmIndirect.js";
import { setConvKernelMode } from "../../../backends/js/lowerings/conv.js";
import { maxRelErr } from "../../util/compare.js";

const NHWC: [string, string, string] = ["NHWC", "HWIO", "NHWC"];
const INDIRECT = "dot_general on the wasm indirect GEMM";
const PACKED = "dot_general on the wasm SIMD GEMM";
const COPIED = "over a channels-last copy of the input";
const IN_PLACE = "over the input itself";

let helper = false;
beforeAll(async () => {
  helper = await gemmHelperReady();
});

afterEach(() => {
  setWasmIndirect(true);
  setWasmDotThreads(true);
  setWasmDotMode("auto");
  clearCaches();
});

/** A deterministic pseudo-random array in [-0.5, 0.5). */
function rand(shape: number[], seed: number, dtype: "float32" | "float64"): Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return np.array(v).reshape(shape).astype(dtype);
}

interface Case {
  readonly name: string;
  /** NHWC input and HWIO kernel shapes. */
  readonly x: number[];
  readonly w: number[];
  readonly strides: number[];
  readonly padding: "SAME" | "VALID" | [number, number][];
  readonly rhsDilation?: number[];
  readonly featureGroupCount?: number;
}

const conv = (c: Case) => (x: Array, w: Array): Array =>
  lax.convGeneralDilated(x, w, c.strides, c.padding, { dimensionNumbers: NHWC, rhsDilation: c.rhsDilation ?? null, featureGroupCount: c.featureGroupCount ?? 1 });

/** The convolution with the indirect kernel on or off (fresh kernels each time), and the lowered text. */
function run(c: Case, x: Array, w: Array, indirect: boolean): { values: Float64Array; text: string } {
  setWasmIndirect(indirect);
  clearCaches();
  const f = jit(conv(c));
  const values = Float64Array.from(f(x, w).astype("float64").dataSync());
  return { values, text: f.lower(x, w).asText() };
}

const CASES: Case[] = [
  // Runs of kw x C = 15 (the taps of a window row touch), 63 rows per image: a partial tile.
  { name: "3x3 SAME, 5 features, odd sizes", x: [2, 9, 7, 5], w: [3, 3, 5, 6], strides: [1, 1], padding: "SAME" },
  // Runs of C = 24 under rhs dilation; 5x5 window, K = 600: two depth blocks.
  { name: "5x5 rhs dilation 2, stride 2, two depth blocks", x: [3, 13, 12, 24], w: [5, 5, 24, 10], strides: [2, 2], padding: [[2, 3], [1, 0]], rhsDilation: [2, 2] },
  // One input feature: runs of kw = 5, as the first layer of a LeNet.
  { name: "5x5 SAME, one feature", x: [4, 12, 12, 1], w: [5, 5, 1, 20], strides: [1, 1], padding: "SAME" },
  // No padding: the input itself is staged; N = 37 pads the last column panel.
  { name: "3x3 VALID, 37 outputs", x: [2, 11, 10, 16], w: [3, 3, 16, 37], strides: [1, 1], padding: "VALID" },
  // More than one item (128 rows) per image.
  { name: "3x3 SAME, 300 positions per image", x: [2, 15, 20, 8], w: [3, 3, 8, 9], strides: [1, 1], padding: "SAME" },
];

describe("which convolutions take the indirect GEMM", () => {
  it("channels-last forward and gradients do; so does unpadded channels-first, copied channels-last", () => {
    setWasmDotMode("always");
    const c = CASES[0]!;
    const x = rand(c.x, 1, "float32");
    const w = rand(c.w, 2, "float32");
    expect(jit(conv(c)).lower(x, w).asText()).toContain(INDIRECT);
    // The gradient of a sum: the input gradient (the cotangent convolved with the flipped kernel)
    // and here the kernel gradient too (its depth, window positions x images, has runs of W x N).
    const text = jit(grad((a: Array, b: Array) => np.sum(conv(c)(a, b)), { argnums: [0, 1] })).lower(x, w).asText();
    expect(text.split(INDIRECT).length - 1).toBe(2);
    // Unpadded channels-first: the input's features are strided, so it is copied channels-last
    // (as a padded input is) for the indirect GEMM's runs of kw x C = 15.
    const nchw = jit((a: Array, b: Array) => lax.convGeneralDilated(a, b, [1, 1], "VALID")).lower(rand([2, 5, 9, 7], 3, "float32"), rand([6, 5, 3, 3], 4, "float32")).asText();
    expect(nchw).toContain(`${COPIED}\n// ${INDIRECT}`);
    expect(nchw).toContain("3 runs of 15");
    // One input feature, a 2x2 window: runs of kw = 2 either way, too short for the indirect
    // GEMM, so the packed GEMM reads the input itself (no copy); a 3x3 window's runs of 3 are
    // long enough, read in place.
    const one = (kw: number): string =>
      jit((a: Array, b: Array) => lax.convGeneralDilated(a, b, [1, 1], "VALID")).lower(rand([2, 1, 9, 7], 3, "float32"), rand([6, 1, kw, kw], 4, "float32")).asText();
    expect(one(2)).toContain(`${IN_PLACE}\n// ${PACKED}`);
    expect(one(3)).toContain(`${IN_PLACE}\n// ${INDIRECT}`);
  });
});

describe("the indirect GEMM against the packed one", () => {
  for (const dtype of ["float64", "float32"] as const) {
    for (const c of CASES) {
      it(`${c.name} (${dtype})`, () => {
        setWasmDotMode("always");
        setWasmDotThreads(false);
        const x = rand(c.x, 5, dtype);
        const w = rand(c.w, 6, dtype);
        const got = run(c, x, w, true);
        const want = run(c, x, w, false);
        expect(got.text).toContain(INDIRECT);
        expect(want.text).not.toContain(INDIRECT);
        expect(maxRelErr(got.values, want.values)).toBeLessThan(dtype === "float64" ? 1e-13 : 1e-5);
      });
    }
  }

  it("images staged in several waves (the inputs exceed the staging area)", () => {
    // 48 float64 images of 40 x 40 x 32 (19.7 MB of input; the staging area holds 16 MiB).
    const c: Case = { name: "", x: [48, 40, 40, 32], w: [3, 3, 32, 8], strides: [1, 1], padding: "VALID" };
    setWasmDotThreads(false);
    const x = rand(c.x, 7, "float64");
    const w = rand(c.w, 8, "float64");
    const got = run(c, x, w, true);
    expect(got.text).toMatch(/wasm indirect GEMM.* [2-9] wave\(s\)/);
    expect(maxRelErr(got.values, run(c, x, w, false).values)).toBeLessThan(1e-13);
  });

  // 8 x 24 x 24 positions, K = 576, N = 64: 2^27 multiply-adds, 36 items; and 4 groups (each
  // batch reading its group's B from the per-batch table): 2^25 multiply-adds, 160 items.
  const THREADED: Case[] = [
    { name: "one group", x: [8, 24, 24, 64], w: [3, 3, 64, 64], strides: [1, 1], padding: "SAME" },
    { name: "4 feature groups", x: [8, 24, 24, 64], w: [3, 3, 16, 64], strides: [1, 1], padding: "SAME", featureGroupCount: 4 },
  ];
  for (const c of THREADED) {
    it(`the helper thread's items: the same values as one thread's, bit for bit (${c.name})`, () => {
      expect(helper).toBe(true);
      const rt = gemmRuntime()!;
      const real = rt.helper!;
      let helped = 0;
      rt.helper = { ...real, wait: () => (real.wait() ? (helped++, true) : false) };
      try {
        const x = rand(c.x, 9, "float32");
        const w = rand(c.w, 10, "float32");
        setWasmDotThreads(false);
        const { values: one, text } = run(c, x, w, true);
        expect(text).toContain(`${c.featureGroupCount ?? 1} packed B`);
        setWasmDotThreads(true);
        for (let tries = 0; tries < 30 && helped === 0; tries++) expect(run(c, x, w, true).values).toEqual(one);
        expect(helped).toBeGreaterThan(0);
      } finally {
        rt.helper = real;
      }
    });
  }

  it("a resident product under a fused bias + relu epilogue, against the reference kernel", () => {
    const f = (x: Array, w: Array, b: Array): Array => np.maximum(lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: NHWC }).add(b), 0);
    const x = rand([3, 10, 9, 12], 11, "float64");
    const w = rand([3, 3, 12, 10], 12, "float64");
    const b = rand([10], 13, "float64");
    const jf = jit(f);
    const text = jf.lower(x, w, b).asText();
    expect(text).toContain(INDIRECT);
    expect(text).toContain("conv_general_dilated, left where it was computed for its epilogue");
    const got = Float64Array.from(jf(x, w, b).dataSync());
    expect(Float64Array.from(jf(x, w, b).dataSync())).toEqual(got);
    const old = setConvKernelMode("reference");
    clearCaches();
    try {
      expect(maxRelErr(got, Float64Array.from(f(x, w, b).dataSync()))).toBeLessThan(1e-13);
    } finally {
      setConvKernelMode(old);
    }
  });
});
