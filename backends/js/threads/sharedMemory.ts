// Buffers a helper thread can read and write: large arrays are allocated in SharedArrayBuffers
// from the start (kernel outputs, scratch, arrays made from user data), so handing them to a
// worker costs no copy. V8 reads and writes shared typed arrays as fast as ordinary ones
// (measured: a 1e6-element float32 loop, 30.4 ms on either kind).
import type { DType, TypedArray } from "../../../jaxpr/index.js";
import { TYPED_ARRAY } from "../../../jaxpr/index.js";

/** Shared memory is usable: Node, or a cross-origin isolated page. */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

/**
 * Arrays from this many elements live in shared memory: the size from which a fused loop may be
 * split across threads (threads/parallelGroup.ts), well below it for the cheapest loops.
 */
export const SHARED_MIN_ELEMENTS = 1 << 14;

const sharing = canShareMemory();

export const sharesBuffersOfSize = (size: number): boolean => sharing && size >= SHARED_MIN_ELEMENTS;

/** A zeroed buffer of `size` elements, shared when it is large enough for threads to work on. */
export function allocBuffer(dtype: DType, size: number): TypedArray {
  const Ctor = TYPED_ARRAY[dtype];
  try {
    if (!sharesBuffersOfSize(size)) return new Ctor(size);
    return new (Ctor as unknown as new (buffer: SharedArrayBuffer) => TypedArray)(new SharedArrayBuffer(size * Ctor.BYTES_PER_ELEMENT));
  } catch (e) {
    // V8's own words ("Array buffer allocation failed") name neither the size nor the dtype.
    if (e instanceof RangeError) throw new RangeError(`Could not allocate an array of ${size} ${dtype} elements (${size * Ctor.BYTES_PER_ELEMENT} bytes): ${e.message}`);
    throw e;
  }
}

export const isShared = (b: TypedArray): boolean => typeof SharedArrayBuffer === "function" && b.buffer instanceof SharedArrayBuffer;

/** A shared copy of `b` (same element type). */
export function sharedCopy<T extends TypedArray>(b: T): T {
  const Ctor = b.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(b.byteLength));
  copy.set(b as never);
  return copy;
}
