// Compiles a jaxpr for the GPU backend in three passes: the JS backend's partition (fused groups,
// single equations, view copies) is planned into step records (plan.ts: gpu.js kernels, packed
// group kernels, the tiled WGSL matmul, host steps), a liveness pass finds where each
// intermediate is released (liveness.ts), and the executor links and runs the steps (execute.ts).
// Where each primitive runs is one table, GPU_LOWERING (capabilities.ts): fused elementwise ops and
// reductions, view copies and dot_general on the device, every other primitive (gather, scatter,
// sort, cumsum, control flow, ...) through the JS backend's kernels on host copies, as is any
// group with exact 32-bit integer bit manipulation (threefry, shifts, bitcasts). Values move
// between host and device only where a host step needs them.
import type { Jaxpr, ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { Var, lowerComplex, lowerNarrow, hasNarrow, inlineCalls, toWideBuffer } from "../../jaxpr/index.js";
import { partitionJaxpr } from "../js/fusion/partition.js";
import { literalBuffer } from "../js/lowerings/loweredOp.js";
import { GpuValue } from "./value.js";
import { planSteps } from "./plan.js";
import { PlanBuilder } from "./planBuilder.js";
import { releasePoints } from "./liveness.js";
import { gpuExecutor } from "./execute.js";
import type { GpuStep } from "./steps.js";
import { launchesGpuKernel, stepLine, stepSource } from "./steps.js";

/** Storage buffers one kernel may read: WebGPU's default limit is 8 per stage, gpu.js uses some itself. */
export const DEFAULT_MAX_KERNEL_INPUTS = 6;

export interface GpuExecutable {
  /**
   * Runs the program. In the CPU and GL modes it has run when this returns; in webgpu mode the
   * results are pending values that settle when the asynchronous run does (inputs may be pending).
   */
  run(inputs: readonly GpuValue[]): GpuValue[];
  /** Runs in every mode and resolves once every result is there. */
  runAsync(inputs: readonly GpuValue[]): Promise<GpuValue[]>;
  /** The program's steps followed by each kernel's source (gpu.js kernels and host kernels). */
  readonly source: string;
  /** gpu.js kernels one run launches. */
  readonly gpuKernelCount: number;
  /** JS-backend kernels one run calls on host copies. */
  readonly hostKernelCount: number;
  readonly outAvals: readonly ShapedArray[];
}

export interface GpuCompileOptions {
  /** Splits kernels reading more buffers than this (WebGPU's storage-buffer limit). */
  readonly maxKernelInputs?: number;
}

/**
 * Complex values are lowered to real pairs first (lowerComplex), so they run on the GPU as real
 * arithmetic; narrow dtypes compute in their wide ones (lowerNarrow), held in wide storage there.
 */
export function compileGpuJaxpr(source: Jaxpr, consts: readonly TypedArray[], options: GpuCompileOptions = {}): GpuExecutable {
  if (hasNarrow(source)) {
    const inlined = inlineCalls(source, consts);
    consts = (inlined.consts as TypedArray[]).map((c, i) => toWideBuffer(c, inlined.jaxpr.constvars[i]!.aval.dtype));
    source = inlined.jaxpr;
  }
  const jaxpr = lowerComplex(lowerNarrow(source));
  const names = new Map<Var, string>();
  jaxpr.constvars.forEach((v, i) => names.set(v, `c${i}`));
  jaxpr.invars.forEach((v, i) => names.set(v, `in${i}`));
  const partition = partitionJaxpr(jaxpr, names);
  // Constants and literals persist across runs, so each is uploaded once.
  const fixed = new Map<string, GpuValue>();
  jaxpr.constvars.forEach((v, i) => fixed.set(`c${i}`, new GpuValue(v.aval, consts[i]!, null)));
  for (const [name, lit] of partition.literals) fixed.set(name, new GpuValue(lit.aval, literalBuffer(lit), null));

  const known = [...jaxpr.constvars, ...jaxpr.invars].map((v) => [names.get(v)!, v.aval] as const);
  const plan = PlanBuilder.root(options.maxKernelInputs ?? DEFAULT_MAX_KERNEL_INPUTS, new Set(partition.outputs), known);
  const steps = planSteps(partition.steps, plan);
  const keep = new Set([...partition.outputs, ...fixed.keys(), ...jaxpr.invars.map((_, i) => `in${i}`)]);
  const outAvals = source.outvars.map((a) => a.aval);
  const runner = gpuExecutor({ steps, releaseAfter: releasePoints(steps, keep), fixed, outputs: partition.outputs, outAvals });
  return { ...runner, ...listing(steps, partition.outputs), outAvals };
}

/** The program's steps followed by each kernel's source, and the kernel counts. */
function listing(steps: readonly GpuStep[], outputs: readonly string[]): Pick<GpuExecutable, "source" | "gpuKernelCount" | "hostKernelCount"> {
  const gpuKernelCount = steps.filter(launchesGpuKernel).length;
  const hostKernelCount = steps.filter((s) => s.kind === "host").length;
  const program = steps.map(stepLine).join("\n");
  const sources = steps.map(stepSource).filter((s): s is string => s !== null);
  const source = [`// program (${gpuKernelCount} gpu.js kernels, ${hostKernelCount} host kernels)\n${program}\nreturn [${outputs.join(", ")}]`, ...sources].join("\n\n");
  return { source, gpuKernelCount, hostKernelCount };
}
