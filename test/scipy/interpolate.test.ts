// scipy.ndimage.mapCoordinates, scipy.interpolate.RegularGridInterpolator,
// scipy.integrate.trapezoid and np.interp against JAX 0.10.2 (x64) values
// (test/scipy/interpolateReference.ts), with gradients (JAX's and checkGrads order 2), jit and vmap.
import { describe, expect, it } from "vitest";
import { numpy as np, scipy, grad, jit, vmap, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import * as ref from "./interpolateReference.js";
import type { Nested } from "./interpolateReference.js";

const f64 = (v: number | number[] | number[][] | number[][][]): Array => np.array(v, { dtype: "float64" });
const { mapCoordinates } = scipy.ndimage;
const { RegularGridInterpolator } = scipy.interpolate;

function expectClose(actual: unknown, expected: Nested, rtol = 1e-12, atol = 1e-12): void {
  const a = [actual].flat(Infinity) as number[];
  const e = ([expected] as unknown[]).flat(Infinity).map((v) => (v === null ? NaN : v)) as number[];
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => {
    const w = e[i]!;
    if (Number.isNaN(w) ? !Number.isNaN(v) : !(Math.abs(v - w) <= atol + rtol * Math.abs(w))) throw new Error(`entry ${i}: ${v} vs ${w}`);
  });
}

const modes = ["constant", "nearest", "wrap", "mirror", "reflect"] as const;

describe("scipy.ndimage.mapCoordinates", () => {
  const input = f64(ref.mapCoordinates.input);
  const coords = ref.mapCoordinates.coords.map((c) => f64(c));

  it("orders 0 and 1 in every mode equal JAX's (cval 0.5), float64", () => {
    for (const order of [0, 1]) {
      for (const mode of modes) {
        const out = mapCoordinates(input, coords, order, mode, 0.5);
        expect(out.dtype).toBe("float64");
        expectClose(out.tolist(), ref.mapCoordinates.out[`${order}-${mode}`]!);
      }
    }
  });

  it("integer input rounds half away from zero and keeps int32", () => {
    const out = mapCoordinates(np.array(ref.mapCoordinatesInt.input, { dtype: "int32" }), [f64(ref.mapCoordinatesInt.coords[0]!)], 1, "nearest");
    expect(out.dtype).toBe("int32");
    expect(out.tolist()).toEqual(ref.mapCoordinatesInt.out);
  });

  it("gradients in the input and the coordinates equal JAX's; checkGrads order 2", () => {
    const loss = (im: Array, c0: Array, c1: Array): Array => np.sum(np.square(mapCoordinates(im, [c0, c1], 1, "reflect")));
    const shifted = coords.map((c) => np.add(c, 0.01)) as [Array, Array];
    const grads = grad(loss, { argnums: [0, 1, 2] })(input, ...shifted);
    grads.forEach((g, i) => expectClose(g.tolist(), ref.mapCoordinatesGrad[i]!, 1e-10, 1e-10));
    for (const mode of modes) checkGrads((im: Array, c0: Array, c1: Array) => mapCoordinates(im, [c0, c1], 1, mode, 0.5), [input, ...shifted], 2);
  });

  it("jit equals eager; vmap over coordinates equals a loop", () => {
    const f = (c0: Array, c1: Array): Array => mapCoordinates(input, [c0, c1], 1, "mirror");
    const eager = f(coords[0]!, coords[1]!).tolist();
    for (let k = 0; k < 2; k++) expect(jit(f)(coords[0]!, coords[1]!).tolist()).toEqual(eager);
    const batch0 = np.stack([coords[0]!, np.add(coords[0]!, 0.3)]);
    const batch1 = np.stack([coords[1]!, np.subtract(coords[1]!, 0.7)]);
    const out = vmap(f)(batch0, batch1);
    expectClose(out.tolist(), [0, 1].map((i) => f(batch0.get(i), batch1.get(i)).tolist() as number[]) as Nested);
  });

  it("JAX's errors", () => {
    expect(() => mapCoordinates(input, [coords[0]!], 1)).toThrow("coordinates must be a sequence of length input.ndim, but 1 != 2");
    expect(() => mapCoordinates(input, coords, 2)).toThrow("jax.scipy.ndimage.map_coordinates currently requires order<=1");
    expect(() => mapCoordinates(input, coords, 1, "grid-wrap" as "wrap")).toThrow(/does not yet support mode grid-wrap/);
  });
});

