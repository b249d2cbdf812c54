// jax.sharding.Sharding, SingleDeviceSharding and NamedSharding, after jax/_src/sharding.py,
// jax/_src/sharding_impls.py and jax/_src/named_sharding.py (validation: _check_unique_resources,
// _check_mesh_resource_axis, _check_mesh_unreduced). A sharding says which device holds which
// slice of an array; with one device per platform every shard is the whole array, so the index
// of every device is a full slice per dimension (`":"`, which `x.get(...)` reads).
import { ValueError } from "../core/errors.js";
import type { Device } from "../devices/index.js";
import { AbstractMesh, Mesh } from "./mesh.js";
import { PartitionSpec, UNCONSTRAINED, entryNames } from "./partitionSpec.js";
import { pyTuple, quoted } from "./pythonRepr.js";

/** The memory kinds JAX's CPU client offers (`device` is the default). */
const MEMORY_KINDS = ["device", "pinned_host", "unpinned_host"] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/** JAX's DuplicateSpecError: a spec maps one mesh axis to two dimensions. */
export class DuplicateSpecError extends Error {
  override name = "DuplicateSpecError";
}

/** JAX's IndivisibleError (jax/_src/sharding_impls.py): a dimension not divisible by its mesh axes. */
export class IndivisibleError extends Error {
  override name = "IndivisibleError";
}

/** One dimension's slice of a shard: every dimension is whole here (JAX's `slice(None)`). */
export type ShardIndex = ":"[];

function checkMemoryKind(device: Device, kind: string): MemoryKind {
  if (!(MEMORY_KINDS as readonly string[]).includes(kind)) {
    throw new ValueError(`Could not find memory addressable by device ${device.platform}. Device ${device.platform} can address the following memory kinds: ${MEMORY_KINDS.join(", ")}. Got memory kind: ${kind}`);
  }
  return kind as MemoryKind;
}

/**
 * `Sharding` (jax.sharding.Sharding): the base class of shardings, with the queries JAX users make.
 *
 * @example
 * ```ts
 * const s = np.ones([2, 3]).sharding;
 * s instanceof sharding.Sharding; // true
 * [s.numDevices, s.isFullyReplicated, s.isFullyAddressable, s.memoryKind]; // [1, true, true, "device"]
 * s.shardShape([2, 3]); // [2, 3]
 * ```
 */
export abstract class Sharding {
  /** The devices holding a shard (JAX's `device_set`). */
  abstract get deviceSet(): Set<Device>;
  /** The memory kind (JAX's `memory_kind`). */
  abstract get memoryKind(): MemoryKind;
  /** The same sharding on another memory kind (JAX's `with_memory_kind`). */
  abstract withMemoryKind(kind: string): Sharding;
  /** The shape of each shard of an array of `globalShape` (JAX's `shard_shape`). */
  abstract shardShape(globalShape: readonly number[]): number[];
  abstract toString(): string;

