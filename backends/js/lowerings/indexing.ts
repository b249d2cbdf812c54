// PLACEHOLDER (being written): gather, scatter family, dynamic_slice, dynamic_update_slice.
import type { Lowering } from "../kernel.js";
import type { ScatterName } from "../../../jaxpr/index.js";
type Names = "gather" | "dynamic_slice" | "dynamic_update_slice" | ScatterName;
const todo = (): never => { throw new Error("not lowered yet"); };
export const INDEXING_LOWERINGS: { [P in Names]: Lowering<P> } = {
  gather: todo, dynamic_slice: todo, dynamic_update_slice: todo, scatter: todo, "scatter-add": todo, "scatter-mul": todo, "scatter-min": todo, "scatter-max": todo,
};
