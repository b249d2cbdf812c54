// lax.scan (and lax.map, static foriLoop): values against plain JS loops, derivatives against
// finite differences, vmap against a loop over examples, jit against eager, and compositions.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vjp, linearize, vmap, jit, makeJaxpr, valueAndGrad } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";
import { mulberry32 } from "../util/random.js";

const f64 = (v: unknown): Array => np.array(v as number[], { dtype: "float64" });
const rand = (n: number, seed: number): number[] => {
  const r = mulberry32(seed);
  return globalThis.Array.from({ length: n }, () => r() - 0.5);
};
const close = (a: unknown, b: unknown, tol = 1e-9): void => {
  const fa = [a].flat(Infinity) as number[];
  const fb = [b].flat(Infinity) as number[];
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => expect(Math.abs(x - fb[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(fb[i]!))));
};
const list = (x: unknown): unknown => (x as Array).tolist();

/** carry' = sin(carry * x) + w, y = carry * w: a nonlinear scan with a const, carry and xs. */
const step = (w: Array) => (c: Array, x: Array): [Array, Array] => [np.sin(c.mul(x)).add(w), c.mul(w)];
function reference(w: number, c0: number, xs: number[], reverse = false): [number, number[]] {
  let c = c0;
  const ys = new globalThis.Array<number>(xs.length);
  for (let k = 0; k < xs.length; k++) {
    const i = reverse ? xs.length - 1 - k : k;
    ys[i] = c * w;
    c = Math.sin(c * xs[i]!) + w;
  }
  return [c, ys];
}

describe("scan values", () => {
  const xsv = [0.3, -1.2, 2.0, 0.7, 1.5];
  it("matches a JS loop, forward and reverse", () => {
    for (const reverse of [false, true]) {
      const [c, ys] = lax.scan(step(f64(0.25)), f64(0.5), f64(xsv), { reverse });
      const [rc, rys] = reference(0.25, 0.5, xsv, reverse);
      close(list(c), rc);
      close(list(ys), rys);
    }
  });

  it("takes pytrees of carries, xs and ys, and length without xs", () => {
    const [carry, ys] = lax.scan(
      (c: { a: Array; b: [Array, Array] }, x: { u: Array; v: Array }) => [{ a: c.a.add(x.u), b: [c.b[0].mul(2), c.b[1]] }, [x.v.sum(), { s: c.a }]] as const,
      { a: f64(0), b: [f64(1), np.array(7, { dtype: "int32" })] as [Array, Array] },
      { u: f64([1, 2, 3]), v: f64([[1, 1], [2, 2], [3, 3]]) },
    );
    expect(list(carry.a)).toBe(6);
    expect(list(carry.b[0])).toBe(8);
    expect(carry.b[1].dtype).toBe("int32");
    expect(list(ys[0])).toEqual([2, 4, 6]);
    expect(list(ys[1].s)).toEqual([0, 1, 3]);
    const [n, counts] = lax.scan((c: Array, _x: null) => [c.add(1), c] as const, np.array(0, { dtype: "int32" }), null, { length: 4 });
    expect(list(n)).toBe(4);
    expect(list(counts)).toEqual([0, 1, 2, 3]);
  });

  it("zero-length scans return init and empty ys", () => {
    const [c, ys] = lax.scan((c: Array, x: Array) => [c.add(x), c] as const, f64(2), f64([]).reshape([0]));
    expect(list(c)).toBe(2);
    expect(ys.shape).toEqual([0]);
  });

  it("weakly typed init takes the carry output's type", () => {
    const [c] = lax.scan((c: Array, x: Array) => [c.add(x), null] as const, 0 as unknown as Array, f64([1, 2]));
    expect((c as Array).dtype).toBe("float64");
  });

  it("lax.map and static foriLoop are scans", () => {
    expect(list(lax.map((x: Array) => x.mul(x), f64([1, 2, 3])))).toEqual([1, 4, 9]);
    expect(makeJaxpr((x: Array) => lax.foriLoop(0, 5, (i, v: Array) => v.add(i.astype("float64")), x))(f64(0)).toString()).toContain("scan[");
    expect(list(lax.foriLoop(2, 6, (i, v: Array) => v.mul(i.astype("float64")), f64(1)))).toBe(2 * 3 * 4 * 5);
  });

  it("raises JAX's errors", () => {
    expect(() => lax.scan((c: Array, x: Array) => [c.reshape([1]), x] as const, f64(0), f64([1, 2]))).toThrow(
      /Scanned function carry input and carry output must have equal types \(e\.g\. shapes and dtypes of arrays\), but they differ:\n {2}\* the input carry has type f64\[\] but the corresponding output carry component has type f64\[1\], so the shapes do not match/,
    );
    expect(() => lax.scan((c: Array[], x: Array) => [c[0]!, x] as const, [f64(0)], f64([1]))).toThrow(/must have the same pytree structure/);
    expect(() => lax.scan(((c: Array) => c) as never, f64(0), f64([1]))).toThrow(/scan body output must be a pair/);
    expect(() => lax.scan((c: Array, x: Array) => [c, x] as const, f64(0), [f64([1, 2]), f64([1])] as never)).toThrow("scan got values with different leading axis sizes: 2, 1.");
    expect(() => lax.scan((c: Array, x: Array) => [c, x] as const, f64(0), null as never)).toThrow("scan got no values to scan over and `length` not provided.");
    expect(() => lax.scan((c: Array, x: Array) => [c, x] as const, f64(0), f64(3))).toThrow(/scan got value with no leading axis to scan over/);
    expect(() => lax.scan((c: Array, x: Array) => [c, x] as const, f64(0), f64([1, 2]), { length: 3 })).toThrow(/disagrees with leading axis sizes \[2\]/);
  });

  it("is one loop in the generated code, not unrolled", () => {
    const f = jit((xs: Array) => lax.scan(step(f64(0.25)), f64(0.5), xs));
    const src = f.lower(f64(rand(100, 1))).source;
    expect(src).toContain("for (let it = 0; it < 100; it++)");
    expect(src.match(/sin/g)!.length).toBeLessThan(10);
  });
});

