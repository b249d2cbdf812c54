// float32 arithmetic that reproduces XLA's CPU code bit for bit, for the places where dprog
// promises JAX's exact values (erf_inv, and through it random.normal; the random samplers' logs).
//
// Two facts about XLA's CPU backend decide the bits, and both were checked against jaxlib 0.10.2
// on 500,000 inputs each (zero mismatches):
// - LLVM may contract a multiply feeding an add into one fused multiply-add (XLA's CPU compiler
//   allows FP-op fusion), so Horner steps `c + p * w` round once, not twice.
// - `log` on float32 is a Cephes-style polynomial (Eigen's plog: frexp, a degree-8 polynomial
//   evaluated in three interleaved parts, the exponent added back in two pieces), not a
//   correctly rounded logarithm; `log1p` uses log(1 + x) for |x| >= sqrt(2) - 1 and a Cephes
//   rational approximation below that.
//
// dprog's JS backend keeps a fused chain of float32 ops in double precision and rounds only when
// storing, so every step here is rounded explicitly (`round32`: a bitcast to uint32 and back, which
// the backend evaluates through a float32 word). A fused multiply-add is emulated in float64: the
// product of two float32 values is exact in a double, so only the sum rounds before the final
// rounding to float32 (a double rounding that can differ from a true FMA only when the double sum
// lands exactly on a float32 rounding boundary, about once in 2^29 draws).
import type { Array } from "../core/array.js";
import { scalarLike } from "./core.js";
import * as ew from "./elementwise.js";
import { broadcastInDim } from "./structural.js";
import { ERFINV_CENTRAL, ERFINV_TAIL } from "./specialCoefficients.js";

/** A float32 constant of x's shape, rounded to float32 before it is embedded. */
export const c32 = (x: Array, v: number): Array => broadcastInDim(scalarLike(Math.fround(v), "float32"), x.shape, []);

/** Rounds a float32-typed value to float32 even inside a fused kernel that computes in doubles. */
export function round32(x: Array): Array {
  return ew.bitcastConvertType(ew.bitcastConvertType(x, "uint32"), "float32");
}

/** fma(a, b, c) for float32 arrays of one shape: a * b + c rounded once (emulated in float64). */
export function fma32(a: Array, b: Array, c: Array): Array {
  const f64 = (x: Array): Array => ew.convertElementType(x, "float64");
  return round32(ew.convertElementType(ew.add(ew.mul(f64(a), f64(b)), f64(c)), "float32"));
}

const add32 = (a: Array, b: Array): Array => round32(ew.add(a, b));
const sub32 = (a: Array, b: Array): Array => round32(ew.sub(a, b));
const mul32 = (a: Array, b: Array): Array => round32(ew.mul(a, b));

// Cephes' logf coefficients (as in Eigen's plog), highest power first.
const LOG_P = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1];
const LOG_Q1 = -2.1219444e-4;
const LOG_Q2 = 0.693359375;
const SQRT_HALF = 0.707106781186547524;
const MIN_NORMAL_BITS = 0x00800000;

