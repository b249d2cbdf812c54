// jax.shard_map (jax/_src/shard_map.py) on dprog's one device per platform. Every axis of a
// concrete mesh has size 1, so each shard is the whole array: f runs once, with each manual mesh
// axis bound as a named batch axis of size 1 (a vmap level), so that lax.psum(x, "i"),
// lax.axisIndex("i") (0) and lax.axisSize("i") (1) work inside f and under jit, grad and vmap.
// An argument is batched at the levels its in spec names, so a value batched at a level is one
// varying over that axis (JAX's vma: collectives return unbatched, replicated values), which
// gives JAX's check_vma replication check of the outputs. The specs are checked as JAX's
// _shmap_checks, _check_specs and _check_specs_vs_args do, with JAX's messages.
import type { Array, ArrayLike } from "../core/array.js";
import { isArray } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import * as tree from "../tree/index.js";
import { fullRaise } from "../core/trace.js";
import { asArray } from "../numpy/promote.js";
// Installs the rule tables the batch trace reads, as the transforms' entry points do.
import "../rules.js";
import { BatchTracer, withBatchMain } from "../vmap/batchTrace.js";
import { loadBatchRules } from "../vmap/coreRules.js";
import { moveBatchAxis } from "../vmap/batchAxis.js";
import { placeWithSharding } from "./arraySharding.js";
import { AbstractMesh, Mesh } from "./mesh.js";
import { getAbstractMesh } from "./meshContext.js";
import { PartitionSpec } from "./partitionSpec.js";
import { NamedSharding } from "./shardings.js";
import { avalStr, pyTuple, quoted } from "./pythonRepr.js";

/** A spec per array of a pytree (a tree prefix; null marks an argument that is not mapped). */
export type SpecTree = PartitionSpec | null | readonly SpecTree[] | { readonly [key: string]: SpecTree };

/** shardMap's keyword arguments (JAX's). */
export interface ShardMapOptions {
  /** The mesh (default: the context mesh of `setMesh`). */
  mesh?: Mesh | AbstractMesh;
  /** A spec per argument (a prefix of the argument list); omitted only on an all-Explicit mesh, then read from the arguments. */
  inSpecs?: SpecTree;
  /** A spec per output (a prefix of the output tree). */
  outSpecs: SpecTree;
  /** The mesh axes f sees as manual (default: all). */
  axisNames?: Iterable<string>;
  /** JAX's replication check (default true): an output varying over a mesh axis its out spec does not name is an error. */
  checkVma?: boolean;
}

type Prefix = "in" | "out";

const isSpecLeaf = (x: unknown): boolean => x === null || x instanceof PartitionSpec;
const frozenset = (names: readonly string[]): string => `frozenset({${names.map((n) => `'${n}'`).join(", ")}})`;
const pythonType = (x: unknown): string =>
  typeof x === "string" ? "str" : typeof x === "number" ? (Number.isInteger(x) ? "int" : "float") : typeof x === "boolean" ? "bool" : typeof x === "object" && x !== null ? x.constructor.name : String(x);
const funName = (f: (...args: never[]) => unknown): string => (f.name === "" ? "<lambda>" : f.name);

// _check_specs: every leaf a PartitionSpec (or None) naming only manual axes.
function checkSpecs(prefix: Prefix, specs: SpecTree, manual: readonly string[]): void {
  const entries = tree.flattenWithPath(specs, isSpecLeaf)[0];
  const notSpecs = entries.filter(([, s]) => !isSpecLeaf(s));
  if (notSpecs.length > 0) {
    const msgs = notSpecs.map(([key, s]) => `  ${prefix}_specs${tree.keystr(key)} is ${String(s)} of type ${pythonType(s)}, `);
    throw new TypeError(`shard_map ${prefix}_specs argument must be a pytree of \`jax.sharding.PartitionSpec\` instances, but:\n\n${msgs.join("\n\n")}\n\nCheck the ${prefix}_specs values passed to shard_map.`);
  }
  const msgs = entries.flatMap(([key, s]) => (s instanceof PartitionSpec ? s.axisNames().filter((n) => !manual.includes(n)).map((n) => `  ${prefix}_specs${tree.keystr(key)} refers to '${n}'`) : []));
  if (msgs.length > 0) {
    throw new ValueError(`shard_map ${prefix}_specs argument must refer to an axis marked as manual (${frozenset(manual)}), but:\n\n${msgs.join("\n\n")}\n\nCheck the ${prefix}_specs values passed to shard_map.`);
  }
}

