// ad/: automatic differentiation as JAX does it. Forward mode is a JVP trace with symbolic zero
// tangents; reverse mode linearizes (jvp + partial evaluation) and transposes the linear jaxpr.
// Higher orders come from composing these, never from special cases.
export { jvp, linearize, vjp, grad, valueAndGrad } from "./api.js";
export type { GradOptions } from "./api.js";
export type { Argnums, ArraysOf, GradOf, ScalarOutput, LeavesTo, JacobianOf, HessianOf, JacobianOptions } from "./apiTypes.js";
export { jacfwd, jacrev, hessian } from "./jacobian.js";
/** jax.jacobian: JAX's alias of jacrev. */
export { jacrev as jacobian } from "./jacobian.js";
export { linearTranspose } from "./linearTranspose.js";
export { customGradient } from "./customGradient.js";
export { Zero, UndefinedPrimal } from "./types.js";
export { customJvp, customVjp } from "./custom.js";
export type { CustomJvpFunction, CustomVjpFunction } from "./custom.js";
export { checkpoint, remat, checkpointName, checkpointPolicies } from "./checkpoint.js";
export type { CheckpointOptions, CheckpointPolicy } from "./checkpoint.js";
