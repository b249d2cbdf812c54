// Lowerings of gather, the scatter family, dynamic_slice and dynamic_update_slice, with XLA's
// semantics. All of them are generated code: shapes, strides and bounds are literals, and only
// the start indices are read at run time. The index vector dim is always the last dim of indices.
import type { DType, ScatterName, ShapedArray } from "../../../jaxpr/index.js";
import { stridesOf, isFloat, maxValue, minValue } from "../../../jaxpr/index.js";
import { int, lit } from "../emit.js";
import { Lowering, makeKernel } from "../kernel.js";
import { allocExpression } from "./alloc.js";
import { emitBoxCopy, emitStridedLoops } from "./layout.js";
import { range } from "../../../jaxpr/lists.js";

type Names = "gather" | "dynamic_slice" | "dynamic_update_slice" | ScatterName;

const clampExpr = (x: string, hi: number): string => (hi <= 0 ? "0" : `Math.min(Math.max(${x}, 0), ${int(hi)})`);
/** Sum of `coef * var` terms as JS, skipping zero coefficients. */
const affine = (terms: readonly (readonly [string, number])[], constant = 0): string => {
  const parts = terms.filter(([v, c]) => c !== 0 && v !== "0").map(([v, c]) => (c === 1 ? v : `${v} * ${int(c)}`));
  if (constant !== 0 || parts.length === 0) parts.push(int(constant));
  return parts.join(" + ");
};

/** Opens one loop per dim of `shape` (g0, g1, ...) and returns the openers and the closers. */
function batchLoops(shape: readonly number[]): [string, string] {
  if (shape.length === 0) return ["{", "}"];
  return [shape.map((n, j) => `for (let g${j} = 0; g${j} < ${int(n)}; g${j}++) {`).join("\n"), "}".repeat(shape.length)];
}

/** JAX's default gather fill: NaN for floats, the minimum of signed ints, the maximum of unsigned, true for bool. */
function defaultFill(d: DType): number {
  if (isFloat(d)) return NaN;
  if (d === "int32") return minValue(d);
  return maxValue(d); // uint32 max, bool true
}

// gather: for each batch element g (a position in indices without its last dim), the start of the
// slice is the index vector mapped through startIndexMap, plus g itself in the operand batching
// dims; the slice's non-collapsed dims land in the output's offsetDims.
const gather: Lowering<"gather"> = ({ inAvals, outAvals, params }) => {
  const operand = inAvals[0]!;
  const indices = inAvals[1]!;
  const out = outAvals[0]!;
  const dn = params.dimensionNumbers;
  const ostr = stridesOf(operand.shape);
  const outStr = stridesOf(out.shape);
  const batchShape = indices.shape.slice(0, -1);
  const K = indices.shape[indices.ndim - 1]!;
  const batchDimsOut = range(out.ndim).filter((d) => !dn.offsetDims.includes(d));
  const offsetOperandDims = range(operand.ndim).filter((d) => !dn.collapsedSliceDims.includes(d) && !dn.operandBatchingDims.includes(d));
  const lines = [`const out = ${allocExpression(out)};`];
  if (out.size > 0) {
    const [open, close] = batchLoops(batchShape);
    const batching = dn.operandBatchingDims.map((d, i) => [`g${int(dn.startIndicesBatchingDims[i]!)}`, ostr[d]!] as const);
    const starts = dn.startIndexMap.map((d, k) => [`s${k}`, ostr[d]!] as const);
    const upper = dn.startIndexMap.map((d) => operand.shape[d]! - params.sliceSizes[d]!);
    const box = dn.offsetDims.map((d) => out.shape[d]!);
    const dstAccess = { base: "dst", strides: dn.offsetDims.map((d) => outStr[d]!) };
    const copy = emitBoxCopy(box, "out", dstAccess, "in0", { base: "src", strides: offsetOperandDims.map((d) => ostr[d]!) });
    lines.push(`let p = 0;`, open);
    if (params.mode === "fill") {
      // Fill (JAX's FILL_OR_DROP): a batch element with any start out of [0, dim - size] gets fill values.
      const fill = lit(params.fillValue ?? defaultFill(out.dtype), out.dtype);
      const oob = upper.map((u, k) => `s${k} < 0 || s${k} > ${int(u)}`);
      lines.push(...upper.map((_, k) => `const s${k} = in1[p + ${k}];`));
      lines.push(`const dst = ${affine(batchDimsOut.map((d, j) => [`g${j}`, outStr[d]!]))};`);
      lines.push(`if (${oob.length ? oob.join(" || ") : "false"}) {`);
      lines.push(emitStridedLoops(box, [dstAccess], ([o]) => `out[${o}] = ${fill};`));
      lines.push(`} else {`, `const src = ${affine([...batching, ...starts])};`, copy, `}`);
    } else {
      // clip, and promise_in_bounds (which XLA also clamps): starts clamp to [0, dim - size].
      lines.push(...upper.map((u, k) => `const s${k} = ${clampExpr(`in1[p + ${k}]`, u)};`));
      lines.push(`const dst = ${affine(batchDimsOut.map((d, j) => [`g${j}`, outStr[d]!]))};`);
      lines.push(`const src = ${affine([...batching, ...starts])};`, copy);
    }
    lines.push(`p += ${int(K)};`, close);
  }
  lines.push(`return [out];`);
  return makeKernel("gather", 2, lines.join("\n"));
};