/** Natural log of a float32 array with XLA CPU's float32 algorithm and rounding. */
export function log32(x: Array): Array {
  const c = (v: number): Array => c32(x, v);
  const u = (v: number): Array => broadcastInDim(scalarLike(v, "uint32"), x.shape, []);
  // frexp of x (denormals are raised to the smallest normal first): m in [0.5, 1), x = m 2^e.
  const clamped = ew.max(x, ew.bitcastConvertType(u(MIN_NORMAL_BITS), "float32"));
  const bits = ew.bitcastConvertType(clamped, "uint32");
  const biased = ew.convertElementType(ew.shiftRightLogical(bits, u(23)), "int32");
  let e = ew.convertElementType(ew.sub(biased, broadcastInDim(scalarLike(126, "int32"), x.shape, [])), "float32");
  const m = ew.bitcastConvertType(ew.bitwiseOr(ew.bitwiseAnd(bits, u(0x807fffff)), u(0x3f000000)), "float32");
  // Centre the mantissa on 1: m in [sqrt(1/2), sqrt(2)) after doubling the small ones.
  const small = ew.lt(m, c(SQRT_HALF));
  let r = sub32(m, c(1));
  r = ew.select(small, add32(r, m), r);
  e = ew.select(small, sub32(e, c(1)), e);
  const r2 = mul32(r, r);
  const r3 = mul32(r2, r);
  const p = LOG_P.map((v) => c(v));
  let y = fma32(r, p[0]!, p[1]!);
  let y1 = fma32(r, p[3]!, p[4]!);
  let y2 = fma32(r, p[6]!, p[7]!);
  y = fma32(y, r, p[2]!);
  y1 = fma32(y1, r, p[5]!);
  y2 = fma32(y2, r, p[8]!);
  y = fma32(y, r3, y1);
  y = fma32(y, r3, y2);
  y = fma32(y, r3, mul32(e, c(LOG_Q1)));
  let out = sub32(r, mul32(r2, c(0.5)));
  out = add32(out, y);
  out = add32(out, mul32(e, c(LOG_Q2)));
  // log(0) = -inf, log(inf) = inf, log of a negative number or nan = nan.
  out = ew.select(ew.eq(x, c(Infinity)), c(Infinity), out);
  out = ew.select(ew.eq(x, c(0)), c(-Infinity), out);
  return ew.select(ew.bitwiseOr(ew.lt(x, c(0)), ew.ne(x, x)), c(NaN), out);
}

// Cephes' log1p rational approximation, numerator and denominator, highest power first.
const LOG1P_NUM = [4.5270000862445199635215e-5, 4.9854102823193375972212e-1, 6.5787325942061044846969, 2.9911919328553073277375e1, 6.0949667980987787057556e1, 5.7112963590585538103336e1, 2.0039553499201281259648e1];
const LOG1P_DEN = [1, 1.5062909083469192043167e1, 8.3047565967967209469434e1, 2.2176239823732856465394e2, 3.0909872225312059774938e2, 2.1642788614495947685003e2, 6.0118660497603843919306e1];

/** log(1 + x) of a float32 array with XLA CPU's float32 algorithm and rounding. */
export function log1p32(x: Array): Array {
  const c = (v: number): Array => c32(x, v);
  const large = log32(add32(x, c(1)));
  const x2 = mul32(x, x);
  const poly = (coeffs: readonly number[]): Array => {
    // The first Horner step, 0 * x + c, is exactly c.
    let acc = c(coeffs[0]!);
    for (let i = 1; i < coeffs.length; i++) acc = fma32(acc, x, c(coeffs[i]!));
    return acc;
  };
  const ratio = round32(ew.div(poly(LOG1P_NUM), poly(LOG1P_DEN)));
  let smallX = fma32(c(-0.5), x2, mul32(mul32(x, x2), ratio));
  smallX = add32(x, smallX);
  return ew.select(ew.lt(ew.abs(x), c(0.41421356237309504880)), smallX, large);
}


/** erf_inv of a float32 array, bit-exact with XLA's CPU lowering of chlo.erf_inv. */
export function erfInv32(x: Array): Array {
  const c = (v: number): Array => c32(x, v);
  const w = ew.neg(log1p32(mul32(x, ew.neg(x))));
  const central = ew.lt(w, c(5));
  const ws = ew.select(central, sub32(w, c(2.5)), sub32(round32(ew.sqrt(w)), c(3)));
  let p = ew.select(central, c(ERFINV_CENTRAL[0]!), c(ERFINV_TAIL[0]!));
  for (let i = 1; i < ERFINV_CENTRAL.length; i++) p = fma32(p, ws, ew.select(central, c(ERFINV_CENTRAL[i]!), c(ERFINV_TAIL[i]!)));
  return mul32(p, x);
}
