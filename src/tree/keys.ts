// Path keys (jax.tree_util's key classes): how a path from a pytree's root names each step. A
// dict child is a DictKey, a JS array element a SequenceKey, a dataclass field a GetAttrKey, and a
// child of another registered class a FlattenedIndexKey. `keystr` prints a path as JAX does.

/** Python's repr of a dict key: strings in single quotes, numbers as they are. */
function pythonRepr(key: string | number): string {
  if (typeof key === "number") return String(key);
  const quote = key.includes("'") && !key.includes('"') ? '"' : "'";
  const escaped = key.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/**
 * `tree.DictKey` (jax.tree_util.DictKey): a dict entry in a path, printed `['a']`.
 *
 * @example
 * ```ts
 * tree.flattenWithPath({ a: 1 })[0][0]![0].map(String); // ["['a']"]
 * new tree.DictKey("a").toString(); // "['a']"
 * ```
 */
export class DictKey {
  constructor(
    /** The dict key. */
    readonly key: string,
  ) {}
  /**
   * The key as `keystr` prints it.
   *
   * @example
   * ```ts
   * new tree.DictKey("a").toString(); // "['a']"
   * ```
   */
  toString(): string {
    return `[${pythonRepr(this.key)}]`;
  }
}

/**
 * `tree.SequenceKey` (jax.tree_util.SequenceKey): an element of a JS array (a JAX list or tuple) in a path, printed `[0]`.
 *
 * @example
 * ```ts
 * tree.flattenWithPath([1, 2])[0][1]![0].map(String); // ["[1]"]
 * new tree.SequenceKey(1).toString(); // "[1]"
 * ```
 */
export class SequenceKey {
  constructor(
    /** The index in the array. */
    readonly idx: number,
  ) {}
  /**
   * The key as `keystr` prints it.
   *
   * @example
   * ```ts
   * new tree.SequenceKey(0).toString(); // "[0]"
   * ```
   */
  toString(): string {
    return `[${this.idx}]`;
  }
}

/**
 * `tree.GetAttrKey` (jax.tree_util.GetAttrKey): a named field of a registered dataclass in a path, printed `.name`.
 *
 * @example
 * ```ts
 * new tree.GetAttrKey("w").toString(); // ".w"
 * tree.keystr([new tree.DictKey("layer"), new tree.GetAttrKey("w")]); // "['layer'].w"
 * ```
 */
export class GetAttrKey {
  constructor(
    /** The attribute (field) name. */
    readonly name: string,
  ) {}
  /**
   * The key as `keystr` prints it.
   *
   * @example
   * ```ts
   * new tree.GetAttrKey("w").toString(); // ".w"
   * ```
   */
  toString(): string {
    return `.${this.name}`;
  }
}

/**
 * `tree.FlattenedIndexKey` (jax.tree_util.FlattenedIndexKey): a child of a registered class that gives no keys, by position, printed `[0]`.
 *
 * @example
 * ```ts
 * class Point { constructor(readonly x: unknown, readonly y: unknown) {} }
 * tree.register(Point, (p) => [[p.x, p.y], null], (_aux, [x, y]) => new Point(x, y));
 * tree.flattenWithPath(new Point(1, 2))[0].map(([path]) => tree.keystr(path)); // ["[0]", "[1]"]
 * new tree.FlattenedIndexKey(0).toString(); // "[0]"
 * ```
 */
export class FlattenedIndexKey {
  constructor(
    /** The child's position among the node's children. */
    readonly key: number,
  ) {}
  /**
   * The key as `keystr` prints it.
   *
   * @example
   * ```ts
   * new tree.FlattenedIndexKey(0).toString(); // "[0]"
   * ```
   */
  toString(): string {
    return `[${this.key}]`;
  }
}

/** One step of a key path: a dict key, a sequence index, a dataclass attribute or a flattened index. */
export type PathKey = DictKey | SequenceKey | GetAttrKey | FlattenedIndexKey;
/** The path from a pytree's root to a subtree, as `jax.tree_util`'s key paths (see {@link keystr}). */
export type KeyPath = readonly PathKey[];

const simpleForm = (k: PathKey): string =>
  k instanceof DictKey ? k.key : k instanceof SequenceKey ? String(k.idx) : k instanceof GetAttrKey ? k.name : String(k.key);

/**
 * A path as text (jax.tree_util.keystr): `keystr([new DictKey("a"), new SequenceKey(0)])` is
 * `"['a'][0]"`; with `{ simple: true, separator: "/" }` it is `"a/0"`.
 *
 * @example
 * ```ts
 * tree.keystr([new tree.DictKey("a"), new tree.SequenceKey(0)]); // "['a'][0]"
 * tree.keystr([new tree.DictKey("a"), new tree.SequenceKey(0)], { simple: true, separator: "/" }); // "a/0"
 * ```
 */
export function keystr(keys: KeyPath, options: { simple?: boolean; separator?: string } = {}): string {
  const separator = options.separator ?? "";
  return keys.map((k) => (options.simple === true ? simpleForm(k) : k.toString())).join(separator);
}
