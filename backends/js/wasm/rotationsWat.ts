// The WebAssembly text of the SIMD plane-rotation kernel, a function of the GEMM module
// (gemmWat.ts adds it, so that the GEMM's helper thread can run it too; linalg/planeRotations.ts
// drives it). LAPACK's dlasr role: sweeps of
// rotations on adjacent columns (j, j+1), as QL/QR iterations on a tridiagonal or bidiagonal
// matrix leave them (dsteqr, dbdsqr), applied to a block of rows of the vector matrix.
//
// The rows are packed in panels of PANEL_ROWS rows, column-major inside the panel: element
// (r, j) of a panel at panel + (j * PANEL_ROWS + r) * 8 bytes, so one column of a panel is
// PANEL_ROWS / 2 f64x2 vectors and a whole panel (n columns) stays in L1/L2 while every sweep of
// a chunk runs over it. Rows are independent under column rotations, so the lanes are rows.
// Along a sweep the column that two consecutive rotations share stays in registers: each
// rotation loads one column and stores one (a backward sweep j = hi..lo carries column j, a
// forward sweep carries column j + 1). Wasm SIMD has no fused multiply-add (see gemmWat.ts).
//
// Rotation t of a sweep, on x = column j and y = column j + 1, with (c, s):
//   x' = c x - s y,  y' = s x + c y
// (EISPACK tql2's sign; LAPACK's dlasr uses the opposite sign of s).
//
// The text is built by functions, not top-level constants: the runtime imports this module for
// its layout constants, and a bundler keeps a top-level template that calls anything (it cannot
// know the call is pure), so constants would ship the WAT text with every bundle.

/** Rows per panel: four f64x2 vectors, enough independent chains to hide the latency of a rotation. */
export const PANEL_ROWS = 8;
const VECTORS = PANEL_ROWS / 2;
const COLUMN_BYTES = PANEL_ROWS * 8;
/**
 * Bytes of one sweep's record, four i32: j0 (its first rotation acts on columns j0, j0 + 1), the
 * rotation count, 1 if backward (rotation t acts on columns j0 - t, j0 - t + 1) else 0 (on
 * j0 + t, j0 + t + 1), and the index of its first (c, s): a sweep's rotations are stored in the
 * order they apply.
 */
export const SWEEP_BYTES = 16;
/** Bytes of one rotation: f64 c then f64 s. */
export const ROTATION_BYTES = 16;

const vectors = (): number[] => Array.from({ length: VECTORS }, (_, k) => k);
const at = (k: number): string => (k === 0 ? "" : ` offset=${16 * k}`);
const mulAdd = (a: string, x: string, b: string, y: string): string => `(f64x2.add (f64x2.mul (local.get ${a}) ${x}) (f64x2.mul (local.get ${b}) ${y}))`;
const mulSub = (a: string, x: string, b: string, y: string): string => `(f64x2.sub (f64x2.mul (local.get ${a}) ${x}) (f64x2.mul (local.get ${b}) ${y}))`;

/** Loads (c, s) of the rotation at $rot as splats into $c, $s. */
const loadRotation = `(local.set $c (v128.load64_splat (local.get $rot)))
            (local.set $s (v128.load64_splat offset=8 (local.get $rot)))`;

/**
 * Backward sweep: $p starts at column j0 + 1 (its vectors carried in $v*), then walks down; each
 * rotation stores column j + 1 (final) and carries x' = c x - s y as the next y.
 */
const backward = (): string => `(local.set $p (i32.add (local.get $panel) (i32.mul (i32.add (local.get $first) (i32.const 1)) (i32.const ${COLUMN_BYTES}))))
          ${vectors().map((k) => `(local.set $v${k} (v128.load${at(k)} (local.get $p)))`).join("\n          ")}
          (local.set $rot (i32.add (local.get $cs) (i32.mul (local.get $start) (i32.const ${ROTATION_BYTES}))))
          (local.set $t (local.get $count))
          (block $bdone (loop $bloop
            (br_if $bdone (i32.eqz (local.get $t)))
            (local.set $p (i32.sub (local.get $p) (i32.const ${COLUMN_BYTES})))
            ${loadRotation}
            ${vectors()
              .map(
                (k) => `(local.set $x (v128.load${at(k)} (local.get $p)))
            (v128.store offset=${COLUMN_BYTES + 16 * k} (local.get $p) ${mulAdd("$s", "(local.get $x)", "$c", `(local.get $v${k})`)})
            (local.set $v${k} ${mulSub("$c", "(local.get $x)", "$s", `(local.get $v${k})`)})`,
              )
              .join("\n            ")}
            (local.set $rot (i32.add (local.get $rot) (i32.const ${ROTATION_BYTES})))
            (local.set $t (i32.sub (local.get $t) (i32.const 1)))
            (br $bloop)))
          ${vectors().map((k) => `(v128.store${at(k)} (local.get $p) (local.get $v${k}))`).join("\n          ")}`;

