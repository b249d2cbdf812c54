// FFT plans: for each (length, direction), the factors and precomputed twiddles of a mixed-radix
// Stockham FFT (passes.ts), or, for lengths with a large prime factor, Bluestein's chirp-z
// transform through a power-of-two FFT (bluestein.ts). Plans own their work buffers, so that a
// batch of rows allocates nothing per row; they are cached (a few dozen, least recently used
// dropped first). All arithmetic is float64, whatever the caller's precision.
import { pass2, pass3, pass4, pass5, passOdd } from "./passes.js";

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
export const MAX_GENERIC_RADIX = 31;

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
const powerOfTwoAtLeast = (n: number): number => 2 ** Math.ceil(Math.log2(n));

function bluesteinPlan(n: number, sign: number): BluesteinPlan {
  const m = powerOfTwoAtLeast(2 * n - 1);
  const forward = planFor(m, -1) as MixedRadixPlan;
  const inverse = planFor(m, 1) as MixedRadixPlan;
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
export function runMixed(plan: MixedRadixPlan): Float64Array {
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

/** Plans kept; each holds about 4n to 16n float64s. */
const CACHE_SIZE = 32;
const cache = new Map<string, Plan>();

/** The plan of an n-point transform in direction `sign` (-1 forward, +1 inverse), cached. */
export function planFor(n: number, sign: number): Plan {
  const key = `${n}:${sign}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const largest = n > 1 ? Math.max(...factorize(n)) : 1;
  const plan = largest > MAX_GENERIC_RADIX ? bluesteinPlan(n, sign) : mixedRadixPlan(n, sign);
  cache.set(key, plan);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return plan;
}
