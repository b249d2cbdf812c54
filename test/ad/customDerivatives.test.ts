// Custom derivative rules at every order, as JAX's custom_jvp / custom_vjp: the rule (not the
// body) is what an outer derivative differentiates; bwd may answer null for a zero cotangent;
// defjvps; nondiffArgnums for both; and pow's float-exponent JVP. Examples follow JAX's
// "Custom derivative rules" tutorial (docs/notebooks/Custom_derivative_rules).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vjp, jit, vmap, customJvp, customVjp, UnexpectedTracerError } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

const f64 = (v: number | number[]): Array => np.array(v as number[], { dtype: "float64" });
const num = (x: unknown): number => (x as Array).item() as number;
const list = (x: unknown): number[] => (x as Array).tolist() as number[];
const close = (a: number, b: number, tol = 1e-12): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));

describe("customVjp differentiates through its rule at higher order", () => {
  // The rule says d/dx g = g: every derivative of g is g = sin (JAX: grad(grad(g))(1.) = sin 1).
  const g = customVjp((x: Array) => np.sin(x));
  g.defvjp(
    (x) => {
      const y = g(x);
      return [y, y];
    },
    (y, ct) => [ct.mul(y)],
  );
  const x = f64(1);

  it("grad, grad of grad and a third derivative are all sin", () => {
    close(num(grad(g)(x)), Math.sin(1));
    close(num(grad(grad(g))(x)), Math.sin(1));
    close(num(grad(grad(grad(g)))(x)), Math.sin(1));
  });

  it("composes with jit and vmap", () => {
    close(num(jit(grad(grad(g)))(x)), Math.sin(1));
    close(num(grad(grad(jit(g)))(x)), Math.sin(1));
    close(num(grad(jit(grad(g)))(x)), Math.sin(1));
    list(vmap(grad(g))(f64([1, 2]))).forEach((v, i) => close(v, Math.sin(i + 1)));
    list(vmap(grad(grad(g)))(f64([1, 2]))).forEach((v, i) => close(v, Math.sin(i + 1)));
    list(jit(vmap(grad(grad(g))))(f64([1, 2]))).forEach((v, i) => close(v, Math.sin(i + 1)));
  });

  it("customJvp likewise: a rule that calls the function is used again at second order", () => {
    const h = customJvp((v: Array) => np.sin(v));
    h.defjvp(([v], [t]) => {
      const y = h(v);
      return [y, t.mul(y)];
    });
    close(num(grad(grad(h))(x)), Math.sin(1));
    close(num(jit(grad(grad(h)))(x)), Math.sin(1));
    const [, t2] = jvp(grad(h), [x], [f64(1)]);
    close(num(t2), Math.sin(1));
  });
});

// JAX's tutorial: a fixed-point solver with lax.while_loop and an implicit-function VJP whose
// bwd solves another fixed point; nondiff_argnums=(0,) for the update function.
/** `a`: an array, or a list of arrays (rev_iter's packed residuals). */
type Packed = Array | Array[];
type Update = (a: Packed, x: Array) => Array;
type Carry = [Array, Array];

const fixedPoint = customVjp(
  (f: Update, a: Packed, xGuess: Array): Array => {
    const [, xStar] = lax.whileLoop(
      ([prev, cur]: Carry) => np.abs(prev.sub(cur)).greater(1e-6),
      ([, cur]: Carry): Carry => [cur, f(a, cur)],
      [xGuess, f(a, xGuess)] as Carry,
    );
    return xStar;
  },
  { nondiffArgnums: [0] },
);

const revIter =
  (f: Update) =>
  (packed: Packed, u: Array): Array => {
    const [a, xStar, xStarBar] = packed as Array[];
    const [, vjpX] = vjp((x: Array) => f(a!, x), xStar!);
    return xStarBar!.add(vjpX(u)[0]);
  };

fixedPoint.defvjp(
  (f: Update, a: Packed, xInit: Array) => {
    const xStar = fixedPoint(f, a, xInit);
    return [xStar, [a, xStar]];
  },
  (f: Update, [a, xStar]: [Array, Array], xStarBar: Array) => {
    const [, vjpA] = vjp((v: Array) => f(v, xStar), a);
    const [aBar] = vjpA(fixedPoint(revIter(f), [a, xStar, xStarBar], xStarBar));
    return [aBar, np.zerosLike(xStar)];
  },
);

const newtonSqrt = (a: Array): Array => fixedPoint((b: Packed, x: Array) => x.add((b as Array).div(x)).mul(0.5), a, a);

