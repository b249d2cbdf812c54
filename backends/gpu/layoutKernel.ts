// pad and concatenate on the device: a gpu.js kernel with one thread per output element, each an
// index map from the output to one operand element (or the padding value). lax.pad's operand
// element j of dim d lands at low + j * (interior + 1) (jax/_src/lax/lax.py, _pad_shape_rule and
// the `pad` docstring); negative low/high padding crops, so the map is read backwards: output
// index o reads element (o - low) / (interior + 1) where that is a whole index inside the operand,
// the interior padding's holes and the edges reading the padding value. Interior padding is what
// the gradients of strided pooling and strided convolution produce. Any dtype the device holds
// (float32, int32, uint32, bool: all exact in float32 storage) moves unchanged; float64 and empty
// operands run on the host.
import type { Params, ShapedArray } from "../../jaxpr/index.js";
import { decodeIndex, elementAddress, inputIndex, kernelFunction, type GpuKernelSource } from "./kernels.js";
import { floatLiteral } from "./translate.js";
import type { EqnStep, PlanBuilder } from "./planBuilder.js";

const f = floatLiteral;

/** lax.pad of `x` (input 0 at `offsets[0]`) with the scalar padding value (input 1 at `offsets[1]`). */
export function padKernel(name: string, x: ShapedArray, out: ShapedArray, config: Params<"pad">["paddingConfig"], offsets: readonly [number, number]): GpuKernelSource {
  const o = out.shape.map((_, d) => `o${d}`);
  const i = x.shape.map((_, d) => `i${d}`);
  const body = decodeIndex("this.thread.x", out.shape, o);
  const inside: string[] = [];
  x.shape.forEach((n, d) => {
    const [low, , interior] = config[d]!;
    body.push(`const p${d} = o${d} - ${f(low)};`);
    const at = inputIndex(`p${d}`, i[d]!, n, interior + 1);
    body.push(...at.lines);
    inside.push(`(${at.inside})`);
  });
  body.push(`let s = in1[${f(offsets[1])}];`, `if (${inside.join(" && ") || "true"}) {`, `s = in0[${elementAddress(x.shape, offsets[0], i)}];`, "}", "return s;");
  return { name, source: kernelFunction(2, body), helpers: new Set(), outSize: out.size, maxLoop: 0, inputs: [0, 1] };
}

/** Plans lax.pad on the device; false where it runs on the host (float64, an empty operand or result). */
export function planPad(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const x = eqn.invars[0]!.aval;
  const out = eqn.outvars[0]!.aval;
  if (x.dtype === "float64" || x.size === 0 || out.size === 0) return false;
  const [from, value] = [plan.locate(step.inputs[0]!), plan.locate(step.inputs[1]!)];
  const kernel = padKernel(`pad${plan.fresh()}`, x, out, (eqn.params as Params<"pad">).paddingConfig, [from.offset, value.offset]);
  plan.kernel(kernel, [from.name, value.name], { name: step.outputs[0]!, aval: out });
  return true;
}

/**
 * lax.concatenate along `dimension` of `parts` (input k at `offsets[k]`; empty parts already left
 * out): output index o along it reads the part whose range holds it, at o minus the range's start.
 */
export function concatenateKernel(name: string, parts: readonly ShapedArray[], out: ShapedArray, dimension: number, offsets: readonly number[]): GpuKernelSource {
  const o = out.shape.map((_, d) => `o${d}`);
  const body = [...decodeIndex("this.thread.x", out.shape, o), "let s = 0.0;"];
  let start = 0;
  const branches = parts.map((x, k) => {
    const names = o.map((v, d) => (d === dimension ? `(${v} - ${f(start)})` : v));
    start += x.shape[dimension]!;
    const read = `s = in${k}[${elementAddress(x.shape, offsets[k]!, names)}];`;
    return k === parts.length - 1 ? read : `if (o${dimension} < ${f(start)}) {\n${read}\n} else {`;
  });
  body.push(...branches, "}".repeat(parts.length - 1), "return s;");
  return { name, source: kernelFunction(parts.length, body), helpers: new Set(), outSize: out.size, maxLoop: 0, inputs: parts.map((_, k) => k) };
}

/** Plans lax.concatenate on the device; false where it runs on the host (float64, an empty result, more parts than a kernel may read). */
export function planConcatenate(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const out = eqn.outvars[0]!.aval;
  const dimension = (eqn.params as Params<"concatenate">).dimension;
  const parts = eqn.invars.map((v, k) => ({ aval: v.aval, at: plan.locate(step.inputs[k]!) })).filter((p) => p.aval.size > 0);
  if (out.dtype === "float64" || out.size === 0 || parts.length > plan.context.maxInputs) return false;
  const kernel = concatenateKernel(`concatenate${plan.fresh()}`, parts.map((p) => p.aval), out, dimension, parts.map((p) => p.at.offset));
  plan.kernel(kernel, parts.map((p) => p.at.name), { name: step.outputs[0]!, aval: out });
  return true;
}
