// The core primitives' batching rules, installed by the first vmap or shard_map rather than at
// import: batching rules run only inside a batch trace, which only those start, so an app that
// never batches leaves them out of its bundle (the families' rows arrive with their modules,
// src/families/). The call rules batch the jaxprs they carry and sit beside the per-primitive ones.
import type { FamilyPrimitiveName } from "../../jaxpr/index.js";
import { BATCH_TABLE, type BatchTable } from "./ruleTables.js";
import { PRIMITIVE_BATCH_RULES } from "./batchRules.js";
import { CALL_BATCH_RULES } from "./callRules.js";

/** The core rows, checked total by their type (built on call, so an unused bundle drops them). */
export const coreBatchRules = (): Omit<BatchTable, FamilyPrimitiveName> => ({ ...PRIMITIVE_BATCH_RULES, ...CALL_BATCH_RULES });

let installed = false;

export function loadBatchRules(): void {
  if (installed) return;
  installed = true;
  BATCH_TABLE.addCore(coreBatchRules());
}
