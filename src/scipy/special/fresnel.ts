// Fresnel integrals S(x), C(x) as JAX's (Cephes fresnl.c): rational approximations in x^4 for
// x^2 < 2.5625, the auxiliary functions f, g in 1/(pi x^2)^2 beyond, the leading asymptotic
// terms above 36974, and sin/cos of pi x^2 / 2 reduced exactly (x^2/2 mod 2 from x mod 2).
// float32 uses Cephes' single-precision polynomials. Derivative as JAX's: (sin, cos)(pi x^2 / 2).
import { Array } from "../../core/array.js";
import type { ArrayLike } from "../../core/array.js";
import * as np from "../../numpy/index.js";
import { customJvp } from "../../ad/custom.js";
import { inexact, lazy } from "./util.js";

const F64 = {
  sn: [-2.99181919401019853726e3, 7.08840045257738576863e5, -6.29741486205862506537e7, 2.54890880573376359104e9, -4.42979518059697779103e10, 3.18016297876567817986e11],
  sd: [1, 2.81376268889994315696e2, 4.55847810806532581675e4, 5.1734388877009640073e6, 4.19320245898111231129e8, 2.2441179564534092094e10, 6.07366389490084639049e11],
  cn: [-4.98843114573573548651e-8, 9.50428062829859605134e-6, -6.45191435683965050962e-4, 1.88843319396703850064e-2, -2.05525900955013891793e-1, 9.99999999999999998822e-1],
  cd: [3.99982968972495980367e-12, 9.15439215774657478799e-10, 1.25001862479598821474e-7, 1.22262789024179030997e-5, 8.68029542941784300606e-4, 4.12142090722199792936e-2, 1.00000000000000000118e0],
  fn: [4.21543555043677546506e-1, 1.43407919780758885261e-1, 1.15220955073585758835e-2, 3.450179397825740279e-4, 4.63613749287867322088e-6, 3.05568983790257605827e-8, 1.02304514164907233465e-10, 1.72010743268161828879e-13, 1.34283276233062758925e-16, 3.76329711269987889006e-20],
  fd: [1, 7.51586398353378947175e-1, 1.16888925859191382142e-1, 6.44051526508858611005e-3, 1.55934409164153020873e-4, 1.8462756734893054587e-6, 1.12699224763999035261e-8, 3.60140029589371370404e-11, 5.8875453362157841001e-14, 4.52001434074129701496e-17, 1.25443237090011264384e-20],
  gn: [5.04442073643383265887e-1, 1.97102833525523411709e-1, 1.87648584092575249293e-2, 6.84079380915393090172e-4, 1.15138826111884280931e-5, 9.82852443688422223854e-8, 4.45344415861750144738e-10, 1.08268041139020870318e-12, 1.37555460633261799868e-15, 8.36354435630677421531e-19, 1.86958710162783235106e-22],
  gd: [1, 1.47495759925128324529e0, 3.37748989120019970451e-1, 2.53603741420338795122e-2, 8.14679107184306179049e-4, 1.27545075667729118702e-5, 1.04314589657571990585e-7, 4.60680728146520428211e-10, 1.10273215066240270757e-12, 1.38796531259578871258e-15, 8.39158816283118707363e-19, 1.86958710162783236342e-22],
};
const F32 = {
  sn: [1.6476294637887e-9, -1.522754752581096e-7, 8.4247488085024e-6, -3.120693124703272e-4, 7.244727626597022e-3, -9.228055941124598e-2, 5.235987735681432e-1],
  cn: [1.416802502367354e-8, -1.157231412229871e-6, 5.387223446683264e-5, -1.604381798862293e-3, 2.818489036795073e-2, -2.467398198317899e-1, 9.999999760004487e-1],
  fn: [-1.903009855649792e12, 1.355942388050252e11, -4.158143148511033e9, 7.343848463587323e7, -8.732356681548485e5, 8.56051546627547e3, -1.032877601091159e2, 2.999401847870011e0],
  gn: [-1.86084399762465e11, 1.278350673393208e10, -3.779387713202229e8, 6.492611570598858e6, -7.787789623358162e4, 8.602931494734327e2, -1.493439396592284e1, 9.999841934744914e-1],
};

function horner(coefs: readonly number[], x: Array): Array {
  let acc: Array = np.fullLike(x, coefs[0]!);
  for (let i = 1; i < coefs.length; i++) acc = np.add(np.multiply(acc, x), coefs[i]!);
  return acc;
}

