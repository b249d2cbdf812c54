// The jit pass pipeline over a jaxpr with its constants: inline calls, then simplify, fold
// constants, eliminate common subexpressions, simplify what that exposed and drop dead code,
// repeated until nothing changes (each pass returns its input object when it changes nothing).
// The jaxprs carried by control flow (cond, while, scan) go through the same pipeline, recursively.
import type { ConstJaxpr, ConstantEvaluator, Eqn } from "../../jaxpr/index.js";
import { Literal, inlineCalls, simplify, foldConstants, cse, dce, dropUnusedConsts } from "../../jaxpr/index.js";
import type { Array, ArrayImpl } from "../core/array.js";
import { bufferOf } from "../core/array.js";
import { evalPrimitive, scalarArray } from "../core/eval.js";
import { controlFlowBodyOptimizer } from "./optimizeSubJaxprs.js";

/** Bounds the fixpoint loop; each round only shrinks the program, so real programs settle in two or three. */
const MAX_ROUNDS = 8;

// Evaluates directly on the backend, not through bind: compilation may happen while a transform's
// trace is active, and folding must not be recorded by it.
const eagerEvaluator: ConstantEvaluator = {
  evaluate(eqn: Eqn, operands: readonly unknown[]) {
    const args: ArrayImpl[] = [];
    for (const x of operands) {
      if (x instanceof Literal) args.push(scalarArray(x.value, x.aval.dtype, x.aval.weakType));
      else {
        const c = (x as Array).concreteValue();
        if (c === null) return null;
        args.push(c);
      }
    }
    return evalPrimitive(eqn.primitive, args, eqn.params);
  },
  scalar(value: unknown) {
    return bufferOf((value as Array).concreteValue()!)[0]!;
  },
};

// Bodies are optimized once, after inlining has exposed every control-flow equation; the outer
// rounds never create new ones. Made on first use: a call at module level would keep the whole
// pipeline in every bundle, since a minifier cannot tell that the call has no effect.
let optimizeControlFlowBodies: ((jaxpr: ConstJaxpr["jaxpr"]) => ConstJaxpr["jaxpr"]) | undefined;

export function optimizeJaxpr(program: ConstJaxpr): ConstJaxpr {
  const inlined = inlineCalls(program.jaxpr, program.consts);
  optimizeControlFlowBodies ??= controlFlowBodyOptimizer(optimizeJaxpr);
  let current: ConstJaxpr = { jaxpr: optimizeControlFlowBodies(inlined.jaxpr), consts: inlined.consts };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = current.jaxpr;
    current = { jaxpr: simplify(current.jaxpr), consts: current.consts };
    current = foldConstants(current, eagerEvaluator);
    current = cse(current);
    current = { jaxpr: dce(simplify(current.jaxpr)), consts: current.consts };
    if (current.jaxpr === before) break;
  }
  return dropUnusedConsts(current);
}
