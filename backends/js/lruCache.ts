// A bounded map that forgets its least recently used entries: the compile caches (the eager
// per-op kernels, each jitted function's traced programs) use it, so that a program that meets
// ever new shapes keeps a bounded number of compiled kernels rather than all of them.

/** A Map with a size limit; `get` marks an entry as used, `set` past the limit evicts the least recently used. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  /** The most recently used key: a hit on it needs no reordering (the common case in a loop). */
  private newest: K | undefined = undefined;
  private hasNewest = false;

  constructor(private maxEntries: number) {
    checkLimit(maxEntries);
  }

  get size(): number {
    return this.map.size;
  }

  get limit(): number {
    return this.maxEntries;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined || (this.hasNewest && this.newest === key)) return value;
    // Map iterates in insertion order: re-inserting makes the key the newest.
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    this.hasNewest = true;
    return value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    this.hasNewest = true;
    this.evict();
  }

  delete(key: K): boolean {
    if (this.hasNewest && this.newest === key) this.forgetNewest();
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.forgetNewest();
  }

  /** Changes the limit, evicting the least recently used entries beyond it. */
  setLimit(maxEntries: number): void {
    checkLimit(maxEntries);
    this.maxEntries = maxEntries;
    this.evict();
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  private evict(): void {
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value as K;
      this.delete(oldest);
    }
  }

  private forgetNewest(): void {
    this.newest = undefined;
    this.hasNewest = false;
  }
}

function checkLimit(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a cache limit must be a positive integer, got ${String(n)}`);
}
