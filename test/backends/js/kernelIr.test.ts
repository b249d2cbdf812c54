// The kernel IR of fused groups (backends/kernelIr): its structural helpers, the JS render table,
// and the evaluator that runs a group without generating code. Every fused-group case here runs
// through both the generated kernel and the evaluator, which must agree bit for bit (float32
// rounding nodes, int32/uint32 wrapping, runtime helpers, every loop shape: broadcasts, transposes,
// register and array reductions, four-lane full reductions, empty groups). Then jitted programs run
// with the evaluator forced against eager execution, and a child process whose Node forbids code
// generation (as a strict Content Security Policy does) imports the library and picks the evaluator.
import { execFile } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { DType, NarrowDType, ReduceName, TypedArray } from "../../../jaxpr/index.js";
import { BINARY_ELEMENTWISE, ShapedArray, UNARY_ELEMENTWISE, castScalar } from "../../../jaxpr/index.js";
import type { KernelExpr } from "../../../backends/kernelIr/index.js";
import { countOps, ir, namesRead, readsOf, renameRegisters } from "../../../backends/kernelIr/index.js";
import { renderJs } from "../../../backends/js/fusion/renderJs.js";
import { emitGroupKernel, type GroupSpec } from "../../../backends/js/fusion/groupKernel.js";
import { setFusedGroupEvaluation } from "../../../backends/js/fusion/evaluateGroup.js";
import { numpy as np, lax, jit } from "../../../src/index.js";
import type { Array } from "../../../src/index.js";

afterEach(() => setFusedGroupEvaluation("auto"));

const CTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array, complex64: Float32Array, complex128: Float64Array, int8: Int8Array, int16: Int16Array, uint8: Uint8Array, uint16: Uint16Array, int2: Int8Array, int4: Int8Array, uint2: Uint8Array, uint4: Uint8Array, float16: Float32Array, bfloat16: Float32Array, float8_e4m3fn: Float32Array, float8_e4m3fnuz: Float32Array, float8_e5m2: Float32Array, float8_e5m2fnuz: Float32Array } as const;
const DTYPES: Exclude<DType, "complex64" | "complex128" | NarrowDType>[] = ["float32", "float64", "int32", "uint32", "bool"];

/** 16 values per dtype, edge cases first (signed zeros, NaN, infinities, 32-bit limits, float32 rounding). */
// Complex values never reach kernels (lowerComplex turns them into real pairs first).
const SAMPLES: Record<Exclude<DType, "complex64" | "complex128" | NarrowDType>, number[]> = {
  float32: [0, -0, 1, -1, 0.7, -2.5, 1e-7, 3.4e38, NaN, Infinity, -Infinity, 7, 2 ** 31 + 5000, -(2 ** 31) - 5000, 0.1, 33.5],
  float64: [0, -0, 1, -1, 0.7, -2.5, 1e-300, 1.7e308, NaN, Infinity, -Infinity, 7, 2 ** 33 + 0.5, -(2 ** 32) - 1, 0.1, 33.5],
  int32: [0, 1, -1, 2147483647, -2147483648, 7, -7, 3, 31, 32, 33, -33, 65536, 46341, 100000, 5],
  uint32: [0, 1, 4294967295, 2147483648, 7, 3, 31, 32, 33, 65536, 46341, 100000, 5, 2, 4294967294, 12],
  bool: [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0],
};

const sample = (d: Exclude<DType, "complex64" | "complex128" | NarrowDType>, rotate = 0): TypedArray => {
  const v = SAMPLES[d];
  return CTORS[d].from(v.map((_, i) => castScalar(v[(i + rotate) % v.length]!, d)));
};

interface Case {
  readonly spec: GroupSpec;
  readonly inputs: readonly TypedArray[];
}

