// The eig and schur primitives' lowerings: backends/js/linalg/eig.ts over the leading batch. Their
// results are complex, so they always arrive through jaxpr/passes/lowerComplex.ts with complex
// values in their interleaved storage: a complex operand is (..., n, n, 2), a real one (..., n, n);
// eig's results are w (..., n, 2) and the eigenvector matrices (..., n, n, 2), schur's T and Z
// (..., n, n, 2).
import { eig, schurBatch } from "../linalg/eig.js";
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
  const batch = a.shape.slice(0, -3).reduce((p, d) => p * d, 1);
  const run = (x: FloatArray): FloatArray[] => {
    const r = schurBatch(x, batch, n, params.computeSchurVectors);
    return r.z === null ? [r.t] : [r.t, r.z];
  };
  const what = "Hessenberg reduction and complex Schur QR (backends/js/linalg/schur.ts)";
  return { ...nativeKernel("schur", (x) => run(x as FloatArray), what), freshOutputs: true };
};
