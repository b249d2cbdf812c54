// Autodiff bugs found by the differential fuzzer (test/fuzz, issue 16), each reduced to its
// reproduction: the derivative must agree with jvp, with finite differences and across grad,
// jit(grad) and vmap(grad).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jvp, vjp, vmap, jit, hessian, linearize, checkpoint, makeJaxpr, customJvp, customVjp } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const f64 = (v: number | number[]): Array => np.array(v as number[], { dtype: "float64" });
const list = (x: unknown): unknown => (x as Array).tolist();
const close = (a: unknown, b: unknown, digits = 12): void => {
  const xs = [(a as Array).tolist()].flat(4) as number[];
  const ys = [(b as Array).tolist()].flat(4) as number[];
  expect(xs.length).toBe(ys.length);
  xs.forEach((v, i) => expect(v).toBeCloseTo(ys[i]!, digits));
};

type Mode = "clip" | "fill" | "promise_in_bounds";
const MODES: readonly Mode[] = ["clip", "fill", "promise_in_bounds"];

describe("out-of-bounds gathers and scatters: the transpose is the adjoint of what the forward computed", () => {
  const idx = np.array([0, 2, 4]).astype("int32"); // 4 is out of bounds for a length-3 operand
  const w = f64([0, 1, 1]);
  const x = f64([1, 2, 3]);
  // Gathers clamp (clip, promise_in_bounds) or fill; the cotangent of a clamped read lands on
  // the element that was read, a filled read has none.
  const expected: Record<Mode, number[]> = { clip: [0, 0, 2], promise_in_bounds: [0, 0, 2], fill: [0, 0, 1] };

  it("x[idx] (default mode) has the gradient of the clamped read", () => {
    const f = (v: Array) => np.sum(v.get(idx).mul(w));
    expect(list(grad(f)(x))).toEqual([0, 0, 2]);
    expect(list(jit(grad(f))(x))).toEqual([0, 0, 2]);
    expect(list(vmap(grad(f))(np.stack([x, x.mul(2)])))).toEqual([[0, 0, 2], [0, 0, 2]]);
    expect((jvp(f, [x], [f64([1, 1, 1])])[1] as Array).item()).toBe(2);
  });

  for (const mode of MODES) {
    it(`at(idx).get({ mode: "${mode}" }): grad, jit(grad), vmap(grad) and jvp agree`, () => {
      const f = (v: Array) => np.sum(v.at(idx).get({ mode }).mul(w));
      expect(list(grad(f)(x))).toEqual(expected[mode]);
      expect(list(jit(grad(f))(x))).toEqual(expected[mode]);
      expect(list(vmap(grad(f))(np.stack([x, x.mul(2)])))).toEqual([expected[mode], expected[mode]]);
      const dot = expected[mode].reduce((s, v) => s + v, 0);
      expect((jvp(f, [x], [f64([1, 1, 1])])[1] as Array).item()).toBe(dot);
    });

    // A scatter drops out-of-bounds updates unless it clips: their cotangent must then be zero.
    for (const op of ["add", "mul", "set"] as const) {
      it(`at(idx).${op}(u, { mode: "${mode}" }): the updates' cotangent matches their jvp`, () => {
        const u = f64([10, 20, 30]);
        const ct = f64([1, 2, 3]);
        // (The typings of at().add/mul/set omit the mode option that the runtime accepts.)
        const at = (): Record<typeof op, (v: Array, o: { mode: Mode }) => Array> => x.at(idx) as unknown as Record<typeof op, (v: Array, o: { mode: Mode }) => Array>;
        const f = (uu: Array) => np.sum(at()[op](uu, { mode }).mul(ct));
        const g = grad(f)(u) as Array;
        // <grad, e_i> must equal the jvp along e_i for every basis direction.
        for (let i = 0; i < 3; i++) {
          const e = f64([0, 1, 2].map((j) => (j === i ? 1 : 0)));
          expect((g.tolist() as number[])[i]).toBeCloseTo((jvp(f, [u], [e])[1] as Array).item() as number, 12);
        }
        close(jit(grad(f))(u), g);
      });
    }
  }
});