describe("scipy.interpolate.RegularGridInterpolator", () => {
  const points = ref.rgi.points.map((p) => f64(p));
  const values = f64(ref.rgi.values);
  const xi = f64(ref.rgi.xi);

  it("linear and nearest, NaN fill (default), fillValue null (extrapolates) and -1, trailing value dimensions", () => {
    for (const method of ["linear", "nearest"] as const) {
      expectClose(new RegularGridInterpolator(points, values, { method }).call(xi).tolist(), ref.rgi.out[method]!);
      expectClose(new RegularGridInterpolator(points, values, { method, fillValue: null }).call(xi).tolist(), ref.rgi.out[`${method}-none`]!);
      expectClose(new RegularGridInterpolator(points, values, { method, fillValue: -1 }).call(xi).tolist(), ref.rgi.out[`${method}-fill`]!);
      const out3 = new RegularGridInterpolator(points, f64(ref.rgi.values3), { method, fillValue: null }).call(xi);
      expect(out3.shape).toEqual([7, 2]);
      expectClose(out3.tolist(), ref.rgi.out[`${method}-3d`]!);
      // The method can be overridden per call.
      expectClose(new RegularGridInterpolator(points, values).call(xi, method).tolist(), ref.rgi.out[method]!);
    }
  });

  it("takes one coordinate array per axis, broadcast together", () => {
    const r = new RegularGridInterpolator(points, values).call([xi.get(":", 0).reshape([7, 1]), np.multiply(xi.get(":", 1).reshape([1, 7]), 0.5)]);
    expect(r.shape).toEqual([7, 7]);
    expectClose(r.tolist(), ref.rgi.out.tuple!);
  });

  it("gradients in values and points equal JAX's; checkGrads order 2; jit; vmap", () => {
    const f = (v: Array, x: Array): Array => new RegularGridInterpolator(points, v, { fillValue: null }).call(x);
    const shifted = np.add(xi, 0.01);
    const [gv, gx] = grad((v: Array, x: Array) => np.sum(np.square(f(v, x))), { argnums: [0, 1] })(values, shifted);
    expectClose(gv.tolist(), (ref.rgi.out.grad as Nested[])[0]!, 1e-10, 1e-10);
    expectClose(gx.tolist(), (ref.rgi.out.grad as Nested[])[1]!, 1e-10, 1e-10);
    checkGrads(f, [values, shifted], 2);
    const eager = f(values, xi).tolist();
    for (let k = 0; k < 2; k++) expect(jit(f)(values, xi).tolist()).toEqual(eager);
    // The interpolator is a pytree: it can be a jit argument.
    const interp = new RegularGridInterpolator(points, values);
    const viaTree = jit((r: InstanceType<typeof RegularGridInterpolator>, x: Array) => r.call(x))(interp, xi);
    expectClose(viaTree.tolist(), ref.rgi.out.linear!);
    const vs = np.stack([values, np.multiply(values, 2)]);
    const batched = vmap((v: Array) => f(v, xi))(vs);
    expectClose(batched.tolist(), [f(vs.get(0), xi).tolist(), f(vs.get(1), xi).tolist()] as Nested);
  });

  it("JAX's errors", () => {
    expect(() => new RegularGridInterpolator(points, values, { method: "cubic" as "linear" })).toThrow("method 'cubic' is not defined");
    expect(() => new RegularGridInterpolator(points, values, { boundsError: true })).toThrow("`bounds_error` takes no effect under JIT");
    expect(() => new RegularGridInterpolator(points, values).call(np.ones([2, 3]))).toThrow("the requested sample points xi have dimension 3, but this RegularGridInterpolator has dimension 2");
    expect(() => new RegularGridInterpolator([...points, points[1]!], values)).toThrow("there are 3 point arrays, but values has 2 dimensions");
  });
});

describe("trapezoid and interp (JAX's values)", () => {
  const y = f64([[1, 2, 4, 7], [0.5, -1, 2, 3]]);
  it("scipy.integrate.trapezoid and np.trapezoid: default, dx with axis, x", () => {
    for (const trapezoid of [scipy.integrate.trapezoid, np.trapezoid]) {
      expectClose(trapezoid(y).tolist(), ref.trapezoid.a!);
      expectClose(trapezoid(y, { dx: 0.5, axis: 0 }).tolist(), ref.trapezoid.b!);
      expectClose(trapezoid(y, { x: f64([0, 0.5, 2, 2.5]) }).tolist(), ref.trapezoid.c!);
    }
    checkGrads((v: Array, x: Array) => scipy.integrate.trapezoid(v, { x }), [y, f64([0, 0.5, 2, 2.5])], 2);
  });

  it("np.interp (already on main) equals JAX: left/right, period, extrapolate, gradients", () => {
    const xp = f64([0, 1, 2.5, 4]);
    const fp = f64([1, -2, 3, 0.5]);
    const x = f64([-1, 0, 0.3, 1, 2, 3.9, 4, 5.5]);
    expectClose(np.interp(x, xp, fp).tolist(), ref.interp.a!);
    expectClose(np.interp(x, xp, fp, -9, 9).tolist(), ref.interp.b!);
    expectClose(np.interp(x, xp, fp, { period: 3 }).tolist(), ref.interp.c!);
    expectClose(np.interp(x, xp, fp, "extrapolate", "extrapolate").tolist(), ref.interp.d!);
    const g = grad((a: Array, b: Array, c: Array) => np.sum(np.square(np.interp(a, b, c))), { argnums: [0, 1, 2] })(np.add(x, 0.01), xp, fp);
    g.forEach((gi, i) => expectClose(gi.tolist(), (ref.interp.g as Nested[])[i]!, 1e-10, 1e-10));
  });
});
