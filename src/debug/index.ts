// jax.debug: host code on runtime values from inside jit, vmap and grad. print and callback bind
// the effectful `debug_callback` primitive (print.ts); breakpoint is a callback that stops there.
export { print, callback, formatPrint, setPrintSink, printLine } from "./print.js";
export type { CallbackArgs } from "./print.js";
export { breakpoint, setBreakpointHandler } from "./breakpoint.js";
export type { BreakpointOptions, BreakpointLocals } from "./breakpoint.js";
// jax.debug's sharding views (src/sharding/visualize.ts).
export { visualizeArraySharding, visualizeSharding, inspectArraySharding } from "../sharding/visualize.js";
export type { VisualizeOptions } from "../sharding/visualize.js";
