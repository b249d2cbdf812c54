// Scientific computing (issue 22): odeint, scipy.special and BFGS against hand-written JS doing
// the same work in the same run.
//
// - odeint: a 100-dimensional continuous-time recurrent network dy/dt = tanh(W y + b) - y (W
//   random with gain 2, so the trajectory keeps moving) at 1000 output times on [0, 10], rtol =
//   atol = 1e-6, forward and its gradient (the adjoint method) in W and b. The reference is a
//   hand-written Dormand-Prince loop on Float64Arrays with JAX's step control, initial step and
//   dense output (the algorithm of jax.experimental.ode), and for the gradient the same adjoint
//   (one backward solve of the augmented state per output interval) with a hand-coded vjp.
// - scipy.special over 1e6 float64 elements: each dprog function jitted, against a loop calling a
//   scalar JS version of the same series (same coefficients, same branch structure).
// - BFGS on the 1000-dimensional Rosenbrock function, a fixed number of iterations, against a
//   hand-written BFGS with the same zoom line search on Float64Arrays.
// Issue 22's goals: odeint forward within 2x of the hand-written loop; special functions within
// 1.5x of the hand-written loops. betainc is one primitive (regularized_incomplete_beta) whose JS
// kernel stops each element's continued fraction at its own convergence, as the scalar loop does
// (16 terms on average, 54 at most on the data here).
//
//   npx tsx bench/science.ts            (or `npm run bench science`, through bench/index.ts)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, scipy, experimental, jit, grad, type Array } from "../src/index.js";
import { mulberry32 } from "../test/util/random.js";
import { erf as erfScalar } from "../backends/js/runtimeHelpers.js";
import { I0E_SMALL, I0E_LARGE } from "../src/scipy/special/bessel.js";
import { lgamma as gammalnScalar, regularizedIncompleteBeta, BETA_TOLERANCE } from "../backends/js/specialFunctions.js";
import { ERFINV_CENTRAL, ERFINV_TAIL, DIGAMMA_ASYMPTOTIC, DIGAMMA_SHIFT_TO } from "../src/lax/specialCoefficients.js";
import { maxRelErr, median, printTable, timeMs, type Row } from "./util.js";
import { odeintJs, type Rhs } from "./scienceOde.js";
import { minimizeBfgsJs } from "./scienceBfgs.js";

const N = 100;
const TIMES = 1000;
const TOL = 1e-6;

function randomMatrix(n: number, gain: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const w = new Float64Array(n * n);
  // Uniform entries of variance gain^2 / n.
  for (let i = 0; i < w.length; i++) w[i] = (2 * rand() - 1) * gain * Math.sqrt(3 / n);
  return w;
}

