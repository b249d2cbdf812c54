// Generates the WebAssembly text of the SIMD GEMM macro-kernels (assembled by build.ts).
//
// One exported function per dtype: C[mc x nc] (+)= Ap * Bp over packed panels, where Ap holds
// MR-tall row panels (k-major: MR values per k) and Bp holds NR-wide column panels (k-major: NR
// values per k), both zero-padded so every tile is full. The loop nest is BLIS's inner two loops:
// jr over B panels (one stays in L1), ir over A panels (the A block stays in L2), and an MR x NR
// micro-kernel whose accumulators are v128 locals. Wasm SIMD has no fused multiply-add (relaxed
// SIMD is not on by default in Node 20), so each step is a mul and an add. Text is generated
// rather than written by hand only because the micro-kernel is an unrolled MR x NR grid.

import { rotatePanelsWat } from "./rotationsWat.js";

export interface TileShape {
  readonly dtype: "f32" | "f64";
  /** Rows of the register tile. */
  readonly mr: number;
  /** Columns of the register tile, in v128 vectors (4 f32 or 2 f64 lanes each). */
  readonly nrv: number;
  /** Unroll factor of the k loop (kc must be a multiple). */
  readonly unroll: number;
}

export const lanesOf = (t: TileShape): number => (t.dtype === "f32" ? 4 : 2);
export const nrOf = (t: TileShape): number => t.nrv * lanesOf(t);
const bytesOf = (t: TileShape): number => (t.dtype === "f32" ? 4 : 8);

/** The exported function's name for a tile shape. */
export const kernelName = (t: TileShape): string => `gemm_${t.dtype}_${t.mr}x${nrOf(t)}${t.unroll > 1 ? `_u${t.unroll}` : ""}`;

/** What both kernels' text is written with: the tile's sizes, its vector type and splat load, accumulator names. */
function tileText(t: TileShape) {
  const { mr, nrv } = t;
  const grid = (f: (i: number, j: number) => string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < mr; i++) for (let j = 0; j < nrv; j++) out.push(f(i, j));
    return out;
  };
  return {
    mr,
    nrv,
    es: bytesOf(t),
    nr: nrOf(t),
    v: `${t.dtype}x${lanesOf(t)}`,
    splat: t.dtype === "f32" ? "v128.load32_splat" : "v128.load64_splat",
    acc: (i: number, j: number): string => `$c${i}_${j}`,
    grid,
  };
}

/**
 * (func gemm (ap bp c mc nc kc ldc accumulate)): pointers in bytes; mc, nc multiples of MR, NR;
 * ldc is C's row stride in bytes; accumulate = 0 stores the product, 1 adds it to C.
 */
