// lax: dprog's primitives by JAX's names in camelCase. Each function validates and binds one
// primitive; type promotion and numpy broadcasting live in numpy/, not here.
export * from "./elementwise.js";
export * from "./structural.js";
export * from "./special.js";
