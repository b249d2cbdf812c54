// Static types of jacfwd, jacrev, jacobian and hessian: JAX's nesting, the output's pytree structure
// outside and the differentiated argument(s) inside. The expectTypeOf and @ts-expect-error lines are
// checked by `tsc --noEmit -p .`; each case also runs the transform and checks values and shapes, so
// the types are shown to describe what actually comes back.
import { describe, expect, expectTypeOf, it } from "vitest";
import { numpy as np, jacfwd, jacrev, jacobian, hessian, jit, vmap, Array } from "../../src/index.js";
import type { JacobianOf, HessianOf } from "../../src/index.js";

const f64 = (v: number | number[] | number[][]): Array => np.array(v, { dtype: "float64" });
const list = (x: Array): unknown => x.tolist();
/** Hides a value's literal type, as an option computed at run time would. */
const opaque = <T,>(x: T): T => x;

describe("jacfwd / jacrev / jacobian types", () => {
  it("Array -> Array: an Array of shape out.shape + in.shape", () => {
    const f = (x: Array): Array => np.sin(x).mul(2);
    const jf = jacfwd(f);
    const jr = jacrev(f);
    expectTypeOf(jf).toEqualTypeOf<(x: Array) => Array>();
    expectTypeOf(jr).toEqualTypeOf<(x: Array) => Array>();
    expectTypeOf(jacobian(f)).toEqualTypeOf<(x: Array) => Array>();
    const x = f64([0, 1]);
    const J = jf(x);
    expect(J.shape).toEqual([2, 2]);
    expect(J.get(0, 0).item()).toBeCloseTo(2, 12);
    expect(J.get(1, 1).item()).toBeCloseTo(2 * Math.cos(1), 12);
    expect(list(jr(x))).toEqual(list(J));
  });

  it("pytree output outside, pytree input inside", () => {
    const f = (p: { a: Array; b: Array }) => ({ y: p.a.mul(p.b.sum()), s: np.sin(p.a).sum() });
    type In = { a: Array; b: Array };
    const p = { a: f64([1, 2]), b: f64([[0.5, 1], [1.5, 2]]) };
    const jf = jacfwd(f)(p);
    const jr = jacrev(f)(p);
    expectTypeOf(jf).toEqualTypeOf<{ y: In; s: In }>();
    expectTypeOf(jr).toEqualTypeOf<{ y: In; s: In }>();
    expect(jf.y.a.shape).toEqual([2, 2]);
    expect(jf.y.b.shape).toEqual([2, 2, 2]);
    expect(jf.s.a.shape).toEqual([2]);
    expect(list(jf.y.a)).toEqual([[5, 0], [0, 5]]);
    expect(list(jr.s.a)).toEqual([Math.cos(1), Math.cos(2)]);
    expect(list(jr.y.b)).toEqual(list(jf.y.b));
  });

  it("tuple outputs and number parameters: leaves become Arrays", () => {
    const f = (x: Array, s: number): [Array, number] => [x.mul(s), 3];
    const j = jacrev(f);
    expectTypeOf(j).returns.toEqualTypeOf<[Array, Array]>();
    const [jx, jc] = j(f64([1, 2]), 2);
    expect(list(jx)).toEqual([[2, 0], [0, 2]]);
    expect(jc).toBeInstanceOf(Array);
    expect(list(jc)).toEqual([0, 0]);
  });

  it("argnums: a literal, a negative literal, a tuple", () => {
    const f = (x: Array, y: Array): Array => x.mul(y);
    const x = f64([1, 2]);
    const y = f64([3, 4]);
    const j1 = jacfwd(f, { argnums: 1 });
    expectTypeOf(j1).returns.toEqualTypeOf<Array>();
    expect(list(j1(x, y))).toEqual([[1, 0], [0, 2]]);
    expectTypeOf(jacrev(f, { argnums: -1 })).returns.toEqualTypeOf<Array>();
    const j01 = jacrev(f, { argnums: [0, 1] });
    expectTypeOf(j01).returns.toEqualTypeOf<[Array, Array]>();
    const [jx, jy] = j01(x, y);
    expect(list(jx)).toEqual([[3, 0], [0, 4]]);
    expect(list(jy)).toEqual([[1, 0], [0, 2]]);
    // A pytree output with a tuple of argnums: the tuple at each output leaf.
    const g = (a: Array, b: { w: Array }) => ({ u: a.mul(b.w), v: a.sum() });
    const jg = jacfwd(g, { argnums: [0, 1] });
    expectTypeOf(jg).returns.toEqualTypeOf<{ u: [Array, { w: Array }]; v: [Array, { w: Array }] }>();
    const r = jg(x, { w: y });
    expect(list(r.u[1].w)).toEqual([[1, 0], [0, 2]]);
    expect(list(r.v[0])).toEqual([1, 1]);
  });

  it("hasAux: [jacobian, aux] with aux's leaves as Arrays", () => {
    const f = (x: Array) => [x.mul(x), { n: x.sum(), k: 2 }] as const;
    for (const jac of [jacfwd, jacrev] as const) {
      const j = jac(f, { hasAux: true });
      expectTypeOf(j).returns.toEqualTypeOf<[Array, { readonly n: Array; readonly k: Array }]>();
      const [J, aux] = j(f64([1, 2]));
      expect(list(J)).toEqual([[2, 0], [0, 4]]);
      expect(aux.n.item()).toBe(3);
      expect(aux.k).toBeInstanceOf(Array);
      expect(aux.k.item()).toBe(2);
    }
    const inline = jacrev((x: Array) => [x.sum(), x.mul(2)], { hasAux: true });
    expectTypeOf(inline).returns.toEqualTypeOf<[Array, Array]>();
    const [g, a] = inline(f64([1, 2]));
    expect(list(g)).toEqual([1, 1]);
    expect(list(a)).toEqual([2, 4]);
    const auxAtRunTime = opaque<boolean>(true);
    const unchecked = jacfwd((x: Array) => x, { hasAux: auxAtRunTime });
    expectTypeOf(unchecked).returns.toEqualTypeOf<unknown>();
    expect(() => unchecked(f64([1]))).toThrow(/pair/);
  });

  it("int and bool aux values pass through", () => {
    const f = (x: Array): [Array, Array] => [x.sum(), np.greater(x, 1)];
    const [J, aux] = jacrev(f, { hasAux: true })(f64([1, 2]));
    expect(list(J)).toEqual([1, 1]);
    expect(list(aux)).toEqual([false, true]);
    const [J2, aux2] = jacfwd((x: Array): [Array, Array] => [x.sum(), x.astype("int32")], { hasAux: true })(f64([1, 2]));
    expect(list(J2)).toEqual([1, 1]);
    expect(list(aux2)).toEqual([1, 2]);
  });

  it("rejects what cannot work", () => {
    const f = (x: Array, y: Array): Array => x.mul(y);
    // @ts-expect-error argnums 2 names no parameter of a two-parameter function
    jacfwd(f, { argnums: 2 });
    // @ts-expect-error neither does -3
    jacrev(f, { argnums: [0, -3] });
    // @ts-expect-error hasAux needs a function returning a pair (or a list)
    jacrev((x: Array) => x, { hasAux: true });
  });
});

