// The FFT kernels (backends/js/fft) on typed arrays, against a direct O(n^2) DFT in float64 whose
// angles are reduced exactly (jk mod n), so the reference is accurate to a few ulps: every length
// 1..64 (radices 2, 3, 4, 5, 7, the generic odd-radix pass up to 31, Bluestein above), primes,
// powers of two to 2^16 and lengths near 1e5 (single bins for the largest), forward and inverse,
// rfft and irfft, round trips, Parseval, and float32 accuracy (computed in float64: within one
// float32 rounding of the largest output).
import { describe, expect, it } from "vitest";
import { factorize, fftMiddleAxis, fftRows, fftTrailing, irfftRows, maxGenericRadix, rfftRows } from "../../backends/js/fft/index.js";
import { mulberry32 } from "../util/random.js";
import { maxRelErr as relErr } from "../util/compare.js";

function randomArray(len: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: len }, () => 2 * rand() - 1);
}

/**
 * Bin k of the DFT of row `row` of interleaved complex x (sign -1 forward, +1 inverse, unscaled),
 * summed with Neumaier's compensation so that the reference's own error does not grow with n.
 */
function dftBin(x: ArrayLike<number>, row: number, n: number, k: number, sign: number): [number, number] {
  const re = compensatedSum(), im = compensatedSum();
  for (let j = 0; j < n; j++) {
    const angle = (2 * Math.PI * ((j * k) % n)) / n;
    const c = Math.cos(angle), s = sign * Math.sin(angle);
    const xr = x[2 * (row * n + j)]!, xi = x[2 * (row * n + j) + 1]!;
    re.add(xr * c);
    re.add(-xi * s);
    im.add(xr * s);
    im.add(xi * c);
  }
  return [re.value(), im.value()];
}

function compensatedSum(): { add(v: number): void; value(): number } {
  let sum = 0, carry = 0;
  return {
    add(v) {
      const t = sum + v;
      carry += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    },
    value: () => sum + carry,
  };
}

/** The full DFT of every row (inverse scaled by 1/n, as numpy's ifft). */
function dft(x: ArrayLike<number>, rows: number, n: number, inverse: boolean): Float64Array {
  const out = new Float64Array(2 * rows * n);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < n; k++) {
      const [re, im] = dftBin(x, r, n, k, inverse ? 1 : -1);
      out[2 * (r * n + k)] = inverse ? re / n : re;
      out[2 * (r * n + k) + 1] = inverse ? im / n : im;
    }
  }
  return out;
}


/** float64 bound: a few ulps per level of the factorization (Bluestein's three FFTs of 2n-4n points included). */
const tol64 = (n: number): number => 4e-16 * (4 + Math.log2(Math.max(n, 2)) * (largestFactor(n) > maxGenericRadix() ? 3 : 1));
const largestFactor = (n: number): number => (n > 1 ? Math.max(...factorize(n)) : 1);

function complexRoundTrip(n: number, rows: number, seed: number): { forward: number; inverse: number; roundTrip: number } {
  const x = randomArray(2 * rows * n, seed);
  const y = new Float64Array(2 * rows * n);
  fftRows(x, y, rows, n, false);
  const z = new Float64Array(2 * rows * n);
  fftRows(y, z, rows, n, true);
  const w = new Float64Array(2 * rows * n);
  fftRows(x, w, rows, n, true);
  return { forward: relErr(y, dft(x, rows, n, false)), inverse: relErr(w, dft(x, rows, n, true)), roundTrip: relErr(z, x) };
}

