// jax.tree_util's one-level and structural helpers (jax/_src/tree_util.py): flattenOneLevel,
// flattenOneLevelWithKeys, isTreeNode, broadcast (tree_broadcast), reduceAssociative
// (tree_reduce_associative: a balanced pairwise reduction), treedefChildren, treedefTuple.
import { ValueError } from "../core/errors.js";
import type { KeyPath, PathKey } from "./keys.js";
import { flattenWithPath } from "./paths.js";
import { describeValue, flatten, flattenUpTo, TreeDef, unflatten } from "./pytree.js";

/** The node's own metadata as JAX reports it: sorted keys, null for sequences, aux data for classes. */
function metadata(def: TreeDef): unknown {
  return def.kind === "array" ? null : def.aux;
}

/**
 * The immediate children of a pytree node and its metadata (an object's keys, null for an array,
 * a registered class's aux data); ValueError for a leaf, as JAX.
 *
 * @example
 * tree.flattenOneLevel({ b: 1, a: [2, 3] }); // [[[2, 3], 1], ["a", "b"]]
 */
export function flattenOneLevel(tree: unknown): [children: unknown[], metadata: unknown] {
  const [children, def] = flatten(tree, (x) => x !== tree);
  if (def.kind === "leaf") throw new ValueError(`can't tree-flatten type: ${describeValue(tree)}`);
  return [children, metadata(def)];
}

/**
 * `tree.flattenOneLevelWithKeys(tree)` (jax.tree_util.tree_flatten_one_level_with_keys): {@link flattenOneLevel} with each child's path key.
 *
 * @example
 * ```ts
 * tree.flattenOneLevelWithKeys({ a: 1, b: [2, 3] })[0].map(([k, child]) => [String(k), child]); // [["['a']", 1], ["['b']", [2, 3]]]
 * ```
 */
export function flattenOneLevelWithKeys(tree: unknown): [children: [PathKey, unknown][], metadata: unknown] {
  const [pairs, def] = flattenWithPath(tree, (x) => x !== tree);
  if (def.kind === "leaf") throw new ValueError(`can't tree-flatten type: ${describeValue(tree)}`);
  return [pairs.map(([path, child]: [KeyPath, unknown]) => [path[0]!, child]), metadata(def)];
}

/**
 * `tree.isTreeNode(x)`: whether values of this class (or this value's class) are pytree nodes: arrays, plain objects,
 * null/undefined and registered classes.
 *
 * @example
 * ```ts
 * tree.isTreeNode([1, 2]); // true
 * tree.isTreeNode(np.array([1, 2])); // false
 * ```
 */
export function isTreeNode(typ: unknown): boolean {
  if (typ === globalThis.Array || typ === Object) return true;
  if (typeof typ === "function") {
    try {
      const probe: unknown = Object.create((typ as { prototype: object }).prototype ?? null);
      return flatten(probe, (x) => x !== probe)[1].kind === "custom";
    } catch {
      return false;
    }
  }
  return flatten(typ, (x) => x !== typ)[1].kind !== "leaf";
}

/**
 * `tree.broadcast(prefixTree, fullTree)` (jax.tree.broadcast): `fullTree` with each leaf replaced by the leaf of `prefixTree` above it (a tree prefix of it).
 *
 * @example
 * tree.broadcast([1, { a: 2 }], [[3, 4], { a: [5, 6] }]); // [[1, 1], { a: [2, 2] }]
 */
export function broadcast(prefixTree: unknown, fullTree: unknown, isLeaf?: (x: unknown) => boolean): unknown {
  const [prefixLeaves, prefixDef] = flatten(prefixTree, isLeaf);
  const subtrees = flattenUpTo(prefixDef, fullTree);
  const leaves = subtrees.flatMap((sub, i) => flatten(sub, isLeaf)[0].map(() => prefixLeaves[i]));
  return unflatten(flatten(fullTree, isLeaf)[1], leaves);
}

/**
 * `tree.reduceAssociative(operation, tree, { identity, isLeaf })` (jax.tree_util.tree_reduce_associative): reduces the leaves with an associative `operation` as a balanced binary tree (JAX's
 * _parallel_reduce: halves, left half first); `identity` is required for a tree with no leaves.
 *
 * @example
 * ```ts
 * tree.reduceAssociative((a: number, b: number) => a + b, { a: 1, b: [2, 3] }); // 6
 * tree.reduceAssociative((a: number, b: number) => a + b, [], { identity: 0 }); // 0
 * ```
 */
export function reduceAssociative<T>(operation: (a: T, b: T) => T, tree: unknown, opts: { identity?: T; isLeaf?: (x: unknown) => boolean } = {}): T {
  const seq = flatten(tree, opts.isLeaf)[0] as T[];
  const go = (xs: T[]): T => {
    if (xs.length === 0) {
      if (!("identity" in opts)) throw new TypeError("Must specify identity for parallel reduction of empty sequence.");
      return opts.identity as T;
    }
    if (xs.length === 1) return xs[0]!;
    const mid = Math.floor(xs.length / 2);
    return operation(go(xs.slice(0, mid)), go(xs.slice(mid)));
  };
  return go(seq);
}

/**
 * `tree.treedefChildren(treedef)` (jax.tree_util.treedef_children): the child structures of a TreeDef (empty for a leaf).
 *
 * @example
 * ```ts
 * tree.treedefChildren(tree.structure({ a: 1, b: [2, 3] })).map(String); // ["*", "[*, *]"]
 * ```
 */
export function treedefChildren(treedef: TreeDef): TreeDef[] {
  return [...treedef.children];
}

/**
 * `tree.treedefTuple(treedefs)` (jax.tree_util.treedef_tuple): the TreeDef of an array (JAX: a tuple) whose children have the given structures.
 *
 * @example
 * ```ts
 * tree.treedefTuple([tree.structure(1), tree.structure({ a: 1 })]).toString(); // "[*, {\"a\": *}]"
 * ```
 */
export function treedefTuple(treedefs: Iterable<TreeDef>): TreeDef {
  return new TreeDef("array", [...treedefs], null);
}
