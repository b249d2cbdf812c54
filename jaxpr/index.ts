// jaxpr/: the IR and nothing else. dtypes and promotion, avals, the primitive catalogue with its
// shape rules, Jaxpr/Eqn/Var/Literal, the printer in JAX's syntax, typecheck, and rewrite passes.
// Imports nothing from src/ or backends/.
export * from "./dtypes.js";
export { roundToFloat16, roundToBfloat16, roundToFormat, FLOAT16_FORMAT, BFLOAT16_FORMAT, FLOAT8_FORMATS, type FloatFormat } from "./narrowFloat.js";
export * from "./shape.js";
export * from "./params.js";
export * from "./traits.js";
export * from "./shapeRules.js";
export * from "./familyShapeRules.js";
export * from "./families.js";
export { checkParams, describeValue, paramsCacheKey, PARAM_CHECKS } from "./paramChecks.js";
export * from "./jaxpr.js";
export * from "./printer.js";
export * from "./typecheck.js";
export { jaxprAxisNames, bindAxisNames } from "./axisNames.js";
export { dce, subJaxprs, jaxprHasEffects, eqnHasEffects } from "./passes/dce.js";
export { inlineCalls } from "./passes/inline.js";
export type { ConstJaxpr } from "./passes/inline.js";
export { simplify, simplifyEqn } from "./passes/simplify.js";
export { foldConstants, IOTA_FOLD_LIMIT } from "./passes/constantFolding.js";
export type { ConstantEvaluator } from "./passes/constantFolding.js";
export { cse, eqnKey } from "./passes/cse.js";
export { dropUnusedConsts, dedupeConsts } from "./passes/consts.js";
export {
  convDimensionNumbers, convGeneralPermutations, convShapeTuple, convVjpLhsPadding, convVjpRhsPadding, dilateDim, padsString, padtypeToPads, strideDim,
  type ConvDimensionNumbersLike, type PadType,
} from "./conv.js";
export { lowerComplex, hasComplex, interleavedAval } from "./passes/lowerComplex.js";
export { lowerNarrow, hasNarrow, wideAval, toWideBuffer, toNarrowBuffer } from "./passes/lowerNarrow.js";
