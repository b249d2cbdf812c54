// jax.device_put with JAX's targets: a device name, a Device, a Sharding, or a PartitionSpec of
// the context mesh, applied to an array or to every array of a pytree. The placement itself is
// src/devices' devicePut; a sharding other than the device's own is recorded on the result.
import type { Array, ArrayLike } from "../core/array.js";
import { isArray } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import { ValueError } from "../core/errors.js";
import * as tree from "../tree/index.js";
import { Device, devicePut as placeOn, getDefaultDevice } from "../devices/index.js";
import type { DeviceName } from "../devices/index.js";
import { placeWithSharding, singleDeviceSharding } from "./arraySharding.js";
import { PartitionSpec } from "./partitionSpec.js";
import { checkShardingRank, resolveSharding } from "./resolve.js";
import type { Sharding } from "./shardings.js";

/** Where devicePut may put a value. */
export type Placement = DeviceName | Device | Sharding | PartitionSpec;

function placeOne(x: ArrayLike, target: Placement | null | undefined): Array {
  const a = isArray(x) ? x : scalarArray(x);
  if (target === undefined || target === null) return placeOn(a, getDefaultDevice());
  if (typeof target === "string") return placeOn(a, target);
  if (target instanceof Device) return placeWithSharding(a, singleDeviceSharding(target));
  const s = resolveSharding(target, () => new ValueError("Please set a mesh via `jax.set_mesh` if a PartitionSpec is passed to device_put"));
  checkShardingRank(s, a.ndim, "device_put args");
  return placeWithSharding(a, s);
}

/**
 * `devicePut(x, target?)` (jax.device_put): `x` (an array, a JS number, or a pytree of them) on
 * `target`: a device name ("js", "gpu"), a {@link Device}, a {@link Sharding} (the array then
 * reports it as `x.sharding`), or a PartitionSpec of the mesh set by `setMesh`. The default is the
 * default device. Eager operations on a GPU array run on the GPU; traced values are returned
 * unchanged (after the sharding's checks).
 *
 * @example
 * ```ts
 * const x = devicePut(np.array([1, 2]), "gpu");
 * deviceOf(x); // "gpu"
 * deviceOf(devicePut(x, devices()[0])); // "js"
 * const mesh = makeMesh([1], ["x"]);
 * String(devicePut(np.ones([4]), new NamedSharding(mesh, P("x"))).sharding); // "NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), memory_kind=device)"
 * devicePut({ w: np.ones([2]) }, devices()[0]).w; // Array([1., 1.], dtype=float32)
 * devicePut(3); // Array(3, dtype=int32, weak_type=True)
 * ```
 */
export function devicePut(x: ArrayLike, target?: Placement | null): Array;
export function devicePut<T>(x: T, target?: Placement | null): T;
export function devicePut(x: unknown, target?: Placement | null): unknown {
  return isLeafValue(x) ? placeOne(x, target) : tree.map((leaf: unknown) => (isLeafValue(leaf) ? placeOne(leaf, target) : leaf), x);
}

// Arrays, JS numbers and booleans, and a complex scalar `{ re, im }` (one value, not a pytree).
const isLeafValue = (x: unknown): x is ArrayLike =>
  isArray(x) || typeof x === "number" || typeof x === "boolean" || (typeof x === "object" && x !== null && Object.keys(x).sort().join() === "im,re" && typeof (x as { re: unknown }).re === "number");
