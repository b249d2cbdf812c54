// pmap (jax.pmap) on the devices dprog has. A mapped axis runs one example per device in JAX;
// dprog's backends are one device each (localDeviceCount() is 1, as JAX on a one-CPU machine),
// so the mapped axis may be as large as that count, and the values are exactly vmap's with the
// axis name bound, compiled with jit.
import { jit } from "../jit/api.js";
import { vmap } from "../vmap/api.js";
import type { AxisSpec } from "../vmap/api.js";
import { localDeviceCount } from "../devices/jaxApi.js";
import { ValueError } from "../core/errors.js";
import { axisSize } from "../lax/parallel.js";

export interface PmapOptions {
  /** A name for the mapped axis, for the collectives of `lax` inside `f` (JAX's `axis_name`). */
  axisName?: string;
  /** As vmap's `inAxes` (default 0). */
  inAxes?: AxisSpec;
  /** As vmap's `outAxes` (default 0). */
  outAxes?: AxisSpec;
  /** The mapped size, needed when no argument is mapped (every in-axis null). */
  axisSize?: number;
}

let unnamed = 0;

/**
 * Maps `f` over an axis with one example per device (`jax.pmap`): the same values as
 * `jit(vmap(f, { axisName, inAxes, outAxes }))`, and JAX's error when the mapped axis is larger
 * than `localDeviceCount()`. dprog's backends are one device each: the CPU (JS) backend offers one
 * device, as JAX does on a machine with one CPU device, so a pmap maps an axis of size 1 (code
 * written for pmap runs unchanged where the data fits one device; use vmap with `axisName` to
 * batch collectives over more examples).
 *
 * @example
 * ```ts
 * pmap((x: Array) => lax.psum(x, "i"), { axisName: "i" })(np.array([[1, 2]])); // Array([[1., 2.]], dtype=float32)
 * let err: unknown;
 * try { pmap((x: Array) => x)(np.ones([2, 3])); } catch (e) { err = e; }
 * (err as Error).message; // "compiling computation that requires 2 logical devices, but only 1 XLA devices are available (num_replicas=2)"
 * ```
 */
export function pmap<F extends (...args: never[]) => unknown>(f: F, opts: PmapOptions = {}): (...args: Parameters<F>) => ReturnType<F> {
  // JAX maps an unnamed pmap over a fresh axis name too (its _TempAxisName); this one is unique.
  const name = opts.axisName ?? `<pmap ${++unnamed}>`;
  const checked = (...args: unknown[]): unknown => {
    const n = axisSize(name);
    const available = localDeviceCount();
    if (n > available) throw new ValueError(`compiling computation that requires ${n} logical devices, but only ${available} XLA devices are available (num_replicas=${n})`);
    return (f as unknown as (...a: unknown[]) => unknown)(...args);
  };
  const mapped = vmap(checked, { inAxes: opts.inAxes, outAxes: opts.outAxes, axisSize: opts.axisSize, axisName: name });
  return jit(mapped) as unknown as (...args: Parameters<F>) => ReturnType<F>;
}