function odeBench(): void {
  const W = randomMatrix(N, 2, 1);
  const b = new Float64Array(N).map((_, i) => 0.1 * Math.sin(i));
  const y0 = new Float64Array(N).map((_, i) => Math.cos(0.7 * i));
  const tsArr = new Float64Array(TIMES).map((_, i) => (10 * i) / (TIMES - 1));

  // Hand-written right-hand side and its vjp.
  const z = new Float64Array(N);
  const rhs: Rhs = (y, _t, out) => {
    for (let i = 0; i < N; i++) {
      let s = b[i]!;
      for (let j = 0; j < N; j++) s += W[i * N + j]! * y[j]!;
      out[i] = Math.tanh(s) - y[i]!;
    }
  };
  // Augmented state [y, yBar, t0Bar, WBar, bBar] integrated in negated time (jax/experimental/ode.py's aug_dynamics).
  const AUG = 2 * N + 1 + N * N + N;
  const augRhs: Rhs = (s, _t, out) => {
    for (let i = 0; i < N; i++) {
      let acc = b[i]!;
      for (let j = 0; j < N; j++) acc += W[i * N + j]! * s[j]!;
      const h = Math.tanh(acc);
      out[i] = -(h - s[i]!);
      z[i] = s[N + i]! * (1 - h * h);
    }
    for (let j = 0; j < N; j++) {
      let acc = -s[N + j]!;
      for (let i = 0; i < N; i++) acc += W[i * N + j]! * z[i]!;
      out[N + j] = acc;
    }
    out[2 * N] = 0;
    const wBar = 2 * N + 1;
    for (let i = 0; i < N; i++) {
      const zi = z[i]!;
      for (let j = 0; j < N; j++) out[wBar + i * N + j] = zi * s[j]!;
      out[wBar + N * N + i] = zi;
    }
  };
  const forwardJs = (): Float64Array[] => odeintJs(rhs, y0, tsArr, TOL, TOL);
  // Loss: sum of squares over all outputs; its cotangent is 2 y_i at each output time.
  const gradientJs = (): Float64Array => {
    const ys = forwardJs();
    const g = ys.map((y) => y.map((v) => 2 * v));
    const fy = new Float64Array(N);
    const state = new Float64Array(AUG);
    state.set(g[TIMES - 1]!, N);
    for (let i = TIMES - 1; i >= 1; i--) {
      rhs(ys[i]!, tsArr[i]!, fy);
      let tBar = 0;
      for (let k = 0; k < N; k++) tBar += fy[k]! * g[i]![k]!;
      state.set(ys[i]!, 0);
      state[2 * N] = state[2 * N]! - tBar;
      const back = odeintJs(augRhs, state, new Float64Array([-tsArr[i]!, -tsArr[i - 1]!]), TOL, TOL)[1]!;
      state.set(back);
      for (let k = 0; k < N; k++) state[N + k] = state[N + k]! + g[i - 1]![k]!;
    }
    return state.slice(2 * N + 1);
  };

  const Wd = np.array(W, { dtype: "float64", shape: [N, N] });
  const bd = np.array(b, { dtype: "float64" });
  const y0d = np.array(y0, { dtype: "float64" });
  const tsd = np.array(tsArr, { dtype: "float64" });
  const field = (y: Array, _t: Array, w: Array, bb: Array): Array => np.subtract(np.tanh(np.add(np.matmul(w, y), bb)), y);
  const forward = jit((w: Array, bb: Array) => experimental.ode.odeint(field, y0d, tsd, w, bb, { rtol: TOL, atol: TOL }));
  const gradient = jit(grad((w: Array, bb: Array) => np.sum(np.square(experimental.ode.odeint(field, y0d, tsd, w, bb, { rtol: TOL, atol: TOL }))), { argnums: [0, 1] }));

  const ysJs = forwardJs();
  const ysD = forward(Wd, bd).dataSync();
  const flatJs = new Float64Array(TIMES * N);
  ysJs.forEach((y, i) => flatJs.set(y, i * N));
  // Interleaved samples: the machine is shared, so each median sees the same load.
  const [tl, td] = interleaved(() => void forwardJs(), () => void forward(Wd, bd).dataSync(), 7);
  const gJs = gradientJs();
  const [gW, gb] = gradient(Wd, bd);
  const gD = new Float64Array([...gW.dataSync(), ...gb.dataSync()]);
  // One backward solve of the 10,301-dim augmented state per output interval makes a gradient
  // take seconds: one sample each, the runs above being the warm-up.
  const [tgl, tgd] = interleaved(() => void gradientJs(), () => void gradient(Wd, bd)[0].dataSync(), 1);
  printTable(`odeint: ${N}-dim tanh network, ${TIMES} output times, rtol = atol = ${TOL} (ratio: time / the hand-written Dormand-Prince loop)`, [
    { name: "hand-written Dormand-Prince, forward", value: tl, unit: "ms", ratio: 1 },
    { name: "jit(odeint), forward", value: td, unit: "ms", ratio: td / tl, note: `max rel diff ${maxRelErr(ysD, flatJs).toExponential(1)} (goal: within 2x)` },
    { name: "hand-written adjoint, gradient in W, b", value: tgl, unit: "ms", ratio: 1 },
    { name: "jit(grad(odeint)), gradient in W, b", value: tgd, unit: "ms", ratio: tgd / tgl, note: `max rel diff ${maxRelErr(gD, gJs).toExponential(1)}` },
  ]);
}

