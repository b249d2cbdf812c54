// The FFT kernels, in one module because the helper thread runs them too: fft/parallel.ts sends
// their source (Function.prototype.toString), so each function here references only the others
// here, its arguments and globals: no import (a bundler or test runner may rewrite an imported
// name into a module-object access), no module-level constant, no module-level cache (each
// thread keeps its own PlanCache), no nested named function (esbuild's keepNames would wrap it in
// a module-level helper). parallel.ts checks the sent source against these functions before use.
import type { FloatArray } from "../linalg/types.js";

// ---- Stockham passes -----------------------------------------------------------------------------
// The butterfly passes of the mixed-radix FFT: one out-of-place Stockham (autosort) pass per
// factor, on interleaved complex float64 rows (re at 2i, im at 2i + 1). A pass of radix R with
// `ns` outputs already combined (the product of the earlier radices) reads element j + r n/R for
// r < R, multiplies it by the twiddle w^(r (j mod ns)) with w = exp(sign 2 pi i / (ns R)), takes
// the R-point DFT, and writes output r to floor(j / ns) ns R + (j mod ns) + r ns. After the last
// pass the result is in natural order, with no bit reversal (Van Loan, "Computational Frameworks
// for the Fast Fourier Transform", 1992, section 1.7; the formulation of Govindaraju et al.,
// "High Performance Discrete Fourier Transforms on Graphics Processors", SC 2008). Reads and writes
// both run along j, so each pass streams through memory.
//
// Twiddles of a pass are stored per (j mod ns) as R - 1 complex numbers (w^r for r = 1..R-1).

/** Radix-2 pass. */
function pass2(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array): void {
  const m = n >> 1;
  for (let j = 0, k = 0; j < m; k++) {
    const o = 4 * k * ns;
    for (let jj = 0; jj < ns; jj++, j++) {
      const i0 = 2 * j, i1 = 2 * (j + m);
      const wr = tw[2 * jj]!, wi = tw[2 * jj + 1]!;
      const ar = src[i0]!, ai = src[i0 + 1]!;
      const xr = src[i1]!, xi = src[i1 + 1]!;
      const br = xr * wr - xi * wi, bi = xr * wi + xi * wr;
      const d0 = o + 2 * jj, d1 = d0 + 2 * ns;
      dst[d0] = ar + br;
      dst[d0 + 1] = ai + bi;
      dst[d1] = ar - br;
      dst[d1 + 1] = ai - bi;
    }
  }
}

/** Radix-4 pass; `sign` is -1 forward, +1 inverse (the DFT's i becomes sign * i). */
function pass4(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, sign: number): void {
  const m = n >> 2;
  for (let j = 0, k = 0; j < m; k++) {
    const o = 8 * k * ns;
    for (let jj = 0; jj < ns; jj++, j++) {
      const t = 6 * jj;
      const i0 = 2 * j, i1 = i0 + 2 * m, i2 = i1 + 2 * m, i3 = i2 + 2 * m;
      const w1r = tw[t]!, w1i = tw[t + 1]!, w2r = tw[t + 2]!, w2i = tw[t + 3]!, w3r = tw[t + 4]!, w3i = tw[t + 5]!;
      const ar = src[i0]!, ai = src[i0 + 1]!;
      let xr = src[i1]!, xi = src[i1 + 1]!;
      const br = xr * w1r - xi * w1i, bi = xr * w1i + xi * w1r;
      xr = src[i2]!;
      xi = src[i2 + 1]!;
      const cr = xr * w2r - xi * w2i, ci = xr * w2i + xi * w2r;
      xr = src[i3]!;
      xi = src[i3 + 1]!;
      const dr = xr * w3r - xi * w3i, di = xr * w3i + xi * w3r;
      const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
      const t2r = br + dr, t2i = bi + di;
      // (b - d) times sign * i
      const t3r = -sign * (bi - di), t3i = sign * (br - dr);
      const d0 = o + 2 * jj, d1 = d0 + 2 * ns, d2 = d1 + 2 * ns, d3 = d2 + 2 * ns;
      dst[d0] = t0r + t2r;
      dst[d0 + 1] = t0i + t2i;
      dst[d1] = t1r + t3r;
      dst[d1 + 1] = t1i + t3i;
      dst[d2] = t0r - t2r;
      dst[d2 + 1] = t0i - t2i;
      dst[d3] = t1r - t3r;
      dst[d3 + 1] = t1i - t3i;
    }
  }
}

