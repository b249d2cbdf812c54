// lax.convGeneralDilated and its conveniences (issue 21): values against a direct float64 loop
// written here over a grid of configurations (every padding kind, strides, both dilations, both
// group kinds, three layouts, 1/2/3-D, odd sizes), and over a second grid the indirect GEMM's
// routes (groups, unpadded strided-feature inputs, placed outputs; asserted taken, float64 and
// float32, jit twice against eager, gradients against the reference kernel); values from JAX
// 0.10.2 (x64) for a few cases and for convTranspose, convGeneralDilatedPatches, padtypeToPads and convDimensionNumbers;
// checkGrads order 2 in float64 on both operands; vmap against a loop over each operand; jit
// against eager (twice); JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jit, vmap, jet, clearCaches } from "../../src/index.js";
import { setConvKernelMode } from "../../backends/js/lowerings/conv.js";
import { setWasmDotMode } from "../../backends/js/wasm/wasmDot.js";
import type { Array } from "../../src/index.js";

const JsArray = globalThis.Array;
import { checkGrads } from "../util/checkGrads.js";

type Pads = [number, number][];

/** A deterministic pseudo-random float64 array. */
function rand(shape: number[], seed: number): Array {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v.push(s / 2 ** 31 - 1);
  }
  return np.array(v, { dtype: "float64" }).reshape(shape);
}

/** (arange(prod(shape)) % mod - off) / div, as the JAX scripts below build their inputs. */
const ramp = (shape: number[], mod: number, off: number, div: number): Array => {
  const n = shape.reduce((a, b) => a * b, 1);
  return np.array(JsArray.from({ length: n }, (_, i) => ((i % mod) - off) / div), { dtype: "float64" }).reshape(shape);
};

const stridesOf = (shape: readonly number[]): number[] => {
  const s = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
};

/**
 * The definition, in float64: out[n, o, p] = sum over the group's input features c and window
 * taps k of lhs[batch group's n, c, (p * stride + k * rhsDil - padLo) / lhsDil] * rhs[o, c, k],
 * where the input position must land on a real (undilated, unpadded) element.
 */
function reference(
  x: Array, w: Array, dn: lax.ConvDimensionNumbers, strides: number[], pads: Pads, lhsDil: number[], rhsDil: number[], fgc: number, bgc: number,
): { shape: number[]; data: number[] } {
  const xd = x.tolist() as unknown;
  const wd = w.tolist() as unknown;
  const flat = (v: unknown): number[] => (JsArray.isArray(v) ? v.flatMap(flat) : [v as number]);
  const X = flat(xd);
  const W = flat(wd);
  const xs = stridesOf(x.shape);
  const ws = stridesOf(w.shape);
  const S = x.ndim - 2;
  const L = dn.lhsSpec.map((d) => x.shape[d]!);
  const R = dn.rhsSpec.map((d) => w.shape[d]!);
  const outSp = JsArray.from({ length: S }, (_, d) => {
    const inD = (L[d + 2]! - 1) * lhsDil[d]! + 1 + pads[d]![0] + pads[d]![1];
    const kD = (R[d + 2]! - 1) * rhsDil[d]! + 1;
    return Math.max(Math.floor((inD - kD) / strides[d]!) + 1, 0);
  });
  const N = L[0]! / bgc;
  const O = R[0]!;
  const I = R[1]!;
  const canon = [N, O, ...outSp];
  const shape = new JsArray<number>(x.ndim);
  dn.outSpec.forEach((d, i) => (shape[d] = canon[i]!));
  const os = stridesOf(shape);
  const data = new JsArray<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  const outIdx = (c: number[]): number => c.reduce((a, v, i) => a + v * os[dn.outSpec[i]!]!, 0);
  const xIdx = (c: number[]): number => c.reduce((a, v, i) => a + v * xs[dn.lhsSpec[i]!]!, 0);
  const wIdx = (c: number[]): number => c.reduce((a, v, i) => a + v * ws[dn.rhsSpec[i]!]!, 0);
  const each = (dims: number[], f: (idx: number[]) => void): void => {
    const idx = dims.map(() => 0);
    if (dims.some((d) => d === 0)) return;
    for (;;) {
      f(idx);
      let k = dims.length - 1;
      while (k >= 0 && ++idx[k]! === dims[k]) idx[k--] = 0;
      if (k < 0) return;
    }
  };
  each(canon, ([n, o, ...p]) => {
    const g = Math.floor(o! / (O / fgc));
    const bg = Math.floor(o! / (O / bgc));
    let sum = 0;
    for (let c = 0; c < I; c++) {
      each(R.slice(2), (k) => {
        const pos: number[] = [];
        for (let d = 0; d < S; d++) {
          const q = p[d]! * strides[d]! + k[d]! * rhsDil[d]! - pads[d]![0];
          if (q < 0 || q % lhsDil[d]! !== 0 || q / lhsDil[d]! >= L[d + 2]!) return;
          pos.push(q / lhsDil[d]!);
        }
        sum += X[xIdx([bg * N + n!, g * I + c, ...pos])]! * W[wIdx([o!, c, ...k])]!;
      });
    }
    data[outIdx([n!, o!, ...p])] = sum;
  });
  return { shape, data };
}

const flatOf = (a: Array): number[] => {
  const flat = (v: unknown): number[] => (JsArray.isArray(v) ? v.flatMap(flat) : [v as number]);
  return flat(a.tolist());
};

function expectClose(got: Array, want: { shape: number[]; data: number[] }, tol: number): void {
  expect(got.shape).toEqual(want.shape);
  const g = flatOf(got);
  g.forEach((v, i) => expect(Math.abs(v - want.data[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want.data[i]!))));
}

const nhwcSpecs = ["NHWC", "HWIO", "NHWC"] as [string, string, string];

