// lax without control flow and special functions: the primitive wrappers and the conveniences
// built on them. The rule modules, the transforms and control flow import lax through this file,
// because control flow and the special functions are themselves built on the transforms
// (customJvp, whileLoop); lax/index.ts adds them on top.
export * from "./elementwise.js";
export * from "./structural.js";
export * from "./convenience.js";
// Not canonicalizePrecision: JAX keeps canonicalize_precision private (jax._src.lax.lax).
export { PrecisionMember, Precision, DotAlgorithmPresetMember, DotAlgorithmPreset, isPrecisionArg } from "./precision.js";
export type { PrecisionName, PrecisionLike, DotAlgorithmPresetName, DotAlgorithmPresetLike, PrecisionArg } from "./precision.js";
export * from "./laxExtras.js";
export * from "./betainc.js";
export * from "./raggedDot.js";
