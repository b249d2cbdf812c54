// optax's wrappers (transforms/_masking.py, _combining.py, schedules/_inject.py): masked applies
// a transformation to a subset of the leaves, multiTransform a different one per label, and
// injectHyperparams keeps numeric hyperparameters in the state (changeable between steps, and
// evaluated from schedules at the step count).
import { Array } from "../../core/array.js";
import { isFloat, promoteTypes, type DType } from "../../../jaxpr/index.js";
import * as np from "../../numpy/index.js";
import * as tree from "../../tree/index.js";
import { ValueError } from "../../core/errors.js";
import { type GradientTransformation, type Params, type ExtraArgs, type ScalarOrSchedule, asArray, increment, newCount, transformation, addDecayedWeightsUnmasked } from "../base.js";

/** A pytree of booleans shaped like the params, or a function making one from the params/updates. */
export type MaskOrFn = unknown;

/** A masked-out leaf: an empty pytree node, so inner transformations skip it (optax's MaskedNode). */
const MASKED = null;
const resolve = (mask: MaskOrFn, t: Params): unknown => (typeof mask === "function" ? (mask as (p: Params) => unknown)(t) : mask);
const maskTree = (t: Params, m: unknown): Params => tree.map(((keep: boolean, x: unknown) => (keep ? x : MASKED)) as never, m, t);

/**
 * `optax.masked(inner, mask)`: `inner` sees only the leaves where `mask` is true (others are
 * empty nodes to it); the other updates pass through unchanged.
 *
 * @example
 * ```ts
 * const opt = optim.masked(optim.scale(-1), { w: true, b: false });
 * const params = { w: np.array([1, 2]), b: np.array([3]) };
 * opt.update({ w: np.array([1, 1]), b: np.array([1]) }, opt.init(params), params)[0]; // { b: Array([1.], dtype=float32), w: Array([-1., -1.], dtype=float32) }
 * ```
 */
export function masked(inner: GradientTransformation, mask: MaskOrFn): GradientTransformation {
  return transformation({
    init: (params) => ({ innerState: inner.init(maskTree(params, resolve(mask, params))) }),
    update: (updates, state, params, extra) => {
      const m = resolve(mask, updates);
      const [newMasked, innerState] = inner.update(maskTree(updates, m), (state as { innerState: unknown }).innerState, params === undefined ? undefined : maskTree(params, m), extra);
      const merged = tree.map(((keep: boolean, fresh: unknown, old: unknown) => (keep ? fresh : old)) as never, m, newMasked, updates);
      return [merged, { innerState }];
    },
  });
}

/**
 * `optax.multi_transform(transforms, paramLabels)` (optax.partition): each leaf is transformed by
 * `transforms[label]`, labels given as a pytree of strings shaped like the params (or a function
 * making one).
 *
 * @example
 * ```ts
 * const opt = optim.multiTransform({ adam: optim.adam(1e-3), frozen: optim.setToZero() }, { w: "adam", b: "frozen" });
 * const params = { w: np.array([1, 2]), b: np.array([3]) };
 * opt.update({ w: np.array([1, -1]), b: np.array([1]) }, opt.init(params), params)[0]; // { b: Array([0.], dtype=float32), w: Array([-0.00099999,  0.00099999], dtype=float32) }
 * ```
 */
export function multiTransform(transforms: Readonly<Record<string, GradientTransformation>>, paramLabels: unknown): GradientTransformation {
  const groups = Object.keys(transforms);
  const maskFor = (labels: unknown, group: string): unknown => tree.map(((l: string) => l === group) as never, labels);
  return transformation({
    init: (params) => {
      const labels = resolve(paramLabels, params);
      const used = [...new Set(tree.leaves(labels) as string[])];
      if (!used.every((l) => groups.includes(l))) {
        throw new ValueError(`Some parameters have no corresponding transformation.\nParameter labels: ${JSON.stringify(used.sort())} \nTransforms keys: ${JSON.stringify([...groups].sort())} \n`);
      }
      return { innerStates: Object.fromEntries(groups.map((g) => [g, masked(transforms[g]!, maskFor(labels, g)).init(params)])) };
    },
    update: (updates, state, params, extra) => {
      const labels = resolve(paramLabels, updates);
      const inner = (state as { innerStates: Record<string, unknown> }).innerStates;
      const next: Record<string, unknown> = {};
      let u = updates;
      for (const g of groups) [u, next[g]] = masked(transforms[g]!, maskFor(labels, g)).update(u, inner[g], params, extra);
      return [u, { innerStates: next }];
    },
  });
}

/**
 * `optim.partition(transforms, paramLabels)` (optax.partition): the other name of {@link multiTransform}.
 *
 * @example
 * ```ts
 * const opt = optim.partition({ sgd: optim.sgd(0.1), frozen: optim.setToZero() }, { w: "sgd", b: "frozen" });
 * const params = { w: np.array([1, 2]), b: np.array([3]) };
 * opt.update({ w: np.array([1, 1]), b: np.array([1]) }, opt.init(params), params)[0]; // { b: Array([0.], dtype=float32), w: Array([-0.1, -0.1], dtype=float32) }
 * ```
 */
export const partition = multiTransform;

/** injectHyperparams' options. */
export interface InjectHyperparamsOptions<H> {
  /** Hyperparameters passed through as given, never put in the state. */
  staticArgs?: readonly (keyof H & string)[];
  /** The hyperparameters' float dtype; the params' highest float dtype by default. */
  hyperparamDtype?: DType | null;
}

