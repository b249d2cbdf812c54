// checkpoint (JAX's remat): the same values and derivatives as `f`, but reverse mode saves only
// f's inputs (and what a policy allows) and recomputes the other intermediates during the backward
// pass (memory for compute). checkpointName and checkpointPolicies are jax.ad_checkpoint's.
import type { CheckpointPolicy, PrimitiveName, ShapedArray } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { bind1, bindCheckpoint, isEager } from "../core/trace.js";
import type { CheckpointOpts } from "../core/trace.js";
import { stageFlat } from "../core/staging.js";
import { jaxprAsFun } from "../core/evalJaxpr.js";
import { ValueError } from "../core/errors.js";
import * as tree from "../tree/index.js";
import { toArrayLeaf } from "./api.js";

export type { CheckpointPolicy };

/** Options of {@link checkpoint}, as jax.checkpoint's keyword arguments. */
export interface CheckpointOptions {
  /**
   * Which intermediates reverse mode may save instead of recomputing (JAX's `policy`): a function
   * `(primitive, inputAvals, params) => boolean`, usually one of {@link checkpointPolicies}.
   * Default: null, nothing saveable (every intermediate is recomputed).
   */
  policy?: CheckpointPolicy | null;
  /** Positions of arguments passed through as they are (not traced), as JAX's static_argnums. */
  staticArgnums?: number | readonly number[];
  /**
   * JAX's prevent_cse (default true): the checkpointed equation is never merged with an equal one.
   * dprog's jit never merges checkpoint equations either way; the flag is carried in the params.
   */
  preventCse?: boolean;
}

function normalizeStatic(staticArgnums: number | readonly number[] | undefined, nArgs: number): Set<number> {
  const list = staticArgnums === undefined ? [] : typeof staticArgnums === "number" ? [staticArgnums] : staticArgnums;
  const out = new Set<number>();
  for (const i of list) {
    if (!Number.isInteger(i)) throw new TypeError(`static_argnums must be integers, got ${String(i)}.`);
    const j = i < 0 ? i + nArgs : i;
    if (j < 0 || j >= nArgs) throw new Error(`static_argnums ${i} is out of range for a function called with ${nArgs} arguments.`);
    out.add(j);
  }
  return out;
}

/**
 * `checkpoint(f, { policy?, staticArgnums?, preventCse? })` (jax.checkpoint, alias `remat`): a
 * function with the same values and derivatives as `f` whose reverse mode saves only `f`'s inputs
 * and the intermediates `policy` marks saveable, and recomputes the rest in the backward pass.
 *
 * @example
 * ```ts
 * // JAX: jax.grad(jax.checkpoint(f, policy=jax.checkpoint_policies.dots_saveable))(w, x)
 * const g = grad(checkpoint((w: Array, x: Array) => np.sum(np.sin(np.matmul(w, x))), { policy: checkpointPolicies.dotsSaveable }));
 * // the backward pass reads the saved product instead of recomputing the matmul
 * g(np.array([[1, 0], [0, 1]]), np.array([0, 1])); // Array([[0.       , 1.       ], [0.       , 0.5403023]], dtype=float32)
 * ```
 */
export function checkpoint<F extends (...args: never[]) => unknown>(f: F, options: CheckpointOptions = {}): F {
  const policy = options.policy ?? null;
  if (policy !== null && typeof policy !== "function") throw new TypeError(`checkpoint: policy must be a function or null, got ${typeof policy}.`);
  const opts: CheckpointOpts = { policy, preventCse: options.preventCse ?? true };
  return ((...allArgs: unknown[]) => {
    const statics = normalizeStatic(options.staticArgnums, allArgs.length);
    const args = allArgs.filter((_, i) => !statics.has(i));
    const withStatics = (dyn: unknown[]): unknown[] => {
      let k = 0;
      return allArgs.map((a, i) => (statics.has(i) ? a : dyn[k++]));
    };
    const [leaves, inTree] = tree.flatten(args);
    let outTree: tree.TreeDef | null = null;
    const flat = (...xs: Array[]): Array[] => {
      const out = (f as unknown as (...a: unknown[]) => unknown)(...withStatics(tree.unflatten(inTree, xs) as unknown[]));
      const [outs, def] = tree.flatten(out);
      outTree = def;
      return outs.map((o) => toArrayLeaf(o, "checkpoint output"));
    };
    const arrays = leaves.map((l) => toArrayLeaf(l, "checkpoint argument"));
    if (isEager()) {
      // No transform is active: nothing can be captured, so run the body as it is.
      const outs = bindCheckpoint(flat, arrays, opts);
      return tree.unflatten(outTree!, outs);
    }
    // Closure-convert, as JAX's checkpoint does (jax/_src/ad_checkpoint.py: fun_remat traces the
    // function to a jaxpr, convert_constvars_jaxpr, remat_p.bind(*consts, *args)): values the
    // body captures, tracers of enclosing transforms included, become explicit leading inputs.
    // Otherwise a transform's rule would re-run a body that reads a tracer it never received:
    // jvp would see no tangent for it, and partial evaluation would leak it.
    const { jaxpr, consts } = stageFlat(flat, arrays.map((a) => a.aval));
    const outs = bindCheckpoint(jaxprAsFun(jaxpr), [...consts, ...arrays], opts);
    return tree.unflatten(outTree!, outs);
  }) as unknown as F;
}

/**
 * `remat(f, options)` (jax.remat): JAX's other name for {@link checkpoint}.
 *
 * @example
 * ```ts
 * grad(remat((x: Array) => np.sum(np.sin(np.sin(x)))))(np.array([0, 1])); // Array([1.        , 0.36003947], dtype=float32)
 * ```
 */
export const remat = checkpoint;

