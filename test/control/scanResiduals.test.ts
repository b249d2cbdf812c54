// What reverse mode through lax.scan stores per iteration: the known (primal) scan stacks the
// residuals the linear scan reads, and should stack each distinct value once, read values it
// already has (a known ys output, a known xs operand) instead of copying them, and compute
// loop-invariant ones once outside the loop. Counts are analytic (which derivatives each body
// needs); the gradients themselves are checked against finite differences and across jit/vmap.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, grad, jit, vmap, makeJaxpr } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import type { Eqn, Jaxpr } from "../../jaxpr/index.js";
import { checkGrads } from "../util/checkGrads.js";
import { mulberry32 } from "../util/random.js";

const T = 6;
const H = 3;
const f64 = (vals: number[], shape: number[]): Array => np.array(vals, { dtype: "float64" }).reshape(shape);
const rand = (shape: number[], seed: number, scale = 1): Array => {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return f64(globalThis.Array.from({ length: n }, () => (r() - 0.5) * scale), shape);
};
const values = (x: Array): number[] => globalThis.Array.from(x.dataSync());
const W = rand([H, H], 1);
const H0 = rand([H], 2);
const XS = rand([T, H], 3);

// ---- the bodies ----

/** RNN step h' = tanh(W h + x), loss: the sum of every h. */
const rnn = (w: Array, h0: Array, xs: Array): Array =>
  lax
    .scan((h: Array, x: Array) => {
      const n = np.tanh(np.matmul(w, h).add(x));
      return [n, n] as const;
    }, h0, xs)[1]
    .sum();
/** c' = sin(c) cos(c) + x: sin c and cos c are each needed by both factors' derivatives. */
const sinCos = (h0: Array, xs: Array): Array => lax.scan((c: Array, x: Array) => [np.sin(c).mul(np.cos(c)).add(x), null] as const, h0, xs)[0].sum();
/** y = exp(c), c' = y x: exp's derivative is its output (a ys output), mul's needs y and x (an xs operand). */
const expYs = (h0: Array, xs: Array): Array => {
  const [c, ys] = lax.scan((c: Array, x: Array) => {
    const y = np.exp(c);
    return [y.mul(x), y] as const;
  }, h0, xs);
  return c.sum().add(ys.sum());
};
/** The same, scanning in reverse: the stacks, the ys and the xs all run in the same order. */
const expYsReverse = (h0: Array, xs: Array): Array => {
  const [c, ys] = lax.scan((c: Array, x: Array) => {
    const y = np.exp(c);
    return [y.mul(x), y] as const;
  }, h0, xs, { reverse: true });
  return c.sum().add(ys.mul(np.arange(1, T + 1).reshape([T, 1])).sum());
};
/** c' = tanh(c * sum(w) + x): sum(w) (a scalar per iteration before hoisting) is loop invariant. */
const invariantScale = (w: Array, h0: Array, xs: Array): Array => lax.scan((c: Array, x: Array) => [np.tanh(c.mul(w.sum()).add(x)), null] as const, h0, xs)[0].sum();
/** c' = sin(c * broadcast(s)) + x: the broadcast of the scalar const is loop invariant. */
const broadcastScale = (s: Array, h0: Array, xs: Array): Array =>
  lax.scan((c: Array, x: Array) => [np.sin(c.mul(np.broadcastTo(s, [H]))).add(x), null] as const, h0, xs)[0].sum();

// ---- counting what the known scan stacks ----

const topScans = (j: Jaxpr): Eqn<"scan">[] => j.eqns.filter((e): e is Eqn<"scan"> => e.primitive === "scan");

/**
 * The residuals the known scan of grad(f) stacks: its outputs after its carries and the `nYs`
 * ys the user's scan returns (the known scan is the forward one; the transposed scan runs in
 * reverse).
 */
function stackedResiduals(f: (...a: Array[]) => Array, args: Array[], nYs: number, argnums: number[]): { shapes: number[][]; known: Eqn<"scan">; transposed: Eqn<"scan">; jaxpr: Jaxpr } {
  const j = makeJaxpr(grad(f as (...a: Array[]) => Array, { argnums }))(...args).jaxpr;
  const scans = topScans(j);
  const known = scans.filter((e) => !e.params.reverse);
  const transposed = scans.filter((e) => e.params.reverse);
  expect(known.length).toBe(1);
  expect(transposed.length).toBe(1);
  const k = known[0]!;
  const res = k.outvars.slice(k.params.numCarry + nYs);
  return { shapes: res.map((v) => [...v.aval.shape]), known: k, transposed: transposed[0]!, jaxpr: j };
}

