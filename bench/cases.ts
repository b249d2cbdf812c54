// A small harness for benches made of several cases, each timed for several contenders (a
// hand-written JS reference, dprog, TF.js cpu and wasm, jax-js on wasm) and printed as one table.
//
// Each contender kind runs in its own child process (bench/caseChild.ts, forked with the kind on
// its command line), one kind after another: users never run these libraries together, and sharing a
// process does not measure what they get: with TF.js wasm's worker threads and the peers' memory
// and JIT state beside them, dprog's kernels ran a third slower (2x2 max pooling, 2.4 -> 3.2 ms).
// A child rebuilds the cases from the bench module's exported factory (the inputs are
// deterministic), so no closure crosses the process boundary; outputs and measurements go over
// the IPC channel.
//
// Before a contender is timed, its outputs are checked against the reference contender's (the
// hand-written one unless a case says otherwise), computed in the reference's own child and passed
// on; a contender that disagrees is reported and not timed.
//
// The machine is shared and its load drifts within a run, so each timed sample of a contender is
// paired with a sample of the reference taken just before it in the same process (the hand-written
// loops are plain JS, which starts no threads): the ratio reported is the median of those
// per-pair ratios, and the time the median of the contender's samples.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
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
  /**
   * Where the checked first call took at least this many ms, that call is the one timed sample
   * (for peers and loops taking seconds or minutes per call, whose trace and compile are then a
   * negligible part of it). Unset: the case's repeats.
   */
  readonly timeFirstCallFromMs?: number;
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
  /**
   * The contender whose outputs the others are checked against and whose time their ratios are
   * taken to: "hand" unless a case has no hand-written code. Its child runs first and its outputs
   * are passed on to the other children.
   */
  readonly reference?: Kind;
  /**
   * Whether each sample is paired with one of the reference taken just before it in the same
   * process (default true): the ratio is then the median of the per-pair ratios, which follows the
   * machine's load drift. False where the reference takes seconds per call (the 3x3 convolutions'
   * JS loops): the ratio is then the two medians', each from its own process.
   */
  readonly paired?: boolean;
  readonly contenders: Partial<Record<Kind, (peers: Peers) => Contender | Promise<Contender>>>;
  /** Shown under the table (e.g. a peer that cannot express the case). */
  readonly notes?: readonly string[];
}

/** A bench module's exported function that builds its cases: each child process calls it again. */
export type CaseFactory = () => readonly Case[] | Promise<readonly Case[]>;

interface Measured {
  readonly kind: Kind;
  readonly name: string;
  /** Median in the case's unit, per call; NaN when not timed. */
  readonly value: number;
  /** Median of (this sample / the reference's sample just before it), or of the medians (unpaired); NaN when not timed. */
  readonly ratio: number;
  readonly err: number;
  readonly note?: string;
}

/** What a child process sends back, per case in the factory's order: its kind's row, and its outputs where it is the case's reference. */
interface ChildReport {
  readonly rows: readonly (Measured | null)[];
  readonly outputs: readonly (Outputs | null)[];
  readonly notes: readonly string[];
}

