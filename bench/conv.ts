// `npm run bench conv`: convolutions on the CPU (issue 21). Rows, each with medians from one run:
//   - a 3x3 convolution, 64 -> 64 features on 8 x 56 x 56, NHWC, "SAME": forward;
//   - the same, forward + backward: jit(valueAndGrad(sum of the convolution)) in both operands;
//   - a depthwise 3x3 convolution (64 groups of one feature) on the same input.
// Contenders: dprog (jit), a hand-written JS loop doing the same arithmetic directly (no im2col),
// TF.js on its wasm backend (tf.conv2d / tf.depthwiseConv2d, XNNPACK) and jax-js on wasm
// (lax.convGeneralDilated under jit; jax-js takes NCHW/OIHW only, so it runs on transposed
// copies, made outside the timing). Every timed call reads its result back as a typed array.
// Ratios: time / dprog's time (above 1: slower than dprog).
//
// DPROG_BENCH_ROWS=depthwise (parts of row names) runs only those rows;
// DPROG_BENCH_CONTENDERS=dprog,TF (comma-separated parts of names) times only those contenders
// (jax-js's convolutions take minutes per call on this machine, its backward row the longest).
//
// Also: a CNN training step (bench/cnnStep.ts; TF.js's wasm backend cannot train a conv net and
// its cpu backend takes minutes per step here, so TF.js runs that row only with
// DPROG_BENCH_TFJS_CPU=1) and max/avg pooling (bench/pooling.ts's cases).
//
// A contender timed once (repeats: 1) whose checked first call took SLOW_FIRST_CALL_MS or more is
// timed on that call (jax-js's convolutions take about a minute per call here: its trace and
// compile are a negligible part of that), which halves the run's length.
import { numpy as np, lax, jit, valueAndGrad } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { loadJax, loadTf, type Jax, type Tf } from "./mlp.js";
import { maxRelErr, median, printTable, type Row } from "./util.js";
import { cnnTrainingStep } from "./cnnStep.js";
import { poolingCases } from "./pooling.js";
import { runCases } from "./cases.js";

const N = 8;
const H = 56;
const W = 56;
const C = 64;
const O = 64;
const K = 3;

/** The peers a row may use (null where one failed to load), and notes for the table. */
export interface Peers {
  readonly tf: Tf | null;
  readonly jax: Jax | null;
  readonly notes: string[];
}

/** One timed contender: `run` computes and reads back its result (the first output, checked against the JS loop's). */
export interface Contender {
  readonly name: string;
  readonly run: () => Float32Array | Float64Array;
  /** Fewer timed samples for slow contenders (the JS loops, jax-js). */
  readonly repeats?: number;
  readonly dispose?: () => void;
}

/** A benchmark row: a name, the hand-written JS reference, and the contenders (dprog first). */
export interface ConvBenchRow {
  readonly name: string;
  readonly make: (peers: Peers) => { reference: Contender; contenders: Contender[] };
}

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

// ---- rows ----

const NHWC = ["NHWC", "HWIO", "NHWC"] as [string, string, string];
const read = (a: DArray): Float32Array => a.dataSync() as Float32Array;

const conv3x3Forward: ConvBenchRow = {
  name: "conv 3x3, 64 -> 64, 8x56x56 NHWC, forward",
  make: ({ tf, jax }) => {
    const contenders: Contender[] = [];
    const x = np.array(X).reshape([N, H, W, C]);
    const w = np.array(WK).reshape([K, K, C, O]);
    const f = jit((a: DArray, b: DArray) => lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: NHWC }));
    contenders.push({ name: "dprog jit", run: () => read(f(x, w)) });
    if (tf !== null) {
      const tx = tf.tensor4d(X, [N, H, W, C]);
      const tw = tf.tensor4d(WK, [K, K, C, O]);
      contenders.push({ name: "TF.js wasm conv2d", run: () => tf.tidy(() => tf.conv2d(tx, tw, 1, "same")).dataSync() as Float32Array, dispose: () => tf.dispose([tx, tw]) });
    }
    if (jax !== null) {
      const jx = jax.numpy.array(toChannelsFirst(X, N, H, W, C)).reshape([N, C, H, W]);
      const jw = jax.numpy.array(hwioToOihw(WK, K, K, C, O)).reshape([O, C, K, K]);
      const g = jax.jit((a: import("@jax-js/jax").Array, b: import("@jax-js/jax").Array) => jax.lax.convGeneralDilated(a, b, [1, 1], "SAME"));
      // jax-js computes NCHW: its result is compared after moving features last.
      contenders.push({
        name: "jax-js wasm jit (NCHW)",
        repeats: 1,
        run: () => {
          const r = g(jx.ref, jw.ref).dataSync() as Float32Array;
          const back = new Float32Array(r.length);
          for (let b = 0; b < N; b++) for (let o = 0; o < O; o++) for (let p = 0; p < H * W; p++) back[(b * H * W + p) * O + o] = r[(b * O + o) * H * W + p]!;
          return back;
        },
        dispose: () => {
          jx.dispose();
          jw.dispose();
        },
      });
    }
    return { reference: { name: "hand-written JS loop", run: () => jsConv(X, WK), repeats: 1 }, contenders };
  },
};