// Layout specs per spatial rank: canonical (NCHW/OIHW), channels-last (NHWC/HWIO) and a permuted one.
const LAYOUTS: Record<number, [string, [string, string, string]][]> = {
  1: [["NCH", ["NCH", "OIH", "NCH"]], ["NHC", ["NHC", "HIO", "NHC"]], ["permuted", ["CNH", "IHO", "HCN"]]],
  2: [["NCHW", ["NCHW", "OIHW", "NCHW"]], ["NHWC", ["NHWC", "HWIO", "NHWC"]], ["permuted", ["HCNW", "WOHI", "CWNH"]]],
  3: [["NCDHW", ["NCDHW", "OIDHW", "NCDHW"]], ["NDHWC", ["NDHWC", "DHWIO", "NDHWC"]], ["permuted", ["DNHCW", "HWIDO", "WCDNH"]]],
};

interface Config {
  name: string;
  S: number;
  /** Canonical sizes: batch, input features, spatial; output features; window. */
  n: number;
  c: number;
  sp: number[];
  o: number;
  k: number[];
  strides: number[];
  padding: string | Pads;
  lhsDil?: number[];
  rhsDil?: number[];
  fgc?: number;
  bgc?: number;
}

const CONFIGS: Config[] = [
  { name: "1-D VALID", S: 1, n: 2, c: 3, sp: [7], o: 4, k: [3], strides: [1], padding: "VALID" },
  { name: "1-D SAME stride 2", S: 1, n: 1, c: 2, sp: [9], o: 3, k: [4], strides: [2], padding: "SAME" },
  { name: "1-D SAME_LOWER stride 3", S: 1, n: 2, c: 1, sp: [8], o: 2, k: [2], strides: [3], padding: "SAME_LOWER" },
  { name: "1-D explicit with negative padding", S: 1, n: 1, c: 2, sp: [9], o: 2, k: [3], strides: [1], padding: [[-1, 2]] },
  { name: "1-D lhs dilation 2 (transposed)", S: 1, n: 2, c: 2, sp: [5], o: 3, k: [3], strides: [1], padding: [[2, 2]], lhsDil: [2] },
  { name: "1-D rhs dilation 3", S: 1, n: 1, c: 3, sp: [11], o: 2, k: [3], strides: [2], padding: "SAME", rhsDil: [3] },
  { name: "1-D feature groups 3", S: 1, n: 2, c: 6, sp: [7], o: 6, k: [3], strides: [1], padding: [[1, 1]], fgc: 3 },
  { name: "1-D batch groups 2", S: 1, n: 4, c: 3, sp: [6], o: 4, k: [2], strides: [1], padding: [[1, 0]], bgc: 2 },
  { name: "2-D 3x3 SAME", S: 2, n: 2, c: 3, sp: [5, 6], o: 4, k: [3, 3], strides: [1, 1], padding: "SAME" },
  { name: "2-D VALID strides (2, 3)", S: 2, n: 1, c: 2, sp: [7, 8], o: 3, k: [3, 2], strides: [2, 3], padding: "VALID" },
  { name: "2-D SAME_LOWER even window", S: 2, n: 2, c: 2, sp: [5, 5], o: 2, k: [2, 4], strides: [1, 2], padding: "SAME_LOWER" },
  { name: "2-D explicit asymmetric", S: 2, n: 1, c: 3, sp: [6, 5], o: 2, k: [3, 3], strides: [1, 1], padding: [[2, 0], [0, 3]] },
  { name: "2-D both dilations and strides", S: 2, n: 2, c: 2, sp: [5, 4], o: 3, k: [2, 3], strides: [2, 1], padding: [[1, 2], [2, 1]], lhsDil: [2, 3], rhsDil: [2, 1] },
  { name: "2-D depthwise (groups = channels, multiplier 2)", S: 2, n: 2, c: 4, sp: [6, 5], o: 8, k: [3, 3], strides: [1, 1], padding: "SAME", fgc: 4 },
  { name: "2-D depthwise stride 2 VALID", S: 2, n: 1, c: 5, sp: [7, 7], o: 5, k: [3, 3], strides: [2, 2], padding: "VALID", fgc: 5 },
  // 8 features, one output each: the wasm SIMD depthwise kernel in float32 channels-last.
  { name: "2-D depthwise 8 features, stride and rhs dilation", S: 2, n: 2, c: 8, sp: [7, 6], o: 8, k: [3, 2], strides: [2, 1], padding: "SAME", rhsDil: [1, 2], fgc: 8 },
  { name: "2-D depthwise 32 features (16 at a time), dilation and stride", S: 2, n: 2, c: 32, sp: [6, 7], o: 32, k: [3, 3], strides: [1, 2], padding: "SAME", rhsDil: [2, 1], fgc: 32 },
  { name: "2-D depthwise 12 features, negative padding", S: 2, n: 1, c: 12, sp: [6, 7], o: 12, k: [2, 3], strides: [1, 2], padding: [[-1, 2], [1, 0]], fgc: 12 },
  { name: "2-D feature groups 2 with rhs dilation", S: 2, n: 1, c: 4, sp: [7, 6], o: 6, k: [2, 2], strides: [1, 1], padding: "SAME", rhsDil: [2, 2], fgc: 2 },
  { name: "2-D batch groups 3", S: 2, n: 6, c: 2, sp: [4, 5], o: 3, k: [2, 2], strides: [1, 2], padding: [[0, 1], [1, 1]], bgc: 3 },
  { name: "2-D 1x1 window", S: 2, n: 2, c: 5, sp: [3, 4], o: 7, k: [1, 1], strides: [1, 1], padding: "VALID" },
  { name: "2-D window larger than the input (empty output)", S: 2, n: 1, c: 1, sp: [2, 3], o: 1, k: [3, 3], strides: [1, 1], padding: "VALID" },
  { name: "3-D SAME", S: 3, n: 1, c: 2, sp: [4, 3, 5], o: 3, k: [2, 3, 2], strides: [1, 1, 2], padding: "SAME" },
  { name: "3-D dilations and groups", S: 3, n: 2, c: 4, sp: [3, 4, 3], o: 4, k: [2, 2, 2], strides: [2, 1, 1], padding: [[1, 1], [0, 2], [1, 0]], lhsDil: [1, 2, 1], rhsDil: [1, 1, 2], fgc: 2 },
  { name: "3-D batch groups 2", S: 3, n: 4, c: 1, sp: [3, 3, 4], o: 2, k: [2, 2, 2], strides: [1, 1, 1], padding: "VALID", bgc: 2 },
];

