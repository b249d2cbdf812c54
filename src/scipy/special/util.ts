// Shared helpers of jax.scipy.special's modules.
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import { promoteArgsInexact } from "../../numpy/promote.js";

/** JAX's promote_args_inexact followed by broadcasting to one shape. */
export function inexact(name: string, ...xs: ArrayLike[]): Array[] {
  const arrays = promoteArgsInexact(name, xs);
  if (arrays.length < 2) return arrays;
  const shape = np.broadcastShapes(...arrays.map((a) => a.shape));
  return arrays.map((a) => np.broadcastTo(a, shape));
}

/** A value built on first use: the custom-derivative machinery imports lax, so not at module load. */
export function lazy<T>(make: () => T): () => T {
  let value: T | null = null;
  return () => (value ??= make());
}

/** A constant of x's dtype (weakly typed scalars keep x's dtype in every np op anyway). */
export const constLike = (x: Array, v: number): Array => lax.fullLike(x, v);

export const EPSILON: Record<string, number> = { float32: 2 ** -23, float64: 2 ** -52 };
export const epsOf = (x: Array): number => EPSILON[x.dtype] ?? 2 ** -52;

/** True while some element is active and fewer than `limit` iterations ran. */
export function anyActive(active: Array, iteration: Array, limit: number): Array {
  const any = active.ndim === 0 ? active : np.any(active);
  return np.logicalAnd(any, np.less(iteration, limit));
}
