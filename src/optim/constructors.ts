// optax's constructors for user-written transformations: optax.GradientTransformation(init, update)
// and GradientTransformationExtraArgs (NamedTuples in optax), and safe_increment / the older
// safe_int32_increment for the step counts such transformations keep.
import type { Array } from "../core/array.js";
import type { ExtraArgs, GradientTransformation as Transformation, OptState } from "./base.js";
import { increment } from "./base.js";

/**
 * The transformation type (optax.GradientTransformation), named like its constructor below.
 */
export type GradientTransformation = Transformation;

type InitFn = <P>(params: P) => OptState;
type UpdateFn = <P>(updates: P, state: unknown, params?: P) => [P, OptState];
type UpdateFnExtraArgs = <P>(updates: P, state: unknown, params?: P, extra?: ExtraArgs) => [P, OptState];

function checkFns(name: string, init: unknown, update: unknown): void {
  if (typeof init !== "function") throw new TypeError(`${name}: init must be a function, got ${typeof init}.`);
  if (typeof update !== "function") throw new TypeError(`${name}: update must be a function, got ${typeof update}.`);
}

/**
 * `optim.GradientTransformation(init, update)` (optax.GradientTransformation): a transformation
 * from its two pure functions, to use in `chain` and with `applyUpdates` like the built-in ones.
 * Extra arguments (a line search's `value`, `grad`) are not passed to `update`.
 *
 * @example
 * ```ts
 * // A transformation that doubles the updates and counts its calls.
 * const double = optim.GradientTransformation(
 *   () => np.array(0, { dtype: "int32" }),
 *   (updates, state) => [tree.map((u: Array) => np.multiply(u, 2), updates), np.add(state as Array, 1)],
 * );
 * const opt = optim.chain(double, optim.scale(-0.1));
 * const params = np.array([1, 2]);
 * opt.update(np.array([1, 1]), opt.init(params), params)[0]; // Array([-0.2, -0.2], dtype=float32)
 * ```
 */
export function GradientTransformation(init: InitFn, update: UpdateFn): Transformation {
  checkFns("GradientTransformation", init, update);
  return { init, update: (updates, state, params) => update(updates, state, params) };
}

/**
 * `optim.GradientTransformationExtraArgs(init, update)` (optax.GradientTransformationExtraArgs): like GradientTransformation, but `update` also receives the extra arguments.
 *
 * @example
 * ```ts
 * // A transformation that scales the updates by the loss value it is given.
 * const byValue = optim.GradientTransformationExtraArgs(
 *   () => null,
 *   (updates, state, _params, extra) => [tree.map((u: Array) => np.multiply(u, extra?.value ?? 1), updates), state],
 * );
 * byValue.update(np.array([1, 2]), byValue.init(np.zeros([2])), undefined, { value: np.array(3) })[0]; // Array([3., 6.], dtype=float32)
 * ```
 */
export function GradientTransformationExtraArgs(init: InitFn, update: UpdateFnExtraArgs): Transformation {
  checkFns("GradientTransformationExtraArgs", init, update);
  return { init, update };
}

/**
 * `optim.safeIncrement(count)` (optax.safe_increment): count + 1, saturating at int32's maximum.
 *
 * @example
 * ```ts
 * optim.safeIncrement(np.array(1, { dtype: "int32" })); // Array(2, dtype=int32)
 * optim.safeIncrement(np.array(2147483647, { dtype: "int32" })); // Array(2147483647, dtype=int32)
 * ```
 */
export function safeIncrement(count: Array): Array {
  return increment(count);
}

/**
 * `optim.safeInt32Increment(count)` (optax.safe_int32_increment, the older name).
 *
 * @example
 * ```ts
 * optim.safeInt32Increment(np.array(1, { dtype: "int32" })); // Array(2, dtype=int32)
 * ```
 */
export const safeInt32Increment = safeIncrement;