/** The config's operands in the given layout, and the call's explicit padding. */
function setup(cfg: Config, specs: [string, string, string], seed: number) {
  const fgc = cfg.fgc ?? 1;
  const dn = lax.convDimensionNumbers(new JsArray(cfg.S + 2).fill(1), new JsArray(cfg.S + 2).fill(1), specs);
  const lhsCanon = [cfg.n, cfg.c, ...cfg.sp];
  const rhsCanon = [cfg.o, cfg.c / fgc, ...cfg.k];
  const lhsShape = new JsArray<number>(cfg.S + 2);
  const rhsShape = new JsArray<number>(cfg.S + 2);
  dn.lhsSpec.forEach((d, i) => (lhsShape[d] = lhsCanon[i]!));
  dn.rhsSpec.forEach((d, i) => (rhsShape[d] = rhsCanon[i]!));
  const x = rand(lhsShape, seed);
  const w = rand(rhsShape, seed + 7);
  const ones = new JsArray<number>(cfg.S).fill(1);
  const lhsDil = cfg.lhsDil ?? ones;
  const rhsDil = cfg.rhsDil ?? ones;
  const pads: Pads =
    typeof cfg.padding === "string" ? lax.padtypeToPads(cfg.sp, cfg.k.map((k, i) => (k - 1) * rhsDil[i]! + 1), cfg.strides, cfg.padding as "SAME") : cfg.padding;
  return { x, w, dn, lhsDil, rhsDil, pads, fgc, bgc: cfg.bgc ?? 1 };
}

/** Runs `f` with the convolution kernels chosen as `kernels` says (fresh compiled kernels). */
function withKernels(kernels: "auto" | "reference" | "wasm", f: () => void): void {
  const oldConv = setConvKernelMode(kernels === "reference" ? "reference" : "auto");
  const oldWasm = setWasmDotMode(kernels === "wasm" ? "always" : "auto");
  clearCaches();
  try {
    f();
  } finally {
    setConvKernelMode(oldConv);
    setWasmDotMode(oldWasm);
    clearCaches();
  }
}

// Each kernel against the loop: the fast ones as chosen ("auto": the JS product for these small
// sizes, depthwise where it applies), the wasm GEMM forced, and the reference kernel.
describe.each(["auto", "wasm", "reference"] as const)("convGeneralDilated against a direct float64 loop (%s kernels)", (kernels) => {
  for (const cfg of CONFIGS) {
    for (const [layout, specs] of LAYOUTS[cfg.S]!) {
      it(`${cfg.name}, ${layout}`, () => withKernels(kernels, () => {
        const s = setup(cfg, specs, cfg.name.length * 31 + layout.length);
        const want = reference(s.x, s.w, s.dn, cfg.strides, s.pads, s.lhsDil, s.rhsDil, s.fgc, s.bgc);
        const opts = { lhsDilation: cfg.lhsDil ?? null, rhsDilation: cfg.rhsDil ?? null, dimensionNumbers: specs, featureGroupCount: s.fgc, batchGroupCount: s.bgc };
        expectClose(lax.convGeneralDilated(s.x, s.w, cfg.strides, cfg.lhsDil ? s.pads : cfg.padding, opts), want, 1e-12);
        // float32: the same values to float32 rounding.
        const y32 = lax.convGeneralDilated(s.x.astype("float32"), s.w.astype("float32"), cfg.strides, s.pads, opts);
        expect(y32.dtype).toBe("float32");
        expectClose(y32.astype("float64"), want, 2e-5);
      }));
    }
  }
});

