// Every jet rule against K nested jvps along a random polynomial curve (orders 1..4, float64): the
// k-th output term must be d^k/dt^k f(x(t)) at t = 0. Inputs keep away from each rule's
// non-smooth points (ties, zeros, branch cuts).
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jet, jit, grad, jacfwd, checkpoint, checkpointName, customJvp, customVjp } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { JET_RULES } from "../../src/jet/index.js";
import { PRIMITIVE_NAMES, isFloat } from "../../jaxpr/index.js";
import { derivativesByNestedJvp, expectClose, f64, reseed, uniform } from "./util.js";

const K = 4;
/** A rule's case: the function, its inputs, and the function nested jvp differentiates if not f itself. */
type Case = [name: string, f: (...xs: Array[]) => Array, inputs: () => Array[], reference?: (...xs: Array[]) => Array];

const vec = (lo = -1, hi = 1): (() => Array[]) => () => [uniform([5], lo, hi)];
const mat = (): Array[] => [uniform([3, 4])];
const pair = (lo = -1, hi = 1): (() => Array[]) => () => [uniform([5], lo, hi), uniform([5], lo, hi)];
const i32 = (v: number[]): Array => np.array(v, { dtype: "int32" });

const decay = (x: Array): Array => lax.exp(lax.neg(lax.mul(x, x)));
const smoothDecay = customJvp(decay);
smoothDecay.defjvp(([x], [t]) => [lax.exp(lax.neg(lax.mul(x!, x!))), lax.mul(t!, 0)]);

