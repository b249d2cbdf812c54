// Taylor-mode differentiation (jax.experimental.jet): the jet trace, its rule table, the API.
export { jet } from "./api.js";
export type { JetOptions, SeriesOf } from "./api.js";
export { JET_RULES } from "./table.js";
