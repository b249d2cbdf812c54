// Checks that run the same way in Node (on src/) and in a browser page (on the bundle): each
// returns plain numbers, and browser.test.ts compares the page's numbers with Node's. Plain
// JavaScript, because the page imports it as it is.
// @ts-check

/** @typedef {typeof import("../../src/index.js")} Dprog */
/** @typedef {import("../../src/index.js").Array} Arr */

/** @param {Arr} a */
const values = (a) => Array.from(a.dataSync(), Number);

/**
 * Transforms and jit: grad, valueAndGrad, jvp, hessian, vmap (of a function and of its grad),
 * jit of a gradient step, and a jitted elementwise chain over 2^20 elements, large enough for a
 * fused loop to be split with the helper thread where there is one.
 * @param {Dprog} dp
 * @returns {Record<string, number[]>}
 */
export function transformChecks(dp) {
  const { numpy: np, grad, valueAndGrad, jvp, hessian, vmap, jit } = dp;
  const x = np.array([0.1, 0.5, 1, 2]);
  const f = (/** @type {Arr} */ v) => np.sum(np.sin(v).mul(v).mul(v));
  const [value, g] = valueAndGrad(f)(x);
  const [primal, tangent] = jvp((/** @type {Arr} */ v) => np.tanh(v).mul(np.exp(v.mul(-0.5))), [x], [np.array([1, -1, 0.5, 2])]);
  const rosenbrock = (/** @type {Arr} */ p) => {
    const a = p.get(0);
    const b = p.get(1);
    return np.square(a.neg().add(1)).add(np.square(b.sub(a.mul(a))).mul(100));
  };
  const m = np.arange(12, { dtype: "float32" }).reshape([3, 2, 2]);
  const batched = vmap((/** @type {Arr} */ a, /** @type {Arr} */ v) => a.matmul(v))(m, np.array([[1, 2], [3, 4], [5, 6]]));
  const perExample = vmap(grad(f))(np.array([[0.3, 0.7], [1.5, -2]]));
  const step = jit((/** @type {Arr} */ w) => w.sub(grad((/** @type {Arr} */ u) => np.sum(np.square(np.tanh(u).sub(0.25))))(w).mul(0.1)));
  return {
    value: values(value),
    grad: values(g),
    jvpPrimal: values(primal),
    jvpTangent: values(tangent),
    hessian: values(hessian(rosenbrock)(np.array([1.5, -0.5]))),
    vmapMatvec: values(batched),
    vmapGrad: values(perExample),
    jitGradStep: values(step(step(x))),
    fusedRows: fusedCheck(dp),
  };
}

/**
 * A jitted elementwise chain and row sums over 2^20 elements: one fused loop, large enough to be
 * split with the helper thread where there is one. A few row sums and their total.
 * @param {Dprog} dp
 * @returns {number[]}
 */
export function fusedCheck(dp) {
  const { numpy: np, jit } = dp;
  const big = np.linspace(-3, 3, 1 << 20).reshape([1024, 1024]);
  const chain = jit((/** @type {Arr} */ v) => np.sum(np.sin(v).mul(np.cos(v.mul(0.5))).add(np.exp(v.mul(-0.1))), 1));
  const rows = values(chain(big));
  return [rows[0] ?? NaN, rows[511] ?? NaN, rows[1023] ?? NaN, rows.reduce((s, v) => s + v, 0)];
}

/**
 * np.fft.fft of a complex64 batch of 512 rows of 1024 points and np.fft.irfft2 of it: large enough
 * for the rows and the column blocks to be split with the helper thread where there is one. A few
 * values and sums.
 * @param {Dprog} dp
 * @returns {number[]}
 */
export function fftCheck(dp) {
  const { numpy: np, lax } = dp;
  const grid = np.linspace(-3, 3, 1 << 19, { dtype: "float32" }).reshape([512, 1024]);
  const z = lax.complex(np.sin(grid.mul(7)), np.cos(grid.mul(grid)));
  const rows = values(np.fft.fft(z));
  const image = values(np.fft.irfft2(z));
  return [rows[2] ?? NaN, rows[5001] ?? NaN, rows.reduce((s, v) => s + Math.abs(v), 0), image[77] ?? NaN, image.reduce((s, v) => s + Math.abs(v), 0)];
}