/** The spec of each leaf of `values`, broadcast from the prefix `specs` (JAX's broadcast_prefix). */
function specsPerLeaf(prefix: Prefix, specs: SpecTree, values: unknown): (PartitionSpec | null)[] {
  try {
    return tree.flatten(tree.broadcast(specs, values, isSpecLeaf), isSpecLeaf)[0] as (PartitionSpec | null)[];
  } catch (e) {
    throw new ValueError(`pytree structure error: shard_map ${prefix}_specs is not a tree prefix of the ${prefix === "in" ? "arguments" : "outputs"}: ${(e as Error).message}`);
  }
}

// _spec_rank_error: a spec longer than its value's rank.
function checkRanks(prefix: Prefix, f: (...args: never[]) => unknown, specs: SpecTree, values: unknown): void {
  const perLeaf = specsPerLeaf(prefix, specs, values);
  const leaves = tree.flattenWithPath(values)[0];
  const specPaths = new Map(tree.flattenWithPath(specs, isSpecLeaf)[0].map(([k, s]) => [s, tree.keystr(k)]));
  const name = funName(f);
  const base = prefix === "in" ? "the passed args" : `${name}(*args)`;
  const fails = leaves.flatMap(([key, v], i) => {
    const spec = perLeaf[i];
    if (!(spec instanceof PartitionSpec) || !isArray(v) || spec.length <= v.ndim) return [];
    return [{ msg: `* ${prefix}_specs${specPaths.get(spec) ?? ""} is ${spec} which has length ${spec.length}, but ${base}${tree.keystr(key)} has shape ${avalStr(v)}, which has rank ${v.ndim} (and ${v.ndim} < ${spec.length})`, scalar: v.ndim === 0 }];
  });
  if (fails.length === 0) return;
  const msgs = fails.length === 1 ? [fails[0]!.msg.slice(2)] : fails.map((x) => x.msg);
  const put = prefix === "in" ? "input" : "output";
  let msg =
    `shard_map applied to the function '${name}' was given an ${prefix}_specs entry which is too long to be compatible with the corresponding ${put} value from the function:\n\n${msgs.join("\n\n")}\n\n` +
    `Entries in ${prefix}_specs must be of length no greater than the number of axes in the corresponding ${put} value.\n\nEither revise the spec to be shorter, or modify '${name}' so that its ${put}s have sufficient rank.`;
  if (fails.some((x) => x.scalar)) {
    msg += `\n\nFor scalar values (rank 0), consider using an ${prefix}_specs entry of \`P()\`, where \`P = jax.sharding.PartitionSpec\`.`;
    if (prefix === "out") msg += " In particular, for rank 0 outputs which are not constant over the mesh, add at least one (singleton) axis to them so that they can be concatenated using out_specs.";
  }
  throw new ValueError(msg);
}

// _shmap_checks: the mesh (given or the context's) and the manual axes.
function meshAndAxes(options: ShardMapOptions): [Mesh | AbstractMesh, string[]] {
  const context = getAbstractMesh();
  let mesh = options.mesh;
  if (mesh === undefined) {
    if (context.empty) throw new ValueError("The context mesh cannot be empty. Use `jax.set_mesh(mesh)` to enter into a mesh context");
    mesh = context;
  } else if (!context.empty && !(mesh instanceof Mesh ? mesh.abstractMesh : mesh).equals(context)) {
    throw new ValueError(`The context mesh ${context} should match the mesh passed to shard_map ${mesh}`);
  }
  if (!(mesh instanceof Mesh) && !(mesh instanceof AbstractMesh)) {
    throw new TypeError(`shard_map requires a \`jax.sharding.Mesh\` or a \`jax.sharding.AbstractMesh\` instance for its second argument, but got ${String(mesh)} of type ${pythonType(mesh)}.`);
  }
  if (mesh.empty) throw new ValueError(`shard_map requires a non-empty mesh. Got ${mesh}`);
  const requested = options.axisNames === undefined ? [] : [...options.axisNames];
  const names = requested.length === 0 ? [...mesh.axisNames] : requested;
  if (!names.every((n) => mesh.axisNames.includes(n))) {
    throw new ValueError(`jax.shard_map requires axis_names=${frozenset(names)} to be a subset of mesh.axis_names=${frozenset(mesh.axisNames)}`);
  }
  const devicesNeeded = names.reduce((p, n) => p * mesh.axisSizes[mesh.axisNames.indexOf(n)]!, 1);
  if (devicesNeeded > 1) throw new ValueError(`compiling computation that requires ${devicesNeeded} logical devices, but only 1 XLA devices are available (num_replicas=${devicesNeeded})`);
  // In mesh order, as JAX binds them.
  return [mesh, mesh.axisNames.filter((n) => names.includes(n))];
}

