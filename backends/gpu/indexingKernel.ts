// gather and scatter, scatter-add and scatter-mul on the device (issue 21): the gather of
// take_along_axis (a softmax cross-entropy's label logits) and its transpose, scatter-add, which a
// CNN's training step would otherwise run on the host, and `x.at(i).set/multiply`. Semantics are XLA's Gather and Scatter as the JS lowering writes them
// (backends/js/lowerings/indexing.ts): the index vector is the indices' last dim; "clip" clamps
// each start so the slice fits; "fill" gives an out-of-range slice the fill value (gather) or drops
// an out-of-range window (scatter); "promise_in_bounds" clamps a gather and drops a scatter's
// window, as XLA does.
// - gather: a thread per output element reads its batch position's index vector and one operand element.
// - scatters as gathers, so no two threads write one element and no atomics are needed: a thread
//   per operand element scans every scatter index in row-major order and combines the update
//   element that lands on it, in the JS lowering's order (so float32 sums and products round
//   alike, and the last overwriting update wins). That scan costs (operand size) x (scatter
//   indices); past MAX_SCATTER_VISITS the host's single pass over the updates runs it instead.
//   scatter-min/max stay on the host: a shader's min/max need not propagate NaN as Math.min does.
// int32/uint32 indices; float32 data (gather: also integers and bools, which float32 storage holds
// exactly); other dtypes run on the host.
import type { Params, ShapedArray } from "../../jaxpr/index.js";
import { stridesOf } from "../../jaxpr/index.js";
import { range } from "../../jaxpr/lists.js";
import { ir } from "../kernelIr/index.js";
import { int } from "../js/emit.js";
import { decodeIndex, elementAddress, kernelFunction, type GpuKernelSource } from "./kernels.js";
import { floatLiteral, renderGpu } from "./translate.js";
import { EXACT_INT_LIMIT } from "./helpers.js";
import type { EqnStep, PlanBuilder } from "./planBuilder.js";
import type { Located } from "./steps.js";

const f = floatLiteral;

/** Thread-iterations (operand elements x scatter indices) up to which a scatter scans on the device. */
export const MAX_SCATTER_VISITS = 2 ** 26;

/** `terms` (expression, coefficient) summed onto `offset`, zero coefficients left out. */
const affine = (offset: number, terms: readonly (readonly [string, number])[]): string =>
  [f(offset), ...terms.filter(([, c]) => c !== 0).map(([v, c]) => `${v} * ${f(c)}`)].join(" + ");

/**
 * Lines setting s0, s1, ... to the index vector at batch position `g` (names along the indices'
 * batch dims) of `indices` (at `offset`), clamped to [0, upper] where `clamp`, and the test (null
 * where clamped) that some start lies outside [0, upper].
 */
function startIndices(indices: ShapedArray, g: readonly string[], offset: number, upper: readonly number[], clamp: boolean): { lines: string[]; outside: string | null } {
  const strides = stridesOf(indices.shape);
  const last = strides[indices.ndim - 1]!;
  const at = (k: number): string => `in1[${affine(offset + k * last, g.map((v, j) => [v, strides[j]!] as const))}]`;
  if (clamp) return { lines: upper.map((u, k) => `const s${k} = ${u <= 0 ? "0.0" : `Math.min(Math.max(${at(k)}, 0.0), ${f(u)})`};`), outside: null };
  const outside = upper.map((u, k) => `s${k} < 0.0 || s${k} > ${f(u)}`);
  return { lines: upper.map((_, k) => `const s${k} = ${at(k)};`), outside: outside.length === 0 ? null : outside.join(" || ") };
}

