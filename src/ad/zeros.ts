// Symbolic-zero helpers shared by the JVP trace, partial evaluation and transposition.
import type { ShapedArray } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import * as lax from "../lax/ops.js";
import { scalarArray } from "../core/eval.js";
import { Zero, Tangent } from "./types.js";

export const isZero = (t: unknown): t is Zero => t instanceof Zero;

/** A tangent a rule has found nonzero (an Array); anything else is a bug in the rule. */
export function nonZero(t: Tangent | undefined): Array {
  if (!(t instanceof Array)) throw new TypeError(`internal error: expected a nonzero tangent, got ${t instanceof Zero ? "a symbolic zero" : String(t)}`);
  return t;
}

/** Zeros of an aval (strong dtype), as a broadcast of a scalar literal. */
export function zerosLikeAval(aval: ShapedArray): Array {
  return lax.broadcastInDim(scalarArray(0, aval.dtype, false), aval.shape, []);
}

/** Materialises a symbolic zero. */
export function instantiate(t: Tangent): Array {
  return t instanceof Zero ? zerosLikeAval(t.aval) : t;
}

/**
 * The zeros a custom JVP rule receives in place of symbolic-zero tangents. Library rules may skip
 * a term whose tangent is one of them (JAX's custom_jvp with symbolic_zeros=True), which keeps a
 * derivative factor that cannot be reverse-differentiated (a series in a while loop) out of
 * higher-order reverse mode when its tangent is zero anyway.
 */
const symbolicZeroTangents = new WeakSet<Array>();

/** instantiate, remembering that the zeros stand for a symbolic zero (see isSymbolicZeroTangent). */
export function instantiateForRule(t: Tangent): Array {
  if (!(t instanceof Zero)) return t;
  const zeros = zerosLikeAval(t.aval);
  symbolicZeroTangents.add(zeros);
  return zeros;
}

/** Whether a custom JVP rule's tangent argument is a symbolic zero (instantiated for the rule). */
export function isSymbolicZeroTangent(t: Array): boolean {
  return symbolicZeroTangents.has(t);
}

/** Sum of two tangents, keeping symbolic zeros symbolic. */
export function addTangents(a: Tangent, b: Tangent): Tangent {
  if (a instanceof Zero) return b;
  if (b instanceof Zero) return a;
  return lax.add(a, b);
}

/** The aval of a tangent/cotangent for a primal aval: same shape and dtype, never weak. */
export const tangentAval = (aval: ShapedArray): ShapedArray => aval.strengthened();
