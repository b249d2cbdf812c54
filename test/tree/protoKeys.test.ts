// Pytrees keep their keys: a dict with an own "__proto__" key (as JSON.parse makes, or
// Object.defineProperty) is an ordinary dict node through tree.map, flatten/unflatten, grad,
// vmap, jit and optim; rebuilding it defines an own property instead of setting the prototype,
// and Object.prototype is never touched. A cyclic pytree gives a clear error, not a stack overflow.
import { describe, it, expect, afterEach } from "vitest";
import { numpy as np, tree, grad, vmap, jit, optim, Array } from "../../src/index.js";

const own = (o: unknown, k: string): unknown => {
  const d = Object.getOwnPropertyDescriptor(o as object, k);
  if (d === undefined) throw new Error(`no own property ${JSON.stringify(k)}`);
  return d.value;
};
const hasOwn = (o: unknown, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const list = (x: unknown): unknown => (x as Array).tolist();

/** Checks an output dict: plain prototype, and an own "__proto__" key. */
function expectProtoDict(o: unknown, keys: string[]): void {
  expect(typeof o).toBe("object");
  expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  expect(hasOwn(o, "__proto__")).toBe(true);
  expect(Object.keys(o as object).sort()).toEqual(keys);
}

/** `{"__proto__": {"a": A}, "b": B}` built by JSON.parse, then leaves substituted in place. */
function jsonTree(a: unknown, b: unknown): Record<string, unknown> {
  const t = JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as Record<string, unknown>;
  (own(t, "__proto__") as Record<string, unknown>).a = a;
  t.b = b;
  return t;
}

/** The same shape made with Object.defineProperty. */
function definedTree(a: unknown, b: unknown): Record<string, unknown> {
  const t: Record<string, unknown> = {};
  Object.defineProperty(t, "__proto__", { value: { a }, enumerable: true, writable: true, configurable: true });
  t.b = b;
  return t;
}

afterEach(() => {
  // Nothing may leak onto Object.prototype.
  const probe: Record<string, unknown> = {};
  expect(probe.a).toBeUndefined();
  expect(probe.b).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  expect(Object.keys(Object.prototype)).toEqual([]);
});

describe("an own __proto__ key is an ordinary dict key", () => {
  for (const [name, make] of [
    ["JSON.parse", jsonTree],
    ["Object.defineProperty", definedTree],
  ] as const) {
    it(`${name}: flatten/unflatten round-trips`, () => {
      const t = make(1, 2);
      const [leaves, def] = tree.flatten(t);
      expect(leaves).toEqual([1, 2]);
      expect(def.toString()).toBe('{"__proto__": {"a": *}, "b": *}');
      const back = tree.unflatten(def, [10, 20]);
      expectProtoDict(back, ["__proto__", "b"]);
      expect(own(own(back, "__proto__"), "a")).toBe(10);
      expect(own(back, "b")).toBe(20);
      expect((back as { a?: unknown }).a).toBeUndefined();
      expect(tree.structure(back).equals(def)).toBe(true);
    });

    it(`${name}: tree.map, over one tree and over two`, () => {
      const t = make(np.array([1, 2]), np.array(3));
      const out = tree.map((x: Array) => x.mul(2), t);
      expectProtoDict(out, ["__proto__", "b"]);
      expect(list(own(own(out, "__proto__"), "a"))).toEqual([2, 4]);
      expect(list(own(out, "b"))).toEqual(6);
      const sum = tree.map((x: Array, y: Array) => x.add(y), t, out);
      expect(list(own(own(sum, "__proto__"), "a"))).toEqual([3, 6]);
      expect(tree.leaves(sum).length).toBe(2);
    });
  }

  it("a __proto__ key holding a leaf, next to other keys", () => {
    const t = JSON.parse('{"__proto__": 1, "constructor": 2, "toString": 3, "x": 4}') as object;
    const [leaves, def] = tree.flatten(t);
    expect(leaves).toEqual([1, 2, 3, 4]);
    const back = tree.unflatten(def, [5, 6, 7, 8]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(own(back, "__proto__")).toBe(5);
    expect(own(back, "constructor")).toBe(6);
    expect(own(back, "toString")).toBe(7);
    expect(back.x).toBe(8);
  });

  it("a dict with an own 'constructor' key naming a registered class is still a dict", () => {
    class Box {
      constructor(readonly v: unknown) {}
    }
    tree.register(Box, (b) => [[b.v], null], (_aux, [v]) => new Box(v));
    const t = { constructor: Box, v: 1 };
    const [leaves, def] = tree.flatten(t);
    expect(def.kind).toBe("object");
    expect(leaves).toEqual([Box, 1]);
  });

  it("grad over a param tree with a __proto__ key", () => {
    const params = jsonTree(np.array([1, 2]), np.array(3));
    const loss = (p: Record<string, unknown>): Array => {
      const a = own(own(p, "__proto__"), "a") as Array;
      return np.sum(np.square(a)).add((own(p, "b") as Array).mul(5));
    };
    const g = grad(loss)(params);
    expectProtoDict(g, ["__proto__", "b"]);
    expect(list(own(own(g, "__proto__"), "a"))).toEqual([2, 4]);
    expect(list(own(g, "b"))).toEqual(5);
  });

  it("vmap maps over the leaves inside a __proto__ key, not the dict as one leaf", () => {
    const xs = jsonTree(np.array([[1, 2], [3, 4], [5, 6]]), np.array([10, 20, 30]));
    const f = (p: Record<string, unknown>): Record<string, unknown> => {
      const a = own(own(p, "__proto__"), "a") as Array;
      return definedTree(np.sum(a), a.mul(own(p, "b") as Array));
    };
    const out = vmap(f)(xs);
    expectProtoDict(out, ["__proto__", "b"]);
    expect(list(own(own(out, "__proto__"), "a"))).toEqual([3, 7, 11]);
    expect(list(own(out, "b"))).toEqual([[10, 20], [60, 80], [150, 180]]);
  });

  it("vmap in_axes given as a dict with a __proto__ key", () => {
    const xs = jsonTree(np.array([[1, 2], [3, 4]]), np.array(100));
    const inAxes = JSON.parse('{"__proto__": {"a": 1}, "b": null}') as { [k: string]: null | number | { [k: string]: number } };
    const f = (p: Record<string, unknown>): Array => (own(own(p, "__proto__"), "a") as Array).add(own(p, "b") as Array);
    expect(list(vmap(f, { inAxes: [inAxes] })(xs))).toEqual([[101, 103], [102, 104]]);
  });

  it("jit in and out, and the cache tells a __proto__ key from a plain one", () => {
    let traces = 0;
    const f = jit((p: Record<string, unknown>): Record<string, unknown> => {
      traces++;
      const a = own(own(p, "__proto__"), "a") as Array;
      return definedTree(a.mul(2), (own(p, "b") as Array).add(1));
    });
    const out = f(jsonTree(np.array([1, 2]), np.array(3)));
    expectProtoDict(out, ["__proto__", "b"]);
    expect(list(own(own(out, "__proto__"), "a"))).toEqual([2, 4]);
    expect(list(own(out, "b"))).toEqual(4);
    f(definedTree(np.array([5, 6]), np.array(7)));
    expect(traces).toBe(1);
    // A differently keyed dict is a different structure: no false cache hit.
    const g = jit((p: Record<string, Array>): Array => np.sum(Object.values(p)[0]!));
    expect(list(g({ proto: np.array([1, 2]) } as Record<string, Array>))).toBe(3);
    const weird = JSON.parse('{"__proto__": 0}') as Record<string, unknown>;
    Object.defineProperty(weird, "__proto__", { value: np.array([4, 5]) });
    expect(list(g(weird as Record<string, Array>))).toBe(9);
  });

  it("optim.adam init/update/applyUpdates over a param tree with a __proto__ key", () => {
    const opt = optim.adam(0.1);
    let params: unknown = jsonTree(np.array([1, 2]), np.array(3));
    const state = opt.init(params);
    const mu = ((state as unknown[])[0] as { mu: unknown }).mu;
    expectProtoDict(mu, ["__proto__", "b"]);
    const grads = jsonTree(np.array([1, -1]), np.array(2));
    const [updates, state2] = opt.update(grads, state, params);
    expectProtoDict(updates, ["__proto__", "b"]);
    params = optim.applyUpdates(params, updates);
    expectProtoDict(params, ["__proto__", "b"]);
    const a = list(own(own(params, "__proto__"), "a")) as number[];
    expect(a[0]).toBeCloseTo(0.9, 5);
    expect(a[1]).toBeCloseTo(2.1, 5);
    expect(list(own(params, "b")) as number).toBeCloseTo(2.9, 5);
    // A second step over the new state keeps the structure too.
    const [u2] = opt.update(grads, state2, params);
    expectProtoDict(u2, ["__proto__", "b"]);
    expect(tree.structure(u2).equals(tree.structure(grads))).toBe(true);
  });

  it("jitted adam step over such params", () => {
    const opt = optim.adam(0.1);
    const step = jit((p: unknown, s: unknown, g: unknown): [unknown, unknown] => {
      const [u, s2] = opt.update(g, s, p);
      return [optim.applyUpdates(p, u), s2];
    });
    const p0 = jsonTree(np.array([1, 2]), np.array(3));
    const [p1] = step(p0, opt.init(p0), jsonTree(np.array([1, -1]), np.array(2)));
    expectProtoDict(p1, ["__proto__", "b"]);
    expect(list(own(p1, "b")) as number).toBeCloseTo(2.9, 5);
  });
});

describe("key order and null-prototype dicts", () => {
  it("keys are sorted, as JAX sorts dict keys", () => {
    const [leaves] = tree.flatten(JSON.parse('{"b": 1, "__proto__": 2, "a": 3}'));
    expect(leaves).toEqual([2, 3, 1]);
  });

  it("TreeDef.equals compares keys one by one (no join collision)", () => {
    const a = tree.structure({ "a\u0000b": 1, c: 2 });
    const b = tree.structure({ a: 1, "b\u0000c": 2 });
    expect(a.equals(b)).toBe(false);
    expect(a.equals(tree.structure({ "a\u0000b": 3, c: 4 }))).toBe(true);
  });

  it("a null-prototype dict is a dict node, rebuilt as a plain object with its keys", () => {
    const t = Object.create(null) as Record<string, unknown>;
    t.__proto__ = 1;
    t.x = 2;
    const [leaves, def] = tree.flatten(t);
    expect(leaves).toEqual([1, 2]);
    const back = tree.unflatten(def, [3, 4]);
    expect(own(back, "__proto__")).toBe(3);
    expect(own(back, "x")).toBe(4);
  });
});

describe("cyclic pytrees", () => {
  it("a self-referencing dict gives a clear error, not a stack overflow", () => {
    const t: Record<string, unknown> = { a: 1 };
    t.self = t;
    expect(() => tree.flatten(t)).toThrow(/reference cycle/);
  });

  it("a cycle through arrays, and through a __proto__ key", () => {
    const xs: unknown[] = [1];
    xs.push([xs]);
    expect(() => tree.flatten(xs)).toThrow(/reference cycle/);
    const t = JSON.parse('{"__proto__": {"a": 1}}') as Record<string, unknown>;
    (own(t, "__proto__") as Record<string, unknown>).a = t;
    expect(() => tree.map((x: number) => x, t)).toThrow(/reference cycle/);
    expect(() => jit((p: unknown) => p)(t)).toThrow(/reference cycle/);
  });

  it("a shared (acyclic) subtree is fine", () => {
    const shared = { w: 1 };
    expect(tree.leaves({ a: shared, b: shared, c: [shared, shared] })).toEqual([1, 1, 1, 1]);
  });
});