/** Radix-3 pass. */
function pass3(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, sign: number): void {
  const m = n / 3;
  // sign * sin(pi / 3)
  const s = (sign * Math.sqrt(3)) / 2;
  for (let j = 0, k = 0; j < m; k++) {
    const o = 6 * k * ns;
    for (let jj = 0; jj < ns; jj++, j++) {
      const t = 4 * jj;
      const i0 = 2 * j, i1 = i0 + 2 * m, i2 = i1 + 2 * m;
      const ar = src[i0]!, ai = src[i0 + 1]!;
      let xr = src[i1]!, xi = src[i1 + 1]!;
      const br = xr * tw[t]! - xi * tw[t + 1]!, bi = xr * tw[t + 1]! + xi * tw[t]!;
      xr = src[i2]!;
      xi = src[i2 + 1]!;
      const cr = xr * tw[t + 2]! - xi * tw[t + 3]!, ci = xr * tw[t + 3]! + xi * tw[t + 2]!;
      const sr = br + cr, si = bi + ci;
      const mr = ar - 0.5 * sr, mi = ai - 0.5 * si;
      // sign * sin60 * i * (b - c)
      const nr = -s * (bi - ci), ni = s * (br - cr);
      const d0 = o + 2 * jj, d1 = d0 + 2 * ns, d2 = d1 + 2 * ns;
      dst[d0] = ar + sr;
      dst[d0 + 1] = ai + si;
      dst[d1] = mr + nr;
      dst[d1 + 1] = mi + ni;
      dst[d2] = mr - nr;
      dst[d2 + 1] = mi - ni;
    }
  }
}

/** Radix-5 pass (the symmetric form: pairs v_q +- v_(5-q)). */
function pass5(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, sign: number): void {
  const m = n / 5;
  // The cosines and sines of 2 pi / 5 and 4 pi / 5.
  const C1 = Math.cos((2 * Math.PI) / 5), C2 = Math.cos((4 * Math.PI) / 5);
  const s1 = sign * Math.sin((2 * Math.PI) / 5), s2 = sign * Math.sin((4 * Math.PI) / 5);
  const x = new Float64Array(10);
  for (let j = 0, k = 0; j < m; k++) {
    const o = 10 * k * ns;
    for (let jj = 0; jj < ns; jj++, j++) {
      x[0] = src[2 * j]!;
      x[1] = src[2 * j + 1]!;
      for (let r = 1; r < 5; r++) {
        const i = 2 * (j + r * m), t = 8 * jj + 2 * (r - 1);
        const xr = src[i]!, xi = src[i + 1]!, wr = tw[t]!, wi = tw[t + 1]!;
        x[2 * r] = xr * wr - xi * wi;
        x[2 * r + 1] = xr * wi + xi * wr;
      }
      const a1r = x[2]! + x[8]!, a1i = x[3]! + x[9]!, b1r = x[2]! - x[8]!, b1i = x[3]! - x[9]!;
      const a2r = x[4]! + x[6]!, a2i = x[5]! + x[7]!, b2r = x[4]! - x[6]!, b2i = x[5]! - x[7]!;
      const m1r = x[0]! + C1 * a1r + C2 * a2r, m1i = x[1]! + C1 * a1i + C2 * a2i;
      const m2r = x[0]! + C2 * a1r + C1 * a2r, m2i = x[1]! + C2 * a1i + C1 * a2i;
      // i * (s1 b1 + s2 b2) and i * (s2 b1 - s1 b2)
      const n1r = -(s1 * b1i + s2 * b2i), n1i = s1 * b1r + s2 * b2r;
      const n2r = -(s2 * b1i - s1 * b2i), n2i = s2 * b1r - s1 * b2r;
      const d = o + 2 * jj, e = 2 * ns;
      dst[d] = x[0]! + a1r + a2r;
      dst[d + 1] = x[1]! + a1i + a2i;
      dst[d + e] = m1r + n1r;
      dst[d + e + 1] = m1i + n1i;
      dst[d + 2 * e] = m2r + n2r;
      dst[d + 2 * e + 1] = m2i + n2i;
      dst[d + 3 * e] = m2r - n2r;
      dst[d + 3 * e + 1] = m2i - n2i;
      dst[d + 4 * e] = m1r - n1r;
      dst[d + 4 * e + 1] = m1i - n1i;
    }
  }
}

