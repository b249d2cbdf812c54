// jax.scipy.
export * as special from "./special/index.js";
export * as stats from "./stats/index.js";
export * as sparse from "./sparse/index.js";
export * as linalg from "./linalg.js";
