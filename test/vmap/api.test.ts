// vmap's API: axes and pytree prefixes, composition with grad and itself, JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, vmap, grad, jvp, jacrev, customJvp, customVjp, checkpoint } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const list = (x: unknown): unknown => (x as Array).tolist();

describe("vmap", () => {
  const x = f64([[1, 2, 3], [4, 5, 6]]);

  it("maps over axis 0, the last axis, and negative axes", () => {
    expect(list(vmap((r: Array) => r.sum())(x))).toEqual([6, 15]);
    expect(list(vmap((c: Array) => c.sum(), { inAxes: 1 })(x))).toEqual([5, 7, 9]);
    expect(list(vmap((c: Array) => c.sum(), { inAxes: -1 })(x))).toEqual([5, 7, 9]);
  });

  it("mixes mapped and unmapped arguments, with pytree prefixes", () => {
    const f = (p: { w: Array; b: Array }, v: Array) => v.mul(p.w).add(p.b).sum();
    const params = { w: f64([1, 10, 100]), b: f64(0.5) };
    expect(list(vmap(f, { inAxes: [null, 0] })(params, x))).toEqual([322.5, 655.5]); // 0.5 is added to each of the 3 elements
    const paramsBatched = { w: f64([[1, 1, 1], [2, 2, 2]]), b: f64(0) };
    expect(list(vmap(f, { inAxes: [{ w: 0, b: null }, 0] })(paramsBatched, x))).toEqual([6, 30]);
  });

  it("places outputs by outAxes and broadcasts unbatched outputs", () => {
    expect((vmap((r: Array) => r.mul(2), { outAxes: 1 })(x) as Array).tolist()).toEqual([[2, 8], [4, 10], [6, 12]]);
    expect(list(vmap((_r: Array) => f64(7))(x))).toEqual([7, 7]);
    const [sums, one] = vmap((r: Array) => [r.sum(), f64(1)], { outAxes: [0, null] })(x) as Array[];
    expect([sums!.tolist(), one!.tolist()]).toEqual([[6, 15], 1]);
  });

  it("nests", () => {
    const outer = vmap(vmap((a: Array, b: Array) => a.mul(b), { inAxes: [0, null] }), { inAxes: [null, 0] });
    expect(list(outer(f64([1, 2]), f64([10, 20, 30])))).toEqual([[10, 20], [20, 40], [30, 60]]);
  });

  it("composes with grad both ways (per-example gradients)", () => {
    const loss = (w: Array, xi: Array, yi: Array) => xi.mul(w).sum().sub(yi).pow(2);
    const w = f64([0.5, -1, 2]);
    const ys = f64([1, 2]);
    const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, x, ys) as Array;
    const expected = [0, 1].map((i) => {
      const xi = (x.tolist() as number[][])[i]!;
      const r = xi.reduce((s, v, k) => s + v * [0.5, -1, 2][k]!, 0) - [1, 2][i]!;
      return xi.map((v) => 2 * r * v);
    });
    expect(perExample.tolist()).toEqual(expected);
    const total = grad((wv: Array) => (vmap(loss, { inAxes: [null, 0, 0] })(wv, x, ys) as Array).sum())(w) as Array;
    expect(total.tolist()).toEqual(expected[0]!.map((v, k) => v + expected[1]![k]!));
  });

  it("composes with jvp and jacrev", () => {
    const [, t] = jvp(vmap((r: Array) => np.sin(r).sum()), [x], [np.onesLike(x)]) as [Array, Array];
    (t.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo([1, 2, 3].map((k) => Math.cos(k + 3 * i)).reduce((a, b) => a + b), 12));
    const J = jacrev((v: Array) => vmap((s: Array) => s.mul(s))(v))(f64([1, 2, 3])) as Array;
    expect(J.tolist()).toEqual([[2, 0, 0], [0, 4, 0], [0, 0, 6]]);
  });

  it("keeps custom derivative rules and checkpoint under batching", () => {
    const relu = customJvp((v: Array) => np.maximum(v, 0)).defjvp(([v], [t]) => [np.maximum(v as Array, 0), np.where((v as Array).greater(0), t as Array, 0)]);
    const g = vmap(grad((v: Array) => relu(v)))(f64([-1, 0, 2])) as Array;
    expect(g.tolist()).toEqual([0, 0, 1]);
    const gOuter = grad((v: Array) => (vmap((s: Array) => relu(s))(v) as Array).sum())(f64([-1, 0, 2])) as Array;
    expect(gOuter.tolist()).toEqual([0, 0, 1]);
    const clip = customVjp((v: Array) => v).defvjp((v: Array) => [v, null], (_r: never, ct: never) => [np.clip(ct as unknown as Array, -1, 1)]);
    const gc = grad((v: Array) => (vmap((s: Array) => clip(s).mul(10))(v) as Array).sum())(f64([1, 2])) as Array;
    expect(gc.tolist()).toEqual([1, 1]);
    const gk = grad((v: Array) => (vmap(checkpoint((s: Array) => np.sin(s).mul(s)))(v) as Array).sum())(f64([0.5, 1])) as Array;
    (gk.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo([0.5, 1].map((s) => Math.sin(s) + s * Math.cos(s))[i]!, 12));
  });
});

describe("vmap errors in JAX's words", () => {
  it("inconsistent sizes", () => {
    expect(() => vmap((a: Array, b: Array) => a.add(b))(f64([1, 2]), f64([1, 2, 3]))).toThrow(/vmap got inconsistent sizes for array axes to be mapped/);
  });
  it("axis out of range", () => {
    expect(() => vmap((a: Array) => a, { inAxes: 1 })(f64([1, 2]))).toThrow(/vmap was requested to map its argument along axis 1, which implies that its rank should be at least 2, but is only 1/);
  });
  it("no mapped axis", () => {
    expect(() => vmap((a: Array) => a, { inAxes: null })(f64([1, 2]))).toThrow("vmap must have at least one non-None value in in_axes");
  });
  it("in_axes length and prefix mismatches", () => {
    expect(() => vmap((a: Array) => a, { inAxes: [0, 0] })(f64([1]))).toThrow(/len\(in_axes\)=2, len\(args\)=1/);
    expect(() => vmap((p: { a: Array }) => p.a, { inAxes: [{ b: 0 }] })({ a: f64([1]) })).toThrow(/tree prefix/);
  });
  it("outAxes null on a mapped output", () => {
    expect(() => vmap((a: Array) => a, { outAxes: null })(f64([1, 2]))).toThrow("vmap has mapped output but out_axes is None");
  });
});