// ---- special functions: scalar twins of dprog's series ----

function digammaScalar(a: number): number {
  const reflect = a < 0.5;
  let z = reflect ? 1 - a : a;
  let shift = 0;
  while (z < DIGAMMA_SHIFT_TO) {
    shift += 1 / z;
    z += 1;
  }
  const inv2 = 1 / (z * z);
  let series = DIGAMMA_ASYMPTOTIC[DIGAMMA_ASYMPTOTIC.length - 1]!;
  for (let k = DIGAMMA_ASYMPTOTIC.length - 2; k >= 0; k--) series = DIGAMMA_ASYMPTOTIC[k]! + series * inv2;
  let out = Math.log(z) - 0.5 / z - series * inv2 - shift;
  if (reflect) out -= Math.PI / Math.tan(Math.PI * (a - Math.floor(a)));
  return a <= 0 && a === Math.floor(a) ? NaN : out;
}

function erfinvScalar(x: number): number {
  const w = -Math.log1p(-x * x);
  const central = w < 5;
  const ws = central ? w - 2.5 : Math.sqrt(w) - 3;
  const c = central ? ERFINV_CENTRAL : ERFINV_TAIL;
  let p = c[0]!;
  for (let i = 1; i < c.length; i++) p = c[i]! + p * ws;
  let y = p * x;
  for (let i = 0; i < 2; i++) {
    const step = (erfScalar(y) - x) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-y * y));
    if (Number.isFinite(step)) y -= step;
  }
  const ax = Math.abs(x);
  return ax === 1 ? x * Infinity : ax > 1 ? NaN : y;
}

function chebyshev(coefs: readonly number[], y: number): number {
  let b1 = 0;
  let b2 = 0;
  for (let k = coefs.length - 1; k >= 1; k--) {
    const b0 = 2 * y * b1 - b2 + coefs[k]!;
    b2 = b1;
    b1 = b0;
  }
  return y * b1 - b2 + coefs[0]!;
}

function i0eScalar(x: number): number {
  const ax = Math.abs(x);
  return ax <= 8 ? chebyshev(I0E_SMALL, ax / 4 - 1) : chebyshev(I0E_LARGE, 16 / ax - 1) / Math.sqrt(ax);
}

/** I_x(a, b) in float64: the scalar series the kernel calls per element (XLA's continued fraction). */
const betaincScalar = (a: number, b: number, x: number): number => regularizedIncompleteBeta(a, b, x, BETA_TOLERANCE.float64);

/** Median times of `reference` and `subject`, sampled alternately `samples` times. */
function interleaved(reference: () => void, subject: () => void, samples: number): [number, number] {
  const tl: number[] = [];
  const td: number[] = [];
  for (let r = 0; r < samples; r++) {
    tl.push(timeMs(reference, 1, 0));
    td.push(timeMs(subject, 1, 0));
  }
  return [median(tl), median(td)];
}

