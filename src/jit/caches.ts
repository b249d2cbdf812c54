// The limits of dprog's compile caches, as jax's `clear_caches` and cache-size settings: each
// jitted function keeps at most `jit` traced programs (one per input signature and static
// arguments), the eager per-op kernel cache at most `eager` kernels; both forget the least
// recently used first. A program that meets ever new shapes recompiles the old ones when it
// meets them again, instead of keeping every kernel it ever made.
import { DEFAULT_OP_CACHE_LIMIT, clearOpCache, opCacheLimit, opCacheSize, setOpCacheLimit } from "../../backends/js/compile.js";

export interface CacheLimits {
  /** Traced and compiled programs kept per jitted function (signatures: shapes, dtypes, static values). */
  readonly jit: number;
  /** Compiled one-primitive kernels kept for eager execution, over all primitives. */
  readonly eager: number;
}

/**
 * Programs kept per jitted function unless setCacheLimits changes it.
 *
 * @example
 * ```ts
 * DEFAULT_JIT_CACHE_LIMIT; // 256
 * ```
 */
export const DEFAULT_JIT_CACHE_LIMIT = 256;
/**
 * Kernels the eager per-operation cache keeps unless setCacheLimits changes it.
 *
 * @example
 * ```ts
 * DEFAULT_EAGER_CACHE_LIMIT; // 2048
 * getCacheLimits().eager === DEFAULT_EAGER_CACHE_LIMIT; // true
 * ```
 */
export const DEFAULT_EAGER_CACHE_LIMIT: number = DEFAULT_OP_CACHE_LIMIT;

let jitLimit = DEFAULT_JIT_CACHE_LIMIT;
/** Bumped by clearCaches: a jitted function whose cache is older empties it on its next call. */
let generation = 0;

export const currentJitLimit = (): number => jitLimit;
export const currentGeneration = (): number => generation;

function checkLimit(name: string, n: number | undefined): void {
  if (n === undefined) return;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new RangeError(`setCacheLimits: ${name} must be a positive integer, got ${String(n)}`);
}

/**
 * Sets how many compiled programs dprog keeps (see CacheLimits; defaults: jit 256 per function,
 * eager 2048); a lower limit evicts the least recently used at once (jit: at each function's
 * next call). Returns the previous limits, so a caller can restore them.
 *
 * @example
 * ```ts
 * const old = setCacheLimits({ jit: 16 });
 * getCacheLimits(); // { jit: 16, eager: 2048 }
 * setCacheLimits(old);
 * ```
 */
export function setCacheLimits(limits: Partial<CacheLimits>): CacheLimits {
  checkLimit("jit", limits.jit);
  checkLimit("eager", limits.eager);
  const old = getCacheLimits();
  if (limits.jit !== undefined) jitLimit = limits.jit;
  if (limits.eager !== undefined) setOpCacheLimit(limits.eager);
  return old;
}

/**
 * The current cache limits (see {@link setCacheLimits}).
 *
 * @example
 * ```ts
 * getCacheLimits(); // { jit: 256, eager: 2048 }
 * ```
 */
export function getCacheLimits(): CacheLimits {
  return { jit: jitLimit, eager: opCacheLimit() };
}

/**
 * `clearCaches()` (jax.clear_caches): drops every traced and compiled program; later calls trace
 * and compile again.
 *
 * @example
 * ```ts
 * let traces = 0;
 * const f = jit((x: Array) => { traces++; return np.sin(x); });
 * f(np.array([1])); f(np.array([2]));
 * traces; // 1
 * clearCaches();
 * f(np.array([3]));
 * traces; // 2
 * ```
 */
export function clearCaches(): void {
  generation++;
  clearOpCache();
}

/** For tests: entries in the eager kernel cache. */
export const eagerCacheSize = (): number => opCacheSize();
