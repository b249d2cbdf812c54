// np.fft and lax.fft (issue 23): values from JAX 0.10.2 (test/fft/jaxValues.ts, x64) for every
// function, norm and keyword; every transform along every axis of a 3-D array against the direct
// DFT in float64 with n cropping and padding and all three norms; JAX's errors; dtypes; and the
// transforms: cotangents equal JAX's (the rfft/irfft transposes' Hermitian scaling, the complex
// convention), checkGrads to order 2 in float64 through real-valued functions, vmap against a
// loop, jit against eager (called twice).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, vmap, vjp, grad, type Array } from "../../src/index.js";
import { checkGrads } from "../util/checkGrads.js";
import { mulberry32 } from "../util/random.js";
import { maxRelErr as relErr } from "../util/compare.js";
import { JAX_GRADS, JAX_VALUES, type JaxValue } from "./jaxValues.js";

type Norm = "backward" | "ortho" | "forward";

const f64 = (data: ArrayLike<number>, shape: readonly number[]): Array => np.array(Float64Array.from(data), { dtype: "float64" }).reshape(shape);
const seq = <T>(n: number, f: (i: number) => T): T[] => globalThis.Array.from({ length: n }, (_, i) => f(i));

// The inputs of jaxValues.ts: x = sin(0.7 i) + 0.1 i, z = x + i cos(0.3 i), i < 24, shape (2, 3, 4).
const X = f64(seq(24, (i) => Math.sin(0.7 * i) + 0.1 * i), [2, 3, 4]);
const Z = lax.complex(X, f64(seq(24, (i) => Math.cos(0.3 * i)), [2, 3, 4]));


function expectJax(got: Array, want: JaxValue, tol = 1e-13, dtype = want.dtype): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(dtype);
  expect(relErr(got.dataSync(), want.data)).toBeLessThan(tol);
}

const F = np.fft;
const NORMS = [null, "ortho", "forward"] as const;

describe("np.fft: values from JAX 0.10.2", () => {
  const cases: [string, () => Array][] = [
    ...[0, 1, 2].flatMap((a) => NORMS.map((nm): [string, () => Array] => [`fft axis=${a} norm=${nm ?? "None"}`, () => F.fft(Z, null, a, nm)])),
    ["ifft n=6 axis=1", () => F.ifft(Z, 6, 1)],
    ["ifft n=2 norm=ortho", () => F.ifft(Z, { n: 2, norm: "ortho" })],
    ["ifft axis=0 norm=forward", () => F.ifft(Z, { axis: 0, norm: "forward" })],
    ["rfft axis=1", () => F.rfft(X, null, 1)],
    ["rfft n=7 norm=forward", () => F.rfft(X, 7, -1, "forward")],
    ["irfft", () => F.irfft(Z)],
    ["irfft n=5 axis=1 norm=ortho", () => F.irfft(Z, 5, 1, "ortho")],
    ["hfft n=5", () => F.hfft(Z, 5)],
    ["hfft axis=0 norm=ortho", () => F.hfft(Z, { axis: 0, norm: "ortho" })],
    ["ihfft axis=0", () => F.ihfft(X, null, 0)],
    ["ihfft n=6 norm=forward", () => F.ihfft(X, 6, -1, "forward")],
    ["fft2", () => F.fft2(Z)],
    ["ifft2 s=(2,5) axes=(0,2)", () => F.ifft2(Z, [2, 5], [0, 2])],
    ["rfft2 norm=ortho", () => F.rfft2(X, { norm: "ortho" })],
    ["irfft2 s=(3,6)", () => F.irfft2(Z, [3, 6])],
    ["fftn", () => F.fftn(Z)],
    ["fftn s=(3,3) axes=(2,0)", () => F.fftn(Z, { s: [3, 3], axes: [2, 0] })],
    ["ifftn norm=forward", () => F.ifftn(Z, null, null, "forward")],
    ["rfftn", () => F.rfftn(X)],
    ["rfftn axes=(2,0)", () => F.rfftn(X, null, [2, 0])],
    ["irfftn", () => F.irfftn(Z)],
    ["irfftn s=(2,2,2)", () => F.irfftn(Z, [2, 2, 2])],
    ["fftshift", () => F.fftshift(X)],
    ["fftshift axes=1", () => F.fftshift(X, 1)],
    ["ifftshift axes=(0,2)", () => F.ifftshift(X, [0, 2])],
  ];
  for (const [key, run] of cases) it(key, () => expectJax(run(), JAX_VALUES[key]!));

  it("fftfreq and rfftfreq: float32 by default (JAX without x64), float64 when asked", () => {
    expectJax(F.fftfreq(7, 0.1), JAX_VALUES["fftfreq 7 d=0.1"]!, 1e-7, "float32");
    expectJax(F.fftfreq(8), JAX_VALUES["fftfreq 8"]!, 1e-7, "float32");
    expectJax(F.rfftfreq(7, 0.5), JAX_VALUES["rfftfreq 7 d=0.5"]!, 1e-7, "float32");
    expectJax(F.rfftfreq(8), JAX_VALUES["rfftfreq 8"]!, 1e-7, "float32");
    expectJax(F.fftfreq(5, { d: 0.3, dtype: "float64" }), JAX_VALUES["fftfreq 5 d=0.3 float64"]!, 1e-15);
  });
});

