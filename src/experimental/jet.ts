// jax.experimental.jet: `experimental.jet.jet`, JAX's module path for Taylor mode (the transform
// itself lives in src/jet/ and is also exported at the top level).
export { jet } from "../jet/api.js";
export type { JetOptions, SeriesOf } from "../jet/api.js";
