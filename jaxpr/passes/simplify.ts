// Algebraic simplification: equations that compute one of their operands (x*1, x+0, x-0, x/1,
// neg(neg x), identity transposes, reshapes, broadcasts and conversions, select_n on a literal
// predicate) are dropped and their output reads that operand; two chained transposes, reshapes
// or broadcasts become one equation; a broadcast of a rank-0 value feeding an elementwise op is
// replaced by the rank-0 value itself (lax's binary ops accept rank-0 operands with shaped ones),
// and an elementwise op on broadcast scalars only becomes a scalar op and one broadcast.
// A rewrite applies only when the result has exactly the original output's aval (shape, dtype and
// weak type), so x+0 where 0 broadcasts x to a larger shape stays, and only when it is exact, so
// jit agrees with eager bit for bit: x*0 is never 0 (NaN, inf), float x+0.0 is not x (-0).
import { Atom, Eqn, Literal, Jaxpr, Var } from "../jaxpr.js";
import { isFloat } from "../dtypes.js";
import type { Params } from "../params.js";
import { isBinaryElementwise, isUnaryElementwise } from "../params.js";
import { abstractEval } from "../shapeRules.js";
import { eqnHasEffects } from "./dce.js";
import { EqnRewrite, RewriteContext, rewriteEqns, withInvars } from "./rewrite.js";

const isScalarLiteral = (a: Atom | undefined, value: number): boolean =>
  a instanceof Literal && a.aval.ndim === 0 && a.value === value;

/**
 * Whether adding (or subtracting) this literal returns the other operand bit for bit. For floats
 * only -0 does (x + -0 = x, but -0 + +0 = +0) and, subtracted, +0 (x - 0 = x): eager and jit agree
 * exactly, signed zeros included, where XLA would also rewrite x + 0.
 */
function isAdditiveIdentity(a: Atom | undefined, subtracted = false): boolean {
  if (!(a instanceof Literal) || a.aval.ndim !== 0 || a.value !== 0) return false;
  return !isFloat(a.aval.dtype) || Object.is(a.value, subtracted ? 0 : -0);
}

const isIdentityPermutation = (p: readonly number[]): boolean => p.every((d, i) => d === i);

/** The operand (or other atom) the equation's single output equals, if the equation is a no-op. */
function passThrough(eqn: Eqn, ctx: RewriteContext): Atom | null {
  const [a, b] = eqn.invars;
  const bool = eqn.outvars[0]!.aval.dtype === "bool";
  switch (eqn.primitive) {
    case "mul":
      return isScalarLiteral(b, 1) ? a! : isScalarLiteral(a, 1) ? b! : null;
    case "add":
      return isAdditiveIdentity(b) ? a! : isAdditiveIdentity(a) ? b! : null;
    case "sub":
      return isAdditiveIdentity(b, true) ? a! : null;
    case "div":
      return isScalarLiteral(b, 1) ? a! : null;
    case "and":
      return !bool ? null : isScalarLiteral(b, 1) ? a! : isScalarLiteral(a, 1) ? b! : null;
    case "or":
      return !bool ? null : isScalarLiteral(b, 0) ? a! : isScalarLiteral(a, 0) ? b! : null;
    case "neg": {
      const inner = a instanceof Var ? ctx.producer(a) : undefined;
      return inner?.primitive === "neg" ? inner.invars[0]! : null;
    }
    case "stop_gradient":
    case "name":
      // Only transforms give them meaning, and they have run by now.
      return a!;
    case "transpose":
      return isIdentityPermutation((eqn.params as Params<"transpose">).permutation) ? a! : null;
    case "convert_element_type":
    case "reshape":
      return a!; // the aval check below keeps only same-dtype conversions and same-shape reshapes
    case "broadcast_in_dim": {
      const p = eqn.params as Params<"broadcast_in_dim">;
      return p.broadcastDimensions.length === p.shape.length && isIdentityPermutation(p.broadcastDimensions) ? a! : null;
    }
    case "squeeze":
    case "expand_dims":
    case "rev":
      return (eqn.params as Params<"squeeze">).dimensions.length === 0 ? a! : null;
    case "select_n": {
      const cases = eqn.invars.slice(1);
      if (cases.every((c) => c === cases[0])) return cases[0]!;
      if (a instanceof Literal && a.aval.ndim === 0) {
        const index = a.value;
        return Number.isInteger(index) && index >= 0 && index < cases.length ? cases[index]! : null;
      }
      return null;
    }
    default:
      return null;
  }
}

