// jax.sharding.Mesh, AbstractMesh, AbstractDevice, AxisType and jax.make_mesh, after
// jax/_src/mesh.py and jax/_src/sharding_impls.py (make_mesh). A Mesh lays devices of one
// platform out on named axes; dprog has one device per platform, so every axis of a concrete
// mesh has size 1 (asking for more devices raises JAX's error). An AbstractMesh is only the
// axis sizes, names and types, and may be any size (it describes, it does not place).
import { ValueError } from "../core/errors.js";
import { Device, devices as allDevices, getDefaultDevice, deviceObject } from "../devices/index.js";
import { pyTuple, quoted } from "./pythonRepr.js";

/** JAX's AxisType: how the compiler treats a mesh axis (Auto: it decides; Explicit: in the types; Manual: shard_map). */
export const AxisType = Object.freeze({ Auto: "Auto", Explicit: "Explicit", Manual: "Manual" } as const);
export type AxisType = (typeof AxisType)[keyof typeof AxisType];

function checkAxisTypes(names: readonly string[], types: readonly AxisType[] | undefined, fallback: AxisType): AxisType[] {
  const out = types === undefined ? names.map(() => fallback) : [...types];
  if (out.length !== names.length) {
    throw new ValueError(`Number of axis names should match the number of axis_types. Got axis_names=${pyTuple(quoted(names))} and axis_types=${pyTuple(out)}`);
  }
  for (const t of out) if (t !== "Auto" && t !== "Explicit" && t !== "Manual") throw new TypeError(`axis_types must be AxisType values (Auto, Explicit, Manual); got ${String(t)}.`);
  return out;
}

/**
 * `AbstractDevice` (jax.sharding.AbstractDevice): a device kind and core count without a device,
 * what an AbstractMesh made from a Mesh records.
 *
 * @example
 * ```ts
 * const d = new sharding.AbstractDevice("cpu", null);
 * [d.deviceKind, d.numCores]; // ["cpu", null]
 * ```
 */
export class AbstractDevice {
  constructor(
    /** The devices' kind ("cpu", or the GPU adapter). */
    readonly deviceKind: string,
    /** Cores per device, where known. */
    readonly numCores: number | null = null,
  ) {}
  /**
   * JAX's repr.
   *
   * @example
   * ```ts
   * String(new sharding.AbstractDevice("cpu")); // "AbstractDevice(device_kind=cpu, num_cores=None)"
   * ```
   */
  toString(): string {
    return `AbstractDevice(device_kind=${this.deviceKind}, num_cores=${this.numCores ?? "None"})`;
  }
}

/** What Mesh and AbstractMesh share: named axes with sizes and types. */
abstract class MeshAxes {
  readonly axisNames: readonly string[];
  readonly axisSizes: readonly number[];
  readonly axisTypes: readonly AxisType[];
  constructor(sizes: readonly number[], names: readonly string[], types: readonly AxisType[]) {
    this.axisSizes = Object.freeze([...sizes]);
    this.axisNames = Object.freeze([...names]);
    this.axisTypes = Object.freeze([...types]);
  }
  /** Axis name to size, in order (JAX's `mesh.shape`, an OrderedDict). */
  get shape(): ReadonlyMap<string, number> {
    return new Map(this.axisNames.map((n, i) => [n, this.axisSizes[i]!]));
  }
  /** `[[name, size], ...]` (JAX's `shape_tuple`). */
  get shapeTuple(): [string, number][] {
    return this.axisNames.map((n, i) => [n, this.axisSizes[i]!]);
  }
  /** The number of devices (the product of the axis sizes). */
  get size(): number {
    return this.axisSizes.reduce((a, b) => a * b, 1);
  }
  /** Whether the mesh has no axes. */
  get empty(): boolean {
    return this.axisNames.length === 0;
  }
  /** The type of a named axis (undefined if the mesh has no such axis). */
  axisType(name: string): AxisType | undefined {
    const i = this.axisNames.indexOf(name);
    return i < 0 ? undefined : this.axisTypes[i];
  }
  /** The names of the axes of each type (JAX's `explicit_axes`, `auto_axes`, `manual_axes`). */
  get explicitAxes(): string[] {
    return this.axisNames.filter((_, i) => this.axisTypes[i] === "Explicit");
  }
  get autoAxes(): string[] {
    return this.axisNames.filter((_, i) => this.axisTypes[i] === "Auto");
  }
  get manualAxes(): string[] {
    return this.axisNames.filter((_, i) => this.axisTypes[i] === "Manual");
  }
  protected axesRepr(): string {
    return `${this.axisNames.map((n, i) => `'${n}': ${this.axisSizes[i]}`).join(", ")}${this.empty ? "()" : ""}, axis_types=${pyTuple(this.axisTypes)}`;
  }
}

