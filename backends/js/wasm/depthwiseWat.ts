// The WebAssembly text of the SIMD depthwise convolution (assembled by build.ts into
// depthwiseModule.ts). One image, channels-last (H, W, C) input, (KH, KW, C) kernel, (OH, OW, C)
// output: for each output pixel and each window tap inside the input, x[tap's pixel, c] * w[tap, c]
// is added one 16-byte vector of features at a time (f32x4, or f64x2 for float64; wasm SIMD has no
// fused multiply-add in Node 20). Two functions per dtype share the pixel and tap loops:
// depthwise_f32 (C a multiple of 4; f64: of 2) accumulates in the output pixel in memory;
// depthwise16_f32 (C a multiple of 16; f64: depthwise8_f64, of 8) keeps four vectors of features
// in accumulator registers across the taps, reads the kernel blocked (64 bytes of features per
// tap, a block's taps consecutive) and runs interior pixels (every tap inside the input, most of
// an image) two at a time through a tap loop without bounds checks or index arithmetic, the taps'
// input offsets read from a table it writes once per call. Pointers are in bytes.

/** A dtype's vector form: the exported names' suffix, log2 of its element bytes, its SIMD shape. */
interface Element {
  readonly suffix: "f32" | "f64";
  readonly shift: number;
  readonly shape: "f32x4" | "f64x2";
}
const F32: Element = { suffix: "f32", shift: 2, shape: "f32x4" };
const F64: Element = { suffix: "f64", shift: 3, shape: "f64x2" };

const PARAMS = `(param $x i32) (param $w i32) (param $out i32) (param $h i32) (param $wd i32) (param $c i32)
    (param $oh i32) (param $ow i32) (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32)
    (param $dh i32) (param $dw i32) (param $ph i32) (param $pw i32)
    (local $y i32) (local $z i32) (local $p i32) (local $q i32) (local $iy i32) (local $iz i32)
    (local $o i32) (local $xp i32) (local $wp i32) (local $cb i32)`;

/** Runs `body` for each output pixel, $o its byte address (advanced by C features after each). */
const pixelLoops = (e: Element, body: string): string => `(local.set $cb (i32.shl (local.get $c) (i32.const ${e.shift})))
    (local.set $o (local.get $out))
    (local.set $y (i32.const 0))
    (block $ydone (loop $yloop
      (br_if $ydone (i32.ge_u (local.get $y) (local.get $oh)))
      (local.set $z (i32.const 0))
      (block $zdone (loop $zloop
        (br_if $zdone (i32.ge_u (local.get $z) (local.get $ow)))
        ${body}
        (local.set $o (i32.add (local.get $o) (local.get $cb)))
        (local.set $z (i32.add (local.get $z) (i32.const 1)))
        (br $zloop)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br $yloop)))`;

/**
 * Runs `body` for each window tap inside the input (unsigned compares: a negative index is out of
 * range too), with $xp the byte address of the tap's input pixel plus `offset`, and $wp `weights`
 * (an expression in the tap's indices $p and $q).
 */
const tapLoops = (offset: string, weights: string, body: string): string => `(local.set $p (i32.const 0))
        (block $pdone (loop $ploop
          (br_if $pdone (i32.ge_u (local.get $p) (local.get $kh)))
          (local.set $iy (i32.sub (i32.add (i32.mul (local.get $y) (local.get $sh)) (i32.mul (local.get $p) (local.get $dh))) (local.get $ph)))
          (if (i32.lt_u (local.get $iy) (local.get $h)) (then
            (local.set $q (i32.const 0))
            (block $qdone (loop $qloop
              (br_if $qdone (i32.ge_u (local.get $q) (local.get $kw)))
              (local.set $iz (i32.sub (i32.add (i32.mul (local.get $z) (local.get $sw)) (i32.mul (local.get $q) (local.get $dw))) (local.get $pw)))
              (if (i32.lt_u (local.get $iz) (local.get $wd)) (then
                (local.set $xp (i32.add (i32.add (local.get $x) (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $wd)) (local.get $iz)) (local.get $cb))) ${offset}))
                (local.set $wp ${weights})
                ${body}))
              (local.set $q (i32.add (local.get $q) (i32.const 1)))
              (br $qloop)))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $ploop)))`;

