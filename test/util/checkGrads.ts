// The suites' checkGrads is the public one (src/testUtil), so what users get is what the tests use.
export { checkGrads, checkJvp, checkVjp } from "../../src/testUtil/index.js";
export type { CheckGradsOptions } from "../../src/testUtil/index.js";