/** What the parent sends a child: per case, the reference's outputs (null where the child computes them itself or the reference failed). */
interface ChildOrder {
  readonly references: readonly (Outputs | null)[];
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

const referenceOf = (c: Case): Kind => c.reference ?? "hand";

/**
 * Runs every case for every contender kind, each kind in its own child process, and prints one
 * table; returns the measurements. `factory` must be exported by `module` (the caller's
 * import.meta.url) under its own name: the children import the module and call it.
 */
export async function runCases(title: string, module: string, factory: CaseFactory): Promise<Map<Case, Measured[]>> {
  const exported: Record<string, unknown> = await import(module);
  if (exported[factory.name] !== factory) throw new Error(`runCases: ${module} does not export the case factory as ${JSON.stringify(factory.name)}`);
  const cases = await factory();
  const notes: string[] = [];
  const results = new Map<Case, Measured[]>(cases.map((c) => [c, []]));
  const references: (Outputs | null)[] = cases.map(() => null);
  // KINDS lists the references (hand, dprog) before the peers: a reference's outputs exist before a child needs them.
  for (const kind of KINDS) {
    if (!cases.some((c) => c.contenders[kind])) continue;
    let report: ChildReport;
    try {
      report = await runChild(module, factory.name, kind, { references });
    } catch (e) {
      notes.push(`${kind}: ${(e as Error).message}`);
      continue;
    }
    cases.forEach((c, i) => {
      const row = report.rows[i];
      if (row) results.get(c)!.push(row);
      if (referenceOf(c) === kind) references[i] = report.outputs[i] ?? null;
    });
    for (const n of report.notes) if (!notes.includes(n)) notes.push(n);
  }
  for (const c of cases) {
    const rows = results.get(c)!;
    // The reference row first: the ratios are taken against it.
    rows.sort((a, b) => Number(b.kind === referenceOf(c)) - Number(a.kind === referenceOf(c)));
    if (c.paired === false) {
      const reference = rows.find((r) => r.kind === referenceOf(c));
      results.set(c, rows.map((r) => ({ ...r, ratio: r.value / (reference?.value ?? NaN) })));
    }
  }
  printCases(title, cases, results);
  for (const c of cases) for (const n of c.notes ?? []) notes.push(n);
  for (const n of notes) console.log(`note: ${n}`);
  return results;
}

/** The child processes' entry (a module of its own: the bench modules it imports import this one). */
const CHILD_ENTRY = fileURLToPath(new URL("./caseChild.ts", import.meta.url));

/** Forks a child (under the parent's loader flags, i.e. tsx) to run one kind; resolves with its report. */
function runChild(module: string, factory: string, kind: Kind, order: ChildOrder): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    // "advanced" serialization carries typed arrays, NaN (untimed rows) and Infinity (errors) intact.
    const child = fork(CHILD_ENTRY, [module, factory, kind], { serialization: "advanced", stdio: "inherit" });
    let report: ChildReport | null = null;
    child.on("message", (m) => (report = m as ChildReport));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (report) resolve(report);
      else reject(new Error(`its process ended without results (${signal ?? `exit code ${code}`})`));
    });
    child.send(order);
  });
}

/** The child's side (bench/caseChild.ts): builds the cases, times `kind`'s contenders in them, sends the report and exits. */
export async function serveKind(module: string, factoryName: string, kind: Kind): Promise<void> {
  const order = await new Promise<ChildOrder>((resolve) => process.once("message", (m) => resolve(m as ChildOrder)));
  const exported: Record<string, unknown> = await import(module);
  const factory = exported[factoryName];
  if (typeof factory !== "function") throw new Error(`${module} exports no function ${factoryName}`);
  const cases = await (factory as CaseFactory)();
  const notes: string[] = [];
  const peers = await loadPeers(kind, notes);
  const rows: (Measured | null)[] = [];
  const outputs: (Outputs | null)[] = [];
  for (const [i, c] of cases.entries()) {
    const make = c.contenders[kind];
    const measured = make && peers ? await measureCase(c, kind, make, peers, order.references[i] ?? null) : null;
    rows.push(measured?.row ?? null);
    outputs.push(measured?.outputs ?? null);
  }
  const report: ChildReport = { rows, outputs, notes };
  process.send!(report, () => process.exit(0));
}

/** Loads the peer library `kind` needs (null, with a note, where it cannot run). */
async function loadPeers(kind: Kind, notes: string[]): Promise<Peers | null> {
  if (kind === "tfCpu" || kind === "tfWasm") {
    const tf = await loadTf(notes);
    if (!tf) return null;
    try {
      await useTfBackend(tf, kind === "tfCpu" ? "cpu" : "wasm");
    } catch (e) {
      notes.push(`${kind}: ${(e as Error).message}`);
      return null;
    }
    return { tf, jax: null };
  }
  if (kind === "jax") {
    const jax = await loadJax(notes);
    return jax ? { tf: null, jax } : null;
  }
  return { tf: null, jax: null };
}

