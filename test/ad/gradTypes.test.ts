// Static types of grad, valueAndGrad, jvp, vjp and linearize. The expectTypeOf and @ts-expect-error
// lines are checked by `tsc --noEmit -p .` (tsconfig includes test/); each case also runs the
// transform and checks its values, so the types are shown to describe what actually comes back.
import { describe, expect, expectTypeOf, it } from "vitest";
import { numpy as np, grad, valueAndGrad, jvp, vjp, linearize, jit, vmap, Array } from "../../src/index.js";

const f64 = (v: number | number[]): Array => np.array(v as number[], { dtype: "float64" });
const list = (x: Array): unknown => x.tolist();

const dot = (x: Array, y: Array): Array => x.mul(y).sum();
/** Hides a value's literal type, as an option computed at run time would. */
const opaque = <T,>(x: T): T => x;

describe("grad types", () => {
  it("default argnums: the first parameter's type", () => {
    const g = grad(dot);
    expectTypeOf(g).toEqualTypeOf<(x: Array, y: Array) => Array>();
    expect(list(g(f64([1, 2]), f64([3, 4])))).toEqual([3, 4]);
  });

  it("argnums literal, negative literal and tuple", () => {
    const g1 = grad(dot, { argnums: 1 });
    const gLast = grad(dot, { argnums: -1 });
    const g01 = grad(dot, { argnums: [0, 1] });
    expectTypeOf(g1).returns.toEqualTypeOf<Array>();
    expectTypeOf(gLast).returns.toEqualTypeOf<Array>();
    expectTypeOf(g01).returns.toEqualTypeOf<[Array, Array]>();
    const x = f64([1, 2]);
    const y = f64([3, 4]);
    expect(list(g1(x, y))).toEqual([1, 2]);
    expect(list(gLast(x, y))).toEqual([1, 2]);
    const [gx, gy] = g01(x, y);
    expect([list(gx), list(gy)]).toEqual([[3, 4], [1, 2]]);
    // A one-element list still gives a (one-element) tuple, as at run time.
    const g0 = grad(dot, { argnums: [0] });
    expectTypeOf(g0).returns.toEqualTypeOf<[Array]>();
    expect(g0(x, y)).toHaveLength(1);
  });

  it("pytree and number parameters: the same structure with every leaf an Array", () => {
    // Inside f the number parameters are Arrays (tracers), so f must use Array ops on them.
    const loss = (p: { w: Array; b: number }, s: number): Array => p.w.mul(s).sum().add(np.multiply(p.b, s));
    const g = grad(loss, { argnums: [1, 0] });
    expectTypeOf(g).toEqualTypeOf<(p: { w: Array; b: number }, s: number) => [Array, { w: Array; b: Array }]>();
    const [gs, gp] = g({ w: f64([1, 2]), b: 0.5 }, 3);
    expect(gs).toBeInstanceOf(Array);
    expect(gs.item()).toBeCloseTo(1 + 2 + 0.5, 6); // d/ds (s sum(w) + b s)
    expect(list(gp.w)).toEqual([3, 3]);
    expect(gp.b).toBeInstanceOf(Array);
    expect(gp.b.item()).toBe(3);
  });

  it("hasAux with an inline pair: [grad, aux] with aux's leaves as Arrays", () => {
    const g = grad((x: Array) => [x.mul(x).sum(), { norm: x.sum(), label: 2 }], { hasAux: true });
    expectTypeOf(g).returns.toEqualTypeOf<[Array, { norm: Array; label: Array }]>();
    const [dx, aux] = g(f64([1, 2]));
    expect(list(dx)).toEqual([2, 4]);
    expect(aux.norm.item()).toBe(3);
    expect(aux.label).toBeInstanceOf(Array);
    expect(aux.label.item()).toBe(2);
  });

  it("hasAux with a function typed to return a plain JS array: aux typed as any element", () => {
    const f = (x: Array, y: Array) => [x.mul(y).sum(), { norm: x.sum() }];
    const g = grad(f, { hasAux: true, argnums: [0, 1] });
    expectTypeOf(g).returns.toEqualTypeOf<[[Array, Array], Array | { norm: Array }]>();
    const [[gx, gy], aux] = g(f64([1, 2]), f64([3, 4]));
    expect([list(gx), list(gy)]).toEqual([[3, 4], [1, 2]]);
    expect((aux as { norm: Array }).norm.item()).toBe(3);
  });

  it("options that are not literals fall back to unions", () => {
    const k = opaque<number>(1);
    const withK = grad((x: Array, n: number) => x.mul(n).sum(), { argnums: k });
    expectTypeOf(withK).returns.toEqualTypeOf<Array>(); // both parameters' gradients are Arrays
    const ks = opaque<number[]>([0, 1]);
    expectTypeOf(grad(dot, { argnums: ks })).returns.toEqualTypeOf<Array[]>();
    const aux = opaque<boolean>(false);
    const maybeAux = grad(dot, { hasAux: aux });
    expectTypeOf(maybeAux).returns.toEqualTypeOf<Array | [Array, unknown]>();
    expect(list(maybeAux(f64([1, 2]), f64([3, 4])) as Array)).toEqual([3, 4]);
  });

  it("rejects what cannot work", () => {
    // @ts-expect-error argnums 2 names no parameter of a two-parameter function
    grad(dot, { argnums: 2 });
    // @ts-expect-error neither does -3
    grad(dot, { argnums: [0, -3] });
    // @ts-expect-error an output typed as a list is not a scalar (and hasAux is not set)
    grad((x: Array) => [x.sum(), x]);
    // @ts-expect-error the gradient function takes f's parameters (not called: types only)
    const tooFewArguments = (): unknown => grad(dot)(f64([1, 2]));
    expectTypeOf(tooFewArguments).toBeFunction();
  });
});