/** One equation that replaces a chain of two (transpose, reshape or broadcast_in_dim twice), or null. */
function composed(eqn: Eqn, ctx: RewriteContext): Eqn | null {
  const [a] = eqn.invars;
  const inner = a instanceof Var ? ctx.producer(a) : undefined;
  if (inner === undefined || inner.primitive !== eqn.primitive) return null;
  if (eqn.primitive === "transpose") {
    // out[i] = mid[p2[i]] = x[p1[p2[i]]]
    const p1 = (inner.params as Params<"transpose">).permutation;
    const p2 = (eqn.params as Params<"transpose">).permutation;
    const permutation = Object.freeze(p2.map((d) => p1[d]!));
    return Object.freeze({ ...eqn, invars: Object.freeze([inner.invars[0]!]), params: Object.freeze({ permutation }) }) as Eqn;
  }
  if (eqn.primitive === "reshape") return withInvars(eqn, [inner.invars[0]!]);
  if (eqn.primitive === "broadcast_in_dim") {
    // Operand dimension i lands on inner dimension d1[i], which lands on outer dimension d2[d1[i]].
    const d1 = (inner.params as Params<"broadcast_in_dim">).broadcastDimensions;
    const p = eqn.params as Params<"broadcast_in_dim">;
    const broadcastDimensions = Object.freeze(d1.map((d) => p.broadcastDimensions[d]!));
    const params = Object.freeze({ shape: p.shape, broadcastDimensions });
    const candidate = Object.freeze({ ...eqn, invars: Object.freeze([inner.invars[0]!]), params }) as Eqn;
    return sameTypes(candidate) ? candidate : null;
  }
  return null;
}

/** Operand positions where a rank-0 operand is accepted in place of a shaped one. */
function scalarOperandPositions(eqn: Eqn): readonly number[] {
  if (isBinaryElementwise(eqn.primitive)) return [0, 1];
  if (eqn.primitive === "clamp") return [0, 2];
  if (eqn.primitive === "select_n") return [0];
  return [];
}

/** 1 when operand `i` is a broadcast of a literal, else 0. */
function broadcastsLiteral(eqn: Eqn, i: number, ctx: RewriteContext): number {
  const x = eqn.invars[i];
  const producer = x instanceof Var ? ctx.producer(x) : undefined;
  return producer?.primitive === "broadcast_in_dim" && producer.invars[0] instanceof Literal ? 1 : 0;
}

/** The equation with each operand that broadcasts a rank-0 value replaced by that value, or null. */
function withScalarOperands(eqn: Eqn, ctx: RewriteContext): Eqn | null {
  let current = eqn;
  // Literals first: a literal operand may then make the equation a no-op (x + broadcast(0)).
  const positions = [...scalarOperandPositions(eqn)].sort((i, j) => broadcastsLiteral(eqn, j, ctx) - broadcastsLiteral(eqn, i, ctx));
  for (const i of positions) {
    const x = current.invars[i];
    const producer = x instanceof Var ? ctx.producer(x) : undefined;
    if (producer?.primitive !== "broadcast_in_dim" || producer.invars[0]!.aval.ndim !== 0) continue;
    const invars = current.invars.slice();
    invars[i] = producer.invars[0]!;
    const candidate = withInvars(current, invars);
    if (sameTypes(candidate)) current = candidate;
  }
  return current === eqn ? null : current;
}