// The indirect GEMM's routes (backends/js/wasm/wasmIndirect.ts) against the loop: feature and
// batch groups (each group's B packed on its own), unpadded inputs whose features are strided
// (copied channels-last first), and outputs placed straight from the GEMM's C block (groups,
// channels-first and permuted layouts). Every config has runs of 3 or more input features, so
// each takes the indirect GEMM in every layout (asserted); float64 and float32, jit called twice
// against eager.
const INDIRECT_CONFIGS: Config[] = [
  { name: "1-D feature groups 2, stride 2, SAME", S: 1, n: 2, c: 8, sp: [11], o: 6, k: [3], strides: [2], padding: "SAME", fgc: 2 },
  { name: "1-D batch groups 2, rhs dilation 2, VALID", S: 1, n: 4, c: 5, sp: [9], o: 4, k: [3], strides: [1], padding: "VALID", rhsDil: [2], bgc: 2 },
  { name: "2-D unpadded, odd sizes", S: 2, n: 2, c: 6, sp: [9, 7], o: 5, k: [3, 3], strides: [1, 1], padding: "VALID" },
  { name: "2-D unpadded 1x1, stride 2", S: 2, n: 3, c: 7, sp: [5, 6], o: 3, k: [1, 1], strides: [2, 2], padding: "VALID" },
  { name: "2-D feature groups 3, explicit padding, stride, rhs dilation", S: 2, n: 2, c: 12, sp: [7, 8], o: 9, k: [3, 2], strides: [2, 1], padding: [[1, 2], [0, 1]], rhsDil: [1, 2], fgc: 3 },
  { name: "2-D batch groups 3, SAME_LOWER, stride", S: 2, n: 6, c: 4, sp: [6, 7], o: 6, k: [2, 3], strides: [1, 2], padding: "SAME_LOWER", bgc: 3 },
  { name: "2-D feature groups 2, lhs dilation (transposed)", S: 2, n: 2, c: 8, sp: [5, 4], o: 4, k: [3, 3], strides: [1, 1], padding: [[2, 2], [2, 2]], lhsDil: [2, 2], fgc: 2 },
  { name: "2-D feature groups 2, negative padding", S: 2, n: 1, c: 10, sp: [8, 7], o: 4, k: [2, 2], strides: [1, 1], padding: [[-1, 2], [1, -1]], fgc: 2 },
  // More than 128 output positions per image: batches are (image, group) pairs, not folded rows.
  { name: "2-D feature groups 4, 156 positions per image", S: 2, n: 2, c: 16, sp: [13, 12], o: 8, k: [3, 3], strides: [1, 1], padding: "SAME", fgc: 4 },
  { name: "3-D feature groups 2, unpadded, rhs dilation", S: 3, n: 2, c: 8, sp: [4, 5, 4], o: 4, k: [2, 2, 2], strides: [1, 1, 1], padding: "VALID", rhsDil: [1, 2, 1], fgc: 2 },
  { name: "3-D batch groups 2, SAME", S: 3, n: 4, c: 4, sp: [3, 4, 5], o: 2, k: [2, 3, 2], strides: [1, 1, 2], padding: "SAME", bgc: 2 },
  // Runs of 3 (the shortest taken): 3 features per group, taps apart under rhs dilation.
  { name: "2-D feature groups 2 of 3 features, rhs dilation 2", S: 2, n: 2, c: 6, sp: [7, 9], o: 4, k: [2, 3], strides: [1, 1], padding: "SAME", rhsDil: [2, 2], fgc: 2 },
];

const INDIRECT_GEMM = "dot_general on the wasm indirect GEMM";

describe("the indirect GEMM's routes against a direct float64 loop", () => {
  for (const cfg of INDIRECT_CONFIGS) {
    for (const [layout, specs] of LAYOUTS[cfg.S]!) {
      for (const dtype of ["float64", "float32"] as const) {
        it(`${cfg.name}, ${layout} (${dtype})`, () => withKernels("wasm", () => {
          const s = setup(cfg, specs, cfg.name.length * 17 + layout.length);
          const want = reference(s.x, s.w, s.dn, cfg.strides, s.pads, s.lhsDil, s.rhsDil, s.fgc, s.bgc);
          const opts = { lhsDilation: cfg.lhsDil ?? null, rhsDilation: cfg.rhsDil ?? null, dimensionNumbers: specs, featureGroupCount: s.fgc, batchGroupCount: s.bgc };
          const f = (x: Array, w: Array): Array => lax.convGeneralDilated(x, w, cfg.strides, s.pads, opts);
          const [x, w] = [s.x.astype(dtype), s.w.astype(dtype)];
          const jf = jit(f);
          expect(jf.lower(x, w).asText()).toContain(INDIRECT_GEMM);
          const eager = f(x, w);
          expectClose(eager.astype("float64"), want, dtype === "float64" ? 1e-12 : 2e-5);
          expect(jf(x, w).tolist()).toEqual(eager.tolist());
          expect(jf(x, w).tolist()).toEqual(eager.tolist());
        }));
      }
    }
  }

  // The gradients of grouped and unpadded channels-first convolutions: the lhs transpose (a
  // grouped convolution with the flipped kernel, over runs of the output features per group) and
  // the rhs transpose (batch groups over the input with its images as features, copied
  // channels-last) take the indirect GEMM too, given 3 or more of each.
  const GRADS: [string, Config, [string, string, string]][] = [
    ["feature groups 4, NHWC, SAME", { ...INDIRECT_CONFIGS[8]!, o: 16 }, LAYOUTS[2]![1]![1]],
    ["feature groups 3, NCHW, strided", { ...INDIRECT_CONFIGS[4]!, n: 4, o: 12 }, LAYOUTS[2]![0]![1]],
    ["unpadded NCHW", { ...INDIRECT_CONFIGS[2]!, n: 4 }, LAYOUTS[2]![0]![1]],
    ["batch groups 3, permuted", { ...INDIRECT_CONFIGS[5]!, n: 12, o: 12 }, LAYOUTS[2]![2]![1]],
  ];
  for (const [name, cfg, specs] of GRADS) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`gradients: ${name} (${dtype}), against the reference kernel`, () => {
        const s = setup(cfg, specs, 5);
        const opts = { lhsDilation: cfg.lhsDil ?? null, rhsDilation: cfg.rhsDil ?? null, dimensionNumbers: specs, featureGroupCount: s.fgc, batchGroupCount: s.bgc };
        const [x, w] = [s.x.astype(dtype), s.w.astype(dtype)];
        const ct = rand([...lax.convGeneralDilated(x, w, cfg.strides, s.pads, opts).shape], 9).astype(dtype);
        const loss = (a: Array, b: Array): Array => np.sum(lax.convGeneralDilated(a, b, cfg.strides, s.pads, opts).mul(ct));
        const grads = (): Float64Array[] => {
          const jg = jit(grad(loss, { argnums: [0, 1] }));
          const first = (jg(x, w) as Array[]).map((g) => g.tolist());
          expect((jg(x, w) as Array[]).map((g) => g.tolist())).toEqual(first);
          return (jg(x, w) as Array[]).map((g) => Float64Array.from(g.astype("float64").dataSync()));
        };
        let got: Float64Array[] = [];
        withKernels("wasm", () => {
          const text = jit(grad(loss, { argnums: [0, 1] })).lower(x, w).asText();
          expect(text.split(INDIRECT_GEMM).length - 1).toBe(2);
          got = grads();
        });
        let want: Float64Array[] = [];
        withKernels("reference", () => (want = grads()));
        const tol = dtype === "float64" ? 1e-12 : 2e-5;
        got.forEach((g, i) => g.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]![j]!)))));
      });
    }
  }
});

