// `npm run bench memory`: does memory stay flat in long-running loops? Four workloads, each with
// checkpoints where the garbage collector has run (global.gc, three times): heap used and RSS in
// MB, the growth per 1,000 calls since the first checkpoint, and a verdict. A workload passes
// when, after its warm-up, heap and RSS stay within a few MB: the jit and eager caches are
// bounded (setCacheLimits), and shared buffers handed to the helper thread are freed.
//
//   npx tsx bench/memory.ts        (or through bench/index.ts, which calls main())
//
// global.gc is needed; without --expose-gc it is obtained through V8's flag for one new context.
import v8 from "node:v8";
import vm from "node:vm";
import { fileURLToPath } from "node:url";
import { numpy as np, jit, valueAndGrad, nn, optim, getCacheLimits } from "../src/index.js";
import type { Array } from "../src/index.js";
import { kernelPoolReady } from "../backends/js/threads/kernelPool.js";

/** Heap and RSS may grow by at most this much (MB) between a workload's first and last checkpoints. */
const HEAP_TOLERANCE_MB = 3;
const RSS_TOLERANCE_MB = 24;

function gcFunction(): () => void {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === "function") return own;
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  v8.setFlagsFromString("--no-expose-gc");
  return gc;
}
const gc = gcFunction();

const MB = 2 ** 20;
interface Checkpoint {
  readonly calls: number;
  readonly heapMB: number;
  readonly rssMB: number;
}

function checkpoint(calls: number): Checkpoint {
  gc();
  gc();
  gc();
  const m = process.memoryUsage();
  return { calls, heapMB: m.heapUsed / MB, rssMB: m.rss / MB };
}

interface Workload {
  readonly name: string;
  /** What one call is, for the per-1000 figure. */
  readonly unit: string;
  readonly calls: number;
  readonly checkpoints: number;
  /** Runs once before the first checkpoint (compiles, fills caches). */
  readonly warmup: () => void;
  /** Runs calls [from, to). */
  readonly run: (from: number, to: number) => void;
}

const f2 = (x: number): string => x.toFixed(1).padStart(7);

