// The fuzzing loop: generate a program per seed, run the checks, shrink and report failures.
import type { Array } from "../../src/index.js";
import { Rng, renderProgram } from "./program.js";
import type { Program } from "./program.js";
import { Generator } from "./generator.js";
import type { GenOptions } from "./generator.js";
import { OPS } from "./ops.js";
import { runChecks, fmtArray, CHECKS, seedOf } from "./checker.js";
import type { CheckName, Failure } from "./checker.js";
import { shrink } from "./shrink.js";
import { compileProgram } from "./checker.js";
import { makeJaxpr } from "../../src/index.js";

export interface FuzzOptions {
  seed: number;
  /** Stop after this many programs... */
  programs?: number;
  /** ...or after this many milliseconds, whichever comes first. */
  timeMs?: number;
  /** Op families left out (see ops.ts). */
  exclude?: ReadonlySet<string>;
  /** Checks left out. */
  skipChecks?: ReadonlySet<CheckName>;
  /** Stop collecting reports after this many distinct failures. */
  maxReports?: number;
  shrinkBudget?: number;
  log?: (s: string) => void;
}

export interface Report {
  seed: number;
  failure: Failure;
  program: Program;
  text: string;
}

export interface FuzzStats {
  programs: number;
  checks: number;
  skipped: number;
  mismatches: number;
  crashes: number;
  /** Statements the generator rejected because eager evaluation threw. */
  genErrors: number;
  genErrorSamples: Map<string, string>;
  perCheck: Record<string, { ran: number; failed: number }>;
  ops: Map<string, number>;
  /** Primitives seen in the programs' jaxprs (makeJaxpr, sub-jaxprs included). */
  prims: Map<string, number>;
  reports: Report[];
  ms: number;
}

/**
 * The program for `seed`: half float64, the other half float32 but one in five of those float16
 * (drawn from a stream of its own, so that the programs of other seeds are unchanged).
 */
export function generate(seed: number, opts: GenOptions = {}): { program: Program; inputs: Array[]; gen: Generator } {
  const rng = new Rng(seed);
  const dtype = opts.dtype ?? (rng.bool() ? "float64" : new Rng(seedOf(`float16${seed}`)).bool(0.2) ? "float16" : "float32");
  const gen = new Generator(rng, dtype, OPS, opts);
  const { program, inputs } = gen.program();
  return { program, inputs, gen };
}

/** A failure's identity for deduplication and for the shrinker: check, kind, and the message's shape. */
export function failureKey(f: Failure): string {
  const msg = f.kind === "crash" ? f.message.replace(/\d+(\.\d+)?(e-?\d+)?/g, "#").slice(0, 80) : "";
  return `${f.check}/${f.kind}/${msg}`;
}

export function formatReport(seed: number, f: Failure, p: Program, inputs: readonly Array[]): string {
  const lines = [
    `==== ${f.kind} in check "${f.check}" (seed ${seed}) ====`,
    f.message,
    "",
    `import { numpy as np, lax, nn, jit, vmap, grad, jvp, vjp, customJvp, customVjp, checkpoint, Array } from "dprog";`,
    renderProgram(p),
    ...p.inputs.map((inp, i) => `const ${inp.name} = ${fmtArray(inputs[i]!)};`),
    `// ${describeCheck(f.check, p)}`,
  ];
  if (f.callInputs !== undefined) lines.push(`// with ${f.callInputs}`);
  if (f.got !== undefined) lines.push(`// got:  ${f.got}`, `// want: ${f.want}`);
  lines.push(`// rerun: npm run fuzz -- --seed=${seed} --programs=1`);
  return lines.join("\n");
}

function describeCheck(c: CheckName, p: Program): string {
  const args = p.inputs.map((i) => i.name).join(", ");
  switch (c) {
    case "eager-vs-ref":
      return `f(${args}) eagerly vs the same operations with control flow run as plain JS loops/ifs`;
    case "jit":
      return `jit(f)(${args}) (called twice) vs f(${args})`;
    case "vmap":
    case "jit-vmap":
      return `${c === "jit-vmap" ? "jit(vmap(f))" : "vmap(f)"} vs stacking f over the examples`;
    default:
      return `L = (...xs) => sum_j np.sum(f(...xs)[j].mul(w[j])) over the float outputs; check ${c}`;
  }
}

