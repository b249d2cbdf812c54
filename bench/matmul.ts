// float32 matmul: dprog's dot_general kernel against a hand-written i-k-j loop and against peers
// (TensorFlow.js cpu and wasm backends, jax-js on wasm) in the same process.
//
//   npx tsx bench/matmul.ts            (or through bench/index.ts, which calls main())
//
// Times are medians over repeats after warmup, each including reading the result back as a
// Float32Array (dprog and the hand loop return one directly). Ratios are the hand loop's median
// over each contender's: how many times faster than plain JS.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { lowerEqn } from "../backends/js/lowerings/index.js";
import { gemmHelperReady } from "../backends/js/wasm/runtime.js";
import { setWasmDotMode, setWasmDotThreads, type WasmDotMode } from "../backends/js/wasm/wasmDot.js";
import { abstractEval, ShapedArray } from "../jaxpr/index.js";
import { maxRelErr, median } from "./util.js";
import { loadPeers, type Jax, type Tf } from "./peers.js";

const SIZES = [256, 1024] as const;

interface Contender {
  readonly name: string;
  /** Runs one n x n x n product and returns the result as a flat array. */
  readonly run: () => ArrayLike<number>;
  readonly dispose?: () => void;
}

interface Row {
  readonly n: number;
  readonly name: string;
  readonly medianMs: number;
  readonly maxRelErr: number;
}

function randomMatrix(n: number, seed: number): Float32Array {
  const out = new Float32Array(n * n);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    out[i] = (s >>> 8) / 2 ** 24 - 0.5;
  }
  return out;
}

/** The baseline: i-k-j order, so the inner loop streams a row of B into a double row of C. */
function handMatmul(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const c = new Float32Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      const bo = k * n;
      for (let j = 0; j < n; j++) row[j]! += aik * b[bo + j]!;
    }
    c.set(row, i * n);
  }
  return c;
}

/**
 * dprog's dot_general kernel, on the JS kernels ("never") or the wasm SIMD GEMM ("always"), the
 * latter on one thread or with its rows split with the helper thread (from 2^23 multiply-adds).
 */
function dprogContender(a: Float32Array, b: Float32Array, n: number, wasm: WasmDotMode, threads = false): Contender {
  const inAvals = [new ShapedArray([n, n], "float32"), new ShapedArray([n, n], "float32")];
  const params = { dimensionNumbers: [[[1], [0]], [[], []]] as const, preferredElementType: null };
  const outAvals = abstractEval("dot_general", inAvals, params);
  const old = setWasmDotMode(wasm);
  const kernel = lowerEqn("dot_general", { inAvals, outAvals, params });
  setWasmDotMode(old);
  const name = wasm === "never" ? "dprog JS kernel" : threads ? "dprog wasm 2 thr" : "dprog wasm 1 thr";
  return {
    name,
    run: () => {
      setWasmDotThreads(threads);
      const out = kernel.run(a, b)[0]!;
      setWasmDotThreads(true);
      return out;
    },
  };
}


async function tfContender(tf: Tf, backend: "cpu" | "wasm", a: Float32Array, b: Float32Array, n: number): Promise<Contender> {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  const ta = tf.tensor2d(a, [n, n]);
  const tb = tf.tensor2d(b, [n, n]);
  return {
    name: `tfjs ${backend}`,
    run: () => {
      const c = tf.matMul(ta, tb);
      const data = c.dataSync();
      c.dispose();
      return data;
    },
    dispose: () => {
      ta.dispose();
      tb.dispose();
    },
  };
}


async function jaxContender(jax: Jax, a: Float32Array, b: Float32Array, n: number): Promise<Contender> {
  const np = jax.numpy;
  const ja = np.array(a).reshape([n, n]);
  const jb = np.array(b).reshape([n, n]);
  return {
    name: "jax-js wasm",
    // jax-js arrays are reference counted and every call consumes its arguments: `.ref` keeps ours.
    run: () => np.matmul(ja.ref, jb.ref).dataSync(),
    dispose: () => {
      ja.dispose();
      jb.dispose();
    },
  };
}

