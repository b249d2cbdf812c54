// Shape and dtype rules of the named-axis collectives, after the abstract evals in
// jax/_src/lax/parallel.py (_psum_abstract_eval's identity, _all_gather_effectful_abstract_eval,
// _all_to_all_effectful_abstract_eval, _reduce_scatter_effectful_abstract_eval, the axis_index
// aval), with JAX's wording. The axis size is a param where the shape depends on it.
import type { CollectiveName } from "./collectiveParams.js";
import type { Params } from "./params.js";
import { ShapedArray, ValueError } from "./shape.js";

type CollectiveShapeRule<P extends CollectiveName> = (avals: readonly ShapedArray[], params: Params<P>) => ShapedArray[];

const same = (avals: readonly ShapedArray[]): ShapedArray[] => [avals[0]!.update({ weakType: false })];

/** A dimension of an operand of rank `ndim`; `insert`: a position to insert one at (up to ndim). */
function checkDimension(what: string, d: number, ndim: number, insert = false): void {
  if (d < 0 || d > ndim || (d === ndim && !insert)) throw new ValueError(`${what} ${d} is out of bounds for an operand of rank ${ndim}.`);
}

export const COLLECTIVE_SHAPE_RULES: { readonly [P in CollectiveName]: CollectiveShapeRule<P> } = {
  psum: same,
  pmax: same,
  pmin: same,
  axis_index: () => [new ShapedArray([], "int32")],
  all_gather: ([x], { allGatherDimension: d, axisSize: n, tiled }) => {
    const shape = [...x!.shape];
    if (tiled) {
      checkDimension("all_gather_dimension", d, x!.ndim);
      shape[d] = shape[d]! * n;
    } else {
      checkDimension("all_gather_dimension", d, x!.ndim, true);
      shape.splice(d, 0, n);
    }
    return [x!.update({ shape, weakType: false })];
  },
  ppermute: same,
  all_to_all: ([x], { splitAxis, concatAxis, axisSize: n, axisName }) => {
    checkDimension("all_to_all split_axis", splitAxis, x!.ndim);
    checkDimension("all_to_all concat_axis", concatAxis, x!.ndim);
    const shape = [...x!.shape];
    if (shape[splitAxis]! % n !== 0) {
      throw new ValueError(`The size of all_to_all split_axis (${shape[splitAxis]}) has to be divisible by the size of the named axis ${axisName} (${n})`);
    }
    shape[splitAxis] = shape[splitAxis]! / n;
    shape[concatAxis] = shape[concatAxis]! * n;
    return [x!.update({ shape, weakType: false })];
  },
  reduce_scatter: ([x], { scatterDimension: d, axisSize: n, tiled }) => {
    checkDimension("reduce_scatter scatter_dimension", d, x!.ndim);
    const shape = [...x!.shape];
    const size = shape[d]!;
    if (tiled) {
      if (size % n !== 0) throw new ValueError(`tiled reduce_scatter operand scatter dimension size ${size} must be divisible by shard_count ${n}`);
      shape[d] = size / n;
    } else {
      if (size !== n) throw new ValueError(`reduce_scatter operand scatter dimension size ${size} must match shard count ${n}`);
      shape.splice(d, 1);
    }
    return [x!.update({ shape, weakType: false })];
  },
};