  /**
   * The device count.
   *
   * @example
   * ```ts
   * np.ones([2]).sharding.numDevices; // 1
   * ```
   */
  get numDevices(): number {
    return this.deviceSet.size;
  }
  /**
   * Whether every device holds the whole array: always, with one device.
   *
   * @example
   * ```ts
   * np.ones([2]).sharding.isFullyReplicated; // true
   * ```
   */
  get isFullyReplicated(): boolean {
    return this.numDevices === 1;
  }
  /**
   * Whether this process can address every device: always, with one process.
   *
   * @example
   * ```ts
   * np.ones([2]).sharding.isFullyAddressable; // true
   * ```
   */
  get isFullyAddressable(): boolean {
    return true;
  }
  /**
   * The devices of this process holding a shard (JAX's `addressable_devices`).
   *
   * @example
   * ```ts
   * [...np.ones([2]).sharding.addressableDevices].map(String); // ["CpuDevice(id=0)"]
   * ```
   */
  get addressableDevices(): Set<Device> {
    return this.deviceSet;
  }
  /**
   * Which slice of an array of `globalShape` each device holds (JAX's `devices_indices_map`):
   * the full slice `":"` in every dimension.
   *
   * @example
   * ```ts
   * [...np.ones([2, 3]).sharding.devicesIndicesMap([2, 3]).values()]; // [[":", ":"]]
   * ```
   */
  devicesIndicesMap(globalShape: readonly number[]): Map<Device, ShardIndex> {
    this.shardShape(globalShape);
    return new Map([...this.deviceSet].map((d) => [d, globalShape.map(() => ":" as const)]));
  }
  /**
   * {@link devicesIndicesMap} for this process's devices (all of them).
   *
   * @example
   * ```ts
   * np.ones([2]).sharding.addressableDevicesIndicesMap([2]).size; // 1
   * ```
   */
  addressableDevicesIndicesMap(globalShape: readonly number[]): Map<Device, ShardIndex> {
    return this.devicesIndicesMap(globalShape);
  }
  /**
   * Whether two shardings place an array of rank `ndim` the same way (JAX's `is_equivalent_to`):
   * the same devices and memory kind (every shard being whole).
   *
   * @example
   * ```ts
   * const mesh = makeMesh([1], ["x"]);
   * new NamedSharding(mesh, P("x")).isEquivalentTo(np.ones([2]).sharding, 1); // true
   * ```
   */
  isEquivalentTo(other: Sharding, ndim: number): boolean {
    void ndim;
    const a = [...this.deviceSet];
    const b = [...other.deviceSet];
    return a.length === b.length && a.every((d) => other.deviceSet.has(d)) && this.memoryKind === other.memoryKind;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * `SingleDeviceSharding(device, { memoryKind })` (jax.sharding.SingleDeviceSharding): the whole
 * array on one device; every concrete array's `.sharding` unless it was placed with another.
 *
 * @example
 * ```ts
 * const s = new sharding.SingleDeviceSharding(devices()[0]);
 * String(s); // "SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"
 * s.equals(np.ones([2]).sharding); // true
 * ```
 */
export class SingleDeviceSharding extends Sharding {
  readonly #memoryKind: MemoryKind;
  constructor(
    /** The device holding the array. */
    readonly device: Device,
    options: { memoryKind?: string | null } = {},
  ) {
    super();
    this.#memoryKind = checkMemoryKind(device, options.memoryKind ?? "device");
  }
  get deviceSet(): Set<Device> {
    return new Set([this.device]);
  }
  get memoryKind(): MemoryKind {
    return this.#memoryKind;
  }
  withMemoryKind(kind: string): SingleDeviceSharding {
    return new SingleDeviceSharding(this.device, { memoryKind: kind });
  }
  shardShape(globalShape: readonly number[]): number[] {
    return [...globalShape];
  }
  /**
   * Whether both are single-device shardings of the same device and memory kind (`==`).
   *
   * @example
   * ```ts
   * new sharding.SingleDeviceSharding(devices()[0]).equals(new sharding.SingleDeviceSharding(devices()[0], { memoryKind: "pinned_host" })); // false
   * ```
   */
  equals(other: Sharding): boolean {
    return other instanceof SingleDeviceSharding && other.device === this.device && other.memoryKind === this.memoryKind;
  }
  toString(): string {
    return `SingleDeviceSharding(device=${this.device}, memory_kind=${this.#memoryKind})`;
  }
}

const showAxes = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(", ");

// jax/_src/named_sharding.py: _check_unique_resources, _check_mesh_resource_axis, _check_mesh_unreduced.
function checkSpec(mesh: Mesh | AbstractMesh, spec: PartitionSpec): void {
  const used = spec.axisNames();
  const repeated = used.filter((n, i) => used.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw new DuplicateSpecError(`A single NamedSharding spec specification can map every mesh axis to at most one positional dimension, but ${spec} has duplicate entries for ${showAxes([...new Set(repeated)])}`);
  }
  for (const name of used) {
    if (!mesh.axisNames.includes(name)) throw new ValueError(`Resource axis: ${name} of ${spec} is not found in mesh: ${pyTuple(quoted(mesh.axisNames))}.`);
  }
  if (!mesh.axisTypes.includes("Auto") && spec.partitions.includes(UNCONSTRAINED)) {
    throw new ValueError(`${spec} cannot contain \`P.UNCONSTRAINED\` when no mesh axis_types are \`Auto\`. Got mesh axis_types: ${pyTuple(mesh.axisTypes)}`);
  }
  for (const [what, names] of [["Unreduced", spec.unreduced], ["Reduced", spec.reduced]] as const) {
    for (const name of names) {
      if (!mesh.axisNames.includes(name)) throw new ValueError(`${what} axes ${name} is not found in mesh.axis_names=${pyTuple(quoted(mesh.axisNames))}. Got pspec=${spec}`);
      if (mesh.axisType(name) !== "Explicit") throw new ValueError(`${what} axes can only refer to mesh axes that is of type \`Explicit\`. Got ${what.toLowerCase()} axes: {${[...names].map((n) => `'${n}'`).join(", ")}} and mesh: ${mesh}`);
    }
  }
}

/**
 * `NamedSharding(mesh, spec, { memoryKind })` (jax.sharding.NamedSharding): dimension `i` of an
 * array split over the mesh axes named by `spec`'s entry `i`. The spec is checked as JAX does
 * (axes of the mesh, each used once, UNCONSTRAINED only with an Auto axis).
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["x"]);
 * const s = new NamedSharding(mesh, P("x"));
 * String(s); // "NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), memory_kind=device)"
 * s.shardShape([4, 3]); // [4, 3]
 * let err: unknown;
 * try { new NamedSharding(mesh, P("x", "x")); } catch (e) { err = e; }
 * (err as Error).message; // "A single NamedSharding spec specification can map every mesh axis to at most one positional dimension, but P('x', 'x') has duplicate entries for `x`"
 * ```
 */
export class NamedSharding extends Sharding {
  readonly #memoryKind: MemoryKind | null;
  constructor(
    /** The mesh (a concrete Mesh, or an AbstractMesh for shardings that only describe). */
    readonly mesh: Mesh | AbstractMesh,
    /** The partition spec. */
    readonly spec: PartitionSpec,
    options: { memoryKind?: string | null } = {},
  ) {
    super();
    if (!(mesh instanceof Mesh) && !(mesh instanceof AbstractMesh)) throw new TypeError(`NamedSharding's mesh must be a Mesh or an AbstractMesh; got ${String(mesh)}.`);
    if (!(spec instanceof PartitionSpec)) throw new TypeError(`NamedSharding's spec must be a PartitionSpec (P(...)); got ${String(spec)}.`);
    checkSpec(mesh, spec);
    const first = mesh instanceof Mesh ? mesh.deviceList[0] : undefined;
    this.#memoryKind = mesh instanceof AbstractMesh ? null : first === undefined ? "device" : checkMemoryKind(first, options.memoryKind ?? "device");
  }
  get deviceSet(): Set<Device> {
    if (!(this.mesh instanceof Mesh)) throw new ValueError("device_set is not implemented for `jax.sharding.AbstractMesh`.");
    return new Set(this.mesh.deviceList);
  }
  get memoryKind(): MemoryKind {
    return this.#memoryKind ?? "device";
  }
  withMemoryKind(kind: string): NamedSharding {
    return new NamedSharding(this.mesh, this.spec, { memoryKind: kind });
  }
  /**
   * Each dimension divided by the product of its mesh axes' sizes; JAX's IndivisibleError when
   * one does not divide (only an AbstractMesh can have axes larger than 1 here).
   *
   * @example
   * ```ts
   * new NamedSharding(new sharding.AbstractMesh([2], ["x"]), P("x")).shardShape([4]); // [2]
   * ```
   */
  shardShape(globalShape: readonly number[]): number[] {
    const factors = globalShape.map((_, i) => {
      const entry = this.spec.partitions[i];
      return entry === undefined ? 1 : entryNames(entry).reduce((p, n) => p * this.mesh.axisSizes[this.mesh.axisNames.indexOf(n)]!, 1);
    });
    globalShape.forEach((size, i) => {
      if (size % factors[i]! !== 0) {
        throw new IndivisibleError(`Sharding ${this} implies that array axis ${i} is partitioned ${factors[i]} times, but the dimension size is ${size} (full shape: ${pyTuple(globalShape)}, per-dimension tiling factors: [${factors.join(", ")}] should evenly divide the shape)`);
      }
    });
    return globalShape.map((s, i) => s / factors[i]!);
  }
  /**
   * Whether both have the same mesh, spec and memory kind (`==`).
   *
   * @example
   * ```ts
   * const mesh = makeMesh([1], ["x"]);
   * new NamedSharding(mesh, P("x")).equals(new NamedSharding(mesh, P("x"))); // true
   * ```
   */
  equals(other: Sharding): boolean {
    if (!(other instanceof NamedSharding) || !this.spec.equals(other.spec) || this.memoryKind !== other.memoryKind) return false;
    const [a, b] = [this.mesh, other.mesh];
    return a instanceof Mesh && b instanceof Mesh ? a.equals(b) : a instanceof AbstractMesh && b instanceof AbstractMesh && a.equals(b);
  }
  toString(): string {
    return `NamedSharding(mesh=${this.mesh}, spec=${this.spec}${this.#memoryKind === null ? "" : `, memory_kind=${this.#memoryKind}`})`;
  }
}