/**
 * Pass of any odd radix p (7 and the other small primes): the symmetric DFT, pairing v_q and
 * v_(p-q), so that output k and p - k share their sums. `roots` holds cos and sin(sign 2 pi q / p)
 * for q < p; `x` is scratch of 2p numbers.
 */
function passOdd(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, p: number, roots: Float64Array, x: Float64Array): void {
  const m = n / p;
  const h = (p - 1) >> 1;
  for (let j = 0, k = 0; j < m; k++) {
    const o = 2 * p * k * ns;
    for (let jj = 0; jj < ns; jj++, j++) {
      const x0r = src[2 * j]!, x0i = src[2 * j + 1]!;
      let sumr = x0r, sumi = x0i;
      for (let r = 1; r <= h; r++) {
        // x[4(r-1)..]: the sum and difference of the twiddled v_r and v_(p-r)
        const i = 2 * (j + r * m), iq = 2 * (j + (p - r) * m);
        const t = 2 * ((p - 1) * jj + r - 1), tq = 2 * ((p - 1) * jj + p - r - 1);
        const ur = src[i]! * tw[t]! - src[i + 1]! * tw[t + 1]!, ui = src[i]! * tw[t + 1]! + src[i + 1]! * tw[t]!;
        const vr = src[iq]! * tw[tq]! - src[iq + 1]! * tw[tq + 1]!, vi = src[iq]! * tw[tq + 1]! + src[iq + 1]! * tw[tq]!;
        x[4 * r - 4] = ur + vr;
        x[4 * r - 3] = ui + vi;
        x[4 * r - 2] = ur - vr;
        x[4 * r - 1] = ui - vi;
        sumr += ur + vr;
        sumi += ui + vi;
      }
      const d = o + 2 * jj;
      dst[d] = sumr;
      dst[d + 1] = sumi;
      for (let q = 1; q <= h; q++) {
        let mr = x0r, mi = x0i, nr = 0, ni = 0;
        for (let r = 1, qr = q; r <= h; r++, qr = (qr + q) % p) {
          const c = roots[2 * qr]!, s = roots[2 * qr + 1]!;
          mr += c * x[4 * r - 4]!;
          mi += c * x[4 * r - 3]!;
          nr -= s * x[4 * r - 1]!;
          ni += s * x[4 * r - 2]!;
        }
        const e1 = d + 2 * q * ns, e2 = d + 2 * (p - q) * ns;
        dst[e1] = mr + nr;
        dst[e1 + 1] = mi + ni;
        dst[e2] = mr - nr;
        dst[e2 + 1] = mi - ni;
      }
    }
  }
}

// ---- Plans ---------------------------------------------------------------------------------------
// FFT plans: for each (length, direction), the factors and precomputed twiddles of a mixed-radix
// Stockham FFT (the passes above), or, for lengths with a large prime factor, Bluestein's chirp-z
// transform through a power-of-two FFT (below). Plans own their work buffers, so that a
// batch of rows allocates nothing per row; they are cached (a few dozen, least recently used
// dropped first). All arithmetic is float64, whatever the caller's precision.