/** The tap's index in the window, p * KW + q. */
const TAP = "(i32.add (i32.mul (local.get $p) (local.get $kw)) (local.get $q))";

/** Zeroes the output pixel, then each tap adds into it, one vector at a time. */
const oneVector = (e: Element): string => `(func (export "depthwise_${e.suffix}")
    ${PARAMS} (local $op i32) (local $end i32)
    ${pixelLoops(e, `(local.set $end (i32.add (local.get $o) (local.get $cb)))
        (local.set $op (local.get $o))
        (block $zerodone (loop $zero
          (br_if $zerodone (i32.ge_u (local.get $op) (local.get $end)))
          (v128.store (local.get $op) (v128.const i64x2 0 0))
          (local.set $op (i32.add (local.get $op) (i32.const 16)))
          (br $zero)))
        ${tapLoops(
          "(i32.const 0)",
          `(i32.add (local.get $w) (i32.mul ${TAP} (local.get $cb)))`,
          `(local.set $op (local.get $o))
                (block $cdone (loop $cloop
                  (br_if $cdone (i32.ge_u (local.get $op) (local.get $end)))
                  (v128.store (local.get $op)
                    (${e.shape}.add (v128.load (local.get $op)) (${e.shape}.mul (v128.load (local.get $xp)) (v128.load (local.get $wp)))))
                  (local.set $op (i32.add (local.get $op) (i32.const 16)))
                  (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
                  (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
                  (br $cloop)))`,
        )}`)})`;

const LANES = [0, 1, 2, 3];
const at = (i: number): string => (i === 0 ? "" : ` offset=${16 * i}`);
/** Adds x * w into the four accumulators, x and w 64-byte blocks at $xp and $wp. */
const accumulate = (e: Element): string =>
  LANES.map((i) => `(local.set $a${i} (${e.shape}.add (local.get $a${i}) (${e.shape}.mul (v128.load${at(i)} (local.get $xp)) (v128.load${at(i)} (local.get $wp)))))`).join("\n                ");
const zero = LANES.map((i) => `(local.set $a${i} (v128.const i64x2 0 0))`).join("\n          ");
/** Stores the four accumulators at `address`. */
const store = (address: string): string => LANES.map((i) => `(v128.store${at(i)} ${address} (local.get $a${i}))`).join("\n          ");

/**
 * Writes the tap offset table at $tab (after the kernel): for each tap (p, q), p-major, the byte
 * offset of its input pixel from the window's top-left tap's, (p * DH * W + q * DW) * C * bytes;
 * and sets $ylim, $zlim: the top-left tap indices below which every tap lies inside the input.
 */
const tapTable = `(local.set $tab (i32.add (local.get $w) (i32.mul (local.get $wstep) (i32.shr_u (local.get $cb) (i32.const 6)))))
    (local.set $wp (local.get $tab))
    (local.set $p (i32.const 0))
    (loop $ptab
      (local.set $q (i32.const 0))
      (loop $qtab
        (i32.store (local.get $wp) (i32.mul (i32.add (i32.mul (i32.mul (local.get $p) (local.get $dh)) (local.get $wd)) (i32.mul (local.get $q) (local.get $dw))) (local.get $cb)))
        (local.set $wp (i32.add (local.get $wp) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br_if $qtab (i32.lt_u (local.get $q) (local.get $kw))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $ptab (i32.lt_u (local.get $p) (local.get $kh))))
    (local.set $tabEnd (local.get $wp))
    (local.set $ylim (i32.sub (local.get $h) (i32.mul (local.get $dh) (i32.sub (local.get $kh) (i32.const 1)))))
    (local.set $ylim (select (local.get $ylim) (i32.const 0) (i32.gt_s (local.get $ylim) (i32.const 0))))
    (local.set $zlim (i32.sub (local.get $wd) (i32.mul (local.get $dw) (i32.sub (local.get $kw) (i32.const 1)))))
    (local.set $zlim (select (local.get $zlim) (i32.const 0) (i32.gt_s (local.get $zlim) (i32.const 0))))`;

