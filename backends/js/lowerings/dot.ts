// PLACEHOLDER (being written): dot_general.
import type { Lowering } from "../kernel.js";
const todo = (): never => { throw new Error("not lowered yet"); };
export const DOT_LOWERINGS: { dot_general: Lowering<"dot_general"> } = { dot_general: todo };
