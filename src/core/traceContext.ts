// What tracing depends on besides a function's arguments and the named axes: the abstract mesh
// of the sharding context (jax.set_mesh / use_abstract_mesh), which decides what a bare
// PartitionSpec means and which checks run. JAX's jit keys its cache on it (trace_context);
// src/sharding sets it, jit reads it (an empty string: no mesh, the common case).
let meshKey = "";

/** Library-internal (src/sharding/meshContext.ts): the abstract mesh's repr, or "" for none. */
export function setAbstractMeshKey(key: string): void {
  meshKey = key;
}

/** The abstract mesh's repr for jit's cache key ("" when no mesh is set). */
export const abstractMeshKey = (): string => meshKey;
