// jax.experimental.ode.
export { odeint } from "./odeint.js";
export type { OdeintOptions } from "./odeint.js";
