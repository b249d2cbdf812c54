// The hand-written reference for bench/science.ts's odeint rows: Dormand-Prince 5(4) on
// Float64Arrays with jax.experimental.ode's algorithm (initial step of Hairer, Norsett & Wanner,
// RMS error ratio, step factor 0.9 err^(-1/5) in [0.2, 10], Shampine's dense output), written as
// one would write it by hand: scalar loops, stage buffers reused, nothing allocated per step.

import { ALPHA as A, BETA as B, C_SOL, C_ERROR as C_ERR, C_MID } from "../src/experimental/ode/dopri5.js";

/** `out = f(y, t)`. */
export type Rhs = (y: Float64Array, t: number, out: Float64Array) => void;

function rms(n: number, v: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v(i) ** 2;
  return Math.sqrt(s);
}

/** The solution at every time in `ts` (increasing), starting from `y0` at ts[0]. */
export function odeintJs(f: Rhs, y0: Float64Array, ts: Float64Array, rtol: number, atol: number): Float64Array[] {
  const n = y0.length;
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const tmp = new Float64Array(n);
  const y = y0.slice();
  const y1 = new Float64Array(n);
  const err = new Float64Array(n);
  // Dense output of the last accepted step: a s^4 + b s^3 + c s^2 + d s + e on s in [0, 1].
  const poly = Array.from({ length: 5 }, () => new Float64Array(n));
  let t = ts[0]!;
  f(y, t, k[0]!);
  // Initial step (Hairer, Norsett & Wanner II.4).
  const scale = (i: number): number => atol + Math.abs(y[i]!) * rtol;
  const d0 = rms(n, (i) => y[i]! / scale(i));
  const d1 = rms(n, (i) => k[0]![i]! / scale(i));
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  for (let i = 0; i < n; i++) tmp[i] = y[i]! + h0 * k[0]![i]!;
  f(tmp, t + h0, k[1]!);
  const d2 = rms(n, (i) => (k[1]![i]! - k[0]![i]!) / scale(i)) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
  let dt = Math.min(100 * h0, h1);
  let lastT = t;
  for (let i = 0; i < n; i++) {
    poly[4]![i] = y[i]!;
    poly[0]![i] = poly[1]![i] = poly[2]![i] = poly[3]![i] = 0;
  }
  const out: Float64Array[] = [y0.slice()];
  for (let o = 1; o < ts.length; o++) {
    const target = ts[o]!;
    while (t < target && dt > 0) {
      for (let s = 0; s < 6; s++) {
        const row = B[s]!;
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < row.length; j++) acc += row[j]! * k[j]![i]!;
          tmp[i] = y[i]! + dt * acc;
        }
        f(tmp, t + dt * A[s]!, k[s + 1]!);
      }
      let sq = 0;
      for (let i = 0; i < n; i++) {
        let sol = 0;
        let e = 0;
        for (let j = 0; j < 7; j++) {
          sol += C_SOL[j]! * k[j]![i]!;
          e += C_ERR[j]! * k[j]![i]!;
        }
        y1[i] = dt * sol + y[i]!;
        err[i] = dt * e;
        const ratio = err[i]! / (atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(y1[i]!)));
        sq += ratio * ratio;
      }
      const errorRatio = Math.sqrt(sq / n);
      const factor = errorRatio === 0 ? 10 : Math.min(10, Math.max(0.9 * errorRatio ** -0.2, errorRatio < 1 ? 1 : 0.2));
      if (errorRatio <= 1) {
        for (let i = 0; i < n; i++) {
          let mid = 0;
          for (let j = 0; j < 7; j++) mid += C_MID[j]! * k[j]![i]!;
          const yMid = y[i]! + dt * mid;
          const hd0 = dt * k[0]![i]!;
          const hd1 = dt * k[6]![i]!;
          const a = y[i]!;
          const b = y1[i]!;
          poly[0]![i] = -2 * hd0 + 2 * hd1 - 8 * a - 8 * b + 16 * yMid;
          poly[1]![i] = 5 * hd0 - 3 * hd1 + 18 * a + 14 * b - 32 * yMid;
          poly[2]![i] = -4 * hd0 + hd1 - 11 * a - 5 * b + 16 * yMid;
          poly[3]![i] = hd0;
          poly[4]![i] = a;
        }
        y.set(y1);
        k[0]!.set(k[6]!);
        lastT = t;
        t += dt;
      }
      dt *= factor;
    }
    const s = (target - lastT) / (t - lastT);
    const yo = new Float64Array(n);
    for (let i = 0; i < n; i++) yo[i] = (((poly[0]![i]! * s + poly[1]![i]!) * s + poly[2]![i]!) * s + poly[3]![i]!) * s + poly[4]![i]!;
    out.push(yo);
  }
  return out;
}
