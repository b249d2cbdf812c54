// Random programs: DAGs of dprog operations over random shapes, reusing intermediates, with nested
// bodies for control flow and custom rules. Each statement is evaluated while it is generated (in
// the reference namespace), which gives its shape and dtype and concrete values for the bodies.
import { numpy as np } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { Rng, fmtShape, renderExpr, renderRet } from "./program.js";
import type { Aval, Block, Program, Stmt } from "./program.js";
import { compile, refNs, withKinks, freshKinks } from "./namespace.js";

export interface Val {
  name: string;
  aval: Aval;
  value: Array;
}

/** What an operation's maker returns. */
interface Made {
  expr: string;
  bodies?: Block[];
  /** Number of results when the expression returns a JS array of arrays. */
  multi?: number;
  noRev?: boolean;
  noFD?: boolean;
  noFwd?: boolean;
}

export interface OpDef {
  /** Family name, also the name used by `exclude`. */
  name: string;
  /** jaxpr primitives it exercises. */
  prims: readonly string[];
  w: number;
  control?: boolean;
  make(c: Ctx): Made | null;
}

export interface GenOptions {
  /** Op families (OpDef names) left out. */
  exclude?: ReadonlySet<string>;
  /** Statements at top level (a range). */
  minStmts?: number;
  maxStmts?: number;
  dtype?: FuzzFloat;
}

/** A program's float dtype: float16 programs round after every operation (lowerNarrow). */
export type FuzzFloat = "float16" | "float32" | "float64";
const FLOATS = new Set<DType>(["float16", "float32", "float64"]);
const isFloat = (v: Val): boolean => FLOATS.has(v.aval.dtype);
const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const sameAval = (a: Aval, b: Aval): boolean => a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

function broadcastable(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const x = a[a.length - i]!;
    const y = b[b.length - i]!;
    if (x !== y && x !== 1 && y !== 1) return false;
  }
  return true;
}

const MAX_SIZE = 96;

function bshape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return globalThis.Array.from({ length: n }, (_, i) => Math.max(a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1));
}

export class Ctx {
  constructor(
    readonly g: Generator,
    readonly scope: readonly Val[],
    readonly depth: number,
  ) {}
  get rng(): Rng {
    return this.g.rng;
  }
  get F(): FuzzFloat {
    return this.g.dtype;
  }
  pick(pred: (v: Val) => boolean = () => true): Val | null {
    const c = this.scope.filter(pred);
    return c.length === 0 ? null : this.rng.pickRecent(c);
  }
  float(pred: (v: Val) => boolean = () => true): Val | null {
    return this.pick((v) => v.aval.dtype === this.F && pred(v));
  }
  /** A float partner for `a` that broadcasts with it (`a` itself is a candidate: reuse). */
  partner(a: Val): string {
    const r = this.rng.next();
    if (r < 0.15) return a.name;
    if (r < 0.25) return this.lit();
    const b = this.float((v) => broadcastable(v.aval.shape, a.aval.shape) && size(bshape(v.aval.shape, a.aval.shape)) <= MAX_SIZE);
    return b === null ? a.name : b.name;
  }
  lit(lo = -1.5, hi = 1.5): string {
    let x = 0;
    while (Math.abs(x) < 0.1) x = this.rng.uniform(lo, hi);
    return x.toFixed(2);
  }
  axis(v: Val): number {
    return this.rng.int(0, Math.max(0, v.aval.shape.length - 1)) - (this.rng.bool(0.2) ? v.aval.shape.length : 0);
  }
  /** Keeps an operand in a domain: positive, [1.25, inf), or (-0.9, 0.9); sometimes left raw (NaNs). */
  guard(v: string, kind: "pos" | "ge1" | "unit"): string {
    if (this.rng.bool(0.08)) return v;
    if (/^-?[\d.]+$/.test(v) && !this.g.allowed("weak_literal_math")) {
      const x = Number(v);
      return (kind === "pos" ? x * x + 0.25 : kind === "ge1" ? x * x + 1.25 : Math.tanh(x) * 0.9).toFixed(3);
    }
    if (kind === "pos") return this.rng.bool() ? `np.square(${v}).add(0.25)` : `np.exp(${v})`;
    if (kind === "ge1") return `np.square(${v}).add(1.25)`;
    return `np.tanh(${v}).mul(0.9)`;
  }
  body(spec: BodySpec): Block {
    return this.g.body(spec, this.scope, this.depth + 1);
  }
  dt(d: DType): string {
    return JSON.stringify(d);
  }
}

