// The primitive traits table: what each primitive *is* (linear, elementwise, a call, effectful,
// multiple results), in one place. Every set or type the compiler and the transforms ask about
// ("is it linear?", "does it fuse?") derives from this table, so a primitive cannot be linear in
// one module and not in another. The table is total over the catalogue: a new primitive name in
// params.ts is a compile error here until its traits are written.
import type { PrimitiveName } from "./params.js";
import { BINARY_ELEMENTWISE, CUMULATIVE, REDUCTIONS, SCATTERS, UNARY_ELEMENTWISE } from "./params.js";

/**
 * How a primitive is linear (JAX: `ad.deflinear`, `ad.defbilinear`, or a hand-written
 * `primitive_transposes` entry):
 * - `"linear"`: linear in all its float operands jointly, integer operands (indices) being fixed;
 *   its JVP applies the primitive to the tangents, its jet applies it to each series term.
 * - `"bilinear"`: linear in each of two operands separately (mul, dot_general).
 * - `"some"`: linear in some operands only, the others being known (div in the numerator,
 *   select_n in its cases, scatter-mul in the operand, the tangent map custom_lin, control flow
 *   and calls whose bodies are linear in the unknown operands).
 * - `false`: not linear; it has no transpose rule.
 */
export type Linearity = "linear" | "bilinear" | "some" | false;

export interface PrimitiveTraits {
  readonly linear: Linearity;
  /** Acts on each element independently (broadcast operands aside): fuses into one loop. */
  readonly elementwise: boolean;
  /** Binds to a list of results (JAX's `multiple_results`). */
  readonly multipleResults: boolean;
  /** Carries a jaxpr that is inlined before lowering (pjit and the custom-derivative calls). */
  readonly call: boolean;
  /** Has side effects: kept by dead-code elimination, never deduplicated or folded. */
  readonly effectful: boolean;
  /**
   * How partial evaluation (reverse mode's known/unknown split) treats it when some operand is
   * unknown: `"default"` records the whole equation as unknown; `"custom"` primitives carry
   * jaxprs that are split themselves (JAX's partial_eval_jaxpr_custom_rules), by the rule in
   * src/rules.ts's PARTIAL_EVAL_RULES. (checkpoint and the custom-derivative calls are split by
   * the partial-evaluation trace's own methods.)
   */
  readonly partialEval: "default" | "custom";
}

const plain = { linear: false, elementwise: false, multipleResults: false, call: false, effectful: false, partialEval: "default" } as const;
const elementwise = { ...plain, elementwise: true } as const;
const linear = { ...plain, linear: "linear" } as const;
const linearElementwise = { ...elementwise, linear: "linear" } as const;
const call = { ...plain, call: true, linear: "some" } as const;
const controlFlow = { ...plain, multipleResults: true, linear: "some", partialEval: "custom" } as const;

/** One row per name of a family, all with the same traits. */
function family<N extends string, T extends PrimitiveTraits>(names: readonly N[], traits: T): Record<N, T> {
  return Object.fromEntries(names.map((n) => [n, traits])) as Record<N, T>;
}

