// jit(f).lower(...args): the traced jaxpr and the optimized jaxpr (both printable in JAX's syntax,
// both well typed), the generated source (a `program` calling its kernels, each kernel's code
// included), kernelCount, and asText(). Lowering traces (through the shared cache) but never runs f.
import { describe, it, expect } from "vitest";
import { numpy as np, jit, debug } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { typecheckJaxpr } from "../../jaxpr/index.js";

const f32 = (v: number[], shape?: number[]): Array => np.array(new Float32Array(v), { dtype: "float32", ...(shape ? { shape } : {}) });

describe("lower()", () => {
  const f = (x: Array, y: Array): Array => np.sum(np.multiply(np.sin(x), y), 0);
  const x = f32([1, 2, 3, 4, 5, 6], [3, 2]);
  const y = f32([1, 1, 1, 1, 1, 1], [3, 2]);

  it("jaxpr is the traced program in JAX's syntax", () => {
    const text = jit(f).lower(x, y).jaxpr.toString();
    expect(text).toMatch(/^\{ lambda ; a:f32\[3,2\] b:f32\[3,2\]\. let\n/);
    expect(text).toContain("= sin a");
    expect(text).toContain("reduce_sum[axes=(0,)]");
    expect(text).toMatch(/in \(\w+,\) \}$/);
  });

  it("optimizedJaxpr prints in JAX's syntax, typechecks, and has the same signature", () => {
    const lowered = jit(f).lower(x, y);
    const opt = lowered.optimizedJaxpr;
    const text = opt.toString();
    expect(text).toMatch(/^\{ lambda [^;]*; a:f32\[3,2\] b:f32\[3,2\]\. let\n/);
    expect(text).toContain("sin");
    expect(() => typecheckJaxpr(opt.jaxpr)).not.toThrow();
    expect(opt.jaxpr.invars.map((v) => v.aval.str())).toEqual(["f32[3,2]", "f32[3,2]"]);
    expect(opt.jaxpr.outvars.map((v) => v.aval.str())).toEqual(["f32[2]"]);
  });

  it("source is a `program` function followed by the code of every kernel it calls", () => {
    const lowered = jit(f).lower(x, y);
    const src = lowered.source;
    expect(src.startsWith("function program(in0, in1) {")).toBe(true);
    expect(src).toContain("Math.sin");
    const program = src.split(/\n(?=function )/)[0]!;
    const called = new Set(program.match(/\bk\d+\(/g) ?? []);
    expect(called.size).toBe(lowered.kernelCount);
    expect(lowered.kernelCount).toBeGreaterThanOrEqual(1);
    // One function per kernel after the program.
    expect(src.split(/\n(?=function )/).length - 1).toBe(lowered.kernelCount);
  });

  it("asText() shows the optimized jaxpr and the source", () => {
    const lowered = jit(f).lower(x, y);
    const text = lowered.asText();
    // Every equation line of the optimized jaxpr appears in the text.
    for (const line of lowered.optimizedJaxpr.toString().split("\n").slice(1)) expect(text).toContain(line.trim());
    expect(text).toContain(lowered.source);
  });

  it("is deterministic: lowering twice gives the same texts", () => {
    const a = jit(f).lower(x, y);
    const b = jit(f).lower(f32([0, 0, 0, 0, 0, 0], [3, 2]), y);
    expect(b.jaxpr.toString()).toBe(a.jaxpr.toString());
    expect(b.optimizedJaxpr.toString()).toBe(a.optimizedJaxpr.toString());
    expect(b.source).toBe(a.source);
  });

  it("follows the argument signature: shapes and dtypes appear in the jaxpr", () => {
    const g = jit((x: Array) => np.add(x, 1));
    expect(g.lower(np.zeros([2, 5], { dtype: "int32" })).jaxpr.toString()).toContain("a:i32[2,5]");
    expect(g.lower(np.zeros([7], { dtype: "float64" })).jaxpr.toString()).toContain("a:f64[7]");
    expect(g.lower(np.zeros([], { dtype: "bool" })).jaxpr.toString()).toContain("a:bool[]");
  });

  it("static arguments are baked in; pytree arguments are flattened into invars", () => {
    const g = jit((p: { w: Array; b: Array }, xs: Array[], n: number) => np.add(np.multiply(p.w, xs[0]!), np.multiply(p.b, n)), { staticArgnums: 2 });
    const lowered = g.lower({ w: f32([1, 2]), b: f32([3, 4]) }, [f32([5, 6])], 3);
    expect(lowered.jaxpr.jaxpr.invars.length).toBe(3);
    expect(lowered.jaxpr.toString()).toContain("3.0");
  });

  it("closed-over arrays are constants of the program", () => {
    const W = f32([1, 2, 3]);
    const lowered = jit((x: Array) => np.multiply(x, W)).lower(f32([1, 1, 1]));
    expect(lowered.jaxpr.jaxpr.constvars.length + lowered.optimizedJaxpr.jaxpr.constvars.length).toBeGreaterThanOrEqual(1);
    expect(lowered.optimizedJaxpr.toString()).toMatch(/^\{ lambda \w+:f32\[3\]; /);
  });

  it("does not run f's program: no debug.print output", () => {
    const lines: string[] = [];
    debug.setPrintSink((l) => lines.push(l));
    try {
      const lowered = jit((x: Array) => {
        debug.print("ran {}", x);
        return x;
      }).lower(f32([1]));
      expect(lines).toEqual([]);
      expect(lowered.optimizedJaxpr.toString()).toContain("debug_callback");
    } finally {
      debug.setPrintSink(null);
    }
  });

  it("works for functions of no arguments and with several outputs", () => {
    const lowered = jit(() => [np.arange(3), np.ones([2])]).lower();
    expect(lowered.jaxpr.jaxpr.invars.length).toBe(0);
    expect(lowered.jaxpr.jaxpr.outvars.length).toBe(2);
    expect(lowered.source.startsWith("function program() {")).toBe(true);
  });
});
