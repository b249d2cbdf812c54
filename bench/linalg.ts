// Linear algebra kernels (issue 20, backends/js/linalg): cholesky, solve (LU with partial
// pivoting, then two triangular solves), qr (reduced, Q and R), eigh and svd (all vectors) at
// n = 64, 256, 1024 in float64 and float32, on typed arrays (the kernels the primitives call).
//
// The reference row of each is a hand-written unblocked JS loop of the same algorithm (Cholesky-
// Banachiewicz, Gaussian elimination with row pivoting, Householder by columns), in the same run.
// eigh and svd have no unblocked twin here: their rows are compared with the time LAPACK would
// take at the f64 GEMM rate measured in the same run (two threads) (9 n^3 flops for syevd with vectors, 21 n^3
// for gesvd with U and V, Golub & Van Loan, table 8.3.1 / 8.6.1), an optimistic figure for LAPACK,
// whose tridiagonal/bidiagonal reductions run half their flops at BLAS-2 speed. Issue 20's goals:
// cholesky/solve 1024 float64 >= 5x the unblocked loop; eigh/svd 256 < 5x the LAPACK estimate.
// svd is gesvd's path (bidiagonalisation, then bidiagonal QR with its rotations applied in batches).
//
// The peers table runs the public functions in float32 (jax-js's float64 needs Float16Array,
// which Node 20 lacks; TF.js has no float64) at n = 64 and 256: dprog's np.linalg, jax-js's
// np.linalg (cholesky, solve, eigh, svd; it has no qr) and TF.js's tf.linalg.qr (its only one of
// these routines; it has no cholesky, solve, eigh or svd), ratio against dprog's time. n = 1024 is
// left out there: jax-js's eigh/svd take seconds already at 256, TF.js's qr a minute on cpu.
//
//   npx tsx bench/linalg.ts            (or `npm run bench linalg`, through bench/index.ts)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cholesky } from "../backends/js/linalg/cholesky.js";
import { eigh } from "../backends/js/linalg/eigh.js";
import { gemm, view } from "../backends/js/linalg/gemm.js";
import { gemmHelperReady, gemmRuntime } from "../backends/js/wasm/runtime.js";
import { lu } from "../backends/js/linalg/lu.js";
import { qr } from "../backends/js/linalg/qr.js";
import { svd } from "../backends/js/linalg/svd.js";
import { triangularSolve } from "../backends/js/linalg/triangularSolve.js";
import type { FloatArray } from "../backends/js/linalg/types.js";
import { mulberry32 } from "../test/util/random.js";
import { numpy as np, jit, vmap, type Array } from "../src/index.js";
import { maxRelErr, median, printTable, quietly, timeMs, type Row } from "./util.js";
import { loadPeers, type Jax, type Tf } from "./peers.js";

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const SIZES = [64, 256, 1024];

function random(ctor: Ctor, len: number, seed: number): FloatArray {
  const rand = mulberry32(seed);
  const a = new ctor(len);
  for (let i = 0; i < len; i++) a[i] = 2 * rand() - 1;
  return a;
}

/** A well-conditioned SPD matrix: B B^T / n + I. */
function spd(ctor: Ctor, n: number): FloatArray {
  const b = random(Float64Array, n * n, 5);
  const a = new ctor(n * n);
  gemm(n, n, n, 1 / n, view(b, 0, n), view(b, 0, 1, n), 0, view(a, 0, n));
  for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + 1;
  return a;
}

/** Cholesky-Banachiewicz, row by row: the unblocked loop. */
function choleskyLoop(a: FloatArray, n: number): FloatArray {
  const l = new (a.constructor as Ctor)(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j]!;
    }
  }
  return l;
}

