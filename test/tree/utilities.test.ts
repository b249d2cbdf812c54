// jax.tree_util's utilities and registration helpers, and jax.flatten_util.ravel_pytree. Expected
// values are those of the JAX documentation's examples for each function (keystr's bracket forms,
// transpose of a list of dicts, ravel_pytree's concatenation order: leaves in sorted-key order).
import { describe, expect, expectTypeOf, it } from "vitest";
import { numpy as np, tree, flattenUtil, grad, jit, vmap, Array } from "../../src/index.js";

const f64 = (v: number | number[]): Array => np.array(v as number[], { dtype: "float64" });

describe("paths and keys", () => {
  it("keystr prints paths as JAX does, and in the simple form", () => {
    const path = [new tree.DictKey("a"), new tree.SequenceKey(0), new tree.GetAttrKey("w"), new tree.FlattenedIndexKey(2)];
    expect(tree.keystr(path)).toBe("['a'][0].w[2]");
    expect(tree.keystr(path, { simple: true, separator: "/" })).toBe("a/0/w/2");
    expect(tree.keystr([new tree.DictKey("it's")])).toBe(`["it's"]`);
  });

  it("flattenWithPath / leavesWithPath / mapWithPath", () => {
    const t = { b: [1, 2], a: { c: 3 } };
    const [pairs, def] = tree.flattenWithPath(t);
    expect(pairs.map(([p, l]) => [tree.keystr(p), l])).toEqual([
      ["['a']['c']", 3],
      ["['b'][0]", 1],
      ["['b'][1]", 2],
    ]);
    expect(def.equals(tree.structure(t))).toBe(true);
    expect(tree.leavesWithPath([null, 5]).map(([p, l]) => [tree.keystr(p), l])).toEqual([["[1]", 5]]);
    expect(tree.mapWithPath((p, x: number, y: number) => `${tree.keystr(p)}=${x + y}`, t, { b: [10, 20], a: { c: 30 } })).toEqual({
      b: ["['b'][0]=11", "['b'][1]=22"],
      a: { c: "['a']['c']=33" },
    });
  });
});

describe("whole-tree utilities", () => {
  it("reduce folds over the leaves, with or without an initializer", () => {
    expect(tree.reduce((a: number, b: number) => a + b, { x: 1, y: [2, 3] }, 0)).toBe(6);
    expect(tree.reduce((a: number, b: number) => a * b, [2, [3, 4]])).toBe(24);
    expect(() => tree.reduce((a: number, b: number) => a + b, [])).toThrow(TypeError);
  });

  it("all: truth of every leaf; an array leaf must have one element", () => {
    expect(tree.all({ a: true, b: [1, np.array(true)] })).toBe(true);
    expect(tree.all([true, 0])).toBe(false);
    expect(tree.all([])).toBe(true);
    expect(() => tree.all([np.array([true, false])])).toThrow(/ambiguous/);
  });

  it("transpose turns a list of dicts into a dict of lists", () => {
    const outer = tree.structure([0, 0, 0]);
    const inner = tree.structure({ a: 0, b: 0 });
    const t = [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }];
    expect(tree.transpose(outer, inner, t)).toEqual({ a: [1, 3, 5], b: [2, 4, 6] });
    expect(tree.transpose(outer, null, t)).toEqual({ a: [1, 3, 5], b: [2, 4, 6] });
    expect(() => tree.transpose(outer, inner, [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5 }])).toThrow(TypeError);
  });

  it("allLeaves and treedefIsLeaf", () => {
    expect(tree.allLeaves([1, np.array(2), true])).toBe(true);
    expect(tree.allLeaves([1, [2]])).toBe(false);
    expect(tree.treedefIsLeaf(tree.structure(1))).toBe(true);
    expect(tree.treedefIsLeaf(tree.structure([1]))).toBe(false);
  });

  it("map's types: the structure of the first tree with the function's result as leaves", () => {
    const params = { w: f64([1, 2]), layers: [{ b: f64(3) }] };
    const grads = { w: f64([0.5, 0.5]), layers: [{ b: f64(1) }] };
    const updated = tree.map((p, g) => p.sub(g.mul(2)), params, grads);
    expectTypeOf(updated).toEqualTypeOf<{ w: Array; layers: { b: Array }[] }>();
    expect(updated.w.tolist()).toEqual([0, 1]);
    expect(updated.layers[0]!.b.item()).toBe(1);
    const sizes = tree.map((p) => p.size, params);
    expectTypeOf(sizes).toEqualTypeOf<{ w: number; layers: { b: number }[] }>();
    expect(sizes).toEqual({ w: 2, layers: [{ b: 1 }] });
    expect(() => tree.map(5 as never, params)).toThrow(/callable/);
  });
});

class Linear {
  constructor(
    readonly w: Array,
    readonly b: Array,
    readonly name: string,
  ) {}
  apply(x: Array): Array {
    return x.mul(this.w).add(this.b).sum();
  }
}
tree.registerDataclass(Linear, ["w", "b"], ["name"]);

class Pair {
  constructor(
    readonly first: Array,
    readonly second: Array,
  ) {}
  treeFlatten(): [unknown[], unknown] {
    return [[this.first, this.second], null];
  }
  static treeUnflatten(_aux: unknown, children: unknown[]): Pair {
    return new Pair(children[0] as Array, children[1] as Array);
  }
}
tree.registerPytreeNodeClass(Pair);

class Activation {
  constructor(readonly kind: string) {}
  equals(o: unknown): boolean {
    return o instanceof Activation && o.kind === this.kind;
  }
}
tree.registerStatic(Activation);

