// dprog demo (`npm run demo`): a short tour of the core transforms -- grad, vmap, jit, lax.scan,
// random -- and then the six examples in this folder at moderate sizes, each printing the result
// it reaches: an MLP classifier, a spring fitted through its ODE solver, DP-SGD, Newton's method on
// Rosenbrock, a vmapped parameter sweep, and the Kuramoto-Sivashinsky equation by ETDRK4 in Fourier
// space. Training loops show a progress bar; the MLP's loss curve and the Kuramoto-Sivashinsky
// space-time plot are drawn in the terminal and written as SVG files whose paths are printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { numpy as np, lax, grad, vmap, jit, random } from "../src/index.js";
import type { Array } from "../src/index.js";
import { progressBar, terminalLogPlot, svgLogPlot } from "./lib/terminal.js";
import * as mlp from "./mlpClassifier.js";
import * as spring from "./springFit.js";
import * as dpSgd from "./dpSgd.js";
import * as newton from "./newtonRosenbrock.js";
import * as sweep from "./parameterSweep.js";
import * as kuramotoSivashinsky from "./kuramotoSivashinsky.js";

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const section = (title: string): void => console.log(`\n${bold(`== ${title} ==`)}`);
const fmt = (a: unknown): string => (a as Array).toString();
const demoStart = performance.now();

section("grad, vmap, jit, scan, random");
const f = (x: Array): Array => np.sum(np.tanh(x).mul(x));
const x = np.array([0.5, 1, 2]);
console.log("f(x) = sum(x * tanh(x)),  x =", fmt(x));
console.log("f(x)       =", fmt(f(x)));
console.log("grad(f)(x) =", fmt(grad(f)(x)), "  (tanh x + x sech² x)");

const norm = (row: Array): Array => np.sqrt(np.dot(row, row));
console.log("vmap(norm)([[3, 4], [5, 12], [8, 15]]) =", fmt(vmap(norm)(np.array([[3, 4], [5, 12], [8, 15]]))));

const gradJit = jit((v: Array): Array => grad(f)(v) as Array);
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
const [k1, k2] = np.unstack(random.split(key)) as [Array, Array];
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

section("6. Kuramoto-Sivashinsky: ETDRK4 with np.fft in lax.scan, and grad through 200 steps");
kuramotoSivashinsky.run({ steps: 400, gradSteps: 200, log: (l) => console.log(`  ${l}`) });

console.log(`\ndemo finished in ${((performance.now() - demoStart) / 1000).toFixed(1)} s; the examples run alone with \`npx tsx examples/<name>.ts\`.`);
