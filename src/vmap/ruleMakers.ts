// Batching-rule makers. `leadingBatchRule` is the rule of every primitive whose operands are
// "core" arrays of a fixed rank under any number of leading batch dimensions, all operands
// sharing those leading dimensions (JAX's linear-algebra primitives: cholesky, triangular_solve,
// lu, qr, eigh, ... in jax/_src/lax/linalg.py, whose batching rules move the batch dimension to
// the front and call the primitive again). Elementwise primitives are the degenerate case of core
// rank 0.
import type { PrimitiveName } from "../../jaxpr/index.js";
import { bind } from "../core/trace.js";
import { bdimAtFront } from "./batchAxis.js";
import type { BatchRule } from "./types.js";

/**
 * The batching rule of `prim` when it accepts leading batch dimensions: each operand's batch
 * dimension moves to the front (an unbatched operand is broadcast there, since the primitive
 * needs equal leading dimensions), the primitive runs once over the whole batch, and every
 * result has its batch dimension at 0. Params are unchanged: they describe the core dimensions.
 */
export function leadingBatchRule<P extends PrimitiveName>(prim: P): BatchRule<P> {
  return (args, dims, params, axisSize) => {
    const front = args.map((x, i) => bdimAtFront(x, dims[i] ?? null, axisSize));
    const outs = bind(prim, front, params);
    return [outs, outs.map(() => 0)];
  };
}
