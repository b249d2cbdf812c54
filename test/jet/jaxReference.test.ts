// jet against jax.experimental.jet: the constants below were computed with jax 0.10.2
// (jax_enable_x64) by /tmp/ref.py-style calls `jet(f, primals, series)` on the same inputs.
import { describe, it } from "vitest";
import { numpy as np, lax, nn, jet } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { expectClose, f64 } from "./util.js";

type Ref = [name: string, f: (...xs: Array[]) => Array, primals: Array[], series: Array[][], primalOut: number[], termsOut: number[][]];

const A = f64([
  [1.0, -2.0, 0.5],
  [0.3, 0.7, -1.1],
]);
const x3 = f64([0.1, 0.2, 0.3]);
const xSeries = [f64([1, 0, -1]), f64([0.5, 0.5, 0.5]), f64([0.1, -0.2, 0.3])];
const scaledA = (c: number): Array => lax.mul(A, c);

// Values from jax 0.10.2 jax.experimental.jet.jet, float64.
const REFERENCES: Ref[] = [
  ["exp(sin(x))", (x) => np.exp(np.sin(x)), [f64(0.7)], [[f64(1), f64(0.5), f64(-0.3), f64(0.2)]], [1.9044965343867302], [[1.4566392950360747], [0.6155084792831473], [-4.025916172137489], [-14.42992902476778]]],
  ["log(1 + x^2)", (x) => np.log(lax.add(1, lax.integerPow(x, 2))), [f64(0.3)], [[f64(1), f64(0), f64(0), f64(0), f64(0)]], [0.08617769624105241], [[0.5504587155963302], [1.5318575877451375], [-2.696464712373238], [-3.9793660955954246], [38.44775704395218]]],
  ["tanh", np.tanh, [f64(0.4)], [[f64(1), f64(-0.5), f64(0.25), f64(0), f64(0.1)]], [0.379948962255225], [[0.8556387860811776], [-1.0780175307143156], [0.21905565387677034], [5.847831398615112], [-24.533763686654563]]],
  ["dot(A, sin(x))", (x) => np.dot(A, np.sin(x)), [x3], [xSeries], [-0.1497451416126245, -0.15605367077688226], [[0.5173359207152228, 1.3493713876215745], [-0.4913238928983249, 0.2619610603504798], [0.18938163034367975, -2.304525003454742]]],
  ["tanh(A @ x), both with series", (a, x) => np.tanh(np.matmul(a, x)), [A, x3], [[scaledA(0.1), scaledA(-0.2), scaledA(0.3)], xSeries], [-0.14888503362331795, -0.15864850429749888], [[0.47424912468004693, 1.3491656224844863], [-0.04884965064395489, 0.8478769539471837], [-0.03421013745819838, -5.750990623284599]]],
  ["sum(exp(x))", (x) => np.sum(np.exp(x)), [x3], [[f64([1, 2, 3]), f64([0, 1, 0]), f64([0.5, 0.5, 0.5])]], [3.6764324838118205], [[7.597552857123997], [19.360913977060502], [56.48921357877606]]],
  ["max(sin(3x))", (x) => np.max(np.sin(lax.mul(x, 3))), [x3], [[f64([1, 2, 3]), f64([0, 1, 0]), f64([0.5, 0.5, 0.5])]], [0.7833269096274833], [[5.594489714435981], [-63.44947967982607], [-452.22125191690867]]],
  ["sigmoid(x) / sqrt(1 + x^2)", (x) => lax.div(nn.sigmoid(x), np.sqrt(lax.add(1, lax.mul(x, x)))), [f64(0.9)], [[f64(1), f64(0.2), f64(0.3), f64(-0.4)]], [0.5284446035784998], [[-0.11001533456715933], [-0.1383423860449107], [0.37650750781199926], [-0.7114155810010625]]],
  ["(1.5 + x)^(2.5x) + erf(x) + atan2(x, 2 - x)", (x) => lax.add(lax.add(np.power(lax.add(1.5, x), lax.mul(2.5, x)), lax.erf(x)), np.arctan2(x, lax.sub(2, x))), [f64(0.6)], [[f64(1), f64(0.2), f64(0.3), f64(-0.4)]], [4.051936993832792], [[9.467658041043885], [27.840298965868858], [112.58335394786735], [521.9927407104109]]],
];

describe("jet against jax 0.10.2 reference values (float64)", () => {
  for (const [name, f, primals, series, primalOut, termsOut] of REFERENCES) {
    it(name, () => {
      const [y, terms] = jet(f, primals, series);
      expectClose(y, primalOut, 1e-13, 1e-14, `${name}: primal`);
      // JAX scales by exp(lgamma(k + 1)), a few ulps off k!: hence 1e-12 rather than exact.
      terms.forEach((t, k) => expectClose(t, termsOut[k]!, 1e-12, 1e-12, `${name}: term ${k + 1}`));
    });
  }
});
