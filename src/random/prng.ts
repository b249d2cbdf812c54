// JAX's threefry PRNG implementation over raw keys (uint32[2] arrays, as `PRNGKey`): seeding,
// split, fold_in and random bits. Both of JAX's bit layouts exist; the partitionable one is the
// default, as in JAX since 0.5.0 (`jax_threefry_partitionable=True`).
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { threefry2x32, threefry2x32Counts } from "./threefry.js";

let partitionable = true;

/**
 * Chooses JAX's `jax_threefry_partitionable` behaviour for split and random bits: true (the
 * default, JAX >= 0.5.0) hashes each element's 64-bit index as one counter; false reproduces
 * older JAX releases. Functions already traced by `jit` keep the layout they were traced with.
 *
 * @example
 * ```ts
 * random.setThreefryPartitionable(false);
 * random.split(random.key(0)).get(0); // Array([4146024105,  967050713], dtype=uint32)
 * random.setThreefryPartitionable(true);
 * random.split(random.key(0)).get(0); // Array([1797259609, 2579123966], dtype=uint32)
 * ```
 */
export function setThreefryPartitionable(enabled: boolean): void {
  partitionable = enabled;
}

/**
 * Whether the threefry implementation is partitionable (`jax_threefry_partitionable`, True by default since JAX 0.5): it decides how `bits` and `split` derive their counters.
 *
 * @example
 * ```ts
 * random.threefryPartitionable(); // true
 * ```
 */
export function threefryPartitionable(): boolean {
  return partitionable;
}

const shapeStr = (s: readonly number[]): string => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** Validates a raw key and returns its two words as uint32 scalars. */
export function keyWords(key: ArrayLike, name: string): [Array, Array] {
  if (!(key instanceof Array) || key.dtype !== "uint32" || key.ndim === 0 || key.shape[key.ndim - 1] !== 2) {
    const desc = key instanceof Array ? `shape=${shapeStr(key.shape)} dtype=${key.dtype}` : `${typeof key} ${String(key)}`;
    throw new TypeError(`JAX encountered invalid PRNG key data: expected key_data to be a uint32 array with shape[-1] == 2; got ${desc}.`);
  }
  if (key.ndim !== 1) {
    throw new TypeError(`${name} accepts a single key, but was given a key array of shape ${shapeStr(key.shape.slice(0, -1))} != (). Use jax.vmap for batching.`);
  }
  const word = (i: number): Array => lax.reshape(lax.sliceInDim(key, i, i + 1), []);
  return [word(0), word(1)];
}

const u32 = (words: readonly number[]): Array => np.array(words, { dtype: "uint32" });

/**
 * A raw PRNG key from an integer seed, as `jax.random.PRNGKey` / `key`. A JS number is taken as
 * an int64 and split into its high and low 32-bit words (so `-1` gives [0xffffffff, 0xffffffff],
 * as JAX with 64-bit integers enabled; JAX's default 32-bit mode keeps only the low word there).
 * An int32/uint32 scalar Array (which may be traced) gives [0, seed as uint32].
 *
 * @example
 * ```ts
 * random.key(0); // Array([0, 0], dtype=uint32)
 * random.key(42); // Array([ 0, 42], dtype=uint32)
 * random.key(-1); // Array([4294967295, 4294967295], dtype=uint32)
 * ```
 */
export function key(seed: ArrayLike): Array {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) throw new TypeError(`PRNG key seed must be an integer; got ${seed}`);
    const bits = BigInt.asUintN(64, BigInt(seed));
    return u32([Number(bits >> 32n), Number(bits & 0xffffffffn)]);
  }
  if (!(seed instanceof Array)) throw new TypeError(`PRNG key seed must be an integer; got ${String(seed)}`);
  if (seed.ndim !== 0) throw new TypeError(`PRNG key seed must be a scalar; got shape ${shapeStr(seed.shape)}.`);
  if (seed.dtype !== "int32" && seed.dtype !== "uint32") throw new TypeError(`PRNG key seed must be an integer; got dtype ${seed.dtype}`);
  const lo = lax.convertElementType(seed, "uint32");
  return lax.concatenate([lax.broadcastInDim(lax.convertElementType(0, "uint32"), [1], []), lax.reshape(lo, [1])], 0);
}

