// Served with `Content-Security-Policy: script-src 'self'` (no 'unsafe-eval'): importing dprog
// must not throw; then each operation either gives the right value (kernels that need no
// generated code, or the kernel IR evaluator) or throws an error naming 'unsafe-eval'. The
// outcome is left in globalThis.cspReport for browser.test.ts.
// @ts-check

/** @param {unknown} e */
const describe = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * @param {() => number[]} f
 * @returns {{ values: number[] } | { error: string }}
 */
function attempt(f) {
  try {
    return { values: f() };
  } catch (e) {
    return { error: describe(e) };
  }
}

/** @type {Record<string, unknown>} */
const report = { evalForbidden: false };
try {
  new Function("return 1");
} catch {
  report.evalForbidden = true;
}
try {
  const dp = /** @type {typeof import("../../src/index.js")} */ (await import(/** @type {string} */ ("/dist/index.js")));
  report.imported = true;
  const { numpy: np, jit, grad } = dp;
  const x = np.array([0.5, 1, 2, 4]);
  const values = (/** @type {import("../../src/index.js").Array} */ a) => Array.from(a.dataSync(), Number);
  report.eager = attempt(() => values(np.sin(x).mul(2).add(1)));
  report.jit = attempt(() => values(jit((/** @type {import("../../src/index.js").Array} */ v) => np.sin(v).mul(2).add(1))(x)));
  report.grad = attempt(() => values(grad((/** @type {import("../../src/index.js").Array} */ v) => np.sum(np.sin(v).mul(v)))(x)));
  report.matmul = attempt(() => values(np.ones([64, 64]).matmul(np.ones([64, 64])).sum()));
} catch (e) {
  report.imported = false;
  report.importError = describe(e);
}
Object.assign(globalThis, { cspReport: report });
