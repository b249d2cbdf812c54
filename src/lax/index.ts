// lax: dprog's primitives by JAX's names in camelCase. Each function validates and binds one
// primitive; type promotion and numpy broadcasting live in numpy/, not here. Assembled here, at
// the top: modules below control flow and autodiff import ./ops.js instead.
export * from "./ops.js";
// Convolutions and the FFT: not in ./ops.js, which the transform rules import, so an app that
// calls neither leaves their primitives' rules out of its bundle (src/families/).
export * from "./conv.js";
export { convGeneralDilatedLocal } from "./convLocal.js";
export * from "./fft.js";
// Structured control flow (cond, switch, whileLoop, foriLoop, scan, map).
export { cond, switch, whileLoop, foriLoop, scan, map } from "../control/api.js";
export type { ScanOptions } from "../control/api.js";
export { customLinearSolve, customRoot } from "../control/solves.js";
export type { CustomLinearSolveOptions, CustomRootOptions } from "../control/solves.js";
export * from "./special.js";
export { besselI0e, besselI1e } from "./bessel.js";
// population_count and clz as bitwise compositions.
export { populationCount, clz } from "./bitCounting.js";
// reciprocal, tile, broadcast_to_rank, scatter_sub, cumlogsumexp as compositions.
export { reciprocal, broadcastToRank, tile, scatterSub, cumlogsumexp } from "./compositions.js";
// Windowed reductions (issue 21): reduce_window and its shape rule.
export { reduceWindow, reduceWindowShapeTuple } from "./windowed.js";
export type { WindowPaddingLike } from "./windowed.js";
// Named-axis collectives (jax/_src/lax/parallel.py), bound by vmap's and pmap's axisName.
export { psum, pmean, pmax, pmin, axisIndex, axisSize, allGather, ppermute, allToAll, psumScatter } from "./parallel.js";
export type { AxisNames } from "./parallel.js";
// jax.lax.linalg (issue 20).
export * as linalg from "./linalgNamespace.js";
