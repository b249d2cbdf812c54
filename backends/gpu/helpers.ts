// gpu.js counterparts of the JS backend's runtime helpers (backends/js/runtimeHelpers.ts), as
// kernel-language source: float arithmetic only, float literals with a decimal point, constant
// loop bounds. Integers live in float32 registers, exact up to 2^24 in magnitude; an integer
// result outside that range becomes NaN ("poison"), which the readback check reports as an error
// instead of returning a silently rounded value.

/** 2^24: the largest magnitude up to which every integer is exact in float32. */
export const EXACT_INT_LIMIT = 16777216;

export const HELPER_SOURCES: Record<string, string> = {
  // Division of a variable, not of literals: WGSL rejects a constant expression that is not finite.
  nan: `function h_nan() {
  let z = 0.0;
  return z / z;
}`,
  inf: `function h_inf() {
  let z = 0.0;
  return 1.0 / z;
}`,
  // A comparison, not x - x == 0: shader compilers may fold x - x to 0 even for NaN and infinities.
  isFinite: `function h_isFinite(x) { return (Math.abs(x) <= 3.4028234663852886e38) ? 1.0 : 0.0; }`,
  // gpu.js's cbrt is pow(x, 1/3): NaN for x < 0 in GLSL. Odd extension, one Newton step for float32 accuracy.
  cbrt: `function h_cbrt(x) {
  let a = Math.abs(x);
  if (a == 0.0 || a > 3.4028234663852886e38) { return x; }
  let r = Math.pow(a, 0.3333333333333333);
  r = r - (r * r * r - a) / (3.0 * r * r);
  return (x < 0.0) ? -r : r;
}`,
  // Drivers' asin/acos may be far from float32 accuracy (lavapipe's: 2e-4). Minimax polynomial on
  // [0, 0.5] (relative error about 2.5e-7), and asin(a) = pi/2 - 2 asin(sqrt((1 - a) / 2)) above.
  asinKernel: `function h_asinKernel(a) {
  let z = a * a;
  return a + a * z * (0.16666752422 + z * (0.074953002686 + z * (0.045470025998 + z * (0.024181311049 + z * 0.042163199048))));
}`,
  asin: `function h_asin(x) {
  let a = Math.abs(x);
  if (a > 1.0) { return h_nan(); }
  let r = 0.0;
  if (a <= 0.5) { r = h_asinKernel(a); } else { r = 1.5707963267948966 - 2.0 * h_asinKernel(Math.sqrt(0.5 * (1.0 - a))); }
  return (x < 0.0) ? -r : r;
}`,
  acos: `function h_acos(x) {
  if (Math.abs(x) > 1.0) { return h_nan(); }
  if (x > 0.5) { return 2.0 * h_asinKernel(Math.sqrt(0.5 * (1.0 - x))); }
  if (x < -0.5) { return 3.141592653589793 - 2.0 * h_asinKernel(Math.sqrt(0.5 * (1.0 + x))); }
  return 1.5707963267948966 - h_asinKernel(x);
}`,
  fmod: `function h_fmod(a, b) {
  if (Math.abs(a) < Math.abs(b)) { return a; }
  return a - b * Math.trunc(a / b);
}`,
  i32: `function h_i32(x) {
  if (x != x || Math.abs(x) > 16777216.0) { return h_nan(); }
  return Math.trunc(x);
}`,
  u32: `function h_u32(x) {
  if (x != x || x < 0.0 || x > 16777216.0) { return h_nan(); }
  return Math.trunc(x);
}`,
  toInt32: `function h_toInt32(x) {
  if (x != x) { return 0.0; }
  let t = Math.trunc(x);
  if (Math.abs(t) > 16777216.0) { return h_nan(); }
  return t;
}`,
  toUint32: `function h_toUint32(x) {
  if (x != x || x <= 0.0) { return 0.0; }
  let t = Math.trunc(x);
  if (t > 16777216.0) { return h_nan(); }
  return t;
}`,
  // Truncated quotient of exact integers, corrected by the exact remainder (a float quotient can round up to the next integer).
  intDiv: `function h_intDiv(a, b) {
  if (b == 0.0) { return -1.0; }
  let q = Math.trunc(a / b);
  let r = a - q * b;
  let s = Math.sign(a) * Math.sign(b);
  if (Math.abs(r) >= Math.abs(b)) { q = q + s; }
  if (r != 0.0 && (r < 0.0) != (a < 0.0)) { q = q - s; }
  return q;
}`,
  uintDiv: `function h_uintDiv(a, b) {
  if (b == 0.0) { return h_nan(); }
  return h_intDiv(a, b);
}`,
  intRem: `function h_intRem(a, b) {
  if (b == 0.0) { return a; }
  return a - b * h_intDiv(a, b);
}`,
  intPow: `function h_intPow(x, n) {
  let acc = 1.0;
  let base = x;
  let e = n;
  for (let i = 0; i < 32; i++) {
    if (e > 0.0) {
      if (e - 2.0 * Math.floor(e / 2.0) == 1.0) { acc = acc * base; }
      base = base * base;
      e = Math.floor(e / 2.0);
    }
  }
  return acc;
}`,
  roundHalfUp: `function h_roundHalfUp(x) {
  let f = Math.floor(x);
  return (x - f >= 0.5) ? f + 1.0 : f;
}`,
  roundHalfEven: `function h_roundHalfEven(x) {
  let f = Math.floor(x);
  let d = x - f;
  if (d > 0.5) { return f + 1.0; }
  if (d < 0.5) { return f; }
  return (f - 2.0 * Math.floor(f / 2.0) == 0.0) ? f : f + 1.0;
}`,
  roundAwayFromZero: `function h_roundAwayFromZero(x) {
  let a = Math.abs(x);
  let f = Math.floor(a);
  let r = (a - f >= 0.5) ? f + 1.0 : f;
  return (x < 0.0) ? -r : r;
}`,
  // Odd Taylor series below 0.5 (relative accuracy near 0), Abramowitz-Stegun 7.1.26 above (|error| < 1.5e-7).
  erf: `function h_erf(x) {
  let a = Math.abs(x);
  if (a < 0.5) {
    let z = x * x;
    return 1.1283791670955126 * x * (1.0 - z * (0.3333333333333333 - z * (0.1 - z * (0.023809523809523808 - z * (0.004629629629629629 - z * 0.0007575757575757576)))));
  }
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  let y = 1.0 - p * Math.exp(-a * a);
  return (x < 0.0) ? -y : y;
}`,
};

/** Helpers that call other helpers. */
const DEPENDS: Record<string, readonly string[]> = {
  asin: ["nan", "asinKernel"], acos: ["nan", "asinKernel"], i32: ["nan"], u32: ["nan"], toInt32: ["nan"], toUint32: ["nan"], uintDiv: ["nan", "intDiv"], intRem: ["intDiv"],
};

/** The sources of `used` helpers and everything they call, callees first. */
export function helperSources(used: ReadonlySet<string>): string[] {
  const order: string[] = [];
  const visit = (h: string): void => {
    if (order.includes(h)) return;
    for (const d of DEPENDS[h] ?? []) visit(d);
    order.push(h);
  };
  for (const h of used) visit(h);
  return order.map((h) => {
    const src = HELPER_SOURCES[h];
    if (src === undefined) throw new Error(`gpu backend: no helper h_${h}`);
    return src;
  });
}
