// src/jit: the jit transform (tracing cache, pjit), its compile step (pass pipeline + backend),
// and disableJit. Importing this module registers pjit's eager evaluation.
export { jit, disableJit } from "./api.js";
export type { JitOptions, JittedFunction, Lowered } from "./api.js";
export { setCacheLimits, getCacheLimits, clearCaches, DEFAULT_JIT_CACHE_LIMIT, DEFAULT_EAGER_CACHE_LIMIT } from "./caches.js";
export type { CacheLimits } from "./caches.js";
