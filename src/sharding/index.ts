// jax.sharding: meshes, partition specs and shardings, the mesh context, and the sharding
// annotations of programs, on dprog's one device per platform (see docs/sharding.md).
export { PartitionSpec, P, UNCONSTRAINED } from "./partitionSpec.js";
export type { PartitionEntry, PartitionSpecOptions, PFunction, Unconstrained } from "./partitionSpec.js";
export { Mesh, AbstractMesh, AbstractDevice, AxisType, makeMesh } from "./mesh.js";
export type { DeviceGrid, MakeMeshOptions } from "./mesh.js";
export { Sharding, SingleDeviceSharding, NamedSharding, DuplicateSpecError, IndivisibleError } from "./shardings.js";
export type { MemoryKind, ShardIndex } from "./shardings.js";
export { setMesh, getMesh, getAbstractMesh, useAbstractMesh } from "./meshContext.js";
export type { MeshRestore } from "./meshContext.js";
export { reshard, autoAxes, explicitAxes, AssertionError } from "./constraints.js";
export type { ShardingLike, ShardingTree } from "./constraints.js";
export { makeSingleDeviceSharding } from "./singleDevice.js";
