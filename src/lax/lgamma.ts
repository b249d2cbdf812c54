// log|Gamma(x)| composed from lax primitives by XLA's lgamma algorithm (chlo's Lanczos lowering:
// g = 7, 9 terms, with the reflection formula below 1/2). Differentiable by composition; it
// imports nothing of the transforms, so JVP rules may use it (the incomplete beta's density).
// jax.scipy.special.gammaln wraps it with lax.lgamma's derivative, digamma.
import { Array } from "../core/array.js";
import { scalarLike } from "./core.js";
import * as ew from "./elementwise.js";
import { broadcastInDim } from "./structural.js";
import { LANCZOS, LANCZOS_BASE, LANCZOS_G_PLUS_HALF } from "../../backends/js/specialFunctions.js";

const fullLike = (x: Array, v: number): Array => broadcastInDim(scalarLike(v, x.dtype), x.shape, []);

/** log|Gamma(x)| elementwise on a float array. */
export function lgamma(x: Array): Array {
  const c = (v: number): Array => fullLike(x, v);
  const reflect = ew.lt(x, c(0.5));
  const z = ew.select(reflect, ew.neg(x), ew.sub(x, c(1)));
  let sum = c(LANCZOS_BASE);
  LANCZOS.forEach((coefficient, i) => {
    sum = ew.add(sum, ew.div(c(coefficient), ew.add(z, c(i + 1))));
  });
  const t = ew.add(z, c(LANCZOS_G_PLUS_HALF));
  const logT = ew.add(c(Math.log(LANCZOS_G_PLUS_HALF)), ew.log1p(ew.div(z, c(LANCZOS_G_PLUS_HALF))));
  const logY = ew.add(ew.add(c(0.5 * Math.log(2 * Math.PI)), ew.mul(ew.sub(ew.add(z, c(0.5)), ew.div(t, logT)), logT)), ew.log(sum));
  // Reflection: log|Gamma(x)| = log(pi) - log|sin(pi x)| - log Gamma(1 - x), with sin's argument
  // reduced to [0, 1/2] first so that large |x| loses nothing.
  const absX = ew.abs(x);
  const frac = ew.sub(absX, ew.floor(absX));
  const reduced = ew.select(ew.gt(frac, c(0.5)), ew.sub(c(1), frac), frac);
  const denom = ew.log(ew.sin(ew.mul(reduced, c(Math.PI))));
  const reflection = ew.select(ew.isFinite(denom), ew.sub(ew.sub(c(Math.log(Math.PI)), denom), logY), ew.neg(denom));
  return ew.select(ew.eq(ew.abs(x), c(Infinity)), c(Infinity), ew.select(reflect, reflection, logY));
}
