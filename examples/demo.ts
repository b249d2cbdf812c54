// dprog demo (`npm run demo`): a short tour of the core transforms -- grad, vmap, jit, lax.scan,
// random -- and then the examples in this folder at moderate sizes, each printing the result it
// reaches: an MLP classifier, a spring fitted through its ODE solver, DP-SGD, Newton's method on
// Rosenbrock, a vmapped parameter sweep, a neural ODE, Bayesian logistic regression by HMC, a
// Lennard-Jones cluster relaxed by BFGS, Gaussian-process regression, a convolutional network on
// real MNIST digits, and the Kuramoto-Sivashinsky equation by ETDRK4 in Fourier space.
// Training loops show a progress bar; loss curves, trajectories, posteriors and fits are plotted in
// the terminal and written as SVG files whose paths are printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { numpy as np, lax, grad, vmap, jit, random } from "../src/index.js";
import type { Array } from "../src/index.js";
import { progressBar, terminalLogPlot, svgLogPlot, terminalFitPlot, svgFitPlot } from "./lib/terminal.js";
import * as mlp from "./mlpClassifier.js";
import * as cnn from "./cnnMnist.js";
import * as spring from "./springFit.js";
import * as dpSgd from "./dpSgd.js";
import * as newton from "./newtonRosenbrock.js";
import * as sweep from "./parameterSweep.js";
import * as neuralOde from "./neuralOde.js";
import * as bayes from "./bayesianLogistic.js";
import * as lennardJones from "./lennardJones.js";
import * as gp from "./gpRegression.js";
import * as kuramotoSivashinsky from "./kuramotoSivashinsky.js";

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const section = (title: string): void => console.log(`\n${bold(`== ${title} ==`)}`);
/** Every line of a (possibly multi-line) log entry, indented under its section. */
const indent = (text: string): string => text.split("\n").map((row) => `  ${row}`).join("\n");
const fmt = (a: Array): string => a.toString();
const demoStart = performance.now();

section("grad, vmap, jit, scan, random");
const f = (x: Array): Array => np.sum(np.tanh(x).mul(x));
const x = np.array([0.5, 1, 2]);
console.log("f(x) = sum(x * tanh(x)),  x =", fmt(x));
console.log("f(x)       =", fmt(f(x)));
console.log("grad(f)(x) =", fmt(grad(f)(x)), "  (tanh x + x sech² x)");

const norm = (row: Array): Array => np.sqrt(np.dot(row, row));
console.log("vmap(norm)([[3, 4], [5, 12], [8, 15]]) =", fmt(vmap(norm)(np.array([[3, 4], [5, 12], [8, 15]]))));

const gradJit = jit((v: Array): Array => grad(f)(v));
const kernels = gradJit.lower(x).kernelCount;
console.log("jit(grad(f))(x) =", fmt(gradJit(x)), ` -- the whole gradient compiles to ${kernels} kernel${kernels === 1 ? "" : "s"}`);
const timeUs = (fn: () => unknown, n = 300): number => {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t0) / n) * 1000;
};
console.log(`  per call: eager grad ${timeUs(() => grad(f)(x)).toFixed(0)} µs, jit(grad) ${timeUs(() => gradJit(x)).toFixed(0)} µs`);

const [total, running] = lax.scan((carry: Array, xi: Array) => [carry.add(xi), carry.add(xi)] as const, np.array(0), np.arange(1, 6, 1, { dtype: "float32" }));
console.log("lax.scan running sum of [1..5]: carry =", fmt(total), " ys =", fmt(running));

const key = random.key(0);
console.log("random.normal(random.key(0), [3]) =", fmt(random.normal(key, [3])), " (JAX's threefry: same numbers as jax.random)");
const [k1, k2] = random.split(key);
console.log("split -> uniform:", fmt(random.uniform(k1, [3])), " normal:", fmt(random.normal(k2, [3])));

section("1. MLP classifier on three spirals: jit(valueAndGrad) + adam");
let bar = progressBar("training");
const mlpResult = mlp.run({
  pointsPerClass: 150,
  hidden: 32,
  steps: 400,
  log: (l) => bar.log(`  ${l}`),
  onStep: (i, n, loss) => bar.update(i, n, `loss ${loss.toFixed(4)}`),
});
bar.done();
console.log("  loss (log scale):");
console.log(terminalLogPlot(mlpResult.losses));
const svgPath = path.join(os.tmpdir(), "dprog-mlp-loss.svg");
fs.writeFileSync(svgPath, svgLogPlot(mlpResult.losses, { title: "MLP on spirals: training loss (adam, full batch)", xLabel: "step", yLabel: "cross-entropy" }));
console.log(`  loss curve written to ${svgPath}`);