/** One Stockham pass: its radix, the outputs already combined before it, and its twiddles. */
interface Stage {
  readonly radix: number;
  readonly ns: number;
  readonly twiddles: Float64Array;
  /** cos and sin(sign 2 pi q / radix), q < radix: the generic odd-radix pass only. */
  readonly roots: Float64Array;
}

export interface MixedRadixPlan {
  readonly kind: "mixed";
  readonly n: number;
  readonly sign: number;
  readonly stages: readonly Stage[];
  /** Two rows of 2n numbers the passes ping-pong between. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Scratch of the odd-radix pass. */
  readonly x: Float64Array;
}

export interface BluesteinPlan {
  readonly kind: "bluestein";
  readonly n: number;
  readonly sign: number;
  /** exp(sign i pi k^2 / n), k < n. */
  readonly chirp: Float64Array;
  /** The FFT of the conjugate chirp, padded and wrapped to m, divided by m. */
  readonly kernel: Float64Array;
  readonly forward: MixedRadixPlan;
  readonly inverse: MixedRadixPlan;
  /** The row in and out: the plan's input is written here. */
  readonly a: Float64Array;
}

export type Plan = MixedRadixPlan | BluesteinPlan;

/**
 * Largest prime factor done by a generic odd-radix pass (O(p) per element); a length with a larger
 * prime factor uses Bluestein (three power-of-two FFTs of at least 2n - 1 points).
 */
export function maxGenericRadix(): number {
  return 31;
}

/** The radices of n, fours first, then 2, 3, 5 and the odd primes in increasing order. */
export function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    factors.push(4);
    rest /= 4;
  }
  for (let p = 2; p * p <= rest; p += p === 2 ? 1 : 2) {
    while (rest % p === 0) {
      factors.push(p);
      rest /= p;
    }
  }
  if (rest > 1) factors.push(rest);
  return factors;
}

/** exp(sign 2 pi i k / n) as [cos, sin], exact at the quarter turns. */
function root(k: number, n: number, sign: number): [number, number] {
  const angle = (2 * Math.PI * k) / n;
  return [Math.cos(angle), sign * Math.sin(angle)];
}

function stage(radix: number, ns: number, sign: number): Stage {
  const twiddles = new Float64Array(2 * ns * (radix - 1));
  for (let jj = 0; jj < ns; jj++) {
    for (let r = 1; r < radix; r++) {
      const [c, s] = root(r * jj, ns * radix, sign);
      twiddles[2 * (jj * (radix - 1) + r - 1)] = c;
      twiddles[2 * (jj * (radix - 1) + r - 1) + 1] = s;
    }
  }
  const roots = new Float64Array(radix > 5 ? 2 * radix : 0);
  for (let q = 0; q < roots.length / 2; q++) [roots[2 * q], roots[2 * q + 1]] = root(q, radix, sign);
  return { radix, ns, twiddles, roots };
}

function mixedRadixPlan(n: number, sign: number): MixedRadixPlan {
  const stages: Stage[] = [];
  let ns = 1;
  for (const radix of factorize(n)) {
    stages.push(stage(radix, ns, sign));
    ns *= radix;
  }
  const maxRadix = Math.max(1, ...stages.map((s) => s.radix));
  return { kind: "mixed", n, sign, stages, a: new Float64Array(2 * n), b: new Float64Array(2 * n), x: new Float64Array(2 * maxRadix) };
}

/** The smallest power of two >= n. */
function powerOfTwoAtLeast(n: number): number {
  return 2 ** Math.ceil(Math.log2(n));
}

