// No user value reaches generated source (issue 16, item 3). Each payload is handed to every param
// that code generators interpolate (a gather fill value, iota and broadcast shapes, slice bounds,
// pad configs, exponents, dtypes, axes), eagerly, under jit and under vmap: the result must be a
// TypeError and `globalThis.pwned` must stay unset. (The emitter's own tests: test/backends/js/emit.test.ts.)
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { numpy as np, lax, jit, vmap } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";

const g = globalThis as { pwned?: unknown };

/** Strings and objects that would run as code if pasted into a kernel's source. */
const PAYLOADS: readonly unknown[] = [
  "(globalThis.pwned = 1, 0)",
  "1; globalThis.pwned = 2; //",
  "0); globalThis.pwned = 3; (0",
  "0] = 0; globalThis.pwned = 4; [0",
  "${globalThis.pwned = 5}",
  "`; globalThis.pwned = 6; `",
  "*/ globalThis.pwned = 7; /*",
  "0\nglobalThis.pwned = 8",
  "0\u2028globalThis.pwned = 9",
  "'; globalThis.pwned = 10; '",
  '"; globalThis.pwned = 11; "',
  "3",
  "-1",
  "1e3",
  "NaN",
  "",
  { toString: () => "(globalThis.pwned = 12, 0)" },
  { valueOf: () => "(globalThis.pwned = 13, 0)" },
  { toString: () => "(globalThis.pwned = 14, 0)", valueOf: () => 2 },
  { toJSON: () => 0, toString: () => "(globalThis.pwned = 15, 0)" },
  { [Symbol.toPrimitive]: () => "(globalThis.pwned = 16, 0)" },
  [1],
  ["(globalThis.pwned = 17, 0)"],
  null,
  undefined,
  true,
  10n,
  Symbol("pwn"),
];

/** A user value typed as whatever the API wants (the point is that it is not). */
const as = <T,>(v: unknown): T => v as T;

function expectRefused(f: () => unknown): void {
  g.pwned = undefined;
  let thrown: unknown = null;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(g.pwned).toBeUndefined();
  expect(thrown).toBeInstanceOf(TypeError);
}

beforeEach(() => {
  delete g.pwned;
});
afterEach(() => {
  expect(g.pwned).toBeUndefined();
});

const x64 = (): Array => np.array([1, 2, 3], { dtype: "float64" });
const GATHER_DN = { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0], operandBatchingDims: [], startIndicesBatchingDims: [] };

/** Every way a payload can be handed to a param that reaches generated code; `p` is the payload. */
const VECTORS: Record<string, (p: unknown) => unknown> = {
  "at.get fill (float64)": (p) => x64().at(5).get({ mode: "fill", fillValue: as<number>(p) }),
  "at.get fill (float32)": (p) => np.array([1, 2, 3]).at(5).get({ mode: "fill", fillValue: as<number>(p) }),
  "at.get fill (int32)": (p) => np.array([1, 2, 3], { dtype: "int32" }).at(5).get({ mode: "fill", fillValue: as<number>(p) }),
  "lax.gather fill": (p) => lax.gather(x64(), np.array([[5]], { dtype: "int32" }), GATHER_DN, [1], { mode: "fill", fillValue: as<number>(p) }),
  "jit at.get fill": (p) => jit((y: Array) => y.at(5).get({ mode: "fill", fillValue: as<number>(p) }))(x64()),
  "vmap at.get fill": (p) => vmap((y: Array) => y.at(5).get({ mode: "fill", fillValue: as<number>(p) }))(np.ones([2, 3], { dtype: "float64" })),
  "jit(vmap) lax.gather fill": (p) =>
    jit(vmap((y: Array) => lax.gather(y, np.array([[7]], { dtype: "int32" }), GATHER_DN, [1], { mode: "fill", fillValue: as<number>(p) })))(np.ones([2, 3])),
  "lax.iota size": (p) => lax.iota("float32", as<number>(p)),
  "jit lax.iota size": (p) => jit(() => lax.iota("float32", as<number>(p)))(),
  "broadcastedIota shape": (p) => lax.broadcastedIota("float32", [as<number>(p), 2], 0),
  "broadcastedIota dimension": (p) => lax.broadcastedIota("float32", [2, 2], as<number>(p)),
  "iota dtype": (p) => lax.iota(as<DType>(p), 3),
  "slice start": (p) => lax.slice(x64(), [as<number>(p)], [2]),
  "jit slice limit": (p) => jit((y: Array) => lax.slice(y, [0], [as<number>(p)]))(x64()),
  "slice strides": (p) => lax.slice(x64(), [0], [2], [as<number>(p)]),
  "dynamicSlice size": (p) => lax.dynamicSlice(x64(), [0], [as<number>(p)]),
  "pad config": (p) => lax.pad(x64(), 0, [[as<number>(p), 0, 0]]),
  "jit pad interior": (p) => jit((y: Array) => lax.pad(y, 0, [[0, 0, as<number>(p)]]))(x64()),
  "broadcastInDim shape": (p) => lax.broadcastInDim(x64(), [2, as<number>(p)], [1]),
  "reshape sizes": (p) => lax.reshape(x64(), [as<number>(p)]),
  "vmap reshape sizes": (p) => vmap((y: Array) => lax.reshape(y, [as<number>(p), 1]))(np.ones([2, 3])),
  "reduceSum axes": (p) => lax.reduceSum(x64(), [as<number>(p)]),
  "concatenate dimension": (p) => lax.concatenate([x64(), x64()], as<number>(p)),
  "cumsum axis": (p) => lax.cumsum(x64(), as<number>(p)),
  "jit transpose permutation": (p) => jit((y: Array) => lax.transpose(y, [as<number>(p)]))(x64()),
  "convertElementType dtype": (p) => lax.convertElementType(x64(), as<DType>(p)),
  "jit convertElementType dtype": (p) => jit((y: Array) => lax.convertElementType(y, as<DType>(p)))(x64()),
};

