// PLACEHOLDER (being written): sort.
import type { Lowering } from "../kernel.js";
const todo = (): never => { throw new Error("not lowered yet"); };
export const SORT_LOWERINGS: { sort: Lowering<"sort"> } = { sort: todo };