/** A border pixel: for each 64-byte block of features ($f bytes into the pixel), the window taps inside the input. */
const borderPixel = (e: Element): string => `(local.set $f (i32.const 0))
          (local.set $wb (local.get $w))
          (loop $floop
            ${zero}
            ${tapLoops("(local.get $f)", `(i32.add (local.get $wb) (i32.shl ${TAP} (i32.const 6)))`, accumulate(e))}
            ${store("(i32.add (local.get $o) (local.get $f))")}
            (local.set $f (i32.add (local.get $f) (i32.const 64)))
            (local.set $wb (i32.add (local.get $wb) (local.get $wstep)))
            (br_if $floop (i32.lt_u (local.get $f) (local.get $cb))))`;

/**
 * An interior pixel (every tap inside the input; $xb its top-left tap's input pixel): for each
 * block, a loop over the taps without bounds checks, their input offsets read from the table and
 * their kernel blocks consecutive. (A loop rather than unrolled taps: V8 hoists an unrolled
 * window's loads above its arithmetic and spills them.)
 */
const interiorPixel = (e: Element): string => `(local.set $op (local.get $o))
          (local.set $wp (local.get $w))
          (loop $iblock
            ${zero}
            (local.set $t (local.get $tab))
            (loop $itap
              (local.set $xp (i32.add (local.get $xb) (i32.load (local.get $t))))
              ${accumulate(e)}
              (local.set $wp (i32.add (local.get $wp) (i32.const 64)))
              (local.set $t (i32.add (local.get $t) (i32.const 4)))
              (br_if $itap (i32.lt_u (local.get $t) (local.get $tabEnd))))
            ${store("(local.get $op)")}
            (local.set $xb (i32.add (local.get $xb) (i32.const 64)))
            (local.set $op (i32.add (local.get $op) (i32.const 64)))
            (br_if $iblock (i32.lt_u (local.get $op) (local.get $end))))`;

/** Half of a tap for two pixels: vectors `lanes` of the kernel block at $wp times the inputs at $xp (into $a) and $xq (into $b). */
const pairHalf = (e: Element, lanes: number[]): string =>
  lanes.map((i) => `(local.set $v (v128.load${at(i)} (local.get $wp)))
              (local.set $a${i} (${e.shape}.add (local.get $a${i}) (${e.shape}.mul (v128.load${at(i)} (local.get $xp)) (local.get $v))))
              (local.set $b${i} (${e.shape}.add (local.get $b${i}) (${e.shape}.mul (v128.load${at(i)} (local.get $xq)) (local.get $v))))`).join("\n              ");

/**
 * Two horizontally adjacent interior pixels ($xs bytes apart in the input), sharing each kernel
 * load: accumulators $a0..$a3 for the first, $b0..$b3 for the second; then $o and $z step over
 * the second. Between a tap's halves, a branch that is never taken ($t is never 0; it would only
 * store partial sums where the final ones go) which V8 cannot remove: V8 (Node 20) schedules a
 * block's loads ahead of its arithmetic, and eight accumulators with a whole tap's twelve loads
 * would spill (x64 has sixteen vector registers); split, each half needs fourteen.
 */
