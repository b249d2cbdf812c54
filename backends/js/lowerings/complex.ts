// Equations on complex values, one at a time (eager operations, and the complex-part primitives
// wherever they are lowered alone): the equation becomes a one-equation program whose complex
// values lowerComplex turns into real pairs, compiled as any program is.
import type { Eqn, PrimitiveName } from "../../../jaxpr/index.js";
import { Var, makeJaxprValue } from "../../../jaxpr/index.js";
import type { Kernel, Lowering, LoweringInput } from "../kernel.js";
import { compileBodyJaxpr } from "../bodyCompiler.js";

export function complexOpKernel<P extends PrimitiveName>(primitive: P, eqn: LoweringInput<P>): Kernel {
  const invars = eqn.inAvals.map((a) => new Var(a));
  const outvars = eqn.outAvals.map((a) => new Var(a));
  const one: Eqn = Object.freeze({ primitive, invars, params: eqn.params, outvars }) as Eqn;
  const program = compileBodyJaxpr(makeJaxprValue({ constvars: [], invars, eqns: [one], outvars }), []);
  return { name: primitive, source: program.source, run: program.run };
}

/** The lowering of a primitive that only exists on complex values (real, imag, conj, complex). */
export const complexLowering =
  <P extends PrimitiveName>(primitive: P): Lowering<P> =>
  (eqn) =>
    complexOpKernel(primitive, eqn);

export const COMPLEX_LOWERINGS: { [P in "real" | "imag" | "conj" | "complex"]: Lowering<P> } = {
  real: complexLowering("real"),
  imag: complexLowering("imag"),
  conj: complexLowering("conj"),
  complex: complexLowering("complex"),
};
