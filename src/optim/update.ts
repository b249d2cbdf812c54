// optax's update helpers (optax/_src/update.py): moving averages of parameter trees (target
// networks, EMA of weights) outside any transformation state.
import { Array, ArrayLike } from "../core/array.js";
import * as np from "../numpy/index.js";
import { map } from "./base.js";

/**
 * `optax.incremental_update(newTensors, oldTensors, stepSize)`: stepSize * new + (1 - stepSize) * old,
 * leaf by leaf (Polyak averaging).
 *
 * @example
 * ```ts
 * const online = np.array([1, 1]);
 * let target = np.array([0, 2]);
 * target = optim.incrementalUpdate(online, target, 0.1); // Array([0.1, 1.9], dtype=float32)
 * ```
 */
export function incrementalUpdate<P>(newTensors: P, oldTensors: P, stepSize: ArrayLike): P {
  return map((n: Array, o: Array) => np.astype(np.add(np.multiply(stepSize, n), np.multiply(np.subtract(1, stepSize), o)), n.dtype), newTensors, oldTensors) as P;
}

/**
 * `optax.periodic_update(newTensors, oldTensors, steps, updatePeriod)`: the new tensors on steps
 * that are multiples of updatePeriod, the old ones otherwise.
 *
 * @example
 * ```ts
 * optim.periodicUpdate(np.array([1, 2]), np.array([0, 0]), np.array(4, { dtype: "int32" }), 2); // Array([1., 2.], dtype=float32)
 * optim.periodicUpdate(np.array([1, 2]), np.array([0, 0]), np.array(5, { dtype: "int32" }), 2); // Array([0., 0.], dtype=float32)
 * ```
 */
export function periodicUpdate<P>(newTensors: P, oldTensors: P, steps: ArrayLike, updatePeriod: number): P {
  const now = np.equal(np.remainder(steps, updatePeriod), 0);
  return map((n: Array, o: Array) => np.where(now, n, o), newTensors, oldTensors) as P;
}
