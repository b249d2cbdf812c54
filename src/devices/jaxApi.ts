// JAX's device queries for a single-process program: what jax.default_backend, jax.device_count,
// jax.local_devices, jax.process_index and jax.device_get answer when dprog runs one process with
// one device per backend ("js", which JAX would call "cpu", and "gpu" where gpu.js loads).
import { isArray } from "../core/array.js";
import * as tree from "../tree/index.js";
import { RuntimeError } from "../core/errors.js";
import { devicePut, devices, getDefaultDevice } from "./index.js";
import type { Device, DeviceName } from "./index.js";

/** JAX's platform names: the JS backend is JAX's "cpu". */
export type Backend = "cpu" | "gpu";

const toDeviceName = (backend: string): DeviceName | null => (backend === "cpu" || backend === "js" ? "js" : backend === "gpu" ? "gpu" : null);

function backendDevices(backend: string | null | undefined): Device[] {
  const name = backend === undefined || backend === null ? getDefaultDevice() : toDeviceName(backend);
  if (name === null) throw new RuntimeError(`Unknown backend ${String(backend)}. Available backends are ${available().join(", ")}.`);
  const found = devices().filter((d) => d.name === name);
  if (found.length === 0) throw new RuntimeError(`Unknown backend ${String(backend)}. Available backends are ${available().join(", ")}.`);
  return found;
}

const available = (): Backend[] => devices().map((d) => (d.name === "js" ? "cpu" : "gpu"));

/**
 * `defaultBackend()` (jax.default_backend): "cpu" (dprog's JS backend) or "gpu", where `jit` compiles by default.
 *
 * @example
 * ```ts
 * defaultBackend(); // "cpu"
 * ```
 */
export function defaultBackend(): Backend {
  return getDefaultDevice() === "gpu" ? "gpu" : "cpu";
}

/**
 * `deviceCount(backend?)` (jax.device_count): devices of the backend (default: the default one); 1 per usable backend.
 *
 * @example
 * ```ts
 * deviceCount("cpu"); // 1
 * ```
 */
export function deviceCount(backend?: Backend | DeviceName | null): number {
  return backendDevices(backend).length;
}

/**
 * `localDeviceCount(backend?)` (jax.local_device_count): the same as deviceCount in one process.
 *
 * @example
 * ```ts
 * localDeviceCount("cpu"); // 1
 * ```
 */
export function localDeviceCount(backend?: Backend | DeviceName | null): number {
  return deviceCount(backend);
}

/**
 * `localDevices({ backend? })` (jax.local_devices): the backend's devices in this process.
 *
 * @example
 * ```ts
 * localDevices({ backend: "cpu" }); // [{ name: "js", mode: "js", real: false, async: false }]
 * ```
 */
export function localDevices(options: { backend?: Backend | DeviceName | null; processIndex?: number | null } = {}): Device[] {
  if (options.processIndex !== undefined && options.processIndex !== null && options.processIndex !== 0) {
    throw new RangeError(`local_devices: process_index ${options.processIndex} is out of range; this program runs one process (index 0).`);
  }
  return backendDevices(options.backend);
}

/**
 * `processCount()` (jax.process_count): dprog programs run as one process.
 *
 * @example
 * ```ts
 * processCount(); // 1
 * ```
 */
export function processCount(): number {
  return 1;
}

/**
 * `processIndex()` (jax.process_index): 0, the only process.
 *
 * @example
 * ```ts
 * processIndex(); // 0
 * ```
 */
export function processIndex(): number {
  return 0;
}

/**
 * `deviceGet(x)` (jax.device_get): the pytree with every Array leaf copied to the host (JS)
 * backend, so that reading it never waits on a GPU; numbers, booleans and host arrays pass
 * through. JAX returns numpy arrays; dprog's host arrays play that part.
 *
 * @example
 * ```ts
 * const params = { w: devicePut(np.array([1, 2]), "gpu"), steps: 3 };
 * const host = deviceGet(params);
 * deviceOf(host.w); // "js"
 * host.steps; // 3
 * ```
 */
export function deviceGet<T>(x: T): T {
  return tree.map((leaf: unknown) => (isArray(leaf) ? devicePut(leaf, "js") : leaf), x) as T;
}
