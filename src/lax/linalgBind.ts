// The linear-algebra primitives as their own transform rules bind them (src/ad/linalgRules.ts,
// eigRules.ts, qrRules.ts): operands already arrays of a LAPACK dtype, matrices rather than
// vectors. Unlike ./linalg.ts, nothing here loads the family's rules: a rule only runs once they
// are loaded, and importing ./linalg.ts from a rule would be an import cycle through
// src/families/linalg.ts.
import type { Params } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { bind, bind1 } from "../core/trace.js";

export interface TriangularSolveOptions {
  leftSide?: boolean;
  lower?: boolean;
  transposeA?: boolean;
  conjugateA?: boolean;
  unitDiagonal?: boolean;
}

/** triangular_solve's params from its options, with JAX's defaults (right side, upper, no transpose). */
export function triangularSolveParams(opts: TriangularSolveOptions): Params<"triangular_solve"> {
  return {
    leftSide: opts.leftSide ?? false,
    lower: opts.lower ?? false,
    transposeA: opts.transposeA ?? false,
    conjugateA: opts.conjugateA ?? false,
    unitDiagonal: opts.unitDiagonal ?? false,
  };
}

export function triangularSolve(a: Array, b: Array, opts: TriangularSolveOptions = {}): Array {
  return bind1("triangular_solve", [a, b], triangularSolveParams(opts));
}

export function lu(a: Array): [lu: Array, pivots: Array, permutation: Array] {
  return bind("lu", [a], {}) as [Array, Array, Array];
}

export function tridiagonalSolve(dl: Array, d: Array, du: Array, b: Array): Array {
  return bind1("tridiagonal_solve", [dl, d, du, b], { perturbSingular: false });
}
