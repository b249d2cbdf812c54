// namedCall (jax.named_call) and namedScope (jax.named_scope): names visible in makeJaxpr, values and
// derivatives unchanged under jit, vmap and grad.
import { describe, expect, it } from "vitest";
import { numpy as np, jit, vmap, grad, makeJaxpr, namedCall, namedScope } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";

const f64 = (v: number[]): Array => np.array(v, { dtype: "float64" });
const x = f64([0.5, 1, 2]);

describe("namedCall", () => {
  const layer = (x: Array, k: number): Array => np.tanh(x.mul(k));
  const named = namedCall(layer, { name: "layer1" });

  it("stages a call equation with the name", () => {
    const text = makeJaxpr((x: Array) => named(x, 2))(x).toString();
    expect(text).toMatch(/b:f64\[3\] = pjit\[jaxpr=\{ lambda ; a:f64\[3\] b:f32\[\]\. let[^}]*= tanh [^}]*\} name=layer1\] a 2\.0:f32\[\]/);
    // The default name is the function's name.
    function encoder(x: Array): Array {
      return np.sin(x);
    }
    expect(makeJaxpr(namedCall(encoder))(x).toString()).toContain("name=encoder");
  });

  it("has the same values and derivatives under jit, vmap and grad", () => {
    expect(named(x, 2).tolist()).toEqual(layer(x, 2).tolist());
    const j = jit((x: Array) => named(x, 3));
    expect(j(x).tolist()).toEqual(layer(x, 3).tolist());
    expect(j(x).tolist()).toEqual(layer(x, 3).tolist());
    const m = np.stack([x, x.mul(2)]);
    expect(vmap((x: Array) => named(x, 2))(m).tolist()).toEqual(layer(m, 2).tolist());
    expect(grad((x: Array) => np.sum(named(x, 2)))(x).tolist()).toEqual(grad((x: Array) => np.sum(layer(x, 2)))(x).tolist());
    checkGrads((x: Array) => named(x, 2), [x], 2);
    // The jvp keeps the name, as JAX's does.
    expect(makeJaxpr(grad((x: Array) => np.sum(named(x, 2))))(x).toString()).toContain("name=jvp(layer1)");
  });

  it("captures enclosing tracers as operands", () => {
    const f = (s: Array): Array => namedCall((y: Array) => y.mul(s), { name: "scale" })(x).sum();
    expect(grad(f)(f64([2])).tolist()).toEqual([3.5]);
  });
});

describe("namedScope", () => {
  it("runs its body and names it in makeJaxpr", () => {
    const f = (x: Array): Array => {
      const h = namedScope("dense", () => np.tanh(x.mul(2)));
      return namedScope("head", () => np.sum(h.mul(h)));
    };
    const text = makeJaxpr(f)(x).toString();
    expect(text).toContain("name=dense");
    expect(text).toContain("name=head");
    expect(f(x).item()).toBeCloseTo(np.sum(np.square(np.tanh(x.mul(2)))).item(), 12);
    const j = jit(f);
    expect(j(x).item()).toBeCloseTo(f(x).item(), 12);
    expect(j(x).item()).toBeCloseTo(f(x).item(), 12);
    checkGrads(f, [x], 2);
    expect(vmap(f)(np.stack([x, x])).shape).toEqual([2]);
  });
});
