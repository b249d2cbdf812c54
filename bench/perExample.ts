// Per-example gradients (issue 4): a batch of 64 examples on a 100 -> 1 linear model with squared
// loss (w.x + b - y)^2, the gradient w.r.t. w [100] and b [] for each example separately.
// Contenders in one process: the hand-written closed form (grad_w = 2(w.x+b-y) x,
// grad_b = 2(w.x+b-y)), the reference; dprog jit(vmap(grad(loss), { inAxes: [null, 0, 0] }));
// TF.js (cpu, wasm), which has no vmap, as a loop of tf.grads over the examples (pre-sliced
// outside the timed call) stacked into one result; jax-js jit(vmap(grad(loss), [null, 0, 0])) on
// wasm. Target from the issue: dprog within 3x of the hand-written closed form.
//
//   npx tsx bench/perExample.ts            (or `npm run bench perExample`, through bench/index.ts)
//
// Every call reads both gradients back as flat typed arrays ([64*100] and [64]), and each
// contender's are checked against the closed form's before it is timed.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, vmap, grad } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { runCases, uniform, type Case, type Contender, type Tf } from "./cases.js";

type JArray = import("@jax-js/jax").Array;
type TfTensor = import("@tensorflow/tfjs").Tensor;

const BATCH = 64;
const DIM = 100;

const W = uniform(DIM, 21, -0.5, 0.5);
const B0 = 0.25;
const X = uniform(BATCH * DIM, 22, -1, 1);
const Y = uniform(BATCH, 23, -2, 2);

function handPerExample(): Float32Array[] {
  const gw = new Float32Array(BATCH * DIM);
  const gb = new Float32Array(BATCH);
  for (let e = 0; e < BATCH; e++) {
    const o = e * DIM;
    let r = B0 - Y[e]!;
    for (let j = 0; j < DIM; j++) r += W[j]! * X[o + j]!;
    const g = 2 * r;
    gb[e] = g;
    for (let j = 0; j < DIM; j++) gw[o + j] = g * X[o + j]!;
  }
  return [gw, gb];
}

interface DParams {
  w: DArray;
  b: DArray;
}

function dLoss(p: DParams, x: DArray, y: DArray): DArray {
  const r = np.dot(p.w, x).add(p.b).sub(y);
  return r.mul(r);
}

function tfLoop(tf: Tf): Contender {
  const w = tf.tensor1d(W);
  const b = tf.scalar(B0);
  // Slicing is left out of the timed call: the loop is given each example as its own tensor.
  const xs = tf.tidy(() => tf.unstack(tf.tensor2d(X, [BATCH, DIM])));
  const ys = tf.tidy(() => tf.unstack(tf.tensor1d(Y)));
  const grads = xs.map((x, e) => tf.grads((w: TfTensor, b: TfTensor) => tf.square(tf.sub(tf.add(tf.sum(tf.mul(w, x)), b), ys[e]!))));
  return {
    name: `TF.js ${tf.getBackend()} loop of tf.grads`,
    run: () => {
      const [gw, gb] = tf.tidy(() => {
        const per = grads.map((g) => g([w, b]));
        return [tf.stack(per.map((p) => p[0]!)), tf.stack(per.map((p) => p[1]!))];
      });
      const out = [gw!.dataSync(), gb!.dataSync()];
      tf.dispose([gw!, gb!]);
      return out;
    },
    dispose: () => tf.dispose([w, b, ...xs, ...ys]),
  };
}

function perExampleCase(): Case {
  return {
    title: `per-example grads: batch ${BATCH}, ${DIM}->1 linear, squared loss (hand: closed form)`,
    unit: "µs",
    callsPerSample: 20,
    repeats: 21,
    tol: 1e-5,
    target: { text: "within 3x of hand", met: (_v, ratio) => ratio <= 3 },
    notes: ["per-example: TF.js has no vmap; its rows loop tf.grads over the 64 examples and stack the results."],
    contenders: {
      hand: () => ({ name: "hand-written closed form", run: handPerExample }),
      dprog: () => {
        const f = jit(vmap(grad(dLoss), { inAxes: [null, 0, 0] }));
        const p: DParams = { w: np.array(W), b: np.array(B0, { dtype: "float32" }) };
        const x = np.array(X, { shape: [BATCH, DIM] });
        const y = np.array(Y);
        return {
          name: "dprog jit(vmap(grad))",
          run: () => {
            const g = f(p, x, y) as DParams;
            return [g.w.dataSync(), g.b.dataSync()];
          },
        };
      },
      tfCpu: ({ tf }) => tfLoop(tf!),
      tfWasm: ({ tf }) => tfLoop(tf!),
      jax: ({ jax }) => {
        const jnp = jax!.numpy;
        // jax-js arrays are reference counted and every op consumes its arguments: `.ref` keeps a use.
        const loss = (p: { w: JArray; b: JArray }, x: JArray, y: JArray): JArray => {
          const r = jnp.dot(p.w, x).add(p.b).sub(y);
          return r.ref.mul(r);
        };
        const f = jax!.jit(jax!.vmap(jax!.grad(loss), [null, 0, 0]));
        const p = { w: jnp.array(W), b: jnp.array(B0) };
        const x = jnp.array(X).reshape([BATCH, DIM]);
        const y = jnp.array(Y);
        return {
          name: "jax-js wasm jit(vmap(grad))",
          run: () => {
            const g = f({ w: p.w.ref, b: p.b.ref }, x.ref, y.ref) as { w: JArray; b: JArray };
            return [g.w.dataSync(), g.b.dataSync()];
          },
          dispose: () => {
            f.dispose();
            for (const a of [p.w, p.b, x, y]) a.dispose();
          },
        };
      },
    },
  };
}

/** The bench's cases (each child process of runCases builds them again). */
export function perExampleCases(): Case[] {
  return [perExampleCase()];
}

export async function main(): Promise<unknown> {
  return runCases("per-example gradients: dprog jit(vmap(grad)) against a hand-written closed form, TF.js (cpu, wasm) and jax-js (wasm)", import.meta.url, perExampleCases);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
