// jax.image: image resampling.
export { resize, scaleAndTranslate, ResizeMethod } from "./scale.js";
export type { ResizeMethodName } from "./scale.js";