/** [sin(pi x^2 / 2), cos(pi x^2 / 2)] with the argument reduced modulo 2 exactly. */
function sinCosPiSquaredHalf(x: Array): [Array, Array] {
  const ax = np.abs(x);
  const s = np.remainder(ax, 2);
  const r = np.remainder(np.multiply(s, np.subtract(ax, np.divide(s, 2))), 2);
  const sinpi = np.where(np.less(r, 0.5), np.sin(np.multiply(r, Math.PI)), np.where(np.greater(r, 1.5), np.sin(np.multiply(np.subtract(r, 2), Math.PI)), np.negative(np.sin(np.multiply(np.subtract(r, 1), Math.PI)))));
  const cospi = np.where(np.equal(r, 0.5), 0, np.where(np.less(r, 1), np.negative(np.sin(np.multiply(np.subtract(r, 0.5), Math.PI))), np.sin(np.multiply(np.subtract(r, 1.5), Math.PI))));
  return [sinpi, cospi];
}

function fresnelValue(xx: Array): [Array, Array] {
  const single = xx.dtype === "float32";
  const x = np.abs(xx);
  const x2 = np.multiply(x, x);
  const t4 = np.multiply(x2, x2);
  const sSmall = single ? np.multiply(np.multiply(x, x2), horner(F32.sn, t4)) : np.divide(np.multiply(np.multiply(x, x2), horner(F64.sn, t4)), horner(F64.sd, t4));
  const cSmall = single ? np.multiply(x, horner(F32.cn, t4)) : np.divide(np.multiply(x, horner(F64.cn, t4)), horner(F64.cd, t4));
  const [sinpi, cospi] = sinCosPiSquaredHalf(x);
  const safeX = np.where(np.equal(x, 0), 1, x);
  const cLarge = single ? np.fullLike(x, 0.5) : np.add(0.5, np.multiply(np.divide(1, np.multiply(safeX, Math.PI)), sinpi));
  const sLarge = single ? np.fullLike(x, 0.5) : np.subtract(0.5, np.multiply(np.divide(1, np.multiply(safeX, Math.PI)), cospi));
  const piX2 = np.multiply(np.multiply(safeX, safeX), Math.PI);
  const u = np.divide(1, np.multiply(piX2, piX2));
  const t = np.divide(1, piX2);
  const f = single ? np.subtract(1, np.multiply(u, horner(F32.fn, u))) : np.subtract(1, np.divide(np.multiply(u, horner(F64.fn, u)), horner(F64.fd, u)));
  const g = single ? np.multiply(t, horner(F32.gn, u)) : np.divide(np.multiply(t, horner(F64.gn, u)), horner(F64.gd, u));
  const piX = np.multiply(safeX, Math.PI);
  const cOther = np.add(0.5, np.divide(np.subtract(np.multiply(f, sinpi), np.multiply(g, cospi)), piX));
  const sOther = np.subtract(0.5, np.divide(np.add(np.multiply(f, cospi), np.multiply(g, sinpi)), piX));
  const isInf = np.isinf(xx);
  const small = np.less(x2, 2.5625);
  const large = np.greater(x, 36974);
  let s = np.where(isInf, 0.5, np.where(small, sSmall, np.where(large, sLarge, sOther)));
  let c = np.where(isInf, 0.5, np.where(small, cSmall, np.where(large, cLarge, cOther)));
  const neg = np.less(xx, 0);
  s = np.where(neg, np.negative(s), s);
  c = np.where(neg, np.negative(c), c);
  return [s, c];
}

const fresnelCustom = lazy(() => {
  const f = customJvp((x: Array) => fresnelValue(x));
  return f.defjvp(([x], [t]) => {
    const [sinpi, cospi] = sinCosPiSquaredHalf(x);
    return [f(x), [np.multiply(sinpi, t), np.multiply(cospi, t)]];
  });
});

/**
 * `scipy.special.fresnel(x)` (jax.scipy.special.fresnel): the Fresnel integrals `[S(x), C(x)] = integral_0^x [sin, cos](pi t^2 / 2) dt`.
 *
 * @example
 * ```ts
 * const [s, c] = scipy.special.fresnel(np.array([0, 1]));
 * s; // Array([0.        , 0.43825915], dtype=float32)
 * c; // Array([0.       , 0.7798934], dtype=float32)
 * ```
 */
export function fresnel(x: ArrayLike): [Array, Array] {
  const [xv] = inexact("fresnel", x);
  return fresnelCustom()(xv!);
}
