// The examples under examples/, run with small sizes: each must still reach the result its header
// states (accuracy, recovered parameters, convergence, agreement with closed forms).
import { describe, expect, it } from "vitest";
import { numpy as np, grad, random, experimental } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import * as mlp from "../../examples/mlpClassifier.js";
import * as spring from "../../examples/springFit.js";
import * as dp from "../../examples/dpSgd.js";
import * as newton from "../../examples/newtonRosenbrock.js";
import * as sweep from "../../examples/parameterSweep.js";
import * as bayes from "../../examples/bayesianLogistic.js";
import * as neuralOde from "../../examples/neuralOde.js";
import * as lj from "../../examples/lennardJones.js";
import { progressBar, terminalLogPlot, svgLogPlot, histogram, terminalBars, terminalXYPlot, svgXYPlot, terminalFitPlot, svgFitPlot } from "../../examples/lib/terminal.js";
import { rangeTicks } from "../../examples/lib/ticks.js";
import * as gp from "../../examples/gpRegression.js";

describe("examples", () => {
  it("mlpClassifier: an MLP trained with jit(valueAndGrad) + adam separates the spirals", () => {
    const r = mlp.run({ pointsPerClass: 60, hidden: 16, steps: 300 });
    expect(r.losses).toHaveLength(300);
    expect(r.losses[0]).toBeGreaterThan(0.8); // about log 3 at initialization
    expect(r.losses.at(-1)!).toBeLessThan(0.05);
    expect(r.trainAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("mlpClassifier: the spirals are deterministic and balanced", () => {
    const key = np.array([0, 7], { dtype: "uint32" });
    const a = mlp.spirals(key, 10);
    const b = mlp.spirals(key, 10);
    expect(a.x.shape).toEqual([30, 2]);
    expect(a.x.tolist()).toEqual(b.x.tolist());
    expect(a.y.tolist()).toEqual([0, 1, 2].flatMap((label) => new globalThis.Array<number>(10).fill(label)));
    const radii = (np.sqrt(np.sum(np.square(a.x), 1)).tolist() as number[]);
    for (const r of radii) expect(r).toBeLessThanOrEqual(1);
  });

  it("springFit: the gradient through the RK4 scan matches central differences (float64)", () => {
    const observed = spring.simulate({ k: np.array(4, { dtype: "float64" }), c: np.array(0.3, { dtype: "float64" }) }, 40, 0.05);
    const loss = (k: number | Array, c: number | Array): Array =>
      np.mean(np.square(spring.simulate({ k: np.array(k, { dtype: "float64" }), c: np.array(c, { dtype: "float64" }) }, 40, 0.05).sub(observed)));
    const [gk, gc] = grad(loss, { argnums: [0, 1] })(3.2, 0.1) as [Array, Array];
    const h = 1e-6;
    const fd = (f: (e: number) => number): number => (f(h) - f(-h)) / (2 * h);
    expect(gk.item() as number).toBeCloseTo(fd((e) => loss(3.2 + e, 0.1).item() as number), 7);
    expect(gc.item() as number).toBeCloseTo(fd((e) => loss(3.2, 0.1 + e).item() as number), 7);
  });

  it("springFit: gradient descent recovers k and c from a noisy trajectory", () => {
    const r = spring.run({ timeSteps: 80, iterations: 150 });
    expect(Math.abs(r.k - r.trueK)).toBeLessThan(0.05);
    expect(Math.abs(r.c - r.trueC)).toBeLessThan(0.02);
    expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]! / 100);
  });

  it("dpSgd: clipped, noised per-example gradients still train the classifier", () => {
    const r = dp.run({ trainSize: 1000, testSize: 500, steps: 150 });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(r.nonPrivateAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.clippedFraction).toBeGreaterThan(0); // the clipping actually bites
  });

  it("newtonRosenbrock: dense and Hessian-vector-product Newton reach (1, 1) within 1e-6", () => {
    const r = newton.run();
    for (const run of [r.dense, r.matrixFree]) {
      const [x, y] = run.iterates.at(-1)!;
      expect(Math.abs(x - 1)).toBeLessThan(1e-6);
      expect(Math.abs(y - 1)).toBeLessThan(1e-6);
      expect(run.iterations).toBeLessThanOrEqual(10);
    }
    // The first step equals the analytic Newton step from (-1.2, 1).
    const [x0, y0] = [-1.2, 1];
    const g = [-2 * (1 - x0) - 400 * x0 * (y0 - x0 * x0), 200 * (y0 - x0 * x0)];
    const [h11, h12, h22] = [2 - 400 * (y0 - 3 * x0 * x0), -400 * x0, 200];
    const det = h11 * h22 - h12 * h12;
    const step = [-(h22 * g[0]! - h12 * g[1]!) / det, -(h11 * g[1]! - h12 * g[0]!) / det];
    expect(r.dense.iterates[1]![0]).toBeCloseTo(x0 + step[0]!, 12);
    expect(r.dense.iterates[1]![1]).toBeCloseTo(y0 + step[1]!, 12);
    // Matrix-free Newton-CG follows the same path, with n = 2 products per iteration at most.
    r.matrixFree.iterates.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(r.dense.iterates[i]![0], 8);
      expect(y).toBeCloseTo(r.dense.iterates[i]![1], 8);
    });
    expect(r.matrixFree.hvps!).toBeLessThanOrEqual(2 * r.matrixFree.iterations);
  });

  it("parameterSweep: the vmapped RK4 sweep and its vmapped gradients match the closed-form oscillator", () => {
    const r = sweep.run({ zetas: [0.1, 0.5, 1, 3], omegas: [1, 3], horizon: 5, dt: 0.01 });
    expect(r.rows).toHaveLength(8);
    expect(r.maxFinalError).toBeLessThan(1e-6);
    expect(r.maxOvershootError).toBeLessThan(1e-3);
    expect(r.maxSensitivityError).toBeLessThan(1e-5); // jit(vmap(grad)) through the scan vs the closed form's slope
    for (const row of r.rows) expect(row.finalX).toBeCloseTo(sweep.exactPosition(row.zeta, row.omega, 5), 6);
    expect(r.rows.find((row) => row.zeta === 0.1)!.overshoot).toBeCloseTo(Math.exp(-Math.PI * 0.1 / Math.sqrt(0.99)), 3);
  });

  it("neuralOde: adam through odeint's adjoint fits the spiral's segments", () => {
    // The demo's settings.
    const r = neuralOde.run({ observations: 100, segmentLength: 6, iterations: 40, batchSize: 16, hidden: 32, learningRate: 0.02, rtol: 1e-3, atol: 1e-4 });
    expect(r.losses).toHaveLength(40);
    // At these settings the error over all segments falls from 0.34 to 0.06; ask for a factor of 4.
    expect(r.initialSegmentError).toBeGreaterThan(0.3);
    expect(r.finalSegmentError).toBeLessThan(r.initialSegmentError / 4);
    expect(r.finalTrajectoryError).toBeLessThan(r.initialTrajectoryError / 2);
    // The learned vector field approaches y^3 A on the data: relative error 1.0 -> 0.22 here.
    expect(r.initialFieldError).toBeGreaterThan(0.9);
    expect(r.finalFieldError).toBeLessThan(0.3);
    // The observations: the spiral at t = 25 (scipy 1.17's solve_ivp, DOP853, rtol = atol = 1e-13).
    const last = r.trueTrajectory.at(-1)!;
    expect(last[0]).toBeCloseTo(-0.44362349, 5);
    expect(last[1]).toBeCloseTo(0.27944064, 5);
  });

  it("neuralOde: the gradient through odeint (adjoint) matches central differences (float64)", () => {
    const t = np.linspace(0, 0.6, 4, { dtype: "float64" });
    const starts = np.array([[2, 0], [0.5, -1], [-1, 1]], { dtype: "float64" });
    const tol = { rtol: 1e-12, atol: 1e-12 };
    const segments = experimental.ode.odeint(neuralOde.trueDynamics, starts, t, tol).transpose([1, 0, 2]);
    const params = neuralOde.initParams(random.key(5), 6, "float64");
    const loss = (w1: Array, b2: Array): Array => neuralOde.segmentLoss([{ w: w1, b: params[0].b }, { w: params[1].w, b: b2 }], starts, segments, t, tol);
    const [gw, gb] = grad(loss, { argnums: [0, 1] })(params[0].w, params[1].b) as [Array, Array];
    const h = 1e-5;
    const bump = (a: Array, flat: number, e: number): Array => a.reshape([-1]).at(flat).add(e).reshape(a.shape);
    for (const flat of [0, 3, 7]) {
      const fd = ((loss(bump(params[0].w, flat, h), params[1].b).item() as number) - (loss(bump(params[0].w, flat, -h), params[1].b).item() as number)) / (2 * h);
      expect(gw.reshape([-1]).get(flat).item() as number).toBeCloseTo(fd, 6);
    }
    for (const flat of [0, 1]) {
      const fd = ((loss(params[0].w, bump(params[1].b, flat, h)).item() as number) - (loss(params[0].w, bump(params[1].b, flat, -h)).item() as number)) / (2 * h);
      expect(gb.get(flat).item() as number).toBeCloseTo(fd, 6);
    }
  });

  it("lennardJones: BFGS (scipy.optimize.minimize) relaxes a perturbed icosahedron to the LJ13 minimum -44.326801", () => {
    const r = lj.run({ batch: 3 });
    expect(r.initialEnergy).toBeGreaterThan(-30); // a real perturbation, far from the minimum
    expect(Math.abs(r.energy - lj.LJ13_MINIMUM)).toBeLessThan(1e-5); // Wales & Doye 1997
    expect(r.success).toBe(true);
    expect(r.maxForce).toBeLessThan(1e-6);
    // The Mackay icosahedron's centre-to-vertex distance: 1.0818383 (scipy 1.17's BFGS, gtol 1e-10).
    for (const d of r.shellDistances) expect(d).toBeCloseTo(1.0818383, 6);
    // vmap(minimize): every start ends at a stationary point no lower than the global minimum.
    expect(r.batchEnergies).toHaveLength(3);
    for (const e of r.batchEnergies) expect(e).toBeGreaterThan(lj.LJ13_MINIMUM - 1e-5);
    expect(r.batchEnergies.some((e) => Math.abs(e - lj.LJ13_MINIMUM) < 1e-5)).toBe(true);
    expect(r.batchMaxForce).toBeLessThan(1e-5);
  });

  it("lennardJones: the pair energy and its forces (-grad) equal the closed form", () => {
    const pair = (r: number): Array => np.array([[0, 0, 0], [r, 0, 0]], { dtype: "float64" });
    expect(lj.energy(pair(2 ** (1 / 6))).item() as number).toBeCloseTo(-1, 14); // the well's depth, epsilon
    const r = 1.3;
    expect(lj.energy(pair(r)).item() as number).toBeCloseTo(4 * (r ** -12 - r ** -6), 14);
    // F on atom 1 along x: -dE/dr = 24 (2 r^-13 - r^-7); atom 0 gets the opposite.
    const f = lj.forces(pair(r)).tolist() as number[][];
    expect(f[1]![0]).toBeCloseTo(24 * (2 * r ** -13 - r ** -7), 12);
    expect(f[0]![0]).toBeCloseTo(-f[1]![0]!, 14);
    expect(Math.abs(f[1]![1]!)).toBe(0); // (a negative zero: -(0))
    // The icosahedron helper: 12 vertices at the radius, nearest neighbours at 1.0515 times it.
    const ico = lj.icosahedron(1).tolist() as number[][];
    for (const v of ico.slice(1)) expect(Math.hypot(...v)).toBeCloseTo(1, 14);
    expect(Math.min(...ico.slice(2).map((v) => Math.hypot(v[0]! - ico[1]![0]!, v[1]! - ico[1]![1]!, v[2]! - ico[1]![2]!)))).toBeCloseTo(1 / Math.sin((2 * Math.PI) / 5), 12);
  });

  // The logistic posterior's reference values (data logisticData(100), identical to jax.random's
  // from the same keys): numpy/scipy 2.4.6/1.17, trapezoid rule on a 90^3 grid over the mode
  // +-9 Laplace standard deviations (the mode by scipy.optimize.minimize BFGS, gtol 1e-10).
  const LOGISTIC_MEAN = [-0.27366846, 1.54925805, -1.38148653];
  const LOGISTIC_SD = [0.26320243, 0.35425087, 0.34923868];

  it("bayesianLogistic: HMC (lax.scan + grad, vmapped chains) matches the conjugate Gaussian posterior and the logistic posterior by quadrature", () => {
    const r = bayes.run({ samples: 300, warmup: 100, chains: 4, quadraturePoints: 24 });
    // Conjugate: mean and sd in closed form; 1200 draws, Monte Carlo error about 0.44 / sqrt(1200) = 0.013.
    expect(r.conjugate.exactMean).toBeCloseTo(1.639127271603899, 12); // the same closed form in numpy from jax.random's draws
    expect(r.conjugate.exactSd).toBeCloseTo(0.4423258684646914, 12);
    expect(Math.abs(r.conjugate.mean - r.conjugate.exactMean)).toBeLessThan(0.05);
    expect(Math.abs(r.conjugate.sd / r.conjugate.exactSd - 1)).toBeLessThan(0.1);
    expect(r.conjugate.acceptance).toBeGreaterThan(0.8);
    // Logistic: within about 4 Monte Carlo standard errors of the reference (sd / sqrt(1200) < 0.011).
    r.mean.forEach((m, j) => expect(Math.abs(m - LOGISTIC_MEAN[j]!)).toBeLessThan(0.05));
    r.sd.forEach((s, j) => expect(Math.abs(s / LOGISTIC_SD[j]! - 1)).toBeLessThan(0.15));
    // The Laplace approximation placing the quadrature grid: scipy's BFGS mode and inverse Hessian.
    [-0.2624844, 1.45974979, -1.3131632].forEach((m, j) => expect(r.laplaceMode[j]).toBeCloseTo(m, 6));
    [0.25745178, 0.34021961, 0.33822385].forEach((s, j) => expect(r.laplaceSd[j]).toBeCloseTo(s, 6));
    // The example's own quadrature (plain JS midpoint rule) agrees with scipy's.
    r.reference.forEach((m, j) => expect(m).toBeCloseTo(LOGISTIC_MEAN[j]!, 4));
    expect(r.acceptance).toBeGreaterThan(0.6);
    expect(r.slopeTraces).toHaveLength(4);
    expect(r.slopeTraces[0]).toHaveLength(300);
  });

  it("bayesianLogistic: vmapped chains draw different samples and keep moving", () => {
    const { x, y } = bayes.logisticData(100);
    const r = bayes.hmc(bayes.logisticLogDensity(x, y), np.zeros([2, 3], { dtype: "float64" }), { stepSize: 0.12, leapfrogSteps: 8, samples: 50, warmup: 0, chains: 2 });
    expect(r.samples.shape).toEqual([2, 50, 3]);
    const [c0, c1] = r.samples.tolist() as number[][][];
    expect(c0![0]).not.toEqual(c1![0]); // different keys per chain
    expect(new Set(c0!.map((q) => q[1])).size).toBeGreaterThan(40);
  });
});