function specialBench(): void {
  const n = 1_000_000;
  const rand = mulberry32(7);
  const positive = new Float64Array(n).map(() => 0.01 + 30 * rand());
  const real = new Float64Array(n).map(() => 20 * rand() - 10);
  const unit = new Float64Array(n).map(() => 1.998 * rand() - 0.999);
  const cases: [string, (x: Array) => Array, (x: number) => number, Float64Array][] = [
    ["gammaln", scipy.special.gammaln, gammalnScalar, positive],
    ["digamma", scipy.special.digamma, digammaScalar, positive],
    ["erf", scipy.special.erf, erfScalar, real],
    ["erfinv", scipy.special.erfinv, erfinvScalar, unit],
    ["i0e", scipy.special.i0e, i0eScalar, real],
  ];
  const rows: Row[] = [];
  for (const [name, fn, scalar, data] of cases) {
    const x = np.array(data, { dtype: "float64" });
    const f = jit(fn);
    const out = new Float64Array(n);
    const loop = (): void => {
      for (let i = 0; i < n; i++) out[i] = scalar(data[i]!);
    };
    loop();
    const err = maxRelErr(f(x).dataSync(), out);
    // Interleaved samples (the machine is shared); the check above was the warm-up.
    const [ml, md] = interleaved(loop, () => void f(x).dataSync(), 5);
    rows.push({ name: `${name}: hand-written loop`, value: ml, unit: "ms", ratio: 1 });
    rows.push({ name: `${name}: jit(scipy.special.${name})`, value: md, unit: "ms", ratio: md / ml, note: `max rel diff ${err.toExponential(1)} (goal: within 1.5x)` });
  }
  {
    // betainc(a, b, x), a and b in (0.5, 20.5): a plain loop over the scalar series that dprog's
    // kernel runs per element, so the ratio is dprog's own cost (dispatch, allocation) on top of it.
    const A = new Float64Array(n).map(() => 0.5 + 20 * rand());
    const B = new Float64Array(n).map(() => 0.5 + 20 * rand());
    const X = new Float64Array(n).map(() => rand());
    const [ad, bd, xd] = [A, B, X].map((v) => np.array(v, { dtype: "float64" })) as [Array, Array, Array];
    const f = jit(scipy.special.betainc);
    const out = new Float64Array(n);
    const loop = (): void => {
      for (let i = 0; i < n; i++) out[i] = betaincScalar(A[i]!, B[i]!, X[i]!);
    };
    loop();
    const err = maxRelErr(f(ad, bd, xd).dataSync(), out);
    const [ml, md] = interleaved(loop, () => void f(ad, bd, xd).dataSync(), 3);
    rows.push({ name: "betainc: hand-written loop", value: ml, unit: "ms", ratio: 1 });
    rows.push({ name: "betainc: jit(scipy.special.betainc)", value: md, unit: "ms", ratio: md / ml, note: `max rel diff ${err.toExponential(1)} (goal: within 1.5x)` });
  }
  printTable("scipy.special over 1e6 float64 elements (ratio: time / the hand-written loop of the same series)", rows);
}

/** The n-dimensional Rosenbrock function and its gradient, by hand. */
const rosenbrockJs = (x: Float64Array, g: Float64Array): number => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i] = g[i]! - 400 * a * x[i]! - 2 * b;
    g[i + 1] = g[i + 1]! + 200 * a;
  }
  return f;
};

const rosenbrock = (x: Array): Array => {
  const head = x.get(":-1");
  return np.sum(np.add(np.multiply(100, np.square(np.subtract(x.get("1:"), np.square(head)))), np.square(np.subtract(1, head))));
};

function bfgsBench(): void {
  const n = 1000;
  const steps = 100;
  const x0 = new Float64Array(n);
  const solve = jit((x: Array) => scipy.optimize.minimize(rosenbrock, x, { method: "BFGS", options: { maxiter: steps } }));
  const x0d = np.array(x0, { dtype: "float64" });
  const js = minimizeBfgsJs(rosenbrockJs, x0, steps);
  const r = solve(x0d);
  const note = `${r.nit.item()} steps, f ${(r.fun.item() as number).toPrecision(6)} (hand-written: ${js.nit} steps, f ${js.f.toPrecision(6)})`;
  const [ml, md] = interleaved(() => void minimizeBfgsJs(rosenbrockJs, x0, steps), () => void solve(x0d).x.dataSync(), 3);
  printTable(`BFGS: ${n}-dimensional Rosenbrock from zeros, ${steps} steps (ratio: time / the hand-written BFGS)`, [
    { name: "hand-written BFGS + zoom line search", value: ml, unit: "ms", ratio: 1 },
    { name: "jit(scipy.optimize.minimize, BFGS)", value: md, unit: "ms", ratio: md / ml, note },
  ]);
}

export async function main(): Promise<void> {
  odeBench();
  specialBench();
  bfgsBench();
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) await main();
