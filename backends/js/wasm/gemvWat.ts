// The WebAssembly text of the SIMD matrix-vector products of the Householder bidiagonalisation
// (assembled by build.ts into gemvModule.ts; linalg/gemv.ts drives it). dgebrd's panel spends
// half its flops in y = A^T u and x = A v over the trailing matrix (LAPACK's dgemv, BLAS-2), which
// no GEMM can take; these two run them two columns at a time (f64x2) over four rows at once.
// Row-major A: element (r, c) at a + r * lda + c * 8 bytes; vectors contiguous. Wasm SIMD has no
// fused multiply-add (see gemmWat.ts), so a product and a sum round separately, in the order
// linalg/gemv.ts's JS twin repeats: both paths give the same bits.
//
//   gemv_t(a, lda, rows, cols, u, y):  y[c] += sum over r of u[r] A[r, c]   (c < cols)
//     four rows at a time: y[c] += (u0 A0c + u1 A1c) + (u2 A2c + u3 A3c), then the rows left one
//     at a time: y[c] += u A[r, c].
//   gemv_n(a, lda, rows, cols, z, x):  x[r] = sum over c of A[r, c] z[c]   (r < rows)
//     per row two partial sums, of the even and of the odd columns (the lanes), added at the end,
//     then the last column where cols is odd; four rows at a time share the loads of z.

const rowsOf4 = [0, 1, 2, 3];
const get = (name: string): string => `(local.get ${name})`;
const add = (x: string, y: string): string => `(f64x2.add ${x} ${y})`;
const mul = (x: string, y: string): string => `(f64x2.mul ${x} ${y})`;
const advance = (names: string[], bytes: number): string => names.map((n) => `(local.set ${n} (i32.add ${get(n)} (i32.const ${bytes})))`).join("\n      ");

const GEMV_T = `(func (export "gemv_t") (param $a i32) (param $lda i32) (param $rows i32) (param $cols i32) (param $u i32) (param $y i32)
    (local $r i32) (local $q i32) (local $evenEnd i32) (local $end i32)
    ${rowsOf4.map((k) => `(local $p${k} i32) (local $u${k} v128)`).join(" ")}
    (local.set $end (i32.add ${get("$y")} (i32.shl ${get("$cols")} (i32.const 3))))
    (local.set $evenEnd (i32.add ${get("$y")} (i32.shl (i32.and ${get("$cols")} (i32.const -2)) (i32.const 3))))
    (local.set $r (i32.const 0))
    (block $done4 (loop $rows4
      (br_if $done4 (i32.gt_u (i32.add ${get("$r")} (i32.const 4)) ${get("$rows")}))
      (local.set $p0 (i32.add ${get("$a")} (i32.mul ${get("$r")} ${get("$lda")})))
      ${rowsOf4.slice(1).map((k) => `(local.set $p${k} (i32.add ${get(`$p${k - 1}`)} ${get("$lda")}))`).join("\n      ")}
      ${rowsOf4.map((k) => `(local.set $u${k} (v128.load64_splat offset=${8 * k} (i32.add ${get("$u")} (i32.shl ${get("$r")} (i32.const 3)))))`).join("\n      ")}
      (local.set $q ${get("$y")})
      (block $cdone (loop $cols2
        (br_if $cdone (i32.ge_u ${get("$q")} ${get("$evenEnd")}))
        (v128.store ${get("$q")} ${add("(v128.load (local.get $q))", add(add(mul(get("$u0"), "(v128.load (local.get $p0))"), mul(get("$u1"), "(v128.load (local.get $p1))")), add(mul(get("$u2"), "(v128.load (local.get $p2))"), mul(get("$u3"), "(v128.load (local.get $p3))"))))})
        ${advance(["$q", "$p0", "$p1", "$p2", "$p3"], 16)}
        (br $cols2)))
      (if (i32.lt_u ${get("$q")} ${get("$end")}) (then
        (f64.store ${get("$q")} (f64.add (f64.load ${get("$q")})
          (f64.add (f64.add (f64.mul (f64x2.extract_lane 0 ${get("$u0")}) (f64.load ${get("$p0")})) (f64.mul (f64x2.extract_lane 0 ${get("$u1")}) (f64.load ${get("$p1")})))
                   (f64.add (f64.mul (f64x2.extract_lane 0 ${get("$u2")}) (f64.load ${get("$p2")})) (f64.mul (f64x2.extract_lane 0 ${get("$u3")}) (f64.load ${get("$p3")}))))))))
      (local.set $r (i32.add ${get("$r")} (i32.const 4)))
      (br $rows4)))
    (block $done1 (loop $rows1
      (br_if $done1 (i32.ge_u ${get("$r")} ${get("$rows")}))
      (local.set $p0 (i32.add ${get("$a")} (i32.mul ${get("$r")} ${get("$lda")})))
      (local.set $u0 (v128.load64_splat (i32.add ${get("$u")} (i32.shl ${get("$r")} (i32.const 3)))))
      (local.set $q ${get("$y")})
      (block $cdone1 (loop $cols1
        (br_if $cdone1 (i32.ge_u ${get("$q")} ${get("$evenEnd")}))
        (v128.store ${get("$q")} ${add("(v128.load (local.get $q))", mul(get("$u0"), "(v128.load (local.get $p0))"))})
        ${advance(["$q", "$p0"], 16)}
        (br $cols1)))
      (if (i32.lt_u ${get("$q")} ${get("$end")}) (then
        (f64.store ${get("$q")} (f64.add (f64.load ${get("$q")}) (f64.mul (f64x2.extract_lane 0 ${get("$u0")}) (f64.load ${get("$p0")}))))))
      (local.set $r (i32.add ${get("$r")} (i32.const 1)))
      (br $rows1))))`;

