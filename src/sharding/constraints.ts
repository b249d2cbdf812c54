// Sharding annotations inside programs: jax.lax.with_sharding_constraint (jax/_src/pjit.py),
// jax.reshard and jax.sharding.auto_axes/explicit_axes (pjit.py, sharding_impls.py), and
// jax.lax.pcast (jax/_src/lax/parallel.py). With one device per platform they change no value:
// each returns its operand (no primitive is bound, so jit, grad and vmap see the operand itself)
// after JAX's checks, and a concrete result reports the requested sharding.
import type { Array } from "../core/array.js";
import { isArray } from "../core/array.js";
import { RuntimeError, ValueError } from "../core/errors.js";
import { findAxisFrame } from "../core/axisEnv.js";
import * as tree from "../tree/index.js";
import type { MainTrace } from "../core/trace.js";
import { BatchTracer } from "../vmap/batchTrace.js";
import { axisIndex } from "../lax/parallel.js";
import { equal, where } from "../numpy/elementwise.js";
import { placeWithSharding } from "./arraySharding.js";
import { getAbstractMesh, useAbstractMesh } from "./meshContext.js";
import { PartitionSpec } from "./partitionSpec.js";
import { checkShardingRank, resolveSharding } from "./resolve.js";
import { NamedSharding, Sharding, SingleDeviceSharding } from "./shardings.js";
import type { AbstractMesh, AxisType } from "./mesh.js";
import { avalStr } from "./pythonRepr.js";

/** A sharding argument: a Sharding, or a PartitionSpec of the context mesh. */
export type ShardingLike = Sharding | PartitionSpec;
/** A sharding per array of a pytree, or one for all (a tree prefix, as JAX's). */
export type ShardingTree = ShardingLike | readonly ShardingTree[] | { readonly [key: string]: ShardingTree };

/** Python's AssertionError, which with_sharding_constraint raises as an assertion on Explicit axes. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

const isShardingLeaf = (x: unknown): boolean => x instanceof Sharding || x instanceof PartitionSpec;

/** Applies `one` to each array of `x` with its sharding from the prefix tree `shardings`. */
function mapWithShardings<T>(x: T, shardings: ShardingTree, one: (a: Array, s: ShardingLike) => Array): T {
  const [leaves, def] = tree.flatten(x);
  const spread = tree.flatten(tree.broadcast(shardings, x, isShardingLeaf), isShardingLeaf)[0] as ShardingLike[];
  return tree.unflatten(def, leaves.map((leaf, i) => (isArray(leaf) ? one(leaf, spread[i]!) : leaf))) as T;
}

/** The spec a concrete array reports (null for a traced one: its sharding is not tracked). */
function currentSpec(a: Array): PartitionSpec | null {
  const c = a.concreteValue();
  if (c === null) return null;
  const s = c.sharding;
  return s instanceof NamedSharding ? s.spec.normalizedFor(a.ndim) : new PartitionSpec(...a.shape.map(() => null));
}

const axesOfType = (s: NamedSharding, type: AxisType): string[] => s.spec.axisNames().filter((n) => s.mesh.axisType(n) === type);

function constrainOne(a: Array, target: ShardingLike): Array {
  const s = resolveSharding(
    target,
    () =>
      new RuntimeError(
        "with_sharding_constraint requires a non-empty mesh in context if you are passing `PartitionSpec`s to shardings. You can define a context mesh via `jax.set_mesh(mesh)`. Alternatively, provide `Sharding`s to shardings and then the mesh context manager is not required.",
      ),
  );
  checkShardingRank(s, a.ndim, "with_sharding_constraint arguments");
  if (s instanceof NamedSharding) {
    const mesh = s.mesh;
    if (target instanceof PartitionSpec && mesh.axisTypes.every((t) => t === "Explicit")) {
      // On Explicit axes the constraint is an assertion about the array's sharding (known for concrete arrays).
      const have = currentSpec(a);
      const want = s.spec.normalizedFor(a.ndim);
      if (have !== null && !have.equals(want)) {
        throw new AssertionError(
          `\`with_sharding_constraint\` acts as an assert when all axes of mesh are of type \`Explicit\`. The array sharding: ${have} did not match the sharding provided: ${want}. Please use \`jax.sharding.reshard\` to shard your input to the sharding you want.`,
        );
      }
      return a;
    }
    if (!(target instanceof PartitionSpec) && axesOfType(s, "Explicit").length > 0) {
      const abstract = "abstractMesh" in mesh ? mesh.abstractMesh : mesh;
      throw new ValueError(`The spec of NamedSharding passed to with_sharding_constraint can only refer to Auto axes of the mesh. Got spec=${s.spec} and mesh=${abstract}. You probably meant to use \`reshard\` API?`);
    }
    const c = a.concreteValue();
    if (target instanceof PartitionSpec && c !== null && c.sharding instanceof SingleDeviceSharding) {
      // JAX 0.10.2 eagerly: a spec of the context mesh needs an input that already has a NamedSharding.
      throw new TypeError(`The sharding on the input must be a \`NamedSharding\` since the target sharding has an \`AbstractMesh\` in it. Got sharding type <class 'jax.sharding.SingleDeviceSharding'> for shape ${avalStr(a)}`);
    }
  }
  return placeWithSharding(a, s);
}

