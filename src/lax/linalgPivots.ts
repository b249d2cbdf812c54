// jax.lax.linalg.lu_pivots_to_permutation (jax/_src/lax/linalg.py
// _generic_lu_pivots_to_permutation): the permutation that LU's row swaps (pivots) produce, by a
// loop of swaps on iota. Each swap is written with one-hot masks, so batches need no vmap.
import { Array, type ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { foriLoop } from "../control/api.js";
import { asArrays } from "./core.js";
import * as lax from "./ops.js";

const pyShape = (s: readonly number[]): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);

/**
 * `lax.linalg.luPivotsToPermutation(pivots, permutationSize)` (jax.lax.linalg.lu_pivots_to_permutation):
 * the int32 permutation (..., permutationSize) obtained by swapping entries i and pivots[..., i]
 * of iota in turn.
 *
 * @example
 * ```ts
 * lax.linalg.luPivotsToPermutation(np.array([2, 2, 2], { dtype: "int32" }), 4); // Array([2, 0, 1, 3], dtype=int32)
 * ```
 */
export function luPivotsToPermutation(pivots: ArrayLike, permutationSize: number): Array {
  const [swaps] = asArrays([pivots]) as [Array];
  if (swaps.ndim < 1 || swaps.dtype !== "int32") throw new TypeError(`lu_pivots_to_permutation: pivots must be an int32 array of rank at least 1, got dtype ${swaps.dtype} and shape ${pyShape(swaps.shape)}.`);
  const k = swaps.shape[swaps.ndim - 1]!;
  const m = permutationSize;
  if (!(m >= k)) throw new ValueError(`Output permutation size ${m} has to exceed the trailing dimension of the pivots. Got pivots size ${k}`);
  const batch = swaps.shape.slice(0, -1);
  const shape = [...batch, m];
  const positions = lax.broadcastedIota("int32", shape, batch.length);
  if (m === 0 || k === 0) return positions;
  const lastAxis = (x: Array): Array => lax.broadcastInDim(x, shape, batch.map((_, d) => d));
  return foriLoop(0, k, (i: Array, perm: Array) => {
    const atI = lax.eq(positions, lax.broadcastInDim(i, shape, []));
    const j = lax.reshape(lax.dynamicSlice(swaps, [...batch.map(() => lax.full([], 0, "int32")), i], [...batch, 1]), batch);
    const atJ = lax.eq(positions, lastAxis(j));
    const zero = lax.fullLike(perm, 0);
    const x = lastAxis(lax.reduceSum(lax.select(atI, perm, zero), [batch.length]));
    const y = lastAxis(lax.reduceSum(lax.select(atJ, perm, zero), [batch.length]));
    return lax.select(atI, y, lax.select(atJ, x, perm));
  }, positions);
}
