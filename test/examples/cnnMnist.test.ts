// examples/cnnMnist.ts at small size: a LeNet-style CNN (conv, relu, max pooling, dense) trained
// with jit(valueAndGrad) + adam on real MNIST digits must learn (known bounds below), and its
// pictures must show what it got wrong.
import { describe, expect, it } from "vitest";
import * as cnn from "../../examples/cnnMnist.js";

describe("examples/cnnMnist", () => {
  it("loads the package's real digits: 10,000 in all, per-class ranges, pixels in [0, 1]", () => {
    const all = cnn.loadDigits((count) => [0, count]);
    expect(all.x.shape).toEqual([10000, 28, 28, 1]);
    const labels = all.y.dataSync() as Int32Array;
    const perClass = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    expect(perClass).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    const pixels = all.x.dataSync() as Float32Array;
    let min = Infinity;
    let max = -Infinity;
    for (const v of pixels) (min = Math.min(min, v)), (max = Math.max(max, v));
    expect([min, max]).toEqual([0, 1]);
  });

  it("trains at small size: the loss falls and held-out accuracy is far above chance", () => {
    const r = cnn.run({ trainPerClass: 60, testPerClass: 30, epochs: 3, batchSize: 50, channels: [8, 16], hidden: 64, seed: 1, learningRate: 3e-3, maxShift: 0 });
    expect(r.testCount).toBe(300);
    expect(r.losses).toHaveLength(3 * 12);
    // log(10) = 2.30 at initialization; a few dozen adam steps on 600 digits bring it well down.
    expect(r.losses[0]!).toBeGreaterThan(1.9);
    const tail = r.losses.slice(-6).reduce((a, b) => a + b, 0) / 6;
    expect(tail).toBeLessThan(0.9);
    expect(r.testAccuracy).toBeGreaterThan(0.7);
    expect(r.mistakes.length).toBe(Math.round((1 - r.testAccuracy) * r.testCount));
    for (const m of r.mistakes) expect(m.label).not.toBe(m.predicted);
  }, 120_000);

  it("augments by random shifts of up to 2 pixels: each image is its own translate, ink kept", async () => {
    const { numpy: np, random } = await import("../../src/index.js");
    const img = new Float32Array(2 * 28 * 28);
    img[10 * 28 + 12] = 1; // one inked pixel per image, away from the border
    img[28 * 28 + 15 * 28 + 9] = 0.5;
    const x = np.array(img).reshape([2, 28, 28, 1]);
    const shifted = cnn.randomShift(random.key(3), x, 2).dataSync() as Float32Array;
    for (const [k, r, c, v] of [[0, 10, 12, 1], [1, 15, 9, 0.5]] as const) {
      const plane = shifted.subarray(k * 784, (k + 1) * 784);
      const at = plane.findIndex((p) => p !== 0);
      expect(plane[at]).toBe(v);
      expect(Math.abs(Math.floor(at / 28) - r)).toBeLessThanOrEqual(2);
      expect(Math.abs((at % 28) - c)).toBeLessThanOrEqual(2);
      expect(plane.filter((p) => p !== 0)).toHaveLength(1);
    }
    expect(Array.from(cnn.randomShift(random.key(3), x, 2).dataSync())).toEqual(Array.from(shifted));
  });

  it("draws misclassified digits as SVG and in the terminal", () => {
    const pixels = new Float32Array(28 * 28);
    for (let r = 4; r < 24; r++) pixels[r * 28 + 14] = 1; // a vertical stroke: a "1"
    const svg = cnn.mistakesSvg([{ pixels, label: 1, predicted: 7 }]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("1 → 7");
    expect(svg.match(/<rect /g)!.length).toBe(1 + 20); // the background and the 20 inked pixels
    const ascii = cnn.digitAscii(pixels);
    expect(ascii).toHaveLength(14);
    expect(ascii.filter((l) => l[14] === "@").length).toBe(10);
  });
});