/** Gaussian elimination with partial pivoting on a copy, then back substitution: x with A x = b. */
function solveLoop(a0: FloatArray, b0: FloatArray, n: number): FloatArray {
  const a = a0.slice();
  const x = b0.slice();
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(a[i * n + j]!) > Math.abs(a[p * n + j]!)) p = i;
    for (let c = 0; c < n; c++) [a[j * n + c], a[p * n + c]] = [a[p * n + c]!, a[j * n + c]!];
    [x[j], x[p]] = [x[p]!, x[j]!];
    for (let i = j + 1; i < n; i++) {
      const f = a[i * n + j]! / a[j * n + j]!;
      for (let c = j; c < n; c++) a[i * n + c] = a[i * n + c]! - f * a[j * n + c]!;
      x[i] = x[i]! - f * x[j]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let c = i + 1; c < n; c++) s -= a[i * n + c]! * x[c]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}

/** The kernels' solve: P A = L U, then L y = P b and U x = y. */
function solveKernels(a: FloatArray, b: FloatArray, n: number): FloatArray {
  const f = lu(a, 1, n, n);
  const pb = new (a.constructor as Ctor)(n);
  for (let i = 0; i < n; i++) pb[i] = b[f.permutation[i]!]!;
  const y = triangularSolve(f.lu, pb, 1, n, 1, { leftSide: true, lower: true, transposeA: false, unitDiagonal: true });
  return triangularSolve(f.lu, y, 1, n, 1, { leftSide: true, lower: false, transposeA: false, unitDiagonal: false });
}

/** Householder QR by columns (R in place, reflectors kept), then Q accumulated backwards: the unblocked loop. */
function qrLoop(a0: FloatArray, n: number): { q: FloatArray; r: FloatArray } {
  const a = a0.slice();
  const tau = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // dlarfg's convention: nothing below the diagonal leaves the column as it is (tau = 0).
    let below = 0;
    for (let i = j + 1; i < n; i++) below += a[i * n + j]! ** 2;
    if (below === 0) continue;
    const alpha = a[j * n + j]!;
    const norm = Math.sqrt(alpha * alpha + below);
    const beta = alpha >= 0 ? -norm : norm;
    tau[j] = (beta - alpha) / beta;
    for (let i = j + 1; i < n; i++) a[i * n + j] = a[i * n + j]! / (alpha - beta);
    a[j * n + j] = beta;
    for (let c = j + 1; c < n; c++) {
      let s = a[j * n + c]!;
      for (let i = j + 1; i < n; i++) s += a[i * n + j]! * a[i * n + c]!;
      s *= tau[j]!;
      a[j * n + c] = a[j * n + c]! - s;
      for (let i = j + 1; i < n; i++) a[i * n + c] = a[i * n + c]! - s * a[i * n + j]!;
    }
  }
  const q = new (a0.constructor as Ctor)(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let j = n - 1; j >= 0; j--) {
    for (let c = j; c < n; c++) {
      let s = q[j * n + c]!;
      for (let i = j + 1; i < n; i++) s += a[i * n + j]! * q[i * n + c]!;
      s *= tau[j]!;
      q[j * n + c] = q[j * n + c]! - s;
      for (let i = j + 1; i < n; i++) q[i * n + c] = q[i * n + c]! - s * a[i * n + j]!;
    }
  }
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = 0;
  return { q, r: a };
}

const repeatsFor = (n: number): number => (n >= 1024 ? 1 : n >= 256 ? 3 : 9);
const time = (n: number, fn: () => void): number => timeMs(fn, repeatsFor(n), n >= 1024 ? 0 : 1);

/**
 * The kernel against its loop, samples interleaved (on a shared machine the load changes between
 * two back-to-back series), the first call of each (made for the error) untimed. `repeats`
 * samples each: 3 at n = 1024 (a single sample swung by a third between runs), except where the
 * loop takes a minute (qr).
 */