function measure(w: Workload): boolean {
  const t0 = performance.now();
  w.warmup();
  const points = [checkpoint(0)];
  const per = Math.ceil(w.calls / w.checkpoints);
  for (let done = 0; done < w.calls; ) {
    const to = Math.min(w.calls, done + per);
    w.run(done, to);
    done = to;
    points.push(checkpoint(done));
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const heapGrowth = last.heapMB - first.heapMB;
  const rssGrowth = last.rssMB - first.rssMB;
  const rssMax = Math.max(...points.map((p) => p.rssMB)) - first.rssMB;
  const flat = heapGrowth <= HEAP_TOLERANCE_MB && rssMax <= RSS_TOLERANCE_MB;
  console.log(`\n${w.name}  (${w.calls.toLocaleString("en-US")} ${w.unit}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`  ${"calls".padStart(10)}  ${"heap MB".padStart(7)}  ${"RSS MB".padStart(7)}`);
  for (const p of points) console.log(`  ${p.calls.toLocaleString("en-US").padStart(10)}  ${f2(p.heapMB)}  ${f2(p.rssMB)}`);
  const per1000 = (mb: number): string => `${((mb * 1000) / w.calls).toFixed(3)} MB`;
  console.log(`  growth per 1,000 ${w.unit}: heap ${per1000(heapGrowth)}, RSS ${per1000(rssGrowth)} (largest RSS rise ${rssMax.toFixed(1)} MB)`);
  console.log(`  verdict: ${flat ? "FLAT" : "GROWS"} (heap within ${HEAP_TOLERANCE_MB} MB and RSS within ${RSS_TOLERANCE_MB} MB of the first checkpoint: ${flat ? "yes" : "no"})`);
  return flat;
}

// 1. A jitted MLP training step with optim.adam: batch 16, 16 -> 32 (relu) -> 4, softmax cross-entropy.
function mlpWorkload(): Workload {
  type Params = { w: Array; b: Array }[];
  const init = (fanIn: number, fanOut: number, seed: number): { w: Array; b: Array } => {
    const w = new Float32Array(fanIn * fanOut);
    let s = seed;
    for (let i = 0; i < w.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) | 0;
      w[i] = ((s >>> 8) / 2 ** 24 - 0.5) * (2 / Math.sqrt(fanIn));
    }
    return { w: np.array(w, { shape: [fanIn, fanOut] }), b: np.zeros([fanOut]) };
  };
  const x = np.array(new Float32Array(16 * 16).map((_, i) => Math.sin(i)), { shape: [16, 16] });
  const y = np.array(new Int32Array(16).map((_, i) => i % 4));
  const loss = (params: Params, xs: Array, ys: Array): Array => {
    const h = nn.relu(xs.matmul(params[0]!.w).add(params[0]!.b));
    const logp = nn.logSoftmax(h.matmul(params[1]!.w).add(params[1]!.b));
    return np.mean(np.sum(logp.mul(nn.oneHot(ys, 4)), -1)).neg();
  };
  const opt = optim.adam(1e-3);
  const step = jit((params: Params, state: unknown, xs: Array, ys: Array) => {
    const [l, grads] = valueAndGrad(loss)(params, xs, ys) as [Array, Params];
    const [updates, next] = opt.update(grads, state, params);
    return [optim.applyUpdates(params, updates) as Params, next, l] as const;
  });
  let params: Params = [init(16, 32, 1), init(32, 4, 2)];
  let state = opt.init(params);
  const one = (): void => {
    const [p, s] = step(params, state, x, y);
    params = p;
    state = s;
  };
  return {
    name: "1. jitted MLP + adam training steps",
    unit: "steps",
    calls: 20_000,
    checkpoints: 4,
    warmup: () => {
      for (let i = 0; i < 200; i++) one();
    },
    run: (from, to) => {
      for (let i = from; i < to; i++) one();
    },
  };
}

// 2. Eager ops on small arrays: a mix of elementwise ops, reductions and a matmul.
function eagerWorkload(): Workload {
  const a = np.array(new Float32Array(16).map((_, i) => i / 16), { shape: [4, 4] });
  const b = np.ones([4, 4]);
  let acc = np.zeros([4, 4]);
  const ops = [
    (): Array => np.add(a, b),
    (): Array => np.multiply(acc, 0.5),
    (): Array => np.sin(a),
    (): Array => np.sum(a, 0),
    (): Array => a.matmul(b),
    (): Array => np.maximum(acc, a),
    (): Array => np.exp(a),
    (): Array => acc.add(a),
  ];
  return {
    name: "2. eager ops (small arrays, 8 kinds)",
    unit: "ops",
    calls: 1_000_000,
    checkpoints: 4,
    warmup: () => {
      for (let i = 0; i < 10_000; i++) ops[i % 8]!();
    },
    run: (from, to) => {
      for (let i = from; i < to; i++) {
        const r = ops[i % 8]!();
        if (i % 8 === 7) acc = np.multiply(r, 0.25);
      }
    },
  };
}

// 3. One jitted function called on 3,000 different shapes (each a new trace and compile).
function shapesWorkload(): Workload {
  const f = jit((x: Array) => np.tanh(x).mul(2).sum().add(np.max(x)));
  const call = (n: number): void => {
    // From host data: no eager kernel per shape, so only the jit cache sees the new shapes.
    f(np.array(new Float32Array(n + 1).fill(0.5)));
  };
  const warm = 500;
  return {
    name: `3. one jitted function, a new shape per call (jit cache limit ${getCacheLimits().jit} per function)`,
    unit: "shapes",
    calls: 2_500,
    checkpoints: 5,
    warmup: () => {
      for (let n = 0; n < warm; n++) call(n);
    },
    run: (from, to) => {
      for (let n = warm + from; n < warm + to; n++) call(n);
    },
  };
}

// 4. A jitted function with 1 MB in and out (float32), its loop split with the helper thread.
function helperWorkload(helper: boolean): Workload {
  const n = 1 << 18;
  const x = np.array(new Float32Array(n).map((_, i) => (i % 100) / 100));
  const f = jit((a: Array) => np.sin(a).mul(2).add(np.cos(a)));
  return {
    name: `4. jitted function, 1 MB in and out, ${helper ? "with the helper thread" : "no helper thread available"}`,
    unit: "calls",
    calls: 3_000,
    checkpoints: 6,
    warmup: () => {
      for (let i = 0; i < 20; i++) f(x);
    },
    run: (from, to) => {
      for (let i = from; i < to; i++) f(x);
    },
  };
}

export async function main(): Promise<boolean> {
  console.log("Memory: heap used and RSS after garbage collection, at checkpoints (MB = 2^20 bytes).");
  const helper = await kernelPoolReady();
  const results = [mlpWorkload, eagerWorkload, shapesWorkload].map((make) => measure(make()));
  results.push(measure(helperWorkload(helper)));
  const names = ["MLP + adam", "eager ops", "many shapes", "1 MB helper thread"];
  console.log(`\nSummary: ${names.map((n, i) => `${n} ${results[i] ? "flat" : "GROWS"}`).join("; ")}`);
  return results.every(Boolean);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ok = await main();
  process.exitCode = ok ? 0 : 1;
}
