// One MLP training step: batch 128, 784 -> 256 (tanh) -> 10, softmax cross-entropy (mean over the
// batch) against one-hot labels; the loss and its gradients w.r.t. W1 [784,256], b1 [256],
// W2 [256,10], b2 [10], float32. Contenders in one process: dprog eager valueAndGrad, a
// hand-written forward + backward in plain loops (the reference), TF.js variableGrads on the cpu
// and wasm backends, and jax-js valueAndGrad on wasm. Target from the issue: dprog eager faster
// than TF.js cpu (issue's figures: TF.js cpu 324 ms, wasm 70 ms, hand-written 46 ms).
//
//   npx tsx bench/mlp.ts            (or through bench/index.ts, which calls main())
//
// Every timed step reads the loss and all four gradients back as typed arrays (jax-js is lazy;
// the others are eager, where the read is a cheap copy). Before timing, each contender's loss and
// |dW1| are checked against the hand-written step's.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { numpy as np, valueAndGrad } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { maxRelErr, timeMs, printTable, quietly, Row } from "./util.js";

export const B = 128;
export const D = 784;
export const H = 256;
export const C = 10;
const REPEATS = 15;
const WARMUP = 3;
/** Largest relative difference of the loss and of |dW1| from the hand-written step's. */
const TOL = 1e-3;

export interface Data {
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  x: Float32Array;
  y: Float32Array;
}

export interface StepResult {
  loss: number;
  w1: ArrayLike<number>;
  b1: ArrayLike<number>;
  w2: ArrayLike<number>;
  b2: ArrayLike<number>;
}

export interface Contender {
  readonly name: string;
  readonly step: () => StepResult;
  readonly dispose?: () => void;
}

/** Uniform in [-scale/2, scale/2) from a 32-bit LCG: the same data in every run. */
export function uniform(n: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    out[i] = ((s >>> 8) / 2 ** 24 - 0.5) * scale;
  }
  return out;
}

export function makeData(): Data {
  const y = new Float32Array(B * C);
  let s = 12345;
  for (let b = 0; b < B; b++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    y[b * C + ((s >>> 8) % C)] = 1;
  }
  return {
    w1: uniform(D * H, 1, 2 / Math.sqrt(D)),
    b1: uniform(H, 2, 0.2),
    w2: uniform(H * C, 3, 2 / Math.sqrt(H)),
    b2: uniform(C, 4, 0.2),
    x: uniform(B * D, 5, 2),
    y,
  };
}

// ---- hand-written forward + backward: i-k-j loops, float64 row accumulators ----

/** c[m,n] = a[m,k] @ b[k,n], i-k-j order. */
function mm(a: Float32Array, b: Float32Array, m: number, k: number, n: number, row: Float64Array): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    row.fill(0, 0, n);
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      const bo = p * n;
      for (let j = 0; j < n; j++) row[j]! += aip * b[bo + j]!;
    }
    for (let j = 0; j < n; j++) c[i * n + j] = row[j]!;
  }
  return c;
}

/** c[k,n] = a[m,k]^T @ b[m,n], i-k-j order over the transposed a. */
function mmTN(a: Float32Array, b: Float32Array, m: number, k: number, n: number, row: Float64Array): Float32Array {
  const c = new Float32Array(k * n);
  for (let i = 0; i < k; i++) {
    row.fill(0, 0, n);
    for (let p = 0; p < m; p++) {
      const api = a[p * k + i]!;
      const bo = p * n;
      for (let j = 0; j < n; j++) row[j]! += api * b[bo + j]!;
    }
    for (let j = 0; j < n; j++) c[i * n + j] = row[j]!;
  }
  return c;
}

/** c[m,k] = a[m,n] @ b[k,n]^T, dot-product order (n is small here). */
function mmNT(a: Float32Array, b: Float32Array, m: number, n: number, k: number): Float32Array {
  const c = new Float32Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += a[i * n + p]! * b[j * n + p]!;
      c[i * k + j] = s;
    }
  }
  return c;
}