export interface BodySpec {
  /** Builds the arrow head from the parameter names. */
  head: (names: string[]) => string;
  params: { aval: Aval; value: Array }[];
  /** Return template over `rets` (`%i`), as in Block. */
  retTemplate: string;
  /** Required avals of the returned names; null: any value (a float one preferred). */
  rets: (Aval | null)[];
  /** Whether the body may read values of the enclosing scope (closure capture). */
  capture?: boolean;
}

export class Generator {
  private counter = 0;
  readonly ops = new Set<string>();
  noRev = false;
  noFD = false;
  noFwd = false;
  readonly defs: OpDef[];
  constructor(
    readonly rng: Rng,
    readonly dtype: FuzzFloat,
    defs: readonly OpDef[],
    private readonly opts: GenOptions,
  ) {
    this.defs = defs.filter((d) => !(opts.exclude?.has(d.name) ?? false));
  }
  /** Whether a feature (an op family or a finer switch, see FEATURES in ops.ts) is on. */
  allowed(feature: string): boolean {
    return !(this.opts.exclude?.has(feature) ?? false);
  }
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  randomShape(): number[] {
    const rank = this.rng.weighted<number>([[0, 1], [1, 3], [2, 4], [3, 2]]);
    return globalThis.Array.from({ length: rank }, () => this.rng.int(1, 4));
  }

  randomValue(aval: Aval): Array {
    const n = size(aval.shape);
    const vals = globalThis.Array.from({ length: n }, () => this.rng.uniform(-2, 2));
    return np.array(vals, { dtype: aval.dtype }).reshape(aval.shape);
  }

  program(): { program: Program; inputs: Array[] } {
    const nIn = this.rng.weighted<number>([[1, 3], [2, 3], [3, 1]]);
    const base = this.randomShape();
    const inputs: Val[] = [];
    for (let i = 0; i < nIn; i++) {
      const shape = this.rng.bool(0.5) ? [...base] : this.rng.bool(0.5) ? base.slice(this.rng.int(0, base.length)) : this.randomShape();
      const aval = { shape, dtype: this.dtype };
      inputs.push({ name: `x${i}`, aval, value: this.randomValue(aval) });
    }
    const n = this.rng.int(this.opts.minStmts ?? 3, this.opts.maxStmts ?? 14);
    const { stmts, vals } = this.block(inputs, n, 0);
    const produced = vals.slice(inputs.length);
    // Outputs: the sinks (values nothing reads), so that jit keeps the whole DAG alive, and
    // sometimes an intermediate that is also read (an output aliasing a live value).
    const src = stmts.map((st) => renderExpr(st, false)).join("\n");
    const sinks = produced.filter((v) => !new RegExp(`\\b${v.name}\\b`).test(src));
    const outputs: string[] = this.rng.shuffle(sinks).slice(0, 4).map((v) => v.name);
    if (produced.length > 0 && outputs.length === 0) outputs.push(produced[produced.length - 1]!.name);
    if (produced.length > 1 && this.rng.bool(0.3)) {
      const v = this.rng.pick(produced);
      if (!outputs.includes(v.name)) outputs.push(v.name);
    }
    if (outputs.length === 0) outputs.push(inputs[0]!.name);
    // Prefer a float output: the derivative checks need one.
    if (!outputs.some((o) => vals.find((v) => v.name === o)!.aval.dtype === this.dtype)) {
      const f = produced.filter((v) => v.aval.dtype === this.dtype);
      outputs.push(f.length > 0 ? f[f.length - 1]!.name : inputs[0]!.name);
    }
    return {
      program: {
        dtype: this.dtype,
        inputs: inputs.map((v) => ({ name: v.name, aval: v.aval })),
        stmts,
        outputs,
        ops: [...this.ops].sort(),
        noRev: this.noRev,
        noFD: this.noFD,
        noFwd: this.noFwd,
      },
      inputs: inputs.map((v) => v.value),
    };
  }

  /** `n` statements over `scope`; returns them with the scope extended by their values. */
  block(scope: readonly Val[], n: number, depth: number): { stmts: Stmt[]; vals: Val[] } {
    const vals = [...scope];
    const stmts: Stmt[] = [];
    let tries = 0;
    while (stmts.length < n && tries < n * 8) {
      tries++;
      const r = this.statement(vals, depth);
      if (r === null) continue;
      stmts.push(r.stmt);
      vals.push(...r.vals);
    }
    return { stmts, vals };
  }

  /** Errors from evaluating a generated statement eagerly: library crashes (or generator bugs). */
  readonly genErrors: { message: string; expr: string }[] = [];

