// Differentiable physics: recover the stiffness k and damping c of a damped spring
// x'' = -k x - c x' from an observed trajectory. The simulator is a classical RK4 integrator
// whose time steps run inside lax.scan; grad differentiates through all of them (reverse mode
// through the scan), and the loss, its gradient and the Adam update are one jit-compiled step.
// The observation is simulated with known true values (plus a little Gaussian noise from
// random.normal), so the recovered values can be compared with the truth.
//
//   npx tsx examples/springFit.ts
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, lax, jit, valueAndGrad, random, optim } from "../src/index.js";
import type { Array } from "../src/index.js";

export interface SpringOptions {
  trueK?: number;
  trueC?: number;
  /** Starting guesses. */
  initK?: number;
  initC?: number;
  /** Integration steps of size dt (the observed horizon is steps * dt). */
  timeSteps?: number;
  dt?: number;
  /** Standard deviation of the observation noise. */
  noise?: number;
  iterations?: number;
  learningRate?: number;
  log?: (line: string) => void;
  onStep?: (step: number, steps: number, loss: number) => void;
}

export interface SpringResult {
  k: number;
  c: number;
  trueK: number;
  trueC: number;
  losses: number[];
}

interface Physics {
  k: Array;
  c: Array;
}

/** Positions x(dt), ..., x(steps * dt) from x(0) = 1, x'(0) = 0, by RK4 inside lax.scan. */
export function simulate(p: Physics, steps: number, dt: number): Array {
  // State s = [x, v]; s' = [v, -k x - c v].
  const deriv = (s: Array): Array => np.stack([s.get(1), p.k.neg().mul(s.get(0)).sub(p.c.mul(s.get(1)))]);
  const rk4 = (s: Array): Array => {
    const k1 = deriv(s);
    const k2 = deriv(s.add(k1.mul(dt / 2)));
    const k3 = deriv(s.add(k2.mul(dt / 2)));
    const k4 = deriv(s.add(k3.mul(dt)));
    return s.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(dt / 6));
  };
  const [, xs] = lax.scan((s: Array, _: null) => {
    const next = rk4(s);
    return [next, next.get(0)] as const;
  }, np.array([1, 0], { dtype: p.k.dtype }), null, { length: steps });
  return xs;
}

export function run(options: SpringOptions = {}): SpringResult {
  const trueK = options.trueK ?? 4;
  const trueC = options.trueC ?? 0.3;
  const steps = options.timeSteps ?? 100;
  const dt = options.dt ?? 0.05;
  const iterations = options.iterations ?? 300;
  const log = options.log ?? ((): void => {});

  const clean = simulate({ k: np.array(trueK), c: np.array(trueC) }, steps, dt);
  const observed = clean.add(random.normal(random.key(1), [steps]).mul(options.noise ?? 0.01));
  log(`observed ${steps} positions over t = ${(steps * dt).toFixed(1)} s, true k = ${trueK}, c = ${trueC}, noise sd ${options.noise ?? 0.01}`);

  const loss = (p: Physics): Array => np.mean(np.square(simulate(p, steps, dt).sub(observed)));
  const opt = optim.adam(options.learningRate ?? 0.05);
  const step = jit((p: Physics, state: optim.OptState) => {
    const [l, grads] = valueAndGrad(loss)(p);
    const [updates, next] = opt.update(grads, state);
    return [optim.applyUpdates(p, updates), next, l] as const;
  });

  let p: Physics = { k: np.array(options.initK ?? 3), c: np.array(options.initC ?? 0.1) };
  let state = opt.init(p);
  const losses: number[] = [];
  const every = Math.max(1, Math.floor(iterations / 6));
  for (let i = 0; i < iterations; i++) {
    const [next, s, l] = step(p, state);
    const value = l.item();
    losses.push(value);
    options.onStep?.(i + 1, iterations, value);
    if (i % every === 0) log(`iter ${String(i).padStart(4)}  loss ${value.toExponential(3)}  k ${(p.k.item()).toFixed(4)}  c ${(p.c.item()).toFixed(4)}`);
    p = next;
    state = s;
  }
  const k = p.k.item();
  const c = p.c.item();
  log(`recovered k = ${k.toFixed(4)} (true ${trueK}), c = ${c.toFixed(4)} (true ${trueC}); final loss ${losses.at(-1)!.toExponential(3)}`);
  return { k, c, trueK, trueC, losses };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  run({ log: console.log });
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
