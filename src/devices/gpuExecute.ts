// Runs a pjit's closed jaxpr on the GPU backend: the jit pass pipeline, a GPU-friendly rewrite of
// boolean logic, then backends/gpu's compiler; one compilation per closed jaxpr object. Results
// are GpuArrays that stay on the device until read.
import type { ClosedJaxpr, ConstJaxpr, Eqn, Jaxpr } from "../../jaxpr/index.js";
import { Literal } from "../../jaxpr/index.js";
import { compileGpuJaxpr, GpuExecutable, GpuValue } from "../../backends/gpu/index.js";
import type { Array } from "../core/array.js";
import { ArrayImpl, bufferOf } from "../core/array.js";
import { optimizeJaxpr } from "../jit/optimize.js";
import { GpuArray } from "./gpuArray.js";

interface GpuProgram {
  readonly executable: GpuExecutable;
  readonly optimized: ConstJaxpr;
}

const compiled = new WeakMap<ClosedJaxpr, GpuProgram>();

/**
 * Boolean and/or/xor/not as arithmetic the GPU kernels express exactly (mul, max, ne, eq with
 * false); the same ops on integers stay bit operations (and run on the host).
 */
function rewriteBooleanLogic(jaxpr: Jaxpr): Jaxpr {
  const FALSE = Literal.scalar(false, "bool");
  let changed = false;
  const eqns = jaxpr.eqns.map((e): Eqn => {
    if (e.outvars[0]?.aval.dtype !== "bool") return e;
    const swap = (primitive: "mul" | "max" | "ne" | "eq", invars = e.invars): Eqn => {
      changed = true;
      return { primitive, invars, params: {}, outvars: e.outvars } as unknown as Eqn;
    };
    switch (e.primitive) {
      case "and":
        return swap("mul");
      case "or":
        return swap("max");
      case "xor":
        return swap("ne");
      case "not":
        return swap("eq", [e.invars[0]!, FALSE]);
      default:
        return e;
    }
  });
  return changed ? Object.freeze({ ...jaxpr, eqns }) : jaxpr;
}

export function compileForGpu(closed: ClosedJaxpr<Array>): GpuProgram {
  let program = compiled.get(closed);
  if (program === undefined) {
    const optimized = optimizeJaxpr({ jaxpr: closed.jaxpr, consts: closed.consts });
    const buffers = optimized.consts.map((c) => {
      const v = (c as Array).concreteValue();
      if (v === null) throw new Error("jit(device='gpu'): a traced value reached a compiled program's constants");
      return bufferOf(v);
    });
    const executable = compileGpuJaxpr(rewriteBooleanLogic(optimized.jaxpr), buffers);
    program = { executable, optimized };
    compiled.set(closed, program);
  }
  return program;
}

export const gpuValueOf = (a: ArrayImpl): GpuValue => (a instanceof GpuArray ? a.value : new GpuValue(a.aval, bufferOf(a), null));

/** Runs a closed jaxpr's GPU program on concrete arrays; results live on the device. */
export function runOnGpu(closed: ClosedJaxpr<Array>, args: readonly ArrayImpl[]): ArrayImpl[] {
  const { executable } = compileForGpu(closed);
  const inputs = args.map(gpuValueOf);
  const outs = executable.run(inputs);
  return outs.map((v, i) => new GpuArray(v, executable.outAvals[i]!));
}

/** What `jit(f, { device: "gpu" }).lower()` shows: the optimized jaxpr, the gpu.js kernels and the host kernels. */
export function lowerForGpu(closed: ClosedJaxpr<Array>): { optimized: ConstJaxpr; source: string; kernelCount: number } {
  const { executable, optimized } = compileForGpu(closed);
  return { optimized, source: executable.source, kernelCount: executable.gpuKernelCount + executable.hostKernelCount };
}
