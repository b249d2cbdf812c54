// Primitives whose rules do not live in the per-family rule tables: they are added to the
// complete tables in src/rules.ts, from the modules that implement them.
/** The call primitives, ruled by src/ad/callRules.ts and src/vmap/callRules.ts. */
export type CallRuleName = "pjit" | "custom_jvp_call" | "custom_vjp_call" | "checkpoint" | "debug_callback" | "pure_callback";
/** The control-flow primitives, ruled by src/control/{cond,while,scan,linearSolve}.ts (a family: src/families/control.ts). */
export type { ControlFlowName } from "../../jaxpr/index.js";