describe("kernels", () => {
  // More than 128 output positions per image: each image is one product (rows = positions), the
  // product scattered into NCHW or permuted outputs, with groups of both kinds.
  const LARGE: [string, Config, [string, string, string]][] = [
    ["NCHW feature groups", { name: "", S: 2, n: 2, c: 6, sp: [13, 12], o: 6, k: [3, 3], strides: [1, 1], padding: "SAME", fgc: 3 }, ["NCHW", "OIHW", "NCHW"]],
    ["permuted batch groups", { name: "", S: 2, n: 4, c: 3, sp: [12, 14], o: 4, k: [2, 3], strides: [1, 1], padding: "VALID", bgc: 2 }, ["HCNW", "WOHI", "CWNH"]],
    ["NHWC one group, padded", { name: "", S: 2, n: 2, c: 5, sp: [15, 11], o: 7, k: [3, 3], strides: [1, 1], padding: [[2, 1], [0, 3]] }, ["NHWC", "HWIO", "NHWC"]],
  ];
  for (const [name, cfg, specs] of LARGE) {
    it(`per-image products: ${name}`, () => withKernels("wasm", () => {
      const s = setup(cfg, specs, 77);
      const want = reference(s.x, s.w, s.dn, cfg.strides, s.pads, s.lhsDil, s.rhsDil, s.fgc, s.bgc);
      expectClose(lax.convGeneralDilated(s.x, s.w, cfg.strides, s.pads, { dimensionNumbers: specs, featureGroupCount: s.fgc, batchGroupCount: s.bgc }), want, 1e-12);
    }));
  }

  it("the forward and both transposes of a channels-last 3x3 convolution run as implicit GEMMs, the gradient's as one product", () => {
    const f = (x: Array, w: Array): Array => np.sum(lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: nhwcSpecs }));
    const text = jit(grad(f, { argnums: [0, 1] })).lower(rand([2, 12, 12, 8], 1), rand([3, 3, 8, 16], 2)).asText();
    expect(text).toContain("B=2 (images x groups), M=144");
    expect(text).toContain("B=1 (images x groups), M=72 rows");
  });

  it("integer convolutions wrap as int32 (the reference kernel)", () => {
    const x = np.array([[[1, 2, 3, 4, 5]]], { dtype: "int32" });
    const w = np.array([[[2, -1]]], { dtype: "int32" });
    expect(lax.convGeneralDilated(x, w, [1], "VALID").tolist()).toEqual([[[0, 1, 2, 3]]]);
    expect(lax.convGeneralDilated(x, w, [1], "VALID", { preferredElementType: "float32" }).dtype).toBe("float32");
  });
});