function kernelWat(t: TileShape): string {
  const { mr, nrv, es, nr, v, splat, acc, grid } = tileText(t);
  const locals = grid((i, j) => `(local ${acc(i, j)} v128)`);
  for (let j = 0; j < nrv; j++) locals.push(`(local $b${j} v128)`);
  locals.push(`(local $a v128)`);
  const step = (u: number): string[] => {
    const lines: string[] = [];
    for (let j = 0; j < nrv; j++) lines.push(`(local.set $b${j} (v128.load offset=${(u * nr + j * lanesOf(t)) * es} (local.get $pb)))`);
    for (let i = 0; i < mr; i++) {
      lines.push(`(local.set $a (${splat} offset=${(u * mr + i) * es} (local.get $pa)))`);
      for (let j = 0; j < nrv; j++) lines.push(`(local.set ${acc(i, j)} (${v}.add (local.get ${acc(i, j)}) (${v}.mul (local.get $a) (local.get $b${j}))))`);
    }
    return lines;
  };
  const body: string[] = [];
  for (let u = 0; u < t.unroll; u++) body.push(...step(u));
  const zero: string[] = [];
  for (let i = 0; i < mr; i++) for (let j = 0; j < nrv; j++) zero.push(`(local.set ${acc(i, j)} (v128.const i64x2 0 0))`);
  const cAt = (i: number, j: number): string => `offset=${j * 16} (local.get $r${i})`;
  const rowPtrs: string[] = [];
  for (let i = 0; i < mr; i++) rowPtrs.push(`(local.set $r${i} ${i === 0 ? "(local.get $cp)" : `(i32.add (local.get $r${i - 1}) (local.get $ldc))`})`);
  const stores: string[] = [];
  const adds: string[] = [];
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nrv; j++) {
      stores.push(`(v128.store ${cAt(i, j)} (local.get ${acc(i, j)}))`);
      adds.push(`(v128.store ${cAt(i, j)} (${v}.add (v128.load ${cAt(i, j)}) (local.get ${acc(i, j)})))`);
    }
  }
  const rowLocals = Array.from({ length: mr }, (_, i) => `(local $r${i} i32)`).join(" ");
  return `
  (func (export "${kernelName(t)}") (param $ap i32) (param $bp i32) (param $c i32) (param $mc i32) (param $nc i32) (param $kc i32) (param $ldc i32) (param $accumulate i32)
    (local $jr i32) (local $ir i32) (local $pa i32) (local $pb i32) (local $bpanel i32) (local $end i32) (local $cp i32) ${rowLocals}
    ${locals.join(" ")}
    (local.set $jr (i32.const 0))
    (block $jdone (loop $jloop
      (br_if $jdone (i32.ge_u (local.get $jr) (local.get $nc)))
      ;; B panel jr: kc x NR, at bp + jr * kc * es
      (local.set $bpanel (i32.add (local.get $bp) (i32.mul (i32.mul (local.get $jr) (local.get $kc)) (i32.const ${es}))))
      (local.set $ir (i32.const 0))
      (block $idone (loop $iloop
        (br_if $idone (i32.ge_u (local.get $ir) (local.get $mc)))
        (local.set $pa (i32.add (local.get $ap) (i32.mul (i32.mul (local.get $ir) (local.get $kc)) (i32.const ${es}))))
        (local.set $pb (local.get $bpanel))
        (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const ${mr * es}))))
        ${zero.join("\n        ")}
        (block $kdone (loop $kloop
          (br_if $kdone (i32.ge_u (local.get $pa) (local.get $end)))
          ${body.join("\n          ")}
          (local.set $pa (i32.add (local.get $pa) (i32.const ${mr * es * t.unroll})))
          (local.set $pb (i32.add (local.get $pb) (i32.const ${nr * es * t.unroll})))
          (br $kloop)))
        (local.set $cp (i32.add (local.get $c) (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.mul (local.get $jr) (i32.const ${es})))))
        ${rowPtrs.join(" ")}
        (if (local.get $accumulate)
          (then ${adds.join("\n            ")})
          (else ${stores.join("\n            ")}))
        (local.set $ir (i32.add (local.get $ir) (i32.const ${mr})))
        (br $iloop)))
      (local.set $jr (i32.add (local.get $jr) (i32.const ${nr})))
      (br $jloop)))
  )`;
}

/** The exported indirect kernel's name for a tile shape. */
export const indirectKernelName = (t: TileShape): string => `igemm_${t.dtype}_${t.mr}x${nrOf(t)}`;

/**
 * The indirect GEMM (XNNPACK's igemm; Dukhan, "The Indirect Convolution Algorithm", 2019):
 * (func igemm (src rows taps ntaps run bp c mc nc ldc accumulate)). A is never packed: row m of A
 * is `ntaps` runs of `run` contiguous elements, run t at src + rows[m] + taps[t] (rows and taps
 * are i32 tables of byte offsets at byte addresses `rows` and `taps`; rows has mc entries, mc a
 * multiple of MR). For a channels-last convolution a run is one window tap's input features, so
 * the kernel reads the input in place. Bp holds NR-wide k-major column panels of depth ntaps * run
 * (panel jr at bp + jr * depth * es); C, accumulate and ldc as in the packed kernel.
 * Measured on the 3x3 64 -> 64 convolution, one thread, as TF.js wasm's CPU time over this
 * kernel's (same process): 1.47..1.50 as written, 1.11..1.15 with the k loop unrolled by 2 or 4
 * (and a one-step tail): unrolled, it was slower, as the packed kernel was.
 */