/**
 * `AbstractMesh` (jax.sharding.AbstractMesh): axis sizes, names and types with no devices, what
 * `getAbstractMesh()` returns and tracing sees.
 *
 * @example
 * ```ts
 * const m = new sharding.AbstractMesh([2, 4], ["x", "y"]);
 * String(m); // "AbstractMesh('x': 2, 'y': 4, axis_types=(Auto, Auto))"
 * m.size; // 8
 * ```
 */
export class AbstractMesh extends MeshAxes {
  /** The kind of device a concrete mesh had (null for one made directly). */
  readonly abstractDevice: AbstractDevice | null;
  constructor(axisSizes: readonly number[], axisNames: readonly string[], options: { axisTypes?: readonly AxisType[]; abstractDevice?: AbstractDevice | null } = {}) {
    if (axisSizes.length !== axisNames.length) {
      throw new ValueError(`safe_zip() argument 1 has length ${axisNames.length} but argument 0 has length ${axisSizes.length}. All lengths: (${axisSizes.length}, ${axisNames.length})`);
    }
    super(axisSizes, axisNames, checkAxisTypes(axisNames, options.axisTypes, "Auto"));
    this.abstractDevice = options.abstractDevice ?? null;
  }
  /**
   * The same mesh with some axes' types changed (JAX's `update_axis_types`).
   *
   * @example
   * ```ts
   * String(new sharding.AbstractMesh([1], ["x"]).updateAxisTypes({ x: "Explicit" })); // "AbstractMesh('x': 1, axis_types=(Explicit,))"
   * ```
   */
  updateAxisTypes(types: Readonly<Record<string, AxisType>>): AbstractMesh {
    return new AbstractMesh(this.axisSizes, this.axisNames, { axisTypes: this.axisNames.map((n, i) => types[n] ?? this.axisTypes[i]!), abstractDevice: this.abstractDevice });
  }
  /**
   * Whether two abstract meshes have the same axes (sizes, names, types) and device kind.
   *
   * @example
   * ```ts
   * new sharding.AbstractMesh([1], ["x"]).equals(new sharding.AbstractMesh([1], ["x"])); // true
   * ```
   */
  equals(other: AbstractMesh): boolean {
    return String(this) === String(other);
  }
  /**
   * JAX's repr, e.g. `AbstractMesh('x': 1, axis_types=(Explicit,), device_kind=cpu, num_cores=None, platform=cpu)`.
   *
   * @example
   * ```ts
   * String(sharding.getAbstractMesh()); // "AbstractMesh((), axis_types=())"
   * ```
   */
  override toString(): string {
    if (this.empty) return "AbstractMesh((), axis_types=())";
    const device = this.abstractDevice === null ? "" : `, device_kind=${this.abstractDevice.deviceKind}, num_cores=${this.abstractDevice.numCores ?? "None"}, platform=${this.abstractDevice.deviceKind === "cpu" ? "cpu" : "gpu"}`;
    return `AbstractMesh(${this.axesRepr()}${device})`;
  }
}

