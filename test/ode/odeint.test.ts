// experimental.ode.odeint (jax.experimental.ode): Dormand-Prince 5(4) against closed forms at
// rtol 1e-8 in float64, against JAX 0.10.2's own odeint, and its adjoint gradients against
// closed forms, finite differences and JAX; vmap, jit and pytree states.
import { describe, expect, it } from "vitest";
import { numpy as np, experimental, grad, jit, vmap, Array } from "../../src/index.js";

const { odeint } = experimental.ode;
const f64 = (v: number | number[]): Array => np.array(v, { dtype: "float64" });
const tight = { rtol: 1e-10, atol: 1e-10 };

function expectClose(actual: number[], expected: number[], rtol: number, atol = 0): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) throw new Error(`entry ${i}: ${a} vs ${e} (rtol ${rtol})`);
  });
}

const decay = (y: Array, _t: Array, k: Array): Array => np.multiply(np.negative(k), y);
const oscillator = (y: Array, _t: Array, w: Array): Array => np.stack([y.get(1), np.multiply(np.negative(np.multiply(w, w)), y.get(0))]);
const lotkaVolterra = (y: Array, _t: Array, a: Array, b: Array, c: Array, d: Array): Array => {
  const x = y.get(0);
  const z = y.get(1);
  return np.stack([np.subtract(np.multiply(a, x), np.multiply(np.multiply(b, x), z)), np.subtract(np.multiply(np.multiply(c, x), z), np.multiply(d, z))]);
};