describe("fftRows (complex, last axis)", () => {
  it("factorizes into fours first, then 2, 3, 5 and odd primes", () => {
    expect(factorize(1024)).toEqual([4, 4, 4, 4, 4]);
    expect(factorize(2 ** 11)).toEqual([4, 4, 4, 4, 4, 2]);
    expect(factorize(100000)).toEqual([4, 4, 2, 5, 5, 5, 5, 5]);
    expect(factorize(2 * 3 * 7 * 31)).toEqual([2, 3, 7, 31]);
    expect(factorize(99991)).toEqual([99991]);
  });

  it("equals the direct DFT for every length 1..64, forward and inverse, two rows", () => {
    for (let n = 1; n <= 64; n++) {
      const e = complexRoundTrip(n, 2, n);
      expect(e.forward, `n = ${n}`).toBeLessThan(tol64(n));
      expect(e.inverse, `n = ${n}`).toBeLessThan(tol64(n));
      expect(e.roundTrip, `n = ${n}`).toBeLessThan(2 * tol64(n));
    }
  });

  it("equals the direct DFT for primes 97, 257, 1009 (Bluestein) and smooth 2^4 3^2 5 7 = 5040", () => {
    for (const n of [97, 257, 1009, 5040]) {
      const e = complexRoundTrip(n, 1, n);
      expect(e.forward).toBeLessThan(tol64(n));
      expect(e.inverse).toBeLessThan(tol64(n));
      expect(e.roundTrip).toBeLessThan(2 * tol64(n));
    }
  });

  it("equals the direct DFT for powers of two up to 2^12 in full, and at 64 bins up to 2^16", () => {
    for (let b = 1; b <= 16; b++) {
      const n = 2 ** b;
      if (n <= 4096) {
        expect(complexRoundTrip(n, 1, b).forward).toBeLessThan(tol64(n));
        continue;
      }
      expect(sampledBinsError(n, b)).toBeLessThan(tol64(n));
    }
  });

  it("is right near 1e5: 100000 (mixed radix 2^5 5^5) and the prime 99991 (Bluestein), at 64 bins, and round trips", () => {
    for (const n of [100000, 99991]) {
      expect(sampledBinsError(n, n)).toBeLessThan(tol64(n));
      const x = randomArray(2 * n, 3);
      const y = new Float64Array(2 * n);
      fftRows(x, y, 1, n, false);
      fftRows(y, y, 1, n, true);
      expect(relErr(y, x)).toBeLessThan(2 * tol64(n));
    }
  });

  it("keeps Parseval's identity: sum |x|^2 = sum |X|^2 / n", () => {
    for (const n of [7, 64, 97, 1000, 4096, 99991]) {
      const x = randomArray(2 * n, n);
      const y = new Float64Array(2 * n);
      fftRows(x, y, 1, n, false);
      let ex = 0, ey = 0;
      for (let i = 0; i < 2 * n; i++) {
        ex += x[i]! ** 2;
        ey += y[i]! ** 2;
      }
      expect(Math.abs(ey / n - ex) / ex).toBeLessThan(1e-13);
    }
  });

  it("float32 rows: computed in float64, within one float32 rounding of the largest output", () => {
    for (const n of [1, 8, 60, 97, 1024, 257]) {
      const x = Float32Array.from(randomArray(2 * 3 * n, n));
      const y = new Float32Array(2 * 3 * n);
      fftRows(x, y, 3, n, false);
      expect(relErr(y, dft(x, 3, n, false))).toBeLessThan(2 ** -24 * 1.01);
      fftRows(x, y, 3, n, true);
      expect(relErr(y, dft(x, 3, n, true))).toBeLessThan(2 ** -24 * 1.01);
    }
  });

  it("transforms in place (input === output) and leaves an empty axis alone", () => {
    const x = randomArray(2 * 4 * 12, 1);
    const want = dft(x, 4, 12, false);
    fftRows(x, x, 4, 12, false);
    expect(relErr(x, want)).toBeLessThan(tol64(12));
    expect(() => fftRows(new Float64Array(0), new Float64Array(0), 3, 0, false)).not.toThrow();
  });
});

/** Relative error at 64 bins (k = 0, 1, n - 1 and random ones) of the transform of a random row. */
function sampledBinsError(n: number, seed: number): number {
  const x = randomArray(2 * n, seed);
  const y = new Float64Array(2 * n);
  fftRows(x, y, 1, n, false);
  const rand = mulberry32(seed + 1);
  let e = 0;
  for (let i = 0; i < 64; i++) {
    const k = i === 0 ? 0 : i === 1 ? 1 : i === 2 ? n - 1 : Math.floor(rand() * n);
    const [re, im] = dftBin(x, 0, n, k, -1);
    e = Math.max(e, Math.abs(y[2 * k]! - re), Math.abs(y[2 * k + 1]! - im));
  }
  // Relative to the bins' typical size, sqrt(n) times the entries' (the largest bin is about that too).
  return e / Math.sqrt(n);
}

