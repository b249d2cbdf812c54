// Special functions that iterate per element (jaxpr/params.ts's SpecialFunctionParams): a native
// loop calling the scalar function on each element, so that each stops at its own convergence.
import type { SpecialFunctionParams } from "../../../jaxpr/index.js";
import { nativeKernel, type Lowering } from "../kernel.js";
import { BETA_TOLERANCE, regularizedIncompleteBeta } from "../specialFunctions.js";

type FloatArray = Float32Array | Float64Array;

export const SPECIAL_FUNCTION_LOWERINGS: { [P in keyof SpecialFunctionParams]: Lowering<P> } = {
  regularized_incomplete_beta: ({ outAvals }) => {
    const dtype = outAvals[0]!.dtype === "float32" ? "float32" : "float64";
    const tol = BETA_TOLERANCE[dtype];
    const run = (...inputs: FloatArray[]): FloatArray[] => {
      const [a, b, x] = inputs as [FloatArray, FloatArray, FloatArray];
      const out = dtype === "float32" ? new Float32Array(x.length) : new Float64Array(x.length);
      for (let i = 0; i < out.length; i++) out[i] = regularizedIncompleteBeta(a[i]!, b[i]!, x[i]!, tol);
      return [out];
    };
    return { ...nativeKernel("regularized_incomplete_beta", (...inputs) => run(...(inputs as FloatArray[])), `continued fraction per element (backends/js/specialFunctions.ts), ${dtype}`), freshOutputs: true };
  },
};
