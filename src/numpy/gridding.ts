// jax.numpy's grids: meshgrid, and the index-trick objects mgrid and ogrid. Python writes
// `jnp.mgrid[0:3, 0:2]`; dprog uses the slice strings of its indexing convention (`x.get("0:3")`),
// so the same grid is `np.mgrid.get("0:3", "0:2")`. An imaginary step ("0:1:5j") asks for that
// many points with the endpoint included, as in numpy.
import type { DType } from "../../jaxpr/index.js";
import { shapeString } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { arange, linspace } from "./creation.js";
import { ValueError } from "../core/errors.js";
import { asArray, convertTo, resultType } from "./promote.js";
import { parseSlice } from "./sliceUtil.js";


/** Options of `np.meshgrid`. */
export interface MeshgridOptions {
  /** Only `true` is supported (JAX's restriction). */
  copy?: boolean;
  /** Return broadcastable arrays with size-1 axes instead of full grids. */
  sparse?: boolean;
  /** "xy" (Cartesian, the default: the first two output axes swapped) or "ij" (matrix indexing). */
  indexing?: "xy" | "ij";
}

const isMeshgridOptions = (v: unknown): v is MeshgridOptions => typeof v === "object" && v !== null && !(v instanceof Array) && !globalThis.Array.isArray(v);

/**
 * `np.meshgrid` (jnp.meshgrid): coordinate arrays from 1-D coordinate vectors: with N inputs of lengths n1..nN, each output has
 * shape `[n2, n1, n3, ...]` for "xy" indexing (default) or `[n1, n2, ...]` for "ij". A trailing
 * options object sets `indexing` and `sparse`.
 *
 * @example
 * ```ts
 * const [X, Y] = np.meshgrid(np.array([1, 2, 3]), np.array([4, 5]));
 * X.tolist(); // [[1, 2, 3], [1, 2, 3]]
 * const [I, J] = np.meshgrid(np.arange(2), np.arange(3), { indexing: "ij", sparse: true }); // shapes [2, 1], [1, 3]
 * ```
 */
export function meshgrid(...args: [...ArrayLike[], MeshgridOptions] | ArrayLike[]): Array[] {
  let opts: MeshgridOptions = {};
  let xs: unknown[] = args;
  if (args.length && isMeshgridOptions(args[args.length - 1])) {
    opts = args[args.length - 1] as MeshgridOptions;
    xs = args.slice(0, -1);
  }
  const arrays = xs.map((x) => asArray(x as ArrayLike));
  if (opts.copy === false) throw new ValueError("np.meshgrid only supports copy=True");
  const indexing = opts.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new ValueError(`Valid values for indexing are 'xy' and 'ij', got ${String(indexing)}`);
  if (arrays.some((a) => a.ndim !== 1)) {
    throw new ValueError(`Arguments to np.meshgrid must be 1D, got shapes [${arrays.map((a) => shapeString(a.shape)).join(", ")}]`);
  }
  const swap = indexing === "xy" && arrays.length >= 2;
  if (swap) [arrays[0], arrays[1]] = [arrays[1]!, arrays[0]!];
  const sparse = opts.sparse ?? false;
  const shape = arrays.map((a) => (sparse ? 1 : a.shape[0]!));
  const out = arrays.map((a, i) => {
    const s = sparse ? shape.map((d, j) => (j === i ? a.shape[0]! : d)) : shape;
    return lax.broadcastInDim(a, s, [i]);
  });
  if (swap) [out[0], out[1]] = [out[1]!, out[0]!];
  return out;
}

/** One 1-D grid from a slice string: arange(start, stop, step), or linspace for an imaginary step. */
function grid1d(s: string, name: string): Array {
  if (typeof s !== "string") throw new TypeError(`np.${name}.get: each item must be a slice string such as "0:3" or "0:1:5j", got ${String(s)}.`);
  const sl = parseSlice(s, true);
  if (sl.stop === null) throw new ValueError(`np.${name}: a slice needs a stop value, got ${JSON.stringify(s)}.`);
  const start = sl.start ?? 0;
  if (sl.complexStep) {
    const num = Math.trunc(Math.abs(sl.step ?? 1));
    return linspace(start, sl.stop, num);
  }
  return arange(start, sl.stop, sl.step ?? 1);
}

function promoteGrids(grids: Array[]): Array[] {
  if (grids.length === 0) return grids;
  const t: DType = resultType(...grids).dtype;
  return grids.map((g) => convertTo(g, { dtype: t, weakType: false }));
}

/** The type of `np.mgrid`: `get(...slices)` returns a dense grid. */
export interface MGrid {
  /**
   * A dense mesh grid: one slice gives a 1-D array; several give an array of shape
   * `[n, len1, len2, ...]` stacking the coordinate arrays (matrix indexing).
   */
  get(...slices: string[]): Array;
}

/** The type of `np.ogrid`: `get(...slices)` returns an open (sparse) grid. */
export interface OGrid {
  /** An open mesh grid: one slice gives a 1-D array. */
  get(slice: string): Array;
  /** Several slices give broadcastable arrays with size-1 axes. */
  get(first: string, second: string, ...rest: string[]): Array[];
}

/**
 * `np.mgrid` (jnp.mgrid): numpy's `mgrid[...]` index trick as `np.mgrid.get(...)`: dense coordinate grids from slice
 * strings ("start:stop:step", or "start:stop:Nj" for N points including stop). int32 when every
 * bound is an integer, float32 otherwise.
 *
 * @example
 * ```ts
 * np.mgrid.get("0:3", "0:2").shape; // [2, 3, 2]
 * np.mgrid.get("-1:1:5j").tolist(); // [-1, -0.5, 0, 0.5, 1]
 * ```
 */
export const mgrid: MGrid = {
  get(...slices: string[]): Array {
    if (slices.length === 1) return grid1d(slices[0]!, "mgrid");
    const grids = promoteGrids(slices.map((s) => grid1d(s, "mgrid")));
    if (grids.length === 0) return arange(0);
    const mesh = meshgrid(...grids, { indexing: "ij" });
    const shape = mesh[0]!.shape;
    return lax.concatenate(
      mesh.map((m) => lax.reshape(m, [1, ...shape])),
      0,
    );
  },
};

/**
 * numpy's `ogrid[...]` index trick as `np.ogrid.get(...)`: open (sparse) coordinate grids from
 * slice strings, which broadcast against each other.
 *
 * @example
 * ```ts
 * const [x, y] = np.ogrid.get("0:3", "0:2");
 * [x.shape, y.shape]; // [[3, 1], [1, 2]]
 * ```
 */
function ogridGet(slice: string): Array;
function ogridGet(first: string, second: string, ...rest: string[]): Array[];
function ogridGet(...slices: string[]): Array | Array[] {
  if (slices.length === 1) return grid1d(slices[0]!, "ogrid");
  const grids = promoteGrids(slices.map((s) => grid1d(s, "ogrid")));
  return meshgrid(...grids, { indexing: "ij", sparse: true });
}

/**
 * `jnp.ogrid`: an open mesh grid from slice strings, `ogrid.get("0:3", "0:4")` giving arrays of shapes [3, 1] and [1, 4] that broadcast to the full grid.
 *
 * @example
 * ```ts
 * const [rows, cols] = np.ogrid.get("0:3", "0:4");
 * rows.shape; // [3, 1]
 * cols; // Array([[0, 1, 2, 3]], dtype=int32)
 * np.add(rows, cols).shape; // [3, 4]
 * ```
 */
export const ogrid: OGrid = { get: ogridGet };