/** Warmup, then repeats until about `budgetMs` has passed (at least 3, at most 25). */
function time(c: Contender, budgetMs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) c.run();
  const ts: number[] = [];
  const start = performance.now();
  while (ts.length < 3 || (ts.length < 25 && performance.now() - start < budgetMs)) {
    const t = performance.now();
    c.run();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

export async function main(): Promise<Row[]> {
  const { tf, jax, notes } = await loadPeers();
  const inputs = new Map(SIZES.map((n) => [n, { a: randomMatrix(n, 1), b: randomMatrix(n, 2) }] as const));
  const want = new Map(SIZES.map((n) => [n, handMatmul(inputs.get(n)!.a, inputs.get(n)!.b, n)] as const));
  type Make = (a: Float32Array, b: Float32Array, n: number) => Contender | Promise<Contender>;
  // One contender at a time over all sizes, plain JS first: a peer that starts worker threads
  // (the wasm backends may) then cannot slow down the single-threaded measurements.
  const phases: [string, Make | null][] = [
    ["hand i-k-j loop", (a, b, n) => ({ name: "hand i-k-j loop", run: () => handMatmul(a, b, n) })],
    ["dprog JS kernel", (a, b, n) => dprogContender(a, b, n, "never")],
    ["dprog wasm 1 thr", (a, b, n) => dprogContender(a, b, n, "always")],
    ["dprog wasm 2 thr", async (a, b, n) => (await gemmHelperReady(), dprogContender(a, b, n, "always", true))],
    ["tfjs cpu", tf && ((a, b, n) => tfContender(tf, "cpu", a, b, n))],
    ["tfjs wasm", tf && ((a, b, n) => tfContender(tf, "wasm", a, b, n))],
    ["jax-js wasm", jax && ((a, b, n) => jaxContender(jax, a, b, n))],
  ];
  const rows: Row[] = [];
  for (const [name, make] of phases) {
    if (!make) continue;
    for (const n of SIZES) {
      const { a, b } = inputs.get(n)!;
      try {
        const c = await make(a, b, n);
        // The checked run is also the first warmup run.
        const err = maxRelErr(c.run(), want.get(n)!);
        rows.push({ n, name: c.name, medianMs: time(c, n >= 1024 ? 4000 : 1500, n >= 1024 ? 0 : 2), maxRelErr: err });
        c.dispose?.();
      } catch (e) {
        notes.push(`${name}, n=${n}: ${(e as Error).message}`);
      }
    }
  }
  rows.sort((x, y) => x.n - y.n);
  printTable(rows);
  for (const note of notes) console.log(`note: ${note}`);
  return rows;
}

function printTable(rows: readonly Row[]): void {
  console.log("float32 matmul, n x n x n, median of repeats after warmup");
  console.log(`${"n".padStart(5)}  ${"contender".padEnd(20)} ${"median ms".padStart(10)} ${"GFLOP/s".padStart(8)} ${"vs hand".padStart(8)} ${"wasm vs".padStart(8)} ${"max rel err".padStart(12)}`);
  for (const r of rows) {
    const hand = rows.find((h) => h.n === r.n && h.name === "hand i-k-j loop")!;
    // "wasm vs": how many times faster dprog's wasm path (two threads) is than this row.
    const wasm = rows.find((h) => h.n === r.n && h.name === "dprog wasm 2 thr");
    const gflops = (2 * r.n ** 3) / (r.medianMs * 1e6);
    const vsWasm = wasm ? `${(r.medianMs / wasm.medianMs).toFixed(2)}x` : "";
    console.log(
      `${String(r.n).padStart(5)}  ${r.name.padEnd(20)} ${r.medianMs.toFixed(2).padStart(10)} ${gflops.toFixed(2).padStart(8)} ${(hand.medianMs / r.medianMs).toFixed(2).padStart(7)}x ${vsWasm.padStart(8)} ${r.maxRelErr.toExponential(1).padStart(12)}`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
