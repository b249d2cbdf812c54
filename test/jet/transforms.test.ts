// jet composed with the other transforms: jit of a function using jet (compiled, called twice),
// vmap over jet against a loop, grad of a jet output against finite differences, jet of a grad
// and jet of jet against nested jvp.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jet, jit, vmap, grad, jvp, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { derivativesByNestedJvp, expectClose, f64, values } from "./util.js";

const f = (x: Array): Array => lax.mul(lax.sin(x), lax.exp(lax.tanh(x)));
const unitSeries = (x: Array, K: number): Array[] => [np.onesLike(x), ...globalThis.Array.from({ length: K - 1 }, () => np.zerosLike(x))];

/** The K derivatives of f at x along a unit direction, stacked: [K, ...x.shape]. */
const derivatives = (K: number) => (x: Array): Array => np.stack(jet(f, [x], [unitSeries(x, K)])[1]);

describe("jet under other transforms", () => {
  it("jit(function using jet) equals eager, twice, and stages no jet-specific primitive", () => {
    const x = f64([-0.4, 0.3, 1.2]);
    const eager = derivatives(6)(x);
    const compiled = jit(derivatives(6));
    expectClose(compiled(x), eager, 1e-13, 1e-13, "first call");
    expectClose(compiled(lax.add(x, 0.1)), derivatives(6)(lax.add(x, 0.1)), 1e-13, 1e-13, "second call, new values");
    const eqnNames = new Set(makeJaxpr(derivatives(3))(x).jaxpr.eqns.map((e) => e.primitive));
    expect([...eqnNames].every((p) => ["sin", "cos", "exp", "tanh", "logistic", "mul", "add", "sub", "neg", "div", "broadcast_in_dim", "concatenate", "reshape", "expand_dims", "convert_element_type"].includes(p)), [...eqnNames].join(", ")).toBe(true);
  });

  it("vmap over jet equals a loop over the batch", () => {
    const xs = f64([
      [-0.4, 0.3],
      [1.2, 0.0],
      [0.5, -2.0],
    ]);
    const batched = vmap(derivatives(5))(xs);
    expect(batched.shape).toEqual([3, 5, 2]);
    for (let b = 0; b < 3; b++) expectClose(batched.get(b), derivatives(5)(xs.get(b)), 1e-13, 1e-13, `row ${b}`);
  });

  it("vmap over the series argument (one jet, a batch of directions)", () => {
    const x = f64([0.2, -0.7]);
    const dirs = f64([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const third = (v: Array): Array => jet(f, [x], [[v, np.zerosLike(v), np.zerosLike(v)]])[1][2]!;
    const batched = vmap(third)(dirs);
    for (let b = 0; b < 3; b++) expectClose(batched.get(b), third(dirs.get(b)), 1e-13, 1e-13, `direction ${b}`);
  });

  it("grad of a jet output equals central finite differences", () => {
    const fourthSum = (x: Array): Array => np.sum(jet(f, [x], [unitSeries(x, 4)])[1][3]!);
    const x = f64([-0.4, 0.3, 1.2]);
    const g = values(grad(fourthSum)(x));
    const h = 1e-5;
    const fd = [0, 1, 2].map((i) => {
      const e = np.zeros([3], { dtype: "float64" }).at(i).set(h);
      return ((fourthSum(lax.add(x, e)).item() as number) - (fourthSum(lax.sub(x, e)).item() as number)) / (2 * h);
    });
    expectClose(g, fd, 1e-6, 1e-6, "gradient of the 4th derivative");
    // and it is the 5th derivative of f (each element depends on its own x only)
    expectClose(g, values(derivatives(5)(x).get(4)), 1e-11, 1e-11, "5th derivative");
  });

  it("jet of a gradient and jet of jet equal nested jvp", () => {
    const x = f64(0.35);
    const df = grad((y: Array) => f(y));
    const want = derivativesByNestedJvp(df, [x], [[f64(1), f64(0), f64(0)]]);
    const [, terms] = jet(df, [x], [[f64(1), f64(0), f64(0)]]);
    terms.forEach((t, k) => expectClose(t, want[k]!, 1e-11, 1e-11, `jet(grad f) order ${k + 1}`));
    // d/dx of the 3rd jet term is the 4th derivative; jet over it once more gives the 5th.
    const third = (y: Array): Array => jet(f, [y], [[f64(1), f64(0), f64(0)]])[1][2]!;
    const [, [d4, d5]] = jet(third, [x], [[f64(1), f64(0)]]);
    const ref = derivatives(5)(x);
    expectClose(d4!, ref.get(3), 1e-11, 1e-11, "jet(jet) order 1");
    expectClose(d5!, ref.get(4), 1e-11, 1e-11, "jet(jet) order 2");
    // jvp of jet too
    const [, tangent] = jvp(third, [x], [f64(1)]);
    expectClose(tangent, ref.get(3), 1e-11, 1e-11, "jvp(jet)");
  });

  it("jet of a jitted function stages a jet(...) pjit, cached across calls", () => {
    const g = jit((y: Array) => np.exp(np.sin(y)));
    const x = f64([0.1, 0.2]);
    const jaxpr = makeJaxpr((y: Array) => jet(g, [y], [unitSeries(y, 3)])[1])(x);
    const pjits = jaxpr.jaxpr.eqns.filter((e) => e.primitive === "pjit");
    expect(pjits.length).toBe(1);
    expect((pjits[0]!.params as { name: string }).name).toMatch(/^jet\(/);
    const [, t1] = jet(g, [x], [unitSeries(x, 3)]);
    const [, t2] = jet((y: Array) => np.exp(np.sin(y)), [x], [unitSeries(x, 3)]);
    t1.forEach((t, k) => expectClose(t, t2[k]!, 1e-14, 1e-14, `order ${k + 1}`));
  });
});
