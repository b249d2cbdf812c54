// jax.tree_util's whole-tree utilities: reduce, all, transpose, all_leaves, treedef_is_leaf.
import { Array as DArray } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import type { TreeDef } from "./pytree.js";
import { flatten, flattenUpTo, leaves, structure, unflatten } from "./pytree.js";

/**
 * Folds `f` over the leaves (jax.tree.reduce), in flattening order. Without an initializer the
 * first leaf starts the fold; an empty tree then raises TypeError.
 *
 * @example
 * ```ts
 * tree.reduce((a: number, b: number) => a + b, { x: 1, y: [2, 3] }, 0); // 6
 * tree.reduce((a: Array, b: Array) => np.maximum(a, b), [np.array([1, 5]), np.array([4, 2])]); // Array([4., 5.], dtype=float32)
 * ```
 */
export function reduce<A>(f: (accumulated: A, leaf: never) => A, t: unknown, initializer?: A, isLeaf?: (x: unknown) => boolean): A {
  if (typeof f !== "function") throw new TypeError(`tree.reduce: expected a callable value as the function, got ${String(f)}.`);
  const ls = flatten(t, isLeaf)[0];
  const g = f as (a: A, l: unknown) => A;
  if (initializer !== undefined) return ls.reduce<A>((a, l) => g(a, l), initializer);
  if (ls.length === 0) throw new TypeError("tree.reduce: reduce() of empty tree with no initial value.");
  return ls.slice(1).reduce<A>((a, l) => g(a, l), ls[0] as A);
}

/** A leaf's truth value as Python's `bool` gives it; an Array must have one element. */
function truthy(leaf: unknown): boolean {
  if (leaf instanceof DArray) {
    if (leaf.size !== 1) {
      throw new ValueError(`The truth value of an array with more than one element is ambiguous (shape ${JSON.stringify(leaf.shape)}). Use a.any() or a.all().`);
    }
    return Boolean(leaf.item());
  }
  return Boolean(leaf);
}

/**
 * Whether every leaf is true (jax.tree.all).
 *
 * @example
 * ```ts
 * tree.all({ a: true, b: [1, np.array(true)] }); // true
 * tree.all([1, 0]); // false
 * ```
 */
export function all(t: unknown, isLeaf?: (x: unknown) => boolean): boolean {
  return flatten(t, isLeaf)[0].every(truthy);
}

/**
 * Whether every element of `xs` is a leaf (jax.tree_util.all_leaves).
 *
 * @example
 * ```ts
 * tree.allLeaves([1, np.zeros([2])]); // true
 * tree.allLeaves([1, [2]]); // false
 * ```
 */
export function allLeaves(xs: Iterable<unknown>, isLeaf?: (x: unknown) => boolean): boolean {
  for (const x of xs) if (flatten(x, isLeaf)[1].kind !== "leaf") return false;
  return true;
}

/**
 * Whether a treedef is a single leaf (jax.tree_util.treedef_is_leaf).
 *
 * @example
 * ```ts
 * tree.treedefIsLeaf(tree.structure(1)); // true
 * tree.treedefIsLeaf(tree.structure([1])); // false
 * ```
 */
export function treedefIsLeaf(treedef: TreeDef): boolean {
  return treedef.kind === "leaf";
}

/**
 * Turns an outer structure of inner structures into an inner structure of outer ones
 * (jax.tree.transpose). A null inner treedef is read off the first outer leaf.
 *
 * @example
 * ```ts
 * const outer = tree.structure([0, 0]);
 * const inner = tree.structure({ a: 0, b: 0 });
 * tree.transpose(outer, inner, [{ a: 1, b: 2 }, { a: 3, b: 4 }]); // { a: [1, 3], b: [2, 4] }
 * ```
 */
export function transpose(outerTreedef: TreeDef, innerTreedef: TreeDef | null, pytreeToTranspose: unknown): unknown {
  const subtrees = flattenUpTo(outerTreedef, pytreeToTranspose);
  if (subtrees.length === 0 && innerTreedef === null) throw new ValueError("tree.transpose: an empty outer structure needs an explicit inner treedef.");
  const inner = innerTreedef ?? structure(subtrees[0]);
  const total = leaves(pytreeToTranspose).length;
  if (total !== outerTreedef.numLeaves * inner.numLeaves) {
    throw new TypeError(`Tree structure mismatch; expected ${outerTreedef.numLeaves * inner.numLeaves} leaves (outer ${outerTreedef}, inner ${inner}), got ${total}.`);
  }
  const grid = subtrees.map((s) => flattenUpTo(inner, s));
  const columns = globalThis.Array.from({ length: inner.numLeaves }, (_, j) => unflatten(outerTreedef, grid.map((row) => row[j])));
  return unflatten(inner, columns);
}