/**
 * `checkpointName(x, name)` (jax.ad_checkpoint.checkpoint_name): `x` unchanged (every leaf of a
 * pytree, as an Array), tagged with `name` so that checkpoint policies such as
 * `checkpointPolicies.saveOnlyTheseNames("h")` can select it. Staged as JAX's `name` primitive.
 *
 * @example
 * ```ts
 * // JAX: h = checkpoint_name(jnp.sin(x), "h")
 * const h = checkpointName(np.sin(np.array([0, 1])), "h"); // Array([0.        , 0.84147096], dtype=float32)
 * ```
 */
export function checkpointName<T>(x: T, name: string): tree.MapLeaves<T, Array> {
  if (typeof name !== "string") throw new TypeError(`checkpoint_name: name must be a string, got ${typeof name}.`);
  const [leaves, def] = tree.flatten(x);
  const named = leaves.map((l) => bind1("name", [toArrayLeaf(l, "checkpoint_name argument")], { name }));
  return tree.unflatten(def, named) as tree.MapLeaves<T, Array>;
}

const named = (jaxName: string, policy: CheckpointPolicy): CheckpointPolicy => {
  Object.defineProperty(policy, "name", { value: jaxName });
  return policy;
};

const isDot = (prim: PrimitiveName): boolean => prim === "dot_general" || prim === "conv_general_dilated";

const everythingSaveable = named("everything_saveable", () => true);
const nothingSaveable = named("nothing_saveable", () => false);
const dotsSaveable = named("dots_saveable", (prim) => isDot(prim));
const dotsWithNoBatchDimsSaveable = named("dots_with_no_batch_dims_saveable", (prim, _avals, params) => {
  if (prim !== "dot_general") return false;
  const [, [lhsBatch, rhsBatch]] = params["dimensionNumbers"] as readonly [unknown, readonly [readonly number[], readonly number[]]];
  return lhsBatch.length === 0 && rhsBatch.length === 0;
});
const nameOf = (prim: PrimitiveName, params: Readonly<Record<string, unknown>>): string | null => (prim === "name" ? (params["name"] as string) : null);

function checkNames(what: string, names: readonly string[]): Set<string> {
  for (const n of names) if (typeof n !== "string") throw new TypeError(`${what}: names must be strings, got ${typeof n}.`);
  return new Set(names);
}

/**
 * jax.checkpoint_policies: functions `(primitive, inputAvals, params) => boolean` for
 * `checkpoint(f, { policy })` saying which intermediates reverse mode saves (true) rather than
 * recomputes. Only equations whose inputs are all known in the forward pass can be saved.
 *
 * @example
 * ```ts
 * // JAX: jax.checkpoint(f, policy=jax.checkpoint_policies.save_only_these_names("h"))
 * const f = checkpoint((x: Array) => np.sum(np.sin(checkpointName(np.cos(x), "h"))), {
 *   policy: checkpointPolicies.saveOnlyTheseNames("h"),
 * });
 * grad(f)(np.array([0, 1])); // Array([-0.        , -0.72160614], dtype=float32)
 * ```
 */
export const checkpointPolicies = Object.freeze({
  /** Saves every intermediate, as if checkpoint were not used. */
  everythingSaveable,
  /** Saves nothing: every intermediate is recomputed (checkpoint's default). */
  nothingSaveable,
  /** Saves the results of matrix products and convolutions (dot_general, conv_general_dilated). */
  dotsSaveable,
  /** JAX's older name of dotsSaveable. */
  checkpointDots: dotsSaveable,
  /** Saves the results of matrix products that have no batch dimensions. */
  dotsWithNoBatchDimsSaveable,
  /** JAX's older name of dotsWithNoBatchDimsSaveable. */
  checkpointDotsWithNoBatchDims: dotsWithNoBatchDimsSaveable,
  /**
   * Saves any value except the ones named (by checkpointName) with one of `names`. A value that
   * another saveable equation also produces (the input of the naming) can still be saved.
   */
  saveAnythingExceptTheseNames(...names: string[]): CheckpointPolicy {
    const excluded = checkNames("save_anything_except_these_names", names);
    return named("save_anything_except_these_names", (prim, _avals, params) => {
      const n = nameOf(prim, params);
      return n === null || !excluded.has(n);
    });
  },
  /** Saves only named values, except the ones named with one of `names`. */
  saveAnyNamesButThese(...names: string[]): CheckpointPolicy {
    const excluded = checkNames("save_any_names_but_these", names);
    return named("save_any_names_but_these", (prim, _avals, params) => {
      const n = nameOf(prim, params);
      return n !== null && !excluded.has(n);
    });
  },
  /** Saves only the values named with one of `names`. */
  saveOnlyTheseNames(...names: string[]): CheckpointPolicy {
    const allowed = checkNames("save_only_these_names", names);
    return named("save_only_these_names", (prim, _avals, params) => {
      const n = nameOf(prim, params);
      return n !== null && allowed.has(n);
    });
  },
  /** Logical OR of two policies: a value is saveable if either policy saves it. */
  saveFromBothPolicies(policy1: CheckpointPolicy, policy2: CheckpointPolicy): CheckpointPolicy {
    return named("save_from_both_policies", (prim: PrimitiveName, avals: readonly ShapedArray[], params: Readonly<Record<string, unknown>>) => {
      const out1: unknown = policy1(prim, avals, params);
      const out2: unknown = policy2(prim, avals, params);
      if (typeof out1 !== "boolean" || typeof out2 !== "boolean") {
        throw new ValueError(
          `The return value of the policies should be a boolean. Got: ${String(out1)} and ${String(out2)}. Please write a custom policy function directly, rather than using this helper function.`,
        );
      }
      return out1 || out2;
    });
  },
});
