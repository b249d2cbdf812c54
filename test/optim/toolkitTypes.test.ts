// Static types of the toolkit: a strict program using initializers, activations, attention, losses,
// schedules, lbfgs, injectHyperparams and MultiSteps needs no casts. The expectTypeOf lines are
// checked by `tsc --noEmit -p .`; the test also runs the program.
import { describe, expect, expectTypeOf, it } from "vitest";
import { numpy as np, nn, optim, random, valueAndGrad, jit, Array } from "../../src/index.js";

interface Params {
  w: Array;
  b: Array;
}

describe("toolkit types", () => {
  it("an MLP step with initializers, a loss, a schedule, injectHyperparams and MultiSteps; lbfgs on a closure", () => {
    const [k1, k2] = random.split(random.key(0));
    const init: nn.initializers.Initializer = nn.initializers.heNormal();
    const params: Params = { w: init(k1!, [4, 3]), b: nn.initializers.zeros(k2!, [3]) };
    expectTypeOf(params.w).toEqualTypeOf<Array>();
    const x = random.normal(random.key(1), [8, 4]);
    const labels = np.array([0, 1, 2, 0, 1, 2, 0, 1], { dtype: "int32" });
    const loss = (p: Params): Array => np.mean(optim.softmaxCrossEntropyWithIntegerLabels(nn.gelu(np.add(np.matmul(x, p.w), p.b)), labels));
    const schedule: optim.Schedule = optim.warmupCosineDecaySchedule(0, 1e-2, 2, 20);
    const opt = new optim.MultiSteps(optim.injectHyperparams((h: { learningRate: number | Array }) => optim.adamw(h.learningRate))({ learningRate: schedule }), 2);
    let state: optim.OptState = opt.init(params);
    let p = params;
    const step = jit((pp: Params, st: optim.OptState): [Params, optim.OptState] => {
      const [, g] = valueAndGrad(loss)(pp);
      const [u, next] = opt.update(g, st, pp);
      expectTypeOf(u).toEqualTypeOf<Params>();
      return [optim.applyUpdates(pp, u), next];
    });
    for (let i = 0; i < 4; i++) [p, state] = step(p, state);
    expect(loss(p).item()).toBeLessThan(loss(params).item());

    const attn: Array = nn.dotProductAttention(x.reshape([1, 8, 1, 4]), x.reshape([1, 8, 1, 4]), x.reshape([1, 8, 1, 4]), { isCausal: true });
    const [out, lse] = nn.dotProductAttention(x.reshape([1, 8, 1, 4]), x.reshape([1, 8, 1, 4]), x.reshape([1, 8, 1, 4]), null, null, { returnResidual: true });
    expectTypeOf(out).toEqualTypeOf<Array>();
    expect(lse.shape).toEqual([1, 8, 1]);
    expect(attn.shape).toEqual([1, 8, 1, 4]);

    const f = (v: Array): Array => np.sum(np.square(np.subtract(v, 3)));
    const lb = optim.lbfgs();
    let v = np.zeros([2], { dtype: "float64" });
    let s = lb.init(v);
    for (let i = 0; i < 3; i++) {
      const [value, grad] = valueAndGrad(f)(v);
      const [u, next] = lb.update(grad, s, v, { value, grad, valueFn: f });
      expectTypeOf(u).toEqualTypeOf<Array>();
      v = optim.applyUpdates(v, u);
      s = next;
    }
    expect(f(v).item()).toBeLessThan(1e-12);
  });
});
