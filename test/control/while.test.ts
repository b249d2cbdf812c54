// lax.whileLoop and foriLoop with traced bounds: values, forward-mode derivatives against finite
// differences, JAX's reverse-mode error, vmap with a batched predicate (per-example trip
// counts) and batched carries, jit, and compositions.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vjp, linearize, vmap, jit, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const i32 = (v: unknown): Array => np.array(v as number[], { dtype: "int32" });
const list = (x: unknown): unknown => (x as Array).tolist();
const close = (a: unknown, b: unknown, tol = 1e-9): void => {
  const fa = [a].flat(Infinity) as number[];
  const fb = [b].flat(Infinity) as number[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => expect(Math.abs(x - fb[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(fb[i]!))));
};

/** Squares x until it exceeds `limit`, counting the steps: [count, x]. */
const squareUntil = (x: Array, limit: Array): [Array, Array] =>
  lax.whileLoop(
    ([, v]: [Array, Array]) => lax.lt(v, limit),
    ([n, v]: [Array, Array]) => [n.add(1), v.mul(v)] as [Array, Array],
    [i32(0), x] as [Array, Array],
  );
function squareUntilRef(x: number, limit: number): [number, number] {
  let n = 0;
  while (x < limit) {
    x = x * x;
    n++;
  }
  return [n, x];
}

/** A foriLoop with traced bounds is a while loop: x * (1 + 0.1 x)^... over [lo, hi). */
const fori = (lo: Array, hi: Array, x: Array): Array => lax.foriLoop(lo, hi, (i: Array, v: Array) => v.mul(i.astype("float64").mul(0.1).add(1)), x);

describe("whileLoop values", () => {
  it("matches a JS loop", () => {
    for (const x of [1.1, 1.5, 3]) {
      const [n, v] = squareUntil(f64(x), f64(100));
      close([list(n), list(v)], squareUntilRef(x, 100));
    }
  });

  it("foriLoop with traced bounds is a while (inside jit), with static bounds a scan", () => {
    const jf = jit(fori);
    close(list(jf(i32(1), i32(4), f64(2))), 2 * 1.1 * 1.2 * 1.3);
    expect(makeJaxpr(fori)(i32(1), i32(4), f64(2)).toString()).toContain("while[");
    expect(jf.lower(i32(1), i32(4), f64(2)).source).toContain("while (cond(");
  });

  it("raises JAX's errors", () => {
    expect(() => lax.whileLoop((v: Array) => v, (v: Array) => v, f64(1))).toThrow("cond_fun must return a boolean scalar, but got output type(s) [ShapedArray(float64[])].");
    expect(() => lax.whileLoop((v: Array) => lax.lt(v, f64(1)), (v: Array) => v.reshape([1]), f64(1))).toThrow(
      "body_fun output and input must have identical types, got\nDIFFERENT ShapedArray(float64[1]) vs. ShapedArray(float64[]).",
    );
    expect(() => lax.whileLoop((v: Array[]) => lax.lt(v[0]!, f64(1)), (v: Array[]) => v[0]!, [f64(1)])).toThrow(/body_fun output and input must have same type structure/);
  });
});

describe("whileLoop derivatives", () => {
  it("jvp matches finite differences (x^(2^n) with n fixed by the primal)", () => {
    const g = (x: Array): Array => squareUntil(x, f64(100))[1];
    const [y, t] = jvp(g, [f64(1.5)], [f64(1)]);
    // 1.5 -> 2.25 -> 5.06 -> 25.6 -> 656.8: four squarings, y = x^16.
    close(list(y), 1.5 ** 16);
    close(list(t), 16 * 1.5 ** 15);
    checkGrads(g, [f64(1.5)], { order: 2, modes: ["fwd"] });
    checkGrads((lo: Array, x: Array) => fori(i32(2), i32(5), x).mul(lo), [f64(0.5), f64(0.8)], { order: 2, modes: ["fwd"] });
  });

  it("linearize evaluates forward", () => {
    const [y, fl] = linearize((x: Array) => squareUntil(x, f64(100))[1], f64(3));
    close(list(y), 81 * 81);
    close(list(fl(f64(1))), 8 * 3 ** 7 * 1);
  });

  it("reverse mode throws JAX's error", () => {
    const msg =
      "Reverse-mode differentiation does not work for lax.while_loop or lax.fori_loop with dynamic start/stop values. Try using lax.scan, or using fori_loop with static start/stop.";
    expect(() => grad((x: Array) => squareUntil(x, f64(100))[1])(f64(1.5))).toThrow(msg);
    expect(() => vjp((x: Array) => squareUntil(x, f64(100))[1], f64(1.5))[1](f64(1))).toThrow(msg);
    // Bounds that are jit arguments are traced, so the loop is a while.
    expect(() => grad(jit((x: Array, hi: Array) => fori(i32(0), hi, x)))(f64(1.5), i32(3))).toThrow(msg);
    // A static foriLoop is a scan, so reverse mode works.
    const g = (x: Array) => lax.foriLoop(0, 3, (i: Array, v: Array) => v.mul(v).add(i.astype("float64")), x);
    checkGrads(g, [f64(0.9)], { order: 2 });
  });

  it("a while whose carries do not depend on the differentiated input passes through grad", () => {
    const g = (x: Array): Array => squareUntil(f64(1.5), f64(100))[1].mul(x);
    close(list(grad(g)(f64(2))), 1.5 ** 16);
  });
});

describe("whileLoop under vmap and jit", () => {
  const xs = f64([1.1, 1.5, 3, 12]);

  it("a batched predicate runs each example its own number of steps", () => {
    const [n, v] = vmap((x: Array) => squareUntil(x, f64(100)))(xs) as Array[];
    const ref = (list(xs) as number[]).map((x) => squareUntilRef(x, 100));
    expect(list(n)).toEqual(ref.map((r) => r[0]));
    close(list(v), ref.map((r) => r[1]));
    const [n2] = vmap((l: Array) => squareUntil(f64(1.5), l))(f64([2, 10, 1000])) as Array[];
    expect(list(n2)).toEqual([1, 3, 5]);
  });

  it("an unbatched predicate with a batched carry", () => {
    const g = (w: Array) => lax.whileLoop(([i]: [Array, Array]) => lax.lt(i, i32(3)), ([i, v]: [Array, Array]) => [i.add(1), v.mul(w)] as [Array, Array], [i32(0), f64(1)] as [Array, Array])[1];
    close(list(vmap(g)(f64([2, 3]))), [8, 27]);
  });

  it("jit equals eager; vmap(jvp) and jit(vmap) compose", () => {
    const g = (x: Array) => squareUntil(x, f64(100))[1];
    close(list(jit(g)(f64(1.5))), list(g(f64(1.5))));
    close(list(jit(vmap(g))(xs)), list(vmap(g)(xs)));
    const tangents = vmap((x: Array) => jvp(g, [x], [f64(1)])[1])(xs) as Array;
    (list(xs) as number[]).forEach((x, i) => close((list(tangents) as number[])[i]!, list(jvp(g, [f64(x)], [f64(1)])[1])));
  });
});
