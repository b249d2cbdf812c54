// Params of the named-axis collectives (JAX's jax/_src/lax/parallel.py), with JAX's names in
// camelCase. A collective names the axis of an enclosing vmap or pmap (its `axisName`); the batch
// trace of that axis rewrites it into ordinary array operations over the batch dimension, so a
// collective that reaches evaluation or lowering has no enclosing axis: JAX's NameError.
// Where the result's shape depends on the axis size, the size is a param, fixed at trace time
// (as JAX's all_gather_p and reduce_scatter_p carry `axis_size`).

/** psum/pmax/pmin: a reduction over every named axis in `axes` (JAX's tuple of names). */
export interface AxesParams {
  axes: readonly string[];
}

export interface CollectiveParams {
  psum: AxesParams;
  pmax: AxesParams;
  pmin: AxesParams;
  /** This example's position along the axis (int32, no operands). */
  axis_index: { axisName: string };
  /** Every example's operand, stacked (or, tiled, concatenated) at `allGatherDimension`. */
  all_gather: { axisName: string; allGatherDimension: number; axisSize: number; tiled: boolean };
  /** (source, destination) pairs: example `destination` receives example `source`'s operand, the others zeros. */
  ppermute: { axisName: string; perm: readonly (readonly [number, number])[] };
  /** Splits `splitAxis` into `axisSize` chunks, sends chunk j to example j, concatenates what it receives along `concatAxis`. */
  all_to_all: { axisName: string; splitAxis: number; concatAxis: number; axisSize: number };
  /** psum, then example j keeps block j of `scatterDimension` (JAX's reduce_scatter_p, lax.psum_scatter). */
  reduce_scatter: { axisName: string; scatterDimension: number; axisSize: number; tiled: boolean };
}

export const COLLECTIVE_PRIMITIVES = ["psum", "pmax", "pmin", "axis_index", "all_gather", "ppermute", "all_to_all", "reduce_scatter"] as const satisfies readonly (keyof CollectiveParams)[];
export type CollectiveName = (typeof COLLECTIVE_PRIMITIVES)[number];
export const isCollective = (p: string): p is CollectiveName => (COLLECTIVE_PRIMITIVES as readonly string[]).includes(p);

/** Python's NameError, which JAX raises for a collective outside any vmap/pmap of that axis name. */
export class NameError extends Error {
  override name = "NameError";
}

/** JAX's error for a collective whose axis name no enclosing vmap or pmap binds. */
export const unboundAxisName = (name: string): NameError => new NameError(`unbound axis name: ${name}`);

/** The axis names a collective's params name. */
export function collectiveAxes(prim: CollectiveName, params: CollectiveParams[CollectiveName]): readonly string[] {
  return prim === "psum" || prim === "pmax" || prim === "pmin" ? (params as AxesParams).axes : [(params as { axisName: string }).axisName];
}