const CASES: Case[] = [
  // elementwise, by recurrence or composition
  ["exp", lax.exp, vec()],
  ["expm1", lax.expm1, vec()],
  ["exp2", lax.exp2, vec()],
  ["log", lax.log, vec(0.5, 2)],
  ["log1p", lax.log1p, vec(-0.5, 1)],
  ["sin", lax.sin, vec(-3, 3)],
  ["cos", lax.cos, vec(-3, 3)],
  ["tan", lax.tan, vec()],
  ["sinh", lax.sinh, vec()],
  ["cosh", lax.cosh, vec()],
  ["asin", lax.asin, vec(-0.8, 0.8)],
  ["acos", lax.acos, vec(-0.8, 0.8)],
  ["atan", lax.atan, vec(-2, 2)],
  ["asinh", lax.asinh, vec(-2, 2)],
  ["acosh", lax.acosh, vec(1.5, 3)],
  ["atanh", lax.atanh, vec(-0.8, 0.8)],
  ["tanh", lax.tanh, vec(-2, 2)],
  ["logistic", lax.logistic, vec(-2, 2)],
  ["sqrt", lax.sqrt, vec(0.5, 2)],
  ["rsqrt", lax.rsqrt, vec(0.5, 2)],
  ["cbrt", lax.cbrt, () => [f64([-2, -0.7, 0.6, 1.3, 2.2])]],
  ["square", lax.square, vec()],
  ["integer_pow 3", (x) => lax.integerPow(x, 3), vec()],
  ["integer_pow -2", (x) => lax.integerPow(x, -2), vec(0.5, 2)],
  ["integer_pow 0", (x) => lax.integerPow(x, 0), vec()],
  ["erf", lax.erf, vec(-2, 2)],
  ["abs", lax.abs, () => [f64([-2, -0.7, 0.6, 1.3, 2.2])]],
  ["neg", lax.neg, vec()],
  ["floor (zero series)", (x) => lax.add(lax.floor(x), x), vec(0.1, 0.9)],
  ["sign (zero series)", (x) => lax.mul(lax.sign(x), x), () => [f64([-2, -0.7, 0.6, 1.3, 2.2])]],
  ["stop_gradient (zero series)", (x) => lax.mul(lax.stopGradient(x), x), vec()],
  // binary
  ["add", lax.add, pair()],
  ["sub", lax.sub, pair()],
  ["mul", lax.mul, pair()],
  ["mul by a constant", (x) => lax.mul(x, 3), vec()],
  ["mul of a constant array", (x) => lax.mul(f64([1, 2, 3, 4, 5]), x), vec()],
  ["div", lax.div, () => [uniform([5]), uniform([5], 0.5, 2)]],
  ["div by a scalar", (x, y) => lax.div(x, lax.reduceSum(y, [0])), () => [uniform([5]), uniform([5], 0.5, 2)]],
  ["pow", lax.pow, () => [uniform([5], 0.5, 2), uniform([5])]],
  ["max", lax.max, () => [f64([-1, 0.5, 2, -3, 0]), f64([0.2, -0.5, 1, -2, 1])]],
  ["min", lax.min, () => [f64([-1, 0.5, 2, -3, 0]), f64([0.2, -0.5, 1, -2, 1])]],
  ["atan2", lax.atan2, () => [uniform([5]), uniform([5], 0.5, 2)]],
  ["rem", lax.rem, () => [f64([2.3, -2.3, 0.4, 5.1, -0.6]), f64([0.7, 0.7, 1.5, -1.1, 1.3])]],
  ["clamp", (x) => lax.clamp(-0.5, x, 0.5), () => [f64([-0.9, -0.2, 0.1, 0.3, 0.8])]],
  ["select_n", (x, y) => lax.select(lax.gt(x, 0), lax.sin(x), lax.mul(y, y)), () => [f64([-1, 0.5, 2, -3, 0.3]), uniform([5])]],
  // structural, linear
  ["broadcast_in_dim", (x) => lax.sin(lax.broadcastInDim(x, [2, 5], [1])), vec()],
  ["reshape/transpose", (x) => lax.transpose(lax.reshape(lax.exp(x), [4, 3]), [1, 0]), mat],
  ["squeeze/expand_dims", (x) => lax.squeeze(lax.expandDims(lax.sin(x), [0]), [0]), vec()],
  ["rev", (x) => lax.mul(lax.rev(x, [0]), x), vec()],
  ["pad", (x) => lax.pad(lax.sin(x), lax.cos(lax.reduceSum(x, [0])), [[1, 2, 1]]), vec()],
  ["concatenate", (x, y) => lax.concatenate([lax.exp(x), lax.sin(y)], 0), pair()],
  ["slice", (x) => lax.slice(lax.exp(x), [1], [5], [2]), vec()],
  ["dynamic_slice", (x, i) => lax.dynamicSlice(lax.exp(x), [i!], [2]), () => [uniform([5]), np.array(2, { dtype: "int32" })]],
  ["dynamic_update_slice", (x, y) => lax.dynamicUpdateSlice(lax.sin(x), lax.exp(y), [np.array(1, { dtype: "int32" })]), () => [uniform([5]), uniform([2])]],
  ["gather (indexing)", (x) => lax.exp(x).get(i32([3, 0, 3])), vec()],
  ["scatter (at.set)", (x, y) => lax.sin(x).at(i32([1, 3])).set(lax.exp(y)), () => [uniform([5]), uniform([2])]],
  ["scatter-add (at.add)", (x, y) => lax.sin(x).at(i32([1, 1])).add(lax.exp(y)), () => [uniform([5]), uniform([2])]],
  ["convert_element_type float64", (x) => lax.convertElementType(lax.sin(x), "float64"), vec()],
  // reductions, cumulative, dot
  ["reduce_sum", (x) => lax.reduceSum(lax.exp(x), [1]), mat],
  ["reduce_max", (x) => lax.reduceMax(lax.sin(x), [0]), mat],
  ["reduce_min", (x) => lax.reduceMin(lax.sin(x), [0, 1]), mat],
  ["cumsum", (x) => lax.cumsum(lax.exp(x), 0), vec()],
  ["reduce_window_sum (linear)", (x) => lax.reduceWindow(lax.exp(x), 0, lax.add, [2, 2], [1, 1], "SAME", [1, 2]), mat],
  ["cumprod", (x) => lax.cumprod(x, 0), vec()],
  ["cumprod reverse", (x) => lax.cumprod(x, 1, true), mat],
  ["cummax", (x) => lax.cummax(x, 0), () => [f64([0.1, -1, 0.5, 2, 1.5])]],
  ["cummin", (x) => lax.cummin(x, 0), () => [f64([0.1, -1, 0.5, 2, 1.5])]],
  ["dot_general (matvec)", (a, x) => lax.tanh(lax.dot(a!, x!)), () => [uniform([3, 4]), uniform([4])]],
  ["dot_general (matmul, constant lhs)", (x) => lax.dot(f64([[1, 2, 3], [-1, 0, 0.5]]), lax.sin(x)), mat],
  // calls
  ["pjit", jit((x: Array) => lax.exp(lax.sin(x))), vec()],
  ["pjit with a closed-over constant", (x, y) => jit((a: Array) => lax.mul(a, y!))(lax.exp(x)), pair()],
  ["custom_jvp (its rule, zero here, is ignored as in JAX)", (x) => smoothDecay(x), vec(), decay],
  ["checkpoint", checkpoint((x: Array) => lax.sin(lax.exp(x))), vec()],
  ["name", (x) => lax.sin(checkpointName(lax.exp(x), "e")), vec()],
  ["numpy composite (logsumexp-like)", (x) => np.log(np.sum(np.exp(x))), mat],
];

