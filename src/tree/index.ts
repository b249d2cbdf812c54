// Pytrees (jax.tree_util): nested JS arrays and plain objects whose leaves are Arrays, numbers
// and booleans, plus registered classes. This file only assembles the folder: pytree.ts is the
// core (flatten, unflatten, map, TreeDef), keys.ts the path keys, paths.ts flattening with paths,
// utilities.ts reduce/all/transpose, registration.ts the JAX-named ways to register a class.
// pytree.ts's node helpers (isPlainObject, dictKeys, dict) and describeValue stay internal.
export { register, registerNodeType, TreeDef, flatten, unflatten, leaves, structure, flattenUpTo, map } from "./pytree.js";
export type { Leaf, NodeType, LeafValue, LeafOf, MapLeaves } from "./pytree.js";
export { DictKey, SequenceKey, GetAttrKey, FlattenedIndexKey, keystr } from "./keys.js";
export type { PathKey, KeyPath } from "./keys.js";
export { flattenWithPath, leavesWithPath, mapWithPath, treedefPaths } from "./paths.js";
export { reduce, all, transpose, allLeaves, treedefIsLeaf } from "./utilities.js";
export { registerPytreeNodeClass, registerDataclass, registerStatic, registerPytreeWithKeys, registerPytreeWithKeysClass, Partial } from "./registration.js";
export { flattenOneLevel, flattenOneLevelWithKeys, isTreeNode, broadcast, reduceAssociative, treedefChildren, treedefTuple } from "./oneLevel.js";
