// The batching table as the batch trace reads it: assembled from the per-family rules, the call
// rules and the control-flow rules in src/rules.ts and installed here whole (see
// src/core/ruleSlot.ts for why a slot).
import type { PrimitiveName } from "../../jaxpr/index.js";
import { notInstalled } from "../core/ruleSlot.js";
import type { BatchRule } from "./types.js";

export type BatchTable = { readonly [P in PrimitiveName]: BatchRule<P> };

export let BATCH_RULES: BatchTable = notInstalled("batching");

/** Called once, by src/rules.ts, with the complete table. */
export function installBatchRules(batch: BatchTable): void {
  BATCH_RULES = batch;
}