/** Payloads that are valid for a vector: a fill value may be a boolean or absent; cumsum's axis defaults. */
const validFor = (name: string, p: unknown): boolean =>
  (name.includes("fill") && (p === null || p === undefined || typeof p === "boolean")) || (name === "cumsum axis" && p === undefined);

describe("payloads in params never run", () => {
  for (const [name, run] of Object.entries(VECTORS)) {
    it(name, () => {
      for (const p of PAYLOADS) {
        if (validFor(name, p)) {
          run(p);
          expect(g.pwned).toBeUndefined();
        } else expectRefused(() => run(p));
      }
    });
  }

  it("integer_pow exponents that are not integers", () => {
    for (const p of PAYLOADS) expectRefused(() => jit((y: Array) => lax.integerPow(y, as<number>(p)))(x64()));
  });

  it("the issue's three reproductions", () => {
    expectRefused(() => x64().at(np.array(5, { dtype: "int32" })).get({ mode: "fill", fillValue: as<number>("(globalThis.pwned = 1, 0)") }));
    expectRefused(() => lax.iota("float32", as<number>("1; globalThis.pwned = 2; //")));
    expectRefused(() => lax.broadcastedIota("float32", [as<number>("2; globalThis.pwned = 3; //")], 0));
  });

  it("valid values still work, including non-finite fill values", () => {
    expect([...x64().at(5).get({ mode: "fill", fillValue: -Infinity }).dataSync()]).toEqual([-Infinity]);
    expect([...x64().at(5).get({ mode: "fill", fillValue: Infinity }).dataSync()]).toEqual([Infinity]);
    expect(Number.isNaN(x64().at(5).get({ mode: "fill", fillValue: NaN }).dataSync()[0])).toBe(true);
    expect([...x64().at(5).get({ mode: "fill", fillValue: as<number>(true) }).dataSync()]).toEqual([1]);
    expect([...jit((y: Array) => y.at(5).get({ mode: "fill", fillValue: -0.5 }))(x64()).dataSync()]).toEqual([-0.5]);
    expect([...lax.iota("int32", 4).dataSync()]).toEqual([0, 1, 2, 3]);
  });

  it("fill values that serialise alike do not share a cached kernel", () => {
    // JSON writes NaN, Infinity and -Infinity all as null: the eager per-op cache must tell them apart.
    const y = np.array([1, 2, 3], { dtype: "int32" });
    const fill = (v: number | null): number => y.at(5).get({ mode: "fill", fillValue: as<number>(v) }).dataSync()[0]!;
    const z = x64();
    const fillF = (v: number): number => z.at(5).get({ mode: "fill", fillValue: v }).dataSync()[0]!;
    expect(fillF(Infinity)).toBe(Infinity);
    expect(fillF(-Infinity)).toBe(-Infinity);
    expect(Number.isNaN(fillF(NaN))).toBe(true);
    expect(Object.is(fillF(0), 0)).toBe(true);
    expect(Object.is(fillF(-0), -0)).toBe(true);
    expect(fill(null)).toBe(-2147483648);
    expect(fill(Infinity)).toBe(0);
  });
});
