// Structured control flow: the cond, while and scan primitives (carrying closed jaxprs) with
// their jvp, vmap, partial-evaluation and transpose rules, eager evaluation, and the lax API
// (cond, switch, whileLoop, foriLoop, scan, map). Importing this module registers the rules.
import "./eval.js";
export { cond, switch, whileLoop, foriLoop, scan, map } from "./api.js";
export type { ScanOptions } from "./api.js";
export { customLinearSolve, customRoot } from "./solves.js";
export type { CustomLinearSolveOptions, CustomRootOptions } from "./solves.js";
export { condJvp, condBatch, condTranspose } from "./cond.js";
export { whileJvp, whileBatch, whileTranspose } from "./while.js";
export { scanJvp, scanBatch, scanTranspose } from "./scan.js";
