// PLACEHOLDER (being written): pad, concatenate.
import type { Lowering } from "../kernel.js";
type Names = "pad" | "concatenate";
const todo = (): never => { throw new Error("not lowered yet"); };
export const LAYOUT_LOWERINGS: { [P in Names]: Lowering<P> } = { pad: todo, concatenate: todo };
