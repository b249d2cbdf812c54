// Shrinking a failing program: replace statements by other values of the same type (inputs and
// parameters first), drop outputs, remove dead statements, round the inputs; keep a change when
// the same check still fails the same way.
import { numpy as np } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { renderExpr, replaceName, mentions } from "./program.js";
import type { Aval, Block, Program, Stmt } from "./program.js";

const sameAval = (a: Aval, b: Aval): boolean => a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

interface Scoped {
  name: string;
  aval: Aval;
}

/** Renames in a statement list and a return list. */
function substStmts(stmts: readonly Stmt[], from: string, to: string): Stmt[] {
  return stmts.map((s) => ({ ...s, expr: replaceName(s.expr, from, to), bodies: s.bodies.map((b) => substBlock(b, from, to)) }));
}
function substBlock(b: Block, from: string, to: string): Block {
  return { ...b, stmts: substStmts(b.stmts, from, to), rets: b.rets.map((r) => (r === from ? to : r)), retTemplate: replaceName(b.retTemplate, from, to) };
}

/** Removes statements whose results nothing reads, recursively. */
function dce(stmts: readonly Stmt[], rets: readonly string[], extra: string): Stmt[] {
  const out: Stmt[] = [];
  let later = rets.join(" ") + " " + extra;
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i]!;
    if (!s.names.some((n) => mentions(later, n))) continue;
    const t = { ...s, bodies: s.bodies.map((b) => ({ ...b, stmts: dce(b.stmts, b.rets, b.retTemplate) })) };
    out.unshift(t);
    later += " " + renderExpr(t, false);
  }
  return out;
}

export const cleanup = (p: Program): Program => ({ ...p, stmts: dce(p.stmts, p.outputs, "") });

/** Candidate smaller programs, most aggressive first. */
function* candidates(p: Program): Generator<Program> {
  if (p.outputs.length > 1) for (const o of p.outputs) yield cleanup({ ...p, outputs: [o] });
  const inputs: Scoped[] = p.inputs.map((i) => ({ name: i.name, aval: i.aval }));
  // Walk blocks; `rebuild` puts an edited statement list back in place.
  function* walk(stmts: readonly Stmt[], visible: Scoped[], rebuild: (s: Stmt[], from: string, to: string) => Program): Generator<Program> {
    const scope = [...visible];
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i]!;
      const before = [...scope, ...stmts.slice(0, i).flatMap((t) => t.names.map((n, k) => ({ name: n, aval: t.avals[k]! })))];
      const repl = s.names.map((n, k) => before.filter((v) => sameAval(v.aval, s.avals[k]!) && v.name !== n));
      if (repl.every((r) => r.length > 0)) {
        // Up to 3 alternatives: the earliest (inputs, parameters) and the latest.
        const choices = [...new Set([0, 1, -1].map((o) => (o < 0 ? repl[0]!.length - 1 : Math.min(o, repl[0]!.length - 1))))];
        for (const ci of choices) {
          let rest: Stmt[] = [...stmts.slice(0, i), ...stmts.slice(i + 1)];
          let from = "";
          let to = "";
          s.names.forEach((n, k) => {
            const r = repl[k]!;
            const m = r[Math.min(ci, r.length - 1)]!.name;
            rest = substStmts(rest, n, m);
            from += (from ? "," : "") + n;
            to += (to ? "," : "") + m;
          });
          yield rebuild(rest, from, to);
        }
      }
      for (let bi = 0; bi < s.bodies.length; bi++) {
        const b = s.bodies[bi]!;
        const inner = [...before, ...b.params.map((n, k) => ({ name: n, aval: b.paramAvals[k]! }))];
        yield* walk(b.stmts, inner, (ns, from, to) => {
          let nb: Block = { ...b, stmts: ns };
          from.split(",").forEach((f, k) => {
            if (f) nb = { ...nb, rets: nb.rets.map((r) => (r === f ? to.split(",")[k]! : r)) };
          });
          const bodies = s.bodies.map((x, j) => (j === bi ? nb : x));
          return rebuild([...stmts.slice(0, i), { ...s, bodies }, ...stmts.slice(i + 1)], "", "");
        });
      }
    }
  }
  yield* walk(p.stmts, inputs, (ns, from, to) => {
    let outputs = p.outputs;
    from.split(",").forEach((f, k) => {
      if (f) outputs = outputs.map((o) => (o === f ? to.split(",")[k]! : o));
    });
    return cleanup({ ...p, stmts: ns, outputs: [...new Set(outputs)] });
  });
}

const size = (p: Program): number => JSON.stringify(p.stmts).length + p.outputs.length;

/** Shrinks `p` while `fails(p, inputs)` holds; at most `budget` evaluations. */
export function shrink(p0: Program, inputs0: Array[], fails: (p: Program, xs: Array[]) => boolean, budget = 400): { program: Program; inputs: Array[]; steps: number } {
  let p = cleanup(p0);
  let xs = inputs0;
  let evals = 0;
  if (!fails(p, xs)) p = p0;
  let improved = true;
  while (improved && evals < budget) {
    improved = false;
    for (const cand of candidates(p)) {
      if (evals++ >= budget) break;
      if (size(cand) >= size(p)) continue;
      if (fails(cand, xs)) {
        p = cand;
        improved = true;
        break;
      }
    }
  }
  // Rounder inputs, when the failure survives them.
  for (const digits of [1, 2]) {
    const r = xs.map((x) => {
      const d = globalThis.Array.from(x.astype("float64").dataSync() as ArrayLike<number>, (v) => Number(v.toFixed(digits)));
      return np.array(d, { dtype: x.dtype }).reshape([...x.shape]);
    });
    evals++;
    if (fails(p, r)) {
      xs = r;
      break;
    }
  }
  return { program: p, inputs: xs, steps: evals };
}