const conv3x3Backward: ConvBenchRow = {
  name: "conv 3x3, 64 -> 64, 8x56x56 NHWC, forward + backward (value and both gradients)",
  make: ({ tf, jax }) => {
    const contenders: Contender[] = [];
    const x = np.array(X).reshape([N, H, W, C]);
    const w = np.array(WK).reshape([K, K, C, O]);
    const loss = (a: DArray, b: DArray): DArray => np.sum(lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: NHWC }));
    const step = jit(valueAndGrad(loss, { argnums: [0, 1] }));
    contenders.push({
      name: "dprog jit(valueAndGrad)",
      run: () => {
        const [v, [gx, gw]] = step(x, w) as [DArray, [DArray, DArray]];
        v.item();
        read(gw);
        return read(gx);
      },
    });
    if (tf !== null) {
      const tx = tf.tensor4d(X, [N, H, W, C]);
      const tw = tf.tensor4d(WK, [K, K, C, O]);
      const g = tf.valueAndGrads((a: import("@tensorflow/tfjs").Tensor, b: import("@tensorflow/tfjs").Tensor) => tf.sum(tf.conv2d(a as import("@tensorflow/tfjs").Tensor4D, b as import("@tensorflow/tfjs").Tensor4D, 1, "same")));
      contenders.push({
        name: "TF.js wasm valueAndGrads",
        run: () => {
          const { value, grads } = g([tx, tw]);
          value.dataSync();
          grads[1]!.dataSync();
          const r = grads[0]!.dataSync() as Float32Array;
          tf.dispose([value, ...grads]);
          return r;
        },
        dispose: () => tf.dispose([tx, tw]),
      });
    }
    if (jax !== null) {
      type JArray = import("@jax-js/jax").Array;
      const jx = jax.numpy.array(toChannelsFirst(X, N, H, W, C)).reshape([N, C, H, W]);
      const jw = jax.numpy.array(hwioToOihw(WK, K, K, C, O)).reshape([O, C, K, K]);
      const vg = jax.jit(jax.valueAndGrad((p: { x: JArray; w: JArray }) => jax.numpy.sum(jax.lax.convGeneralDilated(p.x, p.w, [1, 1], "SAME"))));
      contenders.push({
        name: "jax-js wasm jit(valueAndGrad) (NCHW)",
        repeats: 1,
        run: () => {
          const [v, g] = vg({ x: jx.ref, w: jw.ref });
          v.dataSync();
          g.w.dataSync();
          const r = g.x.dataSync() as Float32Array;
          return toChannelsLastGrad(r);
        },
        dispose: () => {
          jx.dispose();
          jw.dispose();
        },
      });
    }
    return { reference: { name: "hand-written JS loops", run: () => jsConvGrads(X, WK), repeats: 1 }, contenders };
  },
};

function toChannelsLastGrad(r: Float32Array): Float32Array {
  const back = new Float32Array(r.length);
  for (let b = 0; b < N; b++) for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) back[(b * H * W + p) * C + c] = r[(b * C + c) * H * W + p]!;
  return back;
}

const depthwise3x3: ConvBenchRow = {
  name: "depthwise 3x3, 64 features, 8x56x56 NHWC, forward",
  make: ({ tf, jax }) => {
    const contenders: Contender[] = [];
    const x = np.array(X).reshape([N, H, W, C]);
    const w = np.array(WD).reshape([K, K, 1, C]);
    const f = jit((a: DArray, b: DArray) => lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: NHWC, featureGroupCount: C }));
    contenders.push({ name: "dprog jit", run: () => read(f(x, w)) });
    if (tf !== null) {
      const tx = tf.tensor4d(X, [N, H, W, C]);
      const tw = tf.tensor4d(WD, [K, K, C, 1]);
      contenders.push({ name: "TF.js wasm depthwiseConv2d", run: () => tf.tidy(() => tf.depthwiseConv2d(tx, tw, 1, "same")).dataSync() as Float32Array, dispose: () => tf.dispose([tx, tw]) });
    }
    if (jax !== null) {
      const jx = jax.numpy.array(toChannelsFirst(X, N, H, W, C)).reshape([N, C, H, W]);
      const jw = jax.numpy.array(hwioToOihw(WD, K, K, 1, C)).reshape([C, 1, K, K]);
      const g = jax.jit((a: import("@jax-js/jax").Array, b: import("@jax-js/jax").Array) => jax.lax.convGeneralDilated(a, b, [1, 1], "SAME", { featureGroupCount: C }));
      contenders.push({
        name: "jax-js wasm jit (NCHW)",
        repeats: 1,
        run: () => toChannelsLastGrad(g(jx.ref, jw.ref).dataSync() as Float32Array),
        dispose: () => {
          jx.dispose();
          jw.dispose();
        },
      });
    }
    return { reference: { name: "hand-written JS loop", run: () => jsDepthwise(X, WD), repeats: 5 }, contenders };
  },
};

