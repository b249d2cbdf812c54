// jax.experimental: APIs JAX keeps outside its stable surface.
export * as ode from "./ode/index.js";
export * as jet from "./jet.js";
