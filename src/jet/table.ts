// JET_RULES: jet's decision for every primitive of the catalogue, so adding a primitive is a
// compile error until jet has one. Primitives the traits table calls linear or bilinear get their
// rule from one maker each (linear.ts), as do those with piecewise-constant outputs; the rest have
// their own recurrences. "unsupported" marks what JAX's jet has no rule for either (control flow,
// sort, reduce_prod, scatter-mul/min/max, pure callbacks).
import type { BilinearName, PrimitiveName, StructurallyLinearName } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { CALL_JET_RULES } from "./calls.js";
import { ELEMENTWISE_JET_RULES } from "./elementwise.js";
import { BILINEAR_NAMES, LINEAR_NAMES, ZERO_NAMES, bilinearRule, linearRule, zeroRule } from "./linear.js";
import { STRUCTURAL_JET_RULES } from "./structural.js";
import { JetRuleTable, jetFlat } from "./trace.js";
import { UNSUPPORTED } from "./types.js";
import type { FlatFun, JetRuleEntry, Series } from "./types.js";

type ZeroName = (typeof ZERO_NAMES)[number];

const fromMaker = <N extends PrimitiveName>(names: readonly N[], make: <P extends N>(p: P) => JetRuleEntry<P>): { [P in N]: JetRuleEntry<P> } =>
  Object.fromEntries(names.map((p) => [p, make(p)])) as { [P in N]: JetRuleEntry<P> };

const UNSUPPORTED_RULES = {
  reduce_prod: UNSUPPORTED,
  sort: UNSUPPORTED,
  "scatter-mul": UNSUPPORTED,
  "scatter-min": UNSUPPORTED,
  "scatter-max": UNSUPPORTED,
  cond: UNSUPPORTED,
  custom_linear_solve: UNSUPPORTED,
  while: UNSUPPORTED,
  scan: UNSUPPORTED,
  pure_callback: UNSUPPORTED,
  custom_lin: UNSUPPORTED,
  // Linear algebra (issue 20): JAX's jet has no rules for jax.lax.linalg either.
  cholesky: UNSUPPORTED,
  triangular_solve: UNSUPPORTED,
  lu: UNSUPPORTED,
  qr: UNSUPPORTED,
  eigh: UNSUPPORTED,
  eig: UNSUPPORTED,
  schur: UNSUPPORTED,
  svd: UNSUPPORTED,
  hessenberg: UNSUPPORTED,
  householder_product: UNSUPPORTED,
  tridiagonal_solve: UNSUPPORTED,
  // Windowed reductions (issue 21): jax/experimental/jet.py has reduce_window_sum only (linear,
  // from the maker); none for max/min pooling, the general reduce_window or select_and_*.
  reduce_window_max: UNSUPPORTED,
  reduce_window_min: UNSUPPORTED,
  reduce_window: UNSUPPORTED,
  select_and_scatter_add: UNSUPPORTED,
  select_and_gather_add: UNSUPPORTED,
  // jax/experimental/jet.py has no rule for regularized_incomplete_beta (betainc).
  regularized_incomplete_beta: UNSUPPORTED,
  // jax/experimental/jet.py has no rule for the max/min collectives.
  pmax: UNSUPPORTED,
  pmin: UNSUPPORTED,
} as const;

/** Every primitive the traits table does not give to a rule maker: a rule or "unsupported" each. */
const OWN_RULES: { [P in Exclude<PrimitiveName, StructurallyLinearName | BilinearName>]: JetRuleEntry<P> } = {
  ...fromMaker<ZeroName>(ZERO_NAMES, zeroRule),
  ...ELEMENTWISE_JET_RULES,
  ...STRUCTURAL_JET_RULES,
  ...CALL_JET_RULES,
  ...UNSUPPORTED_RULES,
};

// The makers come last: where the traits table calls a primitive linear, its maker decides.
export const JET_RULES: JetRuleTable = {
  ...OWN_RULES,
  ...fromMaker<StructurallyLinearName>(LINEAR_NAMES, linearRule),
  ...fromMaker<BilinearName>(BILINEAR_NAMES, bilinearRule),
};

/** jet over flat lists in unscaled coefficients (JAX's jet2) with the full rule table. */
export function jetSeries(f: FlatFun, primals: readonly Array[], series: readonly Series[], order: number): [Array[], Series[]] {
  return jetFlat(JET_RULES, f, primals, series, order);
}
