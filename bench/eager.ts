// Eager per-op dispatch cost: 1000 adds of 4-element float32 arrays, against a hand-written loop
// and TF.js (cpu and wasm backends). Target from issue 2: under 1 µs per op (TF.js cpu 4.7 µs).
import { createRequire } from "node:module";
import { numpy as np } from "../src/index.js";
import { timeMs, printTable, quietly, Row } from "./util.js";

const OPS = 1000;

export async function main(): Promise<Row[]> {
  const a = np.array([1, 2, 3, 4]);
  const b = np.array([0.5, 0.25, 0.125, 1]);
  const dprog = timeMs(() => {
    let x = a;
    for (let i = 0; i < OPS; i++) x = x.add(b);
  }, 31, 10);

  const ha = new Float32Array([1, 2, 3, 4]);
  const hb = new Float32Array([0.5, 0.25, 0.125, 1]);
  const hand = timeMs(() => {
    let x = ha;
    for (let i = 0; i < OPS; i++) {
      const out = new Float32Array(4);
      for (let j = 0; j < 4; j++) out[j] = x[j]! + hb[j]!;
      x = out;
    }
  }, 31, 10);

  const rows: Row[] = [
    { name: "hand-written JS", value: (hand * 1000) / OPS, unit: "µs/op", ratio: 1 },
    { name: "dprog eager", value: (dprog * 1000) / OPS, unit: "µs/op", ratio: dprog / hand },
  ];

  const tf = await quietly(async () => {
    const tf = await import("@tensorflow/tfjs");
    return tf;
  });
  for (const backend of ["cpu", "wasm"] as const) {
    try {
      await quietly(async () => {
        if (backend === "wasm") {
          const wasm = await import("@tensorflow/tfjs-backend-wasm");
          const require = createRequire(import.meta.url);
          const dir = require.resolve("@tensorflow/tfjs-backend-wasm").replace(/[^/]+$/, "");
          wasm.setWasmPaths(dir);
        }
        await tf.setBackend(backend);
        await tf.ready();
      });
      const ta = tf.tensor1d([1, 2, 3, 4]);
      const tb = tf.tensor1d([0.5, 0.25, 0.125, 1]);
      const t = timeMs(() => {
        let x = ta;
        for (let i = 0; i < OPS; i++) {
          const y = tf.add(x, tb) as typeof ta;
          if (x !== ta) x.dispose();
          x = y;
        }
        x.dispose();
      }, 31, 10);
      rows.push({ name: `TF.js ${backend}`, value: (t * 1000) / OPS, unit: "µs/op", ratio: t / hand });
    } catch (e) {
      rows.push({ name: `TF.js ${backend}`, value: NaN, unit: "", note: `unavailable: ${(e as Error).message.slice(0, 60)}` });
    }
  }
  printTable(`Eager dispatch: ${OPS} adds of 4-element float32 arrays`, rows);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
