// The JS backend's lowering table: one entry per core primitive (a compile error otherwise); the
// families' lowerings (./families.ts) join LOWERING_TABLE when their modules load (src/families/).
import type { CorePrimitiveName, PrimitiveName } from "../../../jaxpr/index.js";
import { RuleTable } from "../../../jaxpr/index.js";
import type { Lowering } from "../kernel.js";
import { ELEMENTWISE_LOWERINGS } from "./elementwise.js";
import { VIEW_LOWERINGS } from "./views.js";
import { REDUCE_LOWERINGS } from "./reduce.js";
import { INDEXING_LOWERINGS } from "./indexing.js";
import { LAYOUT_LOWERINGS } from "./layout.js";
import { CUMULATIVE_LOWERINGS } from "./cumulative.js";
import { SORT_LOWERINGS } from "./sort.js";
import { DOT_LOWERINGS } from "./dot.js";
import { CUSTOM_LOWERINGS } from "./custom.js";
import { COLLECTIVE_LOWERINGS } from "./collectives.js";
import { COMPLEX_LOWERINGS } from "./complex.js";
import { SPECIAL_FUNCTION_LOWERINGS } from "./specialFunctions.js";

export const CORE_LOWERINGS: { [P in CorePrimitiveName]: Lowering<P> } = {
  ...ELEMENTWISE_LOWERINGS,
  ...VIEW_LOWERINGS,
  ...REDUCE_LOWERINGS,
  ...INDEXING_LOWERINGS,
  ...LAYOUT_LOWERINGS,
  ...CUMULATIVE_LOWERINGS,
  ...SORT_LOWERINGS,
  ...DOT_LOWERINGS,
  ...CUSTOM_LOWERINGS,
  ...COMPLEX_LOWERINGS,
  ...COLLECTIVE_LOWERINGS,
  ...SPECIAL_FUNCTION_LOWERINGS,
};

export type LoweringTable = { [P in PrimitiveName]: Lowering<P> };
/** Every lowering compile.ts reads: the core's, then each family's as its module loads. */
export const LOWERING_TABLE = new RuleTable<LoweringTable>("JS lowering", CORE_LOWERINGS);