const interiorPair = (e: Element): string => `(local.set $op (local.get $o))
          (local.set $wp (local.get $w))
          (loop $pblock
            ${zero}
            ${LANES.map((i) => `(local.set $b${i} (v128.const i64x2 0 0))`).join("\n            ")}
            (local.set $t (local.get $tab))
            (loop $ptap
              (local.set $xp (i32.add (local.get $xb) (i32.load (local.get $t))))
              (local.set $xq (i32.add (local.get $xp) (local.get $xs)))
              ${pairHalf(e, [0, 1])}
              (if (i32.eqz (local.get $t)) (then ${[0, 1].map((i) => `(v128.store${at(i)} (local.get $op) (local.get $a${i})) (v128.store${at(i)} (i32.add (local.get $op) (local.get $cb)) (local.get $b${i}))`).join(" ")}))
              ${pairHalf(e, [2, 3])}
              (local.set $wp (i32.add (local.get $wp) (i32.const 64)))
              (local.set $t (i32.add (local.get $t) (i32.const 4)))
              (br_if $ptap (i32.lt_u (local.get $t) (local.get $tabEnd))))
            ${store("(local.get $op)")}
            ${LANES.map((i) => `(v128.store${at(i)} (i32.add (local.get $op) (local.get $cb)) (local.get $b${i}))`).join("\n            ")}
            (local.set $xb (i32.add (local.get $xb) (i32.const 64)))
            (local.set $op (i32.add (local.get $op) (i32.const 64)))
            (br_if $pblock (i32.lt_u (local.get $op) (local.get $end))))
          (local.set $o (i32.add (local.get $o) (local.get $cb)))
          (local.set $z (i32.add (local.get $z) (i32.const 1)))`;

/**
 * Four vectors of features (one 64-byte block) at a time, in registers $a0..$a3 across the taps.
 * The kernel is blocked: for each block of features, each tap's 64 bytes in turn; the tap offset
 * table follows it (KH * KW i32s).
 */
const fourVectors = (e: Element): string => `(func (export "depthwise${64 >> e.shift}_${e.suffix}")
    ${PARAMS} (local $f i32) (local $wb i32) (local $wstep i32) ${LANES.map((i) => `(local $a${i} v128)`).join(" ")}
    (local $xb i32) (local $op i32) (local $end i32) (local $t i32) (local $tab i32) (local $tabEnd i32)
    (local $top i32) (local $left i32) (local $ylim i32) (local $zlim i32)
    (local $xq i32) (local $xs i32) (local $v v128) ${LANES.map((i) => `(local $b${i} v128)`).join(" ")}
    (local.set $cb (i32.shl (local.get $c) (i32.const ${e.shift})))
    (local.set $xs (i32.mul (local.get $sw) (local.get $cb)))
    (local.set $wstep (i32.shl (i32.mul (local.get $kh) (local.get $kw)) (i32.const 6)))
    ${tapTable}
    ${pixelLoops(
      e,
      `(local.set $top (i32.sub (i32.mul (local.get $y) (local.get $sh)) (local.get $ph)))
        (local.set $left (i32.sub (i32.mul (local.get $z) (local.get $sw)) (local.get $pw)))
        (if (i32.and (i32.lt_u (local.get $top) (local.get $ylim)) (i32.lt_u (local.get $left) (local.get $zlim)))
          (then
          (local.set $xb (i32.add (local.get $x) (i32.mul (i32.add (i32.mul (local.get $top) (local.get $wd)) (local.get $left)) (local.get $cb))))
          (local.set $end (i32.add (local.get $o) (local.get $cb)))
          (if (i32.and (i32.lt_u (i32.add (local.get $z) (i32.const 1)) (local.get $ow)) (i32.lt_u (i32.add (local.get $left) (local.get $sw)) (local.get $zlim)))
            (then ${interiorPair(e)})
            (else ${interiorPixel(e)})))
          (else ${borderPixel(e)}))`,
    )})`;

export const DEPTHWISE_WAT = `;; Generated by backends/js/wasm/depthwiseWat.ts: do not edit; run \`npm run build:wasm\`.
(module
  (import "env" "memory" (memory 1))
  ${oneVector(F32)}
  ${fourVectors(F32)}
  ${oneVector(F64)}
  ${fourVectors(F64)})
`;
