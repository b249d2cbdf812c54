// tree.flattenOneLevel / flattenOneLevelWithKeys / isTreeNode / broadcast / reduceAssociative /
// treedefChildren / treedefTuple (src/tree/oneLevel.ts) against jax.tree_util 0.10.2's results.
import { describe, expect, it } from "vitest";
import { tree } from "../../src/index.js";

class Point {
  constructor(readonly x: number, readonly y: number) {}
}
tree.register(Point, (p) => [[p.x, p.y], "pt"], (_aux, [x, y]) => new Point(x as number, y as number));

describe("tree one-level helpers", () => {
  it("flattenOneLevel: children and metadata as JAX (dict keys sorted, None for sequences)", () => {
    // JAX: flatten_one_level({'b': 1, 'a': [2, 3]}) == (([2, 3], 1), ('a', 'b'))
    expect(tree.flattenOneLevel({ b: 1, a: [2, 3] })).toEqual([[[2, 3], 1], ["a", "b"]]);
    // JAX: flatten_one_level([1, (2,)]) == ([1, (2,)], None)
    expect(tree.flattenOneLevel([1, [2]])).toEqual([[1, [2]], null]);
    expect(tree.flattenOneLevel(new Point(1, 2))).toEqual([[1, 2], "pt"]);
    expect(tree.flattenOneLevel(null)).toEqual([[], null]);
    expect(() => tree.flattenOneLevel(1)).toThrow("can't tree-flatten type");
    const [pairs] = tree.flattenOneLevelWithKeys({ b: 1, a: 2 });
    expect(pairs.map(([k, v]) => [tree.keystr([k]), v])).toEqual([["['a']", 2], ["['b']", 1]]);
  });
  it("isTreeNode", () => {
    expect(tree.isTreeNode(Array)).toBe(true);
    expect(tree.isTreeNode(Object)).toBe(true);
    expect(tree.isTreeNode(Point)).toBe(true);
    expect(tree.isTreeNode(Map)).toBe(false);
    expect(tree.isTreeNode(Number)).toBe(false);
  });
  it("broadcast: JAX's tree_broadcast([1, {'a': 2}], [[3, 4], {'a': (5, 6)}])", () => {
    expect(tree.broadcast([1, { a: 2 }], [[3, 4], { a: [5, 6] }])).toEqual([[1, 1], { a: [2, 2] }]);
    expect(() => tree.broadcast([1, 2], [1])).toThrow();
  });
  it("reduceAssociative pairs leaves as a balanced tree", () => {
    const order = tree.reduceAssociative((a: string, b: string) => `(${a}${b})`, ["a", "b", "c", "d", "e"]);
    expect(order).toBe("((ab)(c(de)))");
    expect(tree.reduceAssociative((a: number, b: number) => a + b, [], { identity: 0 })).toBe(0);
    expect(() => tree.reduceAssociative((a: number, b: number) => a + b, [])).toThrow("Must specify identity");
  });
  it("treedefChildren / treedefTuple round trip", () => {
    const def = tree.structure([{ a: 1 }, [2, 3]]);
    const kids = tree.treedefChildren(def);
    expect(kids.map((k) => k.numLeaves)).toEqual([1, 2]);
    const rebuilt = tree.treedefTuple(kids);
    expect(tree.unflatten(rebuilt, [7, 8, 9])).toEqual([{ a: 7 }, [8, 9]]);
    expect(tree.treedefChildren(tree.structure(1))).toEqual([]);
  });
});