describe("jet rules against nested jvp, orders 1..4 (float64)", () => {
  for (const [name, f, inputs, reference] of CASES) {
    it(name, () => {
      reseed(name.length * 7919 + name.charCodeAt(0));
      const primals = inputs();
      const series = primals.map((p) => globalThis.Array.from({ length: K }, () => (isFloat(p.dtype) ? uniform(p.shape) : np.zerosLike(p))));
      const [y, terms] = jet(f, primals, series);
      expectClose(y, f(...primals), 1e-14, 1e-14, `${name}: primal`);
      const want = derivativesByNestedJvp(reference ?? f, primals, series);
      terms.forEach((t, k) => {
        expect(t.shape, `${name}: order ${k + 1} shape`).toEqual(want[k]!.shape);
        expectClose(t, want[k]!, 1e-10, 1e-10, `${name}: order ${k + 1}`);
      });
    });
  }
});

describe("JET_RULES", () => {
  it("has a decision for every primitive of the catalogue", () => {
    expect(Object.keys(JET_RULES).sort()).toEqual([...PRIMITIVE_NAMES].sort());
  });
  it("is 'unsupported' exactly where JAX 0.10.2's jet_rules has no key and dprog adds none", () => {
    const unsupported = Object.entries(JET_RULES).filter(([, r]) => r === "unsupported").map(([p]) => p).sort();
    // jax.lax.linalg has no jet rules in JAX either; those primitives join the catalogue in issue 20.
    const linalg = ["cholesky", "triangular_solve", "lu", "qr", "eigh", "eig", "schur", "svd", "hessenberg", "householder_product", "tridiagonal_solve"].filter((p) => (PRIMITIVE_NAMES as readonly string[]).includes(p));
    // JAX's jet has reduce_window_sum (linear) and no other windowed reduction (issue 21).
    const windowed = ["reduce_window_max", "reduce_window_min", "reduce_window", "select_and_scatter_add", "select_and_gather_add"];
    // JAX's jet has no rule for custom_linear_solve (jax/_src/lax/control_flow/solves.py registers none)
    // nor for regularized_incomplete_beta (jax/experimental/jet.py names no special function's
    // incomplete beta).
    // JAX's jet has no collective (jax/experimental/jet.py names none); dprog adds the linear ones
    // (from the linear maker) and axis_index (integer), not pmax/pmin.
    const collectives = ["pmax", "pmin"];
    expect(unsupported).toEqual(["cond", "custom_lin", "custom_linear_solve", "pure_callback", "regularized_incomplete_beta", "reduce_prod", "scan", "scatter-max", "scatter-min", "scatter-mul", "sort", "while", ...linalg, ...windowed, ...collectives].sort());
  });
});

