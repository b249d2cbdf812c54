// Compiles a jaxpr for the GPU backend. The JS backend's partition (backends/js/fusion) decides
// the fused groups; each group becomes one gpu.js kernel whose source is generated here, shapes and
// strides baked in, its outputs (stored registers, reductions) laid end to end in one device
// buffer that later steps read at offsets (gpu.js kernels have one output; a group is split per
// output only where packing would exceed the input limit or launch more kernels, as when its
// outputs are the program's results, which need buffers of their own); dot_general gets its own kernel
// (in webgpu mode a tiled WGSL matmul, tiledMatmul.ts, where its dims allow);
// view copies run on the device too. What has no float32 GPU form runs through the JS backend's
// kernels on host copies: every other primitive (gather, scatter, sort, cumsum, control flow,
// ...) and any group with exact 32-bit integer bit manipulation (threefry, shifts, bitcasts).
// Values move between host and device only where such a step needs them; between GPU kernels they
// stay on the device (gpu.js pipeline mode), and intermediates are released after their last use.
import type { Jaxpr, ShapedArray, TypedArray } from "../../jaxpr/index.js";
import { ShapedArray as ShapedArrayClass, TYPED_ARRAY, Var } from "../../jaxpr/index.js";
import type { Params } from "../../jaxpr/index.js";
import { partitionJaxpr, FusedGroup, Step } from "../js/fusion/partition.js";
import { emitGroupKernel } from "../js/fusion/groupKernel.js";
import { lowerEqn, literalBuffer } from "../js/compile.js";
import type { Kernel } from "../js/kernel.js";
import { contiguousView } from "../js/loops.js";
import { dotGeneralKernel, ElementwiseSpec, finishReduction, GpuKernelSource, packKernels, reductionKernel, ReductionSplit, reductionSplit, splitFor, storeKernel } from "./kernels.js";
import { EXACT_INT_LIMIT, helperSources } from "./helpers.js";
import { splitByInputLimit, usedInputs } from "./inputLimit.js";
import { Untranslatable } from "./translate.js";
import { DeviceValue, GpuJsKernel, fromDeviceArray, gpuRuntime, noteKernelClass } from "./runtime.js";
import { GpuValue } from "./value.js";
import { matmulSource, planMatmul, runMatmul } from "./tiledMatmul.js";
import { webGpuDevice, WebGpuHandle } from "./webgpuDevice.js";

/** Storage buffers one kernel may read: WebGPU's default limit is 8 per stage, gpu.js uses some itself. */
export const DEFAULT_MAX_KERNEL_INPUTS = 6;
/** Smaller matrix products (matrix-vector ones above all) waste most of a 64x64 tile: gpu.js's kernel runs them. */
const MIN_TILED_DIM = 8;

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

type Env = Map<string, GpuValue>;
/** One program step. Yielded values are kernel results or reads that may be Promises (webgpu mode). */
type Op = (env: Env) => Generator<unknown, void, unknown>;

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

function* hostInputs(env: Env, names: readonly string[]): Generator<unknown, TypedArray[], unknown> {
  const out: TypedArray[] = [];
  for (const n of names) {
    const v = env.get(n)!;
    out.push(gpuRuntime().info.async ? ((yield v.hostAsync()) as TypedArray) : v.hostSync());
  }
  return out;
}

