// No user value reaches a gpu.js kernel's source either (issue 16, item 3): the GPU backend, in
// gpu.js's webasm mode as CI runs it, refuses the payloads that the JS backend refuses, under jit
// and eagerly on GPU arrays, and non-finite fill values still arrive as values.
import { describe, it, expect, beforeAll } from "vitest";
import { numpy as np, lax, jit, devicePut, setGpuMode } from "../../src/index.js";
import type { Array } from "../../src/index.js";

const g = globalThis as { pwned?: unknown };
const as = <T,>(v: unknown): T => v as T;

const PAYLOADS: readonly unknown[] = [
  "(globalThis.pwned = 1, 0)",
  "1; globalThis.pwned = 2; //",
  "0) { globalThis.pwned = 3; } (0",
  "*/ globalThis.pwned = 4; /*",
  "3",
  { toString: () => "(globalThis.pwned = 5, 0)" },
  { valueOf: () => "(globalThis.pwned = 6, 0)" },
  { toJSON: () => 0, toString: () => "(globalThis.pwned = 7, 0)" },
];

function expectRefused(f: () => unknown): void {
  g.pwned = undefined;
  expect(f).toThrow(TypeError);
  expect(g.pwned).toBeUndefined();
}

beforeAll(() => setGpuMode("webasm"));

describe("GPU backend (webasm): payloads in params never run", () => {
  const fillOf = (p: unknown) => (y: Array) => y.mul(2).at(7).get({ mode: "fill", fillValue: as<number>(p) }).add(y.sum());

  it("gather fill values under jit", () => {
    const y = np.array([1, 2, 3]);
    for (const p of PAYLOADS) expectRefused(() => jit(fillOf(p), { device: "gpu" })(y));
  });

  it("shapes, sizes and exponents under jit", () => {
    const y = np.array([1, 2, 3]);
    for (const p of PAYLOADS) {
      expectRefused(() => jit((z: Array) => z.add(lax.iota("float32", as<number>(p))), { device: "gpu" })(y));
      expectRefused(() => jit((z: Array) => lax.slice(z.mul(2), [0], [as<number>(p)]), { device: "gpu" })(y));
      expectRefused(() => jit((z: Array) => lax.integerPow(z, as<number>(p)), { device: "gpu" })(y));
      expectRefused(() => jit((z: Array) => lax.broadcastInDim(np.exp(z), [as<number>(p), 3], [1]), { device: "gpu" })(y));
    }
  });

  it("eagerly on GPU arrays", async () => {
    const y = devicePut(np.array([1, 2, 3]), "gpu");
    for (const p of PAYLOADS) expectRefused(() => y.at(7).get({ mode: "fill", fillValue: as<number>(p) }));
    const ok = jit((z: Array) => z.mul(2).at(7).get({ mode: "fill", fillValue: -Infinity }), { device: "gpu" })(np.array([1, 2, 3]));
    expect([...(await ok.data())]).toEqual([-Infinity]);
  });
});
