// optim: optax for dprog. A transformation is a pair of pure functions `init(params) -> state` and
// `update(grads, state, params?, extra?) -> [updates, state]` over pytrees; states are pytrees of
// Arrays (step counts are int32), so updates can be jitted, vmapped and differentiated. Optimizers
// are chains, as optax: adam = chain(scaleByAdam, scaleByLearningRate).
export { applyUpdates, globalNorm, chain, scale, scaleBySchedule, scaleByLearningRate, trace, scaleByAdam, clipByGlobalNorm, sgd, adam, adamw } from "./base.js";
export type { Params, OptState, ExtraArgs, Schedule, ScalarOrSchedule, AdamOptions } from "./base.js";
export * from "./losses.js";
export * from "./schedules.js";
export * from "./transforms/scaling.js";
export * from "./transforms/factorized.js";
export * from "./transforms/wrappers.js";
export * from "./transforms/multiSteps.js";
export * from "./transforms/linesearch.js";
export * from "./aliases.js";
export { incrementalUpdate, periodicUpdate } from "./update.js";
export * from "./transforms/zoomLinesearch.js";
export * from "./transforms/lbfgs.js";
export { GradientTransformation, GradientTransformationExtraArgs, safeIncrement, safeInt32Increment } from "./constructors.js";
