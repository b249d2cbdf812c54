// The Threefry-2x32 block cipher (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC11) with 20 rounds, as JAX's threefry2x32 primitive: a hash of a 64-bit counter (two uint32
// words) under a 64-bit key, elementwise over uint32 arrays. Written with lax ops so it traces
// under jit/vmap/grad; jitted once per shape so eager calls run as one fused kernel.
import { Array } from "../core/array.js";
import * as lax from "../lax/index.js";
import { jit } from "../jit/index.js";

const ROTATIONS: readonly (readonly number[])[] = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
];
/** Skein's key-schedule parity constant. */
const KS_PARITY = 0x1bd11bda;

const rotateLeft = (x: Array, r: number): Array => lax.bitwiseOr(lax.shiftLeft(x, r), lax.shiftRightLogical(x, 32 - r));

function threefryRounds(k1: Array, k2: Array, x1: Array, x2: Array): Array[] {
  const ks = [k1, k2, lax.bitwiseXor(lax.bitwiseXor(k1, k2), KS_PARITY)];
  let x0 = lax.add(x1, ks[0]!);
  let x1_ = lax.add(x2, ks[1]!);
  for (let block = 0; block < 5; block++) {
    for (const r of ROTATIONS[block % 2]!) {
      x0 = lax.add(x0, x1_);
      x1_ = lax.bitwiseXor(rotateLeft(x1_, r), x0);
    }
    // Key injection after every four rounds, with the block number added to the second word.
    x0 = lax.add(x0, ks[(block + 1) % 3]!);
    x1_ = lax.add(lax.add(x1_, ks[(block + 2) % 3]!), block + 1);
  }
  return [x0, x1_];
}

const threefryJit = jit(threefryRounds);

function checkU32(name: string, xs: readonly Array[]): void {
  for (const x of xs) {
    if (x.dtype !== "uint32") throw new TypeError(`${name} requires uint32 arguments, got [${xs.map((a) => a.dtype).join(", ")}]`);
  }
}

/**
 * `random.threefry2x32(k1, k2, x1, x2)` (the threefry2x32 primitive, jax._src.prng.threefry2x32_p): keys `k1`, `k2` (scalars) hash counters `(x1, x2)`
 * (equal-shaped uint32 arrays) into two uint32 arrays of that shape.
 *
 * @example
 * ```ts
 * const u = (v: number[]) => np.array(v, { dtype: "uint32" });
 * random.threefry2x32(np.array(0, { dtype: "uint32" }), np.array(42, { dtype: "uint32" }), u([0, 1]), u([2, 3])); // [Array([2465931498, 3679230171], dtype=uint32), Array([255383827, 267815257], dtype=uint32)]
 * ```
 */
export function threefry2x32(k1: Array, k2: Array, x1: Array, x2: Array): [Array, Array] {
  checkU32("threefry2x32", [k1, k2, x1, x2]);
  if (k1.ndim !== 0 || k2.ndim !== 0) throw new TypeError(`threefry2x32 keys must be scalars, got shapes (${k1.shape.join(",")}), (${k2.shape.join(",")}).`);
  if (x1.shape.join(",") !== x2.shape.join(",")) throw new TypeError(`threefry2x32 counts must have equal shapes, got (${x1.shape.join(",")}) and (${x2.shape.join(",")}).`);
  if (x1.size === 0) return [x1, x2];
  const [y1, y2] = threefryJit(k1, k2, x1, x2) as Array[];
  return [y1!, y2!];
}

/**
 * `random.threefry2x32Counts(k1, k2, count)` (jax.random's threefry_2x32(keypair, count)): hashes a uint32 array of counts of any shape by pairing
 * its first half with its second half (padding an odd count with one zero) and concatenating the
 * two output words back; the result has `count`'s shape.
 *
 * @example
 * ```ts
 * const u = (v: number[]) => np.array(v, { dtype: "uint32" });
 * random.threefry2x32Counts(np.array(0, { dtype: "uint32" }), np.array(42, { dtype: "uint32" }), u([0, 1, 2, 3])); // Array([2465931498, 3679230171,  255383827,  267815257], dtype=uint32)
 * ```
 */
export function threefry2x32Counts(k1: Array, k2: Array, count: Array): Array {
  checkU32("threefry_2x32", [k1, k2, count]);
  const n = count.size;
  if (n === 0) return count;
  let flat = lax.reshape(count, [n]);
  if (n % 2 === 1) flat = lax.concatenate([flat, lax.broadcastInDim(lax.convertElementType(0, "uint32"), [1], [])], 0);
  const half = flat.shape[0]! / 2;
  const [y1, y2] = threefry2x32(k1, k2, lax.sliceInDim(flat, 0, half), lax.sliceInDim(flat, half, 2 * half));
  let out = lax.concatenate([y1, y2], 0);
  if (n % 2 === 1) out = lax.sliceInDim(out, 0, n);
  return lax.reshape(out, count.shape);
}