export function compileGpuJaxpr(jaxpr: Jaxpr, consts: readonly TypedArray[], options: GpuCompileOptions = {}): GpuExecutable {
  const maxInputs = options.maxKernelInputs ?? DEFAULT_MAX_KERNEL_INPUTS;
  const names = new Map<Var, string>();
  jaxpr.constvars.forEach((v, i) => names.set(v, `c${i}`));
  jaxpr.invars.forEach((v, i) => names.set(v, `in${i}`));
  const partition = partitionJaxpr(jaxpr, names);
  // Constants and literals persist across runs, so each is uploaded once.
  const fixed = new Map<string, GpuValue>();
  jaxpr.constvars.forEach((v, i) => fixed.set(`c${i}`, new GpuValue(v.aval, consts[i]!, null)));
  for (const [name, lit] of partition.literals) fixed.set(name, new GpuValue(lit.aval, literalBuffer(lit), null));

  const ops: Op[] = [];
  const opReads: string[][] = [];
  const opWrites: string[][] = [];
  const avalOf = new Map<string, ShapedArray>();
  jaxpr.constvars.forEach((v, i) => avalOf.set(`c${i}`, v.aval));
  jaxpr.invars.forEach((v, i) => avalOf.set(`in${i}`, v.aval));
  /** Group outputs computed by one packed kernel: each lies in that kernel's output `from` at `offset`. */
  const packed = new Map<string, { from: string; offset: number; aval: ShapedArray }>();
  const resultNames = new Set(partition.outputs);
  const addOp = (line: string, reads: readonly string[], writes: readonly { name: string; aval: ShapedArray }[], op: Op): void => {
    program.push(line);
    ops.push(op);
    opReads.push(reads.map((n) => packed.get(n)?.from ?? n));
    opWrites.push(writes.map((w) => w.name));
    for (const w of writes) avalOf.set(w.name, w.aval);
  };
  const program: string[] = [];
  const sources: string[] = [];
  let gpuKernels = 0;
  let hostKernels = 0;
  let fresh = 0;

  /** A device kernel writing `output` from the device values of `inputs`. */
  const deviceStep = (spec: GpuKernelSource, inputs: readonly string[], output: string, aval: ShapedArray): void => {
    // gpu.js kernels compute thread indices and addresses in float32: past 2^24 they round to other elements.
    for (const [name, a] of [[output, aval], ...inputs.map((n) => [n, avalOf.get(n)] as const)] as const) {
      if (a !== undefined && a.size > EXACT_INT_LIMIT) {
        throw new RangeError(
          `The GPU backend's gpu.js kernels index in float32, exact only up to 2^24 = ${EXACT_INT_LIMIT} elements, but ${spec.name} ${name === output ? "writes" : "reads"} ${a.str()} (${a.size} elements). Split the array, or run this computation on the JS backend.`,
        );
      }
    }
    const k = aval.size === 0 ? null : buildKernel(spec);
    if (k !== null) {
      gpuKernels++;
      sources.push(`// ${spec.name}\n${spec.source}`);
    }
    addOp(`${output} = gpu:${spec.name}(${inputs.join(", ")})`, inputs, [{ name: output, aval }], function* (env) {
      if (k === null) {
        env.set(output, new GpuValue(aval, new TYPED_ARRAY[aval.dtype](0), null));
        return;
      }
      const args = inputs.map((n) => env.get(n)!.device());
      const out = (yield launch(k, args)) as DeviceValue;
      env.set(output, new GpuValue(aval, null, out));
    });
  };

  /** A JS-backend kernel on host copies; `outputsPassed` kernels take their output buffers as trailing arguments. */
  const hostStep = (kernel: Kernel, inputs: readonly string[], outputs: readonly { name: string; aval: ShapedArray }[], outputsPassed: boolean, what: string): void => {
    hostKernels++;
    sources.push(`// host (JS backend): ${what}\n${kernel.source}`);
    addOp(`${outputs.map((o) => o.name).join(", ")} = host:${kernel.name}(${inputs.join(", ")})`, inputs, outputs, function* (env) {
      const args = yield* hostArgs(env, inputs);
      let outs: TypedArray[];
      if (outputsPassed) {
        outs = outputs.map((o) => new TYPED_ARRAY[o.aval.dtype](o.aval.size));
        kernel.run(...args, ...outs);
      } else outs = kernel.run(...args);
      outputs.forEach((o, i) => env.set(o.name, new GpuValue(o.aval, outs[i]!, null)));
    });
  };

  /** Host copies of `names`; a packed group output is its slice of the packed kernel's output. */
  function* hostArgs(env: Env, names: readonly string[]): Generator<unknown, TypedArray[], unknown> {
    const out: TypedArray[] = [];
    const members = names.map((n) => packed.get(n));
    const hosts = yield* hostInputs(env, names.map((n, i) => members[i]?.from ?? n));
    hosts.forEach((h, i) => {
      const m = members[i];
      out.push(m === undefined ? h : fromDeviceArray((h as Float32Array).subarray(m.offset, m.offset + m.aval.size), m.aval.dtype, m.aval.size));
    });
    return out;
  }

  /** Launches `spec` with only the inputs its source reads (gpu.js binds every argument it is given). */
  const launchUsed = (spec: GpuKernelSource, inputs: readonly string[], output: string, aval: ShapedArray): void => {
    const used = usedInputs(spec.source, inputs.length);
    const remap = new Map(used.map((old, k) => [old, k]));
    const body = spec.source.slice(spec.source.indexOf("{")).replace(/\bin(\d+)\b/g, (_, i: string) => `in${remap.get(Number(i))}`);
    deviceStep({ ...spec, source: `function (${used.map((_, k) => `in${k}`).join(", ")}) ${body}` }, used.map((i) => inputs[i]!), output, aval);
  };

  /** Where a step's operand lies: a packed group output reads its packed kernel's output at an offset. */
  const locate = (name: string): { name: string; offset: number } => {
    const m = packed.get(name);
    return m === undefined ? { name, offset: 0 } : { name: m.from, offset: m.offset };
  };

  /**
   * A float32 matrix product (both product dims at least MIN_TILED_DIM) as the tiled WGSL kernel,
   * in webgpu mode; false where that does not apply (gpu.js's contraction kernel runs it instead).
   */
  const tiledMatmulStep = (lhs: ShapedArray, rhs: ShapedArray, out: ShapedArray, dims: Params<"dot_general">["dimensionNumbers"], l: { name: string; offset: number }, r: { name: string; offset: number }, output: string): boolean => {
    const device = webGpuDevice();
    if (device === null || out.dtype !== "float32" || lhs.dtype !== "float32" || out.size === 0) return false;
    const plan = planMatmul(lhs.shape, rhs.shape, dims, [l.offset, r.offset], device.limits.maxComputeWorkgroupsPerDimension);
    if (plan === null || plan.m < MIN_TILED_DIM || plan.n < MIN_TILED_DIM) return false;
    const source = matmulSource(plan);
    const n = fresh++;
    // Split-K writes partial products, [splits, ...out], that a gpu.js kernel sums.
    const product = plan.splits === 1 ? output : `${output}_partials`;
    const productAval = plan.splits === 1 ? out : new ShapedArrayClass([plan.splits * out.size], "float32");
    gpuKernels++;
    sources.push(`// matmul${n} (WGSL)\n${source}`);
    addOp(`${product} = wgsl:matmul${n}(${l.name}, ${r.name})`, [l.name, r.name], [{ name: product, aval: productAval }], function* (env) {
      // The device of this run (after shutdownGpu and initWebGpu, not the one compiled against).
      const current = webGpuDevice();
      if (current === null) throw new Error("The GPU backend's WebGPU device is gone (shutdownGpu() or a device loss); call initWebGpu() again.");
      // In webgpu mode a device value is a device buffer (GpuValue uploads host data once).
      const [a, b] = [l.name, r.name].map((n) => env.get(n)!.device() as WebGpuHandle) as [WebGpuHandle, WebGpuHandle];
      env.set(product, new GpuValue(productAval, null, runMatmul(current, plan, source, a, b)));
    });
    if (plan.splits > 1) {
      deviceStep(finishReduction(`matmul${n}_combine`, { prim: "reduce_sum", dtype: out.dtype, out }, { chunk: plan.kPer, chunks: plan.splits }, 0, true), [product], output, out);
    }
    return true;
  };

  const groupOnHost = (g: FusedGroup, outs: { name: string; aval: ShapedArray }[]): void => {
    const kernel = emitGroupKernel({
      name: `fused${g.id}`, shape: g.shape, numInputs: g.inputs.length, loads: g.loads, statements: g.statements, stores: g.stores, reductions: g.reductions,
    });
    hostStep(kernel, g.inputs, outs, true, `${g.primitives.join(" ")} (32-bit integer bit operations)`);
  };

  const groupOnDevice = (g: FusedGroup): void => {
    // Operands inside packed outputs of earlier groups are read there, at their offsets.
    const groupInputs: string[] = [];
    const loads = g.loads.map((l) => {
      const at = locate(g.inputs[l.input]!);
      let input = groupInputs.indexOf(at.name);
      if (input < 0) input = groupInputs.push(at.name) - 1;
      return { input, view: { ...l.view, offset: l.view.offset + at.offset } };
    });
    const base: ElementwiseSpec = { shape: g.shape, loads, statements: g.statements };
    // Build every kernel first, so an untranslatable group falls back whole.
    const planned: { spec: GpuKernelSource; inputs: string[]; output: string; aval: ShapedArray }[] = [];
    const roots = [...g.stores.map((s) => s.reg), ...g.reductions.map((r) => r.operand)];
    const split = splitByInputLimit(base, groupInputs.length, roots, maxInputs);
    const inputs = [...groupInputs];
    for (const p of split.pre) {
      const name = `g${g.id}_${p.reg}`;
      const aval = new ShapedArrayClass(g.shape, "float32");
      planned.push({ spec: storeKernel(`fused${g.id}_${p.reg}`, p.spec, p.numInputs, p.reg, aval), inputs: inputs.slice(0, p.numInputs), output: name, aval });
      inputs.push(name);
    }
    const outputs = planned.length;
    for (const s of g.stores) planned.push({ spec: storeKernel(`fused${g.id}_${s.name}`, split.spec, split.numInputs, s.reg, s.aval), inputs, output: s.name, aval: s.aval });
    // A reduction with few outputs over many elements writes partial results here; a second kernel combines them.
    const finishes: { r: (typeof g.reductions)[number]; split: ReductionSplit; partials: string }[] = [];
    for (const r of g.reductions) {
      const rs = reductionSplit(g.shape, r);
      if (rs === null) {
        planned.push({ spec: reductionKernel(`fused${g.id}_${r.name}`, split.spec, split.numInputs, r), inputs, output: r.name, aval: r.out });
        continue;
      }
      const partials = `${r.name}_partials`;
      const aval = new ShapedArrayClass([r.out.size * rs.chunks], "float32");
      planned.push({ spec: reductionKernel(`fused${g.id}_${partials}`, split.spec, split.numInputs, r, rs), inputs, output: partials, aval });
      finishes.push({ r, split: rs, partials });
    }
    const finish = (): void => {
      for (const f of finishes) {
        const at = locate(f.partials);
        deviceStep(finishReduction(`fused${g.id}_${f.r.name}_combine`, f.r, f.split, at.offset), [at.name], f.r.name, f.r.out);
      }
    };
    // One kernel for the group's outputs, when no input-limit split is needed and the union of
    // what they read stays within the limit; otherwise one kernel per output.
    const outs = planned.slice(outputs);
    // Results need a copy kernel each to leave the packed output, so packing must launch fewer kernels.
    const results = outs.filter((p) => resultNames.has(p.output)).length;
    const pack = outputs === 0 && 1 + results < outs.length ? packKernels(`fused${g.id}`, outs.map((p) => p.spec), inputs.length) : null;
    if (pack !== null && pack.kernel.outSize <= EXACT_INT_LIMIT && usedInputs(pack.kernel.source, inputs.length).length <= maxInputs) {
      const name = `g${g.id}`;
      launchUsed(pack.kernel, inputs, name, new ShapedArrayClass([pack.kernel.outSize], "float32"));
      outs.forEach((p, j) => packed.set(p.output, { from: name, offset: pack.offsets[j]!, aval: p.aval }));
      // The program's results get their own buffers (one copy kernel each); everything else reads the packed output.
      for (const p of outs) {
        if (!resultNames.has(p.output)) continue;
        const copy: ElementwiseSpec = { shape: p.aval.shape, loads: [{ input: 0, view: { offset: pack.offsets[outs.indexOf(p)]!, strides: contiguousView(p.aval.shape).strides } }], statements: [] };
        deviceStep(storeKernel(`unpack${fresh++}`, copy, 1, "x0", p.aval), [name], p.output, p.aval);
      }
      finish();
      return;
    }
    for (const p of planned) launchUsed(p.spec, p.inputs, p.output, p.aval);
    finish();
  };

  for (const step of partition.steps) compileStep(step);

  function compileStep(step: Step): void {
    switch (step.kind) {
      case "group": {
        const g = step.group;
        const outs = g.outputs();
        const mark = [ops.length, program.length, opReads.length, opWrites.length, sources.length, gpuKernels] as const;
        try {
          groupOnDevice(g);
        } catch (e) {
          if (!(e instanceof Untranslatable)) throw e;
          [ops.length, program.length, opReads.length, opWrites.length, sources.length, gpuKernels] = mark;
          groupOnHost(g, outs);
        }
        break;
      }
      case "eqn": {
        const { eqn } = step;
        const outs = eqn.outvars.map((v, i) => ({ name: step.outputs[i]!, aval: v.aval }));
        if (eqn.primitive === "dot_general") {
          const [lhs, rhs] = eqn.invars.map((a) => a.aval) as [ShapedArray, ShapedArray];
          const params = eqn.params as Params<"dot_general">;
          const out = eqn.outvars[0]!.aval;
          const ok = out.dtype !== "float64" && lhs.dtype === rhs.dtype;
          if (ok) {
            const [l, r] = step.inputs.map(locate) as [{ name: string; offset: number }, { name: string; offset: number }];
            if (tiledMatmulStep(lhs, rhs, out, params.dimensionNumbers, l, r, step.outputs[0]!)) break;
            // Few outputs over a long contraction: partial products, then their sums (split-K).
            const rs = splitFor(out.size, params.dimensionNumbers[0][0].reduce((p, d) => p * lhs.shape[d]!, 1));
            if (rs !== null) {
              const n = fresh++;
              const partials = `${step.outputs[0]!}_partials`;
              deviceStep(dotGeneralKernel(`dot_general${n}_partials`, lhs, rhs, out, params.dimensionNumbers, [l.offset, r.offset], rs), [l.name, r.name], partials, new ShapedArrayClass([out.size * rs.chunks], "float32"));
              deviceStep(finishReduction(`dot_general${n}_combine`, { prim: "reduce_sum", dtype: out.dtype, out }, rs, 0), [partials], step.outputs[0]!, out);
              break;
            }
            deviceStep(dotGeneralKernel(`dot_general${fresh++}`, lhs, rhs, out, params.dimensionNumbers, [l.offset, r.offset]), [l.name, r.name], step.outputs[0]!, out);
            break;
          }
        }
        const kernel = lowerEqn(eqn.primitive, { inAvals: eqn.invars.map((a) => a.aval), outAvals: eqn.outvars.map((v) => v.aval), params: eqn.params });
        hostStep(kernel, step.inputs, outs, false, eqn.primitive);
        break;
      }
      case "copy":
      case "subarray": {
        const from = locate(step.from);
        const v = step.kind === "copy" ? step.view : { offset: step.offset, strides: contiguousView([step.size]).strides };
        const view = { ...v, offset: v.offset + from.offset };
        const shape = step.kind === "copy" ? step.aval.shape : [step.size];
        const aval = step.kind === "copy" ? step.aval : new ShapedArrayClass([step.size], (packed.get(step.from)?.aval ?? avalOf.get(step.from)!).dtype);
        const spec: ElementwiseSpec = { shape, loads: [{ input: 0, view }], statements: [] };
        deviceStep(storeKernel(`${step.kind}${fresh++}`, spec, 1, "x0", aval), [from.name], step.output, aval);
        break;
      }
      case "fill": {
        const { aval, output, expr } = step;
        const value = Number(expr);
        addOp(`${output} = fill(${expr})`, [], [{ name: output, aval }], function* (env) {
          env.set(output, new GpuValue(aval, new TYPED_ARRAY[aval.dtype](aval.size).fill(value), null));
        });
        break;
      }
    }
  }

  // Liveness: an intermediate's device memory is released after its last reader (never inputs, constants or results).
  const lastReader = new Map<string, number>();
  opReads.forEach((reads, i) => reads.forEach((n) => lastReader.set(n, i)));
  const keep = new Set([...partition.outputs, ...fixed.keys(), ...jaxpr.invars.map((_, i) => `in${i}`)]);
  const releaseAfter: string[][] = ops.map(() => []);
  opWrites.forEach((writes, i) => {
    for (const n of writes) if (!keep.has(n)) releaseAfter[lastReader.get(n) ?? i]!.push(n);
  });
  const outAvals = jaxpr.outvars.map((a) => a.aval);

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
    return partition.outputs.map((n) => {
      const v = env.get(n)!;
      const shared = seen.has(n) || fixed.has(n) || /^in\d+$/.test(n);
      seen.add(n);
      return shared ? v.alias() : v;
    });
  }

  async function runAsync(inputs: readonly GpuValue[]): Promise<GpuValue[]> {
    await Promise.all(inputs.map((v) => v.ready()));
    const gen = execute(inputs);
    let r = gen.next();
    while (!r.done) r = gen.next(await r.value);
    return r.value;
  }

  const sourceText = [`// program (${gpuKernels} gpu.js kernels, ${hostKernels} host kernels)\n${program.join("\n")}\nreturn [${partition.outputs.join(", ")}]`, ...sources].join("\n\n");
  return {
    run(inputs) {
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
    },
    runAsync,
    source: sourceText,
    gpuKernelCount: gpuKernels,
    hostKernelCount: hostKernels,
    outAvals,
  };
}