describe("checkpoint of a function that captures outer tracers (closure conversion)", () => {
  it("jvp sees the captured value's tangent", () => {
    expect((jvp((v: Array) => checkpoint((_: Array) => v)(v), [f64(2)], [f64(1)])[1] as Array).item()).toBe(1);
    const f = (v: Array) => checkpoint((y: Array) => np.sin(v).mul(y))(v);
    close(jvp(f, [f64(0.5)], [f64(1)])[1], f64(Math.cos(0.5) * 0.5 + Math.sin(0.5)));
  });

  it("grad does not leak a tracer", () => {
    const f = (v: Array) => np.sum(checkpoint((_: Array) => np.sin(v))(v));
    close(grad(f)(f64(0.5)), f64(Math.cos(0.5)));
    close(jit(grad(f))(f64(0.5)), f64(Math.cos(0.5)));
    close(grad(grad(f))(f64(0.5)), f64(-Math.sin(0.5)));
  });

  it("vmap and vmap(grad) batch the captured value", () => {
    const f = (v: Array) => checkpoint((_: Array) => np.sin(v))(v);
    close(vmap(f)(f64([0.5, 1])), f64([Math.sin(0.5), Math.sin(1)]));
    close(vmap(grad((v: Array) => np.sum(f(v))))(f64([0.5, 1])), f64([Math.cos(0.5), Math.cos(1)]));
    // An outer batched value captured by a checkpoint inside grad.
    const h = (a: Array) => grad((v: Array) => np.sum(checkpoint((y: Array) => np.sin(y).mul(a))(v)))(f64(0.3));
    close(vmap(h)(f64([2, 3])), f64([2 * Math.cos(0.3), 3 * Math.cos(0.3)]));
  });

  it("still saves only its (now explicit) inputs as residuals", () => {
    const w = f64([1.5, 2.5]);
    const g = (v: Array) => checkpoint((y: Array) => np.sin(np.sin(np.sin(y))).mul(w).mul(v))(v);
    const [, gJvp] = linearize(g, f64([0.3, 0.7]));
    expect(makeJaxpr(gJvp)(f64([0.3, 0.7])).jaxpr.constvars.length).toBeLessThanOrEqual(2); // w and v
  });
});

describe("grad through checkpoint(scan)", () => {
  const body = (a: Array) => lax.scan((c: Array, _y: Array) => [np.arccos(np.tanh(c).mul(0.9)), c], a, a)[0] as Array;
  const f = (v: Array) => np.sum(checkpoint(body)(v));
  const plain = (v: Array) => np.sum(body(v));

  it("matches the gradient without checkpoint", () => {
    const x = f64([-0.6]);
    close(grad(f)(x), grad(plain)(x));
    close(jit(grad(f))(x), grad(plain)(x));
    const xs = np.array([[-0.6], [0.2]], { dtype: "float64" });
    close(vmap(grad(f))(xs), vmap(grad(plain))(xs));
    close(hessian(f)(x), hessian(plain)(x), 10);
  });

  it("and with a carry that multiplies the scanned input (mixed forward and linear values)", () => {
    const g = (ck: boolean) => (v: Array) => {
      const b = (a: Array) => lax.scan((c: Array, y: Array) => [np.sin(c).mul(y), c.mul(y)], a, a);
      const [c, ys] = (ck ? checkpoint(b) : b)(v) as [Array, Array];
      return np.sum(c).add(np.sum(ys));
    };
    const x = f64([-0.6, 0.4, 1.1]);
    close(grad(g(true))(x), grad(g(false))(x));
    const [, back] = vjp(g(true), x) as [Array, (ct: Array) => Array[]];
    close(back(f64(1))[0], grad(g(false))(x));
  });
});

