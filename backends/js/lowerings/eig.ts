// The eig and schur primitives' lowerings: backends/js/linalg/eig.ts over the leading batch. eig's
// results are complex, so it always arrives through jaxpr/passes/lowerComplex.ts with complex
// values in their interleaved storage: a complex operand is (..., n, n, 2), a real one (..., n, n);
// eig's results are w (..., n, 2) and the eigenvector matrices (..., n, n, 2). schur of complex
// input arrives interleaved and viewed as (..., n, 2n) (lowerComplex's lowerSchur), its T and Z
// likewise; schur of real input is the real Schur form (backends/js/linalg/realSchur.ts), (..., n, n).
import { eig, schurBatch } from "../linalg/eig.js";
import { realSchurBatch } from "../linalg/realSchur.js";
import type { FloatArray } from "../linalg/types.js";
import { nativeKernel, type Lowering } from "../kernel.js";

export const eigLowering: Lowering<"eig"> = ({ inAvals, outAvals, params }) => {
  const a = inAvals[0]!, w = outAvals[0]!;
  const complexInput = a.ndim === w.ndim + 1;
  const n = w.shape[w.ndim - 2]!;
  const batch = w.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const { computeLeftEigenvectors: left, computeRightEigenvectors: right } = params;
  const run = (x: FloatArray): FloatArray[] => {
    const r = eig(x, batch, n, complexInput, left, right);
    return [r.w, ...(r.vl === null ? [] : [r.vl]), ...(r.vr === null ? [] : [r.vr])];
  };
  const what = "balancing, Hessenberg reduction, complex Schur QR and triangular eigenvectors (backends/js/linalg/eig.ts)";
  return { ...nativeKernel("eig", (x) => run(x as FloatArray), what), freshOutputs: true };
};

export const schurLowering: Lowering<"schur"> = ({ inAvals, params }) => {
  const a = inAvals[0]!;
  const n = a.shape[a.ndim - 2]!;
  const complexInput = n > 0 && a.shape[a.ndim - 1] === 2 * n;
  const batch = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const run = (x: FloatArray): FloatArray[] => {
    const r = (complexInput ? schurBatch : realSchurBatch)(x, batch, n, params.computeSchurVectors);
    return r.z === null ? [r.t] : [r.t, r.z];
  };
  const what = complexInput ? "Hessenberg reduction and complex Schur QR (backends/js/linalg/schur.ts)" : "Hessenberg reduction and Francis double-shift QR (backends/js/linalg/realSchur.ts)";
  return { ...nativeKernel("schur", (x) => run(x as FloatArray), what), freshOutputs: true };
};