export function handStep(d: Data): StepResult {
  const row = new Float64Array(H);
  // forward
  const h = mm(d.x, d.w1, B, D, H, row);
  for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) h[b * H + j] = Math.tanh(h[b * H + j]! + d.b1[j]!);
  const logits = mm(h, d.w2, B, H, C, row);
  const dlogits = new Float32Array(B * C);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const o = b * C;
    let mx = -Infinity;
    for (let j = 0; j < C; j++) {
      logits[o + j] = logits[o + j]! + d.b2[j]!;
      mx = Math.max(mx, logits[o + j]!);
    }
    let se = 0;
    for (let j = 0; j < C; j++) se += Math.exp(logits[o + j]! - mx);
    const lse = mx + Math.log(se);
    for (let j = 0; j < C; j++) {
      const lp = logits[o + j]! - lse;
      loss -= d.y[o + j]! * lp;
      // d loss / d logits = (softmax - y) / B
      dlogits[o + j] = (Math.exp(lp) - d.y[o + j]!) / B;
    }
  }
  loss /= B;
  // backward
  const gw2 = mmTN(h, dlogits, B, H, C, row);
  const gb2 = new Float32Array(C);
  for (let b = 0; b < B; b++) for (let j = 0; j < C; j++) gb2[j] = gb2[j]! + dlogits[b * C + j]!;
  const dz = mmNT(dlogits, d.w2, B, C, H);
  const gb1 = new Float64Array(H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      const t = h[b * H + j]!;
      const g = dz[b * H + j]! * (1 - t * t);
      dz[b * H + j] = g;
      gb1[j]! += g;
    }
  }
  const gw1 = mmTN(d.x, dz, B, D, H, row);
  return { loss, w1: gw1, b1: Float32Array.from(gb1), w2: gw2, b2: gb2 };
}

// ---- dprog eager ----

export interface Params {
  w1: DArray;
  b1: DArray;
  w2: DArray;
  b2: DArray;
}

export function dprogLoss(p: Params, x: DArray, y: DArray): DArray {
  const h = np.tanh(np.matmul(x, p.w1).add(p.b1));
  const logits = np.matmul(h, p.w2).add(p.b2);
  const logp = logits.sub(np.logsumexp(logits, 1, true));
  return np.mean(np.sum(logp.mul(y), 1)).neg();
}

function dprogContender(d: Data): Contender {
  const params: Params = {
    w1: np.array(d.w1, { shape: [D, H] }),
    b1: np.array(d.b1),
    w2: np.array(d.w2, { shape: [H, C] }),
    b2: np.array(d.b2),
  };
  const x = np.array(d.x, { shape: [B, D] });
  const y = np.array(d.y, { shape: [B, C] });
  const vg = valueAndGrad(dprogLoss);
  return {
    name: "dprog eager valueAndGrad",
    step: () => {
      const [v, g] = vg(params, x, y) as [DArray, Params];
      return { loss: v.item() as number, w1: g.w1.dataSync(), b1: g.b1.dataSync(), w2: g.w2.dataSync(), b2: g.b2.dataSync() };
    },
  };
}

// ---- TF.js ----

export type Tf = typeof import("@tensorflow/tfjs");

export async function tfContender(tf: Tf, backend: "cpu" | "wasm", d: Data): Promise<Contender> {
  await quietly(async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
  });
  const w1 = tf.variable(tf.tensor2d(d.w1, [D, H]), true, `mlp_w1_${backend}`);
  const b1 = tf.variable(tf.tensor1d(d.b1), true, `mlp_b1_${backend}`);
  const w2 = tf.variable(tf.tensor2d(d.w2, [H, C]), true, `mlp_w2_${backend}`);
  const b2 = tf.variable(tf.tensor1d(d.b2), true, `mlp_b2_${backend}`);
  const x = tf.tensor2d(d.x, [B, D]);
  const y = tf.tensor2d(d.y, [B, C]);
  const vars = [w1, b1, w2, b2];
  const f = () => {
    const h = tf.tanh(tf.add(tf.matMul(x, w1), b1));
    const logits = tf.add(tf.matMul(h, w2), b2);
    const logp = tf.sub(logits, tf.logSumExp(logits, 1, true));
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, y), 1))) as import("@tensorflow/tfjs").Scalar;
  };
  return {
    name: `TF.js ${backend} variableGrads`,
    step: () => {
      const { value, grads } = tf.variableGrads(f, vars);
      const out: StepResult = {
        loss: value.dataSync()[0]!,
        w1: grads[w1.name]!.dataSync(),
        b1: grads[b1.name]!.dataSync(),
        w2: grads[w2.name]!.dataSync(),
        b2: grads[b2.name]!.dataSync(),
      };
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
      return out;
    },
    dispose: () => {
      for (const t of [...vars, x, y]) t.dispose();
    },
  };
}

