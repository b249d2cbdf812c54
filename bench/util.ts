// Timing helpers for the benchmarks: medians over repeats (the machine is shared and noisy).
import { maxRelErr as relativeError } from "../test/util/compare.js";

/** Whether tables judge dprog's rows against the maintainers' targets (DPROG_BENCH_TARGETS=1); users see timings only. */
export const showTargets = (): boolean => process.env.DPROG_BENCH_TARGETS === "1";

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The tests' relative error (test/util/compare.ts), Infinity where the lengths differ: a bench reports, it does not throw. */
export function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  return got.length === want.length ? relativeError(got, want) : Infinity;
}

/** Runs `fn` `warmup` times, then `repeats` timed samples; returns the median in milliseconds. */
export function timeMs(fn: () => void, repeats = 15, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Calls the functions in turn, `warmup` rounds then `rounds` timed ones (alternating, so load hits all alike); returns each one's median in milliseconds. */
export function interleavedMedians(runs: readonly (() => unknown)[], rounds: number, warmup = 2): number[] {
  const samples: number[][] = runs.map(() => []);
  for (let i = 0; i < warmup + rounds; i++) {
    runs.forEach((run, k) => {
      const t0 = performance.now();
      run();
      if (i >= warmup) samples[k]!.push(performance.now() - t0);
    });
  }
  return samples.map(median);
}

export async function timeMsAsync(fn: () => Promise<void>, repeats = 15, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export interface Row {
  name: string;
  value: number;
  unit: string;
  /** Ratio against the reference row (hand-written JS), when meaningful. */
  ratio?: number;
  note?: string;
}

export function printTable(title: string, rows: Row[]): void {
  console.log(`\n## ${title}`);
  const w = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(`${"".padEnd(w)}  ${"median".padStart(12)}  ${"ratio".padStart(8)}  note`);
  for (const r of rows) {
    const v = r.value < 0.01 ? r.value.toExponential(2) : r.value.toFixed(r.value < 10 ? 3 : 1);
    const ratio = r.ratio === undefined ? "" : r.ratio.toFixed(2) + "x";
    console.log(`${r.name.padEnd(w)}  ${(v + " " + r.unit).padStart(12)}  ${ratio.padStart(8)}  ${r.note ?? ""}`);
  }
}

/** Silences TF.js's console chatter ("Hi there", backend registration) during setup. */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  const warn = console.warn;
  console.log = () => {};
  console.warn = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}
