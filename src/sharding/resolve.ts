// Turning the sharding arguments of devicePut, withShardingConstraint and reshard into a
// Sharding: a bare PartitionSpec is read against the context mesh (jax.set_mesh), each API
// with its own error when there is none (jax/_src/api.py device_put, pjit.py
// with_sharding_constraint, sharding_impls.py reshard).
import { ValueError } from "../core/errors.js";
import { Mesh } from "./mesh.js";
import { contextMesh, getAbstractMesh } from "./meshContext.js";
import { PartitionSpec } from "./partitionSpec.js";
import { NamedSharding, Sharding } from "./shardings.js";

/** A NamedSharding of the context mesh for `spec`, or null when no mesh is set. */
export function contextSharding(spec: PartitionSpec): NamedSharding | null {
  const abstract = getAbstractMesh();
  if (abstract.empty) return null;
  const concrete = contextMesh();
  // The concrete mesh's devices with the abstract mesh's axis types (autoAxes/explicitAxes and
  // useAbstractMesh change only those), where both have the same axes.
  if (concrete !== null && concrete.axisNames.join() === abstract.axisNames.join() && concrete.axisSizes.join() === abstract.axisSizes.join()) {
    const mesh = concrete.axisTypes.join() === abstract.axisTypes.join() ? concrete : new Mesh(concrete.devices, concrete.axisNames, { axisTypes: abstract.axisTypes });
    return new NamedSharding(mesh, spec);
  }
  return new NamedSharding(abstract, spec);
}

/** `s` as a Sharding; a PartitionSpec without a context mesh raises `noMesh(spec)`. */
export function resolveSharding(s: Sharding | PartitionSpec, noMesh: (spec: PartitionSpec) => Error): Sharding {
  if (s instanceof Sharding) return s;
  if (!(s instanceof PartitionSpec)) throw new TypeError(`Expected a Sharding or a PartitionSpec; got ${String(s)}.`);
  const named = contextSharding(s);
  if (named === null) throw noMesh(s);
  return named;
}

/** JAX's rank check of a sharding against a value (check_compatible_aval), in `what`'s words. */
export function checkShardingRank(s: Sharding, ndim: number, what: string): void {
  if (!(s instanceof NamedSharding) || s.spec.length <= ndim) return;
  throw new ValueError(
    `One of ${what} is incompatible with its sharding annotation ${s}: Sharding ${s} is only valid for values of rank at least ${s.spec.length}, but was applied to a value of rank ${ndim}.${ndim === 0 ? " For scalars the PartitionSpec should be P()" : ""}`,
  );
}
