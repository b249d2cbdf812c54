// lax.ragged_dot (jax/_src/lax/lax.py): lhs [m, k] times rhs [g, k, n], row i of lhs multiplied by
// the matrix of the group it falls in (groups are consecutive runs of group_sizes[j] rows), rows
// past sum(group_sizes) giving zeros. Built as JAX's _ragged_dot_general_impl builds it: lhs is
// expanded to [g, m, k] with each group's rows kept and the rest zeroed (a mask from the cumulative
// group sizes), then one dot_general contracts k and g. So jit, vmap and every order of grad come
// from those primitives; group_sizes gets no derivative (it is an integer array), as in JAX.
import { isInteger } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import { NotImplementedError } from "../core/errors.js";
import { asArray, scalarLike } from "./core.js";
import * as ew from "./elementwise.js";
import { broadcastInDim, broadcastedIota, concatenate, cumsum, dotGeneral, slice } from "./structural.js";
import type { DType } from "../../jaxpr/index.js";
import type { PrecisionArg } from "./precision.js";

/** The keyword arguments of lax.ragged_dot. */
export interface RaggedDotOptions {
  /** As lax.dot's (including a {@link DotAlgorithmPreset}). */
  precision?: PrecisionArg;
  /** As lax.dot's. */
  preferredElementType?: DType | null;
  /** JAX raises NotImplementedError for any group offset ("Unimplemented group_offset support."). */
  groupOffset?: ArrayLike | null;
}

/**
 * lhs [m, k], rhs [g, k, n], groupSizes [g] (integer) -> [m, n].
 *
 * @example
 * ```ts
 * // Row 0 uses group 0's matrix (ones), rows 1 and 2 group 1's (twos).
 * const rhs = np.stack([np.ones([2, 2]), np.full([2, 2], 2)]);
 * lax.raggedDot(np.ones([3, 2]), rhs, np.array([1, 2], { dtype: "int32" })); // Array([[2., 2.], [4., 4.], [4., 4.]], dtype=float32)
 * ```
 */
export function raggedDot(lhs: ArrayLike, rhs: ArrayLike, groupSizes: ArrayLike, options: RaggedDotOptions = {}): Array {
  if (options.groupOffset !== undefined && options.groupOffset !== null) throw new NotImplementedError("Unimplemented group_offset support.");
  const x = asArray(lhs);
  const y = asArray(rhs);
  const sizes = asArray(groupSizes);
  if (x.ndim !== 2 || y.ndim !== 3) throw new TypeError(`ragged_dot expects lhs of rank 2 and rhs of rank 3, got lhs shape ${JSON.stringify(x.shape)} and rhs shape ${JSON.stringify(y.shape)}.`);
  if (sizes.ndim === 0) throw new TypeError("expected rank of group_sizes to be >=1.");
  if (!isInteger(sizes.dtype)) throw new TypeError(`ragged_dot requires group_sizes to have an integer dtype, got ${sizes.dtype}.`);
  const [m, k] = x.shape as [number, number];
  const [g, rhsK] = y.shape as [number, number, number];
  if (sizes.ndim !== 1 || sizes.shape[0] !== g) throw new TypeError(`expected group_sizes to have shape (${g},), got (${sizes.shape.join(", ")}${sizes.ndim === 1 ? "," : ""}).`);
  if (rhsK !== k) throw new TypeError(`ragged_dot requires contracting dimensions to have the same shape, got ${k} and ${rhsK}.`);
  // Group j holds rows [starts[j], ends[j]).
  const ends = cumsum(sizes, 0);
  const starts = concatenate([broadcastInDim(scalarLike(0, sizes.dtype), [1], []), slice(ends, [0], [g - 1])], 0);
  const shape = [g, m, k];
  const row = broadcastedIota(sizes.dtype, shape, 1);
  const inGroup = ew.bitwiseAnd(ew.le(broadcastInDim(starts, shape, [0]), row), ew.lt(row, broadcastInDim(ends, shape, [0])));
  const expanded = broadcastInDim(x, shape, [1, 2]);
  const masked = ew.select(inGroup, expanded, broadcastInDim(scalarLike(0, x.dtype), shape, []));
  return dotGeneral(masked, y, [[[2, 0], [1, 0]], [[], []]], { precision: options.precision ?? null, preferredElementType: options.preferredElementType ?? null });
}
