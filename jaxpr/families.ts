// Primitive families whose rules and kernels load with the API that binds them, as JAX registers
// a primitive's rules in the module that defines it (jax/_src/lax/linalg.py, convolution.py,
// fft.py, windowed_reductions.py, control_flow/): linear algebra, windowed reductions,
// convolution, the FFT and control flow.
// An app that calls none of them leaves their shape rules, transform rules and kernels out of its
// bundle. Every other primitive is core: each layer builds its rules for them whole at load.
import { LINALG_PRIMITIVES, WINDOW_PRIMITIVES, type LinalgName, type PrimitiveName, type WindowName } from "./params.js";

/** The control-flow primitives: their rules transform the jaxprs they carry. */
export type ControlFlowName = "cond" | "while" | "scan" | "custom_linear_solve";
export const CONTROL_FLOW_PRIMITIVES: readonly ControlFlowName[] = ["cond", "while", "scan", "custom_linear_solve"];

export type FamilyPrimitiveName = LinalgName | WindowName | "conv_general_dilated" | "fft" | ControlFlowName;
export type CorePrimitiveName = Exclude<PrimitiveName, FamilyPrimitiveName>;

/** Each family's primitives; a family module registers rules for exactly these. */
export const PRIMITIVE_FAMILIES = {
  linalg: LINALG_PRIMITIVES,
  window: WINDOW_PRIMITIVES,
  conv: ["conv_general_dilated"],
  fft: ["fft"],
  control: CONTROL_FLOW_PRIMITIVES,
} as const satisfies Record<string, readonly FamilyPrimitiveName[]>;
export type PrimitiveFamilyName = keyof typeof PRIMITIVE_FAMILIES;

const FAMILY_OF = new Map<PrimitiveName, PrimitiveFamilyName>(
  Object.entries(PRIMITIVE_FAMILIES).flatMap(([family, names]) => names.map((p) => [p, family as PrimitiveFamilyName] as const)),
);

/**
 * One kind of rule keyed by primitive (`T` is the total table's type): the core rows arrive whole
 * at load, each family's rows when its module loads. A lookup of a family primitive whose module
 * never loaded is dprog's bug (every API that binds one imports its family), so it throws.
 */
export class RuleTable<T extends { [P in keyof T]: unknown }> {
  private readonly rows: Partial<T> = {};
  private coreAdded = false;

  /** `core` now, or later through addCore (the transforms' tables, built above the transforms in src/rules.ts). */
  constructor(
    private readonly kind: string,
    core?: Omit<T, FamilyPrimitiveName>,
  ) {
    if (core !== undefined) this.addCore(core);
  }

  /** The rows of the core primitives (the table's keys but the families'). */
  addCore(rows: Omit<T, FamilyPrimitiveName>): void {
    Object.assign(this.rows, rows);
    this.coreAdded = true;
  }

  /** One family's rows. */
  addFamily<N extends FamilyPrimitiveName & keyof T>(rows: Pick<T, N>): void {
    Object.assign(this.rows, rows);
  }

  /** The rule of `prim`, or undefined where the table has no row for it (a non-linear primitive's transpose). */
  find<K extends keyof T>(prim: K): T[K] | undefined {
    if (!this.coreAdded) throw new Error(`dprog internal error: the ${this.kind} rule table was read before its core rules were installed (import the package entry or src/rules.ts first).`);
    return Object.hasOwn(this.rows, prim) ? this.rows[prim] : undefined;
  }

  get<K extends keyof T & PrimitiveName>(prim: K): T[K] {
    const rule = this.find(prim);
    if (rule !== undefined) return rule;
    const family = FAMILY_OF.get(prim);
    throw new Error(
      family === undefined
        ? `dprog internal error: no ${this.kind} rule for ${prim}.`
        : `dprog internal error: no ${this.kind} rule for ${prim}: the ${family} family's rules were not loaded by the API that bound it (src/families/).`,
    );
  }

  /** The primitives with a row (tests check them against the catalogue). */
  keys(): PrimitiveName[] {
    return Object.keys(this.rows) as PrimitiveName[];
  }
}
