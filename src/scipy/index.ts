// jax.scipy.
export * as special from "./special/index.js";
export * as stats from "./stats/index.js";
export * as signal from "./signal/index.js";
