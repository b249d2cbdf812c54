// The batching table as the batch trace reads it: the core rows assembled from the per-family
// rules, the call rules and the control-flow rules in src/rules.ts and installed here whole; each
// primitive family's rows arrive with its module (src/families/).
import type { PrimitiveName } from "../../jaxpr/index.js";
import { RuleTable } from "../../jaxpr/index.js";
import type { BatchRule } from "./types.js";

export type BatchTable = { readonly [P in PrimitiveName]: BatchRule<P> };

export const BATCH_TABLE = new RuleTable<BatchTable>("batching");
