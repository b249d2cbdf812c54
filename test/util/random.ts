// A small seeded PRNG for tests (mulberry32): uniform in [0, 1). The one in src/testUtil.
export { mulberry32 } from "../../src/testUtil/index.js";