function blockedVsLoop(name: string, ctor: Ctor, n: number, kernel: () => FloatArray, loop: () => FloatArray, repeats = Math.max(3, repeatsFor(n))): Row[] {
  const err = maxRelErr(kernel(), loop());
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < repeats; i++) {
    for (const [k, fn] of [[0, kernel], [1, loop]] as const) {
      const t0 = performance.now();
      fn();
      samples[k].push(performance.now() - t0);
    }
  }
  const [tk, tl] = samples.map(median) as [number, number];
  return [
    { name: `${name} n=${n} unblocked JS loop`, value: tl, unit: "ms", ratio: 1 },
    { name: `${name} n=${n} backends/js/linalg`, value: tk, unit: "ms", ratio: tl / tk, note: `speed-up ${(tl / tk).toFixed(1)}x; max rel diff ${err.toExponential(1)}` },
  ];
}

/**
 * f64 GEMM rate (GFLOP/s) at n through the kernels' GEMM: on two threads where the wasm helper
 * runs (256^3 is above the split threshold), as LAPACK over a threaded BLAS would use both cores.
 */
function gemmRate(n: number): number {
  const a = random(Float64Array, n * n, 1), b = random(Float64Array, n * n, 2), c = new Float64Array(n * n);
  const ms = timeMs(() => gemm(n, n, n, 1, view(a, 0, n), view(b, 0, n), 0, view(c, 0, n)), 5, 1);
  return (2 * n ** 3) / ms / 1e6;
}

/** 3x3 Gaussian elimination with partial pivoting per system: the hand-written loop for batched solves. */
function solve3Loop(a: Float64Array, b: Float64Array, count: number): Float64Array {
  const x = new Float64Array(count * 3);
  const m = new Float64Array(12);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) m[i * 4 + j] = a[s * 9 + i * 3 + j]!;
      m[i * 4 + 3] = b[s * 3 + i]!;
    }
    for (let j = 0; j < 3; j++) {
      let p = j;
      for (let i = j + 1; i < 3; i++) if (Math.abs(m[i * 4 + j]!) > Math.abs(m[p * 4 + j]!)) p = i;
      for (let c = 0; c < 4; c++) [m[j * 4 + c], m[p * 4 + c]] = [m[p * 4 + c]!, m[j * 4 + c]!];
      for (let i = j + 1; i < 3; i++) {
        const f = m[i * 4 + j]! / m[j * 4 + j]!;
        for (let c = j; c < 4; c++) m[i * 4 + c] = m[i * 4 + c]! - f * m[j * 4 + c]!;
      }
    }
    for (let i = 2; i >= 0; i--) {
      let t = m[i * 4 + 3]!;
      for (let c = i + 1; c < 3; c++) t -= m[i * 4 + c]! * x[s * 3 + c]!;
      x[s * 3 + i] = t / m[i * 4 + i]!;
    }
  }
  return x;
}

/** 10,000 batched 3x3 solves: jit(vmap(np.linalg.solve)) against the loop (issue 20's goal: within 2x). */
function batchedSolves(): void {
  const count = 10000;
  const a = random(Float64Array, count * 9, 7) as Float64Array;
  for (let s = 0; s < count; s++) for (let i = 0; i < 3; i++) a[s * 9 + i * 4] = a[s * 9 + i * 4]! + 3;
  const b = random(Float64Array, count * 3, 8) as Float64Array;
  const A = np.array(a, { dtype: "float64" }).reshape([count, 3, 3]);
  const B = np.array(b, { dtype: "float64" }).reshape([count, 3]);
  const f = jit(vmap((x: Array, y: Array) => np.linalg.solve(x, y)));
  const run = (): Float64Array => Float64Array.from(f(A, B).dataSync() as ArrayLike<number>, Number);
  const err = maxRelErr(run(), solve3Loop(a, b, count));
  // Each call takes a few ms, about one time slice: on a loaded machine a wall-clock sample is
  // either the work alone or the work plus a wait for the CPU (tens of ms, also inflating any GC
  // that runs meanwhile), so medians of wall time swung from 0.24x to 21x between runs. The
  // process's CPU time (all its threads, GC included) counts only the work: samples of 5 calls,
  // interleaved, the first 3 dropped (warm-up; jit compiled above), medians of both clocks.
  const calls = 5;
  const wall: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  for (let i = 0; i < 43; i++) {
    // dprog's timed call reads its result (dataSync) as the loop returns its array: no conversion.
    for (const [k, fn] of [[0, () => void solve3Loop(a, b, count)], [1, () => void f(A, B).dataSync()]] as const) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let c = 0; c < calls; c++) fn();
      const t = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (i < 3) continue;
      wall[k].push(t / calls);
      cpu[k].push((c.user + c.system) / 1000 / calls);
    }
  }
  const [tl, tj] = cpu.map(median) as [number, number];
  const [wl, wj] = wall.map(median) as [number, number];
  printTable("linalg: 10,000 batched 3x3 float64 solves, CPU time per call (ratio: time / the hand-written loop)", [
    { name: "hand-written 3x3 elimination loop", value: tl, unit: "ms", ratio: 1, note: `wall ${wl.toFixed(2)} ms` },
    { name: "jit(vmap(np.linalg.solve))", value: tj, unit: "ms", ratio: tj / tl, note: `wall ${wj.toFixed(2)} ms (${(wj / wl).toFixed(2)}x); max rel diff ${err.toExponential(1)}` },
  ]);
}

