// Pytrees: nested JS arrays and plain objects (keys in sorted order) whose leaves are Arrays,
// numbers and booleans; null and undefined are empty nodes. Classes can be registered with their
// own flatten/unflatten. A TreeDef records the structure so leaves can be put back.
//
// A dict node is an object whose prototype is Object.prototype or null; its keys are its own
// enumerable string keys (Object.keys), so an own "__proto__" key (JSON.parse makes them) is an
// ordinary key. Dicts are rebuilt only through `dict`, which defines own properties: assigning
// `out["__proto__"] = v` would set the new object's prototype instead of a key. Null-prototype
// dicts come back as plain objects with the same own keys.
import { Array as DArray } from "../core/array.js";
import type { PathKey } from "./keys.js";
import { PytreeCycleError } from "../core/errors.js";

/** A pytree leaf: any value that is not a registered container (arrays, numbers, strings, null...). */
export type Leaf = unknown;

/** How a registered class flattens; see registration.ts for the JAX-named ways to register one. */
export interface NodeType<T = unknown> {
  /** The class's name, for error messages and treedef printing. */
  readonly name: string;
  /**
   * The node's children and the auxiliary data needed to rebuild it.
   *
   * @example
   * ```ts
   * class Scaled { constructor(readonly value: unknown, readonly factor: number) {} }
   * const node = { name: "Scaled", flatten: (s: Scaled): [unknown[], unknown] => [[s.value], s.factor], unflatten: (f: unknown, [v]: unknown[]) => new Scaled(v, f as number) };
   * tree.registerNodeType(Scaled, node as tree.NodeType);
   * node.flatten(new Scaled(np.array([1]), 2)); // [[Array([1.], dtype=float32)], 2]
   * ```
   */
  flatten(x: T): [children: unknown[], auxData: unknown];
  /**
   * Rebuilds a node from its auxiliary data and (possibly transformed) children.
   *
   * @example
   * ```ts
   * class Scaled { constructor(readonly value: unknown, readonly factor: number) {} }
   * const node = { name: "Scaled", flatten: (s: Scaled): [unknown[], unknown] => [[s.value], s.factor], unflatten: (f: unknown, [v]: unknown[]) => new Scaled(v, f as number) };
   * tree.registerNodeType(Scaled, node as tree.NodeType);
   * (node.unflatten(3, [np.array([1])]) as Scaled).factor; // 3
   * (tree.map((v: Array) => v.mul(10), new Scaled(np.array([1]), 2)) as Scaled).value; // Array([10.], dtype=float32)
   * ```
   */
  unflatten(auxData: unknown, children: unknown[]): T;
  /** The key of each child in a path (keys.ts); a FlattenedIndexKey by position when absent. */
  readonly childKeys?: (auxData: unknown, count: number) => readonly PathKey[];
  /** Whether two aux data are the same structure; identity, or equal plain data, when absent. */
  readonly auxEquals?: (a: unknown, b: unknown) => boolean;
}

const registry = new Map<Function, NodeType>();

/**
 * `tree.register(cls, flatten, unflatten)` (jax.tree_util.register_pytree_node): registers a class as a pytree node.
 *
 * @example
 * ```ts
 * class Point { constructor(readonly x: unknown, readonly y: unknown) {} }
 * tree.register(Point, (p) => [[p.x, p.y], null], (_aux, [x, y]) => new Point(x, y));
 * tree.leaves(new Point(1, [2, 3])); // [1, 2, 3]
 * (tree.map((v: number) => v * 10, new Point(1, 2)) as Point).y; // 20
 * ```
 */
export function register<T extends object>(
  cls: abstract new (...args: never[]) => T,
  flatten: (x: T) => [children: unknown[], auxData: unknown],
  unflatten: (auxData: unknown, children: unknown[]) => T,
): void {
  registerNodeType(cls, { name: cls.name, flatten: flatten as NodeType["flatten"], unflatten: unflatten as NodeType["unflatten"] });
}

/**
 * `tree.registerNodeType(cls, node)`: registers a node type (name, flatten, unflatten, optional childKeys and auxEquals) under its class, the way every registration helper ends.
 *
 * @example
 * ```ts
 * class Box { constructor(readonly value: unknown) {} }
 * tree.registerNodeType(Box, { name: "Box", flatten: (b) => [[(b as Box).value], null], unflatten: (_aux, [v]) => new Box(v) });
 * tree.leaves([new Box(1), new Box(2)]); // [1, 2]
 * ```
 */