/** The in_specs JAX infers on an all-Explicit mesh: each array's own spec, restricted to the manual axes. */
function inferredSpecs(args: unknown[], manual: readonly string[]): SpecTree {
  return tree.map((a: unknown) => {
    const s = isArray(a) && a.concreteValue() !== null ? a.sharding : null;
    const entries = s instanceof NamedSharding ? s.spec.normalizedFor(isArray(a) ? a.ndim : 0).partitions : isArray(a) ? a.shape.map(() => null) : [];
    return new PartitionSpec(...entries.map((e) => (typeof e === "string" ? (manual.includes(e) ? e : null) : e)));
  }, args) as SpecTree;
}

/** On an all-Explicit mesh, concrete arguments must already be sharded as in_specs says. */
function checkExplicitArgs(specs: (PartitionSpec | null)[], leaves: unknown[]): void {
  leaves.forEach((a, i) => {
    const spec = specs[i];
    if (!(spec instanceof PartitionSpec) || !isArray(a) || a.concreteValue() === null) return;
    const s = a.sharding;
    const have = s instanceof NamedSharding ? s.spec.normalizedFor(a.ndim) : new PartitionSpec(...a.shape.map(() => null));
    const want = spec.normalizedFor(a.ndim);
    if (!have.equals(want)) {
      throw new ValueError(
        `in_specs passed to shard_map: ${want} does not match the specs of the input: ${have} for arg: ${avalStr(a)}. \`in_specs\` is an optional argument so you can omit specifying it and shard_map will infer the in_specs from the arguments. If you want to reshard your inputs, you can use \`jax.reshard\` on the arguments and then pass those args to shard_map.`,
      );
    }
  });
}

/**
 * One manual mesh axis, bound as a named batch axis of size 1 (a vmap of one example): arguments
 * mapped over it carry a leading unit axis; each output comes back without one, and whether it
 * is batched at this level (varying over the axis, JAX's vma) is recorded in `varying`.
 */
function manualAxisLevel(name: string, fun: (...xs: unknown[]) => unknown[], args: unknown[], mapped: readonly boolean[], varying: boolean[]): Array[] {
  loadBatchRules();
  return withBatchMain(1, name, (main) => {
    const trace = main.trace();
    const tracers = args.map((a, i) => (mapped[i] ? new BatchTracer(trace, a as Array, 0) : a));
    const outs = fun(...tracers).map((o) => fullRaise(trace, o as ArrayLike) as BatchTracer);
    return outs.map((o, i) => {
      varying[i] = o.bdim !== null;
      if (o.bdim === null) return o.val;
      const front = moveBatchAxis(o.val, o.bdim, 0, 1);
      return front.reshape(front.shape.slice(1));
    });
  });
}

// _inout_vma_error: an output varying over a mesh axis its out spec does not name.
function checkReplication(f: (...args: never[]) => unknown, mesh: Mesh | AbstractMesh, manual: readonly string[], outSpecs: SpecTree, perLeaf: (PartitionSpec | null)[], varying: boolean[][], outs: Array[]): void {
  const specPaths = new Map(tree.flattenWithPath(outSpecs, isSpecLeaf)[0].map(([k, s]) => [s, tree.keystr(k)]));
  const msgs = outs.flatMap((_, i) => {
    const spec = perLeaf[i];
    if (!(spec instanceof PartitionSpec)) return [];
    const named = spec.axisNames();
    const got = manual.filter((n, level) => varying[level]![i]);
    const bad = got.filter((n) => !named.includes(n));
    if (bad.length === 0) return [];
    const unmentioned = mesh.axisNames.filter((n) => !named.includes(n) && !spec.unreduced.has(n) && !spec.reduced.has(n));
    const key = specPaths.get(spec) ?? "";
    if (unmentioned.length > 1) {
      const order = (names: readonly string[]): string => mesh.axisNames.filter((n) => names.includes(n)).join(",");
      return [`* out_specs${key} is ${spec} which implies that the corresponding output value is only varying across mesh axes {${order(named)}} and not {${order(unmentioned.filter((n) => got.includes(n)))}}, but it was inferred to be possibly varying over {${order(got)}}`];
    }
    return [`* out_specs${key} is ${spec} which implies that the corresponding output value is replicated across mesh axis '${unmentioned[0]}', but could not infer replication over any axes`];
  });
  if (msgs.length === 0) return;
  const shown = msgs.length === 1 ? [msgs[0]!.slice(2)] : msgs;
  throw new ValueError(
    `shard_map applied to the function '${funName(f)}' was given out_specs which require replication which can't be statically inferred given the mesh:\n\n` +
      `The mesh given has shape ${pyTuple(mesh.axisSizes)} with corresponding axis names ${pyTuple(quoted(mesh.axisNames))}.\n\n${shown.join("\n\n")}\n\n` +
      "Check if these output values are meant to be replicated over those mesh axes. If not, consider revising the corresponding out_specs entries. If so, consider disabling the check by passing the check_vma=False argument to `jax.shard_map`.",
  );
}