/**
 * Control flow: scan (with its gradient), cond, whileLoop and foriLoop, eager and under jit.
 * @param {Dprog} dp
 * @returns {Record<string, number[]>}
 */
export function controlFlowChecks(dp) {
  const { numpy: np, lax, grad, jit } = dp;
  const xs = np.array([0.5, -1, 2, 0.25, 3]);
  const cumulative = (/** @type {Arr} */ v) => lax.scan((/** @type {Arr} */ c, /** @type {Arr} */ xi) => /** @type {const} */ ([c.mul(0.9).add(np.sin(xi)), c]), np.array(0), v);
  const [carry, ys] = cumulative(xs);
  const scanGrad = grad((/** @type {Arr} */ v) => cumulative(v)[0])(xs);
  const branch = (/** @type {Arr} */ v) => lax.cond(np.greater(np.sum(v), 0), (/** @type {Arr} */ u) => u.mul(2), (/** @type {Arr} */ u) => u.neg(), v);
  // Collatz steps from 27 (111), as a while loop over an int32 pair.
  const collatz = (/** @type {Arr} */ n0) =>
    lax.whileLoop(
      (/** @type {[Arr, Arr]} */ [n]) => np.notEqual(n, 1),
      (/** @type {[Arr, Arr]} */ [n, steps]) => [np.where(np.equal(np.remainder(n, 2), 0), np.floorDivide(n, 2), n.mul(3).add(1)), steps.add(1)],
      /** @type {[Arr, Arr]} */ ([n0, np.array(0, { dtype: "int32" })]),
    )[1];
  const fori = (/** @type {Arr} */ v) => lax.foriLoop(0, 10, (/** @type {Arr} */ i, /** @type {Arr} */ acc) => acc.add(v.mul(i)), np.zerosLike(v));
  return {
    scanCarry: values(carry),
    scanYs: values(ys),
    scanGrad: values(scanGrad),
    scanJit: values(jit((/** @type {Arr} */ v) => cumulative(v)[1])(xs)),
    condTrue: values(branch(xs)),
    condFalse: values(jit(branch)(xs.neg())),
    whileLoop: [...values(collatz(np.array(27, { dtype: "int32" }))), ...values(jit(collatz)(np.array(97, { dtype: "int32" })))],
    foriLoop: values(jit(fori)(xs)),
  };
}

/**
 * Random: the same key gives the same bits, uniforms, normals and splits as in Node.
 * @param {Dprog} dp
 * @returns {Record<string, number[]>}
 */
export function randomChecks(dp) {
  const { random } = dp;
  const key = random.key(42);
  const [k1, k2] = dp.numpy.unstack(random.split(key));
  return {
    bits: values(random.bits(key, [8])),
    split: values(random.keyData(random.split(key, 3))),
    uniform: values(random.uniform(/** @type {Arr} */ (k1), [6])),
    normal: values(random.normal(/** @type {Arr} */ (k2), [6])),
    jitNormal: values(dp.jit((/** @type {Arr} */ k) => random.normal(k, [4]))(key)),
  };
}

/**
 * A float32 product big enough for the wasm GEMM and for its rows to be split with the helper
 * thread (2^24 multiply-adds; the split starts at 2^23): a checksum and a few entries, run
 * `repeats` times so that a helper that was still starting up gets later calls.
 * @param {Dprog} dp
 * @param {number} n
 * @returns {{ usesWasm: boolean, entries: number[] }}
 */
export function gemmCheck(dp, n = 256) {
  const { numpy: np, random, jit } = dp;
  const [ka, kb] = np.unstack(random.split(random.key(7)));
  const a = random.normal(/** @type {Arr} */ (ka), [n, n]);
  const b = random.normal(/** @type {Arr} */ (kb), [n, n]);
  const product = jit((/** @type {Arr} */ l, /** @type {Arr} */ r) => l.matmul(r));
  const c = values(product(a, b));
  return {
    usesWasm: product.lower(a, b).source.includes("wasm SIMD GEMM"),
    entries: [c[0] ?? NaN, c[n + 1] ?? NaN, c[n * n - 1] ?? NaN, c.reduce((s, v) => s + v, 0), c.reduce((s, v) => s + Math.abs(v), 0)],
  };
}
