// The runtime switches config.update sets that code outside src/config reads (jit, eager
// evaluation, numpy's broadcasting). A leaf module, so that every reader can import it without a
// cycle; the x64 defaults live in jaxpr/dtypes.ts, where dtype promotion reads them.

/** JAX's jax_numpy_rank_promotion values. */
export type RankPromotion = "allow" | "warn" | "raise";

export interface RuntimeFlags {
  /** jax_disable_jit: every jitted function runs eagerly, as inside disableJit. */
  disableJit: boolean;
  /** jax_debug_nans: eager results (and jitted ones, then rerun de-optimized) are checked for NaN. */
  debugNans: boolean;
  /** jax_debug_infs: the same check for infinities. */
  debugInfs: boolean;
  /** jax_numpy_rank_promotion: what numpy does when non-scalar operands differ in rank. */
  rankPromotion: RankPromotion;
}

export const flags: RuntimeFlags = { disableJit: false, debugNans: false, debugInfs: false, rankPromotion: "allow" };
