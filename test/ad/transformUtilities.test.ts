// jax's smaller transforms and utilities: evalShape/ShapeDtypeStruct, jacobian, linearTranspose,
// customGradient and the public testUtil.checkGrads. Known answers from their definitions.
import { describe, expect, expectTypeOf, it } from "vitest";
import { numpy as np, lax, evalShape, ShapeDtypeStruct, jacobian, jacrev, linearTranspose, customGradient, grad, jit, vmap, testUtil, customJvp, Array } from "../../src/index.js";

const f64 = (v: number | number[]): Array => np.array(v as number[], { dtype: "float64" });

describe("evalShape", () => {
  it("shapes and dtypes of a pytree output, from ShapeDtypeStructs or arrays, with nothing computed", () => {
    let calls = 0;
    const f = (x: Array, y: Array) => {
      calls++;
      return { prod: np.matmul(x, y), total: np.sum(x).astype("int32") };
    };
    const out = evalShape(f, new ShapeDtypeStruct([2, 3], "float32"), new ShapeDtypeStruct([3, 5], "float32"));
    expectTypeOf(out).toEqualTypeOf<{ prod: ShapeDtypeStruct; total: ShapeDtypeStruct }>();
    expect(out.prod.shape).toEqual([2, 5]);
    expect(out.prod.dtype).toBe("float32");
    expect(out.total.shape).toEqual([]);
    expect(out.total.dtype).toBe("int32");
    expect(String(out.prod)).toBe("ShapeDtypeStruct(shape=(2, 5), dtype=float32)");
    expect(calls).toBe(1);
    expect(evalShape((x: Array) => x.mul(2), f64([1, 2])).shape).toEqual([2]);
    expect(() => evalShape((x: Array, y: Array) => np.matmul(x, y), new ShapeDtypeStruct([2, 3], "float32"), new ShapeDtypeStruct([4, 5], "float32"))).toThrow(/matmul/);
    expect(() => new ShapeDtypeStruct([2.5], "float32")).toThrow(TypeError);
  });
});

describe("jacobian", () => {
  it("is jacrev", () => {
    const f = (x: Array) => np.sin(x).mul(x.sum());
    const x = f64([0.3, 0.7]);
    expect((jacobian(f)(x) as Array).tolist()).toEqual((jacrev(f)(x) as Array).tolist());
  });
});

describe("linearTranspose", () => {
  it("the adjoint of a linear map, from shapes only", () => {
    const f = (x: Array) => x.mul(2).add(np.flip(x));
    const fT = linearTranspose(f, np.zeros([3], { dtype: "float64" }));
    const [xt] = fT(f64([1, 0, 0]));
    expect(xt.tolist()).toEqual([2, 0, 1]);
    // <f(x), y> = <x, fT(y)> for a matrix map.
    const m = f64([1, 2, 3, 4, 5, 6]).reshape([2, 3]);
    const g = (v: Array) => np.matmul(m, v);
    const [gt] = linearTranspose(g, np.zeros([3], { dtype: "float64" }))(f64([1, -1]));
    expect(gt.tolist()).toEqual([-3, -3, -3]);
    // Two inputs, a pytree output; under jit.
    const h = (a: Array, b: Array) => ({ s: a.add(b), d: a.sub(b) });
    const hT = linearTranspose(h, f64([0, 0]), f64([0, 0]));
    const [ca, cb] = jit((ct: { s: Array; d: Array }) => hT(ct))({ s: f64([1, 2]), d: f64([10, 20]) });
    expect(ca.tolist()).toEqual([11, 22]);
    expect(cb.tolist()).toEqual([-9, -18]);
  });

  it("a non-linear function or a wrong cotangent is an error", () => {
    expect(() => linearTranspose((x: Array) => np.sin(x), f64([1]))(f64([1]))).toThrow(/Transpose rule/);
    expect(() => linearTranspose((x: Array) => x.mul(2), f64([1, 2]))(f64([1, 2, 3]))).toThrow(/cotangent type does not match/);
  });
});

describe("customGradient", () => {
  it("the given VJP replaces the function's own (JAX's docs example: f(x) = x**2 with vjp g * x)", () => {
    // JAX's custom_gradient docstring: f(x) = square(x) with vjp g * x gives grad f(3.) = 3.
    const f = customGradient((x: Array) => [np.square(x), (g: Array) => [g.mul(x)]] as const);
    expect(f(f64(3)).item()).toBe(9);
    expect(grad(f)(f64(3)).item()).toBe(3);
    expect(jit(grad(f))(f64(3)).item()).toBe(3);
    expect(vmap(grad(f))(f64([1, 2])).tolist()).toEqual([1, 2]);
    // The second derivative differentiates the vjp function: d/dx (x) = 1.
    expect(grad(grad(f))(f64(3)).item()).toBe(1);
  });

  it("several arguments; the vjp may close over forward values", () => {
    const f = customGradient((x: Array, y: Array) => {
      const s = np.sin(x).mul(y);
      const c = np.cos(x);
      return [s, (g: Array) => [g.mul(c).mul(y), g.mul(np.sin(x))]] as const;
    });
    const [gx, gy] = grad((x: Array, y: Array) => f(x, y), { argnums: [0, 1] })(f64(0.5), f64(2));
    expect(gx.item()).toBeCloseTo(Math.cos(0.5) * 2, 14);
    expect(gy.item()).toBeCloseTo(Math.sin(0.5), 14);
    expect(() => customGradient(((x: Array) => x) as never)(f64(1))).toThrow(/pair/);
  });
});

describe("testUtil.checkGrads", () => {
  it("passes for correct derivatives, positional order or options", () => {
    testUtil.checkGrads((x: Array) => np.sin(x).mul(x), [f64([0.5, 1.5])], 2);
    testUtil.checkGrads((x: Array, y: Array) => lax.atan2(x, y), [f64([0.5]), f64([1.5])], 1, { modes: ["rev"] });
    testUtil.checkGrads((x: Array) => np.exp(x), [f64([0.1])], { order: 3, modes: ["fwd"] });
  });

  it("fails for a wrong derivative rule", () => {
    const bad = customJvp((x: Array) => np.sin(x));
    bad.defjvp(([x]: Array[], [t]: Array[]) => [np.sin(x!), t!.mul(2)]);
    expect(() => testUtil.checkGrads(bad, [f64([0.5])], 1, { modes: ["fwd"] })).toThrow(/finite differences/);
    expect(() => testUtil.checkGrads(5 as never, [])).toThrow(TypeError);
  });
});
