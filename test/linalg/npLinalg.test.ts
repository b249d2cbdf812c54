// np.linalg's composed functions (issue 20): norm, cond, pinv, lstsq, matrixPower, matrixRank,
// multiDot, matrixTranspose, vecdot, tensorsolve, tensorinv against numpy 2.4.6's outputs (pasted),
// with gradients (checkGrads order 2, float64) where they are smooth, and eig's missing-complex error.
import { describe, expect, it } from "vitest";
import { numpy as np, Array } from "../../src/index.js";
import { checkGrads } from "../../src/testUtil/index.js";
import { maxRelErr } from "../util/compare.js";

const f64 = (x: number[][] | number[]): Array => np.array(x, { dtype: "float64" });
const values = (x: Array): Float64Array => Float64Array.from(x.dataSync() as ArrayLike<number>, Number);
const A = f64([[3, 0.4, -0.5], [0.6, -2.5, 0.3], [0.2, 0.7, 1.7]]);
const T = f64([[2, 0.3], [0.5, -1.5], [0.4, 0.8], [-0.2, 0.1]]);
const close = (x: Array, want: number | ArrayLike<number>, tol = 1e-13): void => expect(maxRelErr(values(x), typeof want === "number" ? [want] : want)).toBeLessThan(tol);

describe("np.linalg.norm: numpy 2.4.6's values", () => {
  it("matrix orders", () => {
    const want: [Parameters<typeof np.linalg.norm>[1], number][] = [[null, 4.41927595879687], ["fro", 4.41927595879687], ["nuc", 7.470319204787282], [1, 3.8000000000000003], [-1, 2.5], [2, 3.092926949129952], [-2, 1.75107676845268], [Infinity, 3.9], [-Infinity, 2.5999999999999996]];
    for (const [ord, v] of want) close(np.linalg.norm(A, ord), v);
  });
  it("vector orders, axis and keepdims", () => {
    const v = f64([3, -4, 0, 1]);
    const want: [number | null, number][] = [[null, 5.0990195135927845], [1, 8], [2, 5.0990195135927845], [0, 3], [Infinity, 4], [-Infinity, 0], [3, 4.514357435474001], [0.5, 22.392304845413257]];
    for (const [ord, w] of want) close(np.linalg.norm(v, ord), w);
    expect(np.linalg.norm(A, null, 1, true).shape).toEqual([3, 1]);
    close(np.linalg.norm(A, null, 0), [Math.hypot(3, 0.6, 0.2), Math.hypot(0.4, -2.5, 0.7), Math.hypot(-0.5, 0.3, 1.7)]);
  });
  it("gradients (fro and 2-norm of a vector)", () => {
    checkGrads((x: Array) => np.linalg.norm(x), [A], { order: 2 });
    checkGrads((x: Array) => np.linalg.norm(x, 2), [A], { order: 2 });
  });
});

describe("np.linalg: cond, pinv, lstsq, matrixPower, matrixRank", () => {
  it("numpy 2.4.6's values", () => {
    close(np.linalg.cond(A), 1.7663000302739342, 1e-12);
    close(np.linalg.cond(A, 1), 2.6902418447694036, 1e-12);
    close(np.linalg.pinv(T), [0.446811714221185, 0.1294888202966198, 0.08100579688323423, -0.046149213280132516, 0.07791914477151247, -0.5081683354663856, 0.26349469246405177, 0.035759993977264176], 1e-12);
    const [x, resid, rank] = np.linalg.lstsq(T, f64([1, 2, 3, 4]));
    close(x, [0.764209892343597, -0.004893472860046403], 1e-12);
    close(resid, [27.402175713317774], 1e-12);
    expect(values(rank)[0]).toBe(2);
    close(np.linalg.matrixPower(A, 3), [26.884, 2.4700000000000006, -8.406, 4.992, -16.984, 0.912, 4.392, 3.8440000000000003, 4.276], 1e-13);
    close(np.linalg.matrixPower(A, -2), [0.09806537470217797, 0.007514747172351486, 0.07424791635297555, -0.008967875078607296, 0.15051637246131636, 0.020426826567938844, -0.04589116321089784, 0.020675934209011267, 0.3029425701708546], 1e-12);
    close(np.linalg.matrixPower(A, 0), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(values(np.linalg.matrixRank(f64([[1, 2], [2, 4]])))[0]).toBe(1);
    expect(values(np.linalg.matrixRank(A))[0]).toBe(3);
  });
  it("gradients of pinv, lstsq's x and matrixPower", () => {
    checkGrads((t: Array) => np.linalg.pinv(t), [T], { order: 2 });
    checkGrads((t: Array, b: Array) => np.linalg.lstsq(t, b)[0], [T, f64([1, 2, 3, 4])], { order: 2 });
    checkGrads((a: Array) => np.linalg.matrixPower(a, -2), [A], { order: 2 });
  });
});

describe("np.linalg: multiDot, matrixTranspose, vecdot, tensorsolve, tensorinv, eig", () => {
  it("values", () => {
    const v = f64([1, 2, 3]);
    close(np.linalg.multiDot([v, A, A, v]), values(np.matmul(np.matmul(np.matmul(v, A), A), v))[0]!);
    expect(np.linalg.matrixTranspose(T).shape).toEqual([2, 4]);
    expect(() => np.linalg.matrixTranspose(v)).toThrow(/at least two-dimensional for matrix_transpose; got ndim=1/);
    // One implementation: np.linalg.matrixTranspose is np.matrixTranspose.
    expect(np.linalg.matrixTranspose).toBe(np.matrixTranspose);
    close(np.linalg.vecdot(A, A), values(np.sum(np.multiply(A, A), -1)));
    const a4 = np.reshape(np.add(np.multiply(np.eye(6, { dtype: "float64" }), 3), np.reshape(np.linspace(0, 1, 36, { dtype: "float64" }), [6, 6])), [2, 3, 6]);
    const b = f64([[1, 2, 3], [4, 5, 6]]);
    const x = np.linalg.tensorsolve(a4, b);
    expect(x.shape).toEqual([6]);
    close(np.tensordot(a4, x, 1), values(b), 1e-12);
    const inv = np.linalg.tensorinv(np.reshape(a4, [6, 2, 3]), 1);
    expect(inv.shape).toEqual([2, 3, 6]);
    expect(() => np.linalg.eig(np.ones([2, 3]))).toThrow(/square matrix/);
  });
});