/** Real rows as interleaved complex numbers with zero imaginary parts. */
function complexOf(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) out[2 * i] = x[i]!;
  return out;
}

describe("rfftRows and irfftRows", () => {
  it("rfft equals the first n/2 + 1 bins of the direct DFT for every length 1..64 and primes; irfft inverts it", () => {
    for (const n of [...Array.from({ length: 64 }, (_, i) => i + 1), 97, 257, 1009, 1024, 1000]) {
      const rows = 2, m = (n >> 1) + 1;
      const x = randomArray(rows * n, n);
      const y = new Float64Array(2 * rows * m);
      rfftRows(x, y, rows, n);
      const full = dft(complexOf(x), rows, n, false);
      const want = new Float64Array(2 * rows * m);
      for (let r = 0; r < rows; r++) want.set(full.subarray(2 * n * r, 2 * n * r + 2 * m), 2 * m * r);
      expect(relErr(y, want), `n = ${n}`).toBeLessThan(tol64(n));
      const z = new Float64Array(rows * n);
      irfftRows(y, z, rows, n);
      expect(relErr(z, x), `n = ${n}`).toBeLessThan(2 * tol64(n));
    }
  });

  it("irfft reads X_0's and (even n) X_(n/2)'s imaginary parts as zero, as numpy: values from JAX 0.10.2", () => {
    // jnp.fft.irfft(jnp.array([1+2j, 3+4j, 5+6j, 7+8j]), n) for n = 6 and 7 (x64)
    const x = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const six = new Float64Array(6), seven = new Float64Array(7);
    irfftRows(x, six, 1, 6);
    irfftRows(x, seven, 1, 7);
    expect(relErr(six, [4, -4.220084679281461, 0.5773502691896256, -0.3333333333333333, -0.5773502691896253, 1.5534180126147952])).toBeLessThan(1e-15);
    expect(relErr(seven, [4.428571428571429, -4.999108758693095, 1.3286468906721107, -1.5677352832069809, 1.200247207716815, -1.5046346211691994, 2.114013136108921])).toBeLessThan(1e-15);
  });

  it("round trips at 2^16, 100000 and 99991 and keeps Parseval (the half spectrum counted twice but for DC and Nyquist)", () => {
    for (const n of [2 ** 16, 100000, 99991]) {
      const m = (n >> 1) + 1;
      const x = randomArray(n, n);
      const y = new Float64Array(2 * m);
      rfftRows(x, y, 1, n);
      const z = new Float64Array(n);
      irfftRows(y, z, 1, n);
      expect(relErr(z, x)).toBeLessThan(2 * tol64(n));
      let ex = 0, ey = 0;
      for (let i = 0; i < n; i++) ex += x[i]! ** 2;
      for (let k = 0; k < m; k++) ey += (k === 0 || 2 * k === n ? 1 : 2) * (y[2 * k]! ** 2 + y[2 * k + 1]! ** 2);
      expect(Math.abs(ey / n - ex) / ex).toBeLessThan(1e-13);
    }
  });

  it("float32 rows within one float32 rounding of the largest output", () => {
    for (const n of [1, 2, 9, 64, 97, 1000]) {
      const m = (n >> 1) + 1;
      const x = Float32Array.from(randomArray(3 * n, n));
      const y = new Float32Array(2 * 3 * m);
      rfftRows(x, y, 3, n);
      const full = dft(complexOf(x), 3, n, false);
      const want = new Float64Array(2 * 3 * m);
      for (let r = 0; r < 3; r++) want.set(full.subarray(2 * n * r, 2 * n * r + 2 * m), 2 * m * r);
      expect(relErr(y, want)).toBeLessThan(2 ** -24 * 1.01);
      const z = new Float32Array(3 * n);
      irfftRows(Float32Array.from(want), z, 3, n);
      expect(relErr(z, x)).toBeLessThan(2 ** -23);
    }
  });
});