export function fuzz(o: FuzzOptions): FuzzStats {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const stats: FuzzStats = {
    programs: 0,
    checks: 0,
    skipped: 0,
    mismatches: 0,
    crashes: 0,
    genErrors: 0,
    genErrorSamples: new Map(),
    perCheck: Object.fromEntries(CHECKS.map((c) => [c, { ran: 0, failed: 0 }])),
    ops: new Map(),
    prims: new Map(),
    reports: [],
    ms: 0,
  };
  const seen = new Set<string>();
  for (let k = 0; ; k++) {
    if (o.programs !== undefined && k >= o.programs) break;
    if (o.timeMs !== undefined && Date.now() - t0 > o.timeMs) break;
    const seed = (o.seed + k) >>> 0;
    let g: ReturnType<typeof generate>;
    try {
      g = generate(seed, { exclude: o.exclude });
    } catch (e) {
      stats.crashes++;
      log(`seed ${seed}: generator failed: ${e instanceof Error ? e.stack ?? String(e) : String(e)}`);
      continue;
    }
    for (const e of g.gen.genErrors) {
      stats.genErrors++;
      const key = e.message.replace(/\d+/g, "#").slice(0, 100);
      if (!stats.genErrorSamples.has(key)) stats.genErrorSamples.set(key, `${e.message}\n    in: ${e.expr.split("\n")[0]} (seed ${seed})`);
    }
    stats.programs++;
    for (const op of g.program.ops) stats.ops.set(op, (stats.ops.get(op) ?? 0) + 1);
    try {
      const text = String(makeJaxpr(compileProgram(g.program).lax as (...a: Array[]) => Array[])(...g.inputs));
      for (const m of new Set([...text.matchAll(/=\s+([a-z_][a-z0-9_-]*)/g)].map((x) => x[1]!))) stats.prims.set(m, (stats.prims.get(m) ?? 0) + 1);
    } catch {
      // makeJaxpr failing shows up as a crash in the checks below.
    }
    const r = runChecks(g.program, g.inputs, { seed });
    const ran = r.ran.filter((c) => !(o.skipChecks?.has(c) ?? false));
    stats.checks += ran.length;
    stats.skipped += r.skipped.length;
    for (const c of ran) stats.perCheck[c]!.ran++;
    for (const f of r.failures) {
      if (o.skipChecks?.has(f.check) ?? false) continue;
      stats.perCheck[f.check]!.failed++;
      if (f.kind === "crash") stats.crashes++;
      else stats.mismatches++;
      const key = failureKey(f);
      if (seen.has(key) || stats.reports.length >= (o.maxReports ?? 20)) continue;
      seen.add(key);
      const fails = (p: Program, xs: Array[]): boolean => runChecks(p, xs, { seed, only: f.check }).failures.some((f2) => failureKey(f2) === key);
      let small = { program: g.program, inputs: g.inputs };
      try {
        small = shrink(g.program, g.inputs, fails, o.shrinkBudget ?? 300);
      } catch (e) {
        log(`shrinking failed: ${String(e)}`);
      }
      const again = runChecks(small.program, small.inputs, { seed, only: f.check }).failures.find((f2) => failureKey(f2) === key) ?? f;
      const text = formatReport(seed, again, small.program, small.inputs);
      stats.reports.push({ seed, failure: again, program: small.program, text });
      log(text + "\n");
    }
  }
  stats.ms = Date.now() - t0;
  return stats;
}

export function summary(s: FuzzStats): string {
  const per = Object.entries(s.perCheck)
    .map(([c, v]) => `${c} ${v.ran}${v.failed > 0 ? ` (${v.failed} failed)` : ""}`)
    .join(", ");
  const lines = [
    `programs ${s.programs}, checks ${s.checks} (skipped near kinks or not applicable: ${s.skipped}), mismatches ${s.mismatches}, crashes ${s.crashes}, eager errors while generating ${s.genErrors}, ${(s.ms / 1000).toFixed(1)} s`,
    `per check: ${per}`,
    `primitives in jaxprs: ${[...s.prims.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `op families: ${[...s.ops.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")}`,
  ];
  if (s.genErrorSamples.size > 0) lines.push(`eager errors while generating:\n  ${[...s.genErrorSamples.values()].join("\n  ")}`);
  return lines.join("\n");
}
