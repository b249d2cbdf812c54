// jax.Device as a runtime class: dprog's devices (one per backend) are instances, so
// `x instanceof Device` works as `isinstance(d, jax.Device)` does. The own fields are what
// `devices()` has always listed; JAX's attributes (id, platform, device_kind, process_index) are
// getters on the prototype, after xla_client's Device (jax/_src/lib, `CpuDevice(id=0)` repr).
import type { GpuMode } from "../../backends/gpu/index.js";

/** A backend's name: "js" (the default: fused JavaScript loops and the wasm GEMM) or "gpu" (gpu.js). */
export type DeviceName = "js" | "gpu";

/**
 * `Device` (jax.Device): one usable backend, as `devices()` lists it. dprog has one device per
 * platform: the JS backend (JAX's "cpu") and, where gpu.js loads, the GPU backend.
 *
 * @example
 * ```ts
 * const cpu = devices()[0];
 * cpu instanceof Device; // true
 * [cpu.id, cpu.platform, cpu.deviceKind, cpu.processIndex]; // [0, "cpu", "cpu", 0]
 * cpu.toString(); // "CpuDevice(id=0)"
 * ```
 */
export class Device {
  /** Which backend. */
  readonly name: DeviceName;
  /** "js" for the JS backend; gpu.js's mode for the GPU backend. */
  readonly mode: "js" | GpuMode;
  /** Whether the kernels run on a GPU (false for the JS backend and gpu.js's webasm/cpu modes). */
  readonly real: boolean;
  /** Whether results are read asynchronously only (`await x.data()`). */
  readonly async: boolean;
  /** What runs the kernels, where the mode can tell (the WebGPU adapter's description). */
  declare readonly adapter?: string;

  constructor(info: { name: DeviceName; mode: "js" | GpuMode; real: boolean; async: boolean; adapter?: string }) {
    this.name = info.name;
    this.mode = info.mode;
    this.real = info.real;
    this.async = info.async;
    if (info.adapter !== undefined) this.adapter = info.adapter;
  }

  /**
   * The device's number on its platform (jax.Device.id): 0, each platform having one device.
   *
   * @example
   * ```ts
   * devices()[0].id; // 0
   * ```
   */
  get id(): number {
    return 0;
  }
  /**
   * JAX's platform name (jax.Device.platform): "cpu" for the JS backend, "gpu" for gpu.js.
   *
   * @example
   * ```ts
   * devices()[0].platform; // "cpu"
   * ```
   */
  get platform(): "cpu" | "gpu" {
    return this.name === "js" ? "cpu" : "gpu";
  }
  /**
   * What kind of device (jax.Device.device_kind): "cpu", or the GPU adapter where known.
   *
   * @example
   * ```ts
   * devices()[0].deviceKind; // "cpu"
   * ```
   */
  get deviceKind(): string {
    return this.name === "js" ? "cpu" : (this.adapter ?? "gpu");
  }
  /**
   * The process holding the device (jax.Device.process_index): 0, dprog runs one process.
   *
   * @example
   * ```ts
   * devices()[0].processIndex; // 0
   * ```
   */
  get processIndex(): number {
    return 0;
  }
  /**
   * JAX's repr: `CpuDevice(id=0)` or `GpuDevice(id=0)`.
   *
   * @example
   * ```ts
   * String(devices()[0]); // "CpuDevice(id=0)"
   * ```
   */
  toString(): string {
    return `${this.name === "js" ? "Cpu" : "Gpu"}Device(id=${this.id})`;
  }
}
