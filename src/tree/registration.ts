// The JAX-named ways to make a class a pytree node, on top of `register`:
// register_pytree_node_class (the class flattens itself), register_dataclass (named data and meta
// fields), register_static (no children: the whole instance is structure), register_pytree_with_keys
// (children with their path keys), and Partial, a function with bound arguments as children.
import type { NodeType } from "./pytree.js";
import { registerNodeType } from "./pytree.js";
import { GetAttrKey } from "./keys.js";
import type { PathKey } from "./keys.js";

/** A class that flattens itself: `treeFlatten()` and a static `treeUnflatten(aux, children)`. */
export interface PytreeNodeClass<T> {
  new (...args: never[]): T;
  readonly name: string;
  treeUnflatten(auxData: unknown, children: unknown[]): T;
}

/**
 * Registers a class whose instances flatten themselves (jax.tree_util.register_pytree_node_class);
 * returns the class. Its instances need `treeFlatten(): [children, auxData]`.
 *
 * @example
 * ```ts
 * const Pair = tree.registerPytreeNodeClass(class Pair {
 *   constructor(readonly a: unknown, readonly b: unknown) {}
 *   treeFlatten(): [unknown[], unknown] { return [[this.a, this.b], null]; }
 *   static treeUnflatten(_aux: unknown, [a, b]: unknown[]) { return new Pair(a, b); }
 * });
 * tree.leaves(new Pair(np.array([1]), 2)); // [Array([1.], dtype=float32), 2]
 * ```
 */
export function registerPytreeNodeClass<
  T extends {
    /** The instance's children and the auxiliary data needed to rebuild it. */
    treeFlatten(): [unknown[], unknown];
  },
  C extends PytreeNodeClass<T>,
>(cls: C): C {
  registerNodeType(cls, {
    name: cls.name,
    flatten: (x) => (x as T).treeFlatten(),
    unflatten: (aux, children) => cls.treeUnflatten(aux, children),
  });
  return cls;
}

/** A new instance of `cls` with the given own fields, without running its constructor (as a dataclass's fields). */
function withFields<T>(cls: abstract new (...args: never[]) => T, fields: readonly string[], values: readonly unknown[]): T {
  const out = Object.create(cls.prototype as object) as T;
  fields.forEach((f, i) => Object.defineProperty(out, f, { value: values[i], enumerable: true, writable: true, configurable: true }));
  return out;
}

/**
 * Registers a class by its fields (jax.tree_util.register_dataclass): `dataFields` are children
 * (Arrays, traced by transforms), `metaFields` are static structure compared by value. Paths name
 * data fields with GetAttrKey (`.w`). Returns the class.
 *
 * @example
 * ```ts
 * class Linear { constructor(readonly w: Array, readonly b: Array, readonly activation: string) {} }
 * tree.registerDataclass(Linear, ["w", "b"], ["activation"]);
 * const layer = new Linear(np.array([1, 2]), np.array(0.5), "relu");
 * tree.leaves(layer); // [Array([1., 2.], dtype=float32), Array(0.5, dtype=float32, weak_type=True)]
 * tree.flattenWithPath(layer)[0].map(([path]) => tree.keystr(path)); // [".w", ".b"]
 * ```
 */
export function registerDataclass<C extends abstract new (...args: never[]) => object>(cls: C, dataFields: readonly string[], metaFields: readonly string[] = []): C {
  const overlap = dataFields.filter((f) => metaFields.includes(f));
  if (overlap.length > 0) throw new TypeError(`registerDataclass: fields ${overlap.join(", ")} are both data and meta fields.`);
  const keys: readonly PathKey[] = dataFields.map((f) => new GetAttrKey(f));
  registerNodeType(cls, {
    name: cls.name,
    flatten: (x) => {
      const rec = x as Record<string, unknown>;
      return [dataFields.map((f) => rec[f]), metaFields.map((f) => rec[f])];
    },
    unflatten: (aux, children) => withFields(cls, [...dataFields, ...metaFields], [...children, ...(aux as unknown[])]),
    childKeys: () => keys,
  });
  return cls;
}

/**
 * Registers a class whose instances are pure structure (jax.tree_util.register_static): no leaves,
 * and two instances are the same structure when identical or when `a.equals(b)` says so.
 *
 * @example
 * ```ts
 * class Config { constructor(readonly name: string) {} }
 * tree.registerStatic(Config);
 * tree.leaves({ cfg: new Config("a"), x: 1 }); // [1]
 * ```
 */
export function registerStatic<C extends abstract new (...args: never[]) => object>(cls: C): C {
  const node: NodeType = {
    name: cls.name,
    flatten: (x) => [[], x],
    unflatten: (aux) => aux,
    auxEquals: (a, b) => a === b || (typeof (a as { equals?: unknown }).equals === "function" && (a as { equals(o: unknown): boolean }).equals(b)),
  };
  registerNodeType(cls, node);
  return cls;
}

/**
 * Registers a class with keyed children (jax.tree_util.register_pytree_with_keys): `flattenWithKeys`
 * returns `[[key, child], ...]` and the aux data; the keys appear in `flattenWithPath`.
 *
 * @example
 * ```ts
 * class Pair { constructor(readonly a: unknown, readonly b: unknown) {} }
 * tree.registerPytreeWithKeys(Pair, (p) => [[[new tree.GetAttrKey("a"), p.a], [new tree.GetAttrKey("b"), p.b]], null], (_aux, [a, b]) => new Pair(a, b));
 * tree.flattenWithPath(new Pair(1, 2))[0].map(([path, leaf]) => [tree.keystr(path), leaf]); // [[".a", 1], [".b", 2]]
 * ```
 */