/** Devices nested as an n-dimensional array (numpy's object array of JAX's Mesh). */
export type DeviceGrid = Device | readonly DeviceGrid[];

function gridShape(grid: DeviceGrid): number[] {
  if (grid instanceof Device) return [];
  const inner = grid.map(gridShape);
  const first = inner[0] ?? [];
  if (inner.some((s) => s.join(",") !== first.join(","))) throw new ValueError("Mesh devices must form a rectangular array.");
  return [grid.length, ...first];
}

const gridDevices = (grid: DeviceGrid): Device[] => (grid instanceof Device ? [grid] : grid.flatMap(gridDevices));

/**
 * `Mesh` (jax.sharding.Mesh): devices laid out on named axes. `devices` is a nested array of
 * Device objects whose rank equals the number of names; dprog has one device per platform, so
 * each axis has size 1. Axis types default to Auto, as JAX's constructor does (`makeMesh`
 * defaults to Explicit).
 *
 * @example
 * ```ts
 * const mesh = new sharding.Mesh([devices()[0]], ["x"]);
 * String(mesh); // "Mesh('x': 1, axis_types=(Auto,))"
 * mesh.repr(); // "Mesh(axis_sizes=(1,), axis_names=('x',), axis_types=(Auto,))"
 * mesh.size; // 1
 * ```
 */
export class Mesh extends MeshAxes {
  /** The devices as a nested array of the mesh's shape. */
  readonly devices: DeviceGrid;
  constructor(devices: DeviceGrid, axisNames: readonly string[] | string, options: { axisTypes?: readonly AxisType[] } = {}) {
    const names = typeof axisNames === "string" ? [axisNames] : axisNames;
    // An empty mesh (JAX's empty_concrete_mesh) has no axes and no devices.
    const shape = names.length === 0 && !(devices instanceof Device) && devices.length === 0 ? [] : gridShape(devices);
    if (shape.length !== names.length) {
      throw new ValueError(`Mesh requires the ndim of its first argument (\`devices\`) to equal the length of its second argument (\`axis_names\`), but got devices.ndim == ${shape.length} and len(axis_names) == ${names.length}.`);
    }
    const flat = gridDevices(devices);
    if (new Set(flat).size !== flat.length) throw new ValueError(`Mesh devices must be distinct; got ${flat.map(String).join(", ")}.`);
    if (new Set(flat.map((d) => d.platform)).size > 1) throw new ValueError(`A Mesh holds devices of one platform; got ${flat.map(String).join(", ")}.`);
    super(shape, names, checkAxisTypes(names, options.axisTypes, "Auto"));
    this.devices = devices;
  }
  /** The devices in row-major order (numpy's `mesh.devices.flat`). */
  get deviceList(): Device[] {
    return gridDevices(this.devices);
  }
  /** The device ids (JAX's `mesh.device_ids`, flattened). */
  get deviceIds(): number[] {
    return this.deviceList.map((d) => d.id);
  }
  /** This process's devices of the mesh (all of them: one process). */
  get localDevices(): Device[] {
    return this.deviceList;
  }
  /** Whether the mesh spans several processes (never, in dprog). */
  get isMultiProcess(): boolean {
    return false;
  }
  /**
   * The mesh without its devices (JAX's `mesh.abstract_mesh`).
   *
   * @example
   * ```ts
   * String(makeMesh([1], ["x"]).abstractMesh); // "AbstractMesh('x': 1, axis_types=(Explicit,), device_kind=cpu, num_cores=None, platform=cpu)"
   * ```
   */
  get abstractMesh(): AbstractMesh {
    const first = this.deviceList[0];
    return new AbstractMesh(this.axisSizes, this.axisNames, { axisTypes: this.axisTypes, abstractDevice: first === undefined ? null : new AbstractDevice(first.deviceKind) });
  }
  /**
   * Whether two meshes have the same devices, axis names and types (`==`).
   *
   * @example
   * ```ts
   * makeMesh([1], ["x"]).equals(makeMesh([1], ["x"])); // true
   * ```
   */
  equals(other: Mesh): boolean {
    const a = this.deviceList;
    const b = other.deviceList;
    return this.repr() === other.repr() && a.length === b.length && a.every((d, i) => d === b[i]);
  }
  /**
   * JAX's repr: `Mesh(axis_sizes=(1,), axis_names=('x',), axis_types=(Explicit,))`.
   *
   * @example
   * ```ts
   * makeMesh([1, 1], ["x", "y"]).repr(); // "Mesh(axis_sizes=(1, 1), axis_names=('x', 'y'), axis_types=(Explicit, Explicit))"
   * ```
   */
  repr(): string {
    return `Mesh(axis_sizes=${pyTuple(this.axisSizes)}, axis_names=${pyTuple(quoted(this.axisNames))}, axis_types=${pyTuple(this.axisTypes)})`;
  }
  /**
   * JAX's str: `Mesh('x': 1, axis_types=(Explicit,))`.
   *
   * @example
   * ```ts
   * String(makeMesh([1], ["x"])); // "Mesh('x': 1, axis_types=(Explicit,))"
   * ```
   */
  override toString(): string {
    return `Mesh(${this.axesRepr()})`;
  }
}

