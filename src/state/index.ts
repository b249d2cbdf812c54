// Mutable array references (jax.new_ref, jax.Ref, jax.freeze, jax.empty_ref, jax.free_ref):
// ref.ts is the reference and its reads and writes, jitRefs.ts how jit threads references,
// threading.ts how lax's control flow does. See docs/refs.md.
export { Ref, newRef, emptyRef, freeRef, freeze } from "./ref.js";