/** Runs `c` generated and evaluated; returns both kernels' outputs. */
function runBoth(c: Case): [TypedArray[], TypedArray[]] {
  const outputs = (): TypedArray[] => [...c.spec.stores.map((s) => new CTORS[s.aval.dtype](s.aval.size)), ...c.spec.reductions.map((r) => new CTORS[r.out.dtype](r.out.size))];
  const run = (mode: "generate" | "evaluate"): TypedArray[] => {
    setFusedGroupEvaluation(mode);
    const kernel = emitGroupKernel(c.spec);
    expect(kernel.source.includes("run by the kernel IR evaluator")).toBe(mode === "evaluate");
    return kernel.run(...c.inputs.map((a) => a.slice()), ...outputs()) as TypedArray[];
  };
  return [run("generate"), run("evaluate")];
}

const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function expectSameResults(c: Case, what: string): void {
  const [gen, ev] = runBoth(c);
  gen.forEach((g, i) => {
    const bad = [...g].findIndex((v, k) => !same(v, ev[i]![k]!));
    expect(bad, `${what}: output ${i} element ${bad}: generated ${g[bad]}, evaluated ${ev[i]![bad]}`).toBe(-1);
  });
}

/** A [4, 4] group storing `expr` over loads from `inputs` (load k reads input k, transposed where `transposed` says). */
function storeCase(expr: KernelExpr, inputs: readonly TypedArray[], transposed: readonly boolean[] = []): Case {
  const loads = inputs.map((_, k) => ({ input: k, view: { offset: 0, strides: transposed[k] ? [1, 4] : [4, 1] } }));
  const spec: GroupSpec = {
    name: "g",
    shape: [4, 4],
    numInputs: inputs.length,
    loads,
    statements: [{ reg: "t0", expr }],
    stores: [{ reg: "t0", aval: new ShapedArray([4, 4], expr.dtype) }],
    reductions: [],
  };
  return { spec, inputs };
}

describe("kernel IR structure", () => {
  const x0 = ir.load(0, "float32");
  const t1 = ir.reg("t1", "float32");
  const e = ir.binary("add", ir.unary("exp", x0), ir.roundFloat32(ir.binary("mul", t1, ir.constant(0.1, "float32"))));

  it("readsOf / namesRead list the loads and registers read, once each", () => {
    expect(readsOf(ir.binary("mul", e, e))).toEqual({ registers: ["t1"], loads: [0] });
    expect(namesRead(e)).toEqual(["x0", "t1"]);
  });

  it("renameRegisters replaces leaves and keeps untouched subtrees shared", () => {
    const renamed = renameRegisters(e, (leaf) => (leaf.kind === "reg" ? ir.reg("t9", leaf.dtype) : leaf));
    expect(renderJs(renamed)).toBe("Math.exp(x0) + Math.fround((t9 * 0.10000000149011612))");
    expect(renamed.kind === "binary" && e.kind === "binary" && renamed.a === e.a).toBe(true);
  });

  it("countOps counts operations, not leaves", () => {
    expect(countOps(e)).toBe(4);
    expect(countOps(e, (n) => (n.kind === "unary" && n.op === "exp" ? 12 : 0))).toBe(12);
  });

  it("renders readable JS through the elementwise rows", () => {
    expect(renderJs(ir.unary("tanh", x0))).toBe("Math.tanh(x0)");
    expect(renderJs(ir.binary("add", ir.load(0, "int32"), ir.constant(-3, "int32")))).toBe("((x0 + -3) | 0)");
    expect(renderJs(ir.convert(ir.roundFloat32(t1), "int32"))).toBe("h.toInt32(Math.fround(t1))");
    expect(renderJs(ir.select(ir.load(1, "bool"), [x0, t1]))).toBe("(x1 === 0 ? x0 : t1)");
  });
});