function bluesteinPlan(cache: PlanCache, n: number, sign: number): BluesteinPlan {
  const m = powerOfTwoAtLeast(2 * n - 1);
  const forward = cachedPlan(cache, m, -1) as MixedRadixPlan;
  const inverse = cachedPlan(cache, m, 1) as MixedRadixPlan;
  const chirp = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    // k^2 mod 2n is exact (k < 2^26), so the angle stays accurate for large k.
    const [c, s] = root((k * k) % (2 * n), 2 * n, sign);
    chirp[2 * k] = c;
    chirp[2 * k + 1] = s;
  }
  // b_j = conj(chirp_|j|) for |j| < n, wrapped to length m; its FFT, scaled by 1/m for the inverse.
  const b = forward.a;
  b.fill(0);
  for (let k = 0; k < n; k++) {
    b[2 * k] = chirp[2 * k]!;
    b[2 * k + 1] = -chirp[2 * k + 1]!;
    if (k > 0) {
      b[2 * (m - k)] = chirp[2 * k]!;
      b[2 * (m - k) + 1] = -chirp[2 * k + 1]!;
    }
  }
  const spectrum = runMixed(forward);
  const kernel = new Float64Array(2 * m);
  for (let i = 0; i < 2 * m; i++) kernel[i] = spectrum[i]! / m;
  return { kind: "bluestein", n, sign, chirp, kernel, forward, inverse, a: new Float64Array(2 * n) };
}

/** Runs the passes on plan.a; returns the row holding the result (plan.a or plan.b). */
function runMixed(plan: MixedRadixPlan): Float64Array {
  let src = plan.a, dst = plan.b;
  for (const s of plan.stages) {
    if (s.radix === 4) pass4(src, dst, plan.n, s.ns, s.twiddles, plan.sign);
    else if (s.radix === 2) pass2(src, dst, plan.n, s.ns, s.twiddles);
    else if (s.radix === 3) pass3(src, dst, plan.n, s.ns, s.twiddles, plan.sign);
    else if (s.radix === 5) pass5(src, dst, plan.n, s.ns, s.twiddles, plan.sign);
    else passOdd(src, dst, plan.n, s.ns, s.twiddles, s.radix, s.roots, plan.x);
    [src, dst] = [dst, src];
  }
  return src;
}

/** Plans (and real FFTs' split twiddles, real.ts) by key; one per thread. */
export type PlanCache = Map<string, Plan | Float64Array>;

/**
 * The plan of an n-point transform in direction `sign` (-1 forward, +1 inverse), from `cache`.
 * The cache keeps 32 entries (each about 4n to 16n float64s), least recently used dropped first.
 */
