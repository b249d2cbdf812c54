// FFTs (issue 23): complex fft and rfft of 2^10, 2^16 and 2^20 points and of a batch of 1024 rows
// of 1024, on float32 data (complex64 for the peers), against a hand-written iterative radix-2
// loop (bit reversal, then in-place butterflies with a precomputed twiddle table, in float64) and
// the peers in the same run: TensorFlow.js (tf.spectral.fft / rfft; cpu and wasm backends) and
// jax-js (np.fft on its wasm device). dprog's rows call the kernels of backends/js/fft directly
// (on arrays in shared memory, as the library's own large arrays are: the 1024-row batches are
// split with the helper thread), and np.fft through the public API (eager: one fft primitive,
// complex values lowered to pairs); and the kernels again with the helper thread off.
//
//   npx tsx bench/fft.ts            (or `npm run bench fft`, through bench/index.ts)
//
// Times are medians over repeats after a warmup run, each including reading the result back as
// typed arrays. Ratios are the hand loop's median over each contender's: how many times faster.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { fftRows, rfftRows } from "../backends/js/fft/index.js";
import { allocBuffer, sharedCopy, sharesBuffersOfSize } from "../backends/js/threads/sharedMemory.js";
import { setKernelThreads } from "../backends/js/index.js";
import { median, maxRelErr } from "./util.js";
import { loadPeers, type Jax, type Tf } from "./peers.js";
import { numpy as np, lax } from "../src/index.js";

type Kind = "fft" | "rfft";
interface Case {
  readonly kind: Kind;
  readonly rows: number;
  readonly n: number;
}
const CASES: readonly Case[] = (["fft", "rfft"] as const).flatMap((kind) => [
  { kind, rows: 1, n: 2 ** 10 },
  { kind, rows: 1, n: 2 ** 16 },
  { kind, rows: 1, n: 2 ** 20 },
  { kind, rows: 1024, n: 1024 },
]);
const label = (c: Case): string => `${c.kind} ${c.rows > 1 ? `${c.rows} x ${c.n}` : `2^${Math.log2(c.n)}`}`;

/** Interleaved complex (or real, for rfft) float32 input of a case. */
function input(c: Case): Float32Array {
  const out = new Float32Array(c.rows * c.n * (c.kind === "fft" ? 2 : 1));
  let s = 7;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    out[i] = (s >>> 8) / 2 ** 24 - 0.5;
  }
  return out;
}

/** The hand-written loop's tables for n: bit-reversed indices and exp(-2 pi i k / n), k < n/2. */
function handTables(n: number): { rev: Uint32Array; tw: Float64Array } {
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  const tw = new Float64Array(n);
  for (let k = 0; k < n / 2; k++) {
    tw[2 * k] = Math.cos((2 * Math.PI * k) / n);
    tw[2 * k + 1] = -Math.sin((2 * Math.PI * k) / n);
  }
  return { rev, tw };
}

/** Iterative radix-2 decimation in time on interleaved complex float64, in place. */
function handRadix2(a: Float64Array, n: number, rev: Uint32Array, tw: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (j > i) {
      const r = a[2 * i]!, m = a[2 * i + 1]!;
      a[2 * i] = a[2 * j]!;
      a[2 * i + 1] = a[2 * j + 1]!;
      a[2 * j] = r;
      a[2 * j + 1] = m;
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2, step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = tw[2 * k * step]!, wi = tw[2 * k * step + 1]!;
        const p = 2 * (start + k), q = p + size;
        const xr = a[q]! * wr - a[q + 1]! * wi, xi = a[q]! * wi + a[q + 1]! * wr;
        a[q] = a[p]! - xr;
        a[q + 1] = a[p + 1]! - xi;
        a[p] = a[p]! + xr;
        a[p + 1] = a[p + 1]! + xi;
      }
    }
  }
}

/** The hand loop over a case: rows copied to float64 (real input with zero imaginary parts), transformed, stored as float32. */
function handContender(c: Case, x: Float32Array): () => Float32Array {
  const { rev, tw } = handTables(c.n);
  const work = new Float64Array(2 * c.n);
  const outLen = c.kind === "fft" ? c.n : c.n / 2 + 1;
  return () => {
    const out = new Float32Array(2 * outLen * c.rows);
    for (let r = 0; r < c.rows; r++) {
      if (c.kind === "fft") for (let i = 0; i < 2 * c.n; i++) work[i] = x[2 * c.n * r + i]!;
      else
        for (let i = 0; i < c.n; i++) {
          work[2 * i] = x[c.n * r + i]!;
          work[2 * i + 1] = 0;
        }
      handRadix2(work, c.n, rev, tw);
      for (let i = 0; i < 2 * outLen; i++) out[2 * outLen * r + i] = work[i]!;
    }
    return out;
  };
}