const isElementwise = (eqn: Eqn): boolean =>
  isUnaryElementwise(eqn.primitive) || isBinaryElementwise(eqn.primitive) || eqn.primitive === "convert_element_type";

/** The rank-0 value an operand is, or broadcasts; null for anything else. */
function scalarBehind(a: Atom, ctx: RewriteContext): Atom | null {
  if (a.aval.ndim === 0) return a;
  const producer = a instanceof Var ? ctx.producer(a) : undefined;
  return producer?.primitive === "broadcast_in_dim" && producer.invars[0]!.aval.ndim === 0 ? producer.invars[0]! : null;
}

/**
 * An elementwise op whose operands are all broadcasts of rank-0 values (or rank-0 themselves)
 * computes one scalar and broadcasts it: the scalar op may then fold, and the broadcast reach the
 * ops that read it as a rank-0 operand. Same values, element for element.
 */
function hoistedOverBroadcast(eqn: Eqn, ctx: RewriteContext): Eqn[] | null {
  const out = eqn.outvars[0]!;
  if (out.aval.ndim === 0 || !isElementwise(eqn)) return null;
  const scalars: Atom[] = [];
  for (const a of eqn.invars) {
    const s = scalarBehind(a, ctx);
    if (s === null) return null;
    scalars.push(s);
  }
  const scalar = new Var(out.aval.update({ shape: [] }));
  const scalarEqn = Object.freeze({ ...eqn, invars: Object.freeze(scalars), outvars: Object.freeze([scalar]) }) as Eqn;
  const broadcast = Object.freeze({
    primitive: "broadcast_in_dim",
    invars: Object.freeze([scalar]),
    params: Object.freeze({ shape: out.aval.shape, broadcastDimensions: Object.freeze([]) }),
    outvars: eqn.outvars,
  }) as Eqn;
  return sameTypes(scalarEqn) && sameTypes(broadcast) ? [scalarEqn, broadcast] : null;
}

/** Whether the equation's shape rule gives exactly its outvars' avals (weak types included). */
function sameTypes(eqn: Eqn): boolean {
  try {
    const avals = abstractEval(eqn.primitive, eqn.invars.map((a) => a.aval), eqn.params);
    return avals.length === eqn.outvars.length && avals.every((a, i) => a.equals(eqn.outvars[i]!.aval));
  } catch {
    return false; // the rewrite would not typecheck: keep the original
  }
}

/**
 * Whether `same` can stand for the equation's output: exactly its aval, or for a conversion, its
 * shape and dtype (a conversion that only drops weak typing changes no value; the equations
 * reading it were typed already, and jit's output avals come from the traced program).
 */
function sameAval(eqn: Eqn, same: Atom): boolean {
  const out = eqn.outvars[0]!.aval;
  return eqn.primitive === "convert_element_type" ? same.aval.matches(out) : same.aval.equals(out);
}

/** Simplifies one equation whose operands have been substituted already. */
export function simplifyEqn(eqn: Eqn, ctx: RewriteContext): EqnRewrite {
  if (eqn.outvars.length !== 1 || eqnHasEffects(eqn)) return { keep: eqn };
  let current = eqn;
  // Each rewrite removes an equation from a chain or a broadcast from an operand, so few rounds do.
  for (let round = 0; round < 8; round++) {
    const same = passThrough(current, ctx);
    if (same !== null && sameAval(current, same)) return { replace: [same] };
    const next = composed(current, ctx) ?? withScalarOperands(current, ctx);
    if (next === null) break;
    current = next;
  }
  const hoisted = hoistedOverBroadcast(current, ctx);
  return hoisted !== null ? { emit: hoisted } : { keep: current };
}

export function simplify(jaxpr: Jaxpr): Jaxpr {
  return rewriteEqns(jaxpr, simplifyEqn);
}
