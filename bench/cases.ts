// A small harness for benches made of several cases, each timed for several contenders (a
// hand-written JS reference, dprog, TF.js cpu and wasm, jax-js on wasm) and printed as one table.
//
// Contenders run one kind at a time over all cases, plain JS and dprog first: a peer that starts
// worker threads (the wasm backends may) then cannot slow down the single-threaded measurements.
// Before a contender is timed, its outputs are checked against the hand-written reference's; a
// contender that disagrees is reported and not timed.
//
// The machine is shared and its load drifts within a run, so each timed sample of a contender is
// paired with a sample of the hand-written code taken just before it: the ratio reported is the
// median of those per-pair ratios, and the time the median of the contender's samples.
import { maxRelErr as maxRelErrOf, median, quietly, showTargets } from "./util.js";

export type { Tf } from "./mlp.js";
import type { Tf } from "./mlp.js";
import { loadJax, loadTf } from "./mlp.js";
export type Jax = typeof import("@jax-js/jax");

export const KINDS = ["hand", "dprog", "tfCpu", "tfWasm", "jax"] as const;
export type Kind = (typeof KINDS)[number];

/** A contender's outputs, each flattened: compared elementwise against the reference's. */
export type Outputs = readonly ArrayLike<number>[];

export interface Contender {
  readonly name: string;
  /** One call (or one step) of the measured work, returning its outputs read back into JS. */
  readonly run: () => Outputs;
  readonly dispose?: () => void;
}

export interface Peers {
  readonly tf: Tf | null;
  readonly jax: Jax | null;
}

/**
 * A maintainers' goal for a case, judged on the dprog row; shown only with DPROG_BENCH_TARGETS=1,
 * since users read the tables for the timings.
 */
export interface Target {
  readonly text: string;
  /** `value`: dprog's median in the case's unit; `ratio`: to the hand-written row; `peers`: every row's median by kind. */
  readonly met: (value: number, ratio: number, peers: ReadonlyMap<Kind, number>) => boolean;
}

export interface Case {
  readonly title: string;
  /** "ms" per call or "µs" per call. */
  readonly unit: "ms" | "µs";
  /** Calls per timed sample, for work too short to time one call at a time. */
  readonly callsPerSample?: number;
  readonly repeats?: number;
  readonly warmup?: number;
  /** Largest allowed elementwise difference, relative to each reference output's largest entry. */
  readonly tol: number;
  readonly target?: Target;
  readonly contenders: Partial<Record<Kind, (peers: Peers) => Contender | Promise<Contender>>>;
  /** Shown under the table (e.g. a peer that cannot express the case). */
  readonly notes?: readonly string[];
}

interface Measured {
  readonly kind: Kind;
  readonly name: string;
  /** Median in the case's unit, per call; NaN when not timed. */
  readonly value: number;
  /** Median of (this sample / the hand-written sample just before it); NaN when not timed. */
  readonly ratio: number;
  readonly err: number;
  readonly note?: string;
}

function maxRelErr(got: Outputs, want: Outputs): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  for (let o = 0; o < want.length; o++) {
    const err = maxRelErrOf(got[o]!, want[o]!);
    if (Number.isNaN(err)) return Infinity;
    worst = Math.max(worst, err);
  }
  return worst;
}

async function useTfBackend(tf: Tf, backend: "cpu" | "wasm"): Promise<void> {
  await quietly(async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
  });
}