describe("odeint forward solutions", () => {
  const ts = np.linspace(0, 3, 7, { dtype: "float64" });
  const times = ts.tolist() as number[];

  it("exponential decay matches y0 exp(-k t) at rtol 1e-8", () => {
    const ys = odeint(decay, f64([1, -2]), ts, f64(0.7), tight);
    expect(ys.shape).toEqual([7, 2]);
    const flat = (ys.tolist() as number[][]).flat();
    expectClose(flat, times.flatMap((t) => [Math.exp(-0.7 * t), -2 * Math.exp(-0.7 * t)]), 1e-8);
  });

  it("harmonic oscillator matches cos/sin at rtol 1e-8 (JS-number args, default tolerances)", () => {
    const w = 2;
    const ys = odeint(oscillator, f64([1, 0]), np.linspace(0, 10, 11, { dtype: "float64" }), f64(w), tight);
    const expected = (np.linspace(0, 10, 11, { dtype: "float64" }).tolist() as number[]).flatMap((t) => [Math.cos(w * t), -w * Math.sin(w * t)]);
    expectClose((ys.tolist() as number[][]).flat(), expected, 1e-8, 1e-9);
    // Default tolerances (1.4e-8) still track the solution closely.
    const loose = odeint(oscillator, f64([1, 0]), np.linspace(0, 10, 11, { dtype: "float64" }), w);
    expectClose((loose.tolist() as number[][]).flat(), expected, 1e-6, 1e-6);
  });

  it("Lotka-Volterra conserves c x - d ln x + b z - a ln z, and matches JAX's odeint", () => {
    const [a, b, c, d] = [1.5, 1, 1, 3];
    const ts2 = np.linspace(0, 5, 6, { dtype: "float64" });
    const ys = odeint(lotkaVolterra, f64([1, 0.5]), ts2, a, b, c, d);
    const rows = ys.tolist() as number[][];
    const invariant = ([x, z]: number[]): number => c * x! - d * Math.log(x!) + b * z! - a * Math.log(z!);
    const v0 = invariant(rows[0]!);
    for (const r of rows) expect(Math.abs(invariant(r) - v0)).toBeLessThan(1e-6 * Math.abs(v0));
    const strict = odeint(lotkaVolterra, f64([1, 0.5]), np.linspace(0, 20, 41, { dtype: "float64" }), a, b, c, d, tight);
    for (const r of strict.tolist() as number[][]) expect(Math.abs(invariant(r) - v0)).toBeLessThan(1e-8 * Math.abs(v0));
    // jax 0.10.2 (x64): odeint(lv, jnp.array([1.0, 0.5]), jnp.linspace(0., 5., 6), 1.5, 1.0, 1.0, 3.0).
    const jaxYs = [[1.0, 0.5], [3.47051077442723, 0.17333670869375828], [6.248112875183867, 3.785025199225243],
      [0.741261521997594, 1.3463506151678273], [1.895207842834572, 0.20813322798991032], [6.757429572551673, 0.5130000227448959]];
    expectClose(rows.flat(), jaxYs.flat(), 1e-10);
  });

  it("hmax and mxstep bound the steps", () => {
    const ys = odeint(decay, f64([1]), ts, f64(0.7), { hmax: 0.01 });
    expectClose((ys.tolist() as number[][]).flat(), times.map((t) => Math.exp(-0.7 * t)), 1e-8);
    // One step per output time: the loop stops short and the value is extrapolated, as JAX's.
    // jax 0.10.2 (x64): odeint(lambda y, t, k: -k * y, jnp.array([1.0]), jnp.linspace(0., 3., 7), 0.7, mxstep=1).
    const capped = odeint(decay, f64([1]), ts, f64(0.7), { mxstep: 1 });
    const jaxCapped = [1.0, 0.704725998891131, 0.4972846254106543, 0.3528791502212051, 0.25458916183423846, 0.19111522487801152, 0.154714697940425];
    expectClose((capped.tolist() as number[][]).flat(), jaxCapped, 1e-8); // extrapolation amplifies rounding
  });

  it("pytree states: a dict of arrays gives a dict of stacked trajectories", () => {
    type S = { x: Array; v: Array };
    const f = (s: S, _t: Array, w: Array): S => ({ x: s.v, v: np.multiply(np.negative(np.multiply(w, w)), s.x) });
    const tsP = np.linspace(0, 2, 5, { dtype: "float64" });
    const out = odeint(f, { x: f64([1, 0]), v: f64([0, 1]) }, tsP, f64(1.5), tight);
    expect(out.x.shape).toEqual([5, 2]);
    const tp = tsP.tolist() as number[];
    expectClose((out.x.tolist() as number[][]).flat(), tp.flatMap((t) => [Math.cos(1.5 * t), Math.sin(1.5 * t) / 1.5]), 1e-8, 1e-10);
    expectClose((out.v.tolist() as number[][]).flat(), tp.flatMap((t) => [-1.5 * Math.sin(1.5 * t), Math.cos(1.5 * t)]), 1e-8, 1e-10);
  });

  it("float16 at rtol 1e-3 gives finite values near JAX's (its norms no longer overflow float16)", () => {
    // The initial step's norm of y0 / (atol + rtol |y0|) = 500 squared is past float16's 65504;
    // JAX sums those squares in float32. Values from JAX 0.10.2:
    // odeint(lambda y, t, k: -k * y, jnp.float16(1), jnp.array([0., 1., 2.], jnp.float16), jnp.float16(0.5), rtol=1e-3, atol=1e-3)
    const jaxYs = [1, 0.6064, 0.3699];
    const half = (v: number | number[]): Array => np.array(v, { dtype: "float16" });
    const ys = odeint(decay, half(1), half([0, 1, 2]), half(0.5), { rtol: 1e-3, atol: 1e-3 });
    expect(ys.dtype).toBe("float16");
    const got = ys.tolist() as number[];
    expectClose(got, jaxYs, 1e-2); // float16 rounding of each stage differs from XLA's fused sums
    expectClose(got, [0, 1, 2].map((t) => Math.exp(-0.5 * t)), 2e-2);
    const jitted = jit((y0: Array) => odeint(decay, y0, half([0, 1, 2]), half(0.5), { rtol: 1e-3, atol: 1e-3 }))(half(1));
    expect(jitted.tolist()).toEqual(got);
  });

  it("rejects non-float times and non-array args with JAX's messages", () => {
    expect(() => odeint(decay, f64([1]), np.array([0, 1], { dtype: "int32" }), f64(1))).toThrow("t must be an array of floats");
    expect(() => odeint(decay, f64([1]), ts, "k" as unknown as Array)).toThrow("The contents of odeint *args must be arrays or scalars, but got k.");
  });
});

