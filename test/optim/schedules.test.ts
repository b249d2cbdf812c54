// optim schedules: the values of optax's own tests (optax/schedules/_schedule_test.py and
// _join_test.py, cited per case), through jit as optax runs them, plus formulas at several steps.
import { describe, expect, it } from "vitest";
import { numpy as np, optim, jit, Array } from "../../src/index.js";

const run = (s: optim.Schedule, steps: number[]): number[] => {
  const f = jit((c: Array) => np.asarray(s(c)));
  return steps.map((c) => f(np.array(c, { dtype: "int32" })).item());
};
const range = (n: number): number[] => [...globalThis.Array(n).keys()];
function expectClose(got: number[], want: number[], atol = 1e-3, rtol = 0): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(atol + rtol * Math.abs(want[i]!)));
}

describe("optax's schedule tests", () => {
  it("constant and linear (test_constant, test_linear)", () => {
    expectClose(run(optim.constantSchedule(10), range(5)), [10, 10, 10, 10, 10]);
    expectClose(run(optim.linearSchedule(10, 20, 10), range(15)), [...range(10).map((n) => 10 + n), 20, 20, 20, 20, 20]);
  });

  it("polynomial: test_nonlinear, test_with_decay_begin, zero steps", () => {
    expectClose(run(optim.polynomialSchedule(25, 10, 2, 10), range(15)), [...range(10).map((n) => 10 + 15 * (1 - n / 10) ** 2), 10, 10, 10, 10, 10]);
    expectClose(run(optim.polynomialSchedule(30, 10, 2, 10, 4), range(20)), [30, 30, 30, 30, ...range(10).map((n) => 10 + 20 * (1 - n / 10) ** 2), ...globalThis.Array(6).fill(10)]);
    expectClose(run(optim.polynomialSchedule(10, 20, 1, 0), range(3)), [10, 10, 10]);
  });

  it("piecewise constant (test_positive, test_negative)", () => {
    const want = [0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1];
    expectClose(run(optim.piecewiseConstantSchedule(0.1, { 3: 2, 6: 0.5 }), range(10)), want);
    expectClose(run(optim.piecewiseConstantSchedule(-0.1, { 3: 2, 6: 0.5 }), range(10)), want.map((v) => -v));
    expect(() => optim.piecewiseConstantSchedule(0.1, { 3: -2 })).toThrow("`piecewise_constant_schedule` expects non-negative scale factors");
  });

  for (const staircase of [false, true]) {
    for (const begin of [0, 3]) {
      it(`exponential decay (test_exponential, staircase ${staircase}, transition_begin ${begin})`, () => {
        const p = (c: number): number => (staircase ? Math.floor(c / 2) : c / 2);
        expectClose(run(optim.exponentialDecay(1, 2, 2, { staircase, transitionBegin: begin }), range(15 + begin)), [...globalThis.Array(begin).fill(1), ...range(15).map((c) => 2 ** p(c))], 1e-3, 1e-6);
      });
    }
  }

  it("exponential decay with end values and the immutable count case (test_end_value_with_staircase, test_immutable_count)", () => {
    expectClose(run(optim.exponentialDecay(32, 1, 0.5, { endValue: 2 }), range(6)), [32, 16, 8, 4, 2, 2]);
    expectClose(run(optim.exponentialDecay(1, 1, 2, { endValue: 4, staircase: true }), range(4)), [1, 2, 4, 4]);
    expectClose(run(optim.exponentialDecay(0.1, 0, 0.5), range(3)), [0.1, 0.1, 0.1]);
  });

  it("cosine decay: count below and above decay_steps, alpha, exponent (test_decay_count_*, test_with_exponent)", () => {
    expectClose(run(optim.cosineDecaySchedule(0.1, 10), range(10)), range(10).map((n) => 0.1 * 0.5 * (1 + Math.cos((Math.PI * n) / 10))), 1e-7);
    expectClose(run(optim.cosineDecaySchedule(0.1, 5), range(8)), range(8).map((n) => 0.1 * 0.5 * (1 + Math.cos((Math.PI * Math.min(n, 5)) / 5))), 1e-7);
    expectClose(run(optim.cosineDecaySchedule(0.1, 5, 0.1), range(8)), range(8).map((n) => 0.1 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(n, 5)) / 5)) + 0.1)), 1e-7);
    expectClose(run(optim.cosineDecaySchedule(0.1, 100, 0, 2), [0, 10, 50, 75, 100]), [0.1, 0.09516553580760956, 0.025, 0.0021446612663567066, 0.0], 1e-8, 1e-6);
    expect(() => optim.cosineDecaySchedule(1, 0)).toThrow("The cosine_decay_schedule requires positive decay_steps, got decay_steps=0.");
  });

  it("warmup cosine decay (test_limits, test_with_exponent, test_zero_peak_value)", () => {
    for (const [init, peak, end] of [[10, 0.5, 1e-4], [5, 3, 0]] as const) {
      const v = run(optim.warmupCosineDecaySchedule(init, peak, 100, 1000, end), [0, 100, 1000]);
      expectClose(v, [init, peak, end], 1e-6, 1e-3);
    }
    expectClose(run(optim.warmupCosineDecaySchedule(0.2, 1.21, 50, 100, -3, 2), [0, 10, 50, 75, 100]), [0.20000004768371582, 0.4020000100135803, 1.2100000381469727, -1.947500228881836, -3.000000238418579], 1e-8, 1e-6);
    expectClose(run(optim.warmupCosineDecaySchedule(0.2, 0, 50, 100, -3, 2), [0, 10, 50, 75, 100]), [0.2, 0.16, 0, 0, 0], 1e-8, 1e-6);
  });

  it("piecewise interpolation (test_linear_piecewise, test_cos_piecewise, empty, zero interval)", () => {
    expectClose(run(optim.piecewiseInterpolateSchedule("linear", 200, { 5: 1.5, 10: 0.25 }), range(13)), [200, 220, 240, 260, 280, 300, 255, 210, 165, 120, 75, 75, 75]);
    expectClose(run(optim.piecewiseInterpolateSchedule("cosine", 400, { 5: 1.2, 3: 0.6, 7: 1.0 }), range(9)), [400, 360, 280, 240, 264, 288, 288, 288, 288]);
    expectClose(run(optim.piecewiseInterpolateSchedule("linear", 13, {}), range(5)), [13, 13, 13, 13, 13]);
    expectClose(run(optim.piecewiseInterpolateSchedule("linear", 13, { 0: 2, 5: 3 }), [0, 5]), [26, 78]);
    expect(() => optim.piecewiseInterpolateSchedule("linar" as "linear", 13)).toThrow("`interpolate_type` must be either 'cosine' or 'linear'");
    expect(() => optim.piecewiseInterpolateSchedule("linear", 13, { 5: -3 })).toThrow(/non-negative scale factors/);
  });

  it("linear one-cycle (OneCycleTest.test_linear)", () => {
    expectClose(run(optim.linearOnecycleSchedule(10, 1000, 0.3, 0.7, 10, 100), range(12)), [100, 400, 700, 1000, 775, 550, 325, 100, 67, 34, 1, 1]);
  });

  it("join (JoinTest.test_join_schedules)", () => {
    const s = optim.joinSchedules([optim.constantSchedule(1), optim.constantSchedule(2), optim.constantSchedule(1)], [3, 6]);
    expect(run(s, range(7))).toEqual([1, 1, 1, 2, 2, 2, 1]);
  });
});

describe("schedules as learning rates", () => {
  it("eager numbers, int32 counts and jit agree; scaleByLearningRate evaluates the schedule at the count", () => {
    const s = optim.warmupCosineDecaySchedule(0, 1, 10, 110);
    expect(Math.abs(s(60).item() - 0.5)).toBeLessThan(1e-6);
    expect(run(s, [60])[0]).toBeCloseTo(0.5, 6);
    const opt = optim.sgd(optim.linearSchedule(1, 0, 4));
    const p = { w: np.array([1], { dtype: "float64" }) };
    let state = opt.init(p);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [u, next] = opt.update({ w: np.array([1], { dtype: "float64" }) }, state, p);
      seen.push(-(u.w.item()));
      state = next;
    }
    expectClose(seen, [1, 0.75, 0.5, 0.25, 0], 1e-7);
  });
});
