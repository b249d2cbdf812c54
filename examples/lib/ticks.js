// Axis ticks at round numbers, shared by the demo's terminal and SVG plots (terminal.ts) and the
// web example's canvas plots (examples/web/plots.js). Plain JavaScript so that the page can
// import it with no build step; ticks.d.ts gives its types.
// @ts-check

/**
 * Ticks for a log axis over [lo, hi] (0 < lo <= hi): the powers of ten inside it, and their 2x
 * and 5x multiples when it spans less than two decades, so that a short axis still has a few.
 * @param {number} lo
 * @param {number} hi
 * @returns {number[]}
 */
export function logTicks(lo, hi) {
  const ticks = [];
  const multiples = Math.log10(hi / lo) < 2 ? [1, 2, 5] : [1];
  for (let d = Math.floor(Math.log10(lo)); d <= Math.ceil(Math.log10(hi)); d++) {
    for (const m of multiples) {
      // Parsed from its decimal form, so that 10^-2 is 0.01 exactly as written (10 ** -2 is not).
      const t = Number(`${m}e${d}`);
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
    }
  }
  return ticks;
}

/**
 * Round ticks from 0 to `last` for a linear axis: multiples of 1, 2 or 5 times a power of ten
 * (integers), at most `most` + 1 of them.
 * @param {number} last
 * @param {number} [most]
 * @returns {number[]}
 */
export function linearTicks(last, most = 5) {
  if (!(last > 0)) return [0];
  const raw = last / most;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw) ?? 10 * power);
  const ticks = [];
  for (let t = 0; t <= last; t += step) ticks.push(Math.round(t));
  return ticks;
}

/**
 * A value as a person writes it on an axis: two significant digits, plain decimals (0.05, 1.2,
 * 300) from 1e-6 to 1e21 and exponent form beyond (JavaScript's own rule): never 1e-2.3.
 * @param {number} v
 * @returns {string}
 */
export function tickLabel(v) {
  return String(Number(v.toPrecision(2)));
}

/**
 * Round ticks covering [lo, hi] on a linear axis: multiples of 1, 2 or 5 times a power of ten,
 * from the largest multiple at or below lo to the smallest at or above hi, at most about `most`
 * steps. The first and last ticks are the axis's ends.
 * @param {number} lo
 * @param {number} hi
 * @param {number} [most]
 * @returns {number[]}
 */
export function rangeTicks(lo, hi, most = 5) {
  if (!(hi > lo)) return [lo - 1, lo, lo + 1];
  const raw = (hi - lo) / most;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let k = Math.floor(lo / step + 1e-9); k <= Math.ceil(hi / step - 1e-9); k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