describe("demo output helpers", () => {
  const fakeStream = (isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } => {
    let out = "";
    const stream = { isTTY, write: (chunk: string) => ((out += chunk), true) } as unknown as NodeJS.WriteStream;
    return { stream, text: () => out };
  };

  it("progress bar: plain lines at each quarter off a terminal, \\r redraws on one", () => {
    const plain = fakeStream(false);
    const bar = progressBar("train", plain.stream);
    for (let i = 1; i <= 100; i++) bar.update(i, 100, "loss 1");
    bar.done();
    const lines = plain.text().trimEnd().split("\n");
    expect(lines).toHaveLength(5); // quarters 0..4
    expect(lines.at(-1)).toContain("100/100");
    expect(plain.text()).not.toContain("\r");
    const tty = fakeStream(true);
    const bar2 = progressBar("train", tty.stream);
    bar2.update(10, 10);
    bar2.log("hello");
    bar2.done();
    expect(tty.text()).toContain("\r\x1b[2K");
    expect(tty.text()).toContain("hello\n");
    expect(tty.text().endsWith("\n")).toBe(true);
    // A finished bar's line is final: a summary logged after it comes below it, and the bar is
    // not drawn again after the summary (nor by a late update).
    const last = fakeStream(true);
    const bar3 = progressBar("train", last.stream);
    bar3.update(5, 10);
    bar3.log("step 5");
    bar3.update(10, 10);
    bar3.log("accuracy 99%");
    bar3.update(10, 10);
    bar3.done();
    const text = last.text();
    expect(text).toMatch(/10\/10 {2}\d+\.\d s\naccuracy 99%\n$/);
    expect(text.split("10/10")).toHaveLength(2);
  });

  it("terminal plot: height rows plus an axis, full column at the largest value", () => {
    const plot = terminalLogPlot([1, 0.1, 0.01, 0.001], 4, 3).split("\n");
    expect(plot).toHaveLength(4);
    // Round values, written plainly (no "1e-2.3"): the decades that fall in the top and bottom rows.
    expect(plot[0]!.split("│")[0]!.trim()).toBe("1");
    expect(plot[2]!.split("│")[0]!.trim()).toBe("0.001");
    // A range inside one decade has no two round ticks: the rows carry the extreme values instead.
    const short = terminalLogPlot([0.9, 0.7, 0.41], 3, 4).split("\n").map((r) => r.split("│")[0]!.trim());
    expect(short).toEqual(["0.9", "", "", "0.41", "└───"]);
    expect(plot.map((r) => r.split("│")[1]?.[0]).slice(0, 3)).toEqual(["█", "█", "█"]);
  });

  it("SVG plot: well-formed, one point per value inside the plot box", () => {
    const svg = svgLogPlot([1, 0.5, 0.01], { title: "t", xLabel: "x", yLabel: "y" });
    expect(svg.startsWith("<svg")).toBe(true);
    const points = /points="([^"]+)"/.exec(svg)![1]!.split(" ").map((p) => p.split(",").map(Number));
    expect(points).toHaveLength(3);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(70);
      expect(x).toBeLessThanOrEqual(620);
      expect(y).toBeGreaterThanOrEqual(40);
      expect(y).toBeLessThanOrEqual(350);
    }
    expect(svg).toContain(">0.01<");
    expect(svg).toContain(">1<");
    expect(svg).not.toMatch(/>1e-?\d/);
    // x ticks at round step numbers.
    const long = svgLogPlot(globalThis.Array.from({ length: 400 }, (_, i) => 1 / (i + 1)), { title: "t", xLabel: "x", yLabel: "y" });
    const xTicks = [...long.matchAll(/y="368" text-anchor="middle">(\d+)</g)].map((m) => Number(m[1]));
    expect(xTicks).toEqual([0, 100, 200, 300]);
  });

  it("x-y plots: round ticks around the data, curves drawn cell by cell, one SVG polyline or dot set per series", () => {
    expect(rangeTicks(-2.3, 1.7)).toEqual([-3, -2, -1, 0, 1, 2]);
    expect(rangeTicks(0.02, 0.09)).toEqual([0.02, 0.04, 0.06, 0.08, 0.1]); // step 0.02: at most about 5 steps
    // A diagonal from (0, 0) to (1, 1) marks one cell in every row of a square grid.
    const rows = terminalXYPlot([{ label: "d", points: [[0, 0], [1, 1]], mark: "x" }], 10, 10).split("\n");
    expect(rows).toHaveLength(13); // 10 rows, the axis, the x labels, the legend
    const cells = rows.slice(0, 10).map((r) => r.split("│")[1]!);
    cells.forEach((r, i) => expect(r.indexOf("x")).toBe(9 - i));
    expect(rows[0]!.split("│")[0]!.trim()).toBe("1");
    expect(rows[12]).toContain("x d");
    // Scatter series mark their points only.
    const dots = terminalXYPlot([{ label: "s", points: [[0, 0], [1, 1]], mark: "o", scatter: true }], 10, 10).split("\n").slice(0, 10).join("");
    expect(dots.match(/o/g)).toHaveLength(2);
    const svg = svgXYPlot([{ label: "a", points: [[0, 0], [1, 2]] }, { label: "b", points: [[0.5, 1]], scatter: true }], { title: "t", xLabel: "x", yLabel: "y" });
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(1);
    expect(svg).toContain(">a<");
    expect(svg).toContain(">b<");
  });

  it("histogram and bars: counts per bin (the top edge in the last bin), full column at the largest", () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1, 7], 2, [0, 1]);
    expect(h.edges).toEqual([0, 0.5, 1]);
    expect(h.counts).toEqual([2, 3]); // 7 is outside the range
    const bars = terminalBars([1, 4, 2], 2).split("\n");
    expect(bars[0]!.split("│")[0]!.trim()).toBe("4");
    expect(bars[0]!.split("│")[1]).toBe(" █ ");
    expect(bars[1]!.split("│")[1]).toBe("▄██");
  });

  it("gpRegression: the gradient of the marginal likelihood (Cholesky, triangular solves) matches central differences", () => {
    const x = np.array([-2, -1.2, -0.3, 0.4, 1.1, 2.5], { dtype: "float64" });
    const y = gp.truth(x);
    const at = (s: number, l: number, n: number): gp.GpParams => ({ logSignal: np.array(s, { dtype: "float64" }), logLength: np.array(l, { dtype: "float64" }), logNoise: np.array(n, { dtype: "float64" }) });
    const g = grad((p: gp.GpParams) => gp.negLogMarginal(p, x, y))(at(0.2, -0.1, -2)) as gp.GpParams;
    const h = 1e-6;
    const nll = (s: number, l: number, n: number): number => gp.negLogMarginal(at(s, l, n), x, y).item() as number;
    expect(g.logSignal.item() as number).toBeCloseTo((nll(0.2 + h, -0.1, -2) - nll(0.2 - h, -0.1, -2)) / (2 * h), 6);
    expect(g.logLength.item() as number).toBeCloseTo((nll(0.2, -0.1 + h, -2) - nll(0.2, -0.1 - h, -2)) / (2 * h), 6);
    expect(g.logNoise.item() as number).toBeCloseTo((nll(0.2, -0.1, -2 + h) - nll(0.2, -0.1, -2 - h)) / (2 * h), 6);
  });

  it("gpRegression: jit(valueAndGrad) + adam recovers the noise level and fits the function", () => {
    const r = gp.run({ points: 30, iterations: 150, gridSize: 50 });
    expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]! - 20);
    expect(r.params.noiseSd).toBeGreaterThan(0.06);
    expect(r.params.noiseSd).toBeLessThan(0.16);
    expect(r.rmse).toBeLessThan(0.15);
    expect(r.coverage).toBeGreaterThanOrEqual(0.8);
    const text = terminalFitPlot(r.fit, 40, 8).split("\n");
    expect(text).toHaveLength(10);
    expect(text.join("")).toContain("●");
    const svg = svgFitPlot(r.fit, { title: "t", xLabel: "x", yLabel: "y" });
    expect(svg.match(/<circle /g)).toHaveLength(30);
  });
});