describe("scan derivatives", () => {
  const xs = f64(rand(6, 2).map((v) => 2 * v));
  const loss = (w: Array, c0: Array, xs: Array): Array => {
    const [c, ys] = lax.scan(step(w), c0, xs);
    return c.add(ys.sum());
  };

  it("checkGrads order 2, fwd and rev, forward and reverse scans", () => {
    checkGrads(loss, [f64(0.3), f64(0.4), xs], { order: 2 });
    checkGrads((w: Array, c0: Array, x: Array) => lax.scan(step(w), c0, x, { reverse: true })[1], [f64(-0.2), f64(0.9), xs], { order: 2 });
  });

  it("grad matches finite differences of a 1000-step scan", () => {
    const T = 1000;
    const xv = f64(rand(T, 3));
    // carry' = tanh(a * carry + x): contracting, so the gradient is well conditioned.
    const f = (a: Array, c0: Array): Array => lax.scan((c: Array, x: Array) => [np.tanh(c.mul(a).add(x)), c] as const, c0, xv)[1].sum();
    const [ga, gc] = grad(f, { argnums: [0, 1] })(f64(0.8), f64(0.3)) as Array[];
    const h = 1e-6;
    const fd = (g: (d: number) => number): number => (g(h) - g(-h)) / (2 * h);
    const fa = fd((d) => f(f64(0.8 + d), f64(0.3)).item() as number);
    const fc = fd((d) => f(f64(0.8), f64(0.3 + d)).item() as number);
    close(list(ga), fa, 1e-6);
    close(list(gc), fc, 1e-6);
  });

  it("jvp, linearize and vjp agree with grad", () => {
    const args = [f64(0.3), f64(0.4), xs] as const;
    const g = grad(loss, { argnums: [0, 1, 2] })(...args) as Array[];
    const [, t] = jvp(loss, [...args], [f64(1), f64(0), np.zerosLike(xs)]);
    close(list(t), list(g[0]));
    const [, fJvp] = linearize(loss, ...args);
    close(list(fJvp(f64(0), f64(1), np.zerosLike(xs))), list(g[1]));
    const [, pull] = vjp(loss, ...args);
    close(list((pull(f64(1)) as Array[])[2]), list(g[2]));
  });

  it("integer carries (a counter) get no tangent and do not break reverse mode", () => {
    const f = (x: Array): Array => lax.foriLoop(0, 4, (i: Array, v: Array) => v.mul(x).add(i.astype("float64")), f64(1));
    // v4 = x^4 + 0*x^3 + 1*x^2 + 2*x + 3
    close(list(grad(f)(f64(1.5))), 4 * 1.5 ** 3 + 2 * 1.5 + 2);
    checkGrads(f, [f64(0.7)], { order: 2 });
  });

  it("loop-invariant residuals are not stacked per iteration", () => {
    const f = (W: Array, xs: Array): Array => lax.scan((h: Array, x: Array) => [np.tanh(np.matmul(W, h).add(x)), null] as const, np.zeros([3], { dtype: "float64" }), xs)[0].sum();
    const W = f64([[0.1, 0.2, 0.3], [0.0, -0.1, 0.2], [0.3, 0.1, -0.2]]);
    const X = f64(rand(12, 4)).reshape([4, 3]);
    const text = makeJaxpr(grad(f))(W, X).toString();
    // The linear scans take W once (a const of shape 3x3), never a stacked f64[4,3,3].
    expect(text).not.toContain("f64[4,3,3]");
    checkGrads(f, [W, X], { order: 1 });
  });
});