/**
 * The DFT of interleaved complex data of `shape` along `axis`, the axis cropped or zero-padded to
 * n first, scaled as numpy's `norm` says for the forward (sign -1) or inverse (sign +1) transform.
 */
function dftAxis(data: ArrayLike<number>, shape: readonly number[], axis: number, n: number, sign: number, norm: Norm): { data: Float64Array; shape: number[] } {
  const len = shape[axis]!;
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1), inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const out = new Float64Array(2 * outer * n * inner);
  const inverseScale = sign > 0 ? norm === "backward" ? 1 / n : norm === "ortho" ? 1 / Math.sqrt(n) : 1 : norm === "forward" ? 1 / n : norm === "ortho" ? 1 / Math.sqrt(n) : 1;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      for (let k = 0; k < n; k++) {
        let re = 0, im = 0;
        for (let j = 0; j < Math.min(n, len); j++) {
          const angle = (2 * Math.PI * ((j * k) % n)) / n, cs = Math.cos(angle), sn = sign * Math.sin(angle);
          const p = 2 * ((o * len + j) * inner + c);
          re += data[p]! * cs - data[p + 1]! * sn;
          im += data[p]! * sn + data[p + 1]! * cs;
        }
        const q = 2 * ((o * n + k) * inner + c);
        out[q] = re * inverseScale;
        out[q + 1] = im * inverseScale;
      }
    }
  }
  return { data: out, shape: [...shape.slice(0, axis), n, ...shape.slice(axis + 1)] };
}

const interleavedOfReal = (xs: ArrayLike<number>): Float64Array => Float64Array.from({ length: 2 * xs.length }, (_, i) => (i % 2 === 0 ? xs[i / 2]! : 0));

/** The first m bins along `axis` of interleaved data of `shape`. */
function firstBins(data: Float64Array, shape: readonly number[], axis: number, m: number): Float64Array {
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1), inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1), len = shape[axis]!;
  const out = new Float64Array(2 * outer * m * inner);
  for (let o = 0; o < outer; o++) out.set(data.subarray(2 * o * len * inner, 2 * (o * len + m) * inner), 2 * o * m * inner);
  return out;
}

/** numpy's irfft by its definition: the Hermitian extension of the first n/2 + 1 bins (imaginary parts of DC and Nyquist dropped), inverse DFT, real part. */
function irfftByDefinition(data: ArrayLike<number>, shape: readonly number[], axis: number, n: number, norm: Norm): Float64Array {
  const len = shape[axis]!, m = (n >> 1) + 1;
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1), inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const full = new Float64Array(2 * outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      for (let k = 0; k < Math.min(m, len); k++) {
        const p = 2 * ((o * len + k) * inner + c);
        const re = data[p]!, im = k === 0 || 2 * k === n ? 0 : data[p + 1]!;
        const q = 2 * ((o * n + k) * inner + c);
        full[q] = re;
        full[q + 1] = im;
        if (k > 0 && 2 * k !== n) {
          const r = 2 * ((o * n + n - k) * inner + c);
          full[r] = re;
          full[r + 1] = -im;
        }
      }
    }
  }
  const y = dftAxis(full, [...shape.slice(0, axis), n, ...shape.slice(axis + 1)], axis, n, 1, norm).data;
  return Float64Array.from({ length: y.length / 2 }, (_, i) => y[2 * i]!);
}