describe("registration", () => {
  it("registerDataclass: data fields are leaves named .field, meta fields are structure; grad and jit see through it", () => {
    const layer = new Linear(f64([1, 2]), f64([0.5, 0.5]), "dense");
    const [pairs] = tree.flattenWithPath(layer);
    expect(pairs.map(([p]) => tree.keystr(p))).toEqual([".w", ".b"]);
    const g = grad((l: Linear) => l.apply(f64([3, 4])))(layer);
    expect(g).toBeInstanceOf(Linear);
    expect(g.w.tolist()).toEqual([3, 4]);
    expect(g.b.tolist()).toEqual([1, 1]);
    expect(g.name).toBe("dense");
    const jf = jit((l: Linear) => l.apply(f64([1, 1])));
    expect(jf(layer).item()).toBe(4);
    expect(jf(new Linear(f64([2, 2]), f64([0, 0]), "dense")).item()).toBe(4);
    expect(tree.structure(layer).equals(tree.structure(new Linear(f64([0, 0]), f64([0, 0]), "other")))).toBe(false);
  });

  it("registerPytreeNodeClass: the class flattens itself; children are FlattenedIndexKeys", () => {
    const p = new Pair(f64(1), f64(2));
    const doubled = tree.map((x: Array) => x.mul(2), p);
    expect(doubled).toBeInstanceOf(Pair);
    expect((doubled as Pair).second.item()).toBe(4);
    expect(tree.leavesWithPath(p).map(([path]) => tree.keystr(path))).toEqual(["[0]", "[1]"]);
    const out = vmap((q: Pair) => q.first.add(q.second))(new Pair(f64([1, 2]), f64([10, 20])));
    expect(out.tolist()).toEqual([11, 22]);
  });

  it("registerStatic: no leaves; structures equal by equals()", () => {
    expect(tree.leaves({ act: new Activation("relu"), x: 1 })).toEqual([1]);
    expect(tree.structure(new Activation("relu")).equals(tree.structure(new Activation("relu")))).toBe(true);
    expect(tree.structure(new Activation("relu")).equals(tree.structure(new Activation("tanh")))).toBe(false);
    const act = new Activation("relu");
    expect(tree.map((x: number) => x + 1, { act, x: 1 })).toEqual({ act, x: 2 });
  });

  it("registerPytreeWithKeys: its keys appear in paths", () => {
    class Box {
      constructor(readonly items: Record<string, Array>) {}
    }
    tree.registerPytreeWithKeys(
      Box,
      (b) => [Object.keys(b.items).sort().map((k) => [new tree.DictKey(k), b.items[k]] as [tree.PathKey, unknown]), Object.keys(b.items).sort()],
      (aux, children) => new Box(Object.fromEntries((aux as string[]).map((k, i) => [k, children[i] as Array]))),
    );
    const b = new Box({ y: f64(1), x: f64(2) });
    expect(tree.leavesWithPath(b).map(([p, l]) => [tree.keystr(p), (l as Array).item()])).toEqual([
      ["['x']", 2],
      ["['y']", 1],
    ]);
    const back = tree.map((a: Array) => a.add(1), b) as Box;
    expect(back.items["x"]!.item()).toBe(3);
  });

  it("Partial: a callable pytree whose bound arguments are leaves", () => {
    const scale = tree.Partial((s: Array, x: Array) => x.mul(s), f64(3));
    expect(scale(f64([1, 2])).tolist()).toEqual([3, 6]);
    expect(tree.leaves(scale).map((l) => (l as Array).item())).toEqual([3]);
    const doubled = tree.map((l: Array) => l.mul(2), scale) as typeof scale;
    expect(doubled(f64(1)).item()).toBe(6);
    // Passed through jit as an argument: its function is static, its arguments traced.
    const apply = jit((f: typeof scale, x: Array) => f(x));
    expect(apply(scale, f64(2)).item()).toBe(6);
    expect(apply(tree.Partial((s: Array, x: Array) => x.mul(s), f64(5)), f64(2)).item()).toBe(10);
    // Differentiated with respect to its bound argument.
    expect(grad((f: typeof scale) => f(f64(4)))(scale).args[0]).toBeInstanceOf(Array);
  });
});

describe("flattenUtil.ravelPytree", () => {
  it("concatenates leaves in tree order in their common dtype, and unravels back", () => {
    const params = { w: np.array([[1, 2], [3, 4]], { dtype: "float32" }), b: np.array([5, 6, 7], { dtype: "int32" }) };
    const [flat, unravel] = flattenUtil.ravelPytree(params);
    expect(flat.dtype).toBe("float32");
    expect(flat.tolist()).toEqual([5, 6, 7, 1, 2, 3, 4]);
    const back = unravel(flat.mul(2));
    expect(back.w.tolist()).toEqual([[2, 4], [6, 8]]);
    expect(back.b.dtype).toBe("int32");
    expect(back.b.tolist()).toEqual([10, 12, 14]);
    expect(() => unravel(np.zeros([6]))).toThrow(/shape \(7,\)/);
  });

  it("an empty tree gives an empty float32 vector", () => {
    const [flat, unravel] = flattenUtil.ravelPytree({});
    expect(flat.shape).toEqual([0]);
    expect(unravel(flat)).toEqual({});
  });

  it("works under grad and jit: the gradient of a loss of the unraveled tree", () => {
    const params = { a: f64([1, 2]), b: f64(3) };
    const [flat, unravel] = flattenUtil.ravelPytree(params);
    const loss = (v: Array): Array => {
      const p = unravel(v);
      return p.a.mul(p.a).sum().add(p.b.mul(p.a.sum()));
    };
    // d/da = 2a + b = [5, 7]; d/db = sum(a) = 3; flat order: a then b.
    expect(grad(loss)(flat).tolist()).toEqual([5, 7, 3]);
    expect(jit(grad(loss))(flat).tolist()).toEqual([5, 7, 3]);
  });
});
