// jet's k-th derivatives of sin(x) e^x to order 10 against the closed form
// d^k/dx^k [e^x sin x] = 2^(k/2) e^x sin(x + k pi/4), in float64, and JAX's documented example.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jet } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { expectClose, f64, values } from "./util.js";

const closedForm = (x: number, k: number): number => 2 ** (k / 2) * Math.exp(x) * Math.sin(x + (k * Math.PI) / 4);
const sinExp = (x: Array): Array => lax.mul(lax.sin(x), lax.exp(x));

describe("jet: closed forms", () => {
  it("d^k/dx^k sin(x) e^x for k = 1..10 at several points (float64)", () => {
    const points = [-1.3, 0, 0.7, 2.5];
    const x = f64(points);
    const K = 10;
    const series = [np.onesLike(x), ...globalThis.Array.from({ length: K - 1 }, () => np.zerosLike(x))];
    const [y, terms] = jet(sinExp, [x], [series]);
    expectClose(y, points.map((p) => Math.exp(p) * Math.sin(p)), 1e-14, 0, "primal");
    expect(terms.length).toBe(K);
    terms.forEach((t, i) => {
      expect(t.dtype).toBe("float64");
      expectClose(t, points.map((p) => closedForm(p, i + 1)), 1e-12, 1e-12, `order ${i + 1}`);
    });
  });

  it("scalar input, each order separately (truncation does not change lower terms)", () => {
    for (let K = 1; K <= 10; K++) {
      const [, terms] = jet(sinExp, [f64(0.3)], [[f64(1), ...globalThis.Array.from({ length: K - 1 }, () => f64(0))]]);
      expect(terms.length).toBe(K);
      expectClose(terms.map((t) => t.item() as number), globalThis.Array.from({ length: K }, (_, i) => closedForm(0.3, i + 1)), 1e-12, 1e-12, `K = ${K}`);
    }
  });

  it("factorialScaled: false takes and returns Taylor coefficients (JAX's jet2)", () => {
    const [, terms] = jet(sinExp, [f64(0.3)], [[f64(1), f64(0), f64(0), f64(0)]], { factorialScaled: false });
    const fact = [1, 2, 6, 24];
    expectClose(terms.map((t) => t.item() as number), fact.map((f, i) => closedForm(0.3, i + 1) / f), 1e-13, 1e-13, "coefficients");
  });

  it("JAX's docstring example: sin(z^3) at z = 0.5 by Faa di Bruno (float32, as JAX prints it)", () => {
    // jet.py: f0, (f1, f2) = jet(np.sin, (h0,), ((h1, h2),)) prints 0.12467473, 0.74414825, 2.9064636.
    const [h0, h1, h2] = [0.5 ** 3, 3 * 0.5 ** 2, 6 * 0.5];
    const [f0, [f1, f2]] = jet(np.sin, [h0], [[h1, h2]]);
    expect(f0.dtype).toBe("float32");
    expectClose([f0.item() as number, f1!.item() as number, f2!.item() as number], [0.12467473, 0.74414825, 2.9064636], 3e-7, 0, "doc example");
    // In float64 the terms equal the chain rule exactly: cos(h0) h1 and -sin(h0) h1^2 + cos(h0) h2.
    const [, [g1, g2]] = jet(np.sin, [f64(h0)], [[f64(h1), f64(h2)]]);
    expectClose([...values(g1!), ...values(g2!)], [Math.cos(h0) * h1, -Math.sin(h0) * h1 ** 2 + Math.cos(h0) * h2], 1e-15, 0, "chain rule");
  });
});
