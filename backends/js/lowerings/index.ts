// The JS backend's lowering table: one entry per core primitive (a compile error otherwise); the
// families' lowerings (./families.ts) join LOWERING_TABLE when their modules load (src/families/).
import type { CorePrimitiveName, PrimitiveName, ShapedArray } from "../../../jaxpr/index.js";
import { RuleTable, isComplex, isNarrow } from "../../../jaxpr/index.js";
import type { Kernel, Lowering, LoweringInput } from "../kernel.js";
import { ELEMENTWISE_LOWERINGS } from "./elementwise.js";
import { VIEW_LOWERINGS } from "./views.js";
import { REDUCE_LOWERINGS } from "./reduce.js";
import { INDEXING_LOWERINGS } from "./indexing.js";
import { LAYOUT_LOWERINGS } from "./layout.js";
import { CUMULATIVE_LOWERINGS } from "./cumulative.js";
import { SORT_LOWERINGS } from "./sort.js";
import { DOT_LOWERINGS } from "./dot.js";
import { CUSTOM_LOWERINGS } from "./custom.js";
import { COLLECTIVE_LOWERINGS } from "./collectives.js";
import { loweredOpKernel } from "./loweredOp.js";
import { SPECIAL_FUNCTION_LOWERINGS } from "./specialFunctions.js";

/** The primitives that only exist on complex values: always lowered to real pairs first (lowerComplex). */
const COMPLEX_LOWERINGS: { [P in "real" | "imag" | "conj" | "complex"]: Lowering<P> } = {
  real: (eqn) => loweredOpKernel("real", eqn, lowerReal),
  imag: (eqn) => loweredOpKernel("imag", eqn, lowerReal),
  conj: (eqn) => loweredOpKernel("conj", eqn, lowerReal),
  complex: (eqn) => loweredOpKernel("complex", eqn, lowerReal),
};

export const CORE_LOWERINGS: { [P in CorePrimitiveName]: Lowering<P> } = {
  ...ELEMENTWISE_LOWERINGS,
  ...VIEW_LOWERINGS,
  ...REDUCE_LOWERINGS,
  ...INDEXING_LOWERINGS,
  ...LAYOUT_LOWERINGS,
  ...CUMULATIVE_LOWERINGS,
  ...SORT_LOWERINGS,
  ...DOT_LOWERINGS,
  ...CUSTOM_LOWERINGS,
  ...COMPLEX_LOWERINGS,
  ...COLLECTIVE_LOWERINGS,
  ...SPECIAL_FUNCTION_LOWERINGS,
};

export type LoweringTable = { [P in PrimitiveName]: Lowering<P> };
/** Every lowering compile.ts reads: the core's, then each family's as its module loads. */
export const LOWERING_TABLE = new RuleTable<LoweringTable>("JS lowering", CORE_LOWERINGS);

/** A real equation's kernel: the table's lowering. */
function lowerReal<P extends PrimitiveName>(prim: P, eqn: LoweringInput<P>): Kernel {
  return (LOWERING_TABLE.get(prim) as Lowering<P>)(eqn);
}

const lowered = (a: ShapedArray): boolean => isComplex(a.dtype) || isNarrow(a.dtype);

/**
 * One equation's kernel; an equation on complex or narrow values runs as the real equations
 * lowerNarrow and lowerComplex make of it (loweredOp.ts).
 */
export function lowerEqn<P extends PrimitiveName>(prim: P, eqn: LoweringInput<P>): Kernel {
  if (eqn.inAvals.some(lowered) || eqn.outAvals.some(lowered)) return loweredOpKernel(prim, eqn, lowerReal);
  return lowerReal(prim, eqn);
}
