// jax.scipy.ndimage.map_coordinates (jax/_src/scipy/ndimage.py): order 0 (nearest) and 1
// (linear) interpolation at arbitrary coordinates, each corner's value gathered and weighted, so
// it is differentiable in the input and (order 1) in the coordinates.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import { NotImplementedError, ValueError } from "../../core/errors.js";
import { isInteger } from "../../../jaxpr/index.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";

/** The boundary modes JAX supports ('wrap' and 'constant' behave as scipy's 'grid-wrap' and 'grid-constant'). */
export type MapCoordinatesMode = "constant" | "nearest" | "wrap" | "mirror" | "reflect";

/** A triangle wave of half-period size - 1 folds any index into [0, size - 1] (ndimage.py's _mirror_index_fixer). */
function mirrorIndex(index: Array, size: number): Array {
  const s = size - 1;
  return np.abs(np.subtract(np.remainder(np.add(index, s), 2 * s), s));
}

/** Reflection about the pixel edges, as a mirror of the doubled grid (ndimage.py's _reflect_index_fixer). */
function reflectIndex(index: Array, size: number): Array {
  return np.floorDivide(np.subtract(mirrorIndex(np.add(np.multiply(2, index), 1), 2 * size + 1), 1), 2);
}

const INDEX_FIXERS: Record<MapCoordinatesMode, (index: Array, size: number) => Array> = {
  constant: (index) => index,
  nearest: (index, size) => np.clip(index, 0, size - 1),
  wrap: (index, size) => np.remainder(index, size),
  mirror: mirrorIndex,
  reflect: reflectIndex,
};

/** Rounds halves away from zero (lax.round's default), leaving integers alone. */
const roundHalfAwayFromZero = (a: Array): Array => (isInteger(a.dtype) ? a : lax.round(a));

type Node = [index: Array, weight: Array | null];

function nearestNodes(coordinate: Array): Node[] {
  return [[roundHalfAwayFromZero(coordinate).astype("int32"), null]];
}

function linearNodes(coordinate: Array): Node[] {
  const c = isInteger(coordinate.dtype) ? coordinate.astype("float32") : coordinate;
  const lower = np.floor(c);
  const upperWeight = np.subtract(c, lower);
  const index = lower.astype("int32");
  return [[index, np.subtract(1, upperWeight)], [np.add(index, 1), upperWeight]];
}

/**
 * `scipy.ndimage.mapCoordinates(input, coordinates, order, mode?, cval?)`
 * (jax.scipy.ndimage.map_coordinates): interpolates `input` at `coordinates` (one array per input dimension, all of one shape), with
 * order 0 (nearest) or 1 (linear); points outside follow `mode`, `cval` filling for 'constant'.
 *
 * @example
 * ```ts
 * const x = np.arange(12).reshape([3, 4]).astype("float32");
 * scipy.ndimage.mapCoordinates(x, [np.array([0.5, 1.5]), np.array([1.5, 2.5])], 1); // Array([3.5, 8.5], dtype=float32)
 * // An integer input gives integers, rounded half away from zero, as JAX:
 * scipy.ndimage.mapCoordinates(np.arange(12).reshape([3, 4]), [np.array([0.5, 1.5]), np.array([1.5, 2.5])], 1); // Array([4, 9], dtype=int32)
 * ```
 */
export function mapCoordinates(input: ArrayLike, coordinates: readonly ArrayLike[], order: number, mode: MapCoordinatesMode = "constant", cval: ArrayLike = 0): Array {
  const x = np.asarray(input);
  const coords = coordinates.map((c) => np.asarray(c));
  const fill = np.asarray(cval).astype(x.dtype);
  if (coords.length !== x.ndim) throw new ValueError(`coordinates must be a sequence of length input.ndim, but ${coords.length} != ${x.ndim}`);
  const fixer = INDEX_FIXERS[mode];
  if (fixer === undefined) {
    throw new NotImplementedError(`jax.scipy.ndimage.map_coordinates does not yet support mode ${String(mode)}. Currently supported modes are {'constant', 'nearest', 'wrap', 'mirror', 'reflect'}.`);
  }
  let nodesOf: (c: Array) => Node[];
  if (order === 0) nodesOf = nearestNodes;
  else if (order === 1) nodesOf = linearNodes;
  else throw new NotImplementedError("jax.scipy.ndimage.map_coordinates currently requires order<=1");
  const perAxis = coords.map((c, axis) => {
    const size = x.shape[axis]!;
    return nodesOf(c).map(([index, weight]) => ({
      index: fixer(index, size),
      valid: mode === "constant" ? np.logicalAnd(np.greaterEqual(index, 0), np.less(index, size)) : null,
      weight,
    }));
  });
  // One term per corner of the interpolation cell: the product over axes of the node choices.
  let corners: (typeof perAxis)[number][number][][] = [[]];
  for (const nodes of perAxis) corners = corners.flatMap((prefix) => nodes.map((n) => [...prefix, n]));
  let result: Array | null = null;
  for (const corner of corners) {
    let value = x.get(...corner.map((n) => n.index));
    const validities = corner.map((n) => n.valid).filter((v): v is Array => v !== null);
    if (validities.length > 0) value = np.where(validities.reduce((a, b) => np.logicalAnd(a, b)), value, fill);
    const weights = corner.map((n) => n.weight).filter((w): w is Array => w !== null);
    const term = weights.length > 0 ? np.multiply(weights.reduce((a, b) => np.multiply(a, b)), value) : value;
    result = result === null ? term : np.add(result, term);
  }
  const out = result!;
  return (isInteger(x.dtype) ? roundHalfAwayFromZero(out) : out).astype(x.dtype);
}
