// lax.cond and lax.switch: values, derivatives against finite differences (both branches taken),
// vmap with unbatched and batched predicates (the latter becomes select_n), jit, compositions,
// and JAX's errors.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, linearize, vmap, jit, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const list = (x: unknown): unknown => (x as Array).tolist();
const close = (a: unknown, b: unknown, tol = 1e-9): void => {
  const fa = [a].flat(Infinity) as number[];
  const fb = [b].flat(Infinity) as number[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => expect(Math.abs(x - fb[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(fb[i]!))));
};

// f(x, y) = x < 2 ? 3 x y : sin(x) + y^2 (the true branch is linear, the false one is not).
const f = (x: Array, y: Array): Array =>
  lax.cond(
    lax.lt(x, f64(2)),
    (a: Array, b: Array) => a.mul(b).mul(3),
    (a: Array, b: Array) => np.sin(a).add(b.mul(b)),
    x,
    y,
  );
const fRef = (x: number, y: number): number => (x < 2 ? 3 * x * y : Math.sin(x) + y * y);

const branches = [(x: Array) => x.mul(3), (x: Array) => np.sin(x), (x: Array) => x.neg()];
const sw = (x: Array): Array => lax.switch(np.floor(x).astype("int32"), branches, x);
const swRef = (x: number): number => {
  const i = Math.min(Math.max(Math.floor(x), 0), 2);
  return i === 0 ? 3 * x : i === 1 ? Math.sin(x) : -x;
};

describe("cond / switch values", () => {
  it("picks the branch by the predicate and by the clamped index", () => {
    for (const x of [1.5, 2.5]) close(list(f(f64(x), f64(0.7))), fRef(x, 0.7));
    for (const x of [-0.7, 0.3, 1.7, 2.7, 9.1]) close(list(sw(f64(x))), swRef(x));
    expect(list(lax.cond(true, () => f64(1), () => f64(2)))).toBe(1);
    expect(list(lax.cond(np.array(0, { dtype: "int32" }), () => f64(1), () => f64(2)))).toBe(2);
  });

  it("branches return pytrees; outputs weak in one branch become strong", () => {
    const out = lax.cond(false, (x: Array) => ({ a: x, b: [x.mul(2)] }), (x: Array) => ({ a: x.neg(), b: [x] }), f64(3)) as { a: Array; b: Array[] };
    expect([list(out.a), list(out.b[0])]).toEqual([-3, 3]);
    const w = lax.cond(true, () => 1, () => f64(2)) as Array;
    expect(w.dtype).toBe("float64");
    expect(w.aval.weakType).toBe(false);
  });

  it("stays one cond equation when traced", () => {
    const text = makeJaxpr(f)(f64(1), f64(2)).toString();
    expect(text).toContain("cond[branches=(");
    expect(text).not.toContain("select_n");
  });

  it("raises JAX's errors", () => {
    expect(() => lax.cond(true, () => f64([1]), () => f64(1))).toThrow(
      "true_fun and false_fun output must have identical types, got\nDIFFERENT ShapedArray(float64[1]) vs. ShapedArray(float64[]).",
    );
    expect(() => lax.cond(true, () => f64(1), () => [f64(1), f64(1)] as never)).toThrow(/true_fun and false_fun output must have same type structure, got \* and \[\*, \*\]\./);
    expect(() => lax.cond(f64([1, 2]), () => f64(1), () => f64(1))).toThrow(/Pred must be a scalar, got .* of shape \(2,\)\./);
    expect(() => lax.cond(f64(1), () => f64(1), () => f64(1))).toThrow("Pred type must be either boolean or number, got float64.");
    expect(() => lax.switch(f64(1), [() => f64(1), () => f64(2)])).toThrow(/Index type must be an integer, got/);
    expect(() => lax.switch(0, [])).toThrow("Empty branch sequence");
    expect(() => lax.switch(1, [() => f64([1]), () => f64(1)])).toThrow(/branch 0 and 1 outputs must have identical types, got\nDIFFERENT ShapedArray\(float64\[1\]\) vs\. ShapedArray\(float64\[\]\)\./);
  });
});

describe("cond / switch derivatives", () => {
  it("checkGrads order 2, fwd and rev, in each branch", () => {
    for (const x of [1.3, 2.6]) checkGrads(f, [f64(x), f64(-0.4)], { order: 2 });
    for (const x of [-0.7, 0.7, 1.7, 2.7]) checkGrads(sw, [f64(x)], { order: 2 });
  });

  it("grad, jvp and linearize match the branch taken", () => {
    const [gx, gy] = grad(f, { argnums: [0, 1] })(f64(1.5), f64(0.7)) as Array[];
    close([list(gx), list(gy)], [3 * 0.7, 3 * 1.5]);
    const [, t] = jvp(f, [f64(2.5), f64(0.7)], [f64(1), f64(0)]);
    close(list(t), Math.cos(2.5));
    const [y, fl] = linearize(sw, f64(1.2));
    close(list(y), Math.sin(1.2));
    close(list(fl(f64(2))), 2 * Math.cos(1.2));
  });

  it("a branch that ignores an operand, or returns a constant, gets zero derivatives", () => {
    const g = (x: Array, y: Array) => lax.cond(lax.gt(x, f64(0)), (a: Array, _b: Array) => a.mul(a), (_a: Array, _b: Array) => f64(1), x, y);
    const [gx, gy] = grad(g, { argnums: [0, 1] })(f64(3), f64(5)) as Array[];
    expect([list(gx), list(gy)]).toEqual([6, 0]);
    expect(list(grad(g)(f64(-3), f64(5)))).toBe(0);
    checkGrads(g, [f64(0.8), f64(0.2)], { order: 2 });
  });

  it("closing over outer values (captured consts) differentiates them too", () => {
    const h = (w: Array, x: Array) => lax.cond(lax.lt(x, f64(0)), (a: Array) => a.mul(w), (a: Array) => np.exp(a.mul(w)), x);
    checkGrads(h, [f64(0.3), f64(0.5)], { order: 2 });
    checkGrads(h, [f64(0.3), f64(-0.5)], { order: 2 });
  });
});

describe("cond / switch under vmap and jit", () => {
  const xs = f64([1.5, 2.5, 0.5, 3.5]);
  const ys = f64([0.7, -0.2, 1.1, 0.4]);

  it("an unbatched predicate stays a cond of batched branches", () => {
    const g = (p: Array, y: Array) => lax.cond(p, (b: Array) => b.mul(2), (b: Array) => b.neg(), y);
    const out = vmap(g, { inAxes: [null, 0] })(np.array(true), ys);
    close(list(out), (list(ys) as number[]).map((v) => 2 * v));
    const text = makeJaxpr(vmap(g, { inAxes: [null, 0] }))(np.array(true), ys).toString();
    expect(text).toContain("cond[");
    expect(text).not.toContain("select_n");
  });

  it("a batched predicate becomes select_n and equals a loop over examples", () => {
    const out = vmap(f)(xs, ys);
    close(list(out), (list(xs) as number[]).map((x, i) => fRef(x, (list(ys) as number[])[i]!)));
    expect(makeJaxpr(vmap(f))(xs, ys).toString()).toContain("select_n");
    const swOut = vmap(sw)(f64([-0.7, 0.7, 1.7, 2.7, 9.1]));
    close(list(swOut), [-0.7, 0.7, 1.7, 2.7, 9.1].map(swRef));
  });

  it("vmap(grad), grad(vmap) and jit compose with a batched predicate", () => {
    const g = vmap(grad(f, { argnums: [0, 1] })) as (x: Array, y: Array) => Array[];
    const [gx, gy] = g(xs, ys);
    (list(xs) as number[]).forEach((x, i) => {
      const [ex, ey] = grad(f, { argnums: [0, 1] })(f64(x), ys.get(i)) as Array[];
      close([list(gx!.get(i)), list(gy!.get(i))], [list(ex), list(ey)]);
    });
    const total = jit(grad((x: Array) => (vmap(f)(x, ys) as Array).sum()))(xs);
    close(list(total), list(gx));
    close(list(jit(f)(f64(1.5), f64(0.7))), fRef(1.5, 0.7));
    close(list(jit(sw)(f64(2.2))), swRef(2.2));
    checkGrads((x: Array) => (vmap(f)(x, ys) as Array).sum(), [xs], { order: 2 });
  });
});
