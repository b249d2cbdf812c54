// scipy.special.boxcox, boxcox1p and comb against JAX 0.10.2's values (JAX_ENABLE_X64=1, float64);
// jit (twice) = eager, vmap = loop, checkGrads order 2 float64.
import { describe, it } from "vitest";
import { expectClose, f64, itMatchesJax } from "../util/jaxValues.js";
import { Array, scipy, testUtil, vmap } from "../../src/index.js";

const S = scipy.special;
const L = f64([0, 0.5, -1.5, 2, 0.5]);

describe("scipy.special.boxcox, boxcox1p, comb (values from JAX 0.10.2)", () => {
  const cases: [string, () => Array, number[]][] = [
    ["boxcox", () => S.boxcox(f64([0.5, 1, 2.5, 10, -1]), L), [-0.6931471805599453, 0.0, 0.4980118581243531, 49.50000000000002, NaN]],
    ["boxcox1p", () => S.boxcox1p(f64([1e-10, 0, 1.5, 10, -2]), L), [9.999999999500001e-11, 0.0, 0.4980118581243531, 60.000000000000014, NaN]],
    ["comb", () => S.comb(f64([5, 10, 3, 30, 4.5, -1]), f64([2, 3, 4, 15, 2, 1])), [10.00000000000002, 119.99999999999902, 0.0, 155117519.9999994, 7.875000000000021, 0.0]],
    ["comb with repetition", () => S.comb(f64([5, 10, 0]), f64([2, 3, 0]), { repetition: true }), [15.00000000000002, 219.99999999999912, 1.0]],
  ];
  itMatchesJax(cases, 1e-11);
  it("vmap equals a loop; checkGrads order 2 (float64), also at λ = 0", () => {
    const x = f64([0.5, 1.5, 2.5, 10, 3]);
    expectClose(vmap((a: Array, l: Array) => S.boxcox(a, l))(x, L), S.boxcox(x, L).tolist() as number[]);
    // In x everywhere (λ = 0 included); in λ away from 0, where JAX's where() branch makes the
    // λ-derivative 0 rather than log(x)²/2 (as JAX's own).
    const nonzero = f64([0.3, 0.5, -1.5, 2, 0.5]);
    testUtil.checkGrads((a: Array) => S.boxcox(a, L), [x], 2);
    testUtil.checkGrads((a: Array) => S.boxcox1p(a, L), [x], 2);
    testUtil.checkGrads((a: Array, l: Array) => S.boxcox(a, l), [x, nonzero], 2);
    testUtil.checkGrads((a: Array, l: Array) => S.boxcox1p(a, l), [x, nonzero], 2);
    testUtil.checkGrads((n: Array) => S.comb(n, f64([2, 1.5, 3])), [f64([5.5, 4, 7])], 2);
  });
});
