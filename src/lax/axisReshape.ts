// Moving an axis into or out of a neighbour by a reshape (jax/_src/lax/convolution.py's
// _reshape_axis_into / _reshape_axis_out_of), as the convolution's transpose and batching rules
// use them to fold a batch or group axis into the batch or feature dimension. Internal: not lax API.
import type { Array } from "../core/array.js";
import { reshape, transpose } from "./structural.js";

/**
 * Folds axis `src` into axis `dst` (numbered after `src` is removed), `src` as the major part:
 * the merged axis indexes src * size(dst) + dst.
 */
export function reshapeAxisInto(src: number, dst: number, x: Array): Array {
  const perm = [...globalThis.Array(x.ndim).keys()].filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] = shape[dst]! * x.shape[src]!;
  const moved = perm.every((p, i) => p === i) ? x : transpose(x, perm);
  return reshape(moved, shape);
}

/** Splits axis `src` into (size1, size / size1), size1 the major part. */
export function reshapeAxisOutOf(src: number, size1: number, x: Array): Array {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, shape[src]! / size1);
  return reshape(x, shape);
}