function dprogContender(c: Case, x: Float32Array): () => Float32Array {
  const outLen = c.kind === "fft" ? c.n : c.n / 2 + 1;
  // As the fft lowering's arrays: a batch in shared memory (its rows are split with the helper thread).
  const input = c.rows > 1 && sharesBuffersOfSize(x.length) ? sharedCopy(x) : x;
  return () => {
    const out = c.rows > 1 ? (allocBuffer("float32", 2 * outLen * c.rows) as Float32Array) : new Float32Array(2 * outLen * c.rows);
    if (c.kind === "fft") fftRows(input, out, c.rows, c.n, false);
    else rfftRows(input, out, c.rows, c.n);
    return out;
  };
}

/** The same kernels with the helper thread off: what the split gains. */
function oneThreadContender(c: Case, x: Float32Array): () => Float32Array {
  const run = dprogContender(c, x);
  return () => {
    const old = setKernelThreads(false);
    try {
      return run();
    } finally {
      setKernelThreads(old);
    }
  };
}

/** Interleaves separate real and imaginary parts (the peers return them apart). */
function interleave(re: ArrayLike<number>, im: ArrayLike<number>): Float32Array {
  const out = new Float32Array(2 * re.length);
  for (let i = 0; i < re.length; i++) {
    out[2 * i] = re[i]!;
    out[2 * i + 1] = im[i]!;
  }
  return out;
}

function deinterleave(x: Float32Array): [Float32Array, Float32Array] {
  const re = new Float32Array(x.length / 2), im = new Float32Array(x.length / 2);
  for (let i = 0; i < re.length; i++) {
    re[i] = x[2 * i]!;
    im[i] = x[2 * i + 1]!;
  }
  return [re, im];
}

/** The public API, eagerly: np.fft.fft of a complex64 array, np.fft.rfft of a float32 one (the fft primitive's path, lowerComplex included). */
function npContender(c: Case, x: Float32Array): () => Float32Array {
  if (c.kind === "fft") {
    const [re, im] = deinterleave(x);
    const z = lax.complex(np.array(re).reshape([c.rows, c.n]), np.array(im).reshape([c.rows, c.n]));
    return () => np.fft.fft(z).dataSync() as Float32Array;
  }
  const a = np.array(x).reshape([c.rows, c.n]);
  return () => np.fft.rfft(a).dataSync() as Float32Array;
}

async function tfContender(tf: Tf, backend: "cpu" | "wasm", c: Case, x: Float32Array): Promise<() => Float32Array> {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  const shape = [c.rows, c.n];
  const t = c.kind === "fft" ? tf.complex(...deinterleave(x).map((p) => tf.tensor2d(p, shape as [number, number])) as [never, never]) : tf.tensor2d(x, shape as [number, number]);
  return () => {
    const y = c.kind === "fft" ? tf.spectral.fft(t) : tf.spectral.rfft(t);
    const re = tf.real(y), im = tf.imag(y);
    const out = interleave(re.dataSync(), im.dataSync());
    tf.dispose([y, re, im]);
    return out;
  };
}

function jaxContender(jax: Jax, c: Case, x: Float32Array): () => Float32Array {
  const np = jax.numpy;
  if (c.kind === "fft") {
    const [re, im] = deinterleave(x);
    const pair = { real: np.array(re).reshape([c.rows, c.n]), imag: np.array(im).reshape([c.rows, c.n]) };
    // jax-js arrays are reference counted and every call consumes its arguments: `.ref` keeps ours.
    return () => {
      const y = np.fft.fft({ real: pair.real.ref, imag: pair.imag.ref });
      return interleave(y.real.dataSync() as Float32Array, y.imag.dataSync() as Float32Array);
    };
  }
  const a = np.array(x).reshape([c.rows, c.n]);
  return () => {
    const y = np.fft.rfft(a.ref);
    return interleave(y.real.dataSync() as Float32Array, y.imag.dataSync() as Float32Array);
  };
}

