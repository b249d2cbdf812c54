// scipy.signal.fftconvolve and np.convolve's method (issue 23): values from JAX 0.10.2
// (jax.scipy.signal.fftconvolve, x64) on a = sin(0.9 i) + 0.2 i (i < 7), b = cos(0.4 i) (i < 4),
// A = (sin(0.3 i) + 0.05 i).reshape(4, 5) (i < 20), B = cos(0.8 i).reshape(2, 3),
// C = a[:6] + 1j b[arange(6) % 4]; the FFT path of np.convolve against its direct sums; grad,
// vmap and jit.
import { describe, expect, it } from "vitest";
import { numpy as np, lax, scipy, jit, vmap, makeJaxpr, type Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";
import { maxRelErr } from "../util/compare.js";
import { mulberry32 } from "../util/random.js";
import type { JaxValue } from "./jaxValues.js";

const JAX: Readonly<Record<string, JaxValue>> = {
  "fftconvolve a b full": { shape: [10], dtype: "float64", data: [2.220446049250313e-16, 0.9833269096274835, 2.2795516916894702, 2.9778678001580907, 2.6172440833545316, 1.5653371562947738, 1.0692691166094974, 0.5387003729849766, 0.3057999840973491, 0.15481210092190345] },
  "fftconvolve A B full": { shape: [5, 7], dtype: "float64", data: [6.97854472621527e-17, 0.34552020666133954, 0.9053687195910097, 1.3862987551789456, 1.7628869631946673, 0.7614465265245387, -0.03305500053663025, 1.2474949866040543, 1.888201328937608, 1.2292470998807854, 0.3059329582019076, -0.6096960387966822, -1.1602984480944993, -0.7655692004903417, -0.27877495523117357, -1.3457680485548897, -2.5696601723272425, -2.7763254749751294, -2.7160962845439447, -1.6972886362604527, -0.5684838311959721, -0.7002879825161962, -1.2839589831280818, -1.1326139739318979, -0.3056141876206977, 0.5514591931720833, 0.47045865171698215, 0.10048961772874115, 0.16777927886260277, 0.3717926775681874, 0.40045898445700445, 0.11008447923118243, -0.3719147353103667, -0.48180021778043614, -0.2610093477996687] },
  "fftconvolve a b same": { shape: [7], dtype: "float64", data: [0.9833269096274835, 2.2795516916894702, 2.9778678001580907, 2.6172440833545316, 1.5653371562947738, 1.0692691166094974, 0.5387003729849766] },
  "fftconvolve A B same": { shape: [4, 5], dtype: "float64", data: [0.34552020666133954, 0.9053687195910097, 1.3862987551789456, 1.7628869631946673, 0.7614465265245387, 1.888201328937608, 1.2292470998807854, 0.3059329582019076, -0.6096960387966822, -1.1602984480944993, -1.3457680485548897, -2.5696601723272425, -2.7763254749751294, -2.7160962845439447, -1.6972886362604527, -1.2839589831280818, -1.1326139739318979, -0.3056141876206977, 0.5514591931720833, 0.47045865171698215] },
  "fftconvolve a b valid": { shape: [4], dtype: "float64", data: [2.9778678001580907, 2.6172440833545316, 1.5653371562947738, 1.0692691166094974] },
  "fftconvolve A B valid": { shape: [3, 3], dtype: "float64", data: [1.2292470998807854, 0.3059329582019076, -0.6096960387966822, -2.5696601723272425, -2.7763254749751294, -2.7160962845439447, -1.1326139739318979, -0.3056141876206977, 0.5514591931720833] },
  "fftconvolve b a valid": { shape: [4], dtype: "float64", data: [2.9778678001580907, 2.6172440833545316, 1.5653371562947738, 1.0692691166094974] },
  "fftconvolve A A[:, :2] axes=1": { shape: [4, 6], dtype: "float64", data: [1.850371707708594e-17, 0.0, 0.1193842132112948, 0.22964740476335646, 0.32248330669707737, 0.3911423789321099, 1.55624374160225, 3.178237066436002, 3.1361603892895413, 2.887078803479716, 2.4645032265807814, 1.1176482818160594, 0.41103486473468426, 0.5029641674647967, 0.254826735127231, 0.03755939392158733, -0.12481459914826276, -0.06730133550992798, 0.05176995444469289, 0.08926671306029307, 0.05573067735048924, -0.014077753614731906, -0.11581517000674131, -0.07833136433883037] },
  "fftconvolve C b[:3] same": { shape: [6], dtype: "complex128", data: [0.9833269096274834, 1.8421219880057702, 2.27955169168947, 2.241766773367914, 2.9778678001580907, 1.6457765029562321, 2.26092795246543, 1.8191538323722938, 1.0675128137766536, 2.0945790667336417, 0.2697545377694406, 1.5450600640207484] },
};

const f64 = (data: ArrayLike<number>, shape: readonly number[]): Array => np.array(Float64Array.from(data), { dtype: "float64" }).reshape(shape);
const seq = <T>(n: number, f: (i: number) => T): T[] => globalThis.Array.from({ length: n }, (_, i) => f(i));
const a = f64(seq(7, (i) => Math.sin(0.9 * i) + 0.2 * i), [7]);
const b = f64(seq(4, (i) => Math.cos(0.4 * i)), [4]);
const A = f64(seq(20, (i) => Math.sin(0.3 * i) + 0.05 * i), [4, 5]);
const B = f64(seq(6, (i) => Math.cos(0.8 * i)), [2, 3]);
const C = lax.complex(lax.slice(a, [0], [6]), f64(seq(6, (i) => Math.cos(0.4 * (i % 4))), [6]));

function expectJax(got: Array, key: string): void {
  const want = JAX[key]!;
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  expect(maxRelErr(got.dataSync(), want.data)).toBeLessThan(1e-13);
}

describe("scipy.signal.fftconvolve: values from JAX 0.10.2", () => {
  for (const mode of ["full", "same", "valid"] as const) {
    it(`1-D and 2-D, mode ${mode}`, () => {
      expectJax(scipy.signal.fftconvolve(a, b, mode), `fftconvolve a b ${mode}`);
      expectJax(scipy.signal.fftconvolve(A, B, mode), `fftconvolve A B ${mode}`);
    });
  }
  it("valid swaps a smaller first operand; axes maps over the others; complex operands", () => {
    expectJax(scipy.signal.fftconvolve(b, a, "valid"), "fftconvolve b a valid");
    expectJax(scipy.signal.fftconvolve(A, lax.slice(A, [0, 0], [4, 2]), "full", 1), "fftconvolve A A[:, :2] axes=1");
    expectJax(scipy.signal.fftconvolve(C, lax.slice(b, [0], [3]), "same"), "fftconvolve C b[:3] same");
  });
  it("raises JAX's errors", () => {
    expect(() => scipy.signal.fftconvolve(a, A)).toThrow("in1 and in2 should have the same dimensionality");
    expect(() => scipy.signal.fftconvolve(a, b, "middle" as "full")).toThrow("mode must be one of ['same', 'full', 'valid']");
    expect(() => scipy.signal.fftconvolve(f64(seq(6, (i) => i), [2, 3]), f64(seq(6, (i) => i), [3, 2]), "valid")).toThrow("For 'valid' mode, One input must be at least as large as the other in every dimension.");
  });
});

describe("np.convolve's method", () => {
  const rand = mulberry32(3);
  const long = f64(seq(300, () => rand() - 0.5), [300]);
  const kernel = f64(seq(250, () => rand() - 0.5), [250]);
  it("fft equals direct in every mode (and auto takes the FFT for long inputs)", () => {
    for (const mode of ["full", "same", "valid"] as const) {
      const direct = np.convolve(long, kernel, { mode, method: "direct" });
      expect(maxRelErr(np.convolve(long, kernel, { mode, method: "fft" }).dataSync(), direct.dataSync())).toBeLessThan(1e-13);
      expect(maxRelErr(np.convolve(kernel, long, { mode, method: "fft" }).dataSync(), np.convolve(kernel, long, { mode, method: "direct" }).dataSync())).toBeLessThan(1e-13);
      expect(maxRelErr(np.convolve(a, b, { mode, method: "fft" }).dataSync(), np.convolve(a, b, mode).dataSync())).toBeLessThan(1e-13);
    }
    expect(makeJaxpr((p: Array) => np.convolve(p, kernel))(long).toString()).toContain("fft[");
    expect(makeJaxpr((p: Array) => np.convolve(p, b))(a).toString()).not.toContain("fft[");
    expect(() => np.convolve(a, b, { method: "slow" as "fft" })).toThrow("convolve: method must be one of 'auto', 'direct', 'fft', got slow");
  });
  it("differentiates (checkGrads order 2, float64), and jit and vmap agree with eager and a loop", () => {
    const x = f64(seq(9, () => rand() - 0.5), [9]);
    const y = f64(seq(5, () => rand() - 0.5), [5]);
    checkGrads((p: Array, q: Array) => np.sin(np.convolve(p, q, { mode: "same", method: "fft" })), [x, y], 2);
    checkGrads((p: Array, q: Array) => np.square(scipy.signal.fftconvolve(p, q, "valid")), [A, B], 2);
    const f = (p: Array): Array => np.convolve(p, y, { method: "fft" });
    const want = f(x).dataSync();
    expect(maxRelErr(jit(f)(x).dataSync(), want)).toBeLessThan(1e-14);
    expect(maxRelErr(jit(f)(x).dataSync(), want)).toBeLessThan(1e-14);
    const xs = f64(seq(27, () => rand() - 0.5), [3, 9]);
    const loop = np.stack(seq(3, (k) => f(np.take(xs, k, 0))));
    expect(maxRelErr(vmap(f)(xs).dataSync(), loop.dataSync())).toBeLessThan(1e-14);
  });
});
