// Flattening with paths (jax.tree_util.tree_flatten_with_path and friends): each leaf comes with
// the keys leading to it from the root. Paths follow from the TreeDef alone, so they are computed
// once per structure, not by walking the tree a second time.
import type { TreeDef } from "./pytree.js";
import { flatten, flattenUpTo, unflatten } from "./pytree.js";
import { DictKey, FlattenedIndexKey, SequenceKey } from "./keys.js";
import type { KeyPath, PathKey } from "./keys.js";

/**
 * The path of each leaf of `treedef`, in leaf order.
 *
 * @example
 * ```ts
 * tree.treedefPaths(tree.structure({ a: 1, b: [2] })).map((p) => tree.keystr(p)); // ["['a']", "['b'][0]"]
 * ```
 */
export function treedefPaths(treedef: TreeDef): KeyPath[] {
  const out: KeyPath[] = [];
  const go = (d: TreeDef, path: readonly PathKey[]): void => {
    switch (d.kind) {
      case "leaf":
        out.push(path);
        return;
      case "none":
        return;
      case "array":
        d.children.forEach((c, i) => go(c, [...path, new SequenceKey(i)]));
        return;
      case "object":
        d.children.forEach((c, i) => go(c, [...path, new DictKey((d.aux as readonly string[])[i]!)]));
        return;
      case "custom": {
        const keys = d.custom!.childKeys?.(d.aux, d.children.length) ?? d.children.map((_, i) => new FlattenedIndexKey(i));
        d.children.forEach((c, i) => go(c, [...path, keys[i]!]));
        return;
      }
    }
  };
  go(treedef, []);
  return out;
}

/**
 * `[[[path, leaf], ...], treedef]`, as jax.tree_util.tree_flatten_with_path.
 *
 * @example
 * ```ts
 * const [pairs, def] = tree.flattenWithPath({ w: 1, b: [2, 3] });
 * pairs.map(([path, leaf]) => `${tree.keystr(path)}=${leaf}`); // ["['b'][0]=2", "['b'][1]=3", "['w']=1"]
 * def.numLeaves; // 3
 * ```
 */
export function flattenWithPath(tree: unknown, isLeaf?: (x: unknown) => boolean): [[KeyPath, unknown][], TreeDef] {
  const [leaves, def] = flatten(tree, isLeaf);
  const paths = treedefPaths(def);
  return [leaves.map((l, i) => [paths[i]!, l]), def];
}

/**
 * `[[path, leaf], ...]`, as jax.tree_util.tree_leaves_with_path.
 *
 * @example
 * ```ts
 * tree.leavesWithPath({ a: [5] }).map(([path, leaf]) => [tree.keystr(path), leaf]); // [["['a'][0]", 5]]
 * ```
 */
export function leavesWithPath(tree: unknown, isLeaf?: (x: unknown) => boolean): [KeyPath, unknown][] {
  return flattenWithPath(tree, isLeaf)[0];
}

/**
 * Like `tree.map`, with each leaf's path as `f`'s first argument (jax.tree_util.tree_map_with_path).
 *
 * @example
 * ```ts
 * tree.mapWithPath((path: tree.KeyPath, x: number) => `${tree.keystr(path)}: ${x}`, { a: 1, b: [2] }); // { a: "['a']: 1", b: ["['b'][0]: 2"] }
 * ```
 */
export function mapWithPath(f: (path: KeyPath, ...xs: never[]) => unknown, t: unknown, ...rest: unknown[]): unknown {
  if (typeof f !== "function") throw new TypeError(`tree.mapWithPath: expected a callable value as the function, got ${String(f)}.`);
  const [leaves, def] = flatten(t);
  const paths = treedefPaths(def);
  const others = rest.map((r) => flattenUpTo(def, r));
  const g = f as (path: KeyPath, ...xs: unknown[]) => unknown;
  return unflatten(def, leaves.map((l, i) => g(paths[i]!, l, ...others.map((o) => o[i]))));
}