describe("generated and evaluated fused groups agree bit for bit", () => {
  it("every unary primitive on every dtype", () => {
    for (const d of DTYPES) {
      for (const op of UNARY_ELEMENTWISE) {
        const params =
          op === "integer_pow"
            ? [0, 1, 2, 3, 8, 9, -2, -9].map((y) => ({ y }))
            : op === "round"
              ? [{ roundingMethod: 0 }, { roundingMethod: 1 }]
              : op === "reduce_precision"
                ? [{ exponentBits: 8, mantissaBits: 7 }, { exponentBits: 5, mantissaBits: 10 }, { exponentBits: 2, mantissaBits: 0 }]
                : [{}];
        for (const p of params) expectSameResults(storeCase(ir.unary(op, ir.load(0, d), p), [sample(d)]), `${op} ${JSON.stringify(p)} ${d}`);
      }
    }
  });

  it("every binary primitive on every dtype, one operand transposed", () => {
    for (const d of DTYPES) {
      for (const op of BINARY_ELEMENTWISE) {
        expectSameResults(storeCase(ir.binary(op, ir.load(0, d), ir.load(1, d)), [sample(d), sample(d, 5)], [false, true]), `${op} ${d}`);
        expectSameResults(storeCase(ir.binary(op, ir.load(0, d), ir.constant(3, d)), [sample(d)]), `${op} ${d} with a constant`);
      }
    }
  });

  it("conversions, bitcasts, selects, clamps and float32 rounding", () => {
    for (const from of DTYPES) {
      for (const to of DTYPES) {
        expectSameResults(storeCase(ir.convert(ir.load(0, from), to), [sample(from)]), `convert ${from} -> ${to}`);
        const bits32 = (d: DType): boolean => d === "float32" || d === "int32" || d === "uint32";
        if (bits32(from) && bits32(to)) expectSameResults(storeCase(ir.bitcast(ir.load(0, from), to), [sample(from)]), `bitcast ${from} -> ${to}`);
      }
      const [a, b] = [ir.load(1, from), ir.load(2, from)];
      expectSameResults(storeCase(ir.select(ir.load(0, "bool"), [a, b]), [sample("bool"), sample(from), sample(from, 3)]), `select ${from}`);
      const which = ir.binary("rem", ir.load(0, "int32"), ir.constant(3, "int32"));
      expectSameResults(storeCase(ir.select(which, [a, b, ir.constant(2, from)]), [sample("int32"), sample(from), sample(from, 3)]), `select_n of 3 ${from}`);
      expectSameResults(storeCase(ir.clamp(ir.constant(-1, from), a, b), [sample("bool"), sample(from), sample(from, 3)]), `clamp ${from}`);
    }
    // float32 chains keep excess precision; a round node gives the float32 value, as the generated Math.fround does.
    const x = ir.load(0, "float32");
    const chain = ir.binary("mul", ir.binary("add", x, ir.constant(0.1, "float32")), ir.constant(10, "float32"));
    expectSameResults(storeCase(ir.unary("floor", ir.roundFloat32(chain)), [sample("float32")]), "floor of a rounded chain");
    expectSameResults(storeCase(ir.convert(chain, "float64"), [sample("float32")]), "widened unrounded chain");
  });

  /** A group over `shape` reading input 0 (row-major), computing t0 = x0 * 1.5 + 1 and t1 = -x0, reducing them. */
  function reductionCase(shape: number[], dtype: Exclude<DType, "complex64" | "complex128" | NarrowDType>, reductions: { prim: ReduceName; reg: string; axes: number[] }[], store = false): Case {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = ir.load(0, dtype);
    const scaled = ir.binary("add", ir.binary("mul", x, ir.constant(dtype === "bool" ? 1 : 3, dtype)), ir.constant(1, dtype));
    const rowMajor = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
    const input = CTORS[dtype].from(globalThis.Array.from({ length: size }, (_, i) => castScalar(SAMPLES[dtype][i % 16]! * (dtype === "bool" ? 1 : 1 + i / 7), dtype)));
    const spec: GroupSpec = {
      name: "r",
      shape,
      numInputs: 1,
      loads: [{ input: 0, view: { offset: 0, strides: rowMajor } }],
      statements: [
        { reg: "t0", expr: scaled },
        { reg: "t1", expr: ir.unary("neg", x) },
      ],
      stores: store ? [{ reg: "t0", aval: new ShapedArray(shape, dtype) }] : [],
      reductions: reductions.map((r) => ({ prim: r.prim, operand: r.reg, axes: r.axes, dtype, out: new ShapedArray(shape.filter((_, k) => !r.axes.includes(k)), dtype) })),
    };
    return { spec, inputs: [input] };
  }

  it("reductions: full (four lanes, with a remainder), trailing (registers), leading (arrays), several at once, empty", () => {
    for (const dtype of ["float32", "float64", "int32", "uint32"] as const) {
      const finite = (prim: ReduceName): boolean => dtype !== "float32" && dtype !== "float64" ? true : prim !== "reduce_and" && prim !== "reduce_or";
      const prims = (["reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "reduce_and", "reduce_or"] as const).filter(finite);
      for (const prim of prims) {
        for (const n of [1, 3, 4, 7, 17]) expectSameResults(reductionCase([n], dtype, [{ prim, reg: "t0", axes: [0] }]), `${prim} ${dtype} full over ${n}`);
        expectSameResults(reductionCase([3, 5], dtype, [{ prim, reg: "t0", axes: [1] }], true), `${prim} ${dtype} trailing`);
        expectSameResults(reductionCase([3, 5], dtype, [{ prim, reg: "t1", axes: [0] }]), `${prim} ${dtype} leading`);
        expectSameResults(reductionCase([2, 3, 4], dtype, [{ prim, reg: "t0", axes: [0, 2] }]), `${prim} ${dtype} middle kept`);
      }
      expectSameResults(
        reductionCase([4, 6], dtype, [
          { prim: "reduce_sum", reg: "t0", axes: [1] },
          { prim: "reduce_max", reg: "t1", axes: [1] },
          { prim: "reduce_min", reg: "x0", axes: [0] },
          { prim: "reduce_sum", reg: "t1", axes: [0, 1] },
        ], true),
        `several reductions ${dtype}`,
      );
      expectSameResults(reductionCase([0, 3], dtype, [{ prim: "reduce_max", reg: "t0", axes: [0] }, { prim: "reduce_sum", reg: "t1", axes: [1] }]), `empty ${dtype}`);
    }
    for (const prim of ["reduce_and", "reduce_or", "reduce_max", "reduce_min"] as const) {
      expectSameResults(reductionCase([5, 3], "bool", [{ prim, reg: "x0", axes: [1] }]), `${prim} bool`);
    }
  });

  it("broadcast (stride 0), offset and reversed loads", () => {
    const x = ir.load(0, "float32");
    const y = ir.load(1, "float32");
    const spec: GroupSpec = {
      name: "b",
      shape: [3, 4],
      numInputs: 2,
      loads: [
        { input: 0, view: { offset: 2, strides: [0, 1] } },
        { input: 1, view: { offset: 11, strides: [-4, -1] } },
      ],
      statements: [{ reg: "t0", expr: ir.binary("atan2", x, y) }],
      stores: [{ reg: "t0", aval: new ShapedArray([3, 4], "float32") }],
      reductions: [{ prim: "reduce_sum", operand: "t0", axes: [0], dtype: "float32", out: new ShapedArray([4], "float32") }],
    };
    expectSameResults({ spec, inputs: [sample("float32"), sample("float32", 7)] }, "broadcast and reversed views");
  });
});

describe("jitted programs with the evaluator forced agree with eager execution", () => {
  const bits = (a: Array): number[] => globalThis.Array.from(a.dataSync() as ArrayLike<number>);
  const f32 = (shape: number[], seed: number): Array =>
    np.array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7 + seed) * 3), { shape, dtype: "float32" });

  /** `f` jitted afresh (so it compiles now) with the evaluator, against eager; also generated code, which must give the same bits. */
  function expectEvaluatedLikeEager(f: (...xs: Array[]) => Array, xs: Array[], tol = 0): void {
    const eager = bits(f(...xs));
    setFusedGroupEvaluation("evaluate");
    const lowered = jit((...a: Array[]) => f(...a)).lower(...xs);
    expect(lowered.source).toContain("run by the kernel IR evaluator");
    const evaluated = bits(jit((...a: Array[]) => f(...a))(...xs));
    setFusedGroupEvaluation("generate");
    const generated = bits(jit((...a: Array[]) => f(...a))(...xs));
    expect(evaluated).toEqual(generated);
    evaluated.forEach((v, i) => expect(Math.abs(v - eager[i]!), `element ${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(eager[i]!))));
  }

  it("an elementwise chain with a reduction", () => {
    const f = (x: Array): Array => np.sum(np.subtract(np.multiply(np.tanh(np.add(np.multiply(x, 0.7), -0.2)), x), np.exp(np.negative(np.multiply(x, x)))));
    expectEvaluatedLikeEager(f, [f32([1000], 1)], 1e-5);
  });

  it("broadcasts and reductions along either axis", () => {
    const f = (x: Array, b: Array): Array => np.add(np.max(np.add(x, b), 0), np.sum(np.multiply(x, b), 1));
    expectEvaluatedLikeEager(f, [f32([6, 6], 2), f32([6], 3)], 1e-5);
    expectEvaluatedLikeEager((x: Array) => np.mean(np.square(x), 0), [f32([5, 7], 4)], 1e-6);
  });

  it("select, comparisons and converts (bit exact: float32 rounding where eager rounds)", () => {
    const f = (x: Array): Array => np.where(np.greater(np.multiply(x, 10), 7), np.floor(np.multiply(x, 10)), np.astype(np.astype(np.multiply(x, 3), "int32"), "float32"));
    expectEvaluatedLikeEager(f, [f32([64], 5)]);
    expectEvaluatedLikeEager((x: Array) => np.astype(np.astype(x, "float64").mul(1.5), "float32"), [f32([9], 6)]);
  });

  it("int32 arithmetic wraps around as eager's", () => {
    const big = np.array([2147483647, -2147483648, 123456789, 65536, -7, 46341], { dtype: "int32" });
    expectEvaluatedLikeEager((x: Array) => np.add(np.multiply(x, x), np.multiply(x, 3)), [big]);
    expectEvaluatedLikeEager((x: Array) => lax.shiftLeft(np.add(x, 1), np.array(3, { dtype: "int32" })), [big]);
    expectEvaluatedLikeEager((x: Array) => np.sum(np.multiply(x, 65537)), [big]);
  });
});

describe("where code generation is forbidden", () => {
  it("the library imports, fused groups pick the evaluator, eager elementwise ops run (Node's --disallow-code-generation-from-strings)", async () => {
    const root = pathToFileURL(path.resolve(__dirname, "../../..") + path.sep).href;
    const script = `
      const lib = (f) => import(new URL(f, ${JSON.stringify(root)}).href);
      const dp = await lib("src/index.ts");
      const eager = Array.from(dp.numpy.add(dp.numpy.tanh(dp.numpy.array([0, 1, 2], { dtype: "float32" })), 1).dataSync());
      const { ir } = await lib("backends/kernelIr/index.ts");
      const { emitGroupKernel } = await lib("backends/js/fusion/groupKernel.ts");
      const { canGenerateCode } = await lib("backends/js/fusion/evaluateGroup.ts");
      const x = ir.load(0, "float32");
      const k = emitGroupKernel({ name: "g", shape: [3], numInputs: 1, loads: [{ input: 0, view: { offset: 0, strides: [1] } }],
        statements: [{ reg: "t0", expr: ir.unary("exp", x) }], stores: [], reductions: [{ prim: "reduce_sum", operand: "t0", axes: [0], dtype: "float32", out: { shape: [], dtype: "float32", size: 1 } }] });
      const [s] = k.run(Float32Array.from([0, 1, 2]), new Float32Array(1));
      console.log(JSON.stringify({ canGenerateCode: canGenerateCode(), sum: s[0], eager }));`;
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "-e", script], { cwd: path.resolve(__dirname, "../../.."), timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    const result = JSON.parse(out.trim().split("\n").pop()!) as { canGenerateCode: boolean; sum: number; eager: number[] };
    expect(result.canGenerateCode).toBe(false);
    expect(result.sum).toBe(Math.fround(1 + Math.E + Math.exp(2)));
    expect(result.eager).toEqual([0, 1, 2].map((v) => Math.fround(Math.fround(Math.tanh(Math.fround(v))) + 1)));
  }, 90_000);
});
