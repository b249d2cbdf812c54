// jax.scipy.integrate: trapezoid is jax.numpy's (jax/_src/scipy/integrate.py re-exports it).
export { trapezoid } from "../../numpy/signal.js";
export type { TrapezoidOptions } from "../../numpy/signal.js";
