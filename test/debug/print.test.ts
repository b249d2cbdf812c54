// debug.print formats values with str() as JAX does (numpy's array_str), and runs once per example
// under vmap (JAX's debug_callback_batching_rule unrolls it). Expected lines are JAX 0.10.2's output.
import { describe, expect, it } from "vitest";
import { debug, jit, numpy as np, vmap } from "../../src/index.js";
import { setPrintSink } from "../../src/debug/index.js";

function capture(fn: () => void): string[] {
  const lines: string[] = [];
  setPrintSink((l) => lines.push(l));
  try {
    fn();
  } finally {
    setPrintSink(null);
  }
  return lines;
}

describe("debug.print", () => {
  it("formats arrays as str(): JAX 0.10.2's lines", () => {
    // jax.debug.print('a {} b {} c {} d {}', jnp.arange(3), jnp.float32(0.5), jnp.array([1.5, 2.0]), jnp.array([[1, 2], [3, 4]]))
    const lines = capture(() =>
      debug.print("a {} b {} c {} d {}", np.arange(3), np.array(0.5, { dtype: "float32" }), np.array([1.5, 2.0], { dtype: "float32" }), np.array([[1, 2], [3, 4]], { dtype: "int32" })),
    );
    expect(lines).toEqual(["a [0 1 2] b 0.5 c [1.5 2. ] d [[1 2]\n [3 4]]"]);
    expect(capture(() => debug.print("e {}", np.array([true, false])))).toEqual(["e [ True False]"]);
    expect(capture(() => debug.print("f {x}", { x: 3.0 }))).toEqual(["f 3.0"]);
  });

  it("under vmap and jit(vmap): one line per example, in order", () => {
    const f = (x: ReturnType<typeof np.arange>) => {
      debug.print("p {} {}", x, np.multiply(x, 0.5));
      return x;
    };
    const want = ["p 0.0 0.0", "p 1.0 0.5", "p 2.0 1.0"];
    const x = np.arange(3, { dtype: "float32" });
    expect(capture(() => vmap(f)(x))).toEqual(want);
    const jf = jit(vmap(f));
    expect(capture(() => jf(x))).toEqual(want);
    expect(capture(() => jf(x))).toEqual(want);
  });
});

describe("np.arrayStr and np.arrayRepr", () => {
  it("match numpy's str and JAX's repr", () => {
    const cases: [Parameters<typeof np.array>[0], "float32" | "float64" | "int32" | "bool", string][] = [
      // str(np.array(v, dtype)) in numpy 2.4
      [0.1, "float32", "0.1"],
      [2, "float32", "2.0"],
      [1e-5, "float32", "1e-05"],
      [1e6, "float32", "1e+06"],
      [999999, "float32", "999999.0"],
      [1e16, "float64", "1e+16"],
      [1234567, "float64", "1234567.0"],
      [-0, "float32", "-0.0"],
      [Infinity, "float64", "inf"],
      [3, "int32", "3"],
      [[0, 0.25, 0.5, 0.75, 1], "float32", "[0.   0.25 0.5  0.75 1.  ]"],
      [[1e-5, 1], "float32", "[1.e-05 1.e+00]"],
      [[[1.5, 2], [3, 4]], "float64", "[[1.5 2. ]\n [3.  4. ]]"],
    ];
    for (const [v, dtype, want] of cases) expect(np.arrayStr(np.array(v, { dtype }))).toBe(want);
    expect(np.arrayStr(np.arange(2000, { dtype: "float64" }))).toBe("[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]");
    expect(np.arrayRepr(np.array([1, 2], { dtype: "int32" }))).toBe("Array([1, 2], dtype=int32)");
  });
});
