// Each primitive family's shape rules as one table (registered by the family's module in src/families/),
// and SHAPE_RULES: every primitive's, core and families together, checked total by its type (the
// catalogue's tests enumerate it; abstractEval reads SHAPE_RULE_TABLE, which holds a family's
// rows only once its module loaded).
import type { LinalgName, PrimitiveName, WindowName } from "./params.js";
import type { ControlFlowName } from "./families.js";
import { CORE_SHAPE_RULES, type ShapeRule } from "./shapeRules.js";
import { LINALG_SHAPE_RULES } from "./linalgShapeRules.js";
import { WINDOW_SHAPE_RULES } from "./windowShapeRules.js";
import { convShapeRule } from "./conv.js";
import { fftShapeRule } from "./fftShapeRule.js";
import { CONTROL_FLOW_SHAPE_RULES } from "./controlShapeRules.js";

export { LINALG_SHAPE_RULES, WINDOW_SHAPE_RULES, CONTROL_FLOW_SHAPE_RULES };
export const CONV_SHAPE_RULES: { conv_general_dilated: ShapeRule<"conv_general_dilated"> } = { conv_general_dilated: convShapeRule };
export const FFT_SHAPE_RULES: { fft: ShapeRule<"fft"> } = { fft: ([x], params) => [fftShapeRule(x!, params)] };

export const SHAPE_RULES: { [P in PrimitiveName]: ShapeRule<P> } = {
  ...CORE_SHAPE_RULES,
  ...(LINALG_SHAPE_RULES satisfies { [P in LinalgName]: ShapeRule<P> }),
  ...(WINDOW_SHAPE_RULES satisfies { [P in WindowName]: ShapeRule<P> }),
  ...CONV_SHAPE_RULES,
  ...FFT_SHAPE_RULES,
  ...(CONTROL_FLOW_SHAPE_RULES satisfies { [P in ControlFlowName]: ShapeRule<P> }),
};