describe("fixed_point through lax.whileLoop inside customVjp (JAX's tutorial)", () => {
  const a = f64(2);

  it("values match JAX: sqrt 2, 0.35355338, -0.0883883", () => {
    close(num(newtonSqrt(a)), Math.SQRT2, 1e-10);
    close(num(grad(newtonSqrt)(a)), 0.5 / Math.SQRT2, 1e-10);
    close(num(grad(grad(newtonSqrt))(a)), -1 / (4 * 2 ** 1.5), 1e-9);
    expect(num(grad(grad(newtonSqrt))(np.array(2)))).toBeCloseTo(-0.0883883, 6); // float32, as JAX prints
  });

  it("agrees with finite differences at second order, and composes with jit and vmap", () => {
    checkGrads(newtonSqrt, [f64(2)], { order: 2, modes: ["rev"] });
    close(num(jit(grad(grad(newtonSqrt)))(a)), -1 / (4 * 2 ** 1.5), 1e-9);
    list(vmap(grad(newtonSqrt))(f64([2, 9]))).forEach((v, i) => close(v, 0.5 / Math.sqrt([2, 9][i]!), 1e-9));
    list(vmap(grad(grad(newtonSqrt)))(f64([2, 9]))).forEach((v, i) => close(v, -0.25 * [2, 9][i]! ** -1.5, 1e-8));
  });

  it("a tracer in a nondiff position is JAX's UnexpectedTracerError", () => {
    const scale = customVjp((s: Array, x: Array) => x.mul(s), { nondiffArgnums: [0] });
    scale.defvjp((s: Array, x: Array) => [x.mul(s), null], (s: Array, _r: null, ct: Array) => [ct.mul(s)]);
    close(num(grad((x: Array) => scale(f64(3), x))(f64(2))), 3);
    expect(() => grad((x: Array) => scale(x, x))(f64(2))).toThrow(UnexpectedTracerError);
    expect(() => grad((x: Array) => scale(x, x))(f64(2))).toThrow(/in a position indicated by nondiff_argnums as non-differentiable/);
  });

  it("nondiff args reach bwd first, in nondiffArgnums order; fwd sees every argument in place", () => {
    const seen: string[] = [];
    const h = customVjp((x: Array, tag: string, y: Array, k: number) => x.mul(y).mul(k), { nondiffArgnums: [3, 1] });
    h.defvjp(
      (x: Array, tag: string, y: Array, k: number) => {
        seen.push(`fwd ${tag} ${k}`);
        return [x.mul(y).mul(k), [x, y]];
      },
      (k: number, tag: string, [x, y]: [Array, Array], ct: Array) => {
        seen.push(`bwd ${k} ${tag}`);
        return [ct.mul(y).mul(k), ct.mul(x).mul(k)];
      },
    );
    const [gx, gy] = grad((x: Array, y: Array) => h(x, "t", y, 10), { argnums: [0, 1] })(f64(2), f64(5));
    expect([num(gx), num(gy)]).toEqual([50, 20]);
    expect(seen).toEqual(["fwd t 10", "bwd 10 t"]);
  });
});

describe("customVjp bwd may return null for a zero cotangent (JAX's None)", () => {
  // JAX's tutorial clip_gradient: identity forward, clipped cotangent, None for lo and hi.
  const clipGradient = customVjp((lo: number, hi: number, x: Array) => x);
  clipGradient.defvjp(
    (lo, hi, x) => [x, [lo, hi]],
    ([lo, hi], g) => [null, null, np.clip(g, lo, hi)],
  );

  it("clips the gradient and gives zero cotangents to the nulls", () => {
    const xs = [0.1, 0.5, 2, 3, 6];
    const clip = (v: number): number => Math.min(0.75, Math.max(-0.75, v));
    // The tutorial's clip_sin: the incoming cotangent 1 is clipped to 0.75, then times cos x.
    const clipSin = (x: Array): Array => clipGradient(-0.75, 0.75, np.sin(x));
    list(vmap(grad(clipSin))(f64(xs))).forEach((v, i) => close(v, 0.75 * Math.cos(xs[i]!)));
    // Clipping after sin: the cotangent cos x reaches the clip.
    const sinClip = (x: Array): Array => np.sin(clipGradient(-0.75, 0.75, x));
    list(vmap(grad(sinClip))(f64(xs))).forEach((v, i) => close(v, clip(Math.cos(xs[i]!))));
    list(jit(vmap(grad(sinClip)))(f64(xs))).forEach((v, i) => close(v, clip(Math.cos(xs[i]!))));
    const [glo, ghi, gx] = grad((lo: Array, hi: Array, x: Array) => clipGradient(lo as unknown as number, hi as unknown as number, x), { argnums: [0, 1, 2] })(f64(-1), f64(1), f64(3));
    expect([num(glo), num(ghi), num(gx)]).toEqual([0, 0, 1]);
  });

  it("null may stand for any subtree; a wrong structure is JAX's TypeError", () => {
    const pair = customVjp((p: { a: Array; b: Array }) => p.a.mul(p.b));
    pair.defvjp(
      (p) => [p.a.mul(p.b), p],
      (p, ct) => [{ a: ct.mul(p.b), b: null }],
    );
    const gp = grad((p: { a: Array; b: Array }) => pair(p))({ a: f64(2), b: f64(5) });
    expect([num(gp.a), num(gp.b)]).toEqual([5, 0]);
    const whole = customVjp((p: { a: Array; b: Array }) => p.a.mul(p.b));
    whole.defvjp((p) => [p.a.mul(p.b), null], () => [undefined]);
    const gw = grad((p: { a: Array; b: Array }) => whole(p))({ a: f64(2), b: f64(5) });
    expect([num(gw.a), num(gw.b)]).toEqual([0, 0]);
    const bad = customVjp((x: Array, y: Array) => x.mul(y));
    bad.defvjp((x, y) => [x.mul(y), null], (_r, ct) => [ct]);
    expect(() => grad((x: Array) => bad(x, x))(f64(1))).toThrow(/Custom VJP bwd rule must produce an output with the same container \(pytree\) structure as the args tuple/);
  });
});

