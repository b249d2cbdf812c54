// jax.scipy.
export * as special from "./special/index.js";
