// optax's constructors for user-written transformations (optax.GradientTransformation(init, update),
// GradientTransformationExtraArgs) and safe_increment, used as optax's docs show: a custom
// "scale by -lr" with a step counter, chained with a built-in, jitted.
import { describe, expect, it } from "vitest";
import { jit, numpy as np, optim, Array } from "../../src/index.js";

describe("optim.GradientTransformation", () => {
  it("builds a transformation that chains, applies and jits like the built-ins", () => {
    const scaleBy = (lr: number) =>
      optim.GradientTransformation(
        () => ({ count: np.array(0, { dtype: "int32" }) }),
        <P>(updates: P, state: unknown): [P, optim.OptState] => {
          const { count } = state as { count: Array };
          const scaled = (updates as unknown as Array).mul(-lr) as unknown as P;
          return [scaled, { count: optim.safeIncrement(count) }];
        },
      );
    const opt = optim.chain(optim.clipByGlobalNorm(1), scaleBy(0.5));
    const params = np.array([1, 2], { dtype: "float32" });
    let state = opt.init(params);
    const step = jit((p: Array, s: optim.OptState) => {
      const grads = np.array([0.6, 0.8], { dtype: "float32" }).mul(10); // norm 10, clipped to 1
      const [u, s2] = opt.update(grads, s, p);
      return [optim.applyUpdates(p, u), s2] as const;
    });
    let p = params;
    for (let i = 0; i < 2; i++) [p, state] = step(p, state);
    const got = p.tolist() as number[];
    [1 - 2 * 0.5 * 0.6, 2 - 2 * 0.5 * 0.8].forEach((w, i) => expect(got[i]).toBeCloseTo(w, 6));
    expect(((state as optim.OptState[])[1] as { count: Array }).count.item()).toBe(2);
  });

  it("GradientTransformationExtraArgs passes the extra arguments; bad functions raise TypeError", () => {
    const seen: unknown[] = [];
    const t = optim.GradientTransformationExtraArgs(
      () => null,
      (updates, _state, _params, extra) => {
        seen.push(extra?.value);
        return [updates, null];
      },
    );
    t.update(np.array([1]), null, undefined, { value: 3 });
    expect(seen).toEqual([3]);
    expect(() => optim.GradientTransformation(3 as never, (() => [0, null]) as never)).toThrow(TypeError);
  });

  it("safeIncrement saturates at int32's maximum, as optax.safe_increment", () => {
    expect(optim.safeIncrement(np.array(5, { dtype: "int32" })).item()).toBe(6);
    expect(optim.safeInt32Increment(np.array(2 ** 31 - 1, { dtype: "int32" })).item()).toBe(2 ** 31 - 1);
  });
});
