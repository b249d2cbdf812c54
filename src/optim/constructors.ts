// optax's constructors for user-written transformations: optax.GradientTransformation(init, update)
// and GradientTransformationExtraArgs (NamedTuples in optax), and safe_increment / the older
// safe_int32_increment for the step counts such transformations keep.
import type { Array } from "../core/array.js";
import type { ExtraArgs, GradientTransformation as Transformation, OptState } from "./base.js";
import { increment } from "./base.js";

/** The transformation type (optax.GradientTransformation), named like its constructor below. */
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
 */
export function GradientTransformation(init: InitFn, update: UpdateFn): Transformation {
  checkFns("GradientTransformation", init, update);
  return { init, update: (updates, state, params) => update(updates, state, params) };
}

/** `optim.GradientTransformationExtraArgs(init, update)`: `update` also receives the extra arguments. */
export function GradientTransformationExtraArgs(init: InitFn, update: UpdateFnExtraArgs): Transformation {
  checkFns("GradientTransformationExtraArgs", init, update);
  return { init, update };
}

/** `optim.safeIncrement(count)` (optax.safe_increment): count + 1, saturating at int32's maximum. */
export function safeIncrement(count: Array): Array {
  return increment(count);
}

/** `optim.safeInt32Increment(count)` (optax.safe_int32_increment, the older name). */
export const safeInt32Increment = safeIncrement;
