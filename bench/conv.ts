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
// The row list `CONV_ROWS` is exported and open: the max-pooling and CNN training-step rows of
// issue 21 are added to it (by their modules) as further `ConvBenchRow`s; `main` runs them all.
import { numpy as np, lax, jit, valueAndGrad } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { loadJax, loadTf, type Jax, type Tf } from "./mlp.js";
import { maxRelErr, printTable, timeMs, type Row } from "./util.js";

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
  /** Fewer samples for slow contenders (the JS loop). */
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

/** out[n, y, z, o] = sum over taps and input features; the output features innermost (contiguous in w). */
function jsConv(x: Float32Array, w: Float32Array): Float32Array {
  const out = new Float32Array(N * H * W * O);
  const acc = new Float64Array(O);
  for (let b = 0; b < N; b++) {
    for (let y = 0; y < H; y++) {
      for (let z = 0; z < W; z++) {
        acc.fill(0);
        for (let p = 0; p < K; p++) {
          const iy = y + p - 1;
          if (iy < 0 || iy >= H) continue;
          for (let q = 0; q < K; q++) {
            const iz = z + q - 1;
            if (iz < 0 || iz >= W) continue;
            const xb = ((b * H + iy) * W + iz) * C;
            const wb = (p * K + q) * C * O;
            for (let c = 0; c < C; c++) {
              const xv = x[xb + c]!;
              const wr = wb + c * O;
              for (let o = 0; o < O; o++) acc[o] = acc[o]! + xv * w[wr + o]!;
            }
          }
        }
        out.set(acc, ((b * H + y) * W + z) * O);
      }
    }
  }
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
  for (let b = 0; b < N; b++) {
    for (let y = 0; y < H; y++) {
      for (let z = 0; z < W; z++) {
        for (let p = 0; p < K; p++) {
          const iy = y + p - 1;
          if (iy < 0 || iy >= H) continue;
          for (let q = 0; q < K; q++) {
            const iz = z + q - 1;
            if (iz < 0 || iz >= W) continue;
            const xb = ((b * H + iy) * W + iz) * C;
            const tb = (p * K + q) * C;
            for (let c = 0; c < C; c++) {
              dx[xb + c] = dx[xb + c]! + wSum[tb + c]!;
              const xv = x[xb + c]!;
              // d/dw of sum(out): every output feature o gets x for this tap.
              const wr = (tb + c) * O;
              for (let o = 0; o < O; o++) dw[wr + o] = dw[wr + o]! + xv;
            }
          }
        }
      }
    }
  }
  return dx;
}

function jsDepthwise(x: Float32Array, w: Float32Array): Float32Array {
  const out = new Float32Array(N * H * W * C);
  const acc = new Float64Array(C);
  for (let b = 0; b < N; b++) {
    for (let y = 0; y < H; y++) {
      for (let z = 0; z < W; z++) {
        acc.fill(0);
        for (let p = 0; p < K; p++) {
          const iy = y + p - 1;
          if (iy < 0 || iy >= H) continue;
          for (let q = 0; q < K; q++) {
            const iz = z + q - 1;
            if (iz < 0 || iz >= W) continue;
            const xb = ((b * H + iy) * W + iz) * C;
            const wb = (p * K + q) * C;
            for (let c = 0; c < C; c++) acc[c] = acc[c]! + x[xb + c]! * w[wb + c]!;
          }
        }
        out.set(acc, ((b * H + y) * W + z) * C);
      }
    }
  }
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
    return { reference: { name: "hand-written JS loop", run: () => jsConv(X, WK), repeats: 3 }, contenders };
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
    return { reference: { name: "hand-written JS loops", run: () => jsConvGrads(X, WK), repeats: 3 }, contenders };
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
export const CONV_ROWS: ConvBenchRow[] = [conv3x3Forward, conv3x3Backward, depthwise3x3];

/** Runs one row: the JS reference, then each contender checked against it and timed; ratios against dprog (the first). */
export function runRow(row: ConvBenchRow, peers: Peers): Row[] {
  const { reference, contenders } = row.make(peers);
  const want = reference.run();
  const rows: Row[] = [];
  const times: number[] = [];
  for (const c of [...contenders, reference]) {
    let note = "";
    try {
      const got = c.run();
      const err = maxRelErr(got, want);
      note = err < 1e-3 ? "" : `max rel err ${err.toExponential(1)}`;
      const ms = timeMs(() => void c.run(), c.repeats ?? 11, c.repeats === undefined ? 2 : 0);
      times.push(ms);
      rows.push({ name: c.name, value: ms, unit: "ms", note });
    } catch (e) {
      peers.notes.push(`${row.name}: ${c.name} failed: ${(e as Error).message}`);
    } finally {
      c.dispose?.();
    }
  }
  const dprog = rows[0]?.value ?? NaN;
  for (const r of rows) r.ratio = r.value / dprog;
  return rows;
}

export async function main(): Promise<Row[]> {
  const notes: string[] = [];
  const tf = await loadTf(notes);
  if (tf !== null && !(await tf.setBackend("wasm"))) notes.push("TF.js wasm backend did not start");
  if (tf !== null) await tf.ready();
  const jax = await loadJax(notes);
  const peers: Peers = { tf, jax, notes };
  const all: Row[] = [];
  console.log("\n# Convolutions (float32, medians in ms; ratio = time / dprog's time; measured on a shared 2-core machine)");
  for (const row of CONV_ROWS) {
    const rows = runRow(row, peers);
    printTable(row.name, rows);
    all.push(...rows);
  }
  for (const n of notes) console.log(`note: ${n}`);
  return all;
}