  statement(scope: readonly Val[], depth: number): { stmt: Stmt; vals: Val[] } | null {
    const defs = this.defs.filter((d) => !(d.control === true && depth >= 2));
    const def = this.rng.weighted(defs.map((d) => [d, d.w] as const));
    const saved = { ops: new Set(this.ops), noRev: this.noRev, noFD: this.noFD, noFwd: this.noFwd };
    const made = def.make(new Ctx(this, scope, depth));
    if (made === null) return null;
    const stmt: Stmt = { names: [], avals: [], expr: made.expr, bodies: made.bodies ?? [] };
    const names = scope.map((v) => v.name);
    let result: unknown;
    const src = renderExpr(stmt, false);
    try {
      const fn = compile(names, `return (${src});`, refNs);
      result = withKinks(freshKinks(), () => fn(...scope.map((v) => v.value)));
    } catch (e) {
      this.genErrors.push({ message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), expr: src });
      this.ops.clear();
      saved.ops.forEach((o) => this.ops.add(o));
      this.noRev = saved.noRev;
      this.noFD = saved.noFD;
      this.noFwd = saved.noFwd;
      return null;
    }
    const results = made.multi === undefined ? [result] : (result as unknown[]);
    if (!results.every((r) => r instanceof np.Array)) throw new Error(`generator: ${src} did not give arrays`);
    const arrs = results as Array[];
    if (arrs.some((a) => size(a.shape) > MAX_SIZE * 4 || a.shape.length > 4 || a.shape.some((d) => d === 0))) return null;
    const vals = arrs.map((a) => ({ name: this.fresh(depth === 0 ? "v" : "w"), aval: { shape: [...a.shape], dtype: a.dtype }, value: a }));
    stmt.names = vals.map((v) => v.name);
    stmt.avals = vals.map((v) => v.aval);
    this.ops.add(def.name);
    if (made.noRev === true) this.noRev = true;
    if (made.noFD === true) this.noFD = true;
    if (made.noFwd === true) this.noFwd = true;
    return { stmt, vals };
  }

  body(spec: BodySpec, outer: readonly Val[], depth: number): Block {
    const params: Val[] = spec.params.map((p) => ({ name: this.fresh("a"), aval: p.aval, value: p.value }));
    const capture = spec.capture ?? this.rng.bool(0.3);
    const scope = capture ? [...outer.filter((v) => v.aval.dtype === this.dtype || this.rng.bool(0.3)), ...params] : params;
    const n = this.rng.weighted<number>([[0, 1], [1, 3], [2, 3], [3, 2], [4, 1]]);
    const { stmts, vals } = this.block(scope, n, depth);
    const produced = vals.slice(scope.length);
    const rets: string[] = [];
    for (const want of spec.rets) {
      if (want === null) {
        const f = produced.filter((v) => v.aval.dtype === this.dtype);
        rets.push(f.length > 0 && !this.rng.bool(0.15) ? this.rng.pickRecent(f).name : this.rng.pick(vals.filter((v) => FLOATS.has(v.aval.dtype)).length > 0 ? vals.filter((v) => FLOATS.has(v.aval.dtype)) : vals).name);
        continue;
      }
      const same = vals.filter((v) => sameAval(v.aval, want));
      const fromStmts = produced.filter((v) => sameAval(v.aval, want));
      // Sometimes the operand unchanged (an identity branch / an unchanged carry).
      if (fromStmts.length > 0 && !this.rng.bool(0.25)) rets.push(this.rng.pickRecent(fromStmts).name);
      else if (same.length > 0 && (fromStmts.length === 0 ? true : this.rng.bool(0.5)) && (produced.length === 0 || this.rng.bool(0.6))) rets.push(this.rng.pick(same).name);
      else {
        // Coerce: the matching parameter plus the mean of a produced float value.
        const p = params.find((q) => sameAval(q.aval, want)) ?? same[0];
        const f = produced.filter((v) => v.aval.dtype === this.dtype);
        if (p === undefined) throw new Error("generator: body has no value of the required type");
        if (f.length === 0 || !FLOATS.has(want.dtype)) {
          rets.push(p.name);
          continue;
        }
        const src = this.rng.pickRecent(f);
        const name = this.fresh("w");
        const expr = `${p.name}.add(np.mean(${src.name}).astype(${JSON.stringify(want.dtype)}))`;
        stmts.push({ names: [name], avals: [want], expr, bodies: [] });
        rets.push(name);
      }
    }
    return { head: spec.head(params.map((p) => p.name)), params: params.map((p) => p.name), paramAvals: params.map((p) => p.aval), stmts, retTemplate: spec.retTemplate, rets };
  }
}

export { sameAval, broadcastable, size, isFloat, fmtShape, renderRet, MAX_SIZE };