// ---- jax-js ----

export type Jax = typeof import("@jax-js/jax");
export type JArray = import("@jax-js/jax").Array;

/** The jax-js version of the model: parameters, data and loss (shared with bench/jit.ts). */
export function jaxMlp(jax: Jax, d: Data) {
  const jnp = jax.numpy;
  const params = {
    w1: jnp.array(d.w1).reshape([D, H]),
    b1: jnp.array(d.b1),
    w2: jnp.array(d.w2).reshape([H, C]),
    b2: jnp.array(d.b2),
  };
  const x = jnp.array(d.x).reshape([B, D]);
  const y = jnp.array(d.y).reshape([B, C]);
  // jax-js arrays are reference counted and every op consumes its arguments: `.ref` keeps a use.
  const loss = (p: { w1: JArray; b1: JArray; w2: JArray; b2: JArray }, x: JArray, y: JArray): JArray => {
    const h = jnp.tanh(jnp.matmul(x, p.w1).add(p.b1));
    const logits = jnp.matmul(h, p.w2).add(p.b2);
    const logp = logits.ref.sub(jax.nn.logsumexp(logits, 1, { keepdims: true }));
    return jnp.mean(jnp.sum(logp.mul(y), 1)).neg();
  };
  return { params, x, y, loss };
}

function jaxContender(jax: Jax, d: Data): Contender {
  const { params, x, y, loss } = jaxMlp(jax, d);
  const vg = jax.valueAndGrad(loss);
  return {
    name: "jax-js wasm valueAndGrad",
    step: () => {
      const p = { w1: params.w1.ref, b1: params.b1.ref, w2: params.w2.ref, b2: params.b2.ref };
      const [v, g] = vg(p, x.ref, y.ref);
      return {
        loss: v.dataSync()[0]!,
        w1: g.w1.dataSync(),
        b1: g.b1.dataSync(),
        w2: g.w2.dataSync(),
        b2: g.b2.dataSync(),
      };
    },
    dispose: () => {
      for (const a of [params.w1, params.b1, params.w2, params.b2, x, y]) a.dispose();
    },
  };
}

// ---- driver ----

function norm(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]! * xs[i]!;
  return Math.sqrt(s);
}

export interface Check {
  name: string;
  loss: number;
  normW1: number;
  lossRel: number;
  normRel: number;
  /** Worst elementwise error over the four gradients, relative to each gradient's largest entry. */
  gradMaxRel: number;
  ok: boolean;
}

export function check(name: string, r: StepResult, want: StepResult): Check {
  const normW1 = norm(r.w1);
  const wantNorm = norm(want.w1);
  const lossRel = Math.abs(r.loss - want.loss) / Math.abs(want.loss);
  const normRel = Math.abs(normW1 - wantNorm) / wantNorm;
  const gradMaxRel = Math.max(maxRelErr(r.w1, want.w1), maxRelErr(r.b1, want.b1), maxRelErr(r.w2, want.w2), maxRelErr(r.b2, want.b2));
  return { name, loss: r.loss, normW1, lossRel, normRel, gradMaxRel, ok: lossRel < TOL && normRel < TOL && Number.isFinite(gradMaxRel) };
}

export async function loadTf(notes: string[]): Promise<Tf | null> {
  try {
    return await quietly(async () => {
      const tf = await import("@tensorflow/tfjs");
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      // In Node the wasm binaries are loaded from a file path, which needs its trailing separator.
      const dir = path.dirname(fileURLToPath(import.meta.resolve("@tensorflow/tfjs-backend-wasm")));
      wasm.setWasmPaths(dir + path.sep);
      return tf;
    });
  } catch (e) {
    notes.push(`TF.js unavailable: ${(e as Error).message}`);
    return null;
  }
}