export function registerNodeType(cls: Function, node: NodeType): void {
  registry.set(cls, node);
}

/** Aux data equal as plain data (numbers, strings, arrays and plain objects of them), else by identity. */
function sameAux(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (globalThis.Array.isArray(a) && globalThis.Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameAux(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = dictKeys(a);
    const kb = dictKeys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameAux(a[k], b[k]));
  }
  return false;
}

type Kind = "leaf" | "none" | "array" | "object" | "custom";

/**
 * A pytree's structure without its leaves (`jax.tree_util.PyTreeDef`): from {@link structure} or {@link flatten}, back with {@link unflatten}.
 *
 * @example
 * ```ts
 * const def = tree.structure({ a: 1, b: [2, 3] });
 * def.numLeaves; // 3
 * def.toString(); // "{\"a\": *, \"b\": [*, *]}"
 * tree.unflatten(def, [4, 5, 6]); // { a: 4, b: [5, 6] }
 * ```
 */
export class TreeDef {
  constructor(
    /** The node kind: a leaf, null/undefined, a JS array, a plain object, or a registered class. */
    readonly kind: Kind,
    /** The children's structures, in flattening order. */
    readonly children: readonly TreeDef[],
    /** Sorted keys for objects, null-or-undefined marker for "none", class + auxData for custom. */
    readonly aux: unknown,
    /** The registration of a registered class's node; null for the built-in kinds. */
    readonly custom: NodeType | null = null,
  ) {}

  /** How many leaves a tree of this structure has (`treedef.num_leaves`). */
  get numLeaves(): number {
    if (this.kind === "leaf") return 1;
    let n = 0;
    for (const c of this.children) n += c.numLeaves;
    return n;
  }

  /**
   * Whether `o` is the same structure (kinds, keys, classes and auxiliary data), as PyTreeDef's `==`.
   *
   * @example
   * ```ts
   * tree.structure({ a: 1, b: [2] }).equals(tree.structure({ b: [np.array(5)], a: 0 })); // true
   * tree.structure([1, 2]).equals(tree.structure([1])); // false
   * ```
   */
  equals(o: TreeDef): boolean {
    if (this.kind !== o.kind || this.children.length !== o.children.length || this.custom !== o.custom) return false;
    if (this.kind === "object") {
      const a = this.aux as string[];
      const b = o.aux as string[];
      if (a.length !== b.length || a.some((k, i) => k !== b[i])) return false;
    }
    if (this.kind === "none" && this.aux !== o.aux) return false;
    if (this.kind === "custom" && !(this.custom!.auxEquals ?? sameAux)(this.aux, o.aux)) return false;
    return this.children.every((c, i) => c.equals(o.children[i]!));
  }

  /**
   * The structure with `*` for each leaf, e.g. `{"a": *, "b": [*, *]}`.
   *
   * @example
   * ```ts
   * tree.structure([1, { b: 2, a: null }]).toString(); // "[*, {\"a\": null, \"b\": *}]"
   * ```
   */
  toString(): string {
    switch (this.kind) {
      case "leaf":
        return "*";
      case "none":
        return String(this.aux);
      case "array":
        return `[${this.children.map(String).join(", ")}]`;
      case "object":
        return `{${(this.aux as string[]).map((k, i) => `${JSON.stringify(k)}: ${this.children[i]}`).join(", ")}}`;
      case "custom":
        return `${this.custom!.name}(${this.children.map(String).join(", ")})`;
    }
  }
}

const LEAF = new TreeDef("leaf", [], null);

/**
 * Internal: whether `x` is a dict node, an object whose prototype is Object.prototype or null.
 */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Internal: a dict node's keys, in JAX's order (sorted). Own enumerable string keys, "__proto__" included.
 */
export function dictKeys(x: object): string[] {
  return Object.keys(x).sort();
}

/**
 * Builds a dict node (a plain object) from keys and values. Every key becomes an own data
 * property, so a "__proto__" key is a key and never changes the object's prototype.
 */
export function dict(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    Object.defineProperty(out, k, { value: values[i], enumerable: true, writable: true, configurable: true });
  });
  return out;
}

/** The registered node type of `x`'s exact class (its prototype's own constructor), if any. */
function nodeTypeOf(x: object): NodeType | undefined {
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === null || proto === Object.prototype) return undefined;
  // Read the class from the prototype, not `x.constructor`: a dict's own "constructor" key is data.
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto as object, "constructor")?.value;
  return typeof ctor === "function" ? registry.get(ctor) : undefined;
}


