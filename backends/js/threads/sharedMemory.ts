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

/** V8's gc function, as `--expose-gc` gives it (an options bag picks a minor or major collection). */
type GcFunction = (options?: { readonly type?: "minor" | "major" }) => void;

/**
 * V8's gc on this thread without the process having been started with --expose-gc: the flag is
 * set only while one fresh context is made, then cleared, so the user's later contexts do not get
 * a gc global. Null outside Node (or where it fails).
 */
function findGc(): GcFunction | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === "function") return own as GcFunction;
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== "function") return null;
  try {
    const v8 = get("node:v8") as typeof import("node:v8");
    const vm = get("node:vm") as typeof import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    v8.setFlagsFromString("--no-expose-gc");
    return typeof gc === "function" ? (gc as GcFunction) : null;
  } catch {
    return null;
  }
}

/**
 * Shared bytes handed to threaded kernels since this thread's last collection, after which it
 * collects its young generation. V8 schedules collections by the memory a program allocates,
 * counting ordinary ArrayBuffers but not SharedArrayBuffers (measured, Node 20: 2,000 dropped 1 MB
 * SharedArrayBuffers are all still allocated at the end of a loop, 1.7 GB, where ArrayBuffers
 * peak at 33 MB), so a loop whose kernels make fresh shared outputs would hold hundreds of MB of
 * dead ones until something else triggers a collection. A scavenge costs about a millisecond.
 */
export const SHARED_GC_BYTES = 64 * 2 ** 20;
let sharedSinceCollection = 0;
let gcFunction: GcFunction | null | undefined;

/** Notes `bytes` of shared buffers used by a threaded kernel; collects once SHARED_GC_BYTES have passed. */
export function noteSharedBytes(bytes: number): void {
  sharedSinceCollection += bytes;
  if (sharedSinceCollection < SHARED_GC_BYTES) return;
  sharedSinceCollection = 0;
  if (gcFunction === undefined) gcFunction = findGc();
  gcFunction?.({ type: "minor" });
}
