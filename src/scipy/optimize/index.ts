// jax.scipy.optimize.
export { minimize } from "./minimize.js";
export type { OptimizeResults, MinimizeOptions, MinimizeMethod } from "./minimize.js";
export { lineSearch } from "./lineSearch.js";
export type { LineSearchResults, LineSearchOptions } from "./lineSearch.js";
export type { BfgsOptions } from "./bfgs.js";
export type { LbfgsOptions } from "./lbfgs.js";