/** The final sum of row k's partial sums: (even lane + odd lane) + the odd column's product, stored at x + (r + k) * 8. */
const storeRow = (k: number): string => `(local.set $t (f64.add (f64x2.extract_lane 0 ${get(`$s${k}`)}) (f64x2.extract_lane 1 ${get(`$s${k}`)})))
        (if ${get("$odd")} (then (local.set $t (f64.add ${get("$t")} (f64.mul (f64.load ${get(`$p${k}`)}) (f64.load ${get("$z2")}))))))
        (f64.store offset=${8 * k} (i32.add ${get("$x")} (i32.shl ${get("$r")} (i32.const 3))) ${get("$t")})`;

const GEMV_N = `(func (export "gemv_n") (param $a i32) (param $lda i32) (param $rows i32) (param $cols i32) (param $z i32) (param $x i32)
    (local $r i32) (local $z2 i32) (local $evenEnd i32) (local $odd i32) (local $zv v128) (local $t f64)
    ${rowsOf4.map((k) => `(local $p${k} i32) (local $s${k} v128)`).join(" ")}
    (local.set $evenEnd (i32.add ${get("$z")} (i32.shl (i32.and ${get("$cols")} (i32.const -2)) (i32.const 3))))
    (local.set $odd (i32.and ${get("$cols")} (i32.const 1)))
    (local.set $r (i32.const 0))
    (block $done4 (loop $rows4
      (br_if $done4 (i32.gt_u (i32.add ${get("$r")} (i32.const 4)) ${get("$rows")}))
      (local.set $p0 (i32.add ${get("$a")} (i32.mul ${get("$r")} ${get("$lda")})))
      ${rowsOf4.slice(1).map((k) => `(local.set $p${k} (i32.add ${get(`$p${k - 1}`)} ${get("$lda")}))`).join("\n      ")}
      ${rowsOf4.map((k) => `(local.set $s${k} (v128.const i64x2 0 0))`).join(" ")}
      (local.set $z2 ${get("$z")})
      (block $cdone (loop $cols2
        (br_if $cdone (i32.ge_u ${get("$z2")} ${get("$evenEnd")}))
        (local.set $zv (v128.load ${get("$z2")}))
        ${rowsOf4.map((k) => `(local.set $s${k} ${add(get(`$s${k}`), mul(`(v128.load ${get(`$p${k}`)})`, get("$zv")))})`).join("\n        ")}
        ${advance(["$z2", "$p0", "$p1", "$p2", "$p3"], 16)}
        (br $cols2)))
      ${rowsOf4.map(storeRow).join("\n      ")}
      (local.set $r (i32.add ${get("$r")} (i32.const 4)))
      (br $rows4)))
    (block $done1 (loop $rows1
      (br_if $done1 (i32.ge_u ${get("$r")} ${get("$rows")}))
      (local.set $p0 (i32.add ${get("$a")} (i32.mul ${get("$r")} ${get("$lda")})))
      (local.set $s0 (v128.const i64x2 0 0))
      (local.set $z2 ${get("$z")})
      (block $cdone1 (loop $cols1
        (br_if $cdone1 (i32.ge_u ${get("$z2")} ${get("$evenEnd")}))
        (local.set $s0 ${add(get("$s0"), mul("(v128.load (local.get $p0))", "(v128.load (local.get $z2))"))})
        ${advance(["$z2", "$p0"], 16)}
        (br $cols1)))
      ${storeRow(0)}
      (local.set $r (i32.add ${get("$r")} (i32.const 1)))
      (br $rows1))))`;

/** The module: both functions over an imported memory (linalg/gemv.ts grows it to the problem's size). */
export const GEMV_WAT = `(module
  (import "env" "memory" (memory 1 65536))
  ${GEMV_T}
  ${GEMV_N})
`;
