// examples/kuramotoSivashinsky.ts: ETDRK4 in Fourier space for u_t + u u_x + u_xx + u_xxxx = 0
// (Kassam & Trefethen 2005), checked against the same scheme run independently at float64, the
// conservation of the mean, and its gradient with respect to u0 against JAX and central differences.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { numpy as np, jit, grad, vmap } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import * as ks from "../../examples/kuramotoSivashinsky.js";
import { pngImage, svgHeatMap, terminalHeatMap } from "../../examples/lib/terminal.js";

const POINTS = [5, 40, 77, 110];
const at = (u: Array): number[] => POINTS.map((i) => (u.tolist() as number[])[i]!);
const s = ks.scheme(128, 0.25, 16);
const u0 = ks.initialCondition(ks.grid(128));

describe("examples/kuramotoSivashinsky", () => {
  it("u(x_j, t) at t = 10 and t = 50 matches kursiv.m ported to numpy float64", () => {
    // Values from numpy 2.4.6 (float64): Kassam & Trefethen's kursiv.m with np.fft.rfft/irfft, the
    // Nyquist wavenumber zeroed and M = 16 contour points, after 40 and 200 steps of h = 1/4, at
    // x_j = 32π j / 128 for j = 5, 40, 77, 110.
    const t10 = [0.7563297285170109, -1.4159532057074449, -0.19168711405741573, 0.0764356881653504];
    const t50 = [1.1960964168432333, 2.4939319559469824, 1.5980251690145448, 1.715407456882737];
    at(ks.evolve(s, u0, 40)).forEach((v, i) => expect(v).toBeCloseTo(t10[i]!, 12));
    // Chaos amplifies rounding differences between the two FFTs by ~1e3 over t = 50.
    at(jit((u: Array) => ks.evolve(s, u, 200))(u0)).forEach((v, i) => expect(v).toBeCloseTo(t50[i]!, 11));
  });

  it("the ETDRK4 coefficients by the contour integral match their closed forms where those are accurate", () => {
    // For |hL| not small, e.g. the largest mode, Q = h (e^{hL/2} - 1)/(hL) and f1..f3 are the
    // formulas of Cox & Matthews (2002) eq. (26), computed directly.
    const k = 63 / 16;
    const z = 0.25 * (k * k - k ** 4);
    const ez = Math.exp(z);
    const h = 0.25;
    const closed = {
      q: (h * (Math.exp(z / 2) - 1)) / z,
      f1: (h * (-4 - z + ez * (4 - 3 * z + z * z))) / z ** 3,
      f2: (h * (2 + z + ez * (z - 2))) / z ** 3,
      f3: (h * (-4 - 3 * z - z * z + ez * (4 - z))) / z ** 3,
    };
    for (const name of ["q", "f1", "f2", "f3"] as const) expect((s[name].tolist() as number[])[63]!).toBeCloseTo(closed[name], 14);
    // At L = 0 (k = 0) the limits are h/2, h/6, h/6, h/6 (the phi functions at zero).
    expect((s.q.tolist() as number[])[0]).toBeCloseTo(h / 2, 14);
    for (const name of ["f1", "f2", "f3"] as const) expect((s[name].tolist() as number[])[0]).toBeCloseTo(h / 6, 14);
  });

  it("the k = 0 mode (mean of u) stays zero and the plot and its files are written", () => {
    const svgPath = path.join(os.tmpdir(), `dprog-ks-test-${process.pid}.svg`);
    const lines: string[] = [];
    const r = ks.run({ steps: 80, plotEvery: 4, gradSteps: 0, svgPath, log: (l) => lines.push(l) });
    expect(r.spaceTime).toHaveLength(21);
    expect(r.spaceTime.every((row) => row.length === 128)).toBe(true);
    expect(r.times.at(-1)).toBe(20);
    expect(r.maxMeanDrift).toBeLessThan(1e-14);
    const svg = fs.readFileSync(svgPath, "utf8");
    fs.unlinkSync(svgPath);
    expect(svg).toContain("data:image/png;base64,");
    expect(lines.some((l) => l.includes(svgPath))).toBe(true);
  });

  it("jit(grad) of mean(u(T)²) through 200 steps matches JAX, and central differences through 100", () => {
    // Values from JAX 0.10.2 (float64): jax.grad of the same scheme (jnp.fft, lax.scan) at u0.
    const dLoss = (steps: number) => jit((u: Array) => grad(ks.finalLoss(s, steps))(u) as Array);
    const jax40 = [0.01158471494563558, 0.01173650202504603, -0.00446914058083794, 0.00116865071774968];
    const jax200 = [-0.41158414709441704, 0.7032326409045591, -7.39643022829026, -6.362392956008085];
    at(dLoss(40)(u0)).forEach((v, i) => expect(v).toBeCloseTo(jax40[i]!, 13));
    at(dLoss(200)(u0)).forEach((v, i) => expect(Math.abs(v - jax200[i]!)).toBeLessThan(1e-9 * Math.abs(jax200[i]!) + 1e-11));
    const r = ks.run({ steps: 8, plotEvery: 4, gradSteps: 100, directions: 2, fdStep: 1e-7, svgPath: null });
    expect(r.directional).toHaveLength(2);
    for (const [g, fd] of r.directional) expect(Math.abs(g - fd)).toBeLessThan(1e-6 * Math.abs(fd));
  });

  it("jit(vmap) of the solver over a batch of initial conditions equals a loop", () => {
    const f = (u: Array): Array => ks.evolve(s, u, 20);
    const starts = [u0, u0.mul(0.5), np.roll(u0, 17)];
    const batched = jit(vmap(f))(np.stack(starts));
    expect(batched.shape).toEqual([3, 128]);
    expect(np.max(np.abs(batched.sub(np.stack(starts.map(f))))).item()).toBeLessThan(1e-14);
  });

  it("heat-map helpers: a valid PNG, and a terminal map of the requested size", () => {
    const png = pngImage(2, 1, (_, j) => (j === 0 ? [255, 0, 0] : [0, 0, 255]));
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    // IHDR's CRC for a 2 x 1 RGB image, from Python's zlib.crc32(b"IHDR" + data).
    expect(png.readUInt32BE(29)).toBe(0x7b40e8dd);
    // The IDAT chunk (after IHDR's 25 bytes) inflates to one scanline: filter 0, red, blue.
    expect(png.subarray(37, 41).toString("ascii")).toBe("IDAT");
    expect([...zlib.inflateSync(png.subarray(41, 41 + png.readUInt32BE(33)))]).toEqual([0, 255, 0, 0, 0, 0, 255]);
    const rows = [[-1, 0, 1, 2], [2, 1, 0, -1]];
    const map = terminalHeatMap(rows, { width: 4, height: 2 });
    expect(map.split("\n")).toEqual(["│ -*@│", "│@*- │"]);
    expect(svgHeatMap(rows, { title: "t", xLabel: "x", yLabel: "y", xMax: 4, yMax: 2 })).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  });
});