/**
 * Forward sweep: $p starts at column j0 (carried), then walks up; each rotation stores column j
 * (final) and carries y' = s x + c y as the next x.
 */
const forward = (): string => `(local.set $p (i32.add (local.get $panel) (i32.mul (local.get $first) (i32.const ${COLUMN_BYTES}))))
          ${vectors().map((k) => `(local.set $v${k} (v128.load${at(k)} (local.get $p)))`).join("\n          ")}
          (local.set $rot (i32.add (local.get $cs) (i32.mul (local.get $start) (i32.const ${ROTATION_BYTES}))))
          (local.set $t (local.get $count))
          (block $fdone (loop $floop
            (br_if $fdone (i32.eqz (local.get $t)))
            ${loadRotation}
            ${vectors()
              .map(
                (k) => `(local.set $x (v128.load offset=${COLUMN_BYTES + 16 * k} (local.get $p)))
            (v128.store${at(k)} (local.get $p) ${mulSub("$c", `(local.get $v${k})`, "$s", "(local.get $x)")})
            (local.set $v${k} ${mulAdd("$s", `(local.get $v${k})`, "$c", "(local.get $x)")})`,
              )
              .join("\n            ")}
            (local.set $p (i32.add (local.get $p) (i32.const ${COLUMN_BYTES})))
            (local.set $rot (i32.add (local.get $rot) (i32.const ${ROTATION_BYTES})))
            (local.set $t (i32.sub (local.get $t) (i32.const 1)))
            (br $floop)))
          ${vectors().map((k) => `(v128.store${at(k)} (local.get $p) (local.get $v${k}))`).join("\n          ")}`;

/**
 * (func rotate_panels (panels npanels cols sweeps nsweeps cs)): for each of npanels panels of
 * `cols` columns from byte `panels` on, every sweep of the nsweeps records at `sweeps`, in order,
 * with the rotations at `cs`. Pointers in bytes.
 */
export const ROTATE_PANELS = "rotate_panels";

export const rotatePanelsWat = (): string => `
  (func (export "${ROTATE_PANELS}") (param $panels i32) (param $npanels i32) (param $cols i32) (param $sweeps i32) (param $nsweeps i32) (param $cs i32)
    (local $panel i32) (local $q i32) (local $w i32) (local $p i32) (local $rot i32) (local $t i32)
    (local $first i32) (local $count i32) (local $start i32)
    (local $c v128) (local $s v128) (local $x v128) ${vectors().map((k) => `(local $v${k} v128)`).join(" ")}
    (local.set $panel (local.get $panels))
    (local.set $q (i32.const 0))
    (block $pdone (loop $ploop
      (br_if $pdone (i32.ge_u (local.get $q) (local.get $npanels)))
      (local.set $w (local.get $sweeps))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $w) (i32.add (local.get $sweeps) (i32.mul (local.get $nsweeps) (i32.const ${SWEEP_BYTES})))))
        (local.set $first (i32.load (local.get $w)))
        (local.set $count (i32.load offset=4 (local.get $w)))
        (local.set $start (i32.load offset=12 (local.get $w)))
        (if (i32.load offset=8 (local.get $w))
          (then
          ${backward()})
          (else
          ${forward()}))
        (local.set $w (i32.add (local.get $w) (i32.const ${SWEEP_BYTES})))
        (br $sloop)))
      (local.set $panel (i32.add (local.get $panel) (i32.mul (local.get $cols) (i32.const ${COLUMN_BYTES}))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $ploop))))
`;
