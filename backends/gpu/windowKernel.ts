// reduce_window_sum/max/min on the device (issue 21): a gpu.js kernel with one thread per output
// element, the window's taps as loops with constant bounds and padding skipped by bounds tests,
// combined with the reductions' monoids (kernels.ts), base dilation's holes skipped like padding
// (inputIndex); max/min pooling's VJP, select_and_scatter_add, as a gather (selectScatterKernel);
// and their JVP, select_and_gather_add, as a scan of each output's window (selectGatherKernel).
// float32; the rest (float64, integers) runs on the host.
import type { MonoidWindowName, Params, ShapedArray, WindowGeometry } from "../../jaxpr/index.js";
import { stridesOf } from "../../jaxpr/index.js";
import { decodeIndex, elementAddress, inputIndex, kernelFunction, monoid, type GpuKernelSource } from "./kernels.js";
import { floatLiteral } from "./translate.js";
import { int } from "../js/emit.js";
import type { EqnStep, PlanBuilder } from "./planBuilder.js";

const MONOID_OF = { reduce_window_sum: "reduce_sum", reduce_window_max: "reduce_max", reduce_window_min: "reduce_min" } as const;

/**
 * Loops over the taps of output element (o0, o1, ...)'s window in row-major order, running `tap`
 * at each tap inside `x` with its index (i0, i1, ...); padding and base dilation's holes skipped.
 */
function overWindow(x: ShapedArray, g: WindowGeometry, tap: string): string {
  let inner = tap;
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
  return inner;
}

/** The flat address of element (i0, i1, ...) of `x` in a buffer where it starts at `offset`. */
const elementAt = (x: ShapedArray, offset: number): string => elementAddress(x.shape, offset, x.shape.map((_, d) => `i${d}`));

