// jax.scipy.interpolate.RegularGridInterpolator (jax/_src/third_party/scipy/interpolate.py, after
// scipy's): linear or nearest interpolation on a rectilinear grid with strictly increasing axes.
// A pytree (grid, values and fill value are its leaves), so it passes through jit and vmap.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import { NotImplementedError, ValueError } from "../../core/errors.js";
import * as np from "../../numpy/index.js";
import * as tree from "../../tree/index.js";
import { promoteDtypesInexact } from "../../numpy/options.js";

/** The interpolation methods. */
export type RegularGridMethod = "linear" | "nearest";

/** RegularGridInterpolator's keyword arguments (scipy's names in camelCase, JAX's defaults). */
export interface RegularGridInterpolatorOptions {
  /** Default "linear". */
  readonly method?: RegularGridMethod;
  /** JAX cannot raise under jit, so only false (the default) is accepted. */
  readonly boundsError?: boolean;
  /** Value outside the grid (default NaN); null extrapolates. */
  readonly fillValue?: ArrayLike | null;
}

function checkMethod(method: string): void {
  if (method !== "linear" && method !== "nearest") throw new ValueError(`method '${method}' is not defined`);
}

/**
 * `new scipy.interpolate.RegularGridInterpolator(points, values, options?)`
 * (jax.scipy.interpolate.RegularGridInterpolator): interpolates `values` (whose leading dimensions
 * follow the grid `points`) at query points, linearly or to the nearest grid point; NaN outside
 * the grid unless `fillValue` says otherwise.
 *
 * @example
 * ```ts
 * const values = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
 * const f = new scipy.interpolate.RegularGridInterpolator([np.array([1, 2, 3]), np.array([4, 5, 6])], values);
 * f.call(np.array([[1.5, 4.5], [2.2, 5.8], [0, 4]])); // Array([3. , 6.4, nan], dtype=float32)
 * ```
 */
export class RegularGridInterpolator {
  readonly method: RegularGridMethod;
  readonly boundsError: boolean;
  readonly grid: readonly Array[];
  readonly values: Array;
  readonly fillValue: Array | null;

  constructor(points: readonly ArrayLike[], values: ArrayLike, options: RegularGridInterpolatorOptions = {}) {
    const { method = "linear", boundsError = false } = options;
    checkMethod(method);
    this.method = method;
    this.boundsError = boundsError;
    if (boundsError) throw new NotImplementedError("`bounds_error` takes no effect under JIT");
    const v = np.asarray(values);
    if (points.length > v.ndim) throw new ValueError(`there are ${points.length} point arrays, but values has ${v.ndim} dimensions`);
    this.values = promoteDtypesInexact("RegularGridInterpolator", [v])[0]!;
    const fill = options.fillValue === undefined ? NaN : options.fillValue;
    if (fill === null) this.fillValue = null;
    else {
      // JAX requires a same-kind cast to the values' dtype, which is inexact here; every dprog
      // dtype (bool, integers, floats) casts to a float that way, so no fill value is refused.
      this.fillValue = np.asarray(fill);
    }
    this.grid = points.map((p) => np.asarray(p));
  }

  /**
   * The interpolated values at `xi`: an array whose last axis holds the coordinates (a 1-D
   * array is one coordinate per row), or one array per grid axis, broadcast together. The
   * result has xi's leading shape followed by the values' trailing dimensions.
   */
  call(xi: ArrayLike | readonly Array[], method: RegularGridMethod = this.method): Array {
    checkMethod(method);
    const ndim = this.grid.length;
    const points = coordinatesFromArrays(xi, ndim);
    if (points.shape[points.ndim - 1] !== ndim) {
      throw new ValueError(`the requested sample points xi have dimension ${points.shape[points.ndim - 1]}, but this RegularGridInterpolator has dimension ${ndim}`);
    }
    const leading = points.shape.slice(0, -1);
    const flat = points.reshape([-1, ndim]);
    const { indices, distances, outOfBounds } = this.findIndices(flat);
    let result = method === "linear" ? this.evaluateLinear(indices, distances) : this.evaluateNearest(indices, distances);
    if (this.fillValue !== null) {
      const mask = outOfBounds.reshape([outOfBounds.shape[0]!, ...globalThis.Array<number>(result.ndim - 1).fill(1)]);
      result = np.where(mask, this.fillValue, result);
    }
    return result.reshape([...leading, ...this.values.shape.slice(ndim)]);
  }

  /** For each axis: the cell's lower index, the normalised distance into it, and whether any coordinate is off the grid. */
  private findIndices(xi: Array): { indices: Array[]; distances: Array[]; outOfBounds: Array } {
    const indices: Array[] = [];
    const distances: Array[] = [];
    let outOfBounds = np.zeros([xi.shape[0]!], { dtype: "bool" });
    this.grid.forEach((g, axis) => {
      const x = xi.get(":", axis);
      const i = np.clip(np.subtract(np.searchsorted(g, x), 1), 0, g.size - 2);
      indices.push(i);
      const lower = g.get(i);
      distances.push(np.divide(np.subtract(x, lower), np.subtract(g.get(np.add(i, 1)), lower)));
      outOfBounds = np.logicalOr(outOfBounds, np.logicalOr(np.less(x, g.get(0)), np.greater(x, g.get(-1))));
    });
    return { indices, distances, outOfBounds };
  }

  private evaluateLinear(indices: Array[], distances: Array[]): Array {
    const trailing = globalThis.Array<number>(this.values.ndim - indices.length).fill(1);
    // Every corner of the cell: the lower (weight 1 - y) or upper (weight y) index on each axis.
    let corners: [Array, Array][][] = [[]];
    indices.forEach((i, axis) => {
      const y = distances[axis]!;
      corners = corners.flatMap((prefix) => [[...prefix, [i, np.subtract(1, y)]], [...prefix, [np.add(i, 1), y]]]);
    });
    let result: Array | null = null;
    for (const corner of corners) {
      const weight = corner.map(([, w]) => w).reduce((a, b) => np.multiply(a, b));
      const term = np.multiply(this.values.get(...corner.map(([i]) => i)), weight.reshape([weight.shape[0]!, ...trailing]));
      result = result === null ? term : np.add(result, term);
    }
    return result!;
  }

  private evaluateNearest(indices: Array[], distances: Array[]): Array {
    return this.values.get(...indices.map((i, axis) => np.where(np.lessEqual(distances[axis]!, 0.5), i, np.add(i, 1))));
  }
}

/** scipy's _ndim_coords_from_arrays: one array per axis stacked last, or a (..., ndim) array. */
function coordinatesFromArrays(xi: ArrayLike | readonly Array[], ndim: number): Array {
  if (globalThis.Array.isArray(xi) && xi.length > 0 && xi.every((p) => p instanceof Array)) {
    const parts = xi as readonly Array[];
    if (parts.length === 1) return coordinatesFromArrays(parts[0]!, ndim);
    const broadcast = np.broadcastArrays(...promoteDtypesInexact("RegularGridInterpolator", parts));
    return np.stack(broadcast, -1);
  }
  const points = np.asarray(xi as ArrayLike);
  return points.ndim === 1 ? points.reshape([-1, ndim]) : points;
}

tree.register(
  RegularGridInterpolator,
  (r) => [[r.grid, r.values, r.fillValue], [r.method, r.boundsError]],
  (aux, children) => {
    const [method, boundsError] = aux as [RegularGridMethod, boolean];
    const [grid, values, fillValue] = children as [Array[], Array, Array | null];
    return new RegularGridInterpolator(grid, values, { method, boundsError, fillValue });
  },
);
