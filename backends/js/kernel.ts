// What a lowering produces: a kernel, i.e. a JS function over typed arrays with its generated
// source kept so `jit(f).lower()` can show what runs.
import type { TypedArray, ShapedArray, Params, PrimitiveName } from "../../jaxpr/index.js";
import { RUNTIME_HELPERS } from "./runtimeHelpers.js";
import { ident } from "./emit.js";
import { compileFunction } from "./codegen.js";

export type Buffer = TypedArray;

export interface Kernel {
  readonly name: string;
  readonly source: string;
  readonly run: (...inputs: Buffer[]) => Buffer[];
  /** Its output arguments should be shared memory (a loop split across threads writes them). */
  readonly sharedOutputs?: boolean;
  /**
   * Its results are always buffers it allocated. Without this, the scratch planner assumes a
   * result may be one of its operands (see scratchPlan.ts) and keeps that operand's slot alive.
   */
  readonly freshOutputs?: boolean;
}

export interface LoweringInput<P extends PrimitiveName> {
  readonly inAvals: readonly ShapedArray[];
  readonly outAvals: readonly ShapedArray[];
  readonly params: Params<P>;
}

export type Lowering<P extends PrimitiveName> = (eqn: LoweringInput<P>) => Kernel;

/**
 * Builds a kernel from generated source. The body sees its inputs as `in0, in1, ...`, the runtime
 * helpers as `h`, and any extra closure values as named; it must `return [out0, ...]`. Only
 * compiler-made identifiers and numbers ever reach the source.
 */
export function makeKernel(name: string, nInputs: number, body: string, closure: Record<string, unknown> = {}): Kernel {
  const args = globalThis.Array.from({ length: nInputs }, (_, i) => `in${i}`);
  const closureNames = Object.keys(closure);
  closureNames.forEach(ident);
  const source = `function ${ident(name)}(${args.join(", ")}) {\n${body}\n}`;
  const factory = compileFunction(["h", ...closureNames], `"use strict";\nreturn ${source};`);
  const run = factory(RUNTIME_HELPERS, ...closureNames.map((k) => closure[k])) as Kernel["run"];
  return { name, source, run };
}

/** A kernel written directly in TypeScript (no generated source), for data-dependent algorithms. */
export function nativeKernel(name: string, run: Kernel["run"], description: string): Kernel {
  return { name, source: `// ${name}: ${description} (native kernel)`, run };
}