/**
 * `shardMap(f, { mesh, inSpecs, outSpecs, axisNames, checkVma })` (jax.shard_map): maps `f` over
 * shards of its arguments, one per device of the mesh, with the mesh axes bound as names for the
 * collectives of `lax` (`psum`, `pmean`, `allGather`, `axisIndex`, ...). dprog has one device per
 * platform, so every mesh axis has size 1 and each shard is the whole array; a program written
 * for many devices runs unchanged. Specs are checked against the arguments as JAX does.
 *
 * @example
 * ```ts
 * const mesh = makeMesh([1], ["i"], { axisTypes: [sharding.AxisType.Auto] });
 * const f = shardMap((x: Array) => lax.psum(x, "i").add(lax.axisIndex("i")), { mesh, inSpecs: P("i"), outSpecs: P("i") });
 * f(np.array([1, 2, 3])); // Array([1., 2., 3.], dtype=float32)
 * jit(f)(np.array([1, 2, 3])); // Array([1., 2., 3.], dtype=float32)
 * ```
 */
export function shardMap<F extends (...args: never[]) => unknown>(f: F, options: ShardMapOptions): (...args: Parameters<F>) => ReturnType<F> {
  if (typeof f !== "function") throw new TypeError(`shard_map requires a callable for its first argument, but got ${String(f)} of type ${pythonType(f)}.`);
  const wrapped = (...args: unknown[]): unknown => {
    const [mesh, manual] = meshAndAxes(options);
    const allExplicit = manual.every((n) => mesh.axisType(n) === "Explicit");
    if (options.inSpecs === undefined && !allExplicit) {
      throw new TypeError(`shard_map in_specs argument must be a pytree of \`jax.sharding.PartitionSpec\` instances, but it was \`None\` when axis_names=${frozenset(manual)} are of type ${manual.map((n) => mesh.axisType(n)).join(", ")}`);
    }
    if (options.inSpecs !== undefined) checkSpecs("in", options.inSpecs, manual);
    checkSpecs("out", options.outSpecs, manual);
    const inSpecs = options.inSpecs ?? inferredSpecs(args, manual);
    const inPerLeaf = specsPerLeaf("in", inSpecs, args);
    checkRanks("in", f, inSpecs, args);
    const [argLeaves, argDef] = tree.flatten(args);
    if (allExplicit && options.inSpecs !== undefined && manual.length === mesh.axisNames.length) checkExplicitArgs(inPerLeaf, argLeaves);

    let outDef: tree.TreeDef | null = null;
    let outSpecLeaves: (PartitionSpec | null)[] = [];
    const body = (...leaves: unknown[]): unknown[] => {
      const out = (f as unknown as (...a: unknown[]) => unknown)(...(tree.unflatten(argDef, leaves) as unknown[]));
      checkRanks("out", f, options.outSpecs, out);
      outSpecLeaves = specsPerLeaf("out", options.outSpecs, out);
      const [outLeaves, def] = tree.flatten(out);
      outDef = def;
      return outLeaves;
    };
    // An argument is mapped (varying) over the manual axes its spec names: one leading unit axis
    // per such axis, outermost first, each removed by its level.
    const mappedOver = manual.map((name) => inPerLeaf.map((spec) => spec instanceof PartitionSpec && spec.axisNames().includes(name)));
    const lifted = argLeaves.map((leaf, i) => {
      const count = mappedOver.filter((m) => m[i]).length;
      return count === 0 ? leaf : asArray(leaf as ArrayLike).reshape([...globalThis.Array<number>(count).fill(1), ...asArray(leaf as ArrayLike).shape]);
    });
    const varying: boolean[][] = manual.map(() => []);
    let run = body;
    for (let level = manual.length - 1; level >= 0; level--) {
      const inner = run;
      run = (...leaves: unknown[]) => manualAxisLevel(manual[level]!, inner, leaves, mappedOver[level]!, varying[level]!);
    }
    const outs = run(...lifted) as Array[];
    if (options.checkVma !== false) checkReplication(f, mesh, manual, options.outSpecs, outSpecLeaves, varying, outs);
    const placed = mesh instanceof Mesh ? outs.map((y, i) => { const spec = outSpecLeaves[i]; return spec instanceof PartitionSpec ? placeWithSharding(y, new NamedSharding(mesh, spec.normalizedFor(y.ndim))) : y; }) : outs;
    return tree.unflatten(outDef!, placed);
  };
  return wrapped as (...args: Parameters<F>) => ReturnType<F>;
}