describe("np.fft against the direct DFT along every axis, all norms, n cropping and padding", () => {
  const shape = [3, 5, 4];
  const rand = mulberry32(23);
  const re = seq(60, () => 2 * rand() - 1), im = seq(60, () => 2 * rand() - 1);
  const x = f64(re, shape);
  const z = lax.complex(x, f64(im, shape));
  const zData = z.dataSync();
  for (const axis of [0, 1, 2]) {
    for (const norm of ["backward", "ortho", "forward"] as const) {
      it(`fft, ifft, rfft, irfft along axis ${axis}, norm ${norm}`, () => {
        for (const n of [undefined, 2, shape[axis]! + 3]) {
          const len = n ?? shape[axis]!;
          for (const [fn, sign] of [[F.fft, -1], [F.ifft, 1]] as const) {
            const want = dftAxis(zData, shape, axis, len, sign, norm);
            const got = fn(z, n, axis, norm);
            expect(got.shape).toEqual(want.shape);
            expect(relErr(got.dataSync(), want.data)).toBeLessThan(1e-14);
          }
          const full = dftAxis(interleavedOfReal(x.dataSync()), shape, axis, len, -1, norm);
          const got = F.rfft(x, n, axis, norm);
          expect(relErr(got.dataSync(), firstBins(full.data, full.shape, axis, (len >> 1) + 1))).toBeLessThan(1e-14);
          const back = F.irfft(z, n, axis, norm);
          const irLen = n ?? 2 * (shape[axis]! - 1);
          expect(back.shape[axis]).toBe(irLen);
          expect(relErr(back.dataSync(), irfftByDefinition(zData, shape, axis, irLen, norm))).toBeLessThan(1e-14);
        }
      });
    }
  }

  it("keeps Parseval's identity with norm='ortho' (fft of a 1000-point signal, rfft of 2^12 counting the half spectrum twice)", () => {
    const r = mulberry32(5);
    const a = lax.complex(f64(seq(1000, () => r()), [1000]), f64(seq(1000, () => r()), [1000]));
    const energy = (v: Array): number => np.sum(np.square(np.abs(v))).item() as number;
    expect(Math.abs(energy(F.fft(a, { norm: "ortho" })) - energy(a)) / energy(a)).toBeLessThan(1e-13);
    const b = f64(seq(4096, () => r() - 0.5), [4096]);
    const half = F.rfft(b, { norm: "ortho" });
    const w = np.concatenate([np.ones([1]), np.full([2047], 2), np.ones([1])]);
    const spectral = np.sum(np.multiply(w, np.square(np.abs(half)))).item() as number;
    expect(Math.abs(spectral - energy(b)) / energy(b)).toBeLessThan(1e-13);
  });

  it("promotes as JAX: integers and float32 to complex64 (rfft: float32 in, complex64 out), irfft back to float32", () => {
    expect(F.fft(np.array([1, 2, 3])).dtype).toBe("complex64");
    expect(F.rfft(np.array([1, 2, 3], { dtype: "int32" })).dtype).toBe("complex64");
    expect(F.rfft(np.array([1, 2, 3], { dtype: "float32" })).dtype).toBe("complex64");
    expect(F.irfft(F.rfft(np.array([1, 2, 3, 4], { dtype: "float32" }))).dtype).toBe("float32");
    expect(F.rfft(X).dtype).toBe("complex128");
    const y = F.irfft(F.rfft(np.array([1, 2, 3, 4], { dtype: "float32" })));
    expect(relErr(y.dataSync(), [1, 2, 3, 4])).toBeLessThan(1e-6);
  });
});