describe("fftMiddleAxis", () => {
  it("transforms the middle axis of [outer, n, inner] as the columns would be one by one (inner below, at and above the block of 16)", () => {
    for (const [outer, n, inner] of [[2, 6, 3], [1, 16, 16], [3, 9, 37], [2, 97, 5]] as const) {
      const x = randomArray(2 * outer * n * inner, n + inner);
      const y = new Float64Array(x.length);
      fftMiddleAxis(x, y, outer, n, inner, false);
      let e = 0;
      for (let b = 0; b < outer; b++) {
        for (let c = 0; c < inner; c++) {
          const col = new Float64Array(2 * n);
          for (let i = 0; i < n; i++) col.set(x.subarray(2 * ((b * n + i) * inner + c), 2 * ((b * n + i) * inner + c) + 2), 2 * i);
          const want = dft(col, 1, n, false);
          const got = new Float64Array(2 * n);
          for (let i = 0; i < n; i++) got.set(y.subarray(2 * ((b * n + i) * inner + c), 2 * ((b * n + i) * inner + c) + 2), 2 * i);
          e = Math.max(e, relErr(got, want));
        }
      }
      expect(e).toBeLessThan(tol64(n));
    }
  });
});

/** The 2-D DFT of each [rows, cols] block, by the definition (one double sum per output). */
function dft2(x: ArrayLike<number>, batch: number, rows: number, cols: number, inverse: boolean): Float64Array {
  const out = new Float64Array(2 * batch * rows * cols);
  const sign = inverse ? 1 : -1;
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < rows; k++) {
      for (let l = 0; l < cols; l++) {
        let re = 0, im = 0;
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const angle = 2 * Math.PI * (((i * k) % rows) / rows + ((j * l) % cols) / cols);
            const c = Math.cos(angle), s = sign * Math.sin(angle);
            const p = 2 * ((b * rows + i) * cols + j);
            re += x[p]! * c - x[p + 1]! * s;
            im += x[p]! * s + x[p + 1]! * c;
          }
        }
        const scale = inverse ? 1 / (rows * cols) : 1;
        out[2 * ((b * rows + k) * cols + l)] = re * scale;
        out[2 * ((b * rows + k) * cols + l) + 1] = im * scale;
      }
    }
  }
  return out;
}

describe("fftTrailing (lax.fft's trailing-axes transforms)", () => {
  const [batch, rows, cols] = [2, 6, 10];
  it("FFT and IFFT over two axes equal the 2-D DFT", () => {
    const x = randomArray(2 * batch * rows * cols, 5);
    for (const kind of ["FFT", "IFFT"] as const) {
      const y = new Float64Array(x.length);
      fftTrailing(kind, x, y, batch, [rows, cols]);
      expect(relErr(y, dft2(x, batch, rows, cols, kind === "IFFT"))).toBeLessThan(1e-14);
    }
  });

  it("RFFT over two axes is the 2-D DFT's first cols/2 + 1 columns; IRFFT inverts it and leaves its input alone", () => {
    for (const c of [cols, 7]) {
      const h = (c >> 1) + 1;
      const x = randomArray(batch * rows * c, c);
      const y = new Float64Array(2 * batch * rows * h);
      fftTrailing("RFFT", x, y, batch, [rows, c]);
      const full = dft2(complexOf(x), batch, rows, c, false);
      const want = new Float64Array(y.length);
      for (let r = 0; r < batch * rows; r++) want.set(full.subarray(2 * c * r, 2 * c * r + 2 * h), 2 * h * r);
      expect(relErr(y, want)).toBeLessThan(1e-14);
      const copy = y.slice();
      const z = new Float64Array(x.length);
      fftTrailing("IRFFT", y, z, batch, [rows, c]);
      expect(relErr(z, x)).toBeLessThan(1e-14);
      expect(y).toEqual(copy);
    }
  });
});