describe("valueAndGrad types", () => {
  it("[value, grad] and, with aux, [[value, aux], grads]", () => {
    const vg = valueAndGrad(dot, { argnums: 1 });
    expectTypeOf(vg).returns.toEqualTypeOf<[Array, Array]>();
    const [v, g] = vg(f64([1, 2]), f64([3, 4]));
    expect(v.item()).toBe(11);
    expect(list(g)).toEqual([1, 2]);

    const vga = valueAndGrad((x: Array, y: Array) => [dot(x, y), { sq: x.mul(x) }], { argnums: [0, 1], hasAux: true });
    expectTypeOf(vga).returns.toEqualTypeOf<[[Array, { sq: Array }], [Array, Array]]>();
    const [[value, aux], [gx, gy]] = vga(f64([1, 2]), f64([3, 4]));
    expect(value.item()).toBe(11);
    expect(list(aux.sq)).toEqual([1, 4]);
    expect([list(gx), list(gy)]).toEqual([[3, 4], [1, 2]]);
  });

  it("number parameters and a number output still give Arrays", () => {
    const vg = valueAndGrad((x: Array, s: number) => x.mul(s).sum(), { argnums: 1 });
    expectTypeOf(vg).toEqualTypeOf<(x: Array, s: number) => [Array, Array]>();
    const [v, g] = vg(f64([1, 2]), 3);
    expect(v.item()).toBe(9);
    expect(g).toBeInstanceOf(Array);
    expect(g.item()).toBe(3);
    const constant = valueAndGrad((x: Array) => 1.5);
    expectTypeOf(constant).returns.toEqualTypeOf<[Array, Array]>();
    const [c, dc] = constant(f64([1, 2]));
    expect(c).toBeInstanceOf(Array);
    expect(c.item()).toBe(1.5);
    expect(list(dc)).toEqual([0, 0]);
  });
});

describe("composition keeps the types", () => {
  it("grad(grad(f)), jit(grad(f)) and vmap(grad(f))", () => {
    const cube = (x: Array): Array => x.mul(x).mul(x);
    const d2 = grad(grad(cube));
    expectTypeOf(d2).toEqualTypeOf<(x: Array) => Array>();
    expect(d2(f64(2)).item()).toBe(12);
    const jg = jit(grad(dot, { argnums: [0, 1] }));
    expectTypeOf(jg).parameters.toEqualTypeOf<[x: Array, y: Array]>();
    expectTypeOf(jg).returns.toEqualTypeOf<[Array, Array]>();
    expect(list(jg(f64([1, 2]), f64([3, 4]))[0])).toEqual([3, 4]);
    const vgr = vmap(grad(cube));
    expectTypeOf(vgr).returns.toEqualTypeOf<Array>();
    expect(list(vgr(f64([1, 2])))).toEqual([3, 12]);
  });
});

describe("jvp, vjp and linearize types", () => {
  const f = (x: Array, s: number) => ({ y: x.mul(s), n: 1 });

  it("jvp returns [out, tangentOut] shaped like f's output, leaves as Arrays", () => {
    const [out, t] = jvp(f, [f64([1, 2]), 3], [f64([1, 0]), 0]);
    expectTypeOf(out).toEqualTypeOf<{ y: Array; n: Array }>();
    expectTypeOf(t).toEqualTypeOf<{ y: Array; n: Array }>();
    expect(list(out.y)).toEqual([3, 6]);
    expect(list(t.y)).toEqual([3, 0]);
    expect(out.n).toBeInstanceOf(Array);
  });

  it("vjp's pullback returns one cotangent per parameter", () => {
    const [out, pull] = vjp(f, f64([1, 2]), 3);
    expectTypeOf(out).toEqualTypeOf<{ y: Array; n: Array }>();
    const cts = pull({ y: f64([1, 1]), n: 0 });
    expectTypeOf(cts).toEqualTypeOf<[x: Array, s: Array]>();
    expect(list(cts[0])).toEqual([3, 3]);
    expect(cts[1].item()).toBe(3);
  });

  it("linearize returns [out, fJvp] with fJvp giving f's output type", () => {
    const [out, fJvp] = linearize((x: Array) => np.sin(x), f64(0));
    expectTypeOf(out).toEqualTypeOf<Array>();
    expectTypeOf(fJvp).returns.toEqualTypeOf<Array>();
    expect(fJvp(f64(2)).item()).toBe(2);
  });
});
