// lax.convGeneralDilatedLocal (an unshared convolution, jax/_src/lax/other.py): values from JAX
// 0.10.2 for a channels-last 2-D case and a padded, strided 1-D case; checkGrads order 2 in
// float64; vmap against a loop; jit against eager (twice); JAX's error for a preset precision.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, vmap } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";

/** (arange(n) * step) % mod - shift, reshaped: the operands of the JAX runs below. */
const ramp = (shape: number[], step: number, mod: number, shift: number): Array =>
  np.subtract(np.remainder(np.arange(shape.reduce((a, b) => a * b, 1), { dtype: "float64" }).mul(step), mod), shift).reshape(shape);

// JAX_ENABLE_X64=1: x = (arange(120).reshape(2,5,4,3) * .37) % 1.3 - .6, w = (arange(288).reshape(4,3,12,2) * .53) % 1.1 - .5,
// lax.conv_general_dilated_local(x, w, (1,1), "VALID", (2,2), dimension_numbers=("NHWC","HWIO","NHWC")).
const NHWC_WANT = [
  0.5568, -0.468, -0.1304, -0.5346, 0.0912, 0.1096, 0.0424, 0.213, 0.109, 0.0242, 0.1144, -0.2738, 0.0826, 0.1036, 0.468, -0.0564, -0.0248, 0.6324, 1.0314, -0.1242, -0.1304, 0.2146, 0.7926, -0.0238,
  0.6428, -0.215, -0.1464, -0.8236, 0.1452, -0.0284, 0.1944, -0.927, 0.729, 0.0412, -0.0856, -0.7758, 0.1966, 0.0546, -0.188, 0.0856, 0.1992, 0.1144, 0.7914, -0.0872, -0.0504, 0.5426, 0.6706, -0.1178,
];
// x = (arange(14).reshape(1,2,7) * .71) % 1.7 - .8, w = (arange(72).reshape(3,6,4) * .29) % .9 - .4,
// lax.conv_general_dilated_local(x, w, (2,), [(1,2)], (3,)) (default NCH / OIH / NCH).
const NCH_WANT = [-0.099, -0.1285, 0.4998, -0.5684, 0.6756, -0.3097, -0.3672, -0.2318, -0.1608, 0.0671, -0.3972, 0.1138];

const nhwc = (x: Array, w: Array): Array => lax.convGeneralDilatedLocal(x, w, [1, 1], "VALID", [2, 2], null, null, ["NHWC", "HWIO", "NHWC"]);
const nch = (x: Array, w: Array): Array => lax.convGeneralDilatedLocal(x, w, [2], [[1, 2]], [3]);

function expectValues(got: Array, shape: number[], want: number[]): void {
  expect(got.shape).toEqual(shape);
  const g = globalThis.Array.from(got.dataSync() as ArrayLike<number>, Number);
  want.forEach((w, i) => expect(Math.abs(g[i]! - w)).toBeLessThan(1e-12));
}

describe("lax.convGeneralDilatedLocal", () => {
  const [x2, w2] = [ramp([2, 5, 4, 3], 0.37, 1.3, 0.6), ramp([4, 3, 12, 2], 0.53, 1.1, 0.5)];
  const [x1, w1] = [ramp([1, 2, 7], 0.71, 1.7, 0.8), ramp([3, 6, 4], 0.29, 0.9, 0.4)];

  it("values from JAX 0.10.2: NHWC / HWIO 2-D and a padded, strided 1-D NCH case", () => {
    expectValues(nhwc(x2, w2), [2, 4, 3, 2], NHWC_WANT);
    expectValues(nch(x1, w1), [1, 3, 4], NCH_WANT);
  });

  it("jit matches eager, called twice", () => {
    const f = jit(nhwc);
    for (let r = 0; r < 2; r++) expectValues(f(x2, w2), [2, 4, 3, 2], NHWC_WANT);
  });

  it("vmap over the input matches a loop", () => {
    const xs = np.stack([x1, x1.mul(-2), x1.add(0.25)]);
    const batched = vmap((x: Array) => nch(x, w1))(xs);
    for (let i = 0; i < 3; i++) expect(batched.take(i, 0).tolist()).toEqual(nch(xs.take(i, 0), w1).tolist());
  });

  it("checkGrads order 2 (float64) in both operands", () => {
    checkGrads(nch, [x1, w1], 2);
    checkGrads((x: Array, w: Array) => nhwc(x, w).sum(), [x2.take(0, 0).reshape([1, 5, 4, 3]), w2], 2);
  });

  it("a dot algorithm preset as precision is JAX's ValueError", () => {
    expect(() => lax.convGeneralDilatedLocal(x1, w1, [2], [[1, 2]], [3], null, null, null, "F32_F32_F32")).toThrow("Unsupported precision for conv_general_dilated_local: F32_F32_F32");
  });
});
