// image.resize and image.scaleAndTranslate (jax.image) against JAX 0.10.2 (x64) values
// (test/scipy/interpolateReference.ts): every method, antialias on and off, up and down,
// gradients in the image, scale and translation (JAX's and checkGrads order 2), jit and vmap.
import { describe, expect, it } from "vitest";
import { numpy as np, image, grad, jit, vmap, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import * as ref from "../scipy/interpolateReference.js";
import type { Nested } from "../scipy/interpolateReference.js";

const f64 = (v: number[] | number[][] | number[][][]): Array => np.array(v, { dtype: "float64" });

function expectClose(actual: unknown, expected: Nested, rtol = 1e-12, atol = 1e-12): void {
  const a = [actual].flat(Infinity) as number[];
  const e = ([expected] as unknown[]).flat(Infinity) as number[];
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => {
    if (!(Math.abs(v - e[i]!) <= atol + rtol * Math.abs(e[i]!))) throw new Error(`entry ${i}: ${v} vs ${e[i]}`);
  });
}

const im = f64(ref.image.im);
const methods = ["nearest", "linear", "cubic", "lanczos3", "lanczos5", "area", "cubic-pytorch"] as const;

describe("image.resize", () => {
  it("every method, antialias on and off, up (9x4) and down (3x2), equals JAX", () => {
    for (const m of methods) {
      for (const aa of [true, false]) {
        expectClose(image.resize(im, [9, 4], m, aa).tolist(), ref.image.resize[`${m}-${aa ? "True" : "False"}-up`]!);
        expectClose(image.resize(im, [3, 2], m, aa).tolist(), ref.image.resize[`${m}-${aa ? "True" : "False"}-down`]!);
      }
      const out3 = image.resize(f64(ref.image.im3), [3, 8, 2], m);
      expect(out3.shape).toEqual([3, 8, 2]);
      expectClose(out3.tolist(), ref.image.resize[`${m}-3d`]!);
    }
  });

  it("aliases, dtypes: nearest keeps int32, the others promote to float", () => {
    expect(image.resize(im, [9, 4], "bilinear").tolist()).toEqual(image.resize(im, [9, 4], "linear").tolist());
    expect(image.resize(im, [9, 4], "tricubic").tolist()).toEqual(image.resize(im, [9, 4], "cubic").tolist());
    const ints = np.arange(12, { dtype: "int32" }).reshape([3, 4]);
    expect(image.resize(ints, [6, 2], "nearest").dtype).toBe("int32");
    expect(image.resize(ints, [6, 2], "linear").dtype).toBe("float32");
    expect(image.resize(np.ones([2, 2]), [4, 4], "linear").tolist()).toEqual(np.ones([4, 4]).tolist());
  });

  it("gradient in the image (checkGrads order 2), jit and vmap over a batch", () => {
    for (const m of ["linear", "cubic", "lanczos3", "area"] as const) checkGrads((x: Array) => image.resize(x, [7, 3], m), [im], 2);
    const f = (x: Array): Array => image.resize(x, [9, 4], "lanczos3");
    const eager = f(im).tolist();
    for (let k = 0; k < 2; k++) expect(jit(f)(im).tolist()).toEqual(eager);
    const batch = np.stack([im, np.square(im)]);
    expectClose(vmap(f)(batch).tolist(), [eager, f(np.square(im)).tolist()] as Nested);
  });
});

describe("image.scaleAndTranslate", () => {
  const scale = f64([1.3, 0.6]);
  const translation = f64([0.5, -1.0]);
  it("every method but nearest, antialias on and off, equals JAX", () => {
    for (const m of methods.filter((x) => x !== "nearest")) {
      for (const aa of [true, false]) {
        expectClose(image.scaleAndTranslate(im, [7, 7], [0, 1], scale, translation, m, aa).tolist(), ref.image.st[`${m}-${aa ? "True" : "False"}`]!);
      }
    }
  });

  it("gradients in the image, scale and translation equal JAX's; checkGrads order 2", () => {
    const f = (x: Array, s: Array, t: Array): Array => image.scaleAndTranslate(x, [7, 7], [0, 1], s, t, "cubic");
    const grads = grad((x: Array, s: Array, t: Array) => np.sum(np.square(f(x, s, t))), { argnums: [0, 1, 2] })(im, scale, translation);
    grads.forEach((g, i) => expectClose(g.tolist(), ref.image.stGrad[i]!, 1e-10, 1e-10));
    // Away from the points where an output pixel's centre crosses the input's edge (there the
    // output jumps to zero, as in JAX): (1.3, 0.5) puts output pixel 0 exactly on that edge.
    const s2 = f64([1.25, 0.7]);
    const t2 = f64([0.3, -0.8]);
    checkGrads(f, [im, s2, t2], 2);
    checkGrads((x: Array, s: Array, t: Array) => image.scaleAndTranslate(x, [6, 8], [0, 1], s, t, "lanczos3"), [im, s2, t2], 2);
  });

  it("jit equals eager; vmap over translations equals a loop", () => {
    const f = (t: Array): Array => image.scaleAndTranslate(im, [7, 7], [0, 1], scale, t, "linear");
    const eager = f(translation).tolist();
    for (let k = 0; k < 2; k++) expect(jit(f)(translation).tolist()).toEqual(eager);
    const ts = f64([[0.5, -1], [0, 0.25], [-0.75, 1.5]]);
    expectClose(vmap(f)(ts).tolist(), [0, 1, 2].map((i) => f(ts.get(i)).tolist()) as Nested);
  });

  it("JAX's errors", () => {
    expect(() => image.resize(im, [3], "linear")).toThrow("shape must have length equal to the number of dimensions of x;  (3,) vs (5, 6)");
    expect(() => image.resize(im, [3, 4], "foo" as "linear")).toThrow('Unknown resize method "foo"');
    expect(() => image.scaleAndTranslate(im, [3, 4], [0, 1], np.ones([2]), np.zeros([2]), "nearest")).toThrow("Nearest neighbor resampling is not currently supported for scale_and_translate.");
  });
});
