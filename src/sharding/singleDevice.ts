// jax.sharding.make_single_device_sharding (jax/_src/sharding_impls.py).
import type { Device } from "../devices/index.js";
import { SingleDeviceSharding } from "./shardings.js";

/**
 * `sharding.makeSingleDeviceSharding(device, { memoryKind })`: a SingleDeviceSharding of `device`.
 *
 * @example
 * ```ts
 * String(sharding.makeSingleDeviceSharding(devices()[0])); // "SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"
 * ```
 */
export function makeSingleDeviceSharding(device: Device, options: { memoryKind?: string | null } = {}): SingleDeviceSharding {
  return new SingleDeviceSharding(device, options);
}