function indirectKernelWat(t: TileShape): string {
  const { mr, nrv, es, nr, v, splat, acc, grid } = tileText(t);
  const rowsOf = (f: (i: number) => string): string => Array.from({ length: mr }, (_, i) => f(i)).join(" ");
  const step: string[] = [];
  for (let j = 0; j < nrv; j++) step.push(`(local.set $b${j} (v128.load offset=${j * 16} (local.get $pb)))`);
  for (let i = 0; i < mr; i++) {
    step.push(`(local.set $a (${splat} (local.get $p${i})))`);
    for (let j = 0; j < nrv; j++) step.push(`(local.set ${acc(i, j)} (${v}.add (local.get ${acc(i, j)}) (${v}.mul (local.get $a) (local.get $b${j}))))`);
  }
  const cAt = (i: number, j: number): string => `offset=${j * 16} (local.get $q${i})`;
  return `
  (func (export "${indirectKernelName(t)}") (param $src i32) (param $rows i32) (param $taps i32) (param $ntaps i32) (param $run i32) (param $bp i32) (param $c i32) (param $mc i32) (param $nc i32) (param $ldc i32) (param $accumulate i32)
    (local $jr i32) (local $ir i32) (local $pb i32) (local $bpanel i32) (local $depth i32) (local $t i32) (local $tend i32) (local $to i32) (local $end i32)
    ${rowsOf((i) => `(local $r${i} i32) (local $p${i} i32) (local $q${i} i32)`)}
    ${grid((i, j) => `(local ${acc(i, j)} v128)`).join(" ")} ${Array.from({ length: nrv }, (_, j) => `(local $b${j} v128)`).join(" ")} (local $a v128)
    (local.set $depth (i32.mul (local.get $ntaps) (local.get $run)))
    (local.set $tend (i32.add (local.get $taps) (i32.shl (local.get $ntaps) (i32.const 2))))
    (local.set $jr (i32.const 0))
    (block $jdone (loop $jloop
      (br_if $jdone (i32.ge_u (local.get $jr) (local.get $nc)))
      (local.set $bpanel (i32.add (local.get $bp) (i32.mul (i32.mul (local.get $jr) (local.get $depth)) (i32.const ${es}))))
      (local.set $ir (i32.const 0))
      (block $idone (loop $iloop
        (br_if $idone (i32.ge_u (local.get $ir) (local.get $mc)))
        ${rowsOf((i) => `(local.set $r${i} (i32.add (local.get $src) (i32.load offset=${i * 4} (i32.add (local.get $rows) (i32.shl (local.get $ir) (i32.const 2))))))`)}
        ${grid((i, j) => `(local.set ${acc(i, j)} (v128.const i64x2 0 0))`).join(" ")}
        (local.set $pb (local.get $bpanel))
        (local.set $t (local.get $taps))
        (block $tdone (loop $tloop
          (br_if $tdone (i32.ge_u (local.get $t) (local.get $tend)))
          (local.set $to (i32.load (local.get $t)))
          ${rowsOf((i) => `(local.set $p${i} (i32.add (local.get $r${i}) (local.get $to)))`)}
          (local.set $end (i32.add (local.get $p0) (i32.mul (local.get $run) (i32.const ${es}))))
          (block $kdone (loop $kloop
            (br_if $kdone (i32.ge_u (local.get $p0) (local.get $end)))
            ${step.join("\n            ")}
            ${rowsOf((i) => `(local.set $p${i} (i32.add (local.get $p${i}) (i32.const ${es})))`)}
            (local.set $pb (i32.add (local.get $pb) (i32.const ${nr * es})))
            (br $kloop)))
          (local.set $t (i32.add (local.get $t) (i32.const 4)))
          (br $tloop)))
        (local.set $q0 (i32.add (local.get $c) (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.mul (local.get $jr) (i32.const ${es})))))
        ${Array.from({ length: mr - 1 }, (_, i) => `(local.set $q${i + 1} (i32.add (local.get $q${i}) (local.get $ldc)))`).join(" ")}
        (if (local.get $accumulate)
          (then ${grid((i, j) => `(v128.store ${cAt(i, j)} (${v}.add (v128.load ${cAt(i, j)}) (local.get ${acc(i, j)})))`).join("\n            ")})
          (else ${grid((i, j) => `(v128.store ${cAt(i, j)} (local.get ${acc(i, j)}))`).join("\n            ")}))
        (local.set $ir (i32.add (local.get $ir) (i32.const ${mr})))
        (br $iloop)))
      (local.set $jr (i32.add (local.get $jr) (i32.const ${nr})))
      (br $jloop)))
  )`;
}

/**
 * The module: imports its memory (pre-sized by the host, never grown) and exports one kernel per
 * tile shape, and the plane-rotation kernel (rotationsWat.ts), which shares the memory and the
 * helper thread. A shared memory (for worker threads) must be imported as shared, with a maximum.
 */
export function gemmWat(tiles: readonly TileShape[], shared = false): string {
  return `;; Generated by backends/js/wasm/gemmWat.ts: do not edit; run \`npm run build:wasm\`.
(module
  (import "env" "memory" (memory 1${shared ? " 65536 shared" : ""}))
${tiles.map((t) => kernelWat(t) + indirectKernelWat(t)).join("\n")}
${rotatePanelsWat()}
)
`;
}

/**
 * The tiles the module is built with. Measured with packed panels in cache (kc 256, mc 96..192)
 * on this machine's V8 (Node 20, Zen 3), best of rounds on a noisy 2-core box: f32 4x8 and 2x16
 * reach 25..37 GFLOP/s, 6x8 and 3x16 (12 accumulators) 13..21 (they spill), 4x12 about 21;
 * unrolling the k loop by 2 was slower for every tile. f64: 4x4 and 2x8 about 9..17, 4x6 ~11.
 * 4x8 is kept over 2x16 because it pads narrow N (an MLP's 10 classes) no worse and reuses each
 * B load over four rows.
 */
export const TILES = {
  float32: { dtype: "f32", mr: 4, nrv: 2, unroll: 1 },
  float64: { dtype: "f64", mr: 4, nrv: 2, unroll: 1 },
} as const satisfies Record<string, TileShape>;