/** The kernel of `prim` over `x` (read at `offset` in its buffer) into `out`. */
export function windowKernel(name: string, prim: MonoidWindowName, x: ShapedArray, out: ShapedArray, g: WindowGeometry, offset: number): GpuKernelSource {
  const m = monoid(MONOID_OF[prim], x.dtype);
  const o = out.shape.map((_, d) => `o${d}`);
  const body = [...decodeIndex("this.thread.x", out.shape, o), `let s = ${m.identity};`];
  body.push(overWindow(x, g, `s = ${m.combine("s", `in0[${elementAt(x, offset)}]`)};`), "return s;");
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

/**
 * select_and_scatter_add (max/min pooling's VJP; operands source, operand) as a gather: one
 * thread per operand element visits every window that contains it, finds that window's pick the
 * way the JS lowering does (the first tap that no later one beats, padding read as the
 * selection's identity: XLA's SelectAndScatter after JAX pads explicitly on CPU), and adds the
 * window's source element where the pick is itself. No two threads write one element, so no
 * atomics. The window is entered at tap k where (i + low - k) / stride is a whole output index.
 */
export function selectScatterKernel(name: string, source: ShapedArray, operand: ShapedArray, p: Params<"select_and_scatter_add">, offsets: readonly [number, number]): GpuKernelSource {
  const n = operand.ndim;
  const dims = operand.shape.map((_, d) => d);
  const i = dims.map((d) => `i${d}`);
  const identity = p.selectPrim === "ge" ? "(-h_inf())" : "h_inf()";
  const cmp = p.selectPrim === "ge" ? ">=" : "<=";
  const tapStrides = stridesOf(p.windowDimensions);
  const flatTap = (v: string): string => dims.map((d) => `${v}${d} * ${floatLiteral(tapStrides[d]!)}`).join(" + ");
  // The scan of window o: the first tap no later one beats, as a flat tap index.
  let scan = [
    `const x = ${dims.map((d) => `(q${d} >= 0.0 && q${d} < ${floatLiteral(operand.shape[d]!)})`).join(" && ")} ? in1[${elementAddress(operand.shape, offsets[1], dims.map((d) => `q${d}`))}] : ${identity};`,
    `if (first > 0.5 || !(best ${cmp} x)) {`,
    `best = x;`,
    `pick = ${flatTap("t")};`,
    `first = 0.0;`,
    `}`,
  ].join("\n");
  for (let d = n - 1; d >= 0; d--) {
    scan = [`for (let t${d} = 0; t${d} < ${int(p.windowDimensions[d]!)}; t${d}++) {`, `const q${d} = o${d} * ${floatLiteral(p.windowStrides[d]!)} + t${d} - ${floatLiteral(p.padding[d]![0])};`, scan, `}`].join("\n");
  }
  let visit = [
    `let first = 1.0;`,
    `let best = 0.0;`,
    `let pick = 0.0;`,
    scan,
    `if (pick === ${flatTap("k")}) {`,
    `s = s + in0[${elementAddress(source.shape, offsets[0], dims.map((d) => `o${d}`))}];`,
    `}`,
  ].join("\n");
  for (let d = n - 1; d >= 0; d--) {
    const entry = inputIndex(`e${d}`, `o${d}`, source.shape[d]!, p.windowStrides[d]!);
    visit = [
      `for (let k${d} = 0; k${d} < ${int(p.windowDimensions[d]!)}; k${d}++) {`,
      `const e${d} = i${d} + ${floatLiteral(p.padding[d]![0])} - k${d};`,
      ...entry.lines,
      `if (${entry.inside}) {`,
      visit,
      `}`,
      `}`,
    ].join("\n");
  }
  const body = [...decodeIndex("this.thread.x", operand.shape, i), `let s = 0.0;`, visit, `return s;`];
  return { name, source: kernelFunction(2, body), helpers: new Set(["inf"]), outSize: operand.size, maxLoop: Math.max(0, ...p.windowDimensions), inputs: [0, 1] };
}

/** Plans select_and_scatter_add on the device (float32); false where it runs on the host. */
export function planSelectScatter(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const [source, operand] = [eqn.invars[0]!.aval, eqn.invars[1]!.aval];
  const out = eqn.outvars[0]!.aval;
  if (operand.dtype !== "float32" || out.size === 0 || source.size === 0) return false;
  const [s, o] = [plan.locate(step.inputs[0]!), plan.locate(step.inputs[1]!)];
  const kernel = selectScatterKernel(`select_and_scatter_add${plan.fresh()}`, source, operand, eqn.params as Params<"select_and_scatter_add">, [s.offset, o.offset]);
  plan.kernel(kernel, [s.name, o.name], { name: step.outputs[0]!, aval: out });
  return true;
}

/**
 * select_and_gather_add (max/min pooling's JVP; operands tangents, operand): a thread per output
 * element scans its window the way the JS lowering does (backends/js/lowerings/windowed.ts, JAX's
 * _select_and_gather_add on CPU): from (-inf, 0) for "ge" or (+inf, 0) for "le", a tap replaces
 * the kept pair unless the kept operand value beats or ties it, so the first of tied maxima wins;
 * padding and base dilation's holes are skipped, leaving 0 in a window with no real tap.
 */
export function selectGatherKernel(name: string, operand: ShapedArray, out: ShapedArray, p: Params<"select_and_gather_add">, offsets: readonly [number, number]): GpuKernelSource {
  const cmp = p.selectPrim === "ge" ? ">=" : "<=";
  const o = out.shape.map((_, d) => `o${d}`);
  const tap = [`const x = in1[${elementAt(operand, offsets[1])}];`, `if (!(kept ${cmp} x)) {`, `kept = x;`, `s = in0[${elementAt(operand, offsets[0])}];`, `}`].join("\n");
  const body = [...decodeIndex("this.thread.x", out.shape, o), `let kept = ${p.selectPrim === "ge" ? "(-h_inf())" : "h_inf()"};`, `let s = 0.0;`, overWindow(operand, p, tap), "return s;"];
  return { name, source: kernelFunction(2, body), helpers: new Set(["inf"]), outSize: out.size, maxLoop: Math.max(0, ...p.windowDimensions), inputs: [0, 1] };
}

/** Plans select_and_gather_add on the device (float32); false where it runs on the host. */
export function planSelectGather(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const [tangents, operand] = [eqn.invars[0]!.aval, eqn.invars[1]!.aval];
  const out = eqn.outvars[0]!.aval;
  if (operand.dtype !== "float32" || tangents.dtype !== "float32" || out.size === 0) return false;
  const [t, o] = [plan.locate(step.inputs[0]!), plan.locate(step.inputs[1]!)];
  const kernel = selectGatherKernel(`select_and_gather_add${plan.fresh()}`, operand, out, eqn.params as Params<"select_and_gather_add">, [t.offset, o.offset]);
  plan.kernel(kernel, [t.name, o.name], { name: step.outputs[0]!, aval: out });
  return true;
}
