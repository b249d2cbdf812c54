// The mesh context: jax.set_mesh / jax.sharding.get_mesh / get_abstract_mesh / use_abstract_mesh
// (jax/_src/sharding_impls.py `set_mesh`, jax/_src/mesh.py). JAX's context managers become two
// forms here: `setMesh(mesh, fn)` runs fn with the mesh set and restores the previous one (the
// `with` form, as the config module's scoped options do), and `setMesh(mesh)` sets it and returns
// a handle whose `restore()` (or `Symbol.dispose`, for `using`) puts the previous one back.
import { ValueError } from "../core/errors.js";
import { disposeSymbol } from "../core/array.js";
import { isEager } from "../core/trace.js";
import { setAbstractMeshKey } from "../core/traceContext.js";
import { AbstractMesh, Mesh } from "./mesh.js";

const EMPTY_ABSTRACT_MESH = new AbstractMesh([], []);

let concreteMesh: Mesh | null = null;
let abstractMesh: AbstractMesh = EMPTY_ABSTRACT_MESH;

/** What `setMesh(mesh)` and `useAbstractMesh(mesh)` return: puts the previous mesh back. */
export interface MeshRestore {
  /** Restores the mesh context that was current before the call (JAX's `__exit__`). */
  restore(): void;
}

function swap(conc: Mesh | null, abs: AbstractMesh): MeshRestore {
  const previous = [concreteMesh, abstractMesh] as const;
  concreteMesh = conc;
  abstractMesh = abs;
  setAbstractMeshKey(abs.empty ? "" : String(abs));
  const restore = (): void => {
    concreteMesh = previous[0];
    abstractMesh = previous[1];
    setAbstractMeshKey(previous[1].empty ? "" : String(previous[1]));
  };
  // Symbol.dispose too, so that `using _ = setMesh(mesh)` restores at the end of the block.
  return { restore, [disposeSymbol]: restore };
}

function scoped<T>(handle: MeshRestore, fn: () => T): T {
  try {
    return fn();
  } finally {
    handle.restore();
  }
}

/**
 * `setMesh(mesh)` (jax.set_mesh, jax.sharding.set_mesh): makes `mesh` the context mesh, so that
 * APIs taking a sharding accept a bare PartitionSpec. With a function, runs it with the mesh set
 * and restores the previous one (JAX's `with jax.set_mesh(mesh):`); without, sets it and returns a
 * handle whose `restore()` undoes it. `null` clears the mesh. Only outside `jit` and transforms.
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["x"]);
 * setMesh(mesh, () => sharding.getMesh().axisNames); // ["x"]
 * sharding.getMesh().empty; // true
 * const handle = setMesh(mesh);
 * String(sharding.getAbstractMesh()); // "AbstractMesh('x': 1, axis_types=(Explicit,), device_kind=cpu, num_cores=None, platform=cpu)"
 * handle.restore();
 * ```
 */
export function setMesh(mesh: Mesh | null): MeshRestore;
export function setMesh<T>(mesh: Mesh | null, fn: () => T): T;
export function setMesh<T>(mesh: Mesh | null, fn?: () => T): MeshRestore | T {
  if (mesh !== null && !(mesh instanceof Mesh)) throw new ValueError(`Expected mesh of type \`jax.sharding.Mesh\`. Got ${describe(mesh)}`);
  if (!isEager()) throw new ValueError("`set_mesh` can only be used outside of `jax.jit`.");
  if (mesh !== null && mesh.manualAxes.length > 0) {
    throw new ValueError(`mesh ${mesh} contains manual axes which is not allowed when using \`jax.set_mesh\`. Please use \`jax.shard_map\` to enter into \`Manual\` mode instead.`);
  }
  const handle = swap(mesh, mesh === null ? EMPTY_ABSTRACT_MESH : mesh.abstractMesh);
  return fn === undefined ? handle : scoped(handle, fn);
}

/**
 * `useAbstractMesh(mesh)` (jax.sharding.use_abstract_mesh): sets only the abstract mesh (what
 * tracing sees), in the same two forms as {@link setMesh}.
 *
 * @example
 * ```ts
 * const abstract = new sharding.AbstractMesh([4], ["x"]);
 * sharding.useAbstractMesh(abstract, () => sharding.getAbstractMesh().size); // 4
 * ```
 */
export function useAbstractMesh(mesh: AbstractMesh): MeshRestore;
export function useAbstractMesh<T>(mesh: AbstractMesh, fn: () => T): T;
export function useAbstractMesh<T>(mesh: AbstractMesh, fn?: () => T): MeshRestore | T {
  if (!(mesh instanceof AbstractMesh)) throw new ValueError(`Expected mesh of type \`jax.sharding.AbstractMesh\`. Got ${describe(mesh)}`);
  const handle = swap(concreteMesh, mesh);
  return fn === undefined ? handle : scoped(handle, fn);
}

/**
 * `getAbstractMesh()` (jax.sharding.get_abstract_mesh): the context's abstract mesh (empty when none is set).
 *
 * @example
 * ```ts
 * sharding.getAbstractMesh().empty; // true
 * ```
 */
export function getAbstractMesh(): AbstractMesh {
  return abstractMesh;
}

/**
 * `getMesh()` (jax.sharding.get_mesh): the context's concrete mesh (an empty Mesh when none is set); only outside `jit`.
 *
 * @example
 * ```ts
 * setMesh(makeMesh([1], ["x"]), () => String(sharding.getMesh())); // "Mesh('x': 1, axis_types=(Explicit,))"
 * ```
 */
export function getMesh(): Mesh {
  if (!isEager()) throw new ValueError("`get_mesh` can only be used outside of `jax.jit`. Maybe you want `jax.sharding.get_abstract_mesh()`?");
  return concreteMesh ?? new Mesh([], []);
}

/** The context's concrete mesh, if one is set (for the library: allowed under tracing). */
export const contextMesh = (): Mesh | null => concreteMesh;

const describe = (x: unknown): string => (x === null || x === undefined ? String(x) : typeof x === "object" ? `<class '${(x as object).constructor.name}'>` : `<class '${typeof x}'>`);