/** The gather of `operand` (input 0) at `indices` (input 1), each read at its offset. */
export function gatherKernel(name: string, operand: ShapedArray, indices: ShapedArray, out: ShapedArray, p: Params<"gather">, offsets: readonly [number, number]): GpuKernelSource {
  const dn = p.dimensionNumbers;
  const o = out.shape.map((_, d) => `o${d}`);
  const batchDimsOut = range(out.ndim).filter((d) => !dn.offsetDims.includes(d));
  const g = batchDimsOut.map((d) => o[d]!);
  const offsetOperandDims = range(operand.ndim).filter((d) => !dn.collapsedSliceDims.includes(d) && !dn.operandBatchingDims.includes(d));
  const upper = dn.startIndexMap.map((d) => operand.shape[d]! - p.sliceSizes[d]!);
  const starts = startIndices(indices, g, offsets[1], upper, p.mode !== "fill");
  // Operand index along d: its start (an index vector entry, or the batch position along a batching dim) plus its offset in the slice.
  const strides = stridesOf(operand.shape);
  const terms: [string, number][] = [];
  dn.startIndexMap.forEach((d, k) => terms.push([`s${k}`, strides[d]!]));
  dn.operandBatchingDims.forEach((d, i) => terms.push([g[dn.startIndicesBatchingDims[i]!]!, strides[d]!]));
  offsetOperandDims.forEach((d, k) => terms.push([o[dn.offsetDims[k]!]!, strides[d]!]));
  const helpers = new Set<string>();
  const read = `in0[${affine(offsets[0], terms)}]`;
  const body = [...decodeIndex("this.thread.x", out.shape, o), ...starts.lines];
  if (starts.outside === null) body.push(`return ${read};`);
  else {
    const fill = renderGpu(ir.constant(p.fillValue ?? NaN, out.dtype), helpers);
    body.push(`let v = ${fill};`, `if (!(${starts.outside})) {`, `v = ${read};`, "}", "return v;");
  }
  return { name, source: kernelFunction(2, body), helpers, outSize: out.size, maxLoop: 0, inputs: [0, 1] };
}

const isIndexDtype = (a: ShapedArray): boolean => a.dtype === "int32" || a.dtype === "uint32";

/**
 * Whether a gather's elements move exactly through the device: float32 data, or integer and bool
 * data (exact in float32 storage) unless "fill" mode would write a fill value past 2^24 (JAX's
 * default integer fills, the dtype's extreme values, are).
 */
function gathersExactly(out: ShapedArray, p: Params<"gather">): boolean {
  if (out.dtype === "float32") return true;
  if (out.dtype !== "int32" && out.dtype !== "uint32" && out.dtype !== "bool") return false;
  return p.mode !== "fill" || (p.fillValue !== null && Math.abs(ir.constant(p.fillValue, out.dtype).value) <= EXACT_INT_LIMIT);
}

/** Plans a gather on the device; false where it runs on the host (see gathersExactly; an empty operand or result). */
export function planGather(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const [operand, indices] = [eqn.invars[0]!.aval, eqn.invars[1]!.aval];
  const out = eqn.outvars[0]!.aval;
  if (!gathersExactly(out, eqn.params as Params<"gather">) || !isIndexDtype(indices) || operand.size === 0 || indices.size === 0 || out.size === 0) return false;
  const [x, i] = step.inputs.map((n) => plan.locate(n)) as [Located, Located];
  plan.kernel(gatherKernel(`gather${plan.fresh()}`, operand, indices, out, eqn.params as Params<"gather">, [x.offset, i.offset]), [x.name, i.name], { name: step.outputs[0]!, aval: out });
  return true;
}

/** The scatters with a device kernel, and how each combines an element `a` with an update `x`. */
const COMBINE = {
  scatter: (_a: string, x: string) => x,
  "scatter-add": (a: string, x: string) => `${a} + ${x}`,
  "scatter-mul": (a: string, x: string) => `${a} * ${x}`,
} as const;
export type DeviceScatterName = keyof typeof COMBINE;

