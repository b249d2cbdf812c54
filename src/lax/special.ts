// Special functions composed from existing primitives (no new primitives): erfInv.
// float32 uses M. Giles' single-precision polynomial ("Approximating the erfinv function", GPU
// Computing Gems, 2010), the approximation XLA lowers lax.erf_inv to for f32; float64 starts from
// the same polynomial and polishes it with two Newton steps on erf (accurate to double in our
// backend). The derivative is the analytic one, sqrt(pi)/2 * exp(erfinv(x)^2), as JAX's.
import { Array, ArrayLike } from "../core/array.js";
import { customJvp } from "../ad/custom.js";
import type { CustomJvpFunction } from "../ad/custom.js";
import { scalarLike } from "./core.js";
import * as ew from "./elementwise.js";
import { broadcastInDim } from "./structural.js";

/** A constant of x's dtype and shape (lax.select needs equal shapes). */
const fullLike = (x: Array, v: number): Array => broadcastInDim(scalarLike(v, x.dtype), x.shape, []);

// Giles' coefficients, highest power first, for w = -log(1 - x^2) below and above 5.
const CENTRAL = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3, 2.46640727e-1, 1.50140941];
const TAIL = [-2.00214257e-4, 1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3, 9.43887047e-3, 1.00167406, 2.83297682];

function asFloatArray(x: ArrayLike): Array {
  const a = x instanceof Array ? x : scalarLike(x, "float32");
  if (a.dtype !== "float32" && a.dtype !== "float64") throw new TypeError(`erf_inv does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of floating.`);
  return a;
}

function gilesErfInv(x: Array): Array {
  const c = (v: number): Array => fullLike(x, v);
  const w = ew.neg(ew.log1p(ew.neg(ew.mul(x, x))));
  const central = ew.lt(w, c(5));
  const wShifted = ew.select(central, ew.sub(w, c(2.5)), ew.sub(ew.sqrt(w), c(3)));
  let p = ew.select(central, c(CENTRAL[0]!), c(TAIL[0]!));
  for (let i = 1; i < CENTRAL.length; i++) p = ew.add(ew.select(central, c(CENTRAL[i]!), c(TAIL[i]!)), ew.mul(p, wShifted));
  return ew.mul(p, x);
}

function erfInvValue(x: Array): Array {
  const c = (v: number): Array => fullLike(x, v);
  let y = gilesErfInv(x);
  if (x.dtype === "float64") {
    const twoOverSqrtPi = c(2 / Math.sqrt(Math.PI));
    for (let i = 0; i < 2; i++) {
      const slope = ew.mul(twoOverSqrtPi, ew.exp(ew.neg(ew.mul(y, y))));
      const step = ew.div(ew.sub(ew.erf(y), x), slope);
      // Where the slope underflows (|x| at or next to 1) the polynomial value stands.
      y = ew.select(ew.isFinite(step), ew.sub(y, step), y);
    }
  }
  // erfinv(+-1) = +-inf; the polynomial is indeterminate there. Outside [-1, 1]: nan.
  const ax = ew.abs(x);
  const inf = ew.mul(x, c(Infinity));
  return ew.select(ew.eq(ax, c(1)), inf, ew.select(ew.gt(ax, c(1)), c(NaN), y));
}

let erfInvCustom: CustomJvpFunction<(x: Array) => Array> | null = null;

/** lax.erf_inv: the inverse error function, elementwise on a float array. */
export function erfInv(x: ArrayLike): Array {
  // Built on first use: the custom-JVP machinery imports lax, so it cannot run at module load.
  if (erfInvCustom === null) {
    erfInvCustom = customJvp((a: Array) => erfInvValue(a)).defjvp(([a], [t]) => {
      const y = erfInvCustom!(a);
      const halfSqrtPi = scalarLike(Math.sqrt(Math.PI) / 2, y.dtype);
      return [y, ew.mul(t, ew.mul(halfSqrtPi, ew.exp(ew.mul(y, y))))];
    });
  }
  return erfInvCustom(asFloatArray(x));
}
