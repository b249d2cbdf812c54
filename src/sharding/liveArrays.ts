// jax.live_arrays: the arrays not yet garbage-collected (nor disposed). Enumerating them needs a
// WeakRef per array, and V8 keeps every WeakRef target alive until the current synchronous job
// ends (the spec's KeepDuringJob set): in an eager loop that would hold every intermediate array
// until the loop returns (measured: 20,000 arrays of 40 kB kept 800 MB instead of 28 MB). So the
// tracking is opt-in, `trackLiveArrays(true)`, as a debugging aid; while it is off, making an
// array costs one comparison more.
import { setArrayCreatedHook } from "../core/array.js";
import type { Array, ArrayImpl } from "../core/array.js";
import { RuntimeError } from "../core/errors.js";
import { GpuArray } from "../devices/index.js";

let refs: WeakRef<ArrayImpl>[] = [];
let tracking = false;
let compactAt = 1024;

function track(a: ArrayImpl): void {
  refs.push(new WeakRef(a));
  // Drop collected entries when the list doubles, so it stays proportional to the live arrays.
  if (refs.length >= compactAt) {
    refs = refs.filter((r) => r.deref() !== undefined);
    compactAt = Math.max(1024, refs.length * 2);
  }
}

/**
 * `trackLiveArrays(on)`: starts (or stops) recording every array made from now on, for
 * {@link liveArrays}. Returns whether tracking was on. Off by default: a tracked array stays
 * alive at least until the current synchronous job ends (a WeakRef's rule), so turn it on to
 * debug memory, not in long synchronous loops.
 *
 * @example
 * ```ts
 * trackLiveArrays(true); // false
 * const x = np.ones([3]);
 * liveArrays().includes(x); // true
 * trackLiveArrays(false); // true
 * ```
 */
export function trackLiveArrays(on: boolean): boolean {
  const was = tracking;
  tracking = on;
  setArrayCreatedHook(on ? track : null);
  if (!on) refs = [];
  return was;
}

/**
 * `liveArrays()` (jax.live_arrays): the arrays made since `trackLiveArrays(true)` that are still
 * alive (not garbage-collected, not disposed), oldest first. Raises RuntimeError while tracking
 * is off, rather than answering with an empty list.
 *
 * @example
 * ```ts
 * trackLiveArrays(true);
 * const before = liveArrays().length;
 * const y = np.arange(4);
 * liveArrays().length - before; // 1
 * trackLiveArrays(false);
 * ```
 */
export function liveArrays(): Array[] {
  if (!tracking) {
    throw new RuntimeError("liveArrays() needs trackLiveArrays(true) before the arrays are made: dprog records arrays only while asked to (a WeakRef keeps each new array alive until the current synchronous job ends).");
  }
  const out: Array[] = [];
  refs = refs.filter((r) => {
    const a = r.deref();
    if (a === undefined || (a instanceof GpuArray && a.value.isDisposed)) return false;
    out.push(a);
    return true;
  });
  return out;
}
