// GPU backend (issue 7): the same jitted programs on the GPU backend (gpu.js) and on the JS
// backend, in one process. Cases: float32 matmul 1024 and 2048, and a large batched elementwise
// chain (64 x 65536 = 4M elements: tanh(x*a+b)*x - exp(-x*x), plus its row sums).
//
//   npx tsx bench/gpu.ts            (or `npm run bench gpu`, through bench/index.ts)
//   DPROG_GPU_MODE=webgpu|headlessgl|webasm|cpu picks gpu.js's mode (default: headlessgl if it
//   works, else webasm; webgpu calls initWebGpu first); GPU_BENCH_SKIP_2048=1 skips the 2048
//   matmul (minutes in the CPU modes).
//
// Beside the two backends, each case runs a hand-written JS loop (1024 matmul and the
// elementwise cases; the 2048 hand matmul would take ~15 s a sample) and, in webgpu mode, jax-js
// on the same WebGPU adapter (its jit on its webgpu device). TF.js has no GPU backend in Node
// without a browser; its CPU figures are in the other benches.
// Each sample includes reading the result back to a Float32Array. Results are checked against the
// JS backend before timing. The ratio is the JS backend's median over the GPU backend's: above 1
// the GPU backend is faster. Without a GPU, gpu.js runs its webasm mode on the CPU, which the
// output says: those figures measure gpu.js's WebAssembly code generator, not a GPU.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, jit, devices, devicePut, initWebGpu, shutdownGpu } from "../src/index.js";
import type { Array as DArray } from "../src/index.js";
import { maxRelErr, timeMs, timeMsAsync, printTable, type Row } from "./util.js";

function randomArray(shape: number[], seed: number): DArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    out[i] = (s >>> 8) / 2 ** 24 - 0.5;
  }
  return np.array(out, { shape });
}

type Jax = typeof import("@jax-js/jax");
type JArray = import("@jax-js/jax").Array;

interface Case {
  readonly name: string;
  readonly f: (...xs: DArray[]) => DArray;
  readonly args: DArray[];
  readonly repeats: number;
  /** The same work as a plain JS loop over the inputs' data (null: too slow to time). */
  readonly hand: ((...xs: Float32Array[]) => Float32Array) | null;
  /** The same function for jax-js (arrays are consumed by each op: `.ref` keeps a use). */
  readonly jax: (jax: Jax) => (...xs: JArray[]) => JArray;
}

const ROWS = 64;
const COLS = 65536;

function handMatmul(n: number): (a: Float32Array, b: Float32Array) => Float32Array {
  return (a, b) => {
    const c = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const aik = a[i * n + k]!;
        const bo = k * n;
        const co = i * n;
        for (let j = 0; j < n; j++) c[co + j]! += aik * b[bo + j]!;
      }
    }
    return c;
  };
}

function handChain(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = Math.tanh(v * 0.75 + 0.5) * v - Math.exp(-v * v);
  }
  return out;
}

function handChainRowSums(x: Float32Array): Float32Array {
  const out = new Float32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    let s = 0;
    for (let i = r * COLS; i < (r + 1) * COLS; i++) {
      const v = x[i]!;
      s += Math.tanh(v * 0.75 + 0.5) * v - Math.exp(-v * v);
    }
    out[r] = s;
  }
  return out;
}

const jChain = (jax: Jax) => (x: JArray): JArray => jax.numpy.tanh(x.ref.mul(0.75).add(0.5)).mul(x.ref).sub(jax.numpy.exp(x.ref.mul(x).neg()));

/** jax-js on its webgpu device, on the adapter dprog's webgpu mode installed (null where that is not the mode). */
async function loadJaxWebGpu(mode: string, notes: string[]): Promise<Jax | null> {
  if (mode !== "webgpu") {
    notes.push("jax-js: compared only in webgpu mode (same adapter)");
    return null;
  }
  try {
    const jax = await import("@jax-js/jax");
    const devs = await jax.init("webgpu");
    if (!devs.includes("webgpu")) throw new Error(`devices ${devs.join(", ")}`);
    jax.defaultDevice("webgpu");
    return jax;
  } catch (e) {
    notes.push(`jax-js webgpu skipped: ${(e as Error).message}`);
    return null;
  }
}

