// lax names composed from other operations (src/lax/compositions.ts, src/laxNamespace.ts):
// values from JAX 0.10.2 with JAX_ENABLE_X64=1 (float64), jit = eager (twice), vmap = loop,
// checkGrads order 2 in float64 where JAX differentiates.
import { describe, expect, it } from "vitest";
import { expectClose, f64, itMatchesJax } from "../util/jaxValues.js";
import { Array, lax, numpy as np, testUtil, vmap } from "../../src/index.js";
import { ValueError } from "../../src/core/errors.js";

const A = f64([0.5, 2, 3.5, 10]);
const Z = f64([0.3, 1, 5, 8]);
const L = f64([0.5, -1, 2, 3, 0, -4]).reshape([2, 3]);
const DN = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0], operandBatchingDims: [], scatterIndicesBatchingDims: [] };

describe("lax compositions (values from JAX 0.10.2)", () => {
  const cases: [string, () => Array, unknown, number?][] = [
    ["erfc", () => lax.erfc(f64([-1.5, 0.2, 3, 7.5])), [1.9661051464753108, 0.7772974107895215, 2.2090496998585445e-5, 2.77664938603057e-26], 1e-10],
    ["igamma", () => lax.igamma(A, Z), [0.561421973919, 0.2642411176571152, 0.8114265324865502, 0.28337574127298787], 1e-10],
    ["igammac", () => lax.igammac(A, Z), [0.43857802608100005, 0.7357588823428848, 0.18857346751344986, 0.7166242587270122], 1e-10],
    ["polygamma", () => lax.polygamma(f64([0, 1, 2, 3]), f64([0.7, 1.5, 3, 10])), [-1.2200235536979354, 0.9348022005446794, -0.1541138063191884, 0.0023199013042898703], 1e-10],
    ["polygamma at a non-integer order", () => lax.polygamma(f64([1.5]), f64([2])), [NaN]],
    ["zeta", () => lax.zeta(f64([2, 3, 4.5, 1.5]), f64([1, 2, 0.5, 3])), [1.6449340668482264, 0.20205690315959426, 22.8105991461284, 1.2588219580922144], 1e-10],
    ["nextafter", () => lax.nextafter(f64([1, 0, -2]), f64([2, -1, 0])), [1.0000000000000002, -5e-324, -1.9999999999999998], 0],
    ["cumlogsumexp reverse axis 1", () => lax.cumlogsumexp(L, 1, true), [[2.241311296657157, 2.048587351573742, 2.0], [3.049455609695646, 0.01814992791780974, -4.0]]],
    ["cumlogsumexp axis 0", () => lax.cumlogsumexp(L), [[0.5, -1.0, 2.0], [3.0788897342925496, 0.3132616875182228, 2.0024756851377306]]],
    ["tile", () => lax.tile(np.arange(6, { dtype: "float64" }).reshape([2, 3]), [2, 2]), [[0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5], [0, 1, 2, 0, 1, 2], [3, 4, 5, 3, 4, 5]], 0],
    ["reciprocal", () => lax.reciprocal(f64([2, 4, -0.5])), [0.5, 0.25, -2], 0],
    ["scatterSub", () => lax.scatterSub(np.ones([4], { dtype: "float64" }), np.array([[1], [1], [3]], { dtype: "int32" }), f64([5, 6, 7]), DN), [1, -10, 1, -6], 0],
  ];
  itMatchesJax(cases);
  it("broadcastToRank: leading unit dimensions; a lower rank is an error", () => {
    expect(lax.broadcastToRank(f64([1, 2]), 3).shape).toEqual([1, 1, 2]);
    expect(() => lax.broadcastToRank(np.ones([2, 2]), 1)).toThrow(ValueError);
    expect(() => lax.tile(np.ones([2, 2]), [2])).toThrow(new TypeError("reps length must be equal to the ndim of x, got len(reps)=1 and x.ndim=2."));
  });
  it("vmap equals a loop", () => {
    expectClose(vmap((r: Array) => lax.cumlogsumexp(r, 0, true))(L), [lax.cumlogsumexp(L.get(0), 0, true).tolist(), lax.cumlogsumexp(L.get(1), 0, true).tolist()]);
    expectClose(vmap((r: Array) => lax.tile(r, [2]))(L), [lax.tile(L.get(0), [2]).tolist(), lax.tile(L.get(1), [2]).tolist()]);
    expectClose(vmap((a: Array, z: Array) => lax.igamma(a, z))(A, Z), lax.igamma(A, Z).tolist());
  });
  it("checkGrads order 2 (float64)", () => {
    testUtil.checkGrads((x: Array) => lax.cumlogsumexp(x, 1, true), [L], 2);
    testUtil.checkGrads((x: Array) => lax.tile(x, [2, 1]), [L], 2);
    testUtil.checkGrads((x: Array) => lax.reciprocal(x), [f64([2, 4, -0.5])], 2);
    testUtil.checkGrads((x: Array) => lax.erfc(x), [f64([-1.5, 0.2, 1.3])], 2);
    testUtil.checkGrads((x: Array) => lax.igamma(A, x), [Z], 2);
    testUtil.checkGrads((u: Array) => lax.scatterSub(np.ones([4], { dtype: "float64" }), np.array([[1], [1], [3]], { dtype: "int32" }), u, DN), [f64([5, 6, 7])], 2);
  });
});