/**
 * A first run (the checked one), warmup runs until 10 or 200 ms (so that small cases are timed
 * after V8 has optimised them), then repeats until about `budgetMs` (at least 3, at most 15).
 */
function time(run: () => Float32Array, budgetMs: number): { ms: number; out: Float32Array } {
  const t0 = performance.now();
  const out = run();
  // A contender taking seconds per call is timed by that one run.
  if (performance.now() - t0 > budgetMs) return { ms: performance.now() - t0, out };
  for (let i = 0, w0 = performance.now(); i < 10 && performance.now() - w0 < 200; i++) run();
  const ts: number[] = [];
  const start = performance.now();
  while (ts.length < 3 || (ts.length < 15 && performance.now() - start < budgetMs)) {
    const t = performance.now();
    run();
    ts.push(performance.now() - t);
  }
  return { ms: median(ts), out };
}

/** A peer slower than this on a case is not run on the later (larger) cases of the same kind (TF.js's cpu fft takes minutes at 2^20). */
const SLOW_MS = 20000;

type Make = (c: Case, x: Float32Array) => (() => Float32Array) | Promise<() => Float32Array>;

export async function main(): Promise<void> {
  const { tf, jax, notes } = await loadPeers();
  const inputs = CASES.map(input);
  // One contender at a time over all cases, plain JS first, so that peers' threads cannot slow it.
  const phases: [string, Make | null][] = [
    ["hand radix-2 loop", handContender],
    ["dprog backends/js/fft", dprogContender],
    ["dprog fft, one thread", oneThreadContender],
    ["dprog np.fft (eager)", npContender],
    ["tfjs cpu", tf && ((c, x) => tfContender(tf, "cpu", c, x))],
    ["tfjs wasm", tf && ((c, x) => tfContender(tf, "wasm", c, x))],
    ["jax-js wasm", jax && ((c, x) => jaxContender(jax, c, x))],
  ];
  const results = new Map<string, { ms: number; err: number }>();
  const reference: Float32Array[] = [];
  for (const [name, make] of phases) {
    if (make === null) continue;
    for (let i = 0; i < CASES.length; i++) {
      const c = CASES[i]!;
      const slow = CASES.findIndex((d, j) => j < i && d.kind === c.kind && (results.get(`${name}|${j}`)?.ms ?? 0) > SLOW_MS);
      if (slow >= 0 && !process.env.DPROG_BENCH_SLOW_PEERS) {
        const ms = results.get(`${name}|${slow}`)!.ms;
        notes.push(`${name}, ${label(c)}: skipped, ${label(CASES[slow]!)} took ${(ms / 1000).toFixed(1)} s (DPROG_BENCH_SLOW_PEERS=1 runs it)`);
        continue;
      }
      try {
        const { ms, out } = time(await make(c, inputs[i]!), c.n * c.rows >= 2 ** 20 ? 3000 : 1000);
        reference[i] ??= out;
        results.set(`${name}|${i}`, { ms, err: maxRelErr(out, reference[i]!) });
      } catch (e) {
        notes.push(`${name}, ${label(c)}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
  }
  printResults(phases.filter(([, m]) => m !== null).map(([n]) => n), results);
  for (const note of notes) console.log(`note: ${note}`);
}

function printResults(names: readonly string[], results: Map<string, { ms: number; err: number }>): void {
  console.log("\n## fft: float32 / complex64, median ms (ratio: the hand radix-2 loop's time / this row's; max rel diff vs the hand loop)");
  console.log(`${"case".padEnd(16)} ${"contender".padEnd(22)} ${"median ms".padStart(10)} ${"vs hand".padStart(8)} ${"max rel diff".padStart(12)}`);
  for (let i = 0; i < CASES.length; i++) {
    const hand = results.get(`${names[0]}|${i}`);
    for (const name of names) {
      const r = results.get(`${name}|${i}`);
      if (r === undefined) continue;
      const ratio = hand === undefined ? "" : `${(hand.ms / r.ms).toFixed(2)}x`;
      console.log(`${label(CASES[i]!).padEnd(16)} ${name.padEnd(22)} ${r.ms.toFixed(3).padStart(10)} ${ratio.padStart(8)} ${r.err.toExponential(1).padStart(12)}`);
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