describe("cases from JAX's tests/jet_test.py", () => {
  const checkAgainstJvp = (name: string, f: (...xs: Array[]) => Array, primals: Array[], order = 3, rtol = 1e-10): void => {
    reseed(name.length * 104729);
    const series = primals.map((p) => globalThis.Array.from({ length: order }, () => uniform(p.shape, -2, 2)));
    const [y, terms] = jet(f, primals, series);
    expectClose(y, f(...primals), 1e-14, 1e-14, `${name}: primal`);
    const want = derivativesByNestedJvp(f, primals, series);
    terms.forEach((t, k) => expectClose(t, want[k]!, rtol, rtol, `${name}: order ${k + 1}`));
  };

  it("test_int_pow: x ** p for p = 0..5, and x ** 10 at x = 0", () => {
    for (let p = 0; p < 6; p++) checkAgainstJvp(`x ** ${p}`, (x) => lax.integerPow(x, p), [uniform([2, 3], -2, 2)]);
    checkAgainstJvp("x ** 10 at 0", (x) => lax.integerPow(x, 10), [np.zeros([2, 3], { dtype: "float64" })]);
  });

  it("test_tanh / test_logistic on wide ranges, order 5", () => {
    checkAgainstJvp("tanh", lax.tanh, [uniform([2, 3], -500, 500)], 5);
    checkAgainstJvp("logistic", lax.logistic, [uniform([2, 3], -100, 100)], 5);
  });

  it("test_inst_zero: a constant output has zero series, equal to 2 + 0 x's", () => {
    const x = np.ones([1], { dtype: "float64" });
    const ones = [np.onesLike(x), np.onesLike(x), np.onesLike(x)];
    const [fy, fs] = jet((a: Array) => np.fullLike(a, 2), [x], [ones]);
    const [gy, gs] = jet((a: Array) => lax.add(2, lax.mul(0, a)), [x], [ones]);
    expectClose(fy, gy, 0, 0, "primal");
    expect(fs.length).toBe(3);
    fs.forEach((t, k) => expectClose(t, gs[k]!, 0, 0, `term ${k + 1}`));
  });

  it("test_add_any: jet of a gradient", () => {
    const f = (x: Array, eps: Array): Array => lax.add(lax.add(lax.mul(x, eps), eps), x);
    const g = (eps: Array): Array => grad(f)(f64(1), eps);
    const [, [t]] = jet(g, [f64(1)], [[f64(1)]]);
    expectClose(t!, [1], 0, 0, "d/deps (eps + 1)");
  });

  it("test_scatter_add: jet of grad(jacfwd(F))", () => {
    const f = (x: Array): Array => np.sum(lax.add(lax.integerPow(x.get(0), 5), lax.integerPow(x.get(1), 5)));
    const h = (eps: Array): Array => {
      const x = f64([1, 1]);
      const mu = lax.mul(eps, x);
      const F = (t: Array): Array => f(lax.add(x, lax.mul(t, mu)));
      return grad((t: Array) => jacfwd(F)(t))(f64(0));
    };
    checkAgainstJvp("grad(jacfwd(F))", h, [f64(0)], 3, 1e-9);
  });

  it("custom_vjp: the function itself is differentiated (JAX's process_custom_vjp_call)", () => {
    const g = customVjp((x: Array) => lax.sin(x));
    g.defvjp(
      (x: Array) => [lax.sin(x), x] as [Array, Array],
      (_x: Array, ct: Array) => [lax.mul(ct, 0)] as [Array],
    );
    const x = f64([0.2, 1.1]);
    const [, terms] = jet((a: Array) => g(a), [x], [[np.onesLike(x), np.zerosLike(x)]]);
    expectClose(terms[0]!, [Math.cos(0.2), Math.cos(1.1)], 1e-15, 0, "first");
    expectClose(terms[1]!, [-Math.sin(0.2), -Math.sin(1.1)], 1e-15, 0, "second");
  });
});