describe("np.fft and lax.fft errors (JAX's classes and wording)", () => {
  it("refuses bad s, axes and norm", () => {
    expect(() => F.fft(Z, 0)).toThrow("Shape should be positive.");
    expect(() => F.fftn(Z, [2, 2], [0])).toThrow("Shape and axes have different lengths.");
    expect(() => F.fftn(Z, null, [0, 0])).toThrow("jax.numpy.fft.fftn does not support repeated axes. Got axes (0, 0).");
    expect(() => F.fft2(Z, null, [0, 1, 2])).toThrow("jax.numpy.fft.fft2 only supports 2 axes. Got axes = (0, 1, 2).");
    expect(() => F.fft(Z, null, -1, "sideways" as Norm)).toThrow('Invalid norm value sideways; should be "backward","ortho" or "forward".');
    expect(() => F.fft(Z, null, 3)).toThrow(/axis 3 is out of bounds/);
  });

  it("lax.fft checks shapes and types as fft_abstract_eval", () => {
    const c = lax.complex(np.ones([4, 8]), np.ones([4, 8]));
    expect(() => lax.fft(c, "fft", [3])).toThrow("FFT input shape (4, 8) minor dimensions must be equal to fft_lengths (3,)");
    expect(() => lax.fft(c, "fft", [1, 4, 8])).toThrow("FFT input shape (4, 8) must have at least as many input dimensions as fft_lengths (1, 4, 8).");
    expect(() => lax.fft(c, "rfft", [8])).toThrow("only real valued inputs supported for rfft");
    expect(() => lax.fft(np.ones([4, 8]), "rfft", [4])).toThrow("RFFT input shape (4, 8) minor dimensions must be equal to fft_lengths (4,)");
    expect(() => lax.fft(c, "irfft", [4, 8])).toThrow("IRFFT requires innermost dimension to be compatible with fft_length[-1]/2+1. Got: 8 but fft_length is 4, 8.");
    expect(() => lax.fft(c, "sideways" as "fft", [8])).toThrow("Unknown FFT type 'sideways'");
    expect(lax.fft(c, "fft", [])).toBe(c);
  });
});

