// `npm run bench conv`: convolutions on the CPU (issue 21). Cases, in one table:
//   - a 3x3 convolution, 64 -> 64 features on 8 x 56 x 56, NHWC, "SAME": forward;
//   - the same, forward + backward: jit(valueAndGrad(sum of the convolution)) in both operands;
//   - a depthwise 3x3 convolution (64 groups of one feature) on the same input;
//   - a CNN training step (bench/cnnStep.ts: dprog, jax-js, and TF.js cpu only when asked);
//   - max and average pooling (bench/pooling.ts's cases).
// Contenders: dprog (jit), a hand-written JS loop doing the same arithmetic directly (no im2col),
// TF.js on its wasm backend (tf.conv2d / tf.depthwiseConv2d, XNNPACK) and jax-js on wasm
// (lax.convGeneralDilated under jit; jax-js takes NCHW/OIHW only, so it runs on transposed
// copies, made outside the timing). Every timed call reads its result back as a typed array.
// Each library runs in its own process (bench/cases.ts's runCases).
//
// The 3x3 convolutions' JS loops take seconds per call: they are timed once and not paired with
// every sample (the ratios there are of medians, each from its own process). jax-js's
// convolutions take about a minute per call here (its backward several; its CNN training step
// about half a minute): the JS loops and jax-js are timed on their checked first call alone where it
// takes SLOW_FIRST_CALL_MS or more (jax-js's trace and compile are then a negligible part of it).
//
// DPROG_BENCH_ROWS=depthwise (parts of case titles) runs only those cases;
// DPROG_BENCH_CONTENDERS=dprog,tfWasm (contender kinds: hand, dprog, tfCpu, tfWasm, jax) times
// only those (and each case's reference, which the others are checked against).
import { numpy as np, lax, jit, valueAndGrad } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { KINDS, runCases, type Case, type Kind } from "./cases.js";
import { cnnTrainingStep } from "./cnnStep.js";
import { poolingCases } from "./pooling.js";

const N = 8;
const H = 56;
const W = 56;
const C = 64;
const O = 64;
const K = 3;

// ---- data ----

function fill(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}
const X = fill(N * H * W * C, 1); // NHWC
const WK = fill(K * K * C * O, 2); // HWIO
const WD = fill(K * K * C, 3); // HWIO depthwise: [3, 3, 1, C]

/** NHWC -> NCHW (and HWIO -> OIHW) copies for jax-js. */
function toChannelsFirst(x: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++) for (let y = 0; y < h; y++) for (let z = 0; z < w; z++) for (let f = 0; f < c; f++) out[((b * c + f) * h + y) * w + z] = x[((b * h + y) * w + z) * c + f]!;
  return out;
}
function hwioToOihw(w: Float32Array, kh: number, kw: number, i: number, o: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++) for (let z = 0; z < kw; z++) for (let a = 0; a < i; a++) for (let b = 0; b < o; b++) out[((b * i + a) * kh + y) * kw + z] = w[((y * kw + z) * i + a) * o + b]!;
  return out;
}

// ---- the hand-written JS loops (NHWC, HWIO, "SAME" 3x3 stride 1: one pixel of padding) ----

/** Calls `f(xb, tap)` for each tap of the 3x3 window at output pixel (b, y, z) that lies inside the image: xb is the input pixel's offset. */
function forEachTap(b: number, y: number, z: number, f: (xb: number, tap: number) => void): void {
  for (let p = 0; p < K; p++) {
    const iy = y + p - 1;
    if (iy < 0 || iy >= H) continue;
    for (let q = 0; q < K; q++) {
      const iz = z + q - 1;
      if (iz >= 0 && iz < W) f(((b * H + iy) * W + iz) * C, p * K + q);
    }
  }
}

/** Calls `f(b, y, z, o)` for each output pixel, o its offset in an NHWC output of `features` features. */
function forEachPixel(features: number, f: (b: number, y: number, z: number, o: number) => void): void {
  for (let b = 0; b < N; b++) for (let y = 0; y < H; y++) for (let z = 0; z < W; z++) f(b, y, z, ((b * H + y) * W + z) * features);
}

/** out[n, y, z, o] = sum over taps and input features; the output features innermost (contiguous in w). */
function jsConv(x: Float32Array, w: Float32Array): Float32Array {
  const out = new Float32Array(N * H * W * O);
  const acc = new Float64Array(O);
  forEachPixel(O, (b, y, z, at) => {
    acc.fill(0);
    forEachTap(b, y, z, (xb, tap) => {
      for (let c = 0; c < C; c++) {
        const xv = x[xb + c]!;
        const wr = (tap * C + c) * O;
        for (let o = 0; o < O; o++) acc[o] = acc[o]! + xv * w[wr + o]!;
      }
    });
    out.set(acc, at);
  });
  return out;
}

