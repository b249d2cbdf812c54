// Which sharding a concrete array reports (`x.sharding`): a SingleDeviceSharding of the device
// that holds it, unless it was placed with another sharding (devicePut, reshard, makeArrayFrom*),
// which is recorded on that result. Placing never changes the input's record: a result that would
// be the input object itself is a new Array over the same (immutable) buffer.
import type { Array } from "../core/array.js";
import { ArrayImpl, arrayHooks, bufferOf } from "../core/array.js";
import { GpuArray, deviceObject, deviceOf, devicePut as placeOn } from "../devices/index.js";
import type { Device } from "../devices/index.js";
import { SingleDeviceSharding } from "./shardings.js";
import type { Sharding } from "./shardings.js";

const recorded = new WeakMap<ArrayImpl, Sharding>();
const singleDevice = new Map<Device, SingleDeviceSharding>();

/** The SingleDeviceSharding of a device (one object per device, default memory kind). */
export function singleDeviceSharding(device: Device): SingleDeviceSharding {
  let s = singleDevice.get(device);
  if (s === undefined) singleDevice.set(device, (s = new SingleDeviceSharding(device)));
  return s;
}

/** A concrete array's sharding: what it was placed with, else its device's. */
export function shardingOf(a: ArrayImpl): Sharding {
  return recorded.get(a) ?? singleDeviceSharding(deviceObject(deviceOf(a)));
}

arrayHooks.sharding = shardingOf;

/** A sharding's device as the backends name it (its platform's one device). */
export function deviceNameOf(s: Sharding): "js" | "gpu" {
  const first = [...s.deviceSet][0];
  return first === undefined || first.name === "js" ? "js" : "gpu";
}

/**
 * `x` on the sharding's device, reporting `s` as its sharding (nothing is recorded for the
 * default SingleDeviceSharding). Traced values are returned unchanged.
 */
export function placeWithSharding(x: Array, s: Sharding): Array {
  const placed = placeOn(x, deviceNameOf(s));
  const c = placed.concreteValue();
  if (c === null || c !== placed) return placed;
  const target = s instanceof SingleDeviceSharding && s.memoryKind === "device" ? null : s;
  const current = recorded.get(c) ?? null;
  if (current === target) return c;
  if (target === null && current === null) return c;
  // A new object over the same buffer (a GPU value is copied: each GpuArray owns its value).
  const fresh = c instanceof GpuArray ? placeOn(placeOn(c, "js"), "gpu") : new ArrayImpl(bufferOf(c), c.aval);
  const freshConcrete = fresh.concreteValue();
  if (target !== null && freshConcrete !== null) recorded.set(freshConcrete, target);
  return fresh;
}
