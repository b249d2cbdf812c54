// The batching-rule signature shared by the batch trace and the rule table.
import type { Params, PrimitiveName } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";

/** Where the batch dimension of a value sits; null when the value is not batched. */
export type BatchDim = number | null;

/**
 * Batching rule: given the operands (values one level below the batch trace) with their batch
 * dims (at least one non-null), returns the outputs and their batch dims. Rules use lax
 * functions, so nested vmaps and other transforms compose. No rule may loop over the batch.
 * `axisName` is the batch axis's name (vmap's axisName), null when unnamed: the collectives
 * reduce over it, and the rules of primitives carrying jaxprs pass it on to their bodies.
 */
export type BatchRule<P extends PrimitiveName> = (args: Array[], dims: BatchDim[], params: Params<P>, axisSize: number, axisName: AxisName) => [Array[], BatchDim[]];

/** A batch axis's name (vmap's and pmap's axisName), or null for an unnamed axis. */
export type AxisName = string | null;