/** The gradients of sum(conv(x, w)): dx[n, iy, iz, c] = sum of w over the taps that read it; dw = sum of x over the positions. */
function jsConvGrads(x: Float32Array, w: Float32Array): Float32Array {
  // The forward value is part of valueAndGrad's work.
  jsConv(x, w);
  const dx = new Float32Array(x.length);
  const dw = new Float64Array(w.length);
  const wSum = new Float64Array(K * K * C);
  for (let t = 0; t < K * K * C; t++) for (let o = 0; o < O; o++) wSum[t] = wSum[t]! + w[t * O + o]!;
  forEachPixel(O, (b, y, z) =>
    forEachTap(b, y, z, (xb, tap) => {
      for (let c = 0; c < C; c++) {
        dx[xb + c] = dx[xb + c]! + wSum[tap * C + c]!;
        // d/dw of sum(out): every output feature o gets x for this tap.
        const xv = x[xb + c]!;
        const wr = (tap * C + c) * O;
        for (let o = 0; o < O; o++) dw[wr + o] = dw[wr + o]! + xv;
      }
    }),
  );
  return dx;
}

function jsDepthwise(x: Float32Array, w: Float32Array): Float32Array {
  const out = new Float32Array(N * H * W * C);
  const acc = new Float64Array(C);
  forEachPixel(C, (b, y, z, at) => {
    acc.fill(0);
    forEachTap(b, y, z, (xb, tap) => {
      for (let c = 0; c < C; c++) acc[c] = acc[c]! + x[xb + c]! * w[tap * C + c]!;
    });
    out.set(acc, at);
  });
  return out;
}

// ---- cases ----

const NHWC = ["NHWC", "HWIO", "NHWC"] as [string, string, string];
const read = (a: DArray): Float32Array => a.dataSync() as Float32Array;
type JArray = import("@jax-js/jax").Array;
type TfTensor4D = import("@tensorflow/tfjs").Tensor4D;

/** From this long, the JS loops' and jax-js's checked first call is their one timed sample (see the header). */
const SLOW_FIRST_CALL_MS = 2000;

/** Timed samples per contender. */
const REPEATS = 11;

/** The settings the convolution cases share: checked against the JS loops to float32 accuracy. */
const CONV_CASE = { unit: "ms", tol: 1e-3, repeats: REPEATS, warmup: 2 } as const;

/** jax-js computes NCHW: its result is compared after moving features last. */
function toChannelsLast(r: Float32Array, features: number): Float32Array {
  const back = new Float32Array(r.length);
  for (let b = 0; b < N; b++) for (let f = 0; f < features; f++) for (let p = 0; p < H * W; p++) back[(b * H * W + p) * features + f] = r[(b * features + f) * H * W + p]!;
  return back;
}

const conv3x3Forward: Case = {
  ...CONV_CASE,
  title: "conv 3x3, 64 -> 64, 8x56x56 NHWC, forward",
  // The JS loop takes seconds per call.
  paired: false,
  contenders: {
    hand: () => ({ name: "hand-written JS loop", run: () => [jsConv(X, WK)], timeFirstCallFromMs: SLOW_FIRST_CALL_MS }),
    dprog: () => {
      const x = np.array(X).reshape([N, H, W, C]);
      const w = np.array(WK).reshape([K, K, C, O]);
      const f = jit((a: DArray, b: DArray) => lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: NHWC }));
      return { name: "dprog jit", run: () => [read(f(x, w))] };
    },
    tfWasm: ({ tf }) => {
      const tx = tf!.tensor4d(X, [N, H, W, C]);
      const tw = tf!.tensor4d(WK, [K, K, C, O]);
      return { name: "TF.js wasm conv2d", run: () => [tf!.tidy(() => tf!.conv2d(tx, tw, 1, "same")).dataSync()], dispose: () => tf!.dispose([tx, tw]) };
    },
    jax: ({ jax }) => {
      const jx = jax!.numpy.array(toChannelsFirst(X, N, H, W, C)).reshape([N, C, H, W]);
      const jw = jax!.numpy.array(hwioToOihw(WK, K, K, C, O)).reshape([O, C, K, K]);
      const g = jax!.jit((a: JArray, b: JArray) => jax!.lax.convGeneralDilated(a, b, [1, 1], "SAME"));
      return {
        timeFirstCallFromMs: SLOW_FIRST_CALL_MS,
        name: "jax-js wasm jit (NCHW)",
        run: () => [toChannelsLast(g(jx.ref, jw.ref).dataSync() as Float32Array, O)],
        dispose: () => {
          jx.dispose();
          jw.dispose();
        },
      };
    },
  },
};