/**
 * `random.PRNGKey(seed)` (jax.random.PRNGKey): the other name of `key`, JAX's raw uint32[2] key constructor.
 *
 * @example
 * ```ts
 * random.PRNGKey(42); // Array([ 0, 42], dtype=uint32)
 * ```
 */
export const PRNGKey = key;

/** The 64-bit row-major index of each element of `shape` as (hi, lo) uint32 words. */
function iota2x32(shape: readonly number[]): [Array, Array] {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > 2 ** 32) throw new RangeError(`random bits array of size ${n} exceeds 2 ** 32, which dprog does not support`);
  const lo = lax.reshape(lax.iota("uint32", n), shape);
  const hi = lax.broadcastInDim(lax.convertElementType(0, "uint32"), shape, []);
  return [hi, lo];
}

/** Key counts that `split` types as that many keys. */
type SplitCount = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16;
type KeyTuple<N extends number, Keys extends Array[] = []> = Keys["length"] extends N ? Keys : KeyTuple<N, [...Keys, Array]>;

/**
 * What `split(key, n)` returns for a literal `n` up to 16: the keys Array, which also reads as its
 * `n` rows (`keys[0]`, and destructuring `const [k1, k2] = random.split(key)` with each key typed
 * `Array` under `noUncheckedIndexedAccess`, as JAX code writes it). Other counts give the Array.
 */
export type SplitKeys<N extends number> = N extends SplitCount ? Array & { readonly [I in Extract<keyof KeyTuple<N>, `${number}`>]: Array } : Array;

/** The largest count whose rows `split` exposes as `keys[i]` (the SplitKeys type promises them). */
const INDEXED_SPLIT_LIMIT = 16;

/**
 * Splits a key into `num` new keys (shape [...num, 2]); `num` may be a shape (jax.random.split).
 *
 * @example
 * ```ts
 * const [k1, k2] = random.split(random.key(0));
 * k1; // Array([1797259609, 2579123966], dtype=uint32)
 * k2; // Array([ 928981903, 3453687069], dtype=uint32)
 * random.split(random.key(0), [2, 3]).shape; // [2, 3, 2]
 * ```
 */
export function split<const N extends number = 2>(keyArr: ArrayLike, num?: N): SplitKeys<N>;
export function split(keyArr: ArrayLike, num: number | readonly number[]): Array;
export function split(keyArr: ArrayLike, num: number | readonly number[] = 2): Array {
  const keys = splitKeys(keyArr, num);
  // keys[i] reads row i, as JAX indexing does; SplitKeys types these rows for literal counts.
  if (typeof num === "number" && num <= INDEXED_SPLIT_LIMIT) {
    for (let i = 0; i < num; i++) Object.defineProperty(keys, i, { get: () => keys.get(i) });
  }
  return keys;
}

function splitKeys(keyArr: ArrayLike, num: number | readonly number[]): Array {
  const shape = typeof num === "number" ? [num] : [...num];
  for (const d of shape) if (!Number.isInteger(d) || d < 0) throw new TypeError(`split: num must be a nonnegative integer or shape, got ${String(num)}`);
  const [k1, k2] = keyWords(keyArr, "split");
  const n = shape.reduce((a, b) => a * b, 1);
  if (partitionable) {
    const [hi, lo] = iota2x32(shape);
    const [b1, b2] = threefry2x32(k1, k2, hi, lo);
    return lax.concatenate([lax.expandDims(b1, [shape.length]), lax.expandDims(b2, [shape.length])], shape.length);
  }
  return lax.reshape(threefry2x32Counts(k1, k2, lax.iota("uint32", 2 * n)), [...shape, 2]);
}

/**
 * `random.foldIn(key, data)` (jax.random.fold_in): a new key from `key` and integer `data` (a JS integer, wrapped to uint32, or an int scalar Array).
 *
 * @example
 * ```ts
 * random.foldIn(random.key(0), 7); // Array([2716826189,  292468403], dtype=uint32)
 * ```
 */
