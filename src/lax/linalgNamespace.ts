// jax.lax.linalg (issue 20): the namespace, assembled from its modules.
export * from "./linalg.js";
export { qdwh } from "./linalgQdwh.js";
export { luPivotsToPermutation } from "./linalgPivots.js";