function build(x: unknown, leaves: unknown[], isLeaf: ((x: unknown) => boolean) | undefined, path: Set<object>): TreeDef {
  if (isLeaf?.(x)) {
    leaves.push(x);
    return LEAF;
  }
  if (x === null || x === undefined) return new TreeDef("none", [], x);
  if ((typeof x !== "object" && !(typeof x === "function" && nodeTypeOf(x) !== undefined)) || x instanceof DArray) {
    leaves.push(x);
    return LEAF;
  }
  const isArray = globalThis.Array.isArray(x);
  const node = isArray ? undefined : nodeTypeOf(x);
  if (!isArray && node === undefined && !isPlainObject(x)) {
    leaves.push(x);
    return LEAF;
  }
  // A container already on the path from the root holds itself: flattening would never end.
  if (path.has(x)) throw new PytreeCycleError();
  path.add(x);
  try {
    if (isArray) return new TreeDef("array", (x as unknown[]).map((c) => build(c, leaves, isLeaf, path)), null);
    if (node !== undefined) {
      const [children, aux] = node.flatten(x);
      return new TreeDef("custom", children.map((c) => build(c, leaves, isLeaf, path)), aux, node);
    }
    const obj = x as Record<string, unknown>;
    const keys = dictKeys(obj);
    return new TreeDef("object", keys.map((k) => build(obj[k], leaves, isLeaf, path)), keys);
  } finally {
    path.delete(x);
  }
}

/**
 * `tree.flatten(tree, isLeaf?)` (jax.tree.flatten): the leaves in order (objects by sorted key,
 * arrays by index) and the structure; `isLeaf` stops the descent at the subtrees it accepts.
 *
 * @example
 * ```ts
 * const [leaves, def] = tree.flatten({ b: [1, 2], a: np.zeros([2]) });
 * leaves; // [Array([0., 0.], dtype=float32), 1, 2]
 * def.numLeaves; // 3
 * const isLayer = (x: unknown) => typeof x === "object" && x !== null && "w" in x;
 * tree.flatten({ layer: { w: 1, b: 2 }, scale: 3 }, isLayer)[0]; // [{ w: 1, b: 2 }, 3]
 * ```
 */
export function flatten(tree: unknown, isLeaf?: (x: unknown) => boolean): [unknown[], TreeDef] {
  const leaves: unknown[] = [];
  const def = build(tree, leaves, isLeaf, new Set());
  return [leaves, def];
}

/**
 * Rebuilds a tree of structure `treedef` from `leaves`, in flattening order (`jax.tree.unflatten`);
 * TypeError when the count differs.
 *
 * @example
 * ```ts
 * const def = tree.structure({ a: 0, b: [0, 0] });
 * tree.unflatten(def, [1, 2, 3]); // { a: 1, b: [2, 3] }
 * ```
 */
export function unflatten(treedef: TreeDef, leaves: readonly unknown[]): unknown {
  if (leaves.length !== treedef.numLeaves) {
    throw new TypeError(`Tree structure ${treedef} expects ${treedef.numLeaves} leaves, got ${leaves.length}.`);
  }
  let i = 0;
  const go = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "leaf":
        return leaves[i++];
      case "none":
        return d.aux;
      case "array":
        return d.children.map(go);
      case "object":
        return dict(d.aux as string[], d.children.map(go));
      case "custom":
        return d.custom!.unflatten(d.aux, d.children.map(go));
    }
  };
  return go(treedef);
}

/**
 * The leaves of `tree` in flattening order (`jax.tree.leaves`): objects by sorted key, arrays by index.
 *
 * @example
 * ```ts
 * tree.leaves({ b: 2, a: [1, { c: 3 }] }); // [1, 3, 2]
 * ```
 */
export function leaves(tree: unknown): unknown[] {
  return flatten(tree)[0];
}

/**
 * The structure of `tree`, without its leaves (`jax.tree.structure`).
 *
 * @example
 * ```ts
 * tree.structure({ a: 1, b: [2, 3] }).numLeaves; // 3
 * ```
 */
export function structure(tree: unknown): TreeDef {
  return flatten(tree)[1];
}

/**
 * The subtrees of `tree` at the leaves of `treedef`, which must be a prefix of tree's structure
 * (JAX's `treedef.flatten_up_to`): where treedef has a leaf, the whole subtree is returned.
 *
 * @example
 * ```ts
 * tree.flattenUpTo(tree.structure([0, 0]), [1, { a: 2, b: 3 }]); // [1, { a: 2, b: 3 }]
 * ```
 */
