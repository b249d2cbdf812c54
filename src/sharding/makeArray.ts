// jax.make_array_from_callback, make_array_from_single_device_arrays and
// make_array_from_process_local_data (jax/_src/array.py) for one process with one device per
// platform: the sharding's one device holds the whole array, so there is exactly one shard, whose
// index is a full slice (":") in every dimension.
import type { Array, NestedList } from "../core/array.js";
import { isArray } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { array as npArray } from "../numpy/index.js";
import type { DType } from "../../jaxpr/index.js";
import { placeWithSharding } from "./arraySharding.js";
import type { Sharding, ShardIndex } from "./shardings.js";
import { avalStr, pyTuple } from "./pythonRepr.js";

/** Data a shard may be given as: an Array or what `np.array` reads. */
export type ShardData = Array | NestedList | number | boolean;

const asArray = (data: ShardData, dtype: DType | undefined): Array => (isArray(data) && dtype === undefined ? data : npArray(data, dtype === undefined ? {} : { dtype }));

function checkShard(shape: readonly number[], s: Sharding, shard: Array): void {
  const expected = s.shardShape(shape);
  if (expected.join(",") !== shard.shape.join(",")) {
    throw new ValueError(`Expected shard shape ${pyTuple(expected)} doesn't match the single device array shape ${pyTuple(shard.shape)}. Shape of Array is ${avalStr({ dtype: shard.dtype, shape })} with sharding ${s}`);
  }
}

/**
 * `makeArrayFromCallback(shape, sharding, dataCallback, { dtype })` (jax.make_array_from_callback):
 * the array of `shape` whose shard on each device of `sharding` is `dataCallback(index)`, where
 * `index` lists the shard's slice per dimension (`":"`, the whole dimension, here: `x.get(...index)`
 * reads it from a global array).
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["x"]);
 * const global = np.arange(6).reshape([3, 2]);
 * const x = makeArrayFromCallback([3, 2], new NamedSharding(mesh, P("x")), (index) => global.get(...index));
 * x; // Array([[0, 1], [2, 3], [4, 5]], dtype=int32)
 * String(x.sharding.spec); // "P('x',)"
 * ```
 */
export function makeArrayFromCallback(shape: readonly number[], sharding: Sharding, dataCallback: (index: ShardIndex) => ShardData, options: { dtype?: DType } = {}): Array {
  const shards = [...sharding.addressableDevicesIndicesMap(shape)].map(([, index]) => asArray(dataCallback(index), options.dtype));
  return makeArrayFromSingleDeviceArrays(shape, sharding, shards);
}

/**
 * `makeArrayFromSingleDeviceArrays(shape, sharding, arrays)` (jax.make_array_from_single_device_arrays):
 * the array of `shape` made of one array per addressable device of `sharding` (here one).
 *
 * @example
 * ```ts
 * const s = new NamedSharding(makeMesh([1], ["x"]), P("x"));
 * makeArrayFromSingleDeviceArrays([2], s, [np.array([1, 2])]); // Array([1., 2.], dtype=float32)
 * ```
 */
export function makeArrayFromSingleDeviceArrays(shape: readonly number[], sharding: Sharding, arrays: readonly Array[]): Array {
  const devices = sharding.addressableDevices.size;
  if (arrays.length !== devices) {
    throw new ValueError(`Expected ${devices} per-device arrays (this is how many devices are addressable by the sharding), but got ${arrays.length}`);
  }
  const shard = arrays[0]!;
  checkShard(shape, sharding, shard);
  return placeWithSharding(shard, sharding);
}

/**
 * `makeArrayFromProcessLocalData(sharding, localData, globalShape?)` (jax.make_array_from_process_local_data):
 * the global array from this process's data; with one process the local data is the whole
 * array, so `globalShape` must be omitted or equal its shape.
 *
 * @example
 * ```ts
 * const s = new NamedSharding(makeMesh([1], ["batch"]), P("batch"));
 * makeArrayFromProcessLocalData(s, np.arange(4)); // Array([0, 1, 2, 3], dtype=int32)
 * ```
 */
export function makeArrayFromProcessLocalData(sharding: Sharding, localData: ShardData, globalShape?: readonly number[] | null): Array {
  const data = asArray(localData, undefined);
  if (globalShape !== undefined && globalShape !== null && globalShape.join(",") !== data.shape.join(",")) {
    throw new ValueError(`When calling \`make_array_from_process_local_data\` on a single process, global_shape should be None or equal to local_data.shape.Got global_shape=${pyTuple(globalShape)} and local_data.shape=${pyTuple(data.shape)}.`);
  }
  return makeArrayFromSingleDeviceArrays(data.shape, sharding, [data]);
}
