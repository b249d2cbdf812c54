// jax.scipy.
export * as special from "./special/index.js";
export * as stats from "./stats/index.js";
export * as optimize from "./optimize/index.js";
export * as ndimage from "./ndimage/index.js";
export * as interpolate from "./interpolate/index.js";
export * as integrate from "./integrate/index.js";
export * as sparse from "./sparse/index.js";
export * as linalg from "./linalg.js";
export * as signal from "./signal/namespace.js";
