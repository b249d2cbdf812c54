// Cotangents that no output depends on stay symbolic zeros through scan, cond and static
// foriLoop (JAX drops such carries, operands and outputs in _scan_dce_rule / _cond_dce_rule
// before transposing). The operand below, pw(x) = x^(x - x) at a negative x, has a NaN
// d/d(exponent): any materialised zero cotangent reaching it turns into NaN, so each of these
// gradients was NaN when the transpose rules instantiated zeros. Values from JAX 0.10.2
// (JAX_ENABLE_X64=1).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vjp, vmap, jit } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

const f64 = (v: number | number[]): Array => np.array(v as number[], { dtype: "float64" });
const values = (x: Array): number[] => [x.tolist()].flat(4) as number[];
const close = (a: Array, want: number[] | number, tol = 1e-12): void => {
  const got = values(a);
  const w = [want].flat();
  expect(got.length).toBe(w.length);
  got.forEach((g, i) => expect(Math.abs(g - w[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i]!))));
};
/** 1 for x != 0, with a NaN derivative in the exponent for x < 0. */
const pw = (x: Array): Array => np.power(x, x.sub(x));
const X = f64(-1.5);
const XS = f64([0.3, -1.2, 2.0, 0.7]);
const BATCH = f64([-1.5, -0.7, 2.0]);

/** grad, jit(grad) (called twice), vjp, vmap(grad), grad of grad and jvp of grad against JAX's values, in x (the first argument). */
function agrees(f: (x: Array, ...rest: Array[]) => Array, rest: Array[], want: { grad: number; grad2: number; batch: number[] }): void {
  const g = (x: Array): Array => grad(f)(x, ...rest);
  close(g(X), want.grad);
  const jg = jit(g);
  close(jg(X), want.grad);
  close(jg(X), want.grad);
  close(vjp((x: Array) => f(x, ...rest), X)[1](f64(1))[0], want.grad);
  close(vmap(g)(BATCH), want.batch);
  close(grad(g)(X), want.grad2);
  const [gx, ggx] = jvp(g, [X], [f64(1)]);
  close(gx, want.grad);
  close(ggx, want.grad2);
}

