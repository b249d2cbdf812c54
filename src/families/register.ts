// src/families/: one module per primitive family (jaxpr/families.ts: linear algebra, windowed
// reductions, convolution, FFT, control flow) registering all of the family's rules at once, as JAX registers a
// primitive's rules beside its definition. The API functions that bind a family's primitives call
// its load function first (test/architecture/families.test.ts checks it): a call, not an import
// side effect, so a bundler drops the family with the last function calling it (webpack keeps
// every module a namespace like `numpy` reaches, and only the minifier then drops what no code
// calls).
import type { CustomPartialEvalName, FamilyPrimitiveName, LinearPrimitiveName, PrimitiveFamilyName, ShapeRuleTable } from "../../jaxpr/index.js";
import { SHAPE_RULE_TABLE } from "../../jaxpr/index.js";
import type { FamilyKernels, LoweringTable } from "../../backends/js/index.js";
import { LOWERING_TABLE, installBodyCompiler, registerControlConstResolver, registerFamilyKernels } from "../../backends/js/index.js";
import { Array, bufferOf } from "../core/array.js";
import { registerHostEvaluation, type HostEvaluation } from "../core/eval.js";
import { JVP_TABLE, TRANSPOSE_TABLE, type JvpTable, type TransposeTable } from "../ad/ruleTables.js";
import { PARTIAL_EVAL_TABLE, type PartialEvalTable } from "../ad/partialEvalRules.js";
import { BATCH_TABLE, type BatchTable } from "../vmap/ruleTables.js";

/** Every rule of a family's primitives: the types make each table total over the family. */
export interface PrimitiveFamily<N extends FamilyPrimitiveName> {
  readonly shapeRules: Pick<ShapeRuleTable, N>;
  readonly lowerings: Pick<LoweringTable, N>;
  readonly jvpRules: Pick<JvpTable, N>;
  /** The family's linear primitives' (jaxpr/traits.ts). */
  readonly transposeRules: Pick<TransposeTable, N & LinearPrimitiveName>;
  readonly batchRules: Pick<BatchTable, N>;
  /** The family's primitives that split the jaxprs they carry (traits' `partialEval: "custom"`). */
  readonly partialEvalRules: Pick<PartialEvalTable, N & CustomPartialEvalName>;
  /** Kernels the JS backend's compile.ts builds for the family beyond its lowerings. */
  readonly kernels?: Partial<FamilyKernels>;
  /** Primitives eager evaluation runs on the host (those whose params carry a jaxpr, which cannot key the per-op cache). */
  readonly hostEvaluation?: { readonly [P in N]?: HostEvaluation<P> };
  /** Whether the family's lowerings compile the jaxprs they carry (with compileJaxpr, installed then). */
  readonly compilesCarriedJaxprs?: boolean;
}

const registered = new Set<PrimitiveFamilyName>();

/**
 * Registers a family's rules, the first time it is called for that family; `rules` builds them
 * then (a family's load function calls this, so a bundle that never calls it drops the rules).
 */
export function registerFamily<N extends FamilyPrimitiveName>(name: PrimitiveFamilyName, rules: () => PrimitiveFamily<N>): void {
  if (registered.has(name)) return;
  registered.add(name);
  const family = rules();
  SHAPE_RULE_TABLE.addFamily(family.shapeRules);
  LOWERING_TABLE.addFamily(family.lowerings);
  JVP_TABLE.addFamily(family.jvpRules);
  TRANSPOSE_TABLE.addFamily(family.transposeRules);
  BATCH_TABLE.addFamily(family.batchRules);
  PARTIAL_EVAL_TABLE.addFamily(family.partialEvalRules);
  if (family.kernels !== undefined) registerFamilyKernels(family.kernels);
  for (const [prim, run] of Object.entries(family.hostEvaluation ?? {}) as [N, HostEvaluation<N>][]) registerHostEvaluation(prim, run);
  if (family.compilesCarriedJaxprs === true) {
    installBodyCompiler();
    // Constants of jitted functions inlined into a carried jaxpr are library arrays.
    registerControlConstResolver((c) => {
      const v = c instanceof Array ? c.concreteValue() : null;
      if (v === null) throw new Error("a traced value reached the constants of a compiled carried jaxpr");
      return bufferOf(v);
    });
  }
}