const conv3x3Backward: Case = {
  ...CONV_CASE,
  title: "conv 3x3, 64 -> 64, 8x56x56 NHWC, forward + backward (value and both gradients; the input's gradient compared)",
  paired: false,
  contenders: {
    hand: () => ({ name: "hand-written JS loops", run: () => [jsConvGrads(X, WK)], timeFirstCallFromMs: SLOW_FIRST_CALL_MS }),
    dprog: () => {
      const x = np.array(X).reshape([N, H, W, C]);
      const w = np.array(WK).reshape([K, K, C, O]);
      const loss = (a: DArray, b: DArray): DArray => np.sum(lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: NHWC }));
      const step = jit(valueAndGrad(loss, { argnums: [0, 1] }));
      return {
        name: "dprog jit(valueAndGrad)",
        run: () => {
          const [v, [gx, gw]] = step(x, w) as [DArray, [DArray, DArray]];
          v.item();
          read(gw);
          return [read(gx)];
        },
      };
    },
    tfWasm: ({ tf }) => {
      const tx = tf!.tensor4d(X, [N, H, W, C]);
      const tw = tf!.tensor4d(WK, [K, K, C, O]);
      const g = tf!.valueAndGrads((a: import("@tensorflow/tfjs").Tensor, b: import("@tensorflow/tfjs").Tensor) => tf!.sum(tf!.conv2d(a as TfTensor4D, b as TfTensor4D, 1, "same")));
      return {
        name: "TF.js wasm valueAndGrads",
        run: () => {
          const { value, grads } = g([tx, tw]);
          value.dataSync();
          grads[1]!.dataSync();
          const r = grads[0]!.dataSync();
          tf!.dispose([value, ...grads]);
          return [r];
        },
        dispose: () => tf!.dispose([tx, tw]),
      };
    },
    jax: ({ jax }) => {
      const jx = jax!.numpy.array(toChannelsFirst(X, N, H, W, C)).reshape([N, C, H, W]);
      const jw = jax!.numpy.array(hwioToOihw(WK, K, K, C, O)).reshape([O, C, K, K]);
      const vg = jax!.jit(jax!.valueAndGrad((p: { x: JArray; w: JArray }) => jax!.numpy.sum(jax!.lax.convGeneralDilated(p.x, p.w, [1, 1], "SAME"))));
      return {
        timeFirstCallFromMs: SLOW_FIRST_CALL_MS,
        name: "jax-js wasm jit(valueAndGrad) (NCHW)",
        run: () => {
          const [v, g] = vg({ x: jx.ref, w: jw.ref });
          v.dataSync();
          g.w.dataSync();
          return [toChannelsLast(g.x.dataSync() as Float32Array, C)];
        },
        dispose: () => {
          jx.dispose();
          jw.dispose();
        },
      };
    },
  },
};

const depthwise3x3: Case = {
  ...CONV_CASE,
  title: "depthwise 3x3, 64 features, 8x56x56 NHWC, forward",
  contenders: {
    hand: () => ({ name: "hand-written JS loop", run: () => [jsDepthwise(X, WD)], timeFirstCallFromMs: SLOW_FIRST_CALL_MS }),
    dprog: () => {
      const x = np.array(X).reshape([N, H, W, C]);
      const w = np.array(WD).reshape([K, K, 1, C]);
      const f = jit((a: DArray, b: DArray) => lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: NHWC, featureGroupCount: C }));
      return { name: "dprog jit", run: () => [read(f(x, w))] };
    },
    tfWasm: ({ tf }) => {
      const tx = tf!.tensor4d(X, [N, H, W, C]);
      const tw = tf!.tensor4d(WD, [K, K, C, 1]);
      return { name: "TF.js wasm depthwiseConv2d", run: () => [tf!.tidy(() => tf!.depthwiseConv2d(tx, tw, 1, "same")).dataSync()], dispose: () => tf!.dispose([tx, tw]) };
    },
    jax: ({ jax }) => {
      const jx = jax!.numpy.array(toChannelsFirst(X, N, H, W, C)).reshape([N, C, H, W]);
      const jw = jax!.numpy.array(hwioToOihw(WD, K, K, 1, C)).reshape([C, 1, K, K]);
      const g = jax!.jit((a: JArray, b: JArray) => jax!.lax.convGeneralDilated(a, b, [1, 1], "SAME", { featureGroupCount: C }));
      return {
        timeFirstCallFromMs: SLOW_FIRST_CALL_MS,
        name: "jax-js wasm jit (NCHW)",
        run: () => [toChannelsLast(g(jx.ref, jw.ref).dataSync() as Float32Array, C)],
        dispose: () => {
          jx.dispose();
          jw.dispose();
        },
      };
    },
  },
};

/** `npm run bench conv`'s cases, in order, narrowed by DPROG_BENCH_ROWS and DPROG_BENCH_CONTENDERS (see the header). */
export function convCases(): Case[] {
  const all = [conv3x3Forward, conv3x3Backward, depthwise3x3, cnnTrainingStep(), ...poolingCases()];
  const parts = (name: string): string[] | undefined => process.env[name]?.split(",").filter((s) => s !== "");
  const rows = parts("DPROG_BENCH_ROWS");
  const kinds = parts("DPROG_BENCH_CONTENDERS");
  return all
    .filter((c) => rows === undefined || rows.some((s) => c.title.includes(s)))
    .map((c) => {
      if (kinds === undefined) return c;
      const keep = (k: Kind): boolean => k === (c.reference ?? "hand") || kinds.includes(k);
      return { ...c, contenders: Object.fromEntries(KINDS.filter(keep).map((k) => [k, c.contenders[k]])) };
    });
}

export async function main(): Promise<void> {
  await runCases("Convolutions (float32; measured on a shared 2-core machine)", import.meta.url, convCases);
}