/**
 * optax.tree.dtype(params, "highest") over the float leaves: the dtype every other one promotes
 * to (float16 params give float16 hyperparameters); float32 where there is no float leaf. A
 * ValueError, as optax's _lower_dtype, when two cannot be ordered (float16 and bfloat16).
 */
function highestFloatDtype(params: Params): DType {
  let highest: DType | null = null;
  for (const leaf of tree.leaves(params)) {
    if (!(leaf instanceof Array) || !isFloat(leaf.dtype) || leaf.dtype === highest) continue;
    if (highest === null) {
      highest = leaf.dtype;
      continue;
    }
    const joined: DType = promoteTypes({ dtype: highest, weakType: false }, { dtype: leaf.dtype, weakType: false }).dtype;
    if (joined !== highest && joined !== leaf.dtype) {
      throw new ValueError(`Cannot compare dtype of dtype1=${highest} and dtype2=${leaf.dtype}. Neither ${highest} nor ${leaf.dtype} can be promoted to the other.`);
    }
    highest = joined;
  }
  return highest ?? "float32";
}

/** A hyperparameter as injectHyperparams' result accepts it: the factory's type, or a schedule. */
export type Injectable<H> = { [K in keyof H]: H[K] | ((count: Array) => unknown) };

/**
 * `optax.inject_hyperparams(innerFactory)`: wraps a factory taking one options object so that its
 * numeric hyperparameters live in the state as arrays (`state.hyperparams.learningRate` can be read
 * or replaced between steps) and schedule-valued ones are evaluated at the step count. Booleans,
 * strings and `staticArgs` are passed through unchanged.
 *
 * @example
 * ```ts
 * const opt = optim.injectHyperparams((h: { learningRate: number | Array }) => optim.adam(h.learningRate))({
 *   learningRate: optim.linearSchedule(1e-2, 1e-3, 100),
 * });
 * const params = np.array([1, 2]);
 * const [, state] = opt.update(np.array([1, 1]), opt.init(params), params);
 * (state as { hyperparams: { learningRate: Array } }).hyperparams.learningRate; // Array(0.01, dtype=float32)
 * ```
 */
export function injectHyperparams<H extends object>(innerFactory: (hyperparams: H) => GradientTransformation, opts: InjectHyperparamsOptions<H> = {}): (hyperparams: Injectable<H>) => GradientTransformation {
  const staticArgs = new Set<string>(opts.staticArgs ?? []);
  return (hyperparams) => {
    const entries = Object.entries(hyperparams as Record<string, unknown>);
    const isStatic = (k: string, v: unknown): boolean => staticArgs.has(k) || typeof v === "boolean" || v === null || v === undefined || typeof v === "string";
    const other = Object.fromEntries(entries.filter(([k, v]) => isStatic(k, v)));
    const scheduled = entries.filter(([k, v]) => !isStatic(k, v) && typeof v === "function") as [string, (c: Array) => unknown][];
    const numeric = entries.filter(([k, v]) => !isStatic(k, v) && typeof v !== "function");
    const dtypeFor = (params: Params): DType => opts.hyperparamDtype ?? highestFloatDtype(params);
    const asHyper = (v: unknown, dtype: DType): Array => {
      // A JS number converts exactly (not through a float32 weak scalar); JS has no int/float split, so every number is a float hyperparameter.
      if (typeof v === "number") return np.array(v, { dtype });
      const a = asArray(v);
      // optax's _convert_floats: weakly typed floats (and Python numbers) take the hyperparameter dtype.
      return isFloat(a.dtype) ? (v instanceof Array && !a.weakType ? a : np.astype(a, dtype)) : a;
    };
    const values = (count: Array, stored: Record<string, unknown> | null, dtype: DType): Record<string, Array> => ({
      ...Object.fromEntries(numeric.map(([k, v]) => [k, asHyper(stored === null ? v : stored[k], dtype)])),
      ...Object.fromEntries(scheduled.map(([k, f]) => [k, asHyper(f(count), dtype)])),
    });
    const build = (hp: Record<string, Array>): GradientTransformation => innerFactory({ ...other, ...hp } as H);
    return transformation({
      init: (params) => {
        const count = newCount();
        const hp = values(count, null, dtypeFor(params));
        return { count, hyperparams: hp, innerState: build(hp).init(params) };
      },
      update: (updates, state, params, extra?: ExtraArgs) => {
        const s = state as { count: Array; hyperparams: Record<string, unknown>; innerState: unknown };
        const hp = values(s.count, s.hyperparams, dtypeFor(params ?? updates));
        const [u, innerState] = build(hp).update(updates, s.innerState, params, extra);
        return [u, { count: increment(s.count), hyperparams: hp, innerState }];
      },
    });
  };
}

/**
 * `optax.add_decayed_weights(weightDecay = 0, mask?)`: updates + weightDecay * params (decoupled
 * weight decay), the decay a constant or a schedule of the step count, applied only where `mask`
 * is true when one is given.
 *
 * @example
 * ```ts
 * const decay = optim.addDecayedWeights(0.1, (p: { w: Array; b: Array }) => ({ w: true, b: false }));
 * const params = { w: np.array([1, 2]), b: np.array([3]) };
 * // updates + 0.1 * params where the mask is true
 * decay.update({ w: np.array([0, 0]), b: np.array([0]) }, decay.init(params), params)[0]; // { b: Array([0.], dtype=float32), w: Array([0.1, 0.2], dtype=float32) }
 * ```
 */
export function addDecayedWeights(weightDecay: ScalarOrSchedule = 0, mask: MaskOrFn | null = null): GradientTransformation {
  const t = addDecayedWeightsUnmasked(weightDecay);
  return mask === null || mask === undefined ? t : masked(t, mask);
}
