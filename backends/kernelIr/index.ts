// The typed kernel IR of fused groups, shared by the JS and GPU backends (see expr.ts).
export type * from "./expr.js";
export * as ir from "./build.js";
export { isNonDecreasingIn } from "./monotone.js";
export { chainOf, childrenOf, countOps, isLeaf, leafName, mapChildren, namesRead, readsOf, renameRegisters, someNode } from "./structure.js";
