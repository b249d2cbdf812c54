// Arrays are immutable in fact (issue 16, item 6): no member hands out or replaces the live
// backing store. `buffer`, `readSync()` and a writable `aval` used to; the data readers in the
// API (dataSync, data, tolist, item) return copies; `dispose()` exists on every array (a no-op
// on the CPU).
import { describe, it, expect } from "vitest";
import { numpy as np, jit, grad, vmap, Array, ShapedArray } from "../../src/index.js";

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("Symbol.dispose");
type Loose = Record<string | symbol, unknown>;
const loose = (x: Array): Loose => x as unknown as Loose;

/** Every value reachable from the array's own and inherited, non-accessor-by-getter members, one level deep. */
function exposedTypedArrays(x: Array): string[] {
  const found: string[] = [];
  const seen = new Set<string | symbol>();
  for (let o: object | null = x; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Reflect.ownKeys(o)) {
      if (seen.has(k)) continue;
      seen.add(k);
      let v: unknown;
      try {
        v = (x as unknown as Loose)[k];
        if (typeof v === "function" && (v as () => unknown).length === 0 && k !== "constructor" && k !== "dispose" && k !== disposeSymbol) {
          v = (v as () => unknown).call(x);
        }
      } catch {
        continue;
      }
      if (ArrayBuffer.isView(v)) found.push(String(k));
    }
  }
  return found;
}

describe("no member exposes the live buffer", () => {
  it("x.buffer and x.readSync() are gone", () => {
    const x = np.array([1, 2, 3]);
    expect(loose(x).buffer).toBeUndefined();
    expect(loose(x).readSync).toBeUndefined();
    expect("buffer" in x).toBe(false);
    expect(Object.keys(x)).toEqual([]);
  });
  it("the only typed arrays any zero-argument member returns are copies (dataSync)", () => {
    const x = np.array([1, 2, 3]);
    expect(exposedTypedArrays(x)).toEqual(["dataSync"]);
    for (const k of exposedTypedArrays(x)) {
      const got = (loose(x)[k] as () => Float32Array).call(x);
      got[0] = 99;
      expect(x.tolist()).toEqual([1, 2, 3]);
    }
  });
  it("dataSync() and await data() return copies: writing them leaves the array unchanged", async () => {
    const x = np.array([1, 2, 3]);
    const y = x.mul(2);
    const d = y.dataSync();
    d[0] = 99;
    expect(y.tolist()).toEqual([2, 4, 6]);
    const a = await y.data();
    a[1] = 99;
    expect(y.tolist()).toEqual([2, 4, 6]);
    expect(y.dataSync()).not.toBe(y.dataSync());
    // Typed-array input is copied in, too.
    const src = new Float32Array([1, 2]);
    const z = np.array(src);
    src[0] = 5;
    expect(z.tolist()).toEqual([1, 2]);
  });
  it("jit outputs and inputs are not aliased through the readers", () => {
    const f = jit((v: Array) => v.add(1));
    const x = np.array([1, 2, 3]);
    const out = f(x);
    out.dataSync().fill(0);
    expect(out.tolist()).toEqual([2, 3, 4]);
    expect(f(x).tolist()).toEqual([2, 3, 4]);
  });
});

describe("aval and shape cannot be replaced or changed", () => {
  it("assigning x.aval throws and leaves the array as it was", () => {
    const x = np.array([1, 2, 3]);
    expect(() => {
      loose(x).aval = new ShapedArray([3], "int32", false);
    }).toThrow(TypeError);
    expect(x.dtype).toBe("float32");
    expect(x.tolist()).toEqual([1, 2, 3]);
    expect(() => {
      loose(x).shape = [1, 3];
    }).toThrow(TypeError);
    expect(x.shape).toEqual([3]);
  });
  it("the shape array is frozen", () => {
    const x = np.zeros([2, 3]);
    expect(() => (x.shape as number[]).push(4)).toThrow(TypeError);
    expect(() => {
      (x.shape as number[])[0] = 7;
    }).toThrow(TypeError);
    expect(x.shape).toEqual([2, 3]);
  });
});

describe("dispose() on CPU arrays", () => {
  it("is a no-op that the API promises, with Symbol.dispose", () => {
    const x = np.array([1, 2, 3]);
    expect(typeof x.dispose).toBe("function");
    x.dispose();
    expect(x.tolist()).toEqual([1, 2, 3]);
    (loose(x)[disposeSymbol] as () => void).call(x);
    expect(x.add(1).tolist()).toEqual([2, 3, 4]);
  });
  it("exists on traced values too (a no-op)", () => {
    const g = grad((v: Array) => {
      v.dispose();
      return v.mul(v).sum();
    });
    expect(g(np.array([1, 2])).tolist()).toEqual([2, 4]);
    expect(vmap((v: Array) => (v.dispose(), v.add(1)))(np.array([1, 2])).tolist()).toEqual([2, 3]);
  });
});