/** Scatter `prim` into `operand` (input 0) of `updates` (input 2) at `indices` (input 1), each read at its offset. */
export function scatterKernel(name: string, prim: DeviceScatterName, operand: ShapedArray, indices: ShapedArray, updates: ShapedArray, p: Params<DeviceScatterName>, offsets: readonly [number, number, number]): GpuKernelSource {
  const dn = p.dimensionNumbers;
  const r = operand.shape.map((_, d) => `r${d}`);
  const batchShape = indices.shape.slice(0, -1);
  const g = batchShape.map((_, j) => `g${j}`);
  const windowOperandDims = range(operand.ndim).filter((d) => !dn.insertedWindowDims.includes(d) && !dn.operandBatchingDims.includes(d));
  const windowSize = operand.shape.map(() => 1);
  dn.updateWindowDims.forEach((u, k) => (windowSize[windowOperandDims[k]!] = updates.shape[u]!));
  const upper = dn.scatterDimsToOperandDims.map((d) => operand.shape[d]! - windowSize[d]!);
  const starts = startIndices(indices, g, offsets[1], upper, p.mode === "clip");
  // The window's start along each operand dim, and the thread's offset w<d> inside the window there.
  const start = operand.shape.map((): string | null => null);
  dn.scatterDimsToOperandDims.forEach((d, k) => (start[d] = `s${k}`));
  dn.operandBatchingDims.forEach((d, i) => (start[d] = g[dn.scatterIndicesBatchingDims[i]!]!));
  const inside = starts.outside === null ? [] : [`!(${starts.outside})`];
  const lines = [...starts.lines];
  operand.shape.forEach((n, d) => {
    lines.push(`const w${d} = ${start[d] === null ? r[d] : `${r[d]} - ${start[d]}`};`);
    if (start[d] !== null || windowSize[d] !== n) inside.push(`w${d} >= 0.0 && w${d} < ${f(windowSize[d]!)}`);
  });
  const ustrides = stridesOf(updates.shape);
  const scatterDims = range(updates.ndim).filter((d) => !dn.updateWindowDims.includes(d));
  const at = affine(offsets[2], [...scatterDims.map((d, j) => [g[j]!, ustrides[d]!] as const), ...dn.updateWindowDims.map((u, k) => [`w${windowOperandDims[k]!}`, ustrides[u]!] as const)]);
  lines.push(`if (${inside.length === 0 ? "true" : inside.join(" && ")}) {`, `s = ${COMBINE[prim]("s", `in2[${at}]`)};`, "}");
  let scan = lines.join("\n");
  for (let j = batchShape.length - 1; j >= 0; j--) scan = `for (let g${j} = 0; g${j} < ${int(batchShape[j]!)}; g${j}++) {\n${scan}\n}`;
  const body = [...decodeIndex("this.thread.x", operand.shape, r), `let s = in0[${elementAddress(operand.shape, offsets[0], r)}];`, scan, "return s;"];
  return { name, source: kernelFunction(3, body), helpers: new Set(), outSize: operand.size, maxLoop: Math.max(0, ...batchShape), inputs: [0, 1, 2] };
}

/** Plans a float32 scatter, scatter-add or scatter-mul on the device; false where it runs on the host (other dtypes, empty operands, a scan past MAX_SCATTER_VISITS). */
export function planScatter(plan: PlanBuilder, step: EqnStep): boolean {
  const { eqn } = step;
  const [operand, indices, updates] = eqn.invars.map((v) => v.aval) as [ShapedArray, ShapedArray, ShapedArray];
  const scans = indices.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (operand.dtype !== "float32" || !isIndexDtype(indices) || operand.size === 0 || indices.size === 0 || updates.size === 0 || operand.size * scans > MAX_SCATTER_VISITS) return false;
  const [x, i, u] = step.inputs.map((n) => plan.locate(n)) as [Located, Located, Located];
  const prim = eqn.primitive as DeviceScatterName;
  const kernel = scatterKernel(`${prim.replace("-", "_")}${plan.fresh()}`, prim, operand, indices, updates, eqn.params as Params<DeviceScatterName>, [x.offset, i.offset, u.offset]);
  plan.kernel(kernel, [x.name, i.name, u.name], { name: step.outputs[0]!, aval: eqn.outvars[0]!.aval });
  return true;
}
