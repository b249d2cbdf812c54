// Compiles a jaxpr into an Executable: a generated program that calls one kernel per equation
// (fusion across equations belongs to the jit pass pipeline), plus the per-op cache that eager
// dispatch uses, keyed by primitive, params and input avals.
import type { Jaxpr, ShapedArray, PrimitiveName, Params, Atom } from "../../jaxpr/index.js";
import { Literal, Var, abstractEval, TYPED_ARRAY } from "../../jaxpr/index.js";
import { Buffer, Kernel, LoweringInput } from "./kernel.js";
import { LOWERINGS } from "./lowerings/index.js";

export interface Executable {
  readonly run: (...inputs: Buffer[]) => Buffer[];
  /** The generated program followed by each kernel's source. */
  readonly source: string;
  readonly outAvals: readonly ShapedArray[];
  /** Kernels one run calls (buffer-sharing reshapes excluded). */
  readonly kernelCount: number;
}

export function lowerEqn<P extends PrimitiveName>(prim: P, eqn: LoweringInput<P>): Kernel {
  return (LOWERINGS[prim] as (e: LoweringInput<P>) => Kernel)(eqn);
}

export function literalBuffer(l: Literal): Buffer {
  const b = new TYPED_ARRAY[l.aval.dtype](1);
  b[0] = l.value;
  return b;
}

/** Compiles a whole jaxpr; `consts` are the buffers of its constvars. */
export function compileJaxpr(jaxpr: Jaxpr, consts: readonly Buffer[]): Executable {
  const names = new Map<Var, string>();
  const closure: Record<string, unknown> = {};
  const lines: string[] = [];
  jaxpr.constvars.forEach((v, i) => {
    names.set(v, `c${i}`);
    closure[`c${i}`] = consts[i];
  });
  jaxpr.invars.forEach((v, i) => names.set(v, `in${i}`));
  let nLit = 0;
  const atom = (a: Atom): string => {
    if (a instanceof Literal) {
      const n = `l${nLit++}`;
      closure[n] = literalBuffer(a);
      return n;
    }
    const n = names.get(a);
    if (n === undefined) throw new Error("compileJaxpr: unbound variable");
    return n;
  };
  const kernels: Kernel[] = [];
  jaxpr.eqns.forEach((eqn, i) => {
    const kernel = lowerEqn(eqn.primitive, {
      inAvals: eqn.invars.map((a) => a.aval),
      outAvals: eqn.outvars.map((v) => v.aval),
      params: eqn.params,
    });
    const k = `k${i}`;
    closure[k] = kernel.run;
    kernels.push(kernel);
    const args = eqn.invars.map(atom).join(", ");
    const outs = eqn.outvars.map((_, j) => `v${i}_${j}`);
    outs.forEach((o, j) => names.set(eqn.outvars[j]!, o));
    lines.push(`const [${outs.join(", ")}] = ${k}(${args}); // ${eqn.primitive}`);
  });
  lines.push(`return [${jaxpr.outvars.map(atom).join(", ")}];`);
  const args = jaxpr.invars.map((_, i) => `in${i}`);
  const program = `function program(${args.join(", ")}) {\n  ${lines.join("\n  ")}\n}`;
  const closureNames = Object.keys(closure);
  const run = new Function(...closureNames, `"use strict";\nreturn ${program};`)(...closureNames.map((k) => closure[k])) as Executable["run"];
  const source = [program, ...kernels.map((k) => k.source)].join("\n\n");
  return { run, source, outAvals: jaxpr.outvars.map((a) => a.aval), kernelCount: kernels.length };
}

export interface CompiledOp {
  readonly kernel: Kernel;
  readonly outAvals: readonly ShapedArray[];
}

const opCache = new Map<string, CompiledOp>();

/** The compiled kernel for one primitive application, cached; `key` identifies (prim, params, avals). */
export function compileOp<P extends PrimitiveName>(key: string, prim: P, inAvals: readonly ShapedArray[], params: Params<P>): CompiledOp {
  let op = opCache.get(key);
  if (op === undefined) {
    const outAvals = abstractEval(prim, inAvals, params);
    const kernel = lowerEqn(prim, { inAvals, outAvals, params });
    opCache.set(key, (op = { kernel, outAvals }));
  }
  return op;
}

export function opCacheSize(): number {
  return opCache.size;
}
