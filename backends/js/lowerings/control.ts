// Lowerings of the control-flow primitives to real JS loops: each carried jaxpr is compiled once
// (calls inlined, dead code dropped) into one program closure, and a generated kernel drives it.
// scan runs a `for` loop that passes xs slices as subarray views (no copy) and writes each
// iteration's ys into preallocated stacked buffers; while calls the compiled cond and body; cond
// picks one branch program at run time. Nothing is unrolled.
import type { ClosedJaxpr, DType, ShapedArray } from "../../../jaxpr/index.js";
import { inlineCalls, dce, shapeSize } from "../../../jaxpr/index.js";
import type { Buffer, Kernel, Lowering } from "../kernel.js";
import { makeKernel } from "../kernel.js";
import { int } from "../emit.js";
import type { Executable } from "../compile.js";
import { compileBodyJaxpr } from "../bodyCompiler.js";
import { inlinedBeforeLowering } from "./custom.js";

/**
 * How a carried jaxpr's constant values (those of jitted calls inlined into it) become buffers.
 * The library registers this (its arrays are not this layer's business); typed arrays pass through.
 */
let constToBuffer: (c: unknown) => Buffer = (c) => {
  if (ArrayBuffer.isView(c)) return c as Buffer;
  throw new Error("control-flow lowering: no resolver registered for a non-buffer constant");
};
export function registerControlConstResolver(resolve: (c: unknown) => Buffer): void {
  constToBuffer = (c) => (ArrayBuffer.isView(c) ? (c as Buffer) : resolve(c));
}

const programs = new WeakMap<ClosedJaxpr, Executable>();
/** The compiled program of a carried jaxpr, cached per jaxpr object (also reduce_window's monoid). */
export function compileBody(closed: ClosedJaxpr): Executable {
  let exe = programs.get(closed);
  if (exe === undefined) {
    const inlined = inlineCalls(closed.jaxpr, closed.consts);
    exe = compileBodyJaxpr(dce(inlined.jaxpr), inlined.consts.map(constToBuffer));
    programs.set(closed, exe);
  }
  return exe;
}

const CTOR_NAMES: Record<DType, string> = {
  float32: "F32", float64: "F64", int32: "I32", uint32: "U32", bool: "U8", complex64: "F32", complex128: "F64",
  int8: "I8", int16: "I16", uint8: "UI8", uint16: "UI16", float16: "F32", bfloat16: "F32",
  int2: "I8", int4: "I8", uint2: "UI8", uint4: "UI8",
  float8_e4m3fn: "F32", float8_e4m3fnuz: "F32", float8_e5m2: "F32", float8_e5m2fnuz: "F32",
};
const ctorName = (a: ShapedArray): string => CTOR_NAMES[a.dtype];
const CTORS = { F32: Float32Array, F64: Float64Array, I32: Int32Array, U32: Uint32Array, U8: Uint8Array, I8: Int8Array, I16: Int16Array, UI8: Uint8Array, UI16: Uint16Array };
const names = (prefix: string, n: number, from = 0): string[] => globalThis.Array.from({ length: n }, (_, i) => `${prefix}${i + from}`);
const indent = (s: string): string => s.split("\n").map((line) => `  ${line}`).join("\n");

/** A carry that is a view into a larger buffer (an xs slice passed straight through) is copied out. */
const ownCopy = (v: string): string => `(${v}.byteOffset !== 0 || ${v}.byteLength !== ${v}.buffer.byteLength ? ${v}.slice() : ${v})`;

