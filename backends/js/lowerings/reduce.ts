// Reductions (reduce_sum/max/min/prod/and/or, argmax/argmin) and iota. A reduction whose axes
// are trailing in memory accumulates in a register (four, for a full reduction); otherwise it walks the input in memory order
// into a float64 accumulator array, so float32 sums are accumulated in double precision either way.
import type { ReduceName, ShapedArray, DType } from "../../../jaxpr/index.js";
import { stridesOf, maxValue, minValue, isFloat } from "../../../jaxpr/index.js";
import { Lowering, makeKernel } from "../kernel.js";
import { allocExpression } from "./alloc.js";
import { int, num } from "../emit.js";

interface Monoid {
  identity: (d: DType) => string;
  combine: (acc: string, x: string, d: DType) => string;
  /** The same monoid on numbers, for the kernel IR's evaluator (backends/js/fusion/evaluate.ts). */
  identityValue: (d: DType) => number;
  /** `combine`'s value: makers, so the dtype is decided once per reduction. */
  combiner: (d: DType) => (acc: number, x: number) => number;
}


export const MONOIDS: Record<ReduceName, Monoid> = {
  reduce_sum: {
    identity: () => "0",
    combine: (a, x, d) => (d === "int32" ? `(${a} + ${x}) | 0` : d === "uint32" ? `(${a} + ${x}) >>> 0` : `${a} + ${x}`),
    identityValue: () => 0,
    combiner: (d) => (d === "int32" ? (a, x) => (a + x) | 0 : d === "uint32" ? (a, x) => (a + x) >>> 0 : (a, x) => a + x),
  },
  reduce_prod: {
    identity: () => "1",
    combine: (a, x, d) => (d === "int32" ? `Math.imul(${a}, ${x})` : d === "uint32" ? `Math.imul(${a}, ${x}) >>> 0` : `${a} * ${x}`),
    identityValue: () => 1,
    combiner: (d) => (d === "int32" ? (a, x) => Math.imul(a, x) : d === "uint32" ? (a, x) => Math.imul(a, x) >>> 0 : (a, x) => a * x),
  },
  reduce_max: {
    identity: (d) => num(minValue(d)),
    combine: (a, x, d) => (isFloat(d) ? `Math.max(${a}, ${x})` : `(${x} > ${a} ? ${x} : ${a})`),
    identityValue: minValue,
    combiner: (d) => (isFloat(d) ? Math.max : (a, x) => (x > a ? x : a)),
  },
  reduce_min: {
    identity: (d) => num(maxValue(d)),
    combine: (a, x, d) => (isFloat(d) ? `Math.min(${a}, ${x})` : `(${x} < ${a} ? ${x} : ${a})`),
    identityValue: maxValue,
    combiner: (d) => (isFloat(d) ? Math.min : (a, x) => (x < a ? x : a)),
  },
  reduce_and: {
    identity: (d) => (d === "bool" ? "1" : d === "uint32" ? "4294967295" : "-1"),
    combine: (a, x, d) => (d === "uint32" ? `(${a} & ${x}) >>> 0` : `${a} & ${x}`),
    identityValue: (d) => (d === "bool" ? 1 : d === "uint32" ? 4294967295 : -1),
    combiner: (d) => (d === "uint32" ? (a, x) => (a & x) >>> 0 : (a, x) => a & x),
  },
  reduce_or: {
    identity: () => "0",
    combine: (a, x, d) => (d === "uint32" ? `(${a} | ${x}) >>> 0` : `${a} | ${x}`),
    identityValue: () => 0,
    combiner: (d) => (d === "uint32" ? (a, x) => (a | x) >>> 0 : (a, x) => a | x),
  },
};

/**
 * Whether every reduced (non-size-1) dim comes after every kept one; if so, how many leading dims
 * index the output (the rest are reduced). Null otherwise.
 */
export function trailingSplit(shape: readonly number[], axes: readonly number[]): number | null {
  const dims = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  const reduced = dims.filter((i) => axes.includes(i));
  const kept = dims.filter((i) => !axes.includes(i));
  if (kept.some((k) => reduced.some((r) => r < k))) return null;
  return kept.length === 0 ? 0 : kept[kept.length - 1]! + 1;
}

/** Whether the reduced dims are a trailing block in memory, and how many elements each output reduces. */
function reductionLayout(shape: readonly number[], axes: readonly number[]) {
  const inner = shape.reduce((a, n, i) => (axes.includes(i) ? a * n : a), 1);
  return { trailing: trailingSplit(shape, axes) !== null, inner };
}