type Routine = "cholesky" | "solve" | "qr" | "eigh" | "svd";
const ROUTINES: Routine[] = ["cholesky", "solve", "qr", "eigh", "svd"];

/** dprog's np.linalg on a float32 (n x n) matrix, returning one output's values. */
function dprogRoutine(routine: Routine, a: Float32Array, b: Float32Array, n: number): () => ArrayLike<number> {
  const A = np.array(a).reshape([n, n]);
  const B = np.array(b);
  const run: Record<Routine, () => Array> = {
    cholesky: () => np.linalg.cholesky(A),
    solve: () => np.linalg.solve(A, B),
    qr: () => np.linalg.qr(A)[1],
    eigh: () => np.linalg.eigh(A).eigenvalues,
    svd: () => np.linalg.svd(A, { computeUv: false }),
  };
  return () => run[routine]().dataSync() as ArrayLike<number>;
}

/** jax-js's np.linalg (no qr); its arrays are consumed by each call, so `.ref` keeps ours. */
function jaxRoutine(jax: Jax, routine: Routine, a: Float32Array, b: Float32Array, n: number): (() => ArrayLike<number>) | null {
  const jnp = jax.numpy;
  const A = jnp.array(a).reshape([n, n]);
  const B = jnp.array(b);
  switch (routine) {
    case "cholesky":
      return () => jnp.linalg.cholesky(A.ref).dataSync();
    case "solve":
      return () => jnp.linalg.solve(A.ref, B.ref).dataSync();
    case "eigh":
      return () => jnp.linalg.eigh(A.ref)[0].dataSync();
    case "svd":
      return () => jnp.linalg.svd(A.ref)[1].dataSync();
    case "qr":
      return null;
  }
}

/** TF.js's tf.linalg.qr (R) on its wasm backend; its only routine of the five. */
async function tfRoutine(tf: Tf, routine: Routine, a: Float32Array, n: number): Promise<(() => ArrayLike<number>) | null> {
  if (routine !== "qr") return null;
  await quietly(async () => {
    if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') failed");
    await tf.ready();
  });
  const A = tf.tensor2d(a, [n, n]);
  return () => {
    const [q, r] = tf.linalg.qr(A);
    const out = r.dataSync();
    q.dispose();
    r.dispose();
    return out;
  };
}