/** The transposed scan's stacked (xs) operands. */
const transposedXs = (e: Eqn<"scan">): unknown[] => e.invars.slice(e.params.numConsts + e.params.numCarry);

describe("residuals the known scan stacks under grad", () => {
  it("RNN, gradient in the inputs only: one [T, H] residual (tanh's derivative); W is passed once, unstacked", () => {
    const { shapes, transposed } = stackedResiduals(rnn, [W, H0, XS], 1, [2]);
    expect(shapes).toEqual([[T, H]]);
    // The transposed scan's consts: W once.
    const consts = transposed.invars.slice(0, transposed.params.numConsts);
    expect(consts.map((v) => [...v.aval.shape])).toEqual([[H, H]]);
  });

  it("RNN, gradient in W too: two [T, H] residuals (tanh's derivative and the previous h)", () => {
    const { shapes } = stackedResiduals(rnn, [W, H0, XS], 1, [0, 1, 2]);
    expect(shapes).toEqual([
      [T, H],
      [T, H],
    ]);
  });

  it("sin(c) cos(c): sin c, cos c and -sin c, each stacked once", () => {
    const { shapes, known } = stackedResiduals(sinCos, [H0, XS], 0, [0, 1]);
    expect(shapes).toEqual([
      [T, H],
      [T, H],
      [T, H],
    ]);
    const body = known.params.jaxpr.jaxpr;
    const resVars = body.outvars.slice(known.params.numCarry);
    expect(new Set(resVars).size).toBe(resVars.length);
  });

  it("exp ys: nothing stacked; the linear scan reads the known ys and the xs operand themselves", () => {
    const { shapes, known, transposed, jaxpr } = stackedResiduals(expYs, [H0, XS], 1, [0, 1]);
    expect(shapes).toEqual([]);
    const xs = transposedXs(transposed);
    expect(xs).toContain(known.outvars[known.params.numCarry]);
    expect(xs).toContain(jaxpr.invars[1]);
  });

  it("a loop-invariant residual computed from a const (sum of w) is computed once, not stacked", () => {
    const { shapes, known } = stackedResiduals(invariantScale, [W, H0, XS], 0, [0, 1, 2]);
    // tanh's derivative and the carry: no [T] stack of sum(w).
    expect(shapes).toEqual([
      [T, H],
      [T, H],
    ]);
    // The known body no longer sums w each iteration.
    expect(known.params.jaxpr.jaxpr.eqns.some((e) => e.primitive === "reduce_sum")).toBe(false);
  });

  it("a broadcast of a const is not stacked", () => {
    const s = f64([0.7], []);
    const { shapes } = stackedResiduals(broadcastScale, [s, H0, XS], 0, [0, 1, 2]);
    // cos(c * s) and the carry (for d/ds); the broadcast s itself is passed once.
    expect(shapes).toEqual([
      [T, H],
      [T, H],
    ]);
  });
});

// ---- the gradients are still right ----

const cases: [string, (...a: Array[]) => Array, () => Array[]][] = [
  ["rnn", rnn, () => [W.mul(0.5), H0, XS]],
  ["sinCos", sinCos, () => [H0, XS]],
  ["expYs", expYs, () => [H0.mul(0.5), XS.mul(0.5)]],
  ["expYsReverse", expYsReverse, () => [H0.mul(0.5), XS.mul(0.5)]],
  ["invariantScale", invariantScale, () => [W.mul(0.3), H0, XS]],
  ["broadcastScale", broadcastScale, () => [f64([0.7], []), H0, XS]],
];

describe("gradients through scans with shared residuals", () => {
  for (const [name, f, args] of cases) {
    it(`${name}: forward and reverse mode against finite differences, order 2`, () => {
      checkGrads(f, args(), { order: 2, modes: ["fwd", "rev"] });
    });

    it(`${name}: grad of jit, jit of grad and vmap of grad agree with eager grad`, () => {
      const a = args();
      const argnums = a.map((_, i) => i);
      const g = grad(f, { argnums });
      const want = (g(...a) as Array[]).map(values);
      const close = (got: Array, i: number): void => {
        const gx = values(got);
        expect(gx.length).toBe(want[i]!.length);
        gx.forEach((v, k) => expect(Math.abs(v - want[i]![k]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want[i]![k]!))));
      };
      (grad(jit(f), { argnums })(...a) as Array[]).forEach(close);
      (jit(g)(...a) as Array[]).forEach(close);
      // A batch of two copies of the arguments: each row is the eager gradient.
      (vmap(g)(...a.map((x) => np.stack([x, x]))) as Array[]).forEach((b, i) => {
        close(b.get(0), i);
        close(b.get(1), i);
      });
    });
  }
});
