// The compile caches are bounded: each jitted function keeps at most `jit` traced programs and
// the eager per-op kernel cache at most `eager` kernels, the least recently used evicted first,
// with results unchanged after eviction; setCacheLimits changes the limits and clearCaches
// (jax.clear_caches) empties them. A fresh plain static object per call finds the cached program.
import { describe, it, expect, afterEach } from "vitest";
import { numpy as np, jit, setCacheLimits, getCacheLimits, clearCaches, DEFAULT_JIT_CACHE_LIMIT, DEFAULT_EAGER_CACHE_LIMIT } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { eagerCacheSize } from "../../src/jit/caches.js";
import { LruCache } from "../../backends/js/lruCache.js";

const defaults = getCacheLimits();
afterEach(() => {
  setCacheLimits(defaults);
});

/** A function that counts its traces. */
function counted<A extends unknown[], R>(body: (...args: A) => R): { f: (...args: A) => R; count: () => number } {
  let n = 0;
  return {
    f: (...args: A): R => {
      n++;
      return body(...args);
    },
    count: () => n,
  };
}

const ramp = (n: number): Array => np.arange(n).astype("float32");
/** The sum 0 + 1 + ... + (n - 1), doubled, plus n: what `2 * sum(x) + n` gives on ramp(n). */
const expected = (n: number): number => n * (n - 1) + n;

describe("LruCache", () => {
  it("keeps at most its limit and evicts the least recently used", () => {
    const c = new LruCache<string, number>(3);
    c.set("a", 1);
    c.set("b", 2);
    c.set("c", 3);
    expect(c.get("a")).toBe(1); // a is now the newest: b is the oldest
    c.set("d", 4);
    expect([...c.keys()].sort()).toEqual(["a", "c", "d"]);
    expect(c.size).toBe(3);
    c.setLimit(1);
    expect([...c.keys()]).toEqual(["d"]);
    expect(() => c.setLimit(0)).toThrow(RangeError);
  });
});

describe("jit cache", () => {
  it("has a documented default and never holds more than its limit, whatever the number of shapes", () => {
    expect(DEFAULT_JIT_CACHE_LIMIT).toBe(256);
    expect(getCacheLimits().jit).toBe(DEFAULT_JIT_CACHE_LIMIT);
    setCacheLimits({ jit: 8 });
    const { f, count } = counted((x: Array) => np.sum(x).mul(2).add(x.shape[0]!));
    const jf = jit(f);
    for (let n = 1; n <= 40; n++) expect(jf(ramp(n)).item()).toBe(expected(n));
    expect(count()).toBe(40);
    // The most recent shapes are cached: no retrace.
    for (let n = 33; n <= 40; n++) expect(jf(ramp(n)).item()).toBe(expected(n));
    expect(count()).toBe(40);
    // An evicted shape is traced again and still correct.
    expect(jf(ramp(1)).item()).toBe(expected(1));
    expect(count()).toBe(41);
  });

  it("evicts the least recently used signature, not the oldest", () => {
    setCacheLimits({ jit: 2 });
    const { f, count } = counted((x: Array) => np.sum(x).mul(2).add(x.shape[0]!));
    const jf = jit(f);
    for (let n = 1; n <= 2; n++) jf(ramp(n)); // signatures 1, 2: full
    expect(count()).toBe(2);
    jf(ramp(1)); // 1 is used again: 2 is now the least recently used
    jf(ramp(3)); // evicts 2
    expect(count()).toBe(3);
    jf(ramp(1));
    expect(count()).toBe(3);
    expect(jf(ramp(2)).item()).toBe(expected(2));
    expect(count()).toBe(4);
  });

  it("a lower limit applies to an existing function's cache, and clearCaches empties it", () => {
    const { f, count } = counted((x: Array) => np.sum(x).mul(2).add(x.shape[0]!));
    const jf = jit(f);
    for (let n = 1; n <= 20; n++) jf(ramp(n));
    expect(count()).toBe(20);
    setCacheLimits({ jit: 2 });
    jf(ramp(20)); // still cached (the newest)
    expect(count()).toBe(20);
    jf(ramp(5)); // evicted by the lower limit
    expect(count()).toBe(21);
    clearCaches();
    expect(jf(ramp(5)).item()).toBe(expected(5));
    expect(count()).toBe(22);
  });

  it("a fresh static object per call does not grow the cache", () => {
    setCacheLimits({ jit: 16 });
    const { f, count } = counted((x: Array, opts: { scale: number; axis: number[] }) => np.sum(x, opts.axis).mul(opts.scale));
    const jf = jit(f, { staticArgnums: 1 });
    for (let i = 0; i < 200; i++) expect(jf(ramp(4), { scale: 2, axis: [0] }).item()).toBe(12);
    expect(count()).toBe(1);
    // Static class instances are keyed by identity: one trace each, but the cache stays bounded.
    class Opts {
      constructor(readonly scale: number) {}
    }
    const g = counted((x: Array, o: Opts) => np.sum(x).mul(o.scale));
    const jg = jit(g.f, { staticArgnums: 1 });
    for (let i = 0; i < 100; i++) expect(jg(ramp(4), new Opts(i % 3)).item()).toBe(6 * (i % 3));
    expect(g.count()).toBe(100);
  });

  it("rejects a limit that is not a positive integer", () => {
    expect(() => setCacheLimits({ jit: 0 })).toThrow(RangeError);
    expect(() => setCacheLimits({ eager: 1.5 })).toThrow(RangeError);
    expect(() => setCacheLimits({ jit: Number.NaN })).toThrow(RangeError);
    expect(getCacheLimits()).toEqual(defaults);
  });
});

describe("eager per-op kernel cache", () => {
  it("has a documented default and never holds more than its limit", () => {
    expect(DEFAULT_EAGER_CACHE_LIMIT).toBe(2048);
    expect(getCacheLimits().eager).toBe(DEFAULT_EAGER_CACHE_LIMIT);
    setCacheLimits({ eager: 16 });
    expect(eagerCacheSize()).toBeLessThanOrEqual(16);
    for (let n = 1; n <= 60; n++) {
      const x = ramp(n);
      expect(np.sin(x).mul(0).add(x).sum().item()).toBe((n * (n - 1)) / 2);
      expect(eagerCacheSize()).toBeLessThanOrEqual(16);
    }
    // Evicted kernels compile again, with the right results.
    expect(np.add(ramp(3), 1).tolist()).toEqual([1, 2, 3]);
    expect(eagerCacheSize()).toBeLessThanOrEqual(16);
  });

  it("clearCaches empties it", () => {
    np.add(ramp(7), 1);
    expect(eagerCacheSize()).toBeGreaterThan(0);
    clearCaches();
    expect(eagerCacheSize()).toBe(0);
    expect(np.add(ramp(3), 1).tolist()).toEqual([1, 2, 3]);
  });
});
