// PLACEHOLDER (being written): cumsum, cumprod, cummax, cummin.
import type { Lowering } from "../kernel.js";
import type { CumulativeName } from "../../../jaxpr/index.js";
const todo = (): never => { throw new Error("not lowered yet"); };
export const CUMULATIVE_LOWERINGS: { [P in CumulativeName]: Lowering<P> } = { cumsum: todo, cumprod: todo, cummax: todo, cummin: todo };
