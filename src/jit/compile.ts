// From a pjit's closed jaxpr to a runnable program: the jaxpr pass pipeline (inlining, algebraic
// simplification, constant folding, CSE, DCE), then the JS backend's fusing code generator. One
// compilation per closed jaxpr object, kept as long as the jaxpr is (the jit cache holds it).
import type { ClosedJaxpr, ShapedArray, ConstJaxpr } from "../../jaxpr/index.js";
import { compileJaxpr, Executable } from "../../backends/js/index.js";
import { Array, ArrayImpl, bufferOf } from "../core/array.js";
import { registerHostEvaluation } from "../core/eval.js";
import { optimizeJaxpr } from "./optimize.js";

export interface CompiledProgram {
  readonly executable: Executable;
  /** The optimized jaxpr the executable was generated from. */
  readonly optimized: ConstJaxpr;
  readonly outAvals: readonly ShapedArray[];
}

const compiled = new WeakMap<ClosedJaxpr, CompiledProgram>();

export function compileClosedJaxpr(closed: ClosedJaxpr<Array>): CompiledProgram {
  let program = compiled.get(closed);
  if (program === undefined) {
    const optimized = optimizeJaxpr({ jaxpr: closed.jaxpr, consts: closed.consts });
    const buffers = optimized.consts.map((c) => {
      const v = (c as Array).concreteValue();
      if (v === null) throw new Error("compileClosedJaxpr: a traced value reached a compiled program's constants");
      return bufferOf(v);
    });
    const executable = compileJaxpr(optimized.jaxpr, buffers);
    program = { executable, optimized, outAvals: closed.outAvals };
    compiled.set(closed, program);
  }
  return program;
}

/** Runs a closed jaxpr's compiled program on concrete arrays. */
export function runCompiled(closed: ClosedJaxpr<Array>, args: readonly ArrayImpl[]): ArrayImpl[] {
  const program = compileClosedJaxpr(closed);
  const n = args.length;
  const buffers = new globalThis.Array(n);
  for (let i = 0; i < n; i++) buffers[i] = bufferOf(args[i]!);
  const outs = program.executable.run(...buffers);
  const avals = program.outAvals;
  const result = new globalThis.Array<ArrayImpl>(outs.length);
  for (let i = 0; i < outs.length; i++) result[i] = new ArrayImpl(outs[i]!, avals[i]!);
  return result;
}

let pjitEvaluation = false;
/**
 * Eager evaluation of pjit: its compiled program. Installed by the APIs that bind pjit (jit,
 * namedCall) rather than at import, so a bundle without them leaves the jit pipeline out.
 */
export function installPjitEvaluation(): void {
  if (pjitEvaluation) return;
  pjitEvaluation = true;
  registerHostEvaluation("pjit", (args, params) => runCompiled(params.jaxpr as ClosedJaxpr<Array>, args));
}
