// vmap/: automatic batching. A batch trace carries a batch dimension per value; every primitive
// has a batching rule (no loops over the batch), so vmap composes with grad, jvp and itself.
// vmapFlat reads the batching table, whose core rules vmap installs on first use (coreRules.ts).
import "../rules.js";
export { vmap } from "./api.js";
export type { VmapOptions, AxisSpec } from "./api.js";
export { vmapFlat, BatchTrace, BatchTracer } from "./batchTrace.js";
export type { BatchDim, BatchRule } from "./types.js";
