// The keyword form of the random samplers (API.md: keyword arguments become a trailing options
// object): `shape` and `dtype` may be given positionally or in one options object, as JAX's
// `random.normal(key, shape=(3,), dtype=jnp.float32)`; the shared splitter is numpy/options.ts's kwargs.
import type { DTypeLike } from "../numpy/dtypeLike.js";

/** A sampler's options with JAX's `shape` and `dtype` keywords (a dtype may be a scalar type such as np.float32). */
export type RandomKw<O> = Omit<O, "dtype"> & {
  /** The sample shape; omitted or null: the broadcast shape of the parameters. */
  shape?: readonly number[] | null;
  /** A float dtype for the samples (default float32). */
  dtype?: DTypeLike | null;
};

import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { keyWords } from "./prng.js";

/**
 * `jax.random.clone(key)`: a key that may be used again. dprog's keys are immutable uint32[2]
 * arrays (JAX's raw keys), so this is the key itself.
 *
 * @example
 * ```ts
 * const k = random.key(0);
 * const k2 = random.clone(k);
 * np.arrayEqual(k2, k); // Array(True, dtype=bool)
 * ```
 */
export function clone(key: ArrayLike): Array {
  // Keys of any batch shape are accepted; anything else gets keyWords' invalid-key TypeError.
  if (!(key instanceof Array) || key.dtype !== "uint32" || key.ndim === 0 || key.shape[key.ndim - 1] !== 2) keyWords(key, "clone");
  return key as Array;
}

/**
 * `jax.random.key_impl(key)`: the name of the PRNG implementation, always "threefry2x32".
 *
 * @example
 * ```ts
 * random.keyImpl(random.key(0)); // "threefry2x32"
 * ```
 */
export function keyImpl(key: ArrayLike): "threefry2x32" {
  if (!(key instanceof Array) || key.dtype !== "uint32" || key.ndim === 0 || key.shape[key.ndim - 1] !== 2) keyWords(key, "key_impl");
  return "threefry2x32";
}