export async function main(): Promise<void> {
  if (process.env["DPROG_GPU_MODE"] === "webgpu") await initWebGpu();
  const gpuDev = devices().find((d) => d.name === "gpu");
  if (gpuDev === undefined) {
    console.log("\n## GPU backend: gpu.js is not available; skipped");
    return;
  }
  const adapter = gpuDev.adapter === undefined ? "" : `, ${gpuDev.adapter}`;
  const where = gpuDev.real ? `gpu.js ${gpuDev.mode} mode (a real GPU${adapter})` : `gpu.js ${gpuDev.mode} mode${adapter}: NO GPU, kernels run on the CPU`;
  const cases: Case[] = [
    {
      name: "matmul 1024", f: (a, b) => np.matmul(a, b), args: [randomArray([1024, 1024], 1), randomArray([1024, 1024], 2)], repeats: gpuDev.real ? 10 : 3,
      hand: handMatmul(1024), jax: (jax) => (a, b) => jax.numpy.matmul(a, b),
    },
  ];
  if (!process.env["GPU_BENCH_SKIP_2048"]) {
    cases.push({
      name: "matmul 2048", f: (a, b) => np.matmul(a, b), args: [randomArray([2048, 2048], 3), randomArray([2048, 2048], 4)], repeats: gpuDev.real ? 10 : 1,
      hand: null, jax: (jax) => (a, b) => jax.numpy.matmul(a, b),
    });
  }
  const chain = (x: DArray): DArray => np.tanh(x.mul(0.75).add(0.5)).mul(x).sub(np.exp(x.mul(x).neg()));
  const big = randomArray([ROWS, COLS], 5);
  cases.push({ name: "elementwise 64x65536", f: chain, args: [big], repeats: 5, hand: handChain, jax: jChain });
  cases.push({ name: "elementwise + row sums", f: (x) => np.sum(chain(x), 1), args: [big], repeats: 5, hand: handChainRowSums, jax: (jax) => (x) => jax.numpy.sum(jChain(jax)(x), 1) });
  const notes: string[] = [];
  const jax = await loadJaxWebGpu(gpuDev.mode, notes);

  const rows: Row[] = [];
  for (const c of cases) {
    const onJs = jit(c.f);
    const onGpu = jit(c.f, { device: "gpu" });
    // Inputs already on the device, as a GPU pipeline would have them.
    const gpuArgs = c.args.map((a) => devicePut(a, "gpu"));
    const ref = onJs(...c.args).dataSync() as Float32Array;
    const t0 = performance.now();
    // Every mode reads back with `await x.data()` (webgpu reads only asynchronously).
    const got = (await onGpu(...gpuArgs).data()) as Float32Array; // first call: builds the gpu.js kernels
    const firstMs = performance.now() - t0;
    const err = maxRelErr(got, ref);
    const warmup = c.repeats > 1 ? 1 : 0;
    const jsMs = timeMs(() => void onJs(...c.args).dataSync(), Math.max(c.repeats, 5), 1);
    const gpuMs = c.repeats > 1 || warmup > 0 ? await timeMsAsync(async () => void (await onGpu(...gpuArgs).data()), c.repeats, warmup) : firstMs;
    rows.push({ name: `${c.name}: JS backend`, value: jsMs, unit: "ms", ratio: 1 });
    if (c.hand !== null) {
      const data = c.args.map((a) => a.dataSync() as Float32Array);
      const hand = c.hand;
      const handErr = maxRelErr(hand(...data), ref);
      const handMs = timeMs(() => void hand(...data), c.name.startsWith("matmul") ? 1 : 5, c.name.startsWith("matmul") ? 0 : 1);
      rows.push({ name: `${c.name}: hand-written JS`, value: handMs, unit: "ms", ratio: jsMs / handMs, note: `max rel err ${handErr.toExponential(1)}` });
    }
    if (jax !== null) {
      const jf = jax.jit(c.jax(jax));
      const jargs = c.args.map((a) => jax.numpy.array(a.dataSync() as Float32Array).reshape([...a.shape]));
      const runJax = async (): Promise<Float32Array> => (await jf(...jargs.map((a) => a.ref)).data()) as Float32Array;
      const jaxErr = maxRelErr(await runJax(), ref);
      const jaxMs = await timeMsAsync(async () => void (await runJax()), c.repeats, 1);
      rows.push({ name: `${c.name}: jax-js webgpu jit`, value: jaxMs, unit: "ms", ratio: jsMs / jaxMs, note: `max rel err ${jaxErr.toExponential(1)}` });
      jargs.forEach((a) => a.dispose());
    }
    rows.push({
      name: `${c.name}: GPU backend`,
      value: gpuMs,
      unit: "ms",
      ratio: jsMs / gpuMs,
      note: `${c.repeats} sample(s); first call ${firstMs.toFixed(0)} ms; max rel err ${err.toExponential(1)}`,
    });
  }
  printTable(`GPU backend vs JS backend (${where}); ratio = JS backend median / row median`, rows);
  for (const n of notes) console.log(`  note: ${n}`);
  // Both WebGPU devices go before exit: a live Dawn device keeps Node running, and Dawn aborts at exit if jax-js's is left.
  jax?.getWebGPUDevice().destroy();
  await shutdownGpu();
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) await main();