/** `out[q]` combined with update `x`; typed-array stores wrap int32/uint32 sums, products need imul. */
function combineExpression(prim: ScatterName, d: DType): (a: string, x: string) => string {
  const float = isFloat(d);
  switch (prim) {
    case "scatter":
      return (_, x) => x;
    case "scatter-add":
      return d === "bool" ? (a, x) => `${a} | ${x}` : (a, x) => `${a} + ${x}`;
    case "scatter-mul":
      return d === "bool" ? (a, x) => `${a} & ${x}` : float ? (a, x) => `${a} * ${x}` : (a, x) => `Math.imul(${a}, ${x})`;
    case "scatter-min":
      return float ? (a, x) => `Math.min(${a}, ${x})` : (a, x) => `(${x} < ${a} ? ${x} : ${a})`;
    case "scatter-max":
      return float ? (a, x) => `Math.max(${a}, ${x})` : (a, x) => `(${x} > ${a} ? ${x} : ${a})`;
  }
}

// scatter: first each scatter index's window start in the operand is computed (or -1 when mode
// "fill"/"promise_in_bounds" drops a window that would not fit, as XLA does); then the updates are
// walked in row-major order, so for overwriting scatter the last update in that order wins.
function scatterLowering(prim: ScatterName): Lowering<ScatterName> {
  return ({ inAvals, outAvals, params }) => {
    const [operand, indices, updates] = inAvals as [ShapedArray, ShapedArray, ShapedArray];
    const out = outAvals[0]!;
    const dn = params.dimensionNumbers;
    const ostr = stridesOf(operand.shape);
    const batchShape = indices.shape.slice(0, -1);
    const K = indices.shape[indices.ndim - 1]!;
    const G = batchShape.reduce((a, b) => a * b, 1);
    const windowOperandDims = range(operand.ndim).filter((d) => !dn.insertedWindowDims.includes(d) && !dn.operandBatchingDims.includes(d));
    const windowSize = operand.shape.map(() => 1);
    dn.updateWindowDims.forEach((u, k) => (windowSize[windowOperandDims[k]!] = updates.shape[u]!));
    const upper = dn.scatterDimsToOperandDims.map((d) => operand.shape[d]! - windowSize[d]!);
    const lines = [`const out = in0.slice();`];
    if (out.size > 0 && updates.size > 0) {
      const [open, close] = batchLoops(batchShape);
      const batching = dn.operandBatchingDims.map((d, i) => [`g${int(dn.scatterIndicesBatchingDims[i]!)}`, ostr[d]!] as const);
      const starts = dn.scatterDimsToOperandDims.map((d, k) => [`s${k}`, ostr[d]!] as const);
      const drop = params.mode === "clip" ? [] : upper.map((u, k) => `s${k} < 0 || s${k} > ${int(u)}`);
      const load = (k: number): string => `in1[p + ${k}]`;
      lines.push(`const bases = new Int32Array(${int(G)});`, `let p = 0, b = 0;`, open);
      lines.push(...upper.map((u, k) => `const s${k} = ${params.mode === "clip" ? clampExpr(load(k), u) : load(k)};`));
      const base = affine([...batching, ...starts]);
      lines.push(drop.length ? `bases[b++] = ${drop.join(" || ")} ? -1 : ${base};` : `bases[b++] = ${base};`);
      lines.push(`p += ${int(K)};`, close);
      // Walk updates: access 0 is the update offset, 1 the scatter index (row-major over the
      // indices' batch dims), 2 the window offset inside the operand.
      const gStr = stridesOf(batchShape);
      const scatterDims = range(updates.ndim).filter((d) => !dn.updateWindowDims.includes(d));
      const gStrides = range(updates.ndim).map((d) => (scatterDims.includes(d) ? gStr[scatterDims.indexOf(d)]! : 0));
      const wStrides = range(updates.ndim).map((d) => {
        const k = dn.updateWindowDims.indexOf(d);
        return k < 0 ? 0 : ostr[windowOperandDims[k]!]!;
      });
      const combine = combineExpression(prim, out.dtype);
      const accesses = [
        { base: "0", strides: stridesOf(updates.shape) },
        { base: "0", strides: gStrides },
        { base: "0", strides: wStrides },
      ];
      lines.push(
        emitStridedLoops(updates.shape, accesses, ([u, g, w]) =>
          `const bs = bases[${g}]; if (bs >= 0) { const q = bs + ${w}; const a = out[q], x = in2[${u}]; out[q] = ${combine("a", "x")}; }`,
        ),
      );
    }
    lines.push(`return [out];`);
    return makeKernel(prim.replace("-", "_"), 3, lines.join("\n"));
  };
}

