// Depthwise convolution (issue 21): the wasm SIMD kernel against the JS loop it replaced for the
// cases it newly covers: a feature count that is not a multiple of 4 (padded to 32 features),
// float64 (f64x2), channels-first layouts (copied to channels-last per image) and a channel
// multiplier (input features repeated in the copy). 3x3 SAME, stride 1. Both are dprog jit programs, compiled with the
// SIMD kernel on and off; their calls are interleaved and the medians compared.
//
//   npx tsx bench/depthwise.ts            (or `npm run bench depthwise`)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { numpy as np, lax, jit } from "../src/index.js";
import type { Array as DArray, DType } from "../src/index.js";
import { setDepthwiseSimd } from "../backends/js/lowerings/convDepthwise.js";
import { interleavedMedians, printTable, maxRelErr, type Row } from "./util.js";
import { uniform } from "./cases.js";

interface DepthwiseCase {
  readonly title: string;
  readonly shape: [number, number, number, number];
  readonly layout: "NHWC" | "NCHW";
  readonly dtype: DType;
  /** Output features per input feature. */
  readonly multiplier?: number;
}

/** The convolution's jit program compiled with the SIMD kernel on or off (a fresh jit each: programs are cached per function). */
function compiled(c: DepthwiseCase, simd: boolean): () => ArrayLike<number> {
  const [n, h, w, ch] = c.shape;
  const o = ch * (c.multiplier ?? 1);
  const specs: [string, string, string] = c.layout === "NHWC" ? ["NHWC", "HWIO", "NHWC"] : ["NCHW", "OIHW", "NCHW"];
  const x = np.array(uniform(n * h * w * ch, 5, -1, 1), { shape: c.layout === "NHWC" ? [n, h, w, ch] : [n, ch, h, w] }).astype(c.dtype);
  const k = np.array(uniform(9 * o, 6, -1, 1), { shape: c.layout === "NHWC" ? [3, 3, 1, o] : [o, 1, 3, 3] }).astype(c.dtype);
  const f = jit((a: DArray, b: DArray) => lax.convGeneralDilated(a, b, [1, 1], "SAME", { dimensionNumbers: specs, featureGroupCount: ch }));
  const old = setDepthwiseSimd(simd);
  f(x, k);
  setDepthwiseSimd(old);
  return () => f(x, k).dataSync();
}

function compare(c: DepthwiseCase, rounds: number): Row[] {
  const [simd, loop] = [compiled(c, true), compiled(c, false)];
  const err = maxRelErr(simd(), loop());
  const [a, b] = interleavedMedians([simd, loop], rounds) as [number, number];
  return [
    { name: "wasm SIMD kernel", value: a, unit: "ms", ratio: a / b, note: `max rel. diff ${err.toExponential(1)}` },
    { name: "JS loop", value: b, unit: "ms", ratio: 1 },
  ];
}

export const DEPTHWISE_CASES: readonly DepthwiseCase[] = [
  { title: "30 features (not a multiple of 4)", shape: [8, 56, 56, 30], layout: "NHWC", dtype: "float32" },
  { title: "3 features", shape: [8, 112, 112, 3], layout: "NHWC", dtype: "float32" },
  { title: "float64, 32 features", shape: [8, 56, 56, 32], layout: "NHWC", dtype: "float64" },
  { title: "NCHW, 32 features", shape: [8, 56, 56, 32], layout: "NCHW", dtype: "float32" },
  { title: "NCHW float64, 30 features", shape: [8, 56, 56, 30], layout: "NCHW", dtype: "float64" },
  { title: "16 features, multiplier 2", shape: [8, 56, 56, 16], layout: "NHWC", dtype: "float32", multiplier: 2 },
];

export function main(rounds = 11): void {
  for (const c of DEPTHWISE_CASES) {
    const [n, h, w, ch] = c.shape;
    printTable(`depthwise 3x3 SAME, ${c.title}: ${n} images of ${h}x${w}, ${c.layout} ${c.dtype} (${rounds} interleaved calls each; ratio to the JS loop)`, compare(c, rounds));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main();
}