/** Runs every case for every contender kind and prints one table; returns the measurements. */
export async function runCases(title: string, cases: readonly Case[]): Promise<Map<Case, Measured[]>> {
  const notes: string[] = [];
  const results = new Map<Case, Measured[]>(cases.map((c) => [c, []]));
  const references = new Map<Case, Outputs>();
  const hands = new Map<Case, Contender>();
  let tf: Tf | null = null;
  let jax: Jax | null = null;
  for (const kind of KINDS) {
    if (!cases.some((c) => c.contenders[kind])) continue;
    if (kind === "tfCpu" || kind === "tfWasm") {
      tf ??= await loadTf(notes);
      if (!tf) continue;
      try {
        await useTfBackend(tf, kind === "tfCpu" ? "cpu" : "wasm");
      } catch (e) {
        notes.push(`${kind}: ${(e as Error).message}`);
        continue;
      }
    }
    if (kind === "jax") {
      jax = await loadJax(notes);
      if (!jax) continue;
    }
    for (const c of cases) {
      const make = c.contenders[kind];
      if (!make) continue;
      let con: Contender | undefined;
      try {
        // TF.js greets on its first tensor: keep that out of the table.
        con = kind === "tfCpu" || kind === "tfWasm" ? await quietly(async () => make({ tf, jax })) : await make({ tf, jax });
        // The checked call is also the first warmup call.
        const out = con.run();
        if (kind === "hand") {
          references.set(c, out);
          hands.set(c, con);
        }
        const want = references.get(c);
        if (!want) throw new Error("no hand-written reference to check against");
        const err = maxRelErr(out, want);
        if (!(err <= c.tol)) {
          results.get(c)!.push({ kind, name: con.name, value: NaN, ratio: NaN, err, note: `WRONG RESULT (tolerance ${c.tol}), not timed` });
          continue;
        }
        const calls = c.callsPerSample ?? 1;
        const { ms, ratio } = timePaired(kind === "hand" ? null : hands.get(c)!, con, calls, c.repeats ?? 15, c.warmup ?? 3);
        const perCall = ms / calls;
        results.get(c)!.push({ kind, name: con.name, value: c.unit === "µs" ? perCall * 1000 : perCall, ratio, err });
      } catch (e) {
        const msg = (e as Error).message.split("\n")[0]!.slice(0, 160);
        results.get(c)!.push({ kind, name: con?.name ?? kind, value: NaN, ratio: NaN, err: NaN, note: `failed: ${msg}` });
      } finally {
        // The hand-written contenders stay: later kinds pair their samples with them.
        if (kind !== "hand") con?.dispose?.();
      }
    }
  }
  printCases(title, cases, results);
  for (const c of cases) for (const n of c.notes ?? []) notes.push(n);
  for (const n of notes) console.log(`note: ${n}`);
  return results;
}

/**
 * Warm-up lasts at least this long as well as `warmup` samples: V8 optimizes hot code (generated
 * kernels included) on a background thread, which on a loaded two-core machine can take hundreds
 * of calls; timing before that measures the interpreter (seen: 5x slower medians).
 */
const MIN_WARMUP_MS = 500;

/**
 * Times `calls` calls of `con` per sample, `repeats` samples after warm-up; with a `hand`
 * contender, each sample follows one of `hand` over the same number of calls. Returns the median
 * sample in ms and the median per-pair ratio (1 without `hand`).
 */
function timePaired(hand: Contender | null, con: Contender, calls: number, repeats: number, warmup: number): { ms: number; ratio: number } {
  const sample = (x: Contender): number => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) x.run();
    return performance.now() - t0;
  };
  const start = performance.now();
  for (let i = 0; i < warmup || performance.now() - start < MIN_WARMUP_MS; i++) {
    if (hand) sample(hand);
    sample(con);
  }
  const times: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const h = hand ? sample(hand) : NaN;
    const t = sample(con);
    times.push(t);
    ratios.push(hand ? t / h : 1);
  }
  return { ms: median(times), ratio: median(ratios) };
}

function fmt(v: number): string {
  if (Number.isNaN(v)) return "—";
  if (v >= 100) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

function printCases(title: string, cases: readonly Case[], results: Map<Case, Measured[]>): void {
  console.log(`\n## ${title}`);
  console.log("median per call over repeats after warmup; ratio = median over samples of (time / hand-written time measured just before), lower is better;");
  console.log(`err = max |diff| / max |reference|${showTargets() ? "; targets are judged on the dprog row" : ""}`);
  const w = Math.max(24, ...[...results.values()].flat().map((m) => m.name.length));
  const header = `${"contender".padEnd(w)}  ${"median".padStart(12)}  ${"ratio".padStart(8)}  ${"err".padStart(8)}${showTargets() ? "  target" : ""}`;
  for (const c of cases) {
    const rows = results.get(c)!;
    const peers = new Map(rows.map((r) => [r.kind, r.value] as const));
    console.log(`\n### ${c.title}${c.target && showTargets() ? `   [target: ${c.target.text}]` : ""}`);
    console.log(header);
    for (const r of rows) {
      const ratio = r.ratio;
      let target = "";
      if (r.kind === "dprog" && c.target && showTargets()) {
        target = Number.isFinite(r.value) ? (c.target.met(r.value, ratio, peers) ? "met" : "NOT MET") : "NOT MET";
      }
      const median = Number.isNaN(r.value) ? "—" : `${fmt(r.value)} ${c.unit}`;
      const ratioText = Number.isNaN(ratio) ? "" : `${ratio.toFixed(2)}x`;
      const err = Number.isNaN(r.err) ? "" : r.err === 0 ? "0" : r.err.toExponential(1);
      console.log(
        `${r.name.padEnd(w)}  ${median.padStart(12)}  ${ratioText.padStart(8)}  ${err.padStart(8)}${[target, r.note ?? ""].filter((t) => t !== "").map((t) => `  ${t}`).join("")}`,
      );
    }
  }
}

/** Uniform in [lo, hi) from a 32-bit LCG: the same data in every run. */
export function uniform(n: number, seed: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    out[i] = lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  }
  return out;
}
