// Timing helpers for the benchmarks: medians over repeats (the machine is shared and noisy).

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Largest |got - want| over the largest |want| (1 when want is all zeros); Infinity if the lengths differ. */
export function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let err = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return err / (scale || 1);
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