section("2. Differentiable physics: fit a damped spring through RK4 in lax.scan");
bar = progressBar("fitting ");
spring.run({ log: (l) => bar.log(`  ${l}`), onStep: (i, n, loss) => bar.update(i, n, `loss ${loss.toExponential(2)}`) });
bar.done();

section("3. DP-SGD: per-example gradients with vmap(grad), clipped and noised");
bar = progressBar("DP-SGD  ");
dpSgd.run({ log: (l) => bar.log(`  ${l}`), onStep: (i, n) => bar.update(i, n) });
bar.done();

section("4. Newton's method on Rosenbrock: hessian, and Hessian-vector products + CG");
newton.run({ log: (l) => console.log(`  ${l}`) });

section("5. A vmapped parameter sweep of the damped oscillator");
sweep.run({ log: (l) => console.log(`  ${l}`) });

section("6. A neural ODE: an MLP vector field fitted through odeint's adjoint");
bar = progressBar("fitting ");
neuralOde.run({
  observations: 100,
  segmentLength: 6,
  iterations: 40,
  batchSize: 16,
  hidden: 32,
  rtol: 1e-3,
  atol: 1e-4,
  svgDir: os.tmpdir(),
  terminalPlots: true,
  log: (l) => bar.log(indent(l)),
  onStep: (i, n, loss) => bar.update(i, n, `batch loss ${loss.toFixed(4)}`),
});
bar.done();

section("7. Bayesian logistic regression by Hamiltonian Monte Carlo (scipy.stats log density)");
bayes.run({ samples: 300, warmup: 100, chains: 4, quadraturePoints: 24, svgDir: os.tmpdir(), terminalPlot: true, log: (l) => console.log(indent(l)) });

section("8. Lennard-Jones cluster: forces by -grad, relaxed by BFGS (scipy.optimize.minimize)");
lennardJones.run({ batch: 4, svgDir: os.tmpdir(), terminalPlot: true, log: (l) => console.log(indent(l)) });

section("9. Gaussian-process regression: hyperparameters by jit(grad) through cholesky and solveTriangular");
bar = progressBar("fitting ");
const gpResult = gp.run({ points: 30, iterations: 150, gridSize: 60, log: (l) => bar.log(`  ${l}`), onStep: (i, n, loss) => bar.update(i, n, `-log p(y) ${loss.toFixed(3)}`) });
bar.done();
console.log(terminalFitPlot(gpResult.fit));
const gpSvg = path.join(os.tmpdir(), "dprog-gp-fit.svg");
fs.writeFileSync(gpSvg, svgFitPlot(gpResult.fit, { title: "GP regression: posterior mean and 2-sigma band", xLabel: "x", yLabel: "y" }));
console.log(`  fit written to ${gpSvg}`);
section("10. A convolutional network on real MNIST digits: conv, max pooling, jit(valueAndGrad) + adam");
bar = progressBar("training");
const cnnResult = cnn.run({
  trainPerClass: 120,
  testPerClass: 50,
  epochs: 2,
  batchSize: 50,
  channels: [12, 24],
  hidden: 128,
  log: (l) => bar.log(`  ${l}`),
  onStep: (i, n, loss) => bar.update(i, n, `loss ${loss.toFixed(4)}`),
});
bar.done();
console.log("  (a small network on 1,200 digits for the demo; `npx tsx examples/cnnMnist.ts` trains the full one on 8,500: 98.3 % held out)");
const shown = cnnResult.mistakes.slice(0, 6);
if (shown.length > 0) {
  console.log("  some held-out digits it got wrong (true -> predicted):");
  const pictures = shown.map((m) => cnn.digitAscii(m.pixels));
  console.log("  " + shown.map((m) => `${m.label} -> ${m.predicted}`.padEnd(30)).join(""));
  for (let row = 0; row < pictures[0]!.length; row++) console.log("  " + pictures.map((p) => p[row]!.padEnd(30)).join(""));
}
const mistakesPath = path.join(os.tmpdir(), "dprog-mnist-mistakes.svg");
fs.writeFileSync(mistakesPath, cnn.mistakesSvg(cnnResult.mistakes));
const cnnLossPath = path.join(os.tmpdir(), "dprog-mnist-loss.svg");
fs.writeFileSync(cnnLossPath, svgLogPlot(cnnResult.losses, { title: "CNN on MNIST: minibatch loss (adam)", xLabel: "step", yLabel: "cross-entropy" }));
console.log(`  misclassified digits written to ${mistakesPath}, loss curve to ${cnnLossPath}`);

section("11. Kuramoto-Sivashinsky: ETDRK4 with np.fft in lax.scan, and grad through 200 steps");
kuramotoSivashinsky.run({ steps: 400, gradSteps: 200, log: (l) => console.log(`  ${l}`) });

console.log(`\ndemo finished in ${((performance.now() - demoStart) / 1000).toFixed(1)} s; the examples run alone with \`npx tsx examples/<name>.ts\`.`);