const scanLowering: Lowering<"scan"> = ({ inAvals, outAvals, params }) => {
  const { jaxpr, length, reverse, numConsts, numCarry } = params;
  const body = compileBody(jaxpr);
  const xsAvals = inAvals.slice(numConsts + numCarry);
  const ysAvals = outAvals.slice(numCarry);
  const ins = names("in", inAvals.length);
  const consts = ins.slice(0, numConsts);
  const carry = names("c", numCarry);
  const xs = ins.slice(numConsts + numCarry);
  const ys = names("y", ysAvals.length);
  const xSize = xsAvals.map((a) => shapeSize(a.shape) / length || 0);
  const ySize = ysAvals.map((a) => shapeSize(a.shape) / length || 0);
  const lines: string[] = [];
  carry.forEach((c, i) => lines.push(`let ${c} = ${ins[numConsts + i]};`));
  ys.forEach((y, j) => lines.push(`const ${y} = new C.${ctorName(ysAvals[j]!)}(${int(shapeSize(ysAvals[j]!.shape))});`));
  const slices = xs.map((x, j) => `${x}.subarray(i * ${int(xSize[j]!)}, i * ${int(xSize[j]!)} + ${int(xSize[j]!)})`);
  const loop = [
    `const i = ${reverse ? `${int(length - 1)} - it` : "it"};`,
    `const o = body(${[...consts, ...carry, ...slices].join(", ")});`,
    ...carry.map((c, i) => `${c} = o[${i}];`),
    ...ys.map((y, j) => (ySize[j] === 1 ? `${y}[i] = o[${int(numCarry + j)}][0];` : `${y}.set(o[${int(numCarry + j)}], i * ${int(ySize[j]!)});`)),
  ];
  lines.push(`for (let it = 0; it < ${int(length)}; it++) {\n${indent(loop.join("\n"))}\n}`);
  lines.push(`return [${[...carry.map(ownCopy), ...ys].join(", ")}];`);
  return withBodies(makeKernel("scan", inAvals.length, indent(lines.join("\n")), { body: body.run, C: CTORS }), [["body", body]]);
};

const whileLowering: Lowering<"while"> = ({ inAvals, params }) => {
  const { condJaxpr, bodyJaxpr, condNconsts, bodyNconsts } = params;
  const cond = compileBody(condJaxpr);
  const body = compileBody(bodyJaxpr);
  const ins = names("in", inAvals.length);
  const cconsts = ins.slice(0, condNconsts);
  const bconsts = ins.slice(condNconsts, condNconsts + bodyNconsts);
  const n = inAvals.length - condNconsts - bodyNconsts;
  const carry = names("c", n);
  const lines: string[] = [];
  carry.forEach((c, i) => lines.push(`let ${c} = ${ins[condNconsts + bodyNconsts + i]};`));
  const step = [`const o = body(${[...bconsts, ...carry].join(", ")});`, ...carry.map((c, i) => `${c} = o[${i}];`)];
  lines.push(`while (cond(${[...cconsts, ...carry].join(", ")})[0][0] !== 0) {\n${indent(step.join("\n"))}\n}`);
  lines.push(`return [${carry.join(", ")}];`);
  return withBodies(makeKernel("while_loop", inAvals.length, indent(lines.join("\n")), { cond: cond.run, body: body.run }), [
    ["cond", cond],
    ["body", body],
  ]);
};

const condLowering: Lowering<"cond"> = ({ inAvals, params }) => {
  const branches = params.branches.map(compileBody);
  const ops = names("in", inAvals.length - 1, 1).join(", ");
  const closure: Record<string, unknown> = {};
  branches.forEach((b, i) => (closure[`b${i}`] = b.run));
  const last = branches.length - 1;
  // The index is clamped into range, as lax.switch does.
  const cases = branches.map((_, i) => (i === last ? `return b${i}(${ops});` : `if (i <= ${i}) return b${i}(${ops});`));
  const body = [`const i = in0[0];`, ...cases].join("\n");
  return withBodies(
    makeKernel("cond", inAvals.length, indent(body), closure),
    branches.map((b, i) => [`b${i}`, b]),
  );
};

/** Appends the carried programs' sources to the kernel's, so `jit(f).lower()` shows what runs. */
function withBodies(k: Kernel, bodies: [string, Executable][]): Kernel {
  const source = [k.source, ...bodies.map(([name, e]) => `// ${name}:\n${e.source}`)].join("\n\n");
  return { name: k.name, run: k.run, source };
}

/** The control-flow family's lowerings (registered by src/families/control.ts); custom_linear_solve is inlined by jit's passes first. */
export const CONTROL_LOWERINGS: { cond: Lowering<"cond">; while: Lowering<"while">; scan: Lowering<"scan">; custom_linear_solve: Lowering<"custom_linear_solve"> } = {
  cond: condLowering,
  while: whileLowering,
  scan: scanLowering,
  custom_linear_solve: inlinedBeforeLowering("custom_linear_solve"),
};