export function foldIn(keyArr: ArrayLike, data: ArrayLike): Array {
  const [k1, k2] = keyWords(keyArr, "fold_in");
  let d: Array;
  if (typeof data === "number") {
    if (!Number.isInteger(data)) throw new TypeError(`fold_in data must be an integer; got ${data}`);
    d = np.array(data >>> 0, { dtype: "uint32" });
  } else if (data instanceof Array && (data.dtype === "int32" || data.dtype === "uint32") && data.ndim === 0) {
    d = lax.convertElementType(data, "uint32");
  } else {
    throw new TypeError(`fold_in data must be an integer scalar; got ${data instanceof Array ? `${data.dtype}${shapeStr(data.shape)}` : String(data)}`);
  }
  // JAX hashes the seed-style key [0, data] as the counter pair.
  const zero = lax.broadcastInDim(lax.convertElementType(0, "uint32"), [1], []);
  const [y1, y2] = threefry2x32(k1, k2, zero, lax.reshape(d, [1]));
  return lax.concatenate([y1, y2], 0);
}

/** 32 random bits per element of `shape` (uint32), as JAX's `_random_bits(key, 32, shape)`. */
export function randomBits32(keyArr: ArrayLike, shape: readonly number[], name = "bits"): Array {
  const [k1, k2] = keyWords(keyArr, name);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return lax.broadcastInDim(lax.convertElementType(0, "uint32"), shape, []);
  if (partitionable) {
    const [hi, lo] = iota2x32(shape);
    const [b1, b2] = threefry2x32(k1, k2, hi, lo);
    return lax.bitwiseXor(b1, b2);
  }
  return lax.reshape(threefry2x32Counts(k1, k2, lax.iota("uint32", n)), shape);
}

/** 64 random bits per element as (high word, low word), as JAX's `_random_bits(key, 64, shape)`. */
export function randomBits64(keyArr: ArrayLike, shape: readonly number[], name = "bits"): [Array, Array] {
  const [k1, k2] = keyWords(keyArr, name);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) {
    const z = lax.broadcastInDim(lax.convertElementType(0, "uint32"), shape, []);
    return [z, z];
  }
  if (partitionable) {
    const [hi, lo] = iota2x32(shape);
    return threefry2x32(k1, k2, hi, lo);
  }
  // The legacy layout draws 2n words and takes the first half as high words.
  const bits = threefry2x32Counts(k1, k2, lax.iota("uint32", 2 * n));
  return [lax.reshape(lax.sliceInDim(bits, 0, n), shape), lax.reshape(lax.sliceInDim(bits, n, 2 * n), shape)];
}

/**
 * 8 or 16 random bits per element (uint8, uint16), as JAX's `_random_bits(key, width, shape)`
 * (jax/_src/prng.py threefry_random_bits): the partitionable layout keeps the low bits of each
 * 32-bit draw; the original one views ceil(width * size / 32) words as narrow little-endian chunks.
 */
export function randomBitsNarrow(keyArr: ArrayLike, shape: readonly number[], width: 8 | 16, name = "bits"): Array {
  const dtype = width === 8 ? "uint8" : "uint16";
  const n = shape.reduce((a, b) => a * b, 1);
  if (partitionable || n === 0) return lax.convertElementType(randomBits32(keyArr, shape, name), dtype);
  const [k1, k2] = keyWords(keyArr, name);
  const per = 32 / width;
  const count = Math.ceil(n / per);
  const words = lax.broadcastInDim(threefry2x32Counts(k1, k2, lax.iota("uint32", count)), [count, per], [0]);
  const shifts = lax.mul(lax.broadcastedIota("uint32", [count, per], 1), np.array(width, { dtype: "uint32" }));
  const chunks = lax.reshape(lax.shiftRightLogical(words, shifts), [count * per]);
  return lax.reshape(lax.convertElementType(lax.sliceInDim(chunks, 0, n), dtype), shape);
}

/**
 * Uniform random bits, as `jax.random.bits` (uint32, or uint8/uint16).
 *
 * @example
 * ```ts
 * random.bits(random.key(0), [3]); // Array([4070199207, 4202968722, 1427181096], dtype=uint32)
 * ```
 */
export function bits(keyArr: ArrayLike, shape: readonly number[] = [], opts: { dtype?: "uint32" | "uint16" | "uint8" } = {}): Array {
  const d = opts.dtype ?? "uint32";
  if (d === "uint8" || d === "uint16") return randomBitsNarrow(keyArr, shape, d === "uint8" ? 8 : 16, "bits");
  if (d !== "uint32") throw new TypeError(`bits: dtype must be an unsigned integer dtype (uint8, uint16, uint32), got ${String(opts.dtype)}`);
  return randomBits32(keyArr, shape, "bits");
}