describe("scan: a carry nothing reads gets a symbolic zero cotangent", () => {
  // Fuzzer seed 29933 (npm run fuzz -- --seed=29933 --programs=1), reduced: the carry's
  // initial value is pw(v), the body never reads the carry, the final carry is unused.
  const fuzzed = (x: Array): Array => lax.scan((_c: Array, _t: null) => [x, x.mul(2)] as const, pw(x), null, { length: 2 })[1].sum();

  it("the fuzzer's program: grad is 4, not NaN", () => {
    agrees(fuzzed, [], { grad: 4, grad2: 0, batch: [4, 4, 4] });
  });

  it("a carry that only feeds itself (c' = 2c) and is unused at the end", () => {
    const f = (x: Array): Array => lax.scan((c: Array, _t: null) => [c.mul(2), x.mul(2)] as const, pw(x), null, { length: 2 })[1].sum();
    agrees(f, [], { grad: 4, grad2: 0, batch: [4, 4, 4] });
  });

  // Carry a feeds carry b, b feeds nothing: a is read by the body, and dead only because b is.
  const chained = (x: Array, xs: Array): Array =>
    lax.scan((k: [Array, Array], t: Array) => [[k[0].mul(2), np.sin(k[0]).add(k[1])], t.mul(x)] as const, [pw(x), pw(x)] as [Array, Array], xs)[1].sum();

  it("a carry dead through the fixpoint (a feeds b, b unused)", () => {
    agrees(chained, [XS], { grad: 1.8, grad2: 0, batch: [1.8, 1.8, 1.8] });
    const [gx, gxs] = grad(chained, { argnums: [0, 1] })(X, XS);
    close(gx, 1.8);
    close(gxs, [-1.5, -1.5, -1.5, -1.5]);
  });

  // A const and the xs reach only a dead carry: their cotangents are zero, not NaN.
  const constAndXs = (x: Array, xs: Array): Array => {
    const c = pw(x).mul(3);
    return lax.scan((k: Array, t: Array) => [k.add(c.mul(t)), x.mul(x).mul(x)] as const, x, pw(xs))[1].sum();
  };

  it("a const and an xs read only by a dead carry", () => {
    agrees(constAndXs, [XS], { grad: 27, grad2: -36, batch: [27, 5.88, 48] });
    close(grad(constAndXs, { argnums: 1 })(X, XS), [0, 0, 0, 0]);
    close(jit(grad(constAndXs, { argnums: 1 }))(X, XS), [0, 0, 0, 0]);
  });

  it("checkGrads to order 2 (forward and reverse) with dead carries", () => {
    checkGrads((x: Array) => chained(x, XS), [X], 2);
    checkGrads((x: Array) => constAndXs(x, XS), [X], 2);
  });

  it("a carry that reaches ys one step later keeps its cotangent (the fixpoint adds it)", () => {
    // b' = a, y = b t: the final carries are unused, a's cotangent comes only through b.
    const f = (x: Array, xs: Array): Array =>
      lax.scan((k: [Array, Array], t: Array) => [[k[0].mul(t), k[0]], k[1].mul(t)] as const, [x, x.mul(0.5)] as [Array, Array], xs)[1].sum();
    const [gx, gxs] = grad(f, { argnums: [0, 1] })(X, XS);
    close(gx, -0.702);
    close(gxs, [-2.49, -1.815, -0.45, 0.54]);
    checkGrads((x: Array, xs: Array) => f(x, xs), [X, XS], 2);
  });

  it("a final carry that is used keeps a materialised cotangent, as in JAX (NaN here in both)", () => {
    // The body never reads the carry, but its final value is an output: JAX 0.10.2 keeps the
    // carry (its DCE instantiates used carries) and gives NaN too.
    const f = (x: Array): Array => {
      const [c, ys] = lax.scan((_c: Array, _t: null) => [x, x.mul(2)] as const, pw(x), null, { length: 2 });
      return ys.sum().add(c);
    };
    expect(values(grad(f)(X))).toEqual([NaN]);
    close(grad(f)(f64(2)), 5);
  });
});

describe("static foriLoop (a scan): dead carries", () => {
  it("a carry read by nothing, and one read only by a dead carry", () => {
    type K = [Array, Array];
    const alone = (x: Array): Array => lax.foriLoop(0, 3, (_i: Array, k: K) => [k[0].mul(2), k[1].add(x)] as K, [pw(x), x] as K)[1];
    const fed = (x: Array): Array => lax.foriLoop(0, 3, (_i: Array, k: K) => [k[0].mul(2).add(k[1]), k[1].add(x)] as K, [pw(x), x] as K)[1];
    agrees(alone, [], { grad: 4, grad2: 0, batch: [4, 4, 4] });
    agrees(fed, [], { grad: 4, grad2: 0, batch: [4, 4, 4] });
  });
});

describe("cond: an output nobody reads and an operand no branch reads", () => {
  const neg = (x: Array): Array => lax.lt(x, 0);

  it("a branch output that is never read", () => {
    const f = (x: Array): Array => lax.cond(neg(x), (u: Array, v: Array) => [u.mul(2), v.mul(3)], (u: Array, v: Array) => [u.mul(3), v], x, pw(x))[0]!;
    agrees(f, [], { grad: 2, grad2: 0, batch: [2, 2, 3] });
  });

  it("an operand no branch reads", () => {
    const f = (x: Array): Array => lax.cond(neg(x), (u: Array, _v: Array) => u.mul(2), (u: Array, _v: Array) => u.mul(3), x, pw(x));
    agrees(f, [], { grad: 2, grad2: 0, batch: [2, 2, 3] });
  });

  it("an operand one branch reads keeps a cotangent in every branch, as in JAX (NaN here in both)", () => {
    const f = (x: Array): Array => lax.cond(neg(x), (u: Array, _v: Array) => u.mul(2), (u: Array, v: Array) => u.mul(v), x, pw(x));
    expect(values(grad(f)(X))).toEqual([NaN]);
    close(grad(f)(f64(2)), 1);
  });
});