/**
 * The rows `npm run bench conv` runs, in order. Issue 21's max-pooling row and CNN training-step
 * row go here (pushed by their modules, or listed below these).
 */
export const CONV_ROWS: ConvBenchRow[] = [conv3x3Forward, conv3x3Backward, depthwise3x3, cnnTrainingStep];

/**
 * Runs one row: the JS reference once (the values every contender is checked against), each
 * contender once checked (its warm-up), then the timed samples interleaved round-robin across the
 * contenders, so that the machine's load changes touch them all alike. Ratios against dprog (the first).
 */
export function runRow(row: ConvBenchRow, peers: Peers): Row[] {
  const { reference, contenders: all } = row.make(peers);
  const only = process.env.DPROG_BENCH_CONTENDERS?.split(",").filter((s) => s !== "");
  // A reference with repeats 0 only provides the values (the CNN step's is dprog's own first step).
  const timedReference = reference.repeats === 0 ? [] : [reference];
  const chosen = only === undefined ? [...all, ...timedReference] : [...all, ...timedReference].filter((c) => only.some((s) => c.name.includes(s)));
  for (const c of all) if (!chosen.includes(c)) c.dispose?.();
  const want = reference.run();
  const live: { c: Contender; note: string; samples: number[] }[] = [];
  for (const c of chosen) {
    try {
      const t0 = performance.now();
      const err = maxRelErr(c.run(), want);
      const first = performance.now() - t0;
      const once = c.repeats === 1 && first >= SLOW_FIRST_CALL_MS;
      const notes = [err < 1e-3 ? "" : `max rel err ${err.toExponential(1)}`, once ? "one call (its first)" : ""].filter((n) => n !== "");
      live.push({ c, note: notes.join("; "), samples: once ? [first] : [] });
    } catch (e) {
      peers.notes.push(`${row.name}: ${c.name} failed: ${(e as Error).message}`);
      c.dispose?.();
    }
  }
  const rounds = Math.max(...live.map((l) => l.c.repeats ?? ROUNDS));
  for (let r = 0; r < rounds; r++) {
    for (const l of live) {
      if (l.samples.length >= (l.c.repeats ?? ROUNDS)) continue;
      const t0 = performance.now();
      l.c.run();
      l.samples.push(performance.now() - t0);
    }
  }
  for (const l of live) l.c.dispose?.();
  const rows: Row[] = live.map((l) => ({ name: l.c.name, value: median(l.samples), unit: "ms", note: l.note }));
  const dprog = rows[0]?.value ?? NaN;
  for (const r of rows) r.ratio = r.value / dprog;
  return rows;
}

/** Timed samples per contender (fewer where a contender says so). */
const ROUNDS = 11;

/** From this long, a contender timed once is timed on its checked first call (see the header). */
const SLOW_FIRST_CALL_MS = 2000;

export async function main(): Promise<Row[]> {
  const notes: string[] = [];
  const tf = await loadTf(notes);
  if (tf !== null && !(await tf.setBackend("wasm"))) notes.push("TF.js wasm backend did not start");
  if (tf !== null) await tf.ready();
  const jax = await loadJax(notes);
  const peers: Peers = { tf, jax, notes };
  const all: Row[] = [];
  console.log("\n# Convolutions (float32, medians in ms; ratio = time / dprog's time; measured on a shared 2-core machine)");
  const rowsWanted = process.env.DPROG_BENCH_ROWS?.split(",").filter((s) => s !== "");
  for (const row of CONV_ROWS.filter((r) => rowsWanted === undefined || rowsWanted.some((s) => r.name.includes(s)))) {
    let rowPeers = peers;
    if (row === cnnTrainingStep && tf !== null && tf.getBackend() === "wasm") {
      if (process.env.DPROG_BENCH_TFJS_CPU === "1") {
        notes.push("CNN training step: TF.js wasm has no Conv2DBackpropFilter kernel, so TF.js runs that row on its cpu backend");
        await tf.setBackend("cpu");
        await tf.ready();
      } else {
        notes.push(
          "CNN training step: TF.js is left out: its wasm backend has no Conv2DBackpropFilter kernel, and on its cpu backend one step takes minutes here (DPROG_BENCH_TFJS_CPU=1 times it)",
        );
        rowPeers = { ...peers, tf: null };
      }
    }
    const rows = runRow(row, rowPeers);
    printTable(row.name, rows);
    all.push(...rows);
  }
  if (rowsWanted === undefined || rowsWanted.some((s) => "max pooling".includes(s))) {
    // Issue 21's pooling row: bench/pooling.ts's cases (its own harness: dprog, a JS loop, TF.js wasm, jax-js).
    if (tf !== null && tf.getBackend() !== "wasm") await tf.setBackend("wasm");
    await runCases("pooling (nn.maxPool / lax.reduceWindow), from bench/pooling.ts", poolingCases());
  }
  for (const n of notes) console.log(`note: ${n}`);
  return all;
}
