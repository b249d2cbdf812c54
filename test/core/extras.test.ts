// jax.typeof, effects_barrier, closure_convert and tree.registerPytreeWithKeysClass.
import { describe, expect, it } from "vitest";
import * as dp from "../../src/index.js";
import { numpy as np, tree, jit, grad, vmap, jaxTypeof, effectsBarrier, closureConvert, customVjp, Array } from "../../src/index.js";

describe("jaxTypeof / typeof", () => {
  it("is the aval of arrays, tracers and scalars, weak type included", () => {
    const t = jaxTypeof(np.zeros([2, 3]));
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.weakType).toBe(false);
    expect(jaxTypeof(1.5).weakType).toBe(true);
    expect(jaxTypeof(true).dtype).toBe("bool");
    expect(dp.typeof(np.array([1, 2], { dtype: "int32" })).dtype).toBe("int32");
    const seen: string[] = [];
    jit((x: Array) => {
      const a = jaxTypeof(x);
      seen.push(`${a.dtype}${JSON.stringify(a.shape)}${a.weakType}`);
      return x;
    })(np.array([1, 2, 3]));
    expect(seen).toEqual(["float32[3]false"]);
    vmap((x: Array) => {
      seen.push(JSON.stringify(jaxTypeof(x).shape));
      return x;
    })(np.zeros([4, 2]));
    expect(seen[1]).toBe("[2]");
  });
});

describe("effectsBarrier", () => {
  it("returns once nothing is pending", () => {
    expect(effectsBarrier()).toBeUndefined();
  });
});

describe("closureConvert", () => {
  it("hoists nothing outside transforms and computes the same values", () => {
    const w = np.array([1, 2]);
    const [g, consts] = closureConvert((x: Array) => x.mul(w), np.array([0, 0]));
    expect(consts).toEqual([]);
    expect(g(np.array([3, 4])).tolist()).toEqual([3, 8]);
  });

  it("hoists traced captured values and takes pytree arguments", () => {
    const d = grad((w: Array) => {
      const f = (p: { x: Array; y: Array }) => p.x.mul(w).add(p.y);
      const [g, consts] = closureConvert(f, { x: np.array(1), y: np.array(1) });
      expect(consts.length).toBe(1);
      return (g({ x: np.array(2), y: np.array(5) }, ...consts) as Array).mul(w);
    })(np.array(3));
    // d/dw (2w + 5) w = 4w + 5
    expect(d.item()).toBe(17);
  });

  it("lets customVjp functions take captured tracers explicitly", () => {
    const outer = (w: Array): Array => {
      const [g, consts] = closureConvert((x: Array) => np.sin(x).mul(w), np.array(0));
      const f = customVjp((x: Array, c: Array) => g(x, c) as Array);
      f.defvjp(
        (x: Array, c: Array) => [g(x, c) as Array, [x, c]],
        (res: Array[], ct: Array) => [ct.mul(np.cos(res[0]!)).mul(res[1]!), ct.mul(np.sin(res[0]!))],
      );
      return f(np.array(0.5), consts[0]!);
    };
    expect(grad(outer)(np.array(2)).item()).toBeCloseTo(Math.sin(0.5), 6);
  });

  it("checks the number of arguments", () => {
    const [g] = closureConvert((x: Array) => x, np.array(1));
    expect(() => g()).toThrow(/takes 1 argument/);
  });
});

describe("tree.registerPytreeWithKeysClass", () => {
  it("registers a class that flattens itself with keys", () => {
    const Pair = tree.registerPytreeWithKeysClass(
      class Pair {
        constructor(
          readonly a: unknown,
          readonly b: unknown,
          readonly tag = "t",
        ) {}
        treeFlattenWithKeys(): [[tree.PathKey, unknown][], unknown] {
          return [[[new tree.GetAttrKey("a"), this.a], [new tree.GetAttrKey("b"), this.b]], this.tag];
        }
        static treeUnflatten(aux: unknown, children: unknown[]): Pair {
          return new Pair(children[0], children[1], aux as string);
        }
      },
    );
    const p = new Pair(np.array(1), { c: np.array(2) }, "x");
    expect(tree.leavesWithPath(p).map(([k]) => tree.keystr(k))).toEqual([".a", ".b['c']"]);
    const q = tree.map((l: Array) => l.add(1), p) as InstanceType<typeof Pair>;
    expect(q).toBeInstanceOf(Pair);
    expect(q.tag).toBe("x");
    expect((q.a as Array).item()).toBe(2);
    const h = jit((pp: InstanceType<typeof Pair>) => (pp.a as Array).mul(3));
    expect(h(p).item()).toBe(3);
  });
});