export function registerPytreeWithKeys<T extends object>(
  cls: abstract new (...args: never[]) => T,
  flattenWithKeys: (x: T) => [keyedChildren: [PathKey, unknown][], auxData: unknown],
  unflatten: (auxData: unknown, children: unknown[]) => T,
): void {
  // The keys ride in the treedef's aux data beside the user's, so paths need no second walk.
  interface KeyedAux {
    readonly aux: unknown;
    readonly keys: readonly PathKey[];
  }
  registerNodeType(cls, {
    name: cls.name,
    flatten: (x) => {
      const [keyed, aux] = flattenWithKeys(x as T);
      const keyedAux: KeyedAux = { aux, keys: keyed.map(([k]) => k) };
      return [keyed.map(([, c]) => c), keyedAux];
    },
    unflatten: (aux, children) => unflatten((aux as KeyedAux).aux, children),
    childKeys: (aux) => (aux as KeyedAux).keys,
    auxEquals: (a, b) => {
      const x = a as KeyedAux;
      const y = b as KeyedAux;
      return JSON.stringify(x.aux) === JSON.stringify(y.aux) && x.keys.length === y.keys.length && x.keys.every((k, i) => String(k) === String(y.keys[i]));
    },
  });
}

/** A class that flattens itself with keys: `treeFlattenWithKeys()` and a static `treeUnflatten(aux, children)`. */
export interface PytreeWithKeysClass<T> {
  new (...args: never[]): T;
  readonly name: string;
  treeUnflatten(auxData: unknown, children: unknown[]): T;
}

/**
 * Registers a class whose instances flatten themselves with path keys
 * (jax.tree_util.register_pytree_with_keys_class); returns the class, so it can wrap a class
 * expression. Instances need `treeFlattenWithKeys(): [[[key, child], ...], auxData]`; the class
 * needs a static `treeUnflatten(auxData, children)`. Plain flattening drops the keys.
 *
 * @example
 * ```ts
 * const Pair = tree.registerPytreeWithKeysClass(class Pair {
 *   constructor(readonly a: unknown, readonly b: unknown) {}
 *   treeFlattenWithKeys(): [[PathKey, unknown][], unknown] {
 *     return [[[new tree.GetAttrKey("a"), this.a], [new tree.GetAttrKey("b"), this.b]], null];
 *   }
 *   static treeUnflatten(_aux: unknown, [a, b]: unknown[]) { return new Pair(a, b); }
 * });
 * tree.flattenWithPath(new Pair(1, 2))[0].map(([p]) => tree.keystr(p)); // [".a", ".b"]
 * ```
 */
export function registerPytreeWithKeysClass<
  T extends {
    /** The instance's children, each with its path key, and the auxiliary data needed to rebuild it. */
    treeFlattenWithKeys(): [keyedChildren: [PathKey, unknown][], auxData: unknown];
  },
  C extends PytreeWithKeysClass<T>,
>(cls: C): C {
  registerPytreeWithKeys<T>(
    cls,
    (x) => x.treeFlattenWithKeys(),
    (aux, children) => cls.treeUnflatten(aux, children),
  );
  return cls;
}

/** The class every Partial's prototype names, so the pytree registry recognises Partials. */
class PartialNode {}
const PARTIAL_PROTOTYPE: object = Object.create(Function.prototype, { constructor: { value: PartialNode } });

/**
 * A function with some leading arguments bound, that is also a pytree (its arguments are its leaves).
 */
export interface Partial<Rest extends unknown[], R> {
  (...rest: Rest): R;
  /** The wrapped function (`Partial.func`). */
  readonly func: (...args: never[]) => R;
  /** The bound leading arguments, the Partial's pytree children (`Partial.args`). */
  readonly args: readonly unknown[];
}

/**
 * Binds leading arguments of `func` (jax.tree_util.Partial): the result is callable and a pytree
 * whose leaves are the bound arguments and whose structure holds `func`, so it can be passed
 * through `jit`, `vmap` or `tree.map`: `const scale = tree.Partial((s: Array, x: Array) => x.mul(s), np.array(2))`.
 *
 * @example
 * ```ts
 * const scale = tree.Partial((s: Array, x: Array) => x.mul(s), np.array(2));
 * scale(np.array([1, 2])); // Array([2., 4.], dtype=float32)
 * tree.leaves(scale); // [Array(2., dtype=float32, weak_type=True)]
 * ```
 */
export function Partial<Bound extends unknown[], Rest extends unknown[], R>(func: (...args: [...Bound, ...Rest]) => R, ...args: Bound): Partial<Rest, R> {
  if (typeof func !== "function") throw new TypeError(`tree.Partial: the first argument must be callable, got ${String(func)}.`);
  const call = (...rest: Rest): R => func(...args, ...rest);
  Object.setPrototypeOf(call, PARTIAL_PROTOTYPE);
  Object.defineProperty(call, "func", { value: func, enumerable: false });
  Object.defineProperty(call, "args", { value: Object.freeze([...args]), enumerable: false });
  return call as unknown as Partial<Rest, R>;
}

registerNodeType(PartialNode, {
  name: "Partial",
  flatten: (x) => [[...(x as Partial<unknown[], unknown>).args], (x as Partial<unknown[], unknown>).func],
  unflatten: (func, children) => Partial(func as (...a: unknown[]) => unknown, ...children),
  auxEquals: (a, b) => a === b,
});
