// Kernel outputs shared with the helper thread are freed after use: neither the helper's handles
// on each job's buffers nor V8's not counting SharedArrayBuffers toward its collections may keep
// dead outputs alive. Before the fix a 1 MB jitted function called 150 times held about 300 MB
// of shared buffers after a collection on the main thread (the helper's handles).
import { describe, it, expect } from "vitest";
import v8 from "node:v8";
import vm from "node:vm";
import { numpy as np, jit } from "../../../src/index.js";
import type { Array } from "../../../src/index.js";
import { kernelPoolReady } from "../../../backends/js/threads/kernelPool.js";

function gcFunction(): () => void {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own !== undefined) return own;
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  v8.setFlagsFromString("--no-expose-gc");
  return gc;
}

describe("helper thread memory", () => {
  it("a 1 MB jitted function called many times keeps shared memory bounded", async () => {
    if (!(await kernelPoolReady())) return; // no helper here: nothing to check
    const gc = gcFunction();
    const n = 1 << 18; // float32: 1 MB
    const x = np.array(new Float32Array(n).fill(0.5));
    const f = jit((a: Array) => np.sin(a).mul(2).add(np.cos(a)));
    const want = 2 * Math.sin(0.5) + Math.cos(0.5);
    let peak = 0;
    for (let i = 0; i < 150; i++) {
      const y = f(x);
      if (i % 50 === 0) expect(y.dataSync()[0]).toBeCloseTo(want, 5);
      if (i % 5 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }
    // Give the helper a moment to finish its last message, then collect on this thread.
    await new Promise((r) => setTimeout(r, 50));
    gc();
    gc();
    const after = process.memoryUsage().arrayBuffers;
    expect(after / 2 ** 20).toBeLessThan(40);
    // Without a collection in between, dead outputs stay bounded too (V8 alone would keep them).
    expect(peak / 2 ** 20).toBeLessThan(120);
  });
});