describe("odeint gradients (adjoint method)", () => {
  const ts = np.linspace(0, 2, 5, { dtype: "float64" });
  const times = ts.tolist() as number[];
  const k0 = 0.7;
  const loss = (y0: Array, t: Array, k: Array): Array => np.sum(np.multiply(odeint(decay, y0, t, k, tight), f64([1, 3])));

  it("grad wrt y0, t and args match the closed form of exponential decay", () => {
    const [gy, gt, gk] = grad(loss, { argnums: [0, 1, 2] })(f64([1, 2]), ts, f64(k0)) as Array[];
    // L = sum_i (y0[0] + 3 y0[1]) exp(-k (t_i - t_0)).
    const w = 1 + 3 * 2;
    const e = times.map((t) => Math.exp(-k0 * (t - times[0]!)));
    expectClose(gy!.tolist() as number[], [e.reduce((s, v) => s + v), 3 * e.reduce((s, v) => s + v)], 1e-8);
    expectClose([gk!.item() as number], [times.reduce((s, t, i) => s - (t - times[0]!) * w * e[i]!, 0)], 1e-8);
    const dt = times.map((_, i) => (i === 0 ? k0 * w * e.slice(1).reduce((s, v) => s + v) : -k0 * w * e[i]!));
    expectClose(gt!.tolist() as number[], dt, 1e-8, 1e-12);
  });

  it("grad matches central finite differences on Lotka-Volterra, and JAX's adjoint", () => {
    const ts2 = np.linspace(0, 5, 6, { dtype: "float64" });
    const l = (y0: Array, a: Array): Array => np.sum(odeint(lotkaVolterra, y0, ts2, a, 1, 1, 3, tight));
    const [gy, ga] = grad(l, { argnums: [0, 1] })(f64([1, 0.5]), f64(1.5)) as Array[];
    const h = 1e-5;
    const val = (y: number[], a: number): number => l(f64(y), f64(a)).item() as number;
    const fdY = [0, 1].map((j) => {
      const up = [1, 0.5];
      const dn = [1, 0.5];
      up[j]! += h;
      dn[j]! -= h;
      return (val(up, 1.5) - val(dn, 1.5)) / (2 * h);
    });
    const fdA = (val([1, 0.5], 1.5 + h) - val([1, 0.5], 1.5 - h)) / (2 * h);
    expectClose(gy!.tolist() as number[], fdY, 1e-5);
    expectClose([ga!.item() as number], [fdA], 1e-5);
    // jax 0.10.2 (x64, default tolerances): grad(lambda y0, a: odeint(lv, y0, ts, a, 1., 1., 3.).sum(), (0, 1)).
    expectClose([...(gy!.tolist() as number[]), ga!.item() as number], [10.238777504421401, -0.3524674856100529, 23.714249748869396], 1e-5);
  });

  it("differentiates values func closes over (closure conversion), and a second derivative", () => {
    const viaClosure = (k: Array): Array => np.sum(odeint((y: Array) => np.multiply(np.negative(k), y), f64([1]), ts, tight));
    const expected = times.reduce((s, t) => s - t * Math.exp(-k0 * t), 0);
    expectClose([grad(viaClosure)(f64(k0)).item() as number], [expected], 1e-8);
    // d2/dk2 sum_i exp(-k t_i) = sum_i t_i^2 exp(-k t_i): the adjoint solve is differentiated again.
    const second = grad(grad((k: Array) => np.sum(odeint(decay, f64([1]), ts, k, tight))))(f64(k0));
    expectClose([second.item() as number], [times.reduce((s, t) => s + t * t * Math.exp(-k0 * t), 0)], 1e-7);
  });
});

describe("odeint under vmap and jit", () => {
  const ts = np.linspace(0, 1, 4, { dtype: "float64" });

  it("vmap over initial conditions and parameters equals a loop", () => {
    const y0s = f64([1, 2, -0.5]);
    const ks = f64([0.1, 1, 3]);
    const batched = vmap((y0: Array, k: Array) => odeint(decay, np.stack([y0]), ts, k, tight))(y0s, ks);
    expect(batched.shape).toEqual([3, 4, 1]);
    const rows = batched.tolist() as number[][][];
    [0, 1, 2].forEach((b) => {
      const one = odeint(decay, np.stack([y0s.get(b)]), ts, ks.get(b), tight);
      expectClose(rows[b]!.flat(), (one.tolist() as number[][]).flat(), 1e-12);
    });
  });

  it("vmap of the gradient equals a loop of gradients", () => {
    const g = vmap(grad((k: Array) => np.sum(odeint(decay, f64([1]), ts, k, tight))))(f64([0.5, 2]));
    const loop = [0.5, 2].map((k) => grad((kk: Array) => np.sum(odeint(decay, f64([1]), ts, kk, tight)))(f64(k)).item() as number);
    expectClose(g.tolist() as number[], loop, 1e-10);
  });

  it("jit equals eager, called twice", () => {
    const f = (y0: Array, k: Array): Array => odeint(oscillator, y0, ts, k, tight);
    const jf = jit(f);
    const eager = (f(f64([1, 0]), f64(2)).tolist() as number[][]).flat();
    for (let i = 0; i < 2; i++) expectClose((jf(f64([1, 0]), f64(2)).tolist() as number[][]).flat(), eager, 1e-12, 1e-14);
    const jg = jit(grad((k: Array) => np.sum(f(f64([1, 0]), k))));
    const eg = grad((k: Array) => np.sum(f(f64([1, 0]), k)))(f64(2)).item() as number;
    for (let i = 0; i < 2; i++) expectClose([jg(f64(2)).item() as number], [eg], 1e-12);
  });
});