describe("customVjp after a jitted op whose tangent is zero (fuzzer seeds 547314, 6749)", () => {
  // jit(np.sign)'s output tangent is zero. pjit's jvp used to instantiate it as a concrete zeros
  // array, so the custom_vjp's JVP rule bound custom_lin on known values, which was then executed
  // (forward mode of a custom_vjp: "can't apply forward-mode autodiff"). pjit's jvp now keeps
  // symbolic zeros, as JAX's jvp_jaxpr(instantiate=False).
  const g = customVjp((a: Array) => a);
  g.defvjp((p: Array) => [p, null], (_r: unknown, ct: Array) => [ct]);
  const f = (x: Array) => np.sum(g(jit((a: Array) => np.sign(a))(x)).mul(f64([1, 2, 3])));
  const x = f64([1.1, 1.9, -0.6]);
  it("grad, jit(grad) and vmap(grad) give zeros", () => {
    expect(list(grad(f)(x))).toEqual([0, 0, 0]);
    expect(list(jit(grad(f))(x))).toEqual([0, 0, 0]);
    expect(list(vmap(grad(f))(np.stack([x, x.mul(2)])))).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
  it("the custom rule still runs when the tangent is nonzero", () => {
    const h = (v: Array) => np.sum(g(jit((a: Array) => np.sin(a))(v)).mul(f64([1, 2, 3])));
    close(jit(grad(h))(x), np.cos(x).mul(f64([1, 2, 3])));
    close(vmap(grad(h))(np.stack([x, x])), np.stack([np.cos(x), np.cos(x)]).mul(f64([1, 2, 3])));
  });
});

// A customJvp whose rule is the function's own jvp, and a customVjp whose bwd is its own vjp: the
// derivatives must be those of the plain functions.
const ownJvp = (f: (a: Array) => Array) => customJvp(f).defjvp(([p], [t]) => jvp(f, [p], [t]));
const ownVjp = (f: (a: Array) => Array) => customVjp(f).defvjp((p: Array) => [f(p), p] as const, (p: Array, ct: Array) => vjp(f, p)[1](ct));

describe("customVjp fed by a customJvp rule's instantiated zero tangent (fuzzer seeds 777608, 92894)", () => {
  // The jvp of floor is a zero tangent, which jvp() returns as an array of zeros: under grad the
  // custom_vjp's tangent map (custom_lin) then has only known operands. JAX stages it and
  // transposition drops it; here it is evaluated and must give zeros, not refuse as forward mode.
  const f = (x: Array) => np.sum(ownVjp((a) => np.sin(a))(ownJvp((a) => np.floor(a))(x))).add(np.sum(np.square(x)));
  const x = f64([0.3, -1.2, 2.5]);
  it("grad, jit(grad) and vmap(grad) give the plain function's gradient (2x; JAX 0.10 gives the same)", () => {
    close(grad(f)(x), x.mul(2));
    close(jit(grad(f))(x), x.mul(2));
    close(vmap(grad(f))(np.stack([x, x.mul(2)])), np.stack([x.mul(2), x.mul(4)]));
  });
  it("inside a scan body too", () => {
    const g = (x: Array) => np.sum(lax.scan((c: Array, xi: Array) => [c.add(ownVjp((a) => np.sin(a))(ownJvp((a) => np.floor(a))(xi))), c.mul(xi)] as const, f64(0), x)[1]);
    const plain = (x: Array) => np.sum(lax.scan((c: Array, xi: Array) => [c.add(np.sin(np.floor(xi))), c.mul(xi)] as const, f64(0), x)[1]);
    close(grad(g)(x), grad(plain)(x));
    close(jit(grad(g))(x), grad(plain)(x));
  });
  it("forward mode through a customVjp with a nonzero tangent still raises JAX's error", () => {
    expect(() => jvp(ownVjp((a) => np.sin(a)), [x], [f64([1, 1, 1])])).toThrow("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
  });
});

describe("a staged customJvp whose function captures a constant, replayed by a loop's derivative (fuzzer seed 99567)", () => {
  // The captured index array is an operand of custom_jvp_call; replaying the staged equation used
  // to close over it, so the tracers the loop's jvp gave it escaped (UnexpectedTracerError).
  const idx = np.array([[0], [1]], { dtype: "int32" });
  const body = (a: Array) => a.add(np.mean(lax.gather(a, idx, { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] }, [1], { mode: "fill", fillValue: 1.5 })));
  // The body's argument has no tangent (stopGradient): the customJvp runs its function, not its rule.
  const loop = (inner: (a: Array) => Array) => (x: Array) =>
    np.sum(lax.foriLoop(0, 2, (_i: Array, c: Array) => c.add(np.logsumexp(inner(lax.stopGradient(c)), [0])).mul(c), x));
  const x = f64([0.2, -0.4, 0.9]);
  it("grad, jit(grad) and vmap(grad) match the loop without customJvp", () => {
    const expected = grad(loop(body))(x);
    close(grad(loop(ownJvp(body)))(x), expected);
    close(jit(grad(loop(ownJvp(body))))(x), expected);
    close(vmap(grad(loop(ownJvp(body))))(np.stack([x, x])), np.stack([expected, expected]));
  });
});