describe("lax.fft under the transforms", () => {
  const i8 = seq(8, (i) => i);
  const x8 = f64(i8.map((i) => Math.sin(0.7 * i) + 0.1 * i), [8]);
  const z8 = lax.complex(x8, f64(i8.map((i) => Math.cos(0.3 * i)), [8]));
  const ct8 = lax.complex(f64(i8.map((i) => Math.cos(0.5 * i)), [8]), f64(i8.map((i) => Math.sin(0.9 * i)), [8]));
  const r = (n: number): Array => f64(seq(n, (k) => Math.cos(1.1 * k)), [n]);

  it("cotangents equal JAX's: fft and ifft transpose to themselves, rfft and irfft with the Hermitian mask and conjugate", () => {
    expectJax(vjp((a: Array) => F.rfft(a), x8)[1](lax.slice(ct8, [0], [5]))[0]!, JAX_GRADS["vjp rfft(x) ct5"]!);
    expectJax(vjp((a: Array) => F.fft(a), z8)[1](ct8)[0]!, JAX_GRADS["vjp fft(z) ct8"]!);
    expectJax(vjp((a: Array) => F.ifft(a), z8)[1](ct8)[0]!, JAX_GRADS["vjp ifft(z) ct8"]!);
    expectJax(vjp((a: Array) => F.irfft(a, 6), lax.slice(z8, [0], [4]))[1](r(6))[0]!, JAX_GRADS["vjp irfft(z[:4], n=6) r6"]!);
    expectJax(vjp((a: Array) => F.irfft(a, 5), lax.slice(z8, [0], [3]))[1](r(5))[0]!, JAX_GRADS["vjp irfft(z[:3], n=5) r5"]!);
  });

  it("grad of real losses equals JAX's (for complex z = a + ib, JAX's grad is d/da - i d/db)", () => {
    const w = f64(i8.map((i) => 1 + 0.1 * i), [8]);
    const loss = (a: Array, b: Array): Array => np.sum(np.multiply(w, np.square(np.abs(F.fft(lax.complex(a, b))))));
    const [ga, gb] = grad(loss, { argnums: [0, 1] })(x8, np.imag(z8)) as Array[];
    expectJax(lax.complex(ga!, np.negative(gb!)), JAX_GRADS["grad sum(w |fft(z)|^2)"]!, 1e-12);
    expectJax(grad((c: Array) => np.sum(np.multiply(w, np.square(np.abs(F.fft(c))))))(z8), JAX_GRADS["grad sum(w |fft(z)|^2)"]!, 1e-12);
    expectJax(grad((a: Array) => np.sum(np.multiply(np.square(np.real(F.rfft(a))), lax.slice(w, [0], [5]))))(x8), JAX_GRADS["grad sum(w real(rfft(x))^2)"]!, 1e-12);
  });

  const g = mulberry32(7);
  const u = (shape: number[]): Array => f64(seq(shape.reduce((p, d) => p * d, 1), () => 2 * g() - 1), shape);
  const grads: [string, (...a: Array[]) => Array, Array[]][] = [
    ["fft axis 0 ortho", (a, b) => np.sin(np.real(F.fft(lax.complex(a, b), null, 0, "ortho"))), [u([4, 3]), u([4, 3])]],
    ["ifft n=5 (padded)", (a, b) => np.square(np.imag(F.ifft(lax.complex(a, b), 5))), [u([2, 3]), u([2, 3])]],
    ["rfft n=7", (a) => np.add(np.sin(np.real(F.rfft(a, 7))), np.square(np.imag(F.rfft(a, 7)))), [u([2, 6])]],
    ["irfft n=6 and n=5", (a, b) => np.concatenate([np.sin(F.irfft(lax.complex(a, b), 6)), np.square(F.irfft(lax.complex(a, b), 5))]), [u([4]), u([4])]],
    ["hfft and ihfft", (a, b) => np.concatenate([np.sin(F.hfft(lax.complex(a, b))), np.square(np.real(F.ihfft(np.cos(a))))]), [u([5]), u([5])]],
    ["fft2 forward and rfft2 s=(3,4)", (a) => np.add(np.sin(np.abs(F.fft2(a, { norm: "forward" }))), np.sum(np.square(np.real(F.rfft2(a, [3, 4]))))), [u([2, 3])]],
    ["irfftn over three axes", (a, b) => np.sin(F.irfftn(lax.complex(a, b))), [u([2, 3, 3]), u([2, 3, 3])]],
  ];
  for (const [name, f, args] of grads) it(`checkGrads order 2 (float64): ${name}`, () => checkGrads(f, args, 2));
  it("checkGrads order 2 (complex128 operands, JAX's check_grads conventions): fft2, ifft with n, irfft", () => {
    const c = lax.complex(u([3, 4]), u([3, 4]));
    checkGrads((v: Array) => np.sin(F.fft2(v, { norm: "ortho" })), [c], 2);
    checkGrads((v: Array) => np.square(F.ifft(v, 6, 0)), [c], 2);
    checkGrads((v: Array) => np.sin(F.irfft(v, 5)), [c], 2);
  });

  it("vmap equals a loop over examples (batch axis 0 and 1, batched and unbatched operands)", () => {
    const a = u([3, 4, 6]);
    const loop = (f: (v: Array) => Array, axis: number): Array => np.stack(seq(a.shape[axis]!, (k) => f(np.take(a, k, axis))));
    const fns: ((v: Array) => Array)[] = [(v) => F.rfft(v, 5), (v) => F.fft2(v), (v) => F.irfft(F.fft(v, null, 0)), (v) => F.ifftn(lax.complex(v, np.cos(v)), [3, 2])];
    for (const f of fns) {
      for (const axis of [0, 1]) expect(relErr(vmap(f, { inAxes: axis })(a).dataSync(), loop(f, axis).dataSync())).toBeLessThan(1e-14);
    }
    const gradLoop = np.stack(seq(3, (k) => grad((v: Array) => np.sum(np.sin(F.irfft(F.rfft(v, 8), 7))))(np.take(a, k, 0))));
    expect(relErr(vmap(grad((v: Array) => np.sum(np.sin(F.irfft(F.rfft(v, 8), 7)))))(a).dataSync(), gradLoop.dataSync())).toBeLessThan(1e-13);
  });

  it("jit equals eager, called twice", () => {
    const a = u([3, 10]);
    const fns: ((v: Array) => Array)[] = [
      (v) => np.real(F.fft(v)),
      (v) => F.irfft(np.multiply(F.rfft(v), 2), 10),
      (v) => np.abs(F.fftn(lax.complex(v, np.sin(v)), null, null, "ortho")),
      (v) => F.fftshift(np.imag(F.ifft2(v, [4, 7]))),
      (v) => grad((w: Array) => np.sum(np.square(np.abs(F.rfft(w, 12)))))(v),
    ];
    for (const f of fns) {
      const want = f(a).dataSync();
      const jf = jit(f);
      expect(relErr(jf(a).dataSync(), want)).toBeLessThan(1e-14);
      expect(relErr(jf(a).dataSync(), want)).toBeLessThan(1e-14);
    }
  });
});
