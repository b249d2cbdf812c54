// The GPU executor: links step records to runnable operations (building each gpu.js kernel once,
// at compile time) and runs them in order. Values stay on the device between GPU kernels (gpu.js
// pipeline mode) and move to the host only for a host step; each intermediate is released after
// the step liveness.ts names. Steps are generators: what they yield (kernel results, reads) may
// be a Promise in webgpu mode, which `runAsync` awaits and the synchronous modes pass back.
import type { ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { TYPED_ARRAY } from "../../jaxpr/index.js";
import { helperSources } from "./helpers.js";
import { DeviceValue, GpuJsKernel, fromDeviceArray, gpuRuntime, noteKernelClass } from "./runtime.js";
import { GpuValue } from "./value.js";
import { runMatmul } from "./tiledMatmul.js";
import { webGpuDevice, WebGpuHandle } from "./webgpuDevice.js";
import type { GpuKernelSource } from "./kernels.js";
import type { GpuStep, HostOperand } from "./steps.js";

type Env = Map<string, GpuValue>;
/** One program step. Yielded values are kernel results or reads that may be Promises (webgpu mode). */
type Op = (env: Env) => Generator<unknown, void, unknown>;

export interface GpuProgram {
  readonly steps: readonly GpuStep[];
  /** For each step, the values released after it (liveness.ts). */
  readonly releaseAfter: readonly (readonly string[])[];
  /** Constants and literals: uploaded once, kept across runs. */
  readonly fixed: ReadonlyMap<string, GpuValue>;
  /** The values the program returns, by name. */
  readonly outputs: readonly string[];
  readonly outAvals: readonly ShapedArray[];
}

export interface GpuRunner {
  run(inputs: readonly GpuValue[]): GpuValue[];
  runAsync(inputs: readonly GpuValue[]): Promise<GpuValue[]>;
}

interface BuiltKernel {
  readonly spec: GpuKernelSource;
  readonly run: GpuJsKernel;
  checked: boolean;
}

function buildKernel(spec: GpuKernelSource): BuiltKernel {
  const { gpu } = gpuRuntime();
  const run = gpu.createKernel(spec.source, {
    output: [spec.outSize],
    tactic: "precision",
    precision: "single",
    pipeline: true,
    immutable: true,
    loopMaxIterations: Math.max(1000, spec.maxLoop + 1),
  });
  for (const src of helperSources(spec.helpers)) run.addFunction(src);
  return { spec, run, checked: false };
}

/** Launches a gpu.js kernel on device values (the result may be a Promise in webgpu mode). */
function launch(k: BuiltKernel, args: DeviceValue[]): unknown {
  const out = k.run(...args);
  if (!k.checked) {
    k.checked = true;
    noteKernelClass(k.run);
  }
  return out;
}

/** Host copies of the operands; a packed group output is its slice of the packed kernel's output. */
function* hostArgs(env: Env, operands: readonly HostOperand[]): Generator<unknown, TypedArray[], unknown> {
  const out: TypedArray[] = [];
  for (const o of operands) {
    const v = env.get(o.from)!;
    const h = gpuRuntime().info.async ? ((yield v.hostAsync()) as TypedArray) : v.hostSync();
    const m = o.slice;
    out.push(m === null ? h : fromDeviceArray((h as Float32Array).subarray(m.offset, m.offset + m.aval.size), m.aval.dtype, m.aval.size));
  }
  return out;
}

function linkKernel(step: Extract<GpuStep, { kind: "kernel" | "packed" }>): Op {
  const { inputs, output } = step;
  const { aval } = output;
  if (aval.size === 0) {
    return function* (env) {
      env.set(output.name, new GpuValue(aval, new TYPED_ARRAY[aval.dtype](0), null));
    };
  }
  const k = buildKernel(step.kernel);
  return function* (env) {
    const args = inputs.map((n) => env.get(n)!.device());
    const out = (yield launch(k, args)) as DeviceValue;
    env.set(output.name, new GpuValue(aval, null, out));
  };
}

function linkStep(step: GpuStep): Op {
  switch (step.kind) {
    case "kernel":
    case "packed":
      return linkKernel(step);
    case "matmul":
      return function* (env) {
        // The device of this run (after shutdownGpu and initWebGpu, not the one compiled against).
        const current = webGpuDevice();
        if (current === null) throw new Error("The GPU backend's WebGPU device is gone (shutdownGpu() or a device loss); call initWebGpu() again.");
        // In webgpu mode a device value is a device buffer (GpuValue uploads host data once).
        const [a, b] = [step.lhs, step.rhs].map((n) => env.get(n)!.device() as WebGpuHandle) as [WebGpuHandle, WebGpuHandle];
        env.set(step.output.name, new GpuValue(step.output.aval, null, runMatmul(current, step.plan, step.source, a, b)));
      };
    case "host":
      return function* (env) {
        const args = yield* hostArgs(env, step.inputs);
        let outs: TypedArray[];
        if (step.outputsPassed) {
          outs = step.outputs.map((o) => new TYPED_ARRAY[o.aval.dtype](o.aval.size));
          step.kernel.run(...args, ...outs);
        } else outs = step.kernel.run(...args);
        step.outputs.forEach((o, i) => env.set(o.name, new GpuValue(o.aval, outs[i]!, null)));
      };
    case "fill": {
      const { aval, name } = step.output;
      return function* (env) {
        env.set(name, new GpuValue(aval, new TYPED_ARRAY[aval.dtype](aval.size).fill(step.value), null));
      };
    }
  }
}

/** Builds the program's kernels and returns its runner. */
export function gpuExecutor(program: GpuProgram): GpuRunner {
  const ops = program.steps.map(linkStep);
  const { releaseAfter, fixed, outputs, outAvals } = program;

  function* execute(inputs: readonly GpuValue[]): Generator<unknown, GpuValue[], unknown> {
    const env: Env = new Map(fixed);
    inputs.forEach((v, i) => env.set(`in${i}`, v));
    for (let i = 0; i < ops.length; i++) {
      yield* ops[i]!(env);
      for (const n of releaseAfter[i]!) {
        env.get(n)?.dispose();
        env.delete(n);
      }
    }
    // A result that is an input, a constant or an earlier result shares that data without owning it.
    const seen = new Set<string>();
    return outputs.map((n, i) => {
      const v = env.get(n)!;
      const shared = seen.has(n) || fixed.has(n) || inputs.some((_, j) => n === `in${j}`);
      seen.add(n);
      return (shared ? v.alias() : v).asResult(outAvals[i]!);
    });
  }

  async function runAsync(inputs: readonly GpuValue[]): Promise<GpuValue[]> {
    await Promise.all(inputs.map((v) => v.ready()));
    const gen = execute(inputs);
    let r = gen.next();
    while (!r.done) r = gen.next(await r.value);
    return r.value;
  }

  function run(inputs: readonly GpuValue[]): GpuValue[] {
    if (gpuRuntime().info.async) {
      // Own handles keep the inputs alive until the run has read them, even if the caller disposes them.
      const held = inputs.map((v) => v.alias());
      const done = runAsync(held).finally(() => held.forEach((v) => v.dispose()));
      done.catch(() => undefined); // a failure reaches the caller through the results' reads
      return outAvals.map((aval, i) => GpuValue.later(aval, done.then((outs) => outs[i]!)));
    }
    const gen = execute(inputs);
    let r = gen.next();
    while (!r.done) r = gen.next(r.value);
    return r.value;
  }

  return { run, runAsync };
}
