// reduce_window_sum/max/min on the device (issue 21): a gpu.js kernel with one thread per output
// element, the window's taps as loops with constant bounds and padding skipped by bounds tests,
// combined with the reductions' monoids (kernels.ts), base dilation's holes skipped like padding
// (inputIndex). float32; the rest (float64, integers) runs on the host.
import type { MonoidWindowName, Params, ShapedArray, WindowGeometry } from "../../jaxpr/index.js";
import { stridesOf } from "../../jaxpr/index.js";
import { decodeIndex, inputIndex, kernelFunction, monoid, type GpuKernelSource } from "./kernels.js";
import { floatLiteral } from "./translate.js";
import { int } from "../js/emit.js";
import type { EqnStep, PlanBuilder } from "./planBuilder.js";

const MONOID_OF = { reduce_window_sum: "reduce_sum", reduce_window_max: "reduce_max", reduce_window_min: "reduce_min" } as const;

/** The kernel of `prim` over `x` (read at `offset` in its buffer) into `out`. */
export function windowKernel(name: string, prim: MonoidWindowName, x: ShapedArray, out: ShapedArray, g: WindowGeometry, offset: number): GpuKernelSource {
  const m = monoid(MONOID_OF[prim], x.dtype);
  const o = out.shape.map((_, d) => `o${d}`);
  const strides = stridesOf(x.shape);
  const body = [...decodeIndex("this.thread.x", out.shape, o), `let s = ${m.identity};`];
  let inner = `s = ${m.combine("s", `in0[${[floatLiteral(offset), ...x.shape.map((_, d) => `i${d} * ${floatLiteral(strides[d]!)}`)].join(" + ")}]`)};`;
  for (let d = x.ndim - 1; d >= 0; d--) {
    const p = `o${d} * ${floatLiteral(g.windowStrides[d]!)} + k${d} * ${floatLiteral(g.windowDilation[d]!)} - ${floatLiteral(g.padding[d]![0])}`;
    const at = inputIndex(`p${d}`, `i${d}`, x.shape[d]!, g.baseDilation[d]!);
    inner = [
      `for (let k${d} = 0; k${d} < ${int(g.windowDimensions[d]!)}; k${d}++) {`,
      `const p${d} = ${p};`,
      ...at.lines,
      `if (${at.inside}) {`,
      inner,
      `}`,
      `}`,
    ].join("\n");
  }
  body.push(inner, "return s;");
  return { name, source: kernelFunction(1, body), helpers: new Set(["inf"]), outSize: out.size, maxLoop: Math.max(0, ...g.windowDimensions), inputs: [0] };
}

/** Plans a window reduction on the device; false where it runs on the host. */
export function planWindowReduction(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const prim = eqn.primitive as MonoidWindowName;
  const x = eqn.invars[0]!.aval;
  const out = eqn.outvars[0]!.aval;
  const g = eqn.params as Params<MonoidWindowName>;
  if (x.dtype !== "float32" || out.size === 0) return false;
  const from = plan.locate(step.inputs[0]!);
  plan.kernel(windowKernel(`${prim}${plan.fresh()}`, prim, x, out, g, from.offset), [from.name], { name: step.outputs[0]!, aval: out });
  return true;
}
