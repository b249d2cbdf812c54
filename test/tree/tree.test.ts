// Pytrees: flatten/unflatten round trips, leaf order (object keys sorted), null/undefined as
// empty nodes, tree.map over several trees (same structure or a prefix), leaves, structure,
// and registered classes.
import { describe, it, expect } from "vitest";
import { numpy as np, tree, Array } from "../../src/index.js";

describe("flatten and unflatten", () => {
  it("nested arrays: leaves in order, structure printed JAX-style", () => {
    const t = [1, [2, 3], [[4]]];
    const [leaves, def] = tree.flatten(t);
    expect(leaves).toEqual([1, 2, 3, 4]);
    expect(def.toString()).toBe("[*, [*, *], [[*]]]");
    expect(def.numLeaves).toBe(4);
    expect(tree.unflatten(def, leaves)).toEqual(t);
    expect(tree.unflatten(def, ["a", "b", "c", "d"])).toEqual(["a", ["b", "c"], [["d"]]]);
  });

  it("objects flatten in sorted key order, whatever the insertion order", () => {
    const t = { b: 2, a: 1, c: { z: 26, y: 25 } };
    const [leaves, def] = tree.flatten(t);
    expect(leaves).toEqual([1, 2, 25, 26]);
    expect(def.toString()).toBe('{"a": *, "b": *, "c": {"y": *, "z": *}}');
    const back = tree.unflatten(def, leaves) as Record<string, unknown>;
    expect(back).toEqual(t);
    expect(Object.keys(back)).toEqual(["a", "b", "c"]);
    // the same keys in another order give an equal structure
    expect(tree.structure({ a: 0, b: 0, c: { y: 0, z: 0 } }).equals(def)).toBe(true);
  });

  it("null and undefined are empty nodes (no leaves), kept on the way back", () => {
    const t = { b: [1, null, 2], a: { d: undefined, c: 3 } };
    const [leaves, def] = tree.flatten(t);
    expect(leaves).toEqual([3, 1, 2]);
    expect(def.toString()).toBe('{"a": {"c": *, "d": undefined}, "b": [*, null, *]}');
    expect(tree.unflatten(def, [30, 10, 20])).toEqual({ a: { c: 30, d: undefined }, b: [10, null, 20] });
    expect(tree.flatten(null)[0]).toEqual([]);
    expect(tree.flatten(undefined)[0]).toEqual([]);
    expect(tree.unflatten(tree.structure(null), [])).toBe(null);
    expect(tree.structure(null).equals(tree.structure(undefined))).toBe(false);
  });

  it("Arrays, numbers and booleans are leaves; a lone leaf is a tree", () => {
    const x = np.array([1, 2]);
    const [leaves, def] = tree.flatten({ w: x, n: 3, flag: true });
    expect(leaves[0]).toBe(true);
    expect(leaves[1]).toBe(3);
    expect(leaves[2]).toBe(x);
    const [lone] = tree.flatten(x);
    expect(lone.length).toBe(1);
    expect(lone[0]).toBe(x);
    expect(tree.structure(x).toString()).toBe("*");
    expect(tree.unflatten(tree.structure(5), [6])).toBe(6);
    expect(def.numLeaves).toBe(3);
  });

  it("empty containers have no leaves and survive the round trip", () => {
    const t = { a: [], b: {}, c: [[], [{}]] };
    const [leaves, def] = tree.flatten(t);
    expect(leaves).toEqual([]);
    expect(tree.unflatten(def, [])).toEqual(t);
    expect(def.toString()).toBe('{"a": [], "b": {}, "c": [[], [{}]]}');
  });

  it("unflatten checks the number of leaves", () => {
    const def = tree.structure([1, [2, 3]]);
    expect(() => tree.unflatten(def, [1, 2])).toThrow(TypeError);
    expect(() => tree.unflatten(def, [1, 2])).toThrow("Tree structure [*, [*, *]] expects 3 leaves, got 2.");
    expect(() => tree.unflatten(def, [1, 2, 3, 4])).toThrow("expects 3 leaves, got 4.");
  });

  it("isLeaf stops the recursion", () => {
    const t = { a: [1, 2], b: [3] };
    const [leaves, def] = tree.flatten(t, (x) => globalThis.Array.isArray(x));
    expect(leaves).toEqual([[1, 2], [3]]);
    expect(def.toString()).toBe('{"a": *, "b": *}');
  });

  it("structures compare by shape, not by leaf values", () => {
    expect(tree.structure([1, { a: 2 }]).equals(tree.structure([np.zeros([3]), { a: true }]))).toBe(true);
    expect(tree.structure([1, { a: 2 }]).equals(tree.structure([1, { b: 2 }]))).toBe(false);
    expect(tree.structure([1, 2]).equals(tree.structure([1, [2]]))).toBe(false);
    expect(tree.structure([1, 2]).equals(tree.structure([1, 2, 3]))).toBe(false);
  });
});

describe("leaves and structure", () => {
  it("tree.leaves", () => {
    expect(tree.leaves({ y: [3, 4], x: 1 })).toEqual([1, 3, 4]);
    expect(tree.leaves([null, [undefined]])).toEqual([]);
    expect(tree.leaves(7)).toEqual([7]);
  });

  it("tree.structure", () => {
    expect(tree.structure({ y: [3, 4], x: 1 }).toString()).toBe('{"x": *, "y": [*, *]}');
    expect(tree.structure([]).toString()).toBe("[]");
    expect(tree.structure({ y: [3, 4], x: 1 }).numLeaves).toBe(3);
  });
});