export function cachedPlan(cache: PlanCache, n: number, sign: number): Plan {
  const key = `${n}:${sign}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit as Plan;
  }
  const largest = n > 1 ? Math.max(...factorize(n)) : 1;
  const plan = largest > maxGenericRadix() ? bluesteinPlan(cache, n, sign) : mixedRadixPlan(n, sign);
  cache.set(key, plan);
  if (cache.size > 32) cache.delete(cache.keys().next().value!);
  return plan;
}

// ---- Bluestein -----------------------------------------------------------------------------------
// Bluestein's algorithm (the chirp-z transform): an n-point DFT for any n as a circular convolution
// of length m >= 2n - 1, m a power of two, done by two FFTs (the kernel's is precomputed). With
// nk = (n^2 + k^2 - (k - n)^2) / 2, X_k = w_k sum_j (x_j w_j) conj(w_(k-j)) for w_k =
// exp(sign i pi k^2 / n) (L. Bluestein, "A linear filtering approach to the computation of the
// discrete Fourier transform", 1970; Rabiner, Schafer & Rader, "The chirp z-transform algorithm", 1969).

/** Transforms plan.a (2n numbers) in place. */
function runBluestein(plan: BluesteinPlan): Float64Array {
  const { n, chirp, kernel, forward, inverse, a: x } = plan;
  const m = forward.n;
  const a = forward.a;
  for (let k = 0; k < n; k++) {
    const xr = x[2 * k]!, xi = x[2 * k + 1]!, cr = chirp[2 * k]!, ci = chirp[2 * k + 1]!;
    a[2 * k] = xr * cr - xi * ci;
    a[2 * k + 1] = xr * ci + xi * cr;
  }
  a.fill(0, 2 * n);
  const spectrum = runMixed(forward);
  const b = inverse.a;
  for (let k = 0; k < m; k++) {
    const sr = spectrum[2 * k]!, si = spectrum[2 * k + 1]!, kr = kernel[2 * k]!, ki = kernel[2 * k + 1]!;
    b[2 * k] = sr * kr - si * ki;
    b[2 * k + 1] = sr * ki + si * kr;
  }
  const c = runMixed(inverse);
  for (let k = 0; k < n; k++) {
    const yr = c[2 * k]!, yi = c[2 * k + 1]!, cr = chirp[2 * k]!, ci = chirp[2 * k + 1]!;
    x[2 * k] = yr * cr - yi * ci;
    x[2 * k + 1] = yr * ci + yi * cr;
  }
  return x;
}

// ---- Complex rows --------------------------------------------------------------------------------
// Batched complex FFTs along the last axis: rows of n interleaved complex numbers (re, im), in
// Float32Array or Float64Array. Each row is copied into its plan's float64 row, transformed in
// float64 (for float32 data too: one rounding per output, at the store), and written back with
// the inverse's 1/n folded into the store.

/** Transforms plan.a; returns the row holding the result. */
function runPlan(plan: Plan): Float64Array {
  return plan.kind === "mixed" ? runMixed(plan) : runBluestein(plan);
}

/**
 * The DFT of rows [lo, hi) of n complex numbers, from `input` into `output` (which may be the
 * same array); `inverse` gives numpy's ifft (sign +1, scaled by 1/n).
 */
function fftRowRange(cache: PlanCache, input: FloatArray, output: FloatArray, lo: number, hi: number, n: number, inverse: boolean): void {
  if (n === 0) return;
  const plan = cachedPlan(cache, n, inverse ? 1 : -1);
  const scale = inverse ? 1 / n : 1;
  const len = 2 * n;
  for (let row = lo; row < hi; row++) {
    const base = row * len;
    const a = plan.a;
    for (let i = 0; i < len; i++) a[i] = input[base + i]!;
    const y = runPlan(plan);
    if (scale === 1) for (let i = 0; i < len; i++) output[base + i] = y[i]!;
    else for (let i = 0; i < len; i++) output[base + i] = y[i]! * scale;
  }
}

// ---- Real rows -----------------------------------------------------------------------------------
// Real-input FFTs along the last axis. rfft of an even length n = 2h runs one h-point complex FFT
// on the row read as h complex numbers z_j = x_2j + i x_2j+1, then splits Z into the transforms
// of the even and odd samples, E_k = (Z_k + conj Z_(h-k)) / 2 and O_k = (Z_k - conj Z_(h-k)) / 2i,
// and combines X_k = E_k + exp(-2 pi i k / n) O_k for k = 0..h (Press et al., "Numerical
// Recipes", 3rd ed., section 12.3.2). irfft undoes each step: E_k + i O_k from X, one inverse
// h-point FFT, and the real and imaginary parts are the even and odd samples. Odd lengths use the
// n-point complex FFT. As numpy's (and XLA's) c2r transforms, irfft takes the input as the first
// half of a Hermitian spectrum: the imaginary parts of X_0 and, for even n, of X_(n/2) are ignored.
// Arithmetic is float64 throughout.

/** exp(-2 pi i k / n) for k <= n / 2 (n even), kept in the plan cache. */
function splitTwiddles(cache: PlanCache, n: number): Float64Array {
  const key = `split:${n}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit as Float64Array;
  const h = n / 2;
  const t = new Float64Array(2 * (h + 1));
  for (let k = 0; k <= h; k++) {
    const angle = (2 * Math.PI * k) / n;
    t[2 * k] = Math.cos(angle);
    t[2 * k + 1] = -Math.sin(angle);
  }
  cache.set(key, t);
  if (cache.size > 32) cache.delete(cache.keys().next().value!);
  return t;
}

