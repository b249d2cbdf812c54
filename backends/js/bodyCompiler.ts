// The whole-program compiler as the control-flow and reduce_window lowerings reach it. Those
// lowerings compile the jaxprs they carry with compileJaxpr, which itself lowers through the table
// that holds them; so compile.ts's installBodyCompiler hands its compiler to this slot when their
// family loads (src/families/control.ts, window.ts), and the lowerings import the slot instead of
// compile.ts (no import cycle).
import type { Jaxpr } from "../../jaxpr/index.js";
import type { Buffer } from "./kernel.js";
import type { Executable } from "./compile.js";

type ProgramCompiler = (jaxpr: Jaxpr, consts: readonly Buffer[]) => Executable;

let compiler: ProgramCompiler | undefined;

/** Called by compile.ts's installBodyCompiler, with compileJaxpr. */
export function setBodyCompiler(compile: ProgramCompiler): void {
  compiler = compile;
}

/** Compiles a carried jaxpr into a program (compileJaxpr). */
export function compileBodyJaxpr(jaxpr: Jaxpr, consts: readonly Buffer[]): Executable {
  if (compiler === undefined) throw new Error("dprog internal error: a carried jaxpr was compiled before its family loaded (src/families/)");
  return compiler(jaxpr, consts);
}
