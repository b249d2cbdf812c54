// An RNN-like recurrence h_t = tanh(W h_{t-1} + x_t), T = 1000 steps, hidden size 32, float32:
// the forward pass (final h) and the gradient of sum(h_T) w.r.t. W. Contenders: dprog
// jit(lax.scan) and jit(grad(...)) through the scan's partial evaluation + transpose, a
// hand-written JS loop (forward, and backpropagation through time) as the reference, and TF.js
// (cpu backend, a JS loop of ops; its gradient through tf.grad) when it loads. Issue target:
// dprog's forward within 2x of the hand-written loop.
//
//   npx tsx bench/rnn.ts            (or through bench/index.ts, which calls main())
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, lax, jit, grad } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { timeMs, printTable, showTargets, Row } from "./util.js";
import { loadTf, uniform } from "./mlp.js";
import type { Tensor } from "@tensorflow/tfjs";

export const T = 1000;
export const H = 32;
const REPEATS = 31;
const WARMUP = 3;
const TOL = 1e-4;


interface Data {
  w: Float32Array; // [H, H] row-major
  xs: Float32Array; // [T, H]
  h0: Float32Array; // [H]
}
const makeData = (): Data => ({ w: uniform(H * H, 7, 2 / Math.sqrt(H)), xs: uniform(T * H, 8, 1), h0: uniform(H, 9, 1) });

// ---- hand-written reference: float32 storage, float64 accumulation per dot product ----

function handForward(d: Data, keep: Float32Array | null = null): Float32Array {
  const w = d.w;
  const xs = d.xs;
  let h = d.h0.slice();
  let next = new Float32Array(H);
  for (let t = 0; t < T; t++) {
    const xo = t * H;
    for (let i = 0; i < H; i++) {
      let acc = xs[xo + i]!;
      const wo = i * H;
      for (let j = 0; j < H; j++) acc += w[wo + j]! * h[j]!;
      next[i] = Math.tanh(acc);
    }
    const tmp = h;
    h = next;
    next = tmp;
    if (keep !== null) keep.set(h, t * H);
  }
  return h;
}

/** d sum(h_T) / dW by backpropagation through time over the stored states. */
function handGrad(d: Data): Float32Array {
  const hs = new Float32Array(T * H);
  handForward(d, hs);
  const dW = new Float64Array(H * H);
  let dh = new Float64Array(H).fill(1);
  const dz = new Float64Array(H);
  for (let t = T - 1; t >= 0; t--) {
    const ho = t * H;
    for (let i = 0; i < H; i++) {
      const h = hs[ho + i]!;
      dz[i] = dh[i]! * (1 - h * h);
    }
    const prev = t > 0 ? hs.subarray((t - 1) * H, t * H) : d.h0;
    const dPrev = new Float64Array(H);
    for (let i = 0; i < H; i++) {
      const g = dz[i]!;
      const wo = i * H;
      for (let j = 0; j < H; j++) {
        dW[wo + j]! += g * prev[j]!;
        dPrev[j]! += d.w[wo + j]! * g;
      }
    }
    dh = dPrev;
  }
  return Float32Array.from(dW);
}

// ---- dprog ----

const rnn = (w: DArray, h0: DArray, xs: DArray): DArray => lax.scan((h: DArray, x: DArray) => [np.tanh(np.matmul(w, h).add(x)), null] as const, h0, xs)[0];

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / Math.max(den, 1e-30);
}

export async function main(): Promise<Row[]> {
  const d = makeData();
  const notes: string[] = [];
  const wantH = handForward(d);
  const wantG = handGrad(d);
  const w = np.array(d.w, { shape: [H, H] });
  const h0 = np.array(d.h0, { shape: [H] });
  const xs = np.array(d.xs, { shape: [T, H] });
  const fwd = jit(rnn);
  const g = jit(grad((ww: DArray, hh: DArray, x: DArray) => rnn(ww, hh, x).sum()));

  const rows: Row[] = [];
  const checkRel = (name: string, got: ArrayLike<number>, want: ArrayLike<number>): boolean => {
    const r = maxRel(got, want);
    if (!(r <= TOL)) notes.push(`${name}: max rel difference ${r.toExponential(1)} from the hand-written result (tolerance ${TOL}); not timed`);
    return r <= TOL;
  };

  const handFwdMs = timeMs(() => void handForward(d), REPEATS, WARMUP);
  rows.push({ name: "hand-written JS forward", value: handFwdMs, unit: "ms", ratio: 1 });
  if (checkRel("dprog jit(scan) forward", fwd(w, h0, xs).dataSync(), wantH)) {
    const ms = timeMs(() => void fwd(w, h0, xs).dataSync(), REPEATS, WARMUP);
    const target = ms / handFwdMs <= 2 ? "target <= 2x: met" : "target <= 2x: MISSED";
    rows.push({ name: "dprog jit(scan) forward", value: ms, unit: "ms", ratio: ms / handFwdMs, ...(showTargets() ? { note: target } : {}) });
  }
  const handGradMs = timeMs(() => void handGrad(d), REPEATS, WARMUP);
  rows.push({ name: "hand-written JS gradient (BPTT)", value: handGradMs, unit: "ms", ratio: 1 });
  if (checkRel("dprog jit(grad(scan))", (g(w, h0, xs) as DArray).dataSync(), wantG)) {
    const ms = timeMs(() => void (g(w, h0, xs) as DArray).dataSync(), REPEATS, WARMUP);
    rows.push({ name: "dprog jit(grad(scan))", value: ms, unit: "ms", ratio: ms / handGradMs });
  }

  const tf = await loadTf(notes);
  if (tf) {
    try {
      await tf.setBackend("cpu");
      const tw = tf.tensor2d(d.w, [H, H]);
      const th0 = tf.tensor2d(d.h0, [H, 1]);
      const txs = tf.unstack(tf.tensor3d(d.xs, [T, H, 1]));
      const tfForward = (ww: Tensor): Tensor => {
        let h: Tensor = th0;
        for (let t = 0; t < T; t++) h = tf.tanh(tf.add(tf.matMul(ww as typeof tw, h as typeof th0), txs[t]!));
        return h;
      };
      const runF = (): Float32Array => tf.tidy(() => tfForward(tw)).dataSync() as Float32Array;
      if (checkRel("TF.js cpu forward", runF(), wantH)) {
        const ms = timeMs(() => void runF(), 5, 1);
        rows.push({ name: "TF.js cpu forward (op loop)", value: ms, unit: "ms", ratio: ms / handFwdMs });
      }
      const tfGrad = tf.grad((ww: Tensor) => tf.sum(tfForward(ww)));
      const runG = (): Float32Array => tf.tidy(() => tfGrad(tw)).dataSync() as Float32Array;
      if (checkRel("TF.js cpu grad", runG(), wantG)) {
        const ms = timeMs(() => void runG(), 5, 1);
        rows.push({ name: "TF.js cpu tf.grad", value: ms, unit: "ms", ratio: ms / handGradMs });
      }
    } catch (e) {
      notes.push(`TF.js: ${(e as Error).message}`);
    }
  }

  printTable(`RNN h = tanh(W h + x_t), T=${T}, hidden ${H}, float32 (median; ratio = time / hand-written of the same kind)`, rows);
  for (const n of notes) console.log(`note: ${n}`);
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