/** The public functions of dprog, jax-js and TF.js in float32 (ratio: time / dprog's). */
async function peers(): Promise<void> {
  const { tf, jax, notes } = await quietly(loadPeers);
  for (const routine of ROUTINES) {
    const rows: Row[] = [];
    for (const n of [64, 256]) {
      const a = routine === "cholesky" ? (spd(Float32Array, n) as Float32Array) : (random(Float32Array, n * n, 3) as Float32Array);
      if (routine === "eigh") for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i]!;
      const b = random(Float32Array, n, 4) as Float32Array;
      const reps = n >= 256 ? 2 : 5;
      const ours = dprogRoutine(routine, a, b, n);
      const want = ours();
      const td = timeMs(() => void ours(), reps, 1);
      rows.push({ name: `${routine} n=${n} dprog np.linalg`, value: td, unit: "ms", ratio: 1 });
      const contenders: [string, (() => ArrayLike<number>) | null][] = [
        ["jax-js np.linalg (wasm)", jax && jaxRoutine(jax, routine, a, b, n)],
        ["TF.js tf.linalg (wasm)", tf && (await tfRoutine(tf, routine, a, n))],
      ];
      for (const [name, run] of contenders) {
        if (run === null) continue;
        // Signs of R's rows and of singular vectors differ between libraries: compare magnitudes.
        const err = maxRelErr(Float64Array.from(run(), Math.abs), Float64Array.from(want, Math.abs));
        const t = timeMs(() => void run(), reps, 1);
        rows.push({ name: `${routine} n=${n} ${name}`, value: t, unit: "ms", ratio: t / td, note: `max rel diff ${err.toExponential(1)}` });
      }
    }
    printTable(`linalg float32 ${routine}: public functions against peers (ratio: time / dprog's)`, rows);
  }
  if (notes.length > 0) console.log(notes.join("\n"));
}

export async function main(): Promise<void> {
  // The GEMM's helper thread starts asynchronously: wait for it, so that every row runs as a user's warm process does.
  await gemmHelperReady();
  batchedSolves();
  await peers();
  for (const [dname, ctor] of [["float64", Float64Array], ["float32", Float32Array]] as const) {
    const rows: Row[] = [];
    for (const n of SIZES) {
      const a = spd(ctor, n);
      const g = random(ctor, n * n, 3);
      const b = random(ctor, n, 4);
      rows.push(...blockedVsLoop("cholesky", ctor, n, () => cholesky(a, 1, n), () => choleskyLoop(a, n)));
      rows.push(...blockedVsLoop("solve", ctor, n, () => solveKernels(g, b, n), () => solveLoop(g, b, n)));
      rows.push(...blockedVsLoop("qr", ctor, n, () => qr(g, 1, n, n, false).r, () => qrLoop(g, n).r, repeatsFor(n)));
    }
    printTable(`linalg ${dname}: blocked kernels vs the unblocked loop (ratio: speed-up over the loop)`, rows);
  }
  const rate = gemmRate(256);
  const threads = gemmRuntime()?.helper ? "two threads" : "one thread";
  for (const [dname, ctor] of [["float64", Float64Array], ["float32", Float32Array]] as const) {
    const rows: Row[] = [];
    for (const n of SIZES) {
      const s = spd(ctor, n);
      const g = random(ctor, n * n, 3);
      const te = time(n, () => void eigh(s, 1, n, true));
      const lapackE = (9 * n ** 3) / rate / 1e6;
      rows.push({ name: `eigh n=${n}`, value: te, unit: "ms", ratio: te / lapackE, note: `LAPACK estimate ${lapackE.toFixed(2)} ms (9n^3 at ${rate.toFixed(1)} GFLOP/s, ${threads})` });
      const ts = time(n, () => void svd(g, 1, n, n, false, true));
      const lapackS = (21 * n ** 3) / rate / 1e6;
      rows.push({ name: `svd n=${n}`, value: ts, unit: "ms", ratio: ts / lapackS, note: `LAPACK estimate ${lapackS.toFixed(2)} ms (21n^3 at ${rate.toFixed(1)} GFLOP/s, ${threads})` });
    }
    printTable(`linalg ${dname}: eigh and svd with vectors (ratio: time / LAPACK estimated from the f64 GEMM rate)`, rows);
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) await main();
