// Shared vocabulary of automatic differentiation: symbolic zero tangents/cotangents, undefined
// primals (the linear inputs seen by transposition), and the typed rule tables' signatures.
import type { Params, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";

/** A tangent or cotangent known to be zero, carrying only its aval (never materialised unless needed). */
export class Zero {
  constructor(readonly aval: ShapedArray) {}
}

export type Tangent = Array | Zero;

/** The placeholder for a linear input during transposition: its value is what we solve for. */
export class UndefinedPrimal {
  constructor(readonly aval: ShapedArray) {}
}

/**
 * JVP rule: given primal inputs and their tangents (symbolic Zero where known zero), returns the
 * primal outputs and their tangents. Rules are written with lax/numpy functions, so they are
 * themselves differentiable and higher orders come from composition.
 */
export type JvpRule<P extends PrimitiveName> = (primals: Array[], tangents: Tangent[], params: Params<P>) => [Array[], Tangent[]];

/**
 * Transpose rule of a primitive linear in its UndefinedPrimal inputs: given the output
 * cotangents (Zero where none flowed) and the inputs (UndefinedPrimal for the linear ones,
 * concrete or traced arrays for the rest), returns one cotangent per input (null for inputs that
 * are not UndefinedPrimal, Zero where the cotangent is zero).
 */
export type TransposeRule<P extends PrimitiveName> = (
  cts: Tangent[],
  inputs: (Array | UndefinedPrimal)[],
  params: Params<P>,
) => (Tangent | null)[];