function reduceLowering(prim: ReduceName): Lowering<ReduceName> {
  const m = MONOIDS[prim];
  return ({ inAvals, outAvals, params }) => {
    const x = inAvals[0]!;
    const out = outAvals[0]!;
    const d = x.dtype;
    const { trailing, inner } = reductionLayout(x.shape, params.axes);
    if (trailing && out.size === 1) {
      // A full reduction keeps four partial results (element e in lane e % 4 while whole groups of
      // four remain, the rest in lane 0), combined in lane order: the fused loop's order
      // (fusion/groupKernel.ts), so that eager and jit reductions agree, and the adds do not wait on each other.
      const lanes = [0, 1, 2, 3].map((u) => `a${u}`);
      const body = [
        `let ${lanes.map((a) => `${a} = ${m.identity(d)}`).join(", ")};`,
        `let p = 0;`,
        `for (; p + 3 < ${int(inner)}; p += 4) { ${lanes.map((a, u) => `${a} = ${m.combine(a, `in0[p + ${u}]`, d)};`).join(" ")} }`,
        `for (; p < ${int(inner)}; p++) a0 = ${m.combine("a0", "in0[p]", d)};`,
        `const out = ${allocExpression(out)};`,
        `out[0] = ${lanes.slice(1).reduce((e, a) => m.combine(`(${e})`, a, d), "a0")};`,
        `return [out];`,
      ].join("\n");
      return makeKernel(prim, 1, body);
    }
    if (trailing) {
      // Row-major input: each output element reduces a contiguous run of `inner` values.
      const body = [
        `const out = ${allocExpression(out)};`,
        `for (let o = 0, p = 0; o < ${int(out.size)}; o++) {`,
        `  let acc = ${m.identity(d)};`,
        `  for (let e = p + ${int(inner)}; p < e; p++) { const x = in0[p]; acc = ${m.combine("acc", "x", d)}; }`,
        `  out[o] = acc;`,
        `}`,
        `return [out];`,
      ].join("\n");
      return makeKernel(prim, 1, body);
    }
    // General case: walk the input in memory order and scatter into accumulators.
    const outStrides = stridesOf(out.shape);
    let k = 0;
    const toOut = x.shape.map((_, i) => (params.axes.includes(i) ? 0 : outStrides[k++]!));
    const loops: string[] = [];
    for (let i = 0; i < x.ndim; i++) {
      const prev = i === 0 ? "0" : `q${i - 1}`;
      loops.push(`for (let i${i} = 0; i${i} < ${int(x.shape[i]!)}; i${i}++) { const q${i} = ${prev} + ${int(toOut[i]!)} * i${i};`);
    }
    const accType = isFloat(d) ? "Float64Array" : d === "uint32" ? "Uint32Array" : d === "bool" ? "Uint8Array" : "Int32Array";
    const body = [
      `const acc = new ${accType}(${int(out.size)}).fill(${m.identity(d)});`,
      `let p = 0;`,
      ...loops,
      `const x = in0[p++]; const a = acc[q${x.ndim - 1}]; acc[q${x.ndim - 1}] = ${m.combine("a", "x", d)};`,
      "}".repeat(x.ndim),
      `const out = ${allocExpression(out)};`,
      `out.set(acc);`,
      `return [out];`,
    ].join("\n");
    return makeKernel(prim, 1, body);
  };
}

function argLowering(kind: "argmax" | "argmin"): Lowering<"argmax" | "argmin"> {
  const better = kind === "argmax" ? ">" : "<";
  return ({ inAvals, outAvals, params }) => {
    const x = inAvals[0]!;
    const out = outAvals[0]!;
    const axis = params.axes[0]!;
    const n = x.shape[axis]!;
    const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    // NaN wins (numpy/JAX: the first NaN's index), ties keep the first index.
    const body = [
      `const out = ${allocExpression(out)};`,
      `for (let a = 0; a < ${int(outer)}; a++) for (let b = 0; b < ${int(inner)}; b++) {`,
      `  const base = a * ${int(n * inner)} + b;`,
      `  let best = in0[base], bi = 0;`,
      `  if (best === best) for (let j = 1; j < ${int(n)}; j++) {`,
      `    const v = in0[base + j * ${int(inner)}];`,
      `    if (v !== v) { bi = j; break; }`,
      `    if (v ${better} best) { best = v; bi = j; }`,
      `  }`,
      `  out[a * ${int(inner)} + b] = bi;`,
      `}`,
      `return [out];`,
    ].join("\n");
    return makeKernel(kind, 1, body);
  };
}

type ReduceFamily = ReduceName | "argmax" | "argmin" | "iota";
const table = {} as { [P in ReduceFamily]: Lowering<P> };
for (const p of ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_and", "reduce_or"] as const) {
  (table as Record<string, unknown>)[p] = reduceLowering(p);
}
table.argmax = argLowering("argmax");
table.argmin = argLowering("argmin");
table.iota = ({ outAvals, params }) => {
  const out: ShapedArray = outAvals[0]!;
  const s = out.shape;
  const inner = s.slice(params.dimension + 1).reduce((a, b) => a * b, 1);
  const n = s[params.dimension]!;
  const body = [
    `const out = ${allocExpression(out)};`,
    `for (let o = 0; o < ${int(out.size)}; o++) out[o] = Math.floor(o / ${int(inner)}) % ${int(n)};`,
    `return [out];`,
  ].join("\n");
  return makeKernel("iota", 0, body);
};

export const REDUCE_LOWERINGS: { [P in ReduceFamily]: Lowering<P> } = table;
