// Complex numbers (issue 23): dtypes and promotion, storage and construction, elementwise ops,
// reductions and products, printing, eager = jit (twice), vmap = loop, and autodiff with JAX's
// conventions. Reference values from JAX 0.10.2 with x64 (test/complex/jax-values.json,
// test/complex/jax-promotion.json: jnp.result_type over every pair, weak Python int/float/complex).
import { describe, expect, it } from "vitest";
import { numpy as np, lax, jit, vmap, grad, valueAndGrad, jacfwd, jacrev, jvp, testUtil } from "../../src/index.js";
import type { Array, Complex } from "../../src/index.js";
import { promoteTypes } from "../../jaxpr/index.js";
import type { DType } from "../../jaxpr/index.js";
import JAX from "./jax-values.json";
import PROMOTION from "./jax-promotion.json";

type Values = (number | [number, number])[];
const jaxValues = JAX as unknown as Record<string, Values>;

const c128 = (xs: readonly [number, number][]): Array => np.array(xs.map(([re, im]) => ({ re, im })), { dtype: "complex128" });
const Z = c128([
  [1, 2],
  [3, -1],
  [-0.5, 0.25],
]);
const W = c128([
  [0.5, -1],
  [-2, 0.5],
  [1.5, 1.5],
]);

/** Flattened values of an array: [re, im] pairs for complex, numbers otherwise. */
function flat(x: Array): Values {
  const out: Values = [];
  const walk = (v: unknown): void => {
    if (globalThis.Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) out.push([(v as Complex).re, (v as Complex).im]);
    else out.push(v as number);
  };
  walk(x.tolist());
  return out;
}

function expectClose(actual: Values, expected: Values, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    const [ar, ai] = typeof a === "number" ? [a, 0] : a;
    const [er, ei] = typeof e === "number" ? [e, 0] : e;
    const scale = Math.max(1, Math.abs(er), Math.abs(ei));
    expect(Math.abs(ar - er)).toBeLessThanOrEqual(tol * scale);
    expect(Math.abs(ai - ei)).toBeLessThanOrEqual(tol * scale);
  });
}

