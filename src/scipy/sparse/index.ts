// jax.scipy.sparse: the matrix-free Krylov solvers of jax.scipy.sparse.linalg.
export * as linalg from "./linalg.js";