describe("hessian types", () => {
  it("scalar of an Array: an Array of shape in.shape + in.shape", () => {
    const f = (x: Array): Array => np.sin(x).mul(x).sum();
    const h = hessian(f);
    expectTypeOf(h).toEqualTypeOf<(x: Array) => Array>();
    const H = h(f64([0.5, 1.5]));
    const d = (v: number): number => 2 * Math.cos(v) - v * Math.sin(v);
    expect(H.shape).toEqual([2, 2]);
    expect(H.get(0, 0).item()).toBeCloseTo(d(0.5), 12);
    expect(H.get(0, 1).item()).toBe(0);
  });

  it("pytree parameters: the structure nested twice", () => {
    type P = { w: Array; b: Array };
    const loss = (p: P): Array => p.w.mul(p.w).sum().mul(p.b.sum());
    const H = hessian(loss)({ w: f64([1, 2]), b: f64([3]) });
    expectTypeOf(H).toEqualTypeOf<{ w: P; b: P }>();
    expectTypeOf(H).toEqualTypeOf<HessianOf<[p: P], Array, 0>>();
    expect(list(H.w.w)).toEqual([[6, 0], [0, 6]]); // d2/dw2 = 2 b I
    expect(list(H.w.b)).toEqual([[2], [4]]); // d2/dw db = 2 w
    expect(list(H.b.b)).toEqual([[0]]);
    const viaJac: JacobianOf<[p: P], JacobianOf<[p: P], Array, 0>, 0> = H;
    expect(viaJac).toBe(H);
  });

  it("argnums tuple and hasAux", () => {
    const f = (x: Array, y: Array) => [x.mul(y).sum(), y.mul(2)] as const;
    const h = hessian(f, { argnums: [0, 1], hasAux: true });
    expectTypeOf(h).returns.toEqualTypeOf<[[[Array, Array], [Array, Array]], Array]>();
    const [[[hxx, hxy], [hyx, hyy]], aux] = h(f64([1, 2]), f64([3, 4]));
    expect(list(hxx)).toEqual([[0, 0], [0, 0]]);
    expect(list(hxy)).toEqual([[1, 0], [0, 1]]);
    expect(list(hyx)).toEqual([[1, 0], [0, 1]]);
    expect(list(hyy)).toEqual([[0, 0], [0, 0]]);
    expect(list(aux)).toEqual([6, 8]);
  });

  it("composes with jit and vmap, keeping the type", () => {
    const f = (x: Array): Array => x.mul(x).mul(x).sum();
    const jh = jit(hessian(f));
    expectTypeOf(jh).parameters.toEqualTypeOf<[x: Array]>();
    expectTypeOf(jh).returns.toEqualTypeOf<Array>();
    expect(list(jh(f64([1, 2])))).toEqual([[6, 0], [0, 12]]);
    expect(list(jh(f64([1, 2])))).toEqual([[6, 0], [0, 12]]);
    const vj = vmap(jacrev((x: Array): Array => x.mul(x)));
    expectTypeOf(vj).returns.toEqualTypeOf<Array>();
    expect(list(vj(f64([[1, 2], [3, 4]])))).toEqual([[[2, 0], [0, 4]], [[6, 0], [0, 8]]]);
  });
});