describe("complex dtypes: promotion", () => {
  const concrete: DType[] = ["bool", "int32", "uint32", "float32", "float64", "complex64", "complex128"];
  const weak: Record<string, { dtype: DType; weakType: boolean }> = {
    "i*": { dtype: "int32", weakType: true },
    "f*": { dtype: "float32", weakType: true },
    "c*": { dtype: "complex64", weakType: true },
  };
  const typed = (k: string): { dtype: DType; weakType: boolean } => weak[k] ?? { dtype: k as DType, weakType: false };
  it("jnp.result_type over every pair, weak Python int/float/complex included (JAX 0.10.2, x64)", () => {
    let checked = 0;
    for (const [key, want] of Object.entries(PROMOTION as Record<string, string>)) {
      const [a, b] = key.split("|") as [string, string];
      // int32 with uint32 is int64 in JAX x64; dprog has no int64 and canonicalises to int32, as JAX without x64.
      if (want === "int64") continue;
      const r = promoteTypes(typed(a), typed(b));
      // A Python scalar alone keeps its JAX x64 default width (int64/float64/complex128); dprog's weak defaults are 32-bit.
      // JAX x64's Python scalars default to float64/complex128; dprog's weak defaults are 32-bit (JAX
      // without x64), so a 64-bit result that no strong 64-bit operand asked for is its 32-bit twin.
      const wide = (k: string): boolean => k === "float64" || k === "complex128";
      const expected = wide(a) || wide(b) ? want : ({ float64: "float32", complex128: "complex64" } as Record<string, string>)[want] ?? want;
      expect(`${key} -> ${r.dtype}`).toBe(`${key} -> ${expected}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(80);
  });
  it("weak complex with floats: f32 -> c64, f64 -> c128; complex64 with float64 is complex128", () => {
    expect(promoteTypes({ dtype: "float32", weakType: false }, weak["c*"]!)).toEqual({ dtype: "complex64", weakType: false });
    expect(promoteTypes({ dtype: "float64", weakType: false }, weak["c*"]!)).toEqual({ dtype: "complex128", weakType: false });
    expect(promoteTypes({ dtype: "complex64", weakType: false }, { dtype: "float64", weakType: false })).toEqual({ dtype: "complex128", weakType: false });
    expect(np.add(np.complex64(1, 1), np.array([1], { dtype: "float64" })).dtype).toBe("complex128");
    expect(np.add(np.complex64(1, 1), 2).dtype).toBe("complex64");
  });
});

describe("weak complex scalars: { re, im } as an operand (JAX's Python complex, c*)", () => {
  it("adopts the array's precision: with float32 complex64, with float64 complex128", () => {
    const z = np.array([{ re: 1, im: 2 }, { re: 3, im: -1 }]);
    expect(np.add(z, { re: 1, im: 2 }).tolist()).toEqual([{ re: 2, im: 4 }, { re: 4, im: 1 }]);
    expect(np.multiply(np.array([1, 2]), { re: 0, im: 1 }).dtype).toBe("complex64");
    expect(np.multiply(np.array([1, 2], { dtype: "float64" }), { re: 0, im: 1 }).dtype).toBe("complex128");
    expect(z.mul({ re: 0, im: 1 }).tolist()).toEqual([{ re: -2, im: 1 }, { re: 1, im: 3 }]);
    expect(np.array({ re: 1, im: 1 }).weakType).toBe(true);
    expect(np.array({ re: 1, im: 1 }).toString()).toBe("Array(1.+1.j, dtype=complex64, weak_type=True)");
    expect(np.where(np.array([true, false]), z, { re: 9, im: 9 }).tolist()).toEqual([{ re: 1, im: 2 }, { re: 9, im: 9 }]);
  });
  it("works under jit, vmap and grad", () => {
    const z = np.array([{ re: 1, im: 2 }, { re: 3, im: -1 }]);
    const rot = (a: Array): Array => np.multiply(a, { re: 0, im: 1 });
    expect(jit(rot)(z).tolist()).toEqual(rot(z).tolist());
    expect(vmap(rot)(z).tolist()).toEqual(rot(z).tolist());
    // d/dx real((x + i)^2) = 2x.
    expect(grad((x: Array) => np.real(np.square(np.add(x, { re: 0, im: 1 }))))(np.float64(1.5)).item()).toBe(3);
  });
});

describe("complex arrays: storage, construction, reading back, printing", () => {
  it("stores interleaved (re, im) with element counts and shapes of the complex array", () => {
    const x = np.array([[{ re: 1, im: 2 }, 3], [{ re: -1, im: 0.5 }, { re: 0, im: -4 }]]);
    expect(x.dtype).toBe("complex64");
    expect(x.shape).toEqual([2, 2]);
    expect(x.size).toBe(4);
    expect(x.itemsize).toBe(8);
    expect(x.nbytes).toBe(32);
    expect(x.dataSync()).toEqual(new Float32Array([1, 2, 3, 0, -1, 0.5, 0, -4]));
    expect(x.tolist()).toEqual([
      [{ re: 1, im: 2 }, { re: 3, im: 0 }],
      [{ re: -1, im: 0.5 }, { re: 0, im: -4 }],
    ]);
    expect(np.complex128(1.5, -2).item<Complex>()).toEqual({ re: 1.5, im: -2 });
    expect(np.complex64(np.array([1, 2])).tolist()).toEqual([{ re: 1, im: 0 }, { re: 2, im: 0 }]);
    expect(lax.complex(np.array([1, 2]), np.array([3, 4])).tolist()).toEqual([{ re: 1, im: 3 }, { re: 2, im: 4 }]);
    expect(np.zeros([2], { dtype: "complex128" }).tolist()).toEqual([{ re: 0, im: 0 }, { re: 0, im: 0 }]);
  });
  it("prints as JAX (numpy's complex format)", () => {
    expect(np.array([{ re: 1, im: 2 }], { dtype: "complex64" }).toString()).toBe("Array([1.+2.j], dtype=complex64)");
    expect(np.complex64(1, 2).toString()).toBe("Array(1.+2.j, dtype=complex64)");
    expect(np.array([{ re: 1, im: 2 }, { re: 3, im: -1 }]).toString()).toBe("Array([1.+2.j, 3.-1.j], dtype=complex64)");
    // Values from JAX 0.10.2: repr(jnp.array([[1+2j, 0], [1.5, -2.25j]], dtype=jnp.complex128)).
    expect(np.array([[{ re: 1, im: 2 }, 0], [1.5, { re: -0, im: -2.25 }]], { dtype: "complex128" }).toString()).toBe(
      "Array([[ 1. +2.j  ,  0. +0.j  ],\n       [ 1.5+0.j  , -0. -2.25j]], dtype=complex128)",
    );
  });
  it("rejects complex data for a real dtype and ordering comparisons (JAX's TypeError)", () => {
    expect(() => np.array([{ re: 1, im: 2 }], { dtype: "float32" })).toThrow(TypeError);
    expect(() => lax.lt(np.complex64(1, 2), np.complex64(1, 2))).toThrow("lt does not accept dtype complex64");
    expect(() => lax.rem(np.complex64(1, 2), np.complex64(1, 2))).toThrow(TypeError);
    expect(() => lax.floor(np.complex64(1, 2))).toThrow("floor does not accept dtype complex64");
  });
  it("np.iscomplexobj, isrealobj, iscomplex, isreal", () => {
    const z = np.array([{ re: 1, im: 0 }, { re: 1, im: 1 }]);
    expect(np.iscomplexobj(z)).toBe(true);
    expect(np.isrealobj(z)).toBe(false);
    expect(np.iscomplexobj(np.array([1]))).toBe(false);
    expect(np.iscomplex(z).tolist()).toEqual([false, true]);
    expect(np.isreal(z).tolist()).toEqual([true, false]);
    expect(np.isreal(np.array([1, 2])).tolist()).toEqual([true, true]);
  });
});

const UNARY: [string, (x: Array) => Array][] = [
  ["exp", np.exp], ["log", np.log], ["sqrt", np.sqrt], ["sin", np.sin], ["cos", np.cos], ["tan", np.tan],
  ["sinh", np.sinh], ["cosh", np.cosh], ["tanh", np.tanh], ["expm1", np.expm1], ["log1p", np.log1p],
  ["abs", np.abs], ["sign", np.sign], ["square", np.square], ["reciprocal", np.reciprocal], ["negative", np.negative],
  ["real", np.real], ["imag", np.imag], ["conj", np.conj], ["angle", np.angle], ["rsqrt", lax.rsqrt],
  ["integer_pow3", (x) => lax.integerPow(x, 3)], ["integer_pow-2", (x) => lax.integerPow(x, -2)],
  ["sum", (x) => np.sum(x)], ["prod", (x) => np.prod(x)], ["mean", (x) => np.mean(x)],
];
const BINARY: [string, (x: Array, y: Array) => Array][] = [
  ["add", np.add], ["subtract", np.subtract], ["multiply", np.multiply], ["divide", np.divide], ["power", np.power],
];

describe("complex ops against JAX 0.10.2 (complex128), eager and jit (called twice)", () => {
  for (const [name, f] of UNARY) {
    it(name, () => {
      expectClose(flat(f(Z)), jaxValues[name]!, 1e-13);
      const jf = jit(f);
      expectClose(flat(jf(Z)), jaxValues[name]!, 1e-13);
      expectClose(flat(jf(Z)), jaxValues[name]!, 1e-13);
    });
  }
  for (const [name, f] of BINARY) {
    it(name, () => {
      expectClose(flat(f(Z, W)), jaxValues[name]!, 1e-13);
      const jf = jit(f);
      expectClose(flat(jf(Z, W)), jaxValues[name]!, 1e-13);
      expectClose(flat(jf(Z, W)), jaxValues[name]!, 1e-13);
    });
  }
  const A = c128([[1, 1], [2, -1], [0, 0.5], [-1, 0]]).reshape([2, 2]);
  const B = c128([[2, -1], [0, 1], [1, 0], [3, 2]]).reshape([2, 2]);
  it("matmul and einsum (four real GEMMs)", () => {
    expectClose(flat(np.matmul(A, B)), jaxValues["matmul"]!);
    expectClose(flat(jit(np.matmul)(A, B)), jaxValues["matmul"]!);
    expectClose(flat(np.einsum("ij,jk->ik", A, B)), jaxValues["einsum"]!);
  });
  it("hand-computed values: (1+2i)(3-i) = 5+5i, (1+2i)/(1-i) = -0.5+1.5i, exp(iπ) = -1, sqrt(-4) = 2i", () => {
    expectClose(flat(np.multiply(np.complex128(1, 2), np.complex128(3, -1))), [[5, 5]]);
    expectClose(flat(np.divide(np.complex128(1, 2), np.complex128(1, -1))), [[-0.5, 1.5]]);
    expectClose(flat(np.exp(np.complex128(0, Math.PI))), [[-1, 0]], 1e-15);
    expectClose(flat(np.sqrt(np.complex128(-4, 0))), [[0, 2]]);
    expectClose(flat(np.abs(np.complex128(3, -4))), [5]);
    expectClose(flat(np.sign(np.complex128(0, 0))), [[0, 0]]);
  });
  it("comparisons, select, structural ops and conversions work on complex", () => {
    const z = np.array([{ re: 1, im: 2 }, { re: 3, im: -1 }, { re: 0, im: 0 }]);
    expect(np.equal(z, np.complex64(3, -1)).tolist()).toEqual([false, true, false]);
    expect(np.notEqual(z, z).tolist()).toEqual([false, false, false]);
    expect(np.where(np.array([true, false, true]), z, np.complex64(9, 9)).tolist()).toEqual([{ re: 1, im: 2 }, { re: 9, im: 9 }, { re: 0, im: 0 }]);
    expect(z.get("::-1").tolist()).toEqual([{ re: 0, im: 0 }, { re: 3, im: -1 }, { re: 1, im: 2 }]);
    expect((np.concatenate([z, z.get(np.array([0], { dtype: "int32" }))]).tolist() as Complex[])[3]).toEqual({ re: 1, im: 2 });
    expect(np.reshape(z, [3, 1]).T.shape).toEqual([1, 3]);
    expect(np.broadcastTo(np.complex64(1, -1), [2]).tolist()).toEqual([{ re: 1, im: -1 }, { re: 1, im: -1 }]);
    expect((z.at(1).set(np.complex64(5, 5)).tolist() as Complex[])[1]).toEqual({ re: 5, im: 5 });
    expect(z.astype("float32").tolist()).toEqual([1, 3, 0]);
    expect(np.array([1, 2]).astype("complex128").tolist()).toEqual([{ re: 1, im: 0 }, { re: 2, im: 0 }]);
    expect(np.cumsum(z).tolist()).toEqual([{ re: 1, im: 2 }, { re: 4, im: 1 }, { re: 4, im: 1 }]);
  });
});

describe("complex under vmap and jit", () => {
  const f = (z: Array, w: Array): Array => np.sum(np.multiply(np.exp(z), np.conj(w)));
  it("vmap equals a loop over examples", () => {
    const zs = np.stack([Z, W, np.multiply(Z, W)]);
    const ws = np.stack([W, Z, Z]);
    const batched = flat(vmap(f)(zs, ws));
    const looped = [0, 1, 2].flatMap((i) => flat(f(zs.get(i), ws.get(i))));
    expectClose(batched, looped);
    expectClose(flat(jit(vmap(f))(zs, ws)), looped);
  });
  it("scan carries a complex value (rotation by i, four times, is the identity)", () => {
    const [carry] = lax.scan((c: Array, _x: Array) => [np.multiply(c, np.complex128(0, 1)), c] as const, np.complex128(2, 1), np.zeros([4]));
    expectClose(flat(carry), [[2, 1]], 1e-15);
  });
});

describe("complex autodiff with JAX's conventions (values from JAX 0.10.2)", () => {
  it("grad of a real function of complex input is JAX's (conjugate) cotangent", () => {
    const z34 = np.complex128(3, 4);
    expectClose(flat(grad((z: Array) => np.square(np.abs(z)))(z34)), jaxValues["grad_abs2"]!);
    expectClose(flat(grad((z: Array) => np.abs(z))(z34)), jaxValues["grad_abs"]!);
    expectClose(flat(grad((z: Array) => np.real(np.multiply(z, np.complex128(2, -1))))(np.complex128(1, 1))), jaxValues["grad_real_mul"]!);
    expectClose(flat(grad((z: Array) => np.imag(np.exp(z)))(np.complex128(0.5, 0.3))), jaxValues["grad_imag_exp"]!);
    expectClose(flat(grad((z: Array) => np.sum(np.square(np.abs(np.sin(z)))))(Z)), jaxValues["grad_sum_abs_sq_vec"]!);
    const g = grad((x: Array, y: Array) => np.abs(np.square(lax.complex(x, y))), { argnums: [0, 1] })(np.float64(1.5), np.float64(-0.5));
    expectClose([...flat(g[0]), ...flat(g[1])], jaxValues["grad_complex_parts"]!);
  });
  it("holomorphic=True for grad, jacfwd, jacrev", () => {
    expectClose(flat(grad((z: Array) => np.multiply(z, z), { holomorphic: true })(np.complex128(1.5, 2))), jaxValues["grad_holo_sq"]!);
    expectClose(flat(grad((z: Array) => np.sin(z), { holomorphic: true })(np.complex128(0.5, -0.7))), jaxValues["grad_holo_sin"]!);
    const x = c128([[1, 1], [2, -0.5]]);
    expectClose(flat(jacfwd((z: Array) => np.power(z, 3), { holomorphic: true })(x)), jaxValues["jacfwd_holo"]!, 1e-12);
    expectClose(flat(jacrev((z: Array) => np.exp(z), { holomorphic: true })(x)), jaxValues["jacrev_holo"]!, 1e-12);
    const [v] = valueAndGrad((z: Array) => np.multiply(z, z), { holomorphic: true })(np.complex128(1, 1));
    expectClose(flat(v), [[0, 2]]);
  });
  it("JAX's TypeErrors: complex output without holomorphic, holomorphic with real input or output", () => {
    expect(() => grad((z: Array) => np.multiply(z, z))(np.complex64(1, 1))).toThrow(
      "grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got complex64. For holomorphic differentiation, pass holomorphic=True.",
    );
    expect(() => grad((z: Array) => z, { holomorphic: true })(np.float32(1))).toThrow("grad with holomorphic=True requires inputs with complex dtype, but got float32.");
    expect(() => grad((z: Array) => np.abs(z), { holomorphic: true })(np.complex64(1, 1))).toThrow("grad with holomorphic=True requires outputs with complex dtype, but got float32.");
    expect(() => jacfwd((z: Array) => z)(np.complex64(1, 1))).toThrow("jacfwd requires real-valued inputs");
  });
  it("jvp of log equals JAX's", () => {
    const [, t] = jvp((z: Array) => np.log(z), [Z], [W]);
    expectClose(flat(t), jaxValues["jvp_log"]!);
  });
  it("second order: grad of grad of a real function of a complex parameter's parts", () => {
    // h(x) = |exp((x + 2i) x)|^2 = exp(2 x^2): h'' = (4 + 16 x^2) exp(2 x^2).
    const h = (x: Array): Array => np.square(np.abs(np.exp(np.multiply(lax.complex(x, np.multiply(x, 0).add(2)), lax.complex(x, np.multiply(x, 0))))));
    const x = 0.3;
    expectClose(flat(grad(grad(h))(np.float64(x))), [(4 + 16 * x * x) * Math.exp(2 * x * x)], 1e-12);
  });
});

describe("checkGrads (order 2, complex128) under JAX's conventions", () => {
  // checkGrads perturbs real and imaginary parts (random complex directions) and checks reverse
  // mode as JAX's check_vjp does, with conjugated cotangents in and out.
  const z = c128([[0.7, 0.4], [-0.3, 0.9], [1.2, -0.6]]);
  const w = c128([[0.5, -0.2], [0.8, 0.3], [-0.4, 0.7]]);
  const UNARY_CASES: [string, (x: Array) => Array][] = [
    ["exp", np.exp], ["log", np.log], ["sqrt", np.sqrt], ["sin", np.sin], ["cos", np.cos], ["tan", np.tan],
    ["sinh", np.sinh], ["cosh", np.cosh], ["tanh", np.tanh], ["expm1", np.expm1], ["log1p", np.log1p],
    ["square", np.square], ["reciprocal", np.reciprocal], ["integer_pow 3", (x) => lax.integerPow(x, 3)],
    ["abs (real result)", np.abs], ["real", np.real], ["imag", np.imag], ["conj", lax.conj], ["angle", np.angle],
    ["sum", (x) => np.sum(x)], ["prod", (x) => np.prod(x)], ["mean", (x) => np.mean(x)],
    ["cumsum", (x) => np.cumsum(x)], ["cumprod", (x) => np.cumprod(x)],
  ];
  // sign's derivative is zero by JAX's rule (lax.py: ad.defjvp_zero(sign_p)), for complex too,
  // which finite differences of z/|z| do not give: as in JAX, it is not checked here.
  for (const [name, f] of UNARY_CASES) it(name, () => testUtil.checkGrads(f, [z], 2));
  const BINARY_CASES: [string, (x: Array, y: Array) => Array][] = [
    ["add", np.add], ["sub", np.subtract], ["mul", np.multiply], ["div", np.divide], ["pow", np.power],
    ["matmul", (x, y) => np.matmul(x.reshape([3, 1]), y.reshape([1, 3]))],
    ["dot", (x, y) => np.dot(x, y)],
  ];
  for (const [name, f] of BINARY_CASES) it(name, () => testUtil.checkGrads(f, [z, w], 2));
  it("complex from real parts, and convert_element_type real <-> complex", () => {
    const x = np.array([0.3, -1.2, 0.8], { dtype: "float64" });
    const y = np.array([1.1, 0.4, -0.5], { dtype: "float64" });
    testUtil.checkGrads((a: Array, b: Array) => np.exp(lax.complex(a, b)), [x, y], 2);
    testUtil.checkGrads((a: Array) => np.sin(a.astype("complex128")), [x], 2);
    testUtil.checkGrads((a: Array) => np.cos(a).astype("float64"), [z], 2);
  });
  it("holomorphic functions: grad(f, holomorphic) is f' (checked against the derivative)", () => {
    const fp = grad((s: Array) => np.sin(np.multiply(s, s)), { holomorphic: true });
    const s = np.complex128(0.4, 0.3);
    // d/dz sin(z^2) = 2 z cos(z^2).
    expectClose(flat(fp(s)), flat(np.multiply(np.multiply(s, 2), np.cos(np.multiply(s, s)))));
    testUtil.checkGrads(fp, [s], 1);
  });
});

describe("complex cumulative products and eager control flow", () => {
  it("cumprod forward and reverse (values from JAX 0.10.2), eager and jit", () => {
    const z = np.array([{ re: 1, im: 2 }, { re: 3, im: -1 }, { re: -0.5, im: 0.25 }, { re: 2, im: 2 }, { re: 0, im: 1 }], { dtype: "complex128" });
    const want: Values = [[1, 2], [5, 5], [-3.75, -1.25], [-5, -10], [10, -5]];
    expectClose(flat(np.cumprod(z)), want);
    expectClose(flat(jit((x: Array) => np.cumprod(x))(z)), want);
    expectClose(flat(lax.cumprod(z, 0, true)), [[10, -5], [0, -5], [0.5, -1.5], [-2, 2], [0, 1]]);
  });
  it("lax.map with complex results runs eagerly and under grad (regression: fuzzer seed 20315)", () => {
    const x = np.array([[1, 2], [3, 4]], { dtype: "float64" });
    expect(lax.map((a: Array) => lax.complex(a, np.multiply(a, 2)), x).tolist()).toEqual([
      [{ re: 1, im: 2 }, { re: 2, im: 4 }],
      [{ re: 3, im: 6 }, { re: 4, im: 8 }],
    ]);
    // real((a + ia)(a + 2ia)) = -a^2, so the gradient is -2a.
    const g = (v: Array): Array => np.sum(lax.map((a: Array) => np.real(np.multiply(lax.complex(a, a), lax.complex(a, np.multiply(a, 2)))), v));
    expect(grad(g)(x).tolist()).toEqual([[-2, -4], [-6, -8]]);
    expect(jit(grad(g))(x).tolist()).toEqual([[-2, -4], [-6, -8]]);
  });
});

describe("complex on the GPU backend and in refused places", () => {
  it("jit on the gpu device (gpu.js webasm mode here) equals the JS backend: complex work is lowered to real pairs first", () => {
    const z = np.array([{ re: 1, im: 2 }, { re: 3, im: -1 }, { re: -0.5, im: 0.25 }]);
    const f = (a: Array, b: Array): Array => np.exp(np.multiply(a, np.conj(b)));
    const onGpu = flat(jit(f, { device: "gpu" })(z, z));
    expectClose(onGpu, flat(jit(f)(z, z)), 1e-6);
    expectClose(flat(jit((a: Array) => np.abs(a), { device: "gpu" })(z)), flat(np.abs(z)), 1e-6);
  });
  it("np.linalg, jet, sort and reduce_max refuse complex operands with a TypeError (not a silent real part)", () => {
    const m = np.array([[{ re: 1, im: 1 }, 0], [0, { re: 2, im: 0 }]]);
    expect(() => np.linalg.inv(m)).toThrow("np.linalg: complex inputs (complex64) are not supported");
    expect(() => np.sort(np.complex64(1, 1).reshape([1]))).toThrow("sort does not accept dtype complex64");
    expect(() => np.max(m)).toThrow("reduce_max does not accept dtype complex64");
  });
});