// dynamic_slice / dynamic_update_slice: XLA clamps each start so the slice (update) fits.
const dynamicSlice: Lowering<"dynamic_slice"> = ({ inAvals, outAvals, params }) => {
  const operand = inAvals[0]!;
  const out = outAvals[0]!;
  const ostr = stridesOf(operand.shape);
  const starts = operand.shape.map((n, i) => clampExpr(`in${i + 1}[0]`, n - params.sliceSizes[i]!));
  const lines = [`const out = ${allocExpression(out)};`];
  if (out.size > 0) {
    lines.push(`const base = ${affine(starts.map((s, i) => [s === "0" ? s : `(${s})`, ostr[i]!]))};`);
    lines.push(emitBoxCopy(out.shape, "out", { base: "0", strides: stridesOf(out.shape) }, "in0", { base: "base", strides: ostr }));
  }
  lines.push(`return [out];`);
  return makeKernel("dynamic_slice", inAvals.length, lines.join("\n"));
};

const dynamicUpdateSlice: Lowering<"dynamic_update_slice"> = ({ inAvals }) => {
  const operand = inAvals[0]!;
  const update = inAvals[1]!;
  const ostr = stridesOf(operand.shape);
  const starts = operand.shape.map((n, i) => clampExpr(`in${i + 2}[0]`, n - update.shape[i]!));
  const lines = [`const out = in0.slice();`];
  if (update.size > 0) {
    lines.push(`const base = ${affine(starts.map((s, i) => [s === "0" ? s : `(${s})`, ostr[i]!]))};`);
    lines.push(emitBoxCopy(update.shape, "out", { base: "base", strides: ostr }, "in1", { base: "0", strides: stridesOf(update.shape) }));
  }
  lines.push(`return [out];`);
  return makeKernel("dynamic_update_slice", inAvals.length, lines.join("\n"));
};

export const INDEXING_LOWERINGS: { [P in Names]: Lowering<P> } = {
  gather,
  dynamic_slice: dynamicSlice,
  dynamic_update_slice: dynamicUpdateSlice,
  scatter: scatterLowering("scatter"),
  "scatter-add": scatterLowering("scatter-add"),
  "scatter-mul": scatterLowering("scatter-mul"),
  "scatter-min": scatterLowering("scatter-min"),
  "scatter-max": scatterLowering("scatter-max"),
};
