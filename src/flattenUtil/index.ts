// jax.flatten_util: a parameter pytree as one flat vector and back, for optimisers and solvers that
// work on vectors (BFGS, Newton, HMC).
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import * as np from "../numpy/index.js";
import * as lax from "../lax/index.js";
import * as tree from "../tree/index.js";
import { convertTo, typedDTypeOf } from "../numpy/promote.js";

/**
 * Concatenates the raveled leaves of `pytree` into one 1-D array, converted to their common dtype
 * (jax.flatten_util.ravel_pytree), and returns it with `unravel`, which splits a vector of that
 * length back into the original structure, shapes and dtypes. Both work under every transform.
 *
 * @example
 * ```ts
 * const [flat, unravel] = flattenUtil.ravelPytree({ w: np.ones([2, 2]), b: np.zeros([3]) });
 * flat; // Array([0., 0., 0., 1., 1., 1., 1.], dtype=float32)
 * unravel(np.arange(7)).w; // Array([[3., 4.], [5., 6.]], dtype=float32)
 * ```
 */
export function ravelPytree<T>(pytree: T): [flat: Array, unravel: (flat: Array) => T] {
  const [leaves, treedef] = tree.flatten(pytree);
  const arrays = leaves.map((l) => (l instanceof Array ? l : convertTo(l as ArrayLike, typedDTypeOf(l as ArrayLike))));
  const sizes = arrays.map((a) => a.size);
  const total = sizes.reduce((s, n) => s + n, 0);
  const common = arrays.length > 0 ? np.resultType(...arrays) : null;
  const flat = common === null ? np.zeros([0], { dtype: "float32" }) : np.concatenate(arrays.map((a) => np.ravel(lax.convertElementType(a, common.dtype, common.weakType))));
  const unravel = (v: Array): T => {
    if (!(v instanceof Array) || v.ndim !== 1 || v.shape[0] !== total) {
      const what = v instanceof Array ? `shape ${JSON.stringify(v.shape)}` : String(v);
      throw new TypeError(`The unravel function expected an array of shape (${total},), got ${what}.`);
    }
    let offset = 0;
    const parts = arrays.map((a, i) => {
      const piece = lax.slice(v, [offset], [offset + sizes[i]!]);
      offset += sizes[i]!;
      return np.reshape(a.dtype === v.dtype ? piece : lax.convertElementType(piece, a.dtype, a.weakType), a.shape);
    });
    return tree.unflatten(treedef, parts) as T;
  };
  return [flat, unravel];
}
