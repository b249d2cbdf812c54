// Devices: the JS backend (always) and the GPU backend (gpu.js; a real GPU in its webgpu or
// headlessgl mode, otherwise its webasm/cpu modes on the CPU). `devices()` says which mode really
// runs; `devicePut` moves arrays; `setDefaultDevice("gpu")` makes `jit` compile for the GPU.
import { gpuRuntime, setGpuMode, initGpu, initWebGpu, shutdownGpu } from "../../backends/gpu/index.js";
import type { GpuMode, GpuInfo } from "../../backends/gpu/index.js";
import type { Array, ArrayLike } from "../core/array.js";
import { ArrayImpl, bufferOf, isArray } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import { GpuArray } from "./gpuArray.js";
import { gpuValueOf } from "./gpuExecute.js";
import { followGpuData } from "./followData.js";
import { Device } from "./device.js";
import type { DeviceName } from "./device.js";

export { Device };
export type { DeviceName };

let defaultDevice: DeviceName = "js";

// The same Device objects on every call (JAX's devices are singletons, compared with `==`); the
// GPU's is remade only if gpu.js's mode changed.
const CPU_DEVICE = new Device({ name: "js", mode: "js", real: false, async: false });
let gpuDeviceCache: Device | null = null;

function gpuDevice(): Device | null {
  let info: GpuInfo;
  try {
    info = gpuRuntime().info;
  } catch {
    return null;
  }
  const cached = gpuDeviceCache;
  if (cached !== null && cached.mode === info.mode && cached.real === info.real && cached.async === info.async && cached.adapter === info.adapter) return cached;
  gpuDeviceCache = new Device({ name: "gpu", mode: info.mode, real: info.real, async: info.async, ...(info.adapter === undefined ? {} : { adapter: info.adapter }) });
  return gpuDeviceCache;
}

/**
 * `devices()` (jax.devices): the usable backends, `js` always and `gpu` where gpu.js loads (in the
 * mode it really runs).
 *
 * @example
 * ```ts
 * devices()[0]; // { name: "js", mode: "js", real: false, async: false }
 * devices().every((d) => d.name === "js" || d.name === "gpu"); // true
 * ```
 */
export function devices(): Device[] {
  const out: Device[] = [CPU_DEVICE];
  const gpu = gpuDevice();
  if (gpu !== null) out.push(gpu);
  return out;
}

/** The Device object of a backend (the GPU's starts gpu.js; RuntimeError-free: gpu.js's own error if it cannot load). */
export function deviceObject(name: DeviceName): Device {
  if (name === "js") return CPU_DEVICE;
  gpuRuntime();
  const gpu = gpuDevice();
  if (gpu === null) throw new TypeError("The GPU backend is not available (gpu.js did not load).");
  return gpu;
}

function checkName(name: unknown, what: string): DeviceName {
  if (name !== "js" && name !== "gpu") throw new TypeError(`${what}: unknown device ${JSON.stringify(name)}; expected "js" or "gpu".`);
  return name;
}

/**
 * `setDefaultDevice(name)` (jax.config's jax_default_device): where `jit` compiles when its options
 * name no device.
 *
 * @example
 * ```ts
 * setDefaultDevice("gpu");
 * const f = jit((x: Array) => x.mul(2));
 * deviceOf(f(np.array([1, 2]))); // "gpu"
 * setDefaultDevice("js");
 * deviceOf(f(np.array([1, 2]))); // "js"
 * ```
 */
export function setDefaultDevice(name: DeviceName): void {
  defaultDevice = checkName(name, "setDefaultDevice");
  if (defaultDevice === "gpu") gpuRuntime();
}

/**
 * Where `jit` compiles when its options name no device ("js" unless setDefaultDevice changed it).
 *
 * @example
 * ```ts
 * getDefaultDevice(); // "js"
 * ```
 */
export function getDefaultDevice(): DeviceName {
  return defaultDevice;
}

/**
 * `devicePut(x, device?)` (jax.device_put): the array's value on `device` (the default device if
 * omitted); eager operations on a GPU array run on the GPU. Traced values are returned unchanged.
 *
 * @example
 * ```ts
 * const x = devicePut(np.array([1, 2]), "gpu");
 * deviceOf(x); // "gpu"
 * deviceOf(x.add(1)); // "gpu"
 * deviceOf(devicePut(x, "js")); // "js"
 * devicePut(3); // Array(3, dtype=int32, weak_type=True)
 * ```
 */
export function devicePut(x: ArrayLike, device: DeviceName = defaultDevice): Array {
  checkName(device, "devicePut");
  const a: Array = isArray(x) ? x : scalarArray(x);
  const c = a.concreteValue();
  if (c === null || c !== a) return a;
  if (device === "gpu") {
    if (c instanceof GpuArray) return c;
    // Starts the GPU backend (loading gpu.js) first: outside webgpu mode an upload is only a
    // float32 copy, so without this a GPU array would be made where gpu.js is missing, and the
    // first use would fail later and elsewhere, while devices() listed no GPU.
    gpuRuntime();
    followGpuData();
    const value = gpuValueOf(new ArrayImpl(bufferOf(c).slice(), c.aval));
    value.device(); // uploads now, so an int32 beyond float32's exact range is refused here
    return new GpuArray(value, c.aval);
  }
  if (c instanceof GpuArray) return new ArrayImpl(c.value.hostSync().slice(), c.aval);
  return c;
}

/**
 * `deviceOf(x)` (JAX's `x.devices()`, one device per backend): which device holds a concrete array.
 *
 * @example
 * ```ts
 * deviceOf(np.ones([2])); // "js"
 * deviceOf(devicePut(np.ones([2]), "gpu")); // "gpu"
 * ```
 */
export function deviceOf(x: Array): DeviceName {
  return x instanceof GpuArray ? "gpu" : "js";
}

export { GpuArray, setGpuMode, initGpu, initWebGpu, shutdownGpu };
export type { GpuMode };
