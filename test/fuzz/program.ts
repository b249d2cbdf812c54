// The fuzzer's program representation: a block of `const` statements whose expressions are dprog
// TypeScript source. The same source runs everywhere (eager, jit, vmap, grad, and the reference
// interpreter), compiled with `new Function` against a namespace, so the printed reproduction is
// exactly what ran.
import type { DType } from "../../src/index.js";

export interface Aval {
  shape: number[];
  dtype: DType;
}

/** A nested function (a control-flow body, a custom_jvp/vjp/checkpoint/jit function). */
export interface Block {
  /** The arrow function's parameter list, e.g. `(w3, w4)` or `([w3, w4])`. */
  head: string;
  /** Names bound by `head`. */
  params: string[];
  paramAvals: Aval[];
  stmts: Stmt[];
  /** The return expression with `%0`, `%1`, ... standing for `rets`. */
  retTemplate: string;
  rets: string[];
}

export interface Stmt {
  /** One name, or several for a destructuring `const [a, b] = ...`. */
  names: string[];
  avals: Aval[];
  /** Source with `@0`, `@1`, ... standing for the rendered `bodies`. */
  expr: string;
  bodies: Block[];
}

export interface Program {
  dtype: "float16" | "float32" | "float64";
  inputs: { name: string; aval: Aval }[];
  stmts: Stmt[];
  outputs: string[];
  /** Primitive families this program exercises (coverage accounting). */
  ops: string[];
  /** No reverse-mode checks (while loops: JAX does not transpose them either). */
  noRev: boolean;
  /** No finite-difference checks (stop_gradient, scatter min/max ties). */
  noFD: boolean;
  /** No forward-mode checks (custom_vjp: JAX refuses jvp of it too). */
  noFwd: boolean;
}

export const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

function indent(s: string, pad: string): string {
  return s
    .split("\n")
    .map((l) => (l.length > 0 ? pad + l : l))
    .join("\n");
}

export function renderExpr(st: Stmt, note: boolean): string {
  return st.expr.replace(/@(\d+)/g, (_, i: string) => renderBlock(st.bodies[Number(i)]!, note));
}

function renderStmts(stmts: readonly Stmt[], note: boolean): string[] {
  const lines: string[] = [];
  for (const st of stmts) {
    const lhs = st.names.length === 1 ? st.names[0]! : `[${st.names.join(", ")}]`;
    lines.push(`const ${lhs} = ${renderExpr(st, note)};`);
    if (note) lines.push(`__note(${st.names.join(", ")});`);
  }
  return lines;
}

export function renderRet(b: Pick<Block, "retTemplate" | "rets">): string {
  return b.retTemplate.replace(/%(\d+)/g, (_, i: string) => b.rets[Number(i)]!);
}

export function renderBlock(b: Block, note: boolean): string {
  const lines = renderStmts(b.stmts, note);
  if (lines.length === 0) return `${b.head} => ${wrapObj(renderRet(b))}`;
  return `${b.head} => {\n${indent([...lines, `return ${renderRet(b)};`].join("\n"), "  ")}\n}`;
}

const wrapObj = (s: string): string => (s.startsWith("{") ? `(${s})` : s);

/** The function body of the program (statements and the return), `note` adds reference hooks. */
export function renderBody(p: Program, note: boolean): string {
  return [...renderStmts(p.stmts, note), `return [${p.outputs.join(", ")}];`].join("\n");
}

/** Readable TypeScript for the program. */
export function renderProgram(p: Program): string {
  const params = p.inputs.map((i) => `${i.name}: Array`).join(", ");
  return `const f = (${params}) => {\n${indent(renderBody(p, false), "  ")}\n};`;
}

/** Every name a statement's source mentions (its own bodies included). */
export function mentions(src: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(src);
}

export function replaceName(src: string, from: string, to: string): string {
  return src.replace(new RegExp(`\\b${from}\\b`, "g"), to);
}

/** Deep copy with `from` renamed to `to` in every expression and return list. */
export function substituteBlockLike<T extends { stmts: Stmt[] }>(b: T, from: string, to: string): T {
  const subStmt = (s: Stmt): Stmt => ({
    ...s,
    expr: replaceName(s.expr, from, to),
    bodies: s.bodies.map((bb) => ({ ...substituteBlockLike(bb, from, to), rets: bb.rets.map((r) => (r === from ? to : r)) })),
  });
  return { ...b, stmts: b.stmts.map(subStmt) };
}

// ---- seeded random numbers ----

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error("pick from empty list");
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Biased toward the end of the list (recent values), as programs mostly chain. */
  pickRecent<T>(xs: readonly T[]): T {
    const u = Math.max(this.next(), this.next());
    return xs[Math.min(xs.length - 1, Math.floor(u * xs.length))]!;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let u = this.next() * total;
    for (const [x, w] of items) {
      u -= w;
      if (u < 0) return x;
    }
    return items[items.length - 1]![0];
  }
}