describe("values from JAX 0.10.2", () => {
  it("NHWC, stride (2, 1), SAME, rhs dilation (1, 2): values and gradients", () => {
    const x = ramp([2, 5, 6, 3], 7, 3, 4);
    const w = ramp([3, 3, 3, 4], 5, 2, 3);
    const f = (a: Array, b: Array): Array => lax.convGeneralDilated(a, b, [2, 1], "SAME", { rhsDilation: [1, 2], dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
    const y = f(x, w);
    expect(y.shape).toEqual([2, 3, 6, 4]);
    const want = [-0.8333333333333333, -0.7499999999999999, 0.5833333333333334, 0.25, -0.6666666666666665, 1.0, 1.0, 0.5833333333333333, 0.41666666666666663, -0.5833333333333333, -0.75, -0.5];
    flatOf(y).slice(0, 12).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 13));
    expect(np.sum(y).item()).toBeCloseTo(-0.0833333333333337, 12);
    const [gx, gw] = grad((a: Array, b: Array) => np.sum(np.sin(f(a, b))), { argnums: [0, 1] })(x, w) as [Array, Array];
    const wantGx = [0.3566753221724921, -0.44093609533769973, 0.5093262012734717, 0.10999881203806314, -0.6529863911498809, 0.5986484399244208, 0.1384989760345949, -0.6439329908524565];
    const wantGw = [0.9978609837273456, -0.2135376582741853, -0.055817208364521226, 0.5338449461336774, 0.4010542127397971, -0.5956933931296118, -0.33676018337526714, 1.0429026895363613];
    flatOf(gx).slice(0, 8).forEach((v, i) => expect(v).toBeCloseTo(wantGx[i]!, 12));
    flatOf(gw).slice(0, 8).forEach((v, i) => expect(v).toBeCloseTo(wantGw[i]!, 12));
    expect(np.sum(gx).item()).toBeCloseTo(-5.75822899957251, 11);
    expect(np.sum(gw).item()).toBeCloseTo(11.601600605007027, 11);
  });

  it("batch groups (1-D, batch_group_count=2)", () => {
    const x = ramp([4, 3, 5], 9, 4, 3);
    const w = ramp([6, 3, 2], 7, 3, 2);
    const y = lax.convGeneralDilated(x, w, [1], [[1, 0]], { batchGroupCount: 2 });
    expect(y.shape).toEqual([2, 6, 5]);
    const want = [0.33333333333333326, 1.6666666666666665, 1.1666666666666667, 0.6666666666666667, 0.16666666666666669, 1.3333333333333333, -1.5, -1.8333333333333333, -2.1666666666666665, -0.9999999999999999];
    flatOf(y).slice(0, 10).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 13));
  });

  it("convTranspose: SAME, VALID and explicit padding, with and without transposeKernel", () => {
    const x = ramp([1, 3, 4, 2], 5, 2, 2);
    const w = ramp([3, 3, 2, 3], 7, 3, 3);
    const wT = np.transpose(w, [0, 1, 3, 2]);
    const rows: [string | Pads, boolean, number[], number, number[]][] = [
      ["SAME", false, [1, 6, 8, 3], 2.1666666666666665, [-0.8333333333333334, 1.0, 0.5, 1.0, 0.5, 0.0]],
      ["SAME", true, [1, 6, 8, 3], -4.166666666666668, [1.0, 0.5, 0.0, -0.8333333333333334, 1.0, 0.5]],
      ["VALID", false, [1, 7, 9, 3], 2.6666666666666643, [-0.8333333333333334, 1.0, 0.5, 1.0, 0.5, 0.0]],
      ["VALID", true, [1, 7, 9, 3], 2.6666666666666656, [1.0, 0.5, 0.0, -0.8333333333333334, 1.0, 0.5]],
      [[[1, 2], [0, 1]], false, [1, 6, 6, 3], 5.833333333333334, [0.5, 0.16666666666666669, -1.3333333333333335, 0.5, -0.5, -0.3333333333333333]],
      [[[1, 2], [0, 1]], true, [1, 6, 6, 3], 0, [-0.5, -0.8333333333333333, 0, 0.5, -0.5, -0.3333333333333333]],
    ];
    for (const [pad, tk, shape, sum, head] of rows) {
      const y = lax.convTranspose(x, tk ? wT : w, [2, 2], pad, { transposeKernel: tk });
      expect(y.shape).toEqual(shape);
      expect(np.sum(y).item()).toBeCloseTo(sum, 12);
      flatOf(y).slice(0, 6).forEach((v, i) => expect(v).toBeCloseTo(head[i]!, 13));
    }
    const y = lax.convTranspose(x, w, [2, 1], [[1, 0], [2, 1]], { rhsDilation: [1, 2], useConsistentPadding: true });
    expect(y.shape).toEqual([1, 6, 5, 3]);
    expect(np.sum(y).item()).toBeCloseTo(6.500000000000001, 12);
    flatOf(y).slice(0, 6).forEach((v, i) => expect(v).toBeCloseTo([-1.5, -0.8333333333333333, 1.0, 0.6666666666666666, -0.5, -0.5][i]!, 13));
  });

  it("convGeneralDilatedPatches (NCHW VALID stride (1, 2); NHWC SAME)", () => {
    const x = np.arange(40, { dtype: "float64" }).reshape([1, 2, 4, 5]);
    const p = lax.convGeneralDilatedPatches(x, [2, 3], [1, 2], "VALID");
    expect(p.shape).toEqual([1, 12, 3, 2]);
    expect(flatOf(np.transpose(p.get(0), [1, 2, 0]).get(0).get(0))).toEqual([0, 1, 2, 5, 6, 7, 20, 21, 22, 25, 26, 27]);
    expect(flatOf(np.transpose(p.get(0), [1, 2, 0]).get(1).get(1))).toEqual([7, 8, 9, 12, 13, 14, 27, 28, 29, 32, 33, 34]);
    const q = lax.convGeneralDilatedPatches(np.transpose(x, [0, 2, 3, 1]), [2, 3], [1, 1], "SAME", null, null, ["NHWC", "OIHW", "NHWC"]);
    expect(q.shape).toEqual([1, 4, 5, 12]);
    expect(flatOf(q.get(0).get(0).get(0))).toEqual([0, 0, 1, 0, 5, 6, 0, 20, 21, 0, 25, 26]);
  });

  it("padtypeToPads and convDimensionNumbers", () => {
    expect(lax.padtypeToPads([5, 6, 7], [3, 2, 4], [2, 1, 3], "SAME")).toEqual([[1, 1], [0, 1], [1, 2]]);
    expect(lax.padtypeToPads([5, 6, 7], [3, 2, 4], [2, 1, 3], "SAME_LOWER")).toEqual([[1, 1], [1, 0], [2, 1]]);
    expect(lax.convDimensionNumbers([1, 5, 5, 3], [3, 3, 3, 8], ["NHWC", "HWIO", "NHWC"])).toEqual({ lhsSpec: [0, 3, 1, 2], rhsSpec: [3, 2, 0, 1], outSpec: [0, 3, 1, 2] });
    expect(lax.convDimensionNumbers([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], ["NCDHW", "IODHW", "NDHWC"])).toEqual({ lhsSpec: [0, 1, 2, 3, 4], rhsSpec: [1, 0, 2, 3, 4], outSpec: [0, 4, 1, 2, 3] });
    const dn = lax.convDimensionNumbers([1, 1, 1], [1, 1, 1]);
    expect(lax.convDimensionNumbers([1, 1, 1], [1, 1, 1], dn)).toBe(dn);
  });

  it("lax.conv and convWithGeneralPadding are conv_general_dilated with NCHW layouts", () => {
    const x = rand([1, 2, 5, 5], 3);
    const w = rand([3, 2, 3, 2], 4);
    expect(lax.conv(x, w, [1, 2], "SAME").tolist()).toEqual(lax.convGeneralDilated(x, w, [1, 2], "SAME").tolist());
    expect(lax.convWithGeneralPadding(x, w, [1, 1], [[1, 0], [2, 2]], [2, 1], [1, 2]).tolist()).toEqual(
      lax.convGeneralDilated(x, w, [1, 1], [[1, 0], [2, 2]], [2, 1], [1, 2]).tolist(),
    );
  });
});