/** rfft of rows [lo, hi) of n reals into rows of n/2 + 1 interleaved complex numbers. */
function rfftRowRange(cache: PlanCache, input: FloatArray, output: FloatArray, lo: number, hi: number, n: number): void {
  if (n === 0) return;
  const m = (n >> 1) + 1;
  if (n % 2 === 1) {
    const plan = cachedPlan(cache, n, -1);
    for (let row = lo; row < hi; row++) {
      const a = plan.a;
      for (let j = 0; j < n; j++) {
        a[2 * j] = input[row * n + j]!;
        a[2 * j + 1] = 0;
      }
      const y = runPlan(plan);
      for (let i = 0; i < 2 * m; i++) output[2 * m * row + i] = y[i]!;
    }
    return;
  }
  const h = n / 2;
  const plan = cachedPlan(cache, h, -1);
  const w = splitTwiddles(cache, n);
  for (let row = lo; row < hi; row++) {
    const a = plan.a;
    for (let i = 0; i < n; i++) a[i] = input[row * n + i]!;
    const z = runPlan(plan);
    const o = 2 * m * row;
    for (let k = 0; k <= h; k++) {
      const p = 2 * (k % h), q = 2 * ((h - k) % h);
      const zr = z[p]!, zi = z[p + 1]!, cr = z[q]!, ci = -z[q + 1]!;
      const er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
      // (Z_k - conj Z_(h-k)) / 2i
      const or = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
      const wr = w[2 * k]!, wi = w[2 * k + 1]!;
      output[o + 2 * k] = er + wr * or - wi * oi;
      output[o + 2 * k + 1] = ei + wr * oi + wi * or;
    }
  }
}

/** irfft of rows [lo, hi) of n/2 + 1 interleaved complex numbers into rows of n reals (scaled by 1/n). */
function irfftRowRange(cache: PlanCache, input: FloatArray, output: FloatArray, lo: number, hi: number, n: number): void {
  if (n === 0) return;
  const m = (n >> 1) + 1;
  if (n % 2 === 1) {
    oddIrfftRowRange(cache, input, output, lo, hi, n);
    return;
  }
  const h = n / 2;
  const plan = cachedPlan(cache, h, 1);
  const w = splitTwiddles(cache, n);
  for (let row = lo; row < hi; row++) {
    const a = plan.a;
    const o = 2 * m * row;
    for (let k = 0; k < h; k++) {
      const p = o + 2 * k, q = o + 2 * (h - k);
      // X_0's and X_h's imaginary parts do not exist in a real signal's spectrum: read as 0.
      const xr = input[p]!, xi = k === 0 ? 0 : input[p + 1]!, cr = input[q]!, ci = k === 0 ? 0 : -input[q + 1]!;
      const er = xr + cr, ei = xi + ci;
      // (X_k - conj X_(h-k)) exp(+2 pi i k / n); E + i O, each unhalved: 1/n below covers it.
      const dr = xr - cr, di = xi - ci, wr = w[2 * k]!, wi = -w[2 * k + 1]!;
      const or = dr * wr - di * wi, oi = dr * wi + di * wr;
      a[2 * k] = er - oi;
      a[2 * k + 1] = ei + or;
    }
    const z = runPlan(plan);
    const scale = 1 / n;
    for (let i = 0; i < n; i++) output[row * n + i] = z[i]! * scale;
  }
}

/** Odd n: the full Hermitian spectrum through the n-point inverse FFT; the real parts. */
function oddIrfftRowRange(cache: PlanCache, input: FloatArray, output: FloatArray, lo: number, hi: number, n: number): void {
  const m = (n + 1) / 2;
  const plan = cachedPlan(cache, n, 1);
  for (let row = lo; row < hi; row++) {
    const a = plan.a;
    const o = 2 * m * row;
    a[0] = input[o]!;
    a[1] = 0;
    for (let k = 1; k < m; k++) {
      a[2 * k] = a[2 * (n - k)] = input[o + 2 * k]!;
      a[2 * k + 1] = input[o + 2 * k + 1]!;
      a[2 * (n - k) + 1] = -input[o + 2 * k + 1]!;
    }
    const z = runPlan(plan);
    for (let i = 0; i < n; i++) output[row * n + i] = z[2 * i]! / n;
  }
}

