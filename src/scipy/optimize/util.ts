// Small helpers shared by the optimizers: scalar constants and boolean algebra on Arrays.
import type { Array } from "../../core/array.js";
import * as np from "../../numpy/index.js";

/** A vector norm's order as np.linalg.norm takes it (null: the 2-norm). */
export type NormOrder = number | null;

export const or = (a: Array, b: Array): Array => np.logicalOr(a, b);
export const and = (a: Array, b: Array): Array => np.logicalAnd(a, b);
export const not = (a: Array): Array => np.logicalNot(a);
export const int = (v: number): Array => np.array(v, { dtype: "int32" });
export const bool = (v: boolean): Array => np.array(v, { dtype: "bool" });

/** The gradient's norm of order `ord` (the convergence test of BFGS and L-BFGS). */
export function gradientNorm(g: Array, ord: NormOrder): Array {
  return np.linalg.norm(g, ord);
}
