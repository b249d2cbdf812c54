// jax.scipy.
export * as special from "./special/index.js";
export * as stats from "./stats/index.js";
export * as optimize from "./optimize/index.js";