/** `makeMesh`'s keyword arguments. */
export interface MakeMeshOptions {
  /** Each axis's type (default: all Explicit, as JAX 0.10's make_mesh). */
  axisTypes?: readonly AxisType[];
  /** The devices to use (default: the default backend's, `devices()`). */
  devices?: readonly Device[];
}

/**
 * `makeMesh(axisShapes, axisNames, { axisTypes, devices })` (jax.make_mesh): a Mesh of the
 * default backend's devices. dprog has one device per platform, so the product of `axisShapes`
 * must be 1; more raises JAX's error. Axis types default to Explicit, as in JAX 0.10.
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1, 1], ["data", "model"]);
 * String(mesh); // "Mesh('data': 1, 'model': 1, axis_types=(Explicit, Explicit))"
 * let err: unknown;
 * try { makeMesh([2], ["x"]); } catch (e) { err = e; }
 * (err as Error).message; // "Number of devices 1 must be >= the product of mesh_shape (2,)"
 * ```
 */
export function makeMesh(axisShapes: readonly number[], axisNames: readonly string[], options: MakeMeshOptions = {}): Mesh {
  if (!globalThis.Array.isArray(axisShapes)) throw new TypeError(`'${typeof axisShapes}' object is not iterable`);
  if (axisShapes.some((s) => !Number.isInteger(s) || s < 1)) throw new ValueError(`make_mesh axis_shapes must be positive integers; got ${pyTuple(axisShapes)}.`);
  const pool = options.devices ?? allDevices().filter((d) => d === deviceObject(getDefaultDevice()));
  const total = axisShapes.reduce((a, b) => a * b, 1);
  if (pool.length < total) throw new ValueError(`Number of devices ${pool.length} must be >= the product of mesh_shape ${pyTuple(axisShapes)}`);
  if (axisShapes.length !== axisNames.length) {
    throw new ValueError(`Mesh requires the ndim of its first argument (\`devices\`) to equal the length of its second argument (\`axis_names\`), but got devices.ndim == ${axisShapes.length} and len(axis_names) == ${axisNames.length}.`);
  }
  const axisTypes = checkAxisTypes(axisNames, options.axisTypes, "Explicit");
  // Reshape the first `total` devices row-major into the axis shape.
  const build = (dims: readonly number[], offset: number): DeviceGrid => {
    if (dims.length === 0) return pool[offset]!;
    const stride = dims.slice(1).reduce((a, b) => a * b, 1);
    return Array.from({ length: dims[0]! }, (_, i) => build(dims.slice(1), offset + i * stride));
  };
  return new Mesh(build(axisShapes, 0), axisNames, { axisTypes });
}
