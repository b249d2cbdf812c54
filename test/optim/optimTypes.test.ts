// optim's static types: update returns the updates' own type and applyUpdates the params' type,
// so a training step needs no casts. The expectTypeOf lines are checked by `tsc --noEmit -p .`.
import { describe, expect, expectTypeOf, it } from "vitest";
import { numpy as np, optim, valueAndGrad, Array } from "../../src/index.js";

interface Params {
  w: Array;
  layers: { b: Array }[];
}

describe("optim types", () => {
  it("a training loop with adam and valueAndGrad, without casts", () => {
    const loss = (p: Params): Array => np.sum(np.square(p.w)).add(np.sum(np.square(p.layers[0]!.b.sub(1))));
    let params: Params = { w: np.array([1, -2], { dtype: "float64" }), layers: [{ b: np.array([0], { dtype: "float64" }) }] };
    const opt = optim.adam(0.1);
    let state = opt.init(params);
    expectTypeOf(state).toEqualTypeOf<optim.OptState>();
    for (let i = 0; i < 200; i++) {
      const [value, grads] = valueAndGrad(loss)(params);
      expectTypeOf(value).toEqualTypeOf<Array>();
      const [updates, next] = opt.update(grads, state, params);
      expectTypeOf(updates).toEqualTypeOf<Params>();
      params = optim.applyUpdates(params, updates);
      state = next;
    }
    expectTypeOf(optim.applyUpdates(params, params)).toEqualTypeOf<Params>();
    expect(loss(params).item()).toBeLessThan(1e-2);
  });
});
