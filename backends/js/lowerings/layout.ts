// Lowerings of pad and concatenate, and `emitStridedLoops`, the box walker that they share with
// the indexing lowerings: every one of them copies rectangular boxes between strided buffers
// whose base offsets may only be known at run time (dynamic_slice, gather).
import type { Shape } from "../../../jaxpr/index.js";
import { stridesOf } from "../../../jaxpr/index.js";
import { Lowering, makeKernel } from "../kernel.js";
import { allocExpression } from "./alloc.js";
import { ident, int } from "../emit.js";

/** One buffer walked by a box loop: element offset = base + sum_k index_k * strides[k]. */
export interface StridedAccess {
  /** A JS expression for the base offset (a literal, or a variable of the surrounding code). */
  readonly base: string;
  readonly strides: readonly number[];
}

/**
 * Emits loops over `shape` in row-major order; `body` gets one identifier per access holding its
 * current offset. Size-1 dims are dropped and dims that every access walks contiguously are merged,
 * so a box of whole rows becomes one flat loop. Identifiers are prefixed with `prefix` so the
 * loops can nest inside other generated code.
 */
export function emitStridedLoops(
  shape: Shape,
  accesses: readonly StridedAccess[],
  body: (offsets: readonly string[]) => string,
  prefix = "c",
): string {
  if (shape.some((n) => n === 0)) return "";
  const dims: number[] = [];
  const strides: number[][] = accesses.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && accesses.every((a, k) => strides[k]![last] === a.strides[d]! * n)) {
      dims[last] = dims[last]! * n;
      accesses.forEach((a, k) => (strides[k]![last] = a.strides[d]!));
    } else {
      dims.push(n);
      accesses.forEach((a, k) => strides[k]!.push(a.strides[d]!));
    }
  }
  ident(prefix);
  const off = (k: number, d: number): string => (d < 0 ? `(${accesses[k]!.base})` : `${prefix}${k}_${d}`);
  const lines: string[] = [];
  dims.forEach((n, d) => {
    const inits = accesses.map((_, k) => `${off(k, d)} = ${off(k, d - 1)}`).join(", ");
    const steps = accesses.map((_, k) => `${off(k, d)} += ${int(strides[k]![d]!)}`).join(", ");
    lines.push(`for (let ${prefix}i${d} = 0, ${inits}; ${prefix}i${d} < ${int(n)}; ${prefix}i${d}++, ${steps}) {`);
  });
  const depth = dims.length;
  if (depth === 0) {
    // A single element: bind the offsets so the body reads the same in every case.
    lines.push(`{ ${accesses.map((_, k) => `const ${prefix}${k}_0 = ${off(k, -1)};`).join(" ")}`);
    lines.push(body(accesses.map((_, k) => `${prefix}${k}_0`)));
    lines.push("}");
  } else {
    lines.push(body(accesses.map((_, k) => off(k, depth - 1))));
    lines.push("}".repeat(depth));
  }
  return lines.join("\n");
}

/** Statements copying a box from `src` into `dst` (identifiers of typed arrays). */
export function emitBoxCopy(shape: Shape, dst: string, dstAccess: StridedAccess, src: string, srcAccess: StridedAccess, prefix = "c"): string {
  return emitStridedLoops(shape, [dstAccess, srcAccess], ([d, s]) => `${ident(dst)}[${d}] = ${ident(src)}[${s}];`, prefix);
}

type Names = "pad" | "concatenate";

export const LAYOUT_LOWERINGS: { [P in Names]: Lowering<P> } = {
  // lax.pad: operand element j of dim i lands at lo + j * (interior + 1); negative lo/hi crop, so
  // only the operand elements whose landing position falls inside the output are copied.
  pad: ({ inAvals, outAvals, params }) => {
    const x = inAvals[0]!;
    const out = outAvals[0]!;
    const xs = stridesOf(x.shape);
    const os = stridesOf(out.shape);
    const box: number[] = [];
    const srcStrides: number[] = [];
    const dstStrides: number[] = [];
    let srcBase = 0;
    let dstBase = 0;
    x.shape.forEach((n, i) => {
      const [lo, , interior] = params.paddingConfig[i]!;
      const step = interior + 1;
      const first = Math.max(0, Math.ceil(-lo / step));
      const end = Math.min(n, Math.floor((out.shape[i]! - 1 - lo) / step) + 1);
      box.push(Math.max(0, end - first));
      srcBase += first * xs[i]!;
      dstBase += (lo + first * step) * os[i]!;
      srcStrides.push(xs[i]!);
      dstStrides.push(os[i]! * step);
    });
    // The output is first filled with the padding value (a fresh array is already +0).
    const copy = emitBoxCopy(box, "out", { base: int(dstBase), strides: dstStrides }, "in0", { base: int(srcBase), strides: srcStrides });
    const body = [
      `const out = ${allocExpression(out)};`,
      out.size > 0 ? `const v = in1[0]; if (!Object.is(v, 0)) out.fill(v);` : "",
      copy,
      `return [out];`,
    ].join("\n");
    return makeKernel("pad", 2, body);
  },

  concatenate: ({ inAvals, outAvals, params }) => {
    const out = outAvals[0]!;
    const os = stridesOf(out.shape);
    const dim = params.dimension;
    let at = 0;
    const copies = inAvals.map((x, k) => {
      const copy = emitBoxCopy(x.shape, "out", { base: int(at * os[dim]!), strides: os }, `in${k}`, { base: "0", strides: stridesOf(x.shape) });
      at += x.shape[dim]!;
      return copy;
    });
    return makeKernel("concatenate", inAvals.length, [`const out = ${allocExpression(out)};`, ...copies, `return [out];`].join("\n"));
  },
};