export const PRIMITIVE_TRAITS = {
  ...family(UNARY_ELEMENTWISE, elementwise),
  ...family(BINARY_ELEMENTWISE, elementwise),
  ...family(REDUCTIONS, plain),
  ...family(CUMULATIVE, plain),
  ...family(SCATTERS, plain),
  neg: linearElementwise,
  add: linearElementwise,
  sub: linearElementwise,
  mul: { ...elementwise, linear: "bilinear" },
  div: { ...elementwise, linear: "some" },
  reduce_sum: linear,
  cumsum: linear,
  scatter: linear,
  "scatter-add": linear,
  "scatter-mul": { ...plain, linear: "some" },
  select_n: { ...elementwise, linear: "some" },
  clamp: elementwise,
  convert_element_type: linearElementwise,
  // JAX: ad.deflinear(reduce_precision_p, ...): its tangent is the reduced-precision tangent.
  reduce_precision: linearElementwise,
  bitcast_convert_type: elementwise,
  broadcast_in_dim: linear,
  reshape: linear,
  transpose: linear,
  squeeze: linear,
  expand_dims: linear,
  rev: linear,
  pad: linear,
  concatenate: linear,
  slice: linear,
  dynamic_slice: linear,
  dynamic_update_slice: linear,
  gather: linear,
  iota: plain,
  // Complex parts (JAX's real_p, imag_p, conj_p, complex_p: all ad.deflinear2). Not fused as
  // elementwise: backends lower complex values to pairs of real ones first (lowerComplex).
  real: linear,
  imag: linear,
  conj: linear,
  // The DFT and its real forms are linear (JAX's ad.deflinear2 with _fft_transpose_rule).
  fft: linear,
  complex: linear,
  argmax: plain,
  argmin: plain,
  dot_general: { ...plain, linear: "bilinear" },
  conv_general_dilated: { ...plain, linear: "bilinear" },
  sort: { ...plain, multipleResults: true },
  name: linear,
  custom_lin: { ...plain, linear: "some" },
  pjit: { ...call, partialEval: "custom" },
  custom_jvp_call: { ...plain, call: true },
  custom_vjp_call: { ...plain, call: true },
  checkpoint: call,
  pure_callback: { ...plain, multipleResults: true },
  debug_callback: { ...plain, effectful: true },
  cond: controlFlow,
  while: controlFlow,
  scan: controlFlow,
  // Linear in b given the operator's consts (JAX transposes it through transpose_solve); JAX
  // registers no partial-evaluation rule for it, so an unknown b stages the whole solve. A call:
  // the jit pipeline inlines its solve jaxpr.
  custom_linear_solve: { ...plain, multipleResults: true, linear: "some", call: true },
  // Linear algebra (issue 20): the solves are linear in their right-hand side b (JAX transposes
  // triangular_solve and tridiagonal_solve in b only).
  cholesky: plain,
  // Named-axis collectives (jax/_src/lax/parallel.py): psum, all_gather, ppermute, all_to_all and
  // reduce_scatter are ad.deflinear2 there; pmax/pmin differentiate like max; axis_index has no operands.
  psum: linear,
  pmax: plain,
  pmin: plain,
  axis_index: plain,
  all_gather: linear,
  ppermute: linear,
  all_to_all: linear,
  reduce_scatter: linear,
  triangular_solve: { ...plain, linear: "some" },
  lu: { ...plain, multipleResults: true },
  qr: { ...plain, multipleResults: true },
  eigh: { ...plain, multipleResults: true },
  eig: { ...plain, multipleResults: true },
  schur: { ...plain, multipleResults: true },
  svd: { ...plain, multipleResults: true },
  hessenberg: { ...plain, multipleResults: true },
  householder_product: plain,
  tridiagonal_solve: { ...plain, linear: "some" },
  // Windowed reductions (issue 21): reduce_window_sum is linear; the max/min pooling gradients
  // are linear in their source/tangents operand, the operand that selects being known (JAX's
  // _select_and_scatter_add_transpose, _select_and_gather_add_transpose).
  reduce_window_sum: linear,
  reduce_window_max: plain,
  reduce_window_min: plain,
  reduce_window: { ...plain, multipleResults: true },
  select_and_scatter_add: { ...plain, linear: "some" },
  select_and_gather_add: { ...plain, linear: "some" },
  // Not fused as elementwise: its lowering runs each element's continued fraction to that
  // element's own convergence, which the kernel IR's expressions cannot say.
  regularized_incomplete_beta: plain,
} as const satisfies { readonly [P in PrimitiveName]: PrimitiveTraits };

type Traits = typeof PRIMITIVE_TRAITS;
type NamesWhere<K extends keyof PrimitiveTraits, V> = { [P in PrimitiveName]: Traits[P][K] extends V ? P : never }[PrimitiveName];

/** Primitives with a transpose rule: the keys of `TRANSPOSE_RULES`, derived from the traits. */
export type LinearPrimitiveName = Exclude<PrimitiveName, NamesWhere<"linear", false>>;
/** Primitives linear in all float operands jointly (JAX's `deflinear`). */
export type StructurallyLinearName = NamesWhere<"linear", "linear">;
/** Primitives linear in each of two operands (JAX's `defbilinear`). */
export type BilinearName = NamesWhere<"linear", "bilinear">;
export type ElementwiseName = NamesWhere<"elementwise", true>;
export type CallPrimitiveName = NamesWhere<"call", true>;
/** Primitives with their own partial-evaluation rule: the keys of `PARTIAL_EVAL_RULES`. */
export type CustomPartialEvalName = NamesWhere<"partialEval", "custom">;

export const PRIMITIVE_NAMES = Object.keys(PRIMITIVE_TRAITS) as readonly PrimitiveName[];

function namesWhere(test: (t: PrimitiveTraits) => boolean): ReadonlySet<PrimitiveName> {
  return new Set(PRIMITIVE_NAMES.filter((p) => test(PRIMITIVE_TRAITS[p])));
}

export const LINEAR_PRIMITIVES: ReadonlySet<PrimitiveName> = namesWhere((t) => t.linear !== false);
export const ELEMENTWISE_PRIMITIVES: ReadonlySet<PrimitiveName> = namesWhere((t) => t.elementwise);
/** Call primitives whose sub-jaxpr is inlined before lowering. */
export const CALL_PRIMITIVES: ReadonlySet<PrimitiveName> = namesWhere((t) => t.call);
/** Primitives with side effects: kept by dead-code elimination and never deduplicated. */
export const EFFECTFUL_PRIMITIVES: ReadonlySet<PrimitiveName> = namesWhere((t) => t.effectful);
export const MULTIPLE_RESULTS: ReadonlySet<PrimitiveName> = namesWhere((t) => t.multipleResults);

export const isLinearPrimitive = (p: string): p is LinearPrimitiveName => LINEAR_PRIMITIVES.has(p as PrimitiveName);
export const isElementwise = (p: string): p is ElementwiseName => ELEMENTWISE_PRIMITIVES.has(p as PrimitiveName);
