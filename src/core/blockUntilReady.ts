// jax.block_until_ready for dprog (issue 19): CPU arrays are computed when an operation returns,
// so there is nothing to wait for; GPU arrays in webgpu mode cannot be waited for synchronously
// in JS, and `await x.data()` is the way to wait for (and read) one.
import { Array } from "./array.js";
import * as tree from "../tree/index.js";

/**
 * `jax.block_until_ready(x)`: returns its argument (any pytree) once every Array leaf is
 * computed. On the CPU (the JS backend) every value is computed by the time an operation
 * returns, so this returns at once. A GPU array in webgpu mode cannot block synchronously: use
 * `await x.data()` to wait for it.
 *
 * @example
 * ```ts
 * const f = (x: Array) => np.sum(np.square(x));
 * const params = np.array([1, 2]);
 * const y = blockUntilReady(jit(f)(params)); // Array(5., dtype=float32)
 * const [loss, grads] = blockUntilReady(valueAndGrad(f)(params)); // [Array(5., dtype=float32), Array([2., 4.], dtype=float32)]
 * ```
 */
export function blockUntilReady<T>(x: T): T {
  for (const leaf of tree.leaves(x)) if (leaf instanceof Array) leaf.blockUntilReady();
  return x;
}
