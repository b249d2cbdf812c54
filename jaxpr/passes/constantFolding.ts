// Constant folding: an equation whose operands are all literals or constvars runs once, now, via
// an evaluator the caller supplies (the IR cannot run anything itself). A rank-0 result becomes a
// literal; a larger one becomes a new constvar (its outvar moves to the constvars), and only when
// it is no larger than the largest operand, so folding never materialises a broadcast. An iota is
// the exception, up to IOTA_FOLD_LIMIT elements: it has no operands, and folding it lets what is
// computed from iotas alone (tril/triu/eye masks, index grids) fold too, so a jitted function pays
// for them once at compile time instead of on every call (XLA folds these as well).
// Effectful equations and those carrying jaxprs or host functions are never folded.
import { produce } from "immer";
import { Atom, ClosedJaxpr, Eqn, Literal, Var } from "../jaxpr.js";
import { isComplex } from "../dtypes.js";
import { CALL_PRIMITIVES } from "../traits.js";
import { eqnHasEffects } from "./dce.js";
import { rewriteEqns } from "./rewrite.js";
import type { ConstJaxpr } from "./inline.js";

/** Runs equations on constant operands. Values are opaque to the IR (concrete arrays at the src layer). */
export interface ConstantEvaluator {
  /**
   * The outputs of `eqn` given, per operand, the Literal itself or the constvar's value; null
   * when it cannot be evaluated now (a constant that is not concrete).
   */
  evaluate(eqn: Eqn, operands: readonly unknown[]): readonly unknown[] | null;
  /** The number a rank-0 value holds. */
  scalar(value: unknown): number;
}

function carriesCode(eqn: Eqn): boolean {
  const isCode = (v: unknown): boolean => typeof v === "function" || v instanceof ClosedJaxpr;
  return Object.values(eqn.params as Record<string, unknown>).some(
    (v) => isCode(v) || (globalThis.Array.isArray(v) && v.some(isCode)),
  );
}

/** The largest iota folded into a constant: a 256 x 256 mask (256 KiB as int32). */
export const IOTA_FOLD_LIMIT = 256 * 256;

/** Whether folding `eqn` may produce results larger than its largest operand (only an iota, up to the limit). */
function mayGrow(eqn: Eqn): boolean {
  return eqn.primitive === "iota" && eqn.outvars.every((v) => v.aval.size <= IOTA_FOLD_LIMIT);
}

function foldable(eqn: Eqn): boolean {
  return !CALL_PRIMITIVES.has(eqn.primitive) && !eqnHasEffects(eqn) && !carriesCode(eqn);
}

export function foldConstants(program: ConstJaxpr, evaluator: ConstantEvaluator): ConstJaxpr {
  const { jaxpr } = program;
  const values = new Map<Var, unknown>();
  jaxpr.constvars.forEach((v, i) => values.set(v, program.consts[i]));
  const newConstvars: Var[] = [];
  const newConsts: unknown[] = [];
  const isConstant = (a: Atom): boolean => a instanceof Literal || values.has(a);

  const next = rewriteEqns(jaxpr, (eqn) => {
    if (!eqn.invars.every(isConstant) || !foldable(eqn)) return { keep: eqn };
    const largestOperand = Math.max(0, ...eqn.invars.map((a) => a.aval.size));
    if (!mayGrow(eqn) && eqn.outvars.some((v) => v.aval.ndim > 0 && v.aval.size > largestOperand)) return { keep: eqn };
    const outs = evaluator.evaluate(
      eqn,
      eqn.invars.map((a) => (a instanceof Literal ? a : values.get(a))),
    );
    if (outs === null) return { keep: eqn };
    const replace = eqn.outvars.map((v, i): Atom => {
      const value = outs[i];
      // A literal holds one real number, so a folded complex scalar stays a constant.
      if (v.aval.ndim === 0 && !isComplex(v.aval.dtype)) return new Literal(evaluator.scalar(value), v.aval);
      values.set(v, value);
      newConstvars.push(v);
      newConsts.push(value);
      return v;
    });
    return { replace };
  });
  if (next === jaxpr) return program;
  const folded = newConstvars.length === 0 ? next : produce(next, (draft) => {
    draft.constvars.push(...(newConstvars as typeof draft.constvars));
  });
  return { jaxpr: folded, consts: [...program.consts, ...newConsts] };
}