describe("JAX's errors", () => {
  const ones = (s: number[]): Array => np.ones(s, { dtype: "float64" });
  it("shapes and params", () => {
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2]), [1], "VALID", { featureGroupCount: 2 })).toThrow(
      "conv_general_dilated feature_group_count must divide lhs feature dimension size, but 2 does not divide 3.",
    );
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2]), [1], "VALID", { batchGroupCount: 3 })).toThrow(
      "conv_general_dilated batch_group_count must divide lhs batch dimension size, but 3 does not divide 2.",
    );
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2, 2]), [1], "VALID")).toThrow(TypeError);
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2, 2]), [1], "VALID")).toThrow("convolution requires lhs and rhs ndim to be equal, got 3 and 4.");
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2]), [1], [[9, -20]])).toThrow(
      "Negative padding is larger than the size of the corresponding dimension: got padding=((9, -20),) for lhs_shape[2:]=(5,)",
    );
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2]), [1], "SAME", [2])).toThrow(/String padding is not implemented for transposed convolution/);
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2]), [1], "FOO")).toThrow("Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got FOO.");
    expect(() => lax.convGeneralDilated(ones([2, 3, 5]), ones([4, 3, 2]), [1], "VALID", { dimensionNumbers: ["NCH", "OIW", "NCH"] })).toThrow(
      "convolution dimension_numbers elements must each have the same set of spatial characters, got ('NCH', 'OIW', 'NCH').",
    );
    expect(() => lax.convGeneralDilated(ones([2, 4, 5]), ones([4, 2, 2]), [1], "VALID", { featureGroupCount: 2, batchGroupCount: 2 })).toThrow(
      "At most one of batch_group_count and feature_group_count may be > 1, got batch_group_count=2 and feature_group_count=2",
    );
    expect(() => lax.convGeneralDilated(ones([2, 4, 5]), ones([4, 3, 2]), [1], "VALID")).toThrow(
      "conv_general_dilated lhs feature dimension size divided by feature_group_count must equal the rhs input feature dimension size, but 4 // 1 != 3.",
    );
    expect(() => lax.convGeneralDilated(ones([2, 4, 5]), np.ones([4, 4, 2], { dtype: "float32" }), [1], "VALID")).toThrow(/requires arguments to have the same dtypes, got float64, float32/);
    expect(() => lax.convGeneralDilated(ones([2, 4, 5]), ones([4, 4, 2]), [1, 1], "VALID")).toThrow(/window_strides/);
  });
});

