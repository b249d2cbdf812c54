// The examples under examples/, run with small sizes: each must still reach the result its header
// states (accuracy, recovered parameters, convergence, agreement with closed forms).
import { describe, expect, it } from "vitest";
import { numpy as np, grad } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import * as mlp from "../../examples/mlpClassifier.js";
import * as spring from "../../examples/springFit.js";
import * as dp from "../../examples/dpSgd.js";
import * as newton from "../../examples/newtonRosenbrock.js";
import * as sweep from "../../examples/parameterSweep.js";
import * as gp from "../../examples/gpRegression.js";
import { progressBar, terminalLogPlot, svgLogPlot, terminalFitPlot, svgFitPlot } from "../../examples/lib/terminal.js";

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