describe("customJvp.defjvps", () => {
  // JAX's tutorial: f(x, y) = sin(x) * y with one JVP per argument.
  const f = customJvp((x: Array, y: Array) => np.sin(x).mul(y));
  f.defjvps(
    (xDot, _out, x, y) => np.cos(x).mul(xDot).mul(y),
    (yDot, _out, x) => np.sin(x).mul(yDot),
  );

  it("sums the per-argument JVPs, in forward and reverse mode", () => {
    const [gx, gy] = grad(f, { argnums: [0, 1] })(f64(2), f64(3));
    close(num(gx), Math.cos(2) * 3);
    close(num(gy), Math.sin(2));
    const [out, t] = jvp(f, [f64(2), f64(3)], [f64(1), f64(10)]);
    close(num(out), Math.sin(2) * 3);
    close(num(t), Math.cos(2) * 3 + 10 * Math.sin(2));
    close(num(jit(grad(f))(f64(2), f64(3))), Math.cos(2) * 3);
    checkGrads(f, [f64(0.7), f64(1.3)], { order: 2 });
  });

  it("null is an argument without a derivative; with nondiffArgnums it is JAX's TypeError", () => {
    const g = customJvp((x: Array, y: Array) => x.mul(y));
    g.defjvps((xDot, _out, _x, y) => xDot.mul(y), null);
    const [gx, gy] = grad(g, { argnums: [0, 1] })(f64(2), f64(3));
    expect([num(gx), num(gy)]).toEqual([3, 0]);
    const nd = customJvp((k: number, x: Array) => x.mul(k), { nondiffArgnums: [0] });
    expect(() => nd.defjvps()).toThrow("Can't use ``defjvps`` with ``nondiff_argnums``.");
  });

  it("the rule's own primal goes through the function, so it applies at second order", () => {
    // The rule says d/dx s = 2 s, so every derivative order multiplies by 2.
    const s = customJvp((x: Array) => np.exp(x));
    s.defjvps((g, ans) => g.mul(ans).mul(2));
    close(num(grad(s)(f64(0.5))), 2 * Math.exp(0.5));
    close(num(grad(grad(s))(f64(0.5))), 4 * Math.exp(0.5));
  });
});

describe("customJvp nondiffArgnums (JAX's app / app2)", () => {
  it("passes the nondiff args first to the rule, in nondiffArgnums order", () => {
    const app = customJvp((f: (x: Array) => Array, x: Array) => f(x), { nondiffArgnums: [0] });
    app.defjvp((f: (x: Array) => Array, [x]: [Array], [xDot]: [Array]) => [f(x), xDot.mul(2)]);
    const cube = (x: Array): Array => x.mul(x).mul(x);
    close(num(app(cube, f64(3))), 27);
    close(num(grad((x: Array) => app(cube, x))(f64(3))), 2);
    close(num(jit(grad((x: Array) => app(cube, x)))(f64(3))), 2);
    list(vmap(grad((x: Array) => app(cube, x)))(f64([1, 3]))).forEach((v) => close(v, 2));

    const app2 = customJvp((f: (x: Array) => Array, x: Array, g: (y: Array) => Array) => f(g(x)), { nondiffArgnums: [0, 2] });
    app2.defjvp((f: (x: Array) => Array, g: (y: Array) => Array, [x]: [Array], [xDot]: [Array]) => [f(g(x)), xDot.mul(3)]);
    close(num(grad((x: Array) => app2(cube, x, (y: Array) => y.mul(5)))(f64(3))), 3);
  });

  it("stops gradients through array-valued nondiff args", () => {
    const scaleBy = customJvp((k: Array, x: Array) => x.mul(k), { nondiffArgnums: [0] });
    scaleBy.defjvp((k: Array, [x]: [Array], [t]: [Array]) => [x.mul(k), t.mul(k)]);
    close(num(grad((k: Array) => scaleBy(k, f64(4)))(f64(3))), 0);
    close(num(grad((x: Array) => scaleBy(x, x))(f64(3))), 3);
  });
});

describe("pow's JVP with a float exponent (JAX's _pow_jvp_lhs)", () => {
  it("the mixed second derivative at y = 0 is 1/x", () => {
    const dx = (x: Array, y: Array): Array => grad((u: Array) => lax.pow(u, y))(x);
    close(num(grad((y: Array) => dx(f64(2), y))(f64(0))), 0.5);
    close(num(grad((y: Array) => dx(f64(0.25), y))(f64(0))), 4);
    close(num(jit(grad((y: Array) => dx(f64(2), y)))(f64(0))), 0.5);
    close(num(dx(f64(2), f64(0))), 0);
    checkGrads(lax.pow, [f64([0.7, 2]), f64([0, 0])], { order: 2 });
  });
});
