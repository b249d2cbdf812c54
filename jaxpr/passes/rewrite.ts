// The walk the equation-level passes share (simplification, constant folding, CSE): equations in
// order, each seen with its operands read through the replacements made so far, each either kept
// (possibly as new equations binding the same outvars) or dropped with its outputs replaced by atoms.
import { produce } from "immer";
import { Atom, Eqn, Jaxpr, Var } from "../jaxpr.js";
import { ShapedArray } from "../shape.js";

/**
 * What a visitor does with an equation: keep it (this one or a rewritten one), replace its outputs
 * by atoms, or emit several equations in its place (the last binding its outvars).
 */
export type EqnRewrite = { readonly keep: Eqn } | { readonly replace: readonly Atom[] } | { readonly emit: readonly Eqn[] };

export interface RewriteContext {
  /** The equation (already rewritten) that defines `v`, if an equation does. */
  producer(v: Var): Eqn | undefined;
}

/** The equation with new operands, or the same object when nothing changed (identity is the change signal). */
export function withInvars(eqn: Eqn, invars: readonly Atom[]): Eqn {
  if (invars.length === eqn.invars.length && invars.every((a, i) => a === eqn.invars[i])) return eqn;
  return Object.freeze({ ...eqn, invars: Object.freeze([...invars]) }) as Eqn;
}

/**
 * Applies `visit` to every equation. Returns the same jaxpr object when no equation changed, so
 * a pipeline can detect its fixpoint by identity. Var and Literal objects are never copied.
 */
export function rewriteEqns(jaxpr: Jaxpr, visit: (eqn: Eqn, ctx: RewriteContext) => EqnRewrite): Jaxpr {
  const env = new Map<Var, Atom>();
  const producers = new Map<Var, Eqn>();
  const ctx: RewriteContext = { producer: (v) => producers.get(v) };
  const read = (a: Atom): Atom => (a instanceof Var ? (env.get(a) ?? a) : a);
  const eqns: Eqn[] = [];
  let changed = false;
  for (const original of jaxpr.eqns) {
    const eqn = withInvars(original, original.invars.map(read));
    const r = visit(eqn, ctx);
    if ("replace" in r) {
      original.outvars.forEach((v, i) => env.set(v, r.replace[i]!));
      changed = true;
      continue;
    }
    const emitted = "emit" in r ? r.emit : [r.keep];
    if (emitted.length !== 1 || emitted[0] !== original) changed = true;
    for (const e of emitted) {
      e.outvars.forEach((v) => producers.set(v, e));
      eqns.push(e);
    }
  }
  if (!changed) return jaxpr;
  const outvars = jaxpr.outvars.map(read);
  return produce(jaxpr, (draft) => {
    draft.eqns = eqns as typeof draft.eqns;
    draft.outvars = outvars as typeof draft.outvars;
  });
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
function identityKey(o: object): string {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return `#${id}`;
}

/** A number's key: -0 and 0 differ (x+0 and x+(-0) are different programs), NaN equals NaN. */
const numberKey = (n: number): string => (Object.is(n, -0) ? "-0" : String(n));

/**
 * A stable structural key for params: plain objects by sorted keys, arrays by items, scalars by
 * value, anything else (ClosedJaxprs, functions, class instances) by identity.
 */
export function paramsKey(v: unknown): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "undefined":
      return "undefined";
    case "number":
      return numberKey(v);
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return JSON.stringify(v);
    case "function":
      return identityKey(v);
    case "object": {
      if (globalThis.Array.isArray(v)) return `[${v.map(paramsKey).join(",")}]`;
      if (v instanceof ShapedArray) return `aval:${v.key}`;
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return identityKey(v);
      const keys = Object.keys(v).sort();
      return `{${keys.map((k) => `${k}:${paramsKey((v as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    default:
      return String(v);
  }
}

/** An operand's key: variables by identity, literals by value, dtype and weak type. */
export function atomKey(a: Atom): string {
  return a instanceof Var ? `v${a.id}` : `l${numberKey(a.value)}:${a.aval.key}`;
}
