// logaddexp as a primitive (issue 17's "add a primitive" checklist, exercised): values and
// derivatives against JAX 0.10.2's jnp.logaddexp / jax.grad (printed by its Python API, pasted
// below), including infinities and NaN; checkGrads order 2; vmap against a loop; jit against eager
// (twice, and fused into one loop); jet against nested jvp.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jit, jvp, vmap, jet, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

const A = [0, 1000, -Infinity, Infinity, Infinity, -Infinity, NaN, 3, -2.5, 1e-8];
const B = [0, 1000, 1, Infinity, -Infinity, -Infinity, 1, -40, -2.5, 2e-8];
// jnp.logaddexp(a, b) in float64 and float32 (JAX 0.10.2).
const JAX_F64 = [0.6931471805599453, 1000.6931471805599, 1.0, Infinity, Infinity, -Infinity, NaN, 3.0, -1.8068528194400546, 0.6931471955599453];
const JAX_F32 = [0.6931471824645996, 1000.6931762695312, 1.0, Infinity, Infinity, -Infinity, NaN, 3.0, -1.8068528175354004, 0.6931471824645996];
// jax.grad(sum(logaddexp(a, b)), argnums=(0, 1)) in float64.
const JAX_GA = [0.5, 0.5000000000000275, 0.0, 1.0, 1.0, NaN, NaN, 1.0, 0.49999999999999994, 0.4999999975];
const JAX_GB = [0.5, 0.5000000000000275, 1.0, 1.0, 0.0, NaN, NaN, 2.1151310375910805e-19, 0.49999999999999994, 0.5000000025];

const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
const closeList = (got: number[], want: number[], rel: number): void => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (Number.isNaN(w) || !Number.isFinite(w)) expect(g).toBe(w);
    else expect(Math.abs(g - w)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(w)));
  });
};
const sumLogaddexp = (x: Array, y: Array): Array => np.sum(lax.logaddexp(x, y));

describe("logaddexp primitive", () => {
  it("values match JAX in float64 and float32, infinities and NaN included", () => {
    closeList(lax.logaddexp(f64(A), f64(B)).tolist() as number[], JAX_F64, 1e-15);
    closeList(np.logaddexp(np.array(A, { dtype: "float32" }), np.array(B, { dtype: "float32" })).tolist() as number[], JAX_F32, 0);
  });

  it("is one primitive: np.logaddexp stages a single logaddexp equation", () => {
    const j = makeJaxpr((x: Array, y: Array) => np.logaddexp(x, y))(f64([1]), f64([2]));
    expect(j.jaxpr.eqns.map((e) => e.primitive)).toEqual(["logaddexp"]);
  });

  it("refuses integer operands with the shape rule's error", () => {
    expect(() => lax.logaddexp(np.array([1, 2], { dtype: "int32" }), np.array([1, 2], { dtype: "int32" }))).toThrow(/logaddexp/);
  });

  it("gradients match JAX (exp(x - out) with +inf replaced by 0)", () => {
    const [ga, gb] = grad(sumLogaddexp, { argnums: [0, 1] })(f64(A), f64(B)) as [Array, Array];
    closeList(ga.tolist() as number[], JAX_GA, 1e-15);
    closeList(gb.tolist() as number[], JAX_GB, 1e-12);
  });

  it("checkGrads order 2, forward and reverse, float64", () => {
    checkGrads((x: Array, y: Array) => lax.logaddexp(x, y), [f64([0.3, -1.2, 2.5]), f64([0.1, 0.7, -3])], 2);
  });

  it("vmap equals a loop over examples; jit equals eager, twice, in one fused loop", () => {
    const xs = f64([0.5, -1, 2, 30, -30, 0]).reshape([3, 2]);
    const ys = f64([1, 1, -2, 29, 5, 0]).reshape([3, 2]);
    const loop = np.stack([0, 1, 2].map((i) => lax.logaddexp(xs.get(i), ys.get(i))));
    expect(vmap(lax.logaddexp)(xs, ys).tolist()).toEqual(loop.tolist());
    const f = jit((x: Array, y: Array) => np.tanh(lax.logaddexp(x.mul(2), y)).add(1));
    const eager = np.tanh(lax.logaddexp(xs.mul(2), ys)).add(1);
    expect(f(xs, ys).tolist()).toEqual(eager.tolist());
    expect(f(xs, ys).tolist()).toEqual(eager.tolist());
    const text = f.lower(xs, ys).asText();
    expect(text).toContain("logaddexp(");
  });

  it("jet: the series matches nested jvp to order 3", () => {
    const x = f64([0.4, -1.5]);
    const y = f64([1.1, -0.2]);
    const v = f64([1, 0.5]);
    const w = f64([-0.3, 2]);
    const [, [t1, t2, t3]] = jet((a: Array, b: Array) => lax.logaddexp(a, b), [x, y], [[v, np.zerosLike(v), np.zerosLike(v)], [w, np.zerosLike(w), np.zerosLike(w)]]) as [Array, Array[]];
    const line = (s: Array): Array => lax.logaddexp(x.add(v.mul(s)), y.add(w.mul(s)));
    const d1 = (s: Array): Array => jvp(line, [s], [f64([1])])[1] as Array;
    const d2 = (s: Array): Array => jvp(d1, [s], [f64([1])])[1] as Array;
    const d3 = (s: Array): Array => jvp(d2, [s], [f64([1])])[1] as Array;
    const s0 = f64([0]);
    closeList(t1!.tolist() as number[], d1(s0).tolist() as number[], 1e-13);
    closeList(t2!.tolist() as number[], d2(s0).tolist() as number[], 1e-13);
    closeList(t3!.tolist() as number[], d3(s0).tolist() as number[], 1e-12);
  });
});