describe("tree.map", () => {
  it("maps one tree, keeping its structure", () => {
    expect(tree.map((x: number) => x * 10, { b: [1, 2], a: 3, c: null })).toEqual({ a: 30, b: [10, 20], c: null });
    const out = tree.map((x: Array) => x.add(1), [np.array([1, 2]), { w: np.array(3) }]) as [Array, { w: Array }];
    expect(out[0].tolist()).toEqual([2, 3]);
    expect(out[1].w.tolist()).toBe(4);
  });

  it("maps several trees leaf by leaf", () => {
    const a = { x: [1, 2], y: 3 };
    const b = { y: 30, x: [10, 20] };
    const c = { x: [100, 200], y: 300 };
    expect(tree.map((p: number, q: number, r: number) => p + q + r, a, b, c)).toEqual({ x: [111, 222], y: 333 });
    const grads = { w: np.array([1, 2]), b: np.array(0.5) };
    const params = { w: np.array([10, 20]), b: np.array(1) };
    const updated = tree.map((p: Array, g: Array) => p.sub(g.mul(0.1)), params, grads) as { w: Array; b: Array };
    expect(updated.w.tolist()).toEqual([Math.fround(10 - Math.fround(0.1)), Math.fround(20 - Math.fround(0.2))]);
    expect(updated.b.tolist()).toBe(Math.fround(1 - Math.fround(0.05)));
  });

  it("a later tree may have the first as a prefix: f gets its subtrees whole", () => {
    expect(tree.map((x: number, y: unknown) => [x, y], [1, 2], [[3, 4], 5])).toEqual([
      [1, [3, 4]],
      [2, 5],
    ]);
    expect(tree.map((x: number, y: unknown) => y, { a: 0 }, { a: { deep: [1] } })).toEqual({ a: { deep: [1] } });
  });

  it("mismatched structures throw", () => {
    expect(() => tree.map((x: number, y: number) => x + y, [1, [2]], [1, 2])).toThrow(TypeError);
    expect(() => tree.map((x: number, y: number) => x + y, [1, [2]], [1, 2])).toThrow("tree.map: tree structures differ");
    expect(() => tree.map((x: number, y: number) => x + y, [1, 2], [1, 2, 3])).toThrow("tree structures differ");
    expect(() => tree.map((x: number, y: number) => x + y, { a: 1 }, { b: 1 })).toThrow("tree structures differ");
    expect(() => tree.map((x: number, y: number) => x + y, { a: 1 }, { a: 1, b: 2 })).toThrow("tree structures differ");
    expect(() => tree.map((x: number, y: number) => x + y, [1, null], [1, 2])).toThrow("tree structures differ");
    expect(() => tree.map((x: number, y: number) => x + y, [1, 2], { 0: 1, 1: 2 })).toThrow("tree structures differ");
  });
});

describe("tree.register", () => {
  class Point {
    constructor(
      readonly x: unknown,
      readonly y: unknown,
      readonly label: string,
    ) {}
  }
  tree.register(
    Point,
    (p) => [[p.x, p.y], p.label],
    (label, [x, y]) => new Point(x, y, label as string),
  );

  it("a registered class flattens into its children", () => {
    const p = new Point(1, [2, 3], "p");
    const [leaves, def] = tree.flatten({ p, q: 4 });
    expect(leaves).toEqual([1, 2, 3, 4]);
    expect(def.toString()).toBe('{"p": Point(*, [*, *]), "q": *}');
    const back = tree.unflatten(def, [10, 20, 30, 40]) as { p: Point; q: number };
    expect(back.p).toBeInstanceOf(Point);
    expect([back.p.x, back.p.y, back.p.label, back.q]).toEqual([10, [20, 30], "p", 40]);
  });

  it("tree.map rebuilds instances; the aux data is part of the structure", () => {
    const out = tree.map((v: number) => v * 2, new Point(1, 2, "a")) as Point;
    expect(out).toBeInstanceOf(Point);
    expect([out.x, out.y, out.label]).toEqual([2, 4, "a"]);
    const sum = tree.map((a: number, b: number) => a + b, new Point(1, 2, "a"), new Point(10, 20, "a")) as Point;
    expect([sum.x, sum.y]).toEqual([11, 22]);
    expect(tree.structure(new Point(1, 2, "a")).equals(tree.structure(new Point(1, 2, "b")))).toBe(false);
    expect(() => tree.map((a: number, b: number) => a + b, new Point(1, 2, "a"), new Point(1, 2, "b"))).toThrow("tree structures differ");
    expect(() => tree.map((a: number, b: number) => a + b, new Point(1, 2, "a"), [1, 2])).toThrow("tree structures differ");
  });

  it("unregistered class instances are leaves", () => {
    class Opaque {
      v = 1;
    }
    const o = new Opaque();
    const [leaves, def] = tree.flatten([o]);
    expect(leaves).toEqual([o]);
    expect(leaves[0]).toBe(o);
    expect(def.toString()).toBe("[*]");
  });
});
