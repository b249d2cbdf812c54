// dot_general with its elementwise epilogue (issue 5) and the cost of copying a product out
// (issue 9): a dense layer relu(x @ W + b) with the MLP bench's first-layer sizes (batch 128,
// 784 -> 256, float32) and a square 512 layer with tanh. Under jit the product stays in the wasm
// GEMM's memory and the fused bias/activation loop reads it there; the second case of each pair
// compiles the same function with that turned off, so the product is copied into its own buffer
// first. The difference between the two dprog rows is the copy's cost.
//
//   npx tsx bench/epilogue.ts            (or `npm run bench epilogue`)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { setDotEpilogueFusion } from "../backends/js/compile.js";
import { gemmHelperReady } from "../backends/js/wasm/runtime.js";
import { runCases, uniform, type Case, type Contender, type Tf } from "./cases.js";

type JArray = import("@jax-js/jax").Array;
type Activation = "relu" | "tanh";

interface Layer {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly act: Activation;
  readonly x: Float32Array;
  readonly w: Float32Array;
  readonly b: Float32Array;
}

function makeLayer(m: number, k: number, n: number, act: Activation): Layer {
  return { m, k, n, act, x: uniform(m * k, 1, -1, 1), w: uniform(k * n, 2, -0.1, 0.1), b: uniform(n, 3, -0.5, 0.5) };
}

/** i-k-j product into a double row, with bias and activation applied as each row is stored. */
function handLayer({ m, k, n, act, x, w, b }: Layer): Float32Array {
  const out = new Float32Array(m * n);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const a = x[i * k + p]!;
      const o = p * n;
      for (let j = 0; j < n; j++) row[j]! += a * w[o + j]!;
    }
    for (let j = 0; j < n; j++) {
      const v = row[j]! + b[j]!;
      out[i * n + j] = act === "relu" ? (v > 0 ? v : 0) : Math.tanh(v);
    }
  }
  return out;
}

const dprogLayer = (act: Activation) => (x: DArray, w: DArray, b: DArray): DArray => {
  const z = np.add(np.matmul(x, w), b);
  return act === "relu" ? np.maximum(z, 0) : np.tanh(z);
};

function dprogContender(l: Layer, inPlace: boolean): Contender {
  const f = jit(dprogLayer(l.act));
  const x = np.reshape(np.array(l.x), [l.m, l.k]);
  const w = np.reshape(np.array(l.w), [l.k, l.n]);
  const b = np.array(l.b);
  // Compiled on this first call, under the chosen setting; later calls reuse that program.
  const old = setDotEpilogueFusion(inPlace);
  f(x, w, b);
  setDotEpilogueFusion(old);
  return { name: inPlace ? "dprog jit (epilogue in place)" : "dprog jit (product copied out)", run: () => [f(x, w, b).dataSync() as Float32Array] };
}

function tfContender(tf: Tf, l: Layer): Contender {
  const x = tf.tensor2d(l.x, [l.m, l.k]);
  const w = tf.tensor2d(l.w, [l.k, l.n]);
  const b = tf.tensor1d(l.b);
  return {
    name: `TF.js ${tf.getBackend()} (eager)`,
    run: () => {
      const y = tf.tidy(() => {
        const z = tf.add(tf.matMul(x, w), b);
        return l.act === "relu" ? tf.relu(z) : tf.tanh(z);
      });
      const out = y.dataSync();
      y.dispose();
      return [out];
    },
    dispose: () => tf.dispose([x, w, b]),
  };
}

function layerCase(l: Layer, inPlace: boolean): Case {
  return {
    title: `${l.act}(x @ W + b), ${l.m}x${l.k} @ ${l.k}x${l.n} float32, ${inPlace ? "epilogue reads the product in place" : "product copied out first"}`,
    unit: "ms",
    tol: 1e-4,
    contenders: {
      hand: () => ({ name: "hand-written JS", run: () => [handLayer(l)] }),
      // The GEMM's helper thread started first, so that the compiled program uses both cores.
      dprog: async () => (await gemmHelperReady(), dprogContender(l, inPlace)),
      // The peers do not change between the two cases of a pair: measured once, beside the in-place case.
      ...(inPlace
        ? {
            tfCpu: ({ tf }) => tfContender(tf!, l),
            tfWasm: ({ tf }) => tfContender(tf!, l),
            jax: ({ jax }) => {
              const jnp = jax!.numpy;
              const f = jax!.jit((x: JArray, w: JArray, b: JArray) => {
                const z = jnp.matmul(x, w).add(b);
                return l.act === "relu" ? jax!.nn.relu(z) : jnp.tanh(z);
              });
              const x = jnp.array(l.x).reshape([l.m, l.k]);
              const w = jnp.array(l.w).reshape([l.k, l.n]);
              const b = jnp.array(l.b);
              return {
                name: "jax-js wasm jit",
                run: () => [f(x.ref, w.ref, b.ref).dataSync()],
                dispose: () => {
                  f.dispose();
                  for (const t of [x, w, b]) t.dispose();
                },
              };
            },
          }
        : {}),
    },
  };
}

/** The bench's cases (each child process of runCases builds them again). */
export function epilogueCases(): Case[] {
  const layers = [makeLayer(128, 784, 256, "relu"), makeLayer(512, 512, 512, "tanh")];
  return layers.flatMap((l) => [layerCase(l, true), layerCase(l, false)]);
}

export async function main(): Promise<void> {
  await runCases("dot_general + elementwise epilogue under jit (in place vs copied out)", import.meta.url, epilogueCases);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