/**
 * `lax.withShardingConstraint(x, shardings)` (jax.lax.with_sharding_constraint): `x` (an array or
 * a pytree), annotated with a sharding per array (a Sharding, or a PartitionSpec of the mesh set
 * by `setMesh`; one for all, or a tree prefix of `x`). The values are unchanged; JAX's checks
 * apply (rank, Auto axes only in a NamedSharding, an assertion on all-Explicit meshes), under
 * jit, grad and vmap alike.
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["x"], { axisTypes: [sharding.AxisType.Auto] });
 * const s = new NamedSharding(mesh, P("x"));
 * jit((x: Array) => lax.withShardingConstraint(x, s).mul(2))(np.arange(3)); // Array([0, 2, 4], dtype=int32)
 * ```
 */
export function withShardingConstraint<T>(x: T, shardings: ShardingTree): T {
  return mapWithShardings(x, shardings, constrainOne);
}

function reshardOne(a: Array, target: ShardingLike): Array {
  const s = resolveSharding(target, (spec) => new ValueError(`Using PartitionSpec when you are not under a mesh context is not allowed. Please pass a NamedSharding instance or enter into a mesh context via \`jax.set_mesh\`. Got ${spec}`));
  checkShardingRank(s, a.ndim, "reshard arguments");
  if (!(s instanceof NamedSharding)) return placeWithSharding(a, s);
  for (const name of s.spec.axisNames()) {
    const type = s.mesh.axisType(name);
    if (type === "Auto" || type === "Manual") {
      throw new ValueError(`PartitionSpec passed to reshard cannot contain axis names that are of type Auto or Manual. Got PartitionSpec: ${s.spec} with axis name: ${name} of type: AxisType.${type}.`);
    }
  }
  return placeWithSharding(a, new NamedSharding(s.mesh, s.spec.normalizedFor(a.ndim), { memoryKind: s.memoryKind }));
}

/**
 * `reshard(x, shardings)` (jax.reshard, jax.sharding.reshard): `x` moved to the given sharding
 * (a NamedSharding, or a PartitionSpec of the context mesh, whose axes must be Explicit). The
 * values are unchanged; a concrete result reports the new sharding (its spec padded to the rank).
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["x"]);
 * const y = setMesh(mesh, () => reshard(np.ones([2, 2]), P("x")));
 * String(y.sharding); // "NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x', None), memory_kind=device)"
 * ```
 */
export function reshard<T>(x: T, shardings: ShardingTree): T {
  return mapWithShardings(x, shardings, reshardOne);
}

const PCAST_TARGETS = ["varying", "reduced", "unreduced"] as const;

/**
 * `lax.pcast(x, axisName, { to })` (jax.lax.pcast): marks `x` (an array or a pytree) as varying
 * over the named shardMap axes, for shardMap's replication check; the value is unchanged.
 * `to: "reduced" | "unreduced"` is accepted as an identity. Outside a shardMap binding the axis,
 * JAX's error.
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["i"], { axisTypes: [sharding.AxisType.Auto] });
 * shardMap((x: Array) => lax.pcast(x, "i", { to: "varying" }), { mesh, inSpecs: P(), outSpecs: P("i") })(np.arange(3)); // Array([0, 1, 2], dtype=int32)
 * ```
 */
export function pcast<T>(x: T, axisName: string | readonly string[], options: { to: "varying" | "reduced" | "unreduced" }): T {
  if (!(PCAST_TARGETS as readonly string[]).includes(options.to)) {
    throw new ValueError("Got unexpected `to` value. Allowed `to` values are: {'reduced', 'varying', 'unreduced'}");
  }
  const names = typeof axisName === "string" ? [axisName] : axisName;
  const frames = names.map((n) => findAxisFrame(n));
  if (frames.some((f) => f === null)) throw new ValueError("pvary should be called under jax.shard_map.");
  if (options.to !== "varying") return x;
  return tree.map((leaf: unknown) => (isArray(leaf) ? names.reduce((v, n, i) => makeVarying(v, n, frames[i]!.main), leaf) : leaf), x) as T;
}

/**
 * `x` varying over the axis (batched at its trace, as shardMap records JAX's vma): selecting `x`
 * on a per-example predicate gives exactly `x`, batched. Already varying is JAX's error.
 */