export function flattenUpTo(treedef: TreeDef, tree: unknown): unknown[] {
  const out: unknown[] = [];
  const mismatch = (): never => {
    throw new TypeError(`tree.map: tree structures differ: ${treedef} is not a prefix of ${structure(tree)}.`);
  };
  const go = (d: TreeDef, x: unknown): void => {
    switch (d.kind) {
      case "leaf":
        out.push(x);
        return;
      case "none":
        if (x !== d.aux) mismatch();
        return;
      case "array":
        if (!globalThis.Array.isArray(x) || x.length !== d.children.length) mismatch();
        d.children.forEach((c, i) => go(c, (x as unknown[])[i]));
        return;
      case "object": {
        const keys = d.aux as string[];
        if (!isPlainObject(x)) return mismatch();
        const xKeys = dictKeys(x);
        if (xKeys.length !== keys.length || xKeys.some((k, i) => k !== keys[i])) mismatch();
        keys.forEach((k, i) => go(d.children[i]!, x[k]));
        return;
      }
      case "custom": {
        if ((typeof x !== "object" && typeof x !== "function") || x === null || nodeTypeOf(x) !== d.custom) mismatch();
        const [children, aux] = d.custom!.flatten(x);
        if (children.length !== d.children.length || !(d.custom!.auxEquals ?? sameAux)(aux, d.aux)) mismatch();
        d.children.forEach((c, i) => go(c, children[i]));
        return;
      }
    }
  };
  go(treedef, tree);
  return out;
}

/** What a pytree's leaves are, for the types below: Arrays, numbers and booleans. */
export type LeafValue = DArray | number | boolean;

/** The type of the leaves of a pytree of type T (a union over its nodes). */
export type LeafOf<T> = unknown extends T
  ? unknown
  : T extends LeafValue
    ? T
    : T extends null | undefined
      ? never
      : T extends readonly (infer E)[]
        ? LeafOf<E>
        : T extends object
          ? { [K in keyof T]: LeafOf<T[K]> }[keyof T]
          : T;

/** T with every leaf replaced by R: the type `tree.map` returns. */
export type MapLeaves<T, R> = unknown extends T
  ? unknown
  : T extends LeafValue
    ? R
    : T extends null | undefined
      ? T
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: MapLeaves<T[K], R> }
        : T extends object
          ? { -readonly [K in keyof T]: MapLeaves<T[K], R> }
          : R;

/**
 * Applies `f` to corresponding leaves of `t` and `rest`. Each of `rest` must have t's structure,
 * or have it as a prefix (then f receives the whole subtree where t has a leaf), as jax.tree.map.
 *
 * @example
 * ```ts
 * tree.map((x: number) => x * 2, { a: 1, b: [2, 3] }); // { a: 2, b: [4, 6] }
 * const params = { w: np.array([1, 2]), b: np.array(0) };
 * const grads = { w: np.array([10, 10]), b: np.array(1) };
 * tree.map((p: Array, g: Array) => p.sub(g.mul(0.1)), params, grads); // { b: Array(-0.1, dtype=float32, weak_type=True), w: Array([0., 1.], dtype=float32) }
 * ```
 */
// NoInfer: T comes from `t` alone. Inferred from an annotated `(leaf: Array) => ...` too, T would get
// the candidate Array (LeafOf's `T extends LeafValue ? T` branch) and the call would fail this overload.
export function map<T, R>(f: (leaf: NoInfer<LeafOf<T>>, ...rest: NoInfer<LeafOf<T>>[]) => R, t: T, ...rest: unknown[]): MapLeaves<T, R>;
export function map(f: (...xs: never[]) => unknown, t: unknown, ...rest: unknown[]): unknown;
export function map(f: (...xs: never[]) => unknown, t: unknown, ...rest: unknown[]): unknown {
  if (typeof f !== "function") throw new TypeError(`tree.map: expected a callable value as the function, got ${describeValue(f)}.`);
  const [ls, def] = flatten(t);
  const others = rest.map((r) => flattenUpTo(def, r));
  const g = f as (...xs: unknown[]) => unknown;
  return unflatten(def, ls.map((l, i) => g(l, ...others.map((o) => o[i]))));
}

/**
 * Internal: a short description of a JS value for error messages (never its contents as code).
 */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return globalThis.Array.isArray(x) ? "an array" : "an object";
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x)}`;
  return `${String(x)} (${typeof x})`;
}

