// The eig primitive's lowering: backends/js/linalg/eig.ts over the leading batch. Its results are
// complex, so it always arrives through jaxpr/passes/lowerComplex.ts with complex values in their
// interleaved storage: a complex operand is (..., n, n, 2), a real one (..., n, n); the results are
// w (..., n, 2) and the eigenvector matrices (..., n, n, 2).
import { eig } from "../linalg/eig.js";
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
