// vmap(f, { inAxes, outAxes, axisSize }) over pytrees, with JAX's prefix rules and errors.
import { shapeString } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { checkCallable } from "../core/describe.js";
import * as tree from "../tree/index.js";
import { toArrayLeaf } from "../ad/api.js";
import { currentValue, isRef, newRef } from "../state/ref.js";
import type { Ref } from "../state/ref.js";
import { vmapFlat } from "./batchTrace.js";
import type { BatchDim } from "./types.js";
// The transforms read rule tables that src/rules.ts assembles and installs.
import "../rules.js";
import { loadBatchRules } from "./coreRules.js";

/** Where each argument or output is batched: an axis number, null (not batched), or a pytree prefix of these (JAX's `in_axes`/`out_axes`). */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

export interface VmapOptions {
  /** One axis (or null) for all arguments, or one pytree prefix per positional argument. */
  inAxes?: AxisSpec;
  /** Where each output's batch axis goes (default 0), as one spec or a prefix of the output tree; null: an unbatched output. */
  outAxes?: AxisSpec;
  /** The batch size, needed when no argument is batched (every in-axis null). */
  axisSize?: number;
  /**
   * A name for the batch axis (JAX's `axis_name`): inside `f`, the collectives of `lax` (`psum`,
   * `pmean`, `pmax`, `pmin`, `axisIndex`, `axisSize`, `allGather`, `ppermute`, `allToAll`,
   * `psumScatter`) given this name act across the examples. Nested vmaps take distinct names (an
   * inner one shadows an outer one of the same name).
   */
  axisName?: string;
}

const isAxisLeaf = (x: unknown): boolean => x === null || typeof x === "number";

/** Expands an axis spec (a pytree prefix of `value`) into one axis per leaf of `value`. */
function broadcastPrefix(spec: AxisSpec, value: unknown, what: string): BatchDim[] {
  const [specLeaves, specDef] = tree.flatten(spec, isAxisLeaf);
  let subtrees: unknown[];
  try {
    subtrees = tree.flattenUpTo(specDef, value);
  } catch {
    throw new TypeError(`${what} specification must be a tree prefix of the corresponding value, got specification ${JSON.stringify(spec)} for value tree ${tree.structure(value)}.`);
  }
  return subtrees.flatMap((sub, i) => {
    const ax = specLeaves[i];
    if (ax !== null && (typeof ax !== "number" || !Number.isInteger(ax))) {
      throw new TypeError(`vmap ${what} must be an int, None, or a container with those types as leaves, but got ${String(ax)}.`);
    }
    return tree.leaves(sub).map(() => ax as BatchDim);
  });
}

/**
 * Vectorizes `f` over a batch axis (`jax.vmap`): `f` is written for one example and traced once;
 * every primitive gets its batching rule, so the result is one batched computation, not a loop.
 *
 * @example
 * ```ts
 * const dot = (a: Array, b: Array) => np.dot(a, b);
 * const xs = np.array([[1, 2], [3, 4]]);
 * vmap(dot)(xs, xs); // Array([ 5., 25.], dtype=float32)
 * // inAxes: map over x's rows, share w.
 * vmap(dot, { inAxes: [0, null] })(xs, np.array([1, 1])); // Array([3., 7.], dtype=float32)
 * vmap(grad((x: Array) => np.sum(np.sin(x))))(xs); // Array([[ 0.5403023 , -0.41614684], [-0.9899925 , -0.6536436 ]], dtype=float32)
 * // axisName: collectives across the batch (here each example divided by the batch total).
 * vmap((x: Array) => np.divide(x, lax.psum(x, "i")), { axisName: "i" })(np.array([1, 3])); // Array([0.25, 0.75], dtype=float32)
 * ```
 */