export async function loadJax(notes: string[]): Promise<Jax | null> {
  try {
    const jax = await import("@jax-js/jax");
    // The default init() probes WebGPU through `navigator`, which Node 20 lacks: ask for wasm only.
    const devices = await jax.init("wasm");
    if (!devices.includes("wasm")) throw new Error("no wasm device");
    jax.defaultDevice("wasm");
    return jax;
  } catch (e) {
    notes.push(`jax-js skipped: ${(e as Error).message}`);
    return null;
  }
}

export async function main(): Promise<Row[]> {
  const notes: string[] = [];
  const data = makeData();
  const want = handStep(data);
  const hand: Contender = { name: "hand-written JS", step: () => handStep(data) };

  // One contender at a time, plain JS first: a peer that starts worker threads (the wasm
  // backends may) then cannot slow down the single-threaded measurements.
  const tf = await loadTf(notes);
  const makers: [string, (() => Contender | Promise<Contender>) | null][] = [
    [hand.name, () => hand],
    ["dprog eager valueAndGrad", () => dprogContender(data)],
    ["TF.js cpu variableGrads", tf && (() => tfContender(tf, "cpu", data))],
    ["TF.js wasm variableGrads", tf && (() => tfContender(tf, "wasm", data))],
    ["jax-js wasm valueAndGrad", async () => {
      const jax = await loadJax(notes);
      if (!jax) throw new Error("not loaded");
      return jaxContender(jax, data);
    }],
  ];
  const checks: Check[] = [];
  const times: { name: string; ms: number; note?: string }[] = [];
  for (const [name, make] of makers) {
    if (!make) continue;
    let c: Contender;
    try {
      c = await make();
    } catch (e) {
      if ((e as Error).message !== "not loaded") notes.push(`${name}: setup failed: ${(e as Error).message}`);
      continue;
    }
    try {
      // The checked step is also the first warmup step.
      const ck = check(c.name, c.step(), want);
      checks.push(ck);
      if (!ck.ok) {
        notes.push(`${c.name}: wrong result (loss rel ${ck.lossRel.toExponential(1)}, |dW1| rel ${ck.normRel.toExponential(1)}), not timed`);
        times.push({ name: c.name, ms: NaN, note: "WRONG RESULT, not timed" });
      } else {
        times.push({ name: c.name, ms: timeMs(() => void c.step(), REPEATS, WARMUP) });
      }
    } catch (e) {
      notes.push(`${c.name}: ${(e as Error).message}`);
    } finally {
      c.dispose?.();
    }
  }

  console.log(`\n## MLP step correctness (against the hand-written step; tolerance ${TOL})`);
  const w = Math.max(...checks.map((c) => c.name.length));
  console.log(`${"".padEnd(w)}  ${"loss".padStart(10)}  ${"|dW1|".padStart(10)}  ${"loss rel".padStart(9)}  ${"|dW1| rel".padStart(9)}  ${"grad max rel".padStart(12)}`);
  for (const c of checks) {
    console.log(
      `${c.name.padEnd(w)}  ${c.loss.toFixed(6).padStart(10)}  ${c.normW1.toFixed(6).padStart(10)}  ${c.lossRel.toExponential(1).padStart(9)}  ${c.normRel.toExponential(1).padStart(9)}  ${c.gradMaxRel.toExponential(1).padStart(12)}  ${c.ok ? "ok" : "MISMATCH"}`,
    );
  }

  const handMs = times.find((t) => t.name === hand.name)!.ms;
  const rows: Row[] = times.map((t) => ({ name: t.name, value: t.ms, unit: "ms", ratio: t.ms / handMs, note: t.note }));
  printTable(`MLP training step: batch ${B}, ${D}->${H} tanh ->${C}, softmax CE, loss + all grads (median of ${REPEATS}; ratio = time / hand-written)`, rows);
  for (const note of notes) console.log(`note: ${note}`);
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
