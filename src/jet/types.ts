// Jet's vocabulary: a truncated Taylor series (the coefficients of t^1..t^K, unscaled, as JAX's
// jet2 uses them internally), the symbolic all-zero series, and the rule tables' signatures.
import type { Params, PrimitiveName } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";

/** A series known to be zero at every order (JAX's zero_series): never materialised unless a rule needs it. */
export class ZeroSeries {
  /** Makes the class nominal: without a member, any list of arrays would type-check as a ZeroSeries. */
  private readonly isZeroSeries = true;
  private constructor() {}
  static readonly instance = new ZeroSeries();
}
export const zeroSeries = ZeroSeries.instance;
export const isZeroSeries = (s: Series): s is ZeroSeries => s instanceof ZeroSeries;

/** The coefficients of t^1..t^K of one value (index 0 is order 1), or the symbolic zero series. */
export type Series = readonly Array[] | ZeroSeries;

/** A flat function of arrays, as jet transforms it. */
export type FlatFun = (...xs: Array[]) => Array[];

/** What a rule may use besides its operands. */
export interface RuleContext {
  /** Which inputs had a nonzero series (the others were materialised as zeros). */
  readonly nonzero: readonly boolean[];
  /**
   * Jet of another function at the same order, in unscaled coefficients (JAX's jet2): how rules
   * defined by composition (JAX's def_comp) and by derivative (def_deriv) propagate series.
   */
  readonly jet: (f: FlatFun, primals: readonly Array[], series: readonly Series[]) => [Array[], Series[]];
}

/**
 * A jet rule: given the primal inputs and every input's K coefficients (zeros materialised where an
 * input had none), returns the primal outputs and their series. Rules are written with lax
 * functions on the level below jet, so jet composes with outer jit/vmap/grad.
 */
export type JetRule<P extends PrimitiveName> = (primals: Array[], series: Array[][], params: Params<P>, ctx: RuleContext) => [Array[], Series[]];

/** The rule table's entry for a primitive jet has no rule for (JAX's jet_rules has no key). */
export const UNSUPPORTED = "unsupported";
export type JetRuleEntry<P extends PrimitiveName> = JetRule<P> | typeof UNSUPPORTED;

/** JAX's NotImplementedError (the library's one class), raised for primitives without a jet rule. */
export { NotImplementedError } from "../core/errors.js";
