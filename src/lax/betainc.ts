// lax.betainc: the regularized incomplete beta function I_x(a, b) as one primitive (JAX's
// regularized_incomplete_beta_p, jax/_src/lax/special.py), so that each element's continued
// fraction stops at its own convergence. Operands of one float dtype; rank-0 and size-1 operands
// are broadcast as lax's binary operations broadcast them.
import { broadcastingShape, shapeEqual } from "../../jaxpr/index.js";
import { range } from "../../jaxpr/lists.js";
import { Array, ArrayLike } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import { NO_PARAMS } from "../core/eval.js";
import { asArrays } from "./core.js";
import { broadcastInDim } from "./structural.js";

/**
 * I_x(a, b) elementwise (lax.betainc).
 *
 * @example
 * ```ts
 * lax.betainc(2, 3, np.array([0.25, 0.5])); // Array([0.26171875, 0.6875    ], dtype=float32)
 * ```
 */
export function betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike): Array {
  const operands = asArrays([a, b, x]);
  const shape = broadcastingShape("regularized_incomplete_beta", operands.map((o) => o.aval));
  const full = operands.map((o) => (shapeEqual(o.shape, shape) ? o : broadcastInDim(o, shape, o.ndim === 0 ? [] : range(o.ndim))));
  return bind1("regularized_incomplete_beta", full, NO_PARAMS);
}
