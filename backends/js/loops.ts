// Loop emission over an output shape, reading each operand through an affine view: element
// offset = offset + sum_k index_k * strides[k]. Broadcasts (stride 0), transposes (permuted
// strides), reversals (negative strides), strided slices and contiguous reshapes are all views, so
// they cost index arithmetic rather than a copy. Shapes are static: bounds and strides are literals.
import type { Shape } from "../../jaxpr/index.js";
import { stridesOf } from "../../jaxpr/index.js";
import { ident, int } from "./emit.js";

export interface View {
  readonly offset: number;
  /** One stride per output dimension, in elements. */
  readonly strides: readonly number[];
}

export const contiguousView = (shape: Shape): View => ({ offset: 0, strides: stridesOf(shape) });

/** The view of an operand of `inShape` broadcast into `outShape` (numpy/lax rules, leading dims added). */
export function broadcastView(inShape: Shape, outShape: Shape, dims?: readonly number[]): View {
  const inStrides = stridesOf(inShape);
  const strides = new globalThis.Array<number>(outShape.length).fill(0);
  const map = dims ?? inShape.map((_, i) => i + outShape.length - inShape.length);
  map.forEach((d, i) => {
    if (inShape[i] !== 1) strides[d] = inStrides[i]!;
  });
  return { offset: 0, strides };
}

/** The view of a row-major operand read in transposed order: output dim k walks operand dim permutation[k]. */
export function transposeView(inShape: Shape, permutation: readonly number[]): View {
  const s = stridesOf(inShape);
  return { offset: 0, strides: permutation.map((p) => s[p]!) };
}

export interface LoopOperand {
  /** The JS identifier of the typed array to read. */
  readonly name: string;
  readonly view: View;
}

interface Simplified {
  shape: number[];
  strides: number[][]; // per operand, per loop dim
  /** Loop dims that come from the first `split` dims of the original shape. */
  split: number;
}

/**
 * Drops size-1 dims and merges adjacent dims that every operand walks contiguously. Dims are
 * never merged across `split` (a fused reduction resets its accumulators there).
 */
export function mergeLoopDims(shape: Shape, strides: readonly (readonly number[])[], split = shape.length): Simplified {
  const out: Simplified = { shape: [], strides: strides.map(() => []), split: 0 };
  let prev = -1;
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = out.shape.length - 1;
    const sameSide = prev >= 0 && (prev < split) === (d < split);
    if (sameSide && strides.every((st, k) => out.strides[k]![last] === st[d]! * n)) {
      out.shape[last] = out.shape[last]! * n;
      strides.forEach((st, k) => (out.strides[k]![last] = st[d]!));
    } else {
      out.shape.push(n);
      strides.forEach((st, k) => out.strides[k]!.push(st[d]!));
    }
    if (d < split) out.split = out.shape.length;
    prev = d;
  }
  return out;
}

const simplify = (shape: Shape, operands: readonly LoopOperand[]): Simplified => mergeLoopDims(shape, operands.map((op) => op.view.strides));

export interface ElementwiseLoopSpec {
  readonly shape: Shape;
  readonly operands: readonly LoopOperand[];
  /** Given identifiers holding each operand's element, returns the statements of the loop body;
   * `outIndex` names the current flat (row-major) output index. */
  readonly body: (loaded: readonly string[], outIndex: string) => string;
}

/**
 * Emits loops visiting every output element in row-major order. Operands whose view is constant
 * across the whole loop are loaded once before it.
 */
export function emitElementwiseLoop(spec: ElementwiseLoopSpec): string {
  const { shape, operands } = spec;
  const total = shape.reduce((a, b) => a * b, 1);
  if (total === 0) return "";
  const s = simplify(shape, operands);
  const lines: string[] = [];
  const loaded: string[] = operands.map((_, k) => `x${k}`);
  const constant = operands.map((_, k) => s.strides[k]!.every((v) => v === 0));
  operands.forEach((op, k) => {
    if (constant[k]) lines.push(`const x${k} = ${ident(op.name)}[${int(op.view.offset)}];`);
  });
  const depth = s.shape.length;
  if (depth === 0) {
    lines.push(`{ const o = 0;\n${spec.body(loaded, "o")}\n}`);
    return lines.join("\n");
  }
  // Flat loop when every non-constant operand is walked with unit stride in a single dim.
  if (depth === 1) {
    const loads = operands
      .map((op, k) => {
        if (constant[k]) return "";
        const st = s.strides[k]![0]!;
        const idx = st === 1 ? `o` : `${int(st)} * o`;
        return `const x${k} = ${ident(op.name)}[${op.view.offset ? `${int(op.view.offset)} + ` : ""}${idx}];`;
      })
      .filter(Boolean)
      .join(" ");
    lines.push(`for (let o = 0; o < ${int(s.shape[0]!)}; o++) {\n${loads}\n${spec.body(loaded, "o")}\n}`);
    return lines.join("\n");
  }
  lines.push("let o = 0;");
  const open: string[] = [];
  for (let d = 0; d < depth; d++) {
    const offs = operands
      .map((op, k) => {
        if (constant[k]) return "";
        const st = s.strides[k]![d]!;
        const prev = d === 0 ? int(op.view.offset) : `p${k}_${d - 1}`;
        return `const p${k}_${d} = ${prev} + ${int(st)} * i${d};`;
      })
      .filter(Boolean)
      .join(" ");
    open.push(`for (let i${d} = 0; i${d} < ${int(s.shape[d]!)}; i${d}++) { ${offs}`);
  }
  const loads = operands
    .map((op, k) => (constant[k] ? "" : `const x${k} = ${ident(op.name)}[p${k}_${depth - 1}];`))
    .filter(Boolean)
    .join(" ");
  lines.push(open.join("\n"));
  lines.push(loads);
  lines.push(spec.body(loaded, "o"));
  lines.push("o++;");
  lines.push("}".repeat(depth));
  return lines.join("\n");
}
