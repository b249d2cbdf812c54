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

/** sin(pi / 3) and the cosines and sines of 2 pi / 5 and 4 pi / 5, for the radix-3 and radix-5 butterflies. */
const SIN60 = Math.sqrt(3) / 2;
const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

/** Radix-2 pass. */
export function pass2(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array): void {
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
export function pass4(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, sign: number): void {
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
export function pass3(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, sign: number): void {
  const m = n / 3;
  const s = sign * SIN60;
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
export function pass5(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, sign: number): void {
  const m = n / 5;
  const s1 = sign * S1, s2 = sign * S2;
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
export function passOdd(src: Float64Array, dst: Float64Array, n: number, ns: number, tw: Float64Array, p: number, roots: Float64Array, x: Float64Array): void {
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