describe("scan under vmap and jit", () => {
  it("vmap of scan equals a loop over examples (batched xs, batched init, batched const)", () => {
    const W = f64([0.1, -0.3, 0.5]);
    const C0 = f64([0.2, 0.4, -0.6]);
    const X = f64(rand(12, 5)).reshape([3, 4]);
    const f = (w: Array, c0: Array, x: Array) => lax.scan(step(w), c0, x);
    for (const inAxes of [[0, 0, 0], [null, 0, null], [0, null, null], [null, null, 0]] as const) {
      // An unbatched argument is example 1's value.
      const arg = (a: Array, ax: number | null) => (ax === null ? a.get(1) : a);
      const [c, ys] = vmap(f, { inAxes: [...inAxes] })(arg(W, inAxes[0]), arg(C0, inAxes[1]), arg(X, inAxes[2])) as Array[];
      for (let b = 0; b < 3; b++) {
        const pickB = (a: Array, ax: number | null) => (ax === null ? a.get(1) : a.get(b));
        const [rc, rys] = f(pickB(W, inAxes[0]), pickB(C0, inAxes[1]), pickB(X, inAxes[2]));
        close(list(c!.get(b)), list(rc));
        close(list(ys!.get(b)), list(rys));
      }
    }
  });

  it("a carry that becomes batched through the body (fixpoint)", () => {
    // The second carry is unbatched initially but picks up the batched first carry.
    const f = (x: Array) => lax.scan((c: [Array, Array], _: null) => [[c[0].mul(2), c[1].add(c[0])], null] as const, [x, f64(0)] as [Array, Array], null, { length: 3 })[0];
    const [a, b] = vmap(f)(f64([1, 2])) as Array[];
    expect(list(a)).toEqual([8, 16]);
    expect(list(b)).toEqual([7, 14]);
  });

  it("jit equals eager, and jit(grad(vmap)) / vmap(grad) compose", () => {
    const xs = f64(rand(8, 6)).reshape([2, 4]);
    const f = (w: Array, x: Array) => {
      const [c, ys] = lax.scan(step(w), f64(0.1), x);
      return c.add(ys.sum());
    };
    close(list(jit(f)(f64(0.3), xs.get(0))), list(f(f64(0.3), xs.get(0))));
    const perExample = vmap(grad(f), { inAxes: [null, 0] })(f64(0.3), xs) as Array;
    const total = jit(grad((w: Array, x: Array) => (vmap(f, { inAxes: [null, 0] })(w, x) as Array).sum()))(f64(0.3), xs) as Array;
    close(list(total), (list(perExample) as number[]).reduce((a, b) => a + b));
    close((list(perExample) as number[])[1]!, list(grad(f)(f64(0.3), xs.get(1))));
    // grad of grad through scan, jitted and not.
    const gg = grad(grad(f));
    close(list(jit(gg)(f64(0.3), xs.get(0))), list(gg(f64(0.3), xs.get(0))));
    checkGrads((w: Array) => grad(f)(w, xs.get(0)), [f64(0.3)], { order: 1 });
  });

  it("valueAndGrad inside jit of a scan with a jitted body", () => {
    const cell = jit((c: Array, x: Array) => np.tanh(c.mul(x).add(0.5)));
    const f = (x: Array) => lax.scan((c: Array, xi: Array) => [cell(c, xi), c] as const, f64(0.2), x)[1].sum();
    const xs = f64([0.5, -1, 2]);
    const [v, g] = jit(valueAndGrad(f))(xs) as [Array, Array];
    close(list(v), list(f(xs)));
    checkGrads(f, [xs], { order: 1 });
    close(list(g), list(grad(f)(xs)));
  });
});