// ---- Middle axes ---------------------------------------------------------------------------------
// Complex FFTs along an axis that is not the last: data viewed as [outer, n, inner] complex
// numbers, transformed along the middle axis. Columns are gathered in blocks of 16 adjacent ones
// (each a contiguous run of 16 complex numbers per row, 256 bytes of float64, so the gather and
// the scatter read and write whole cache lines), transformed as rows, and scattered back. A task
// is one block of one outer index: tasks [lo, hi) run per call, so that the helper thread can
// take some.

/** Columns per block. */
export function middleAxisBlock(): number {
  return 16;
}

/** Tasks [lo, hi) of the DFT along the middle axis of [outer, n, inner] (inner > 1), from `input` into `output` (may be the same array). */
function middleAxisRange(cache: PlanCache, input: FloatArray, output: FloatArray, lo: number, hi: number, n: number, inner: number, inverse: boolean): void {
  const width = middleAxisBlock();
  const blocks = Math.ceil(inner / width);
  const block = new Float64Array(2 * n * Math.min(width, inner));
  for (let t = lo; t < hi; t++) {
    const base = 2 * Math.floor(t / blocks) * n * inner;
    const c0 = (t % blocks) * width;
    const w = Math.min(width, inner - c0);
    for (let i = 0; i < n; i++) {
      const from = base + 2 * (i * inner + c0);
      for (let c = 0; c < w; c++) {
        block[2 * (c * n + i)] = input[from + 2 * c]!;
        block[2 * (c * n + i) + 1] = input[from + 2 * c + 1]!;
      }
    }
    fftRowRange(cache, block, block, 0, w, n, inverse);
    for (let i = 0; i < n; i++) {
      const to = base + 2 * (i * inner + c0);
      for (let c = 0; c < w; c++) {
        output[to + 2 * c] = block[2 * (c * n + i)]!;
        output[to + 2 * c + 1] = block[2 * (c * n + i) + 1]!;
      }
    }
  }
}

// ---- Jobs ----------------------------------------------------------------------------------------

/**
 * Tasks [lo, hi) of the job described by `params` (op, n, inner): the one entry point both
 * threads call. Ops (parallel.ts's OP): 0 fft rows, 1 ifft rows, 2 rfft rows, 3 irfft rows
 * (tasks are rows of length n), 4 and 5 fft and ifft along the middle axis of [outer, n, inner]
 * (tasks are middleAxisRange's).
 */
export function runFftJob(cache: PlanCache, input: FloatArray, output: FloatArray, params: Int32Array, lo: number, hi: number): void {
  const op = params[0]!, n = params[1]!;
  if (op <= 1) fftRowRange(cache, input, output, lo, hi, n, op === 1);
  else if (op === 2) rfftRowRange(cache, input, output, lo, hi, n);
  else if (op === 3) irfftRowRange(cache, input, output, lo, hi, n);
  else middleAxisRange(cache, input, output, lo, hi, n, params[2]!, op === 5);
}

/** Every function of this module, for the helper's source (runFftJob last). */
export const KERNEL_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [
  pass2, pass3, pass4, pass5, passOdd,
  maxGenericRadix, factorize, root, stage, mixedRadixPlan, powerOfTwoAtLeast, bluesteinPlan, runMixed, cachedPlan,
  runBluestein, runPlan, fftRowRange, splitTwiddles, rfftRowRange, irfftRowRange, oddIrfftRowRange, middleAxisBlock, middleAxisRange,
  runFftJob,
];