describe("transforms", () => {
  const nhwc = ["NHWC", "HWIO", "NHWC"] as [string, string, string];
  it("checkGrads order 2 in float64, both operands, across configurations", () => {
    const cases: [string, (x: Array, w: Array) => Array, number[], number[]][] = [
      ["NHWC stride 2 SAME", (x, w) => lax.convGeneralDilated(x, w, [2, 1], "SAME", { dimensionNumbers: nhwc }), [1, 4, 3, 2], [2, 2, 2, 3]],
      ["both dilations", (x, w) => lax.convGeneralDilated(x, w, [1, 2], [[1, 0], [0, 2]], [2, 1], [1, 2]), [1, 2, 3, 4], [2, 2, 2, 2]],
      ["feature groups", (x, w) => lax.convGeneralDilated(x, w, [1], [[1, 1]], { featureGroupCount: 2 }), [2, 4, 5], [4, 2, 2]],
      ["batch groups", (x, w) => lax.convGeneralDilated(x, w, [1], [[0, 1]], { batchGroupCount: 2 }), [4, 2, 4], [4, 2, 2]],
      ["depthwise NHWC", (x, w) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: nhwc, featureGroupCount: 3 }), [1, 3, 3, 3], [2, 2, 1, 3]],
      ["3-D permuted", (x, w) => lax.convGeneralDilated(x, w, [1, 1, 1], "VALID", { dimensionNumbers: ["DNHCW", "HWIDO", "WCDNH"] }), [2, 1, 3, 2, 2], [2, 2, 2, 2, 2]],
    ];
    cases.forEach(([, f, xs, ws], i) => checkGrads(f, [rand(xs, 11 + i), rand(ws, 23 + i)], 2));
  });

  it("vmap equals a loop over examples: lhs only, rhs only, both (plain, feature and batch groups)", () => {
    const variants: [string, (x: Array, w: Array) => Array, number[], number[]][] = [
      ["plain NHWC", (x, w) => lax.convGeneralDilated(x, w, [1, 2], "SAME", { dimensionNumbers: nhwc }), [2, 4, 5, 2], [3, 2, 2, 3]],
      ["feature groups", (x, w) => lax.convGeneralDilated(x, w, [1], [[1, 1]], { featureGroupCount: 2 }), [2, 4, 5], [6, 2, 2]],
      ["batch groups", (x, w) => lax.convGeneralDilated(x, w, [1], [[0, 1]], { batchGroupCount: 2 }), [4, 2, 4], [4, 2, 2]],
      ["permuted with dilations", (x, w) => lax.convGeneralDilated(x, w, [1, 1], [[1, 1], [0, 1]], [2, 1], [1, 2], ["HCNW", "WOHI", "CWNH"]), [3, 2, 2, 4], [2, 3, 2, 2]],
    ];
    const B = 3;
    variants.forEach(([, f, xs, ws], vi) => {
      const xb = rand([B, ...xs], 100 + vi);
      const wb = rand([B, ...ws], 200 + vi);
      const x0 = rand(xs, 300 + vi);
      const w0 = rand(ws, 400 + vi);
      const loop = (g: (i: number) => Array): number[] => flatOf(np.stack([0, 1, 2].map(g)));
      const close = (got: Array, want: number[]): void => flatOf(got).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
      close(vmap(f, { inAxes: [0, null] })(xb, w0), loop((i) => f(xb.get(i), w0)));
      close(vmap(f, { inAxes: [null, 0] })(x0, wb), loop((i) => f(x0, wb.get(i))));
      close(vmap(f)(xb, wb), loop((i) => f(xb.get(i), wb.get(i))));
      // The batch axis elsewhere than first, and vmap of vmap.
      const xm = np.moveaxis(xb, 0, xs.length);
      close(vmap(f, { inAxes: [xs.length, 0] })(xm, wb), loop((i) => f(xb.get(i), wb.get(i))));
      const xbb = np.stack([xb, xb.mul(2)]);
      close(vmap(vmap(f, { inAxes: [0, null] }), { inAxes: [0, null] })(xbb, w0), flatOf(np.stack([0, 1].map((j) => np.stack([0, 1, 2].map((i) => f(xbb.get(j).get(i), w0)))))));
    });
  });

  it("vmap over a grad (the batch rule composes with the transposes)", () => {
    const f = (x: Array, w: Array): Array => np.sum(np.tanh(lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: nhwc, featureGroupCount: 2 })));
    const xb = rand([3, 1, 4, 4, 4], 5);
    const w = rand([3, 3, 2, 4], 6);
    const got = vmap(grad(f, { argnums: [0, 1] }), { inAxes: [0, null] })(xb, w) as [Array, Array];
    [0, 1, 2].forEach((i) => {
      const [gx, gw] = grad(f, { argnums: [0, 1] })(xb.get(i), w) as [Array, Array];
      flatOf(got[0].get(i)).forEach((v, j) => expect(v).toBeCloseTo(flatOf(gx)[j]!, 12));
      flatOf(got[1].get(i)).forEach((v, j) => expect(v).toBeCloseTo(flatOf(gw)[j]!, 12));
    });
  });

  it("jit equals eager, called twice, with a fused bias + relu epilogue", () => {
    const f = (x: Array, w: Array, b: Array): Array => np.maximum(lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: nhwc }).add(b), 0);
    for (const dtype of ["float32", "float64"] as const) {
      const x = rand([2, 9, 7, 5], 1).astype(dtype);
      const w = rand([3, 3, 5, 6], 2).astype(dtype);
      const b = rand([6], 3).astype(dtype);
      const eager = f(x, w, b);
      const jf = jit(f);
      expect(jf(x, w, b).tolist()).toEqual(eager.tolist());
      expect(jf(x, w, b).tolist()).toEqual(eager.tolist());
      const text = jf.lower(x, w, b).asText();
      expect(text).toContain("conv_general_dilated");
      // The product stays in the GEMM's memory and the bias + relu loop reads it there.
      expect(text).toContain("conv_general_dilated, left where it was computed for its epilogue");
    }
  });

  it("jet (the bilinear maker): conv(x0 + x1 t, w0 + w1 t) has series conv(x1, w0) + conv(x0, w1) and 2 conv(x1, w1)", () => {
    const f = (x: Array, w: Array): Array => lax.convGeneralDilated(x, w, [1, 2], "SAME", { dimensionNumbers: nhwc, rhsDilation: [2, 1] });
    const [x0, x1, w0, w1] = [rand([1, 5, 6, 2], 1), rand([1, 5, 6, 2], 2), rand([2, 3, 2, 3], 3), rand([2, 3, 2, 3], 4)];
    const [y, [t1, t2]] = jet(f, [x0, w0], [[x1, np.zerosLike(x1)], [w1, np.zerosLike(w1)]]) as [Array, Array[]];
    const close = (a: Array, b: Array): void => flatOf(a).forEach((v, i) => expect(v).toBeCloseTo(flatOf(b)[i]!, 12));
    close(y, f(x0, w0));
    close(t1!, f(x1, w0).add(f(x0, w1)));
    close(t2!, f(x1, w1).mul(2));
  });

  it("jit(valueAndGrad) equals eager grad", () => {
    const f = (x: Array, w: Array): Array => np.sum(np.square(lax.convGeneralDilated(x, w, [2, 2], "SAME", { dimensionNumbers: nhwc })));
    const x = rand([2, 6, 6, 3], 8);
    const w = rand([3, 3, 3, 4], 9);
    const eager = grad(f, { argnums: [0, 1] })(x, w) as [Array, Array];
    const jg = jit(grad(f, { argnums: [0, 1] }));
    for (let t = 0; t < 2; t++) {
      const got = jg(x, w) as [Array, Array];
      flatOf(got[0]).forEach((v, i) => expect(v).toBeCloseTo(flatOf(eager[0])[i]!, 12));
      flatOf(got[1]).forEach((v, i) => expect(v).toBeCloseTo(flatOf(eager[1])[i]!, 12));
    }
  });
});

describe("lax.ConvDimensionNumbers", () => {
  it("builds the dimension numbers JAX's NamedTuple holds, usable in convGeneralDilated", () => {
    const dn = lax.ConvDimensionNumbers([0, 3, 1, 2], [3, 2, 0, 1], [0, 3, 1, 2]);
    expect(dn).toEqual(lax.convDimensionNumbers([1, 5, 5, 2], [3, 3, 2, 4], ["NHWC", "HWIO", "NHWC"]));
    const x = np.ones([1, 5, 5, 2]);
    const w = np.ones([3, 3, 2, 4]);
    const viaObject = lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: dn });
    const viaStrings = lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
    expect(viaObject.tolist()).toEqual(viaStrings.tolist());
    expect(() => lax.ConvDimensionNumbers([0, 1.5], [0, 1], [0, 1])).toThrow(TypeError);
  });
});