export function vmap<F extends (...args: never[]) => unknown>(f: F, opts: VmapOptions = {}): (...args: Parameters<F>) => ReturnType<F> {
  checkCallable(f);
  if (opts.axisName !== undefined && typeof opts.axisName !== "string") throw new TypeError(`vmap axis_name must be a string, got ${String(opts.axisName)}`);
  const axisName = opts.axisName ?? null;
  // null is a meaningful axis (unmapped), so only undefined takes the default.
  const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxes = opts.outAxes === undefined ? 0 : opts.outAxes;
  loadBatchRules();
  return ((...args: unknown[]) => {
    if (globalThis.Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new TypeError(
        `vmap in_axes must be an int, None, or a tuple of entries corresponding to the positional arguments passed to the function, ` +
          `but got len(in_axes)=${inAxes.length}, len(args)=${args.length}`,
      );
    }
    const [rawLeaves, inTree] = tree.flatten(args);
    // An array reference mapped along an axis is a reference to one example's slice inside (its
    // writes come back below); an unmapped one is the reference itself, as if closed over.
    const leaves = rawLeaves.map((l) => (isRef(l) ? currentValue(l) : toArrayLeaf(l, "vmap argument")));
    const dims = (globalThis.Array.isArray(inAxes) ? inAxes.flatMap((a, i) => broadcastPrefix(a as AxisSpec, args[i], "in_axes")) : broadcastPrefix(inAxes, args, "in_axes")).map(
      (d, i) => {
        if (d === null) return null;
        const nd = leaves[i]!.ndim;
        if (d < -nd || d >= nd) {
          throw new TypeError(
            `vmap was requested to map its argument along axis ${d}, which implies that its rank should be at least ${d < 0 ? -d : d + 1}, but is only ${nd} (its shape is ${shapeString(leaves[i]!.shape)})`,
          );
        }
        return d < 0 ? d + nd : d;
      },
    );
    const sizes = new Set<number>();
    dims.forEach((d, i) => d !== null && sizes.add(leaves[i]!.shape[d]!));
    if (opts.axisSize !== undefined) sizes.add(opts.axisSize);
    if (sizes.size === 0) throw new TypeError("vmap must have at least one non-None value in in_axes");
    if (sizes.size > 1) {
      const lines = dims.flatMap((d, i) => (d === null ? [] : [`  * one axis had size ${leaves[i]!.shape[d]}: axis ${d} of argument ${i} of type ${leaves[i]!.aval.str()};`]));
      if (opts.axisSize !== undefined) lines.push(`  * axis_size was given as ${opts.axisSize};`);
      throw new TypeError(`vmap got inconsistent sizes for array axes to be mapped:\n${lines.join("\n")}`);
    }
    const axisSize = [...sizes][0]!;
    let outTree: tree.TreeDef | null = null;
    let outDims: BatchDim[] | null = null;
    const mappedRefs = rawLeaves.flatMap((l, i) => (isRef(l) && dims[i] !== null ? [i] : []));
    const flat = (...xs: Array[]): Array[] => {
      const inner = new Map<number, Ref>();
      const args = xs.map((x, i): unknown => {
        const l = rawLeaves[i];
        if (!isRef(l)) return x;
        if (dims[i] === null) return l;
        const r = newRef(x);
        inner.set(i, r);
        return r;
      });
      const out = (f as unknown as (...a: unknown[]) => unknown)(...(tree.unflatten(inTree, args) as unknown[]));
      const [outLeaves, def] = tree.flatten(out);
      outTree = def;
      outDims = broadcastPrefix(outAxes, out, "out_axes").map((d, i) => {
        if (d === null) return null;
        const nd = (outLeaves[i] instanceof Array ? (outLeaves[i] as Array).ndim : 0) + 1;
        if (d < -nd || d >= nd) throw new TypeError(`vmap out_axes ${d} is out of bounds for an output of rank ${nd - 1}.`);
        return d < 0 ? d + nd : d;
      });
      outDims.push(...mappedRefs.map((i) => dims[i]!));
      return [...outLeaves.map((l) => toArrayLeaf(l, "vmap output")), ...mappedRefs.map((i) => currentValue(inner.get(i)!))];
    };
    const outs = vmapFlat(flat, leaves, dims, axisSize, () => outDims!, axisName);
    const n = outs.length - mappedRefs.length;
    mappedRefs.forEach((i, k) => (rawLeaves[i] as Ref).set(outs[n + k]!));
    return tree.unflatten(outTree!, outs.slice(0, n)) as ReturnType<F>;
  }) as (...args: Parameters<F>) => ReturnType<F>;
}