function makeVarying(x: Array, name: string, main: MainTrace): Array {
  if (x instanceof BatchTracer && x._trace.main === main && x.bdim !== null) throw new ValueError("Unsupported pcast from=varying, to='varying'");
  return where(equal(axisIndex(name), 0), x, x);
}

/** The mesh autoAxes/explicitAxes switch (JAX's _get_new_mesh): the context's, or the shardings'. */
function switchedMesh(axes: string | readonly string[] | undefined, type: AxisType, name: string, shardings: unknown): { prev: AbstractMesh; next: AbstractMesh; axes: readonly string[] } | null {
  const current = getAbstractMesh();
  let fromShardings: AbstractMesh | null = null;
  for (const s of tree.flatten(shardings, isShardingLeaf)[0]) {
    if (!(s instanceof NamedSharding)) continue;
    const m = "abstractMesh" in s.mesh ? s.mesh.abstractMesh : s.mesh;
    if (fromShardings !== null && !fromShardings.equals(m)) throw new ValueError(`Shardings passed to ${name} should have the same mesh. Got one mesh ${fromShardings} and another ${s.mesh}`);
    fromShardings = m;
  }
  if (fromShardings !== null && !current.empty && !fromShardings.equals(current)) {
    throw new ValueError(`Context mesh ${current} must match the mesh passed to shardings ${fromShardings}. Recommended approach is to use \`jax.set_mesh\` context manager.`);
  }
  const mesh = current.empty ? fromShardings : current;
  if (mesh === null) return null;
  const chosen = axes === undefined ? mesh.axisNames : typeof axes === "string" ? [axes] : axes;
  for (const a of chosen) {
    if (mesh.axisType(a) === undefined) throw new ValueError(`${name}: axis ${a} is not in the mesh ${mesh}.`);
    if (mesh.axisType(a) === "Manual") throw new ValueError("Going from `Manual` AxisType to `Auto` or `Explicit` AxisType is not allowed.");
  }
  return { prev: mesh, next: mesh.updateAxisTypes(Object.fromEntries(chosen.map((a) => [a, type]))), axes: chosen };
}

/**
 * `sharding.autoAxes(f, { axes, outSharding })` (jax.sharding.auto_axes): runs `f` with the
 * mesh axes `axes` (default: all) of the context mesh switched to Auto, then reshards its result
 * to `outSharding`. Without a context mesh it simply calls `f`.
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["x"]);
 * const f = sharding.autoAxes((x: Array) => x.mul(2), { outSharding: P("x") });
 * setMesh(mesh, () => f(np.arange(2))); // Array([0, 2], dtype=int32)
 * setMesh(mesh, () => sharding.autoAxes(() => String(sharding.getAbstractMesh().axisTypes), { outSharding: P() })()); // "Auto"
 * ```
 */
export function autoAxes<F extends (...args: never[]) => unknown>(f: F, options: { axes?: string | readonly string[]; outSharding: ShardingTree }): F {
  const wrapped = (...args: never[]): unknown => {
    if (options.outSharding === undefined) throw new TypeError("Missing required keyword argument: 'out_sharding'");
    const info = switchedMesh(options.axes, "Auto", "auto_axes", options.outSharding);
    if (info === null || info.prev.autoAxes.join() === [...info.axes].sort().join()) return f(...args);
    const out = useAbstractMesh(info.next, () => f(...args));
    // Strings or numbers returned by f are not arrays; only arrays are resharded.
    return isArray(out) || (typeof out === "object" && out !== null) ? reshard(out, options.outSharding) : out;
  };
  return wrapped as F;
}

/**
 * `sharding.explicitAxes(f, { axes, inSharding })` (jax.sharding.explicit_axes): runs `f` with
 * the mesh axes `axes` (default: all) switched to Explicit, its arguments resharded to
 * `inSharding`. A context mesh is required.
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["x"], { axisTypes: [sharding.AxisType.Auto] });
 * const f = sharding.explicitAxes((x: Array) => x.sharding.toString(), { inSharding: P("x") });
 * setMesh(mesh, () => f(np.arange(2))); // "NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), memory_kind=device)"
 * ```
 */
export function explicitAxes<F extends (...args: never[]) => unknown>(f: F, options: { axes?: string | readonly string[]; inSharding: ShardingTree }): F {
  const wrapped = (...args: never[]): unknown => {
    if (options.inSharding === undefined) throw new TypeError("Missing required keyword argument: 'in_sharding'");
    const info = switchedMesh(options.axes, "Explicit", "explicit_axes", undefined);
    if (info === null) throw new ValueError("Context mesh cannot be empty. Please use `jax.set_mesh` API to enter into a mesh context when using `explicit_axes` API.");
    return useAbstractMesh(info.next, () => f(...reshard(args, options.inSharding)));
  };
  return wrapped as F;
}