/**
 * One case's row for `kind`, and its outputs (the reference's are passed on). `want`: the
 * reference's outputs, null where `kind` is the reference. The checked first call is also the
 * first warm-up call.
 */
async function measureCase(
  c: Case,
  kind: Kind,
  make: (peers: Peers) => Contender | Promise<Contender>,
  peers: Peers,
  want: Outputs | null,
): Promise<{ row: Measured; outputs: Outputs | null }> {
  const isReference = kind === referenceOf(c);
  let pair: Contender | null = null;
  let con: Contender | undefined;
  try {
    if (!isReference && want === null) throw new Error(`no ${referenceOf(c)} outputs to check against`);
    // TF.js greets on its first tensor: keep that out of the table.
    con = kind === "tfCpu" || kind === "tfWasm" ? await quietly(async () => make(peers)) : await make(peers);
    let pairMs = NaN;
    if (!isReference && c.paired !== false) {
      pair = await c.contenders[referenceOf(c)]!({ tf: null, jax: null });
      const t = performance.now();
      pair.run();
      pairMs = performance.now() - t;
    }
    const t0 = performance.now();
    const out = con.run();
    const firstMs = performance.now() - t0;
    const err = isReference ? 0 : maxRelErr(out, want!);
    // A copy: later calls may reuse the arrays they return.
    const outputs = isReference ? out.map((o) => Float64Array.from(o)) : null;
    if (!(err <= c.tol)) return { row: { kind, name: con.name, value: NaN, ratio: NaN, err, note: `WRONG RESULT (tolerance ${c.tol}), not timed` }, outputs };
    const calls = c.callsPerSample ?? 1;
    const perCall = (ms: number): number => (c.unit === "µs" ? (ms / calls) * 1000 : ms / calls);
    if (con.timeFirstCallFromMs !== undefined && firstMs >= con.timeFirstCallFromMs && calls === 1) {
      return { row: { kind, name: con.name, value: perCall(firstMs), ratio: pair ? firstMs / pairMs : 1, err, note: "1 sample (its first call)" }, outputs };
    }
    const { ms, ratio } = timePaired(pair, con, calls, c.repeats ?? 15, c.warmup ?? 3);
    return { row: { kind, name: con.name, value: perCall(ms), ratio, err }, outputs };
  } catch (e) {
    const msg = (e as Error).message.split("\n")[0]!.slice(0, 160);
    return { row: { kind, name: con?.name ?? kind, value: NaN, ratio: NaN, err: NaN, note: `failed: ${msg}` }, outputs: null };
  } finally {
    con?.dispose?.();
    pair?.dispose?.();
  }
}

/**
 * Warm-up lasts at least this long as well as `warmup` samples: V8 optimizes hot code (generated
 * kernels included) on a background thread, which on a loaded two-core machine can take hundreds
 * of calls; timing before that measures the interpreter (seen: 5x slower medians).
 */
const MIN_WARMUP_MS = 500;

/**
 * Times `calls` calls of `con` per sample, `repeats` samples after warm-up; with a `reference`
 * contender, each sample follows one of `reference` over the same number of calls. Returns the
 * median sample in ms and the median per-pair ratio (1 without `reference`).
 */
function timePaired(reference: Contender | null, con: Contender, calls: number, repeats: number, warmup: number): { ms: number; ratio: number } {
  const sample = (x: Contender): number => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) x.run();
    return performance.now() - t0;
  };
  const start = performance.now();
  for (let i = 0; i < warmup || performance.now() - start < MIN_WARMUP_MS; i++) {
    if (reference) sample(reference);
    sample(con);
  }
  const times: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const r = reference ? sample(reference) : NaN;
    const t = sample(con);
    times.push(t);
    ratios.push(reference ? t / r : 1);
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
  console.log("median per call over repeats after warmup; ratio = median over samples of (time / the first row's time measured just before, in the same process), lower is better;");
  console.log(`err = max |diff| / max |first row's|; each library runs in its own process${showTargets() ? "; targets are judged on the dprog row" : ""}`);
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
