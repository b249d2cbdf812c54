// Constants and dtype objects (issue 19, item 2). Known answers from jax 0.10.2 (x64 off):
// jnp.finfo/iinfo fields, jnp.issubdtype, jnp.isdtype, jnp.promote_types, jnp.float32(3.0) etc.
import { describe, it, expect } from "vitest";
import { numpy as np, jit, vmap, grad } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { ValueError } from "../../src/core/errors.js";

describe("constants", () => {
  it("pi e inf nan eulerGamma newaxis", () => {
    expect(np.pi).toBe(Math.PI);
    expect(np.e).toBe(Math.E);
    expect(np.inf).toBe(Infinity);
    expect(Number.isNaN(np.nan)).toBe(true);
    expect(np.eulerGamma).toBe(0.5772156649015329); // jnp.euler_gamma
    expect(np.newaxis).toBe(null);
    expect(np.arange(3).get(":", np.newaxis).shape).toEqual([3, 1]);
  });
});

describe("scalar types are constructors", () => {
  it("jnp.float32(3.0), jnp.int32(3.7), jnp.bool_(2), jnp.uint32([1, 2])", () => {
    const f = np.float32(3);
    expect([f.shape, f.dtype, f.weakType, f.tolist()]).toEqual([[], "float32", false, 3]);
    expect(np.int32(3.7).tolist()).toBe(3); // Array(3, dtype=int32)
    expect(np.int32(3.7).dtype).toBe("int32");
    expect(np.bool_(2).tolist()).toBe(true); // Array(True, dtype=bool)
    expect(np.uint32([1, 2]).dtype).toBe("uint32");
    expect(np.float64(1 / 3).tolist()).toBe(1 / 3); // dprog always has float64
  });
  it("on Arrays they are astype, also under jit, vmap and grad", () => {
    expect(np.float32(np.arange(3)).tolist()).toEqual([0, 1, 2]);
    expect(np.float32(np.arange(3)).dtype).toBe("float32");
    const f = jit((x: Array) => np.int32(x));
    expect(f(np.array([1.5, -2.5])).tolist()).toEqual([1, -2]);
    expect(f(np.array([7.9])).tolist()).toEqual([7]);
    expect(vmap((x: Array) => np.float64(x).mul(2))(np.array([1, 2])).dtype).toBe("float64");
    expect(grad((x: Array) => np.float32(x).mul(3).sum())(np.array([1, 2])).tolist()).toEqual([3, 3]);
  });
  it("are accepted wherever a dtype is", () => {
    expect(np.zeros([2], { dtype: np.int32 }).dtype).toBe("int32");
    expect(np.zeros([2], np.uint32).dtype).toBe("uint32");
    expect(np.array([1, 2], np.float64).dtype).toBe("float64");
    expect(np.arange(3, { dtype: np.float32 }).dtype).toBe("float32");
    expect(np.sum(np.ones([2]), { dtype: np.int32 }).dtype).toBe("int32");
    expect(np.dtype(np.float32)).toBe("float32");
    expect(np.dtype("int32")).toBe(np.dtype(np.int32));
    expect(String(np.float32)).toBe("float32");
    expect(np.dtype(np.arange(2))).toBe("int32");
  });
  it("int64/uint64 are refused: dprog is a 32-bit-default JAX", () => {
    expect(() => np.int64(1)).toThrow("dprog is a 32-bit-default JAX");
    expect(() => np.uint64(1)).toThrow(TypeError);
    expect(() => np.zeros([2], { dtype: np.int64 })).toThrow("int64 is not available");
    expect(() => np.dtype("uint64")).toThrow("32-bit-default");
    expect(() => np.dtype("float8_e8m0fnu" as never)).toThrow("Cannot interpret 'float8_e8m0fnu' as a data type");
  });
});

describe("finfo and iinfo (jax 0.10.2 values)", () => {
  it("float32", () => {
    const f = np.finfo(np.float32);
    // 1.1920929e-07 1.1754944e-38 1.1754944e-38 3.4028235e+38 -3.4028235e+38 32 1e-06
    expect(f.eps).toBe(Math.fround(1.1920929e-7));
    expect(f.tiny).toBe(Math.fround(1.1754944e-38));
    expect(f.smallestNormal).toBe(f.tiny);
    expect(f.max).toBe(Math.fround(3.4028235e38));
    expect(f.min).toBe(-f.max);
    expect(f.bits).toBe(32);
    expect(f.resolution).toBe(1e-6);
    expect(np.finfo(np.ones(2)).eps).toBe(2 ** -23);
  });
  it("float64", () => {
    const f = np.finfo("float64");
    // 2.220446049250313e-16 2.2250738585072014e-308 ... 1.7976931348623157e+308 64 1e-15
    expect([f.eps, f.tiny, f.smallestNormal, f.max, f.min, f.bits, f.resolution]).toEqual([
      2.220446049250313e-16, 2.2250738585072014e-308, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 64, 1e-15,
    ]);
  });
  it("int32, uint32; errors for the wrong kind", () => {
    expect(np.iinfo(np.int32)).toMatchObject({ min: -2147483648, max: 2147483647, bits: 32 });
    expect(np.iinfo("uint32")).toMatchObject({ min: 0, max: 4294967295, bits: 32 });
    expect(() => np.finfo("int32")).toThrow("not inexact");
    expect(() => np.iinfo("float32")).toThrow("Invalid integer data type");
  });
  it("complex dtypes give their real part's finfo; iinfo names numpy's dtype kind", () => {
    // jnp.finfo("complex64").dtype == float32, jnp.finfo("complex128").eps == 2**-52 (values from JAX 0.10.2).
    expect(np.finfo("complex128")).toBe(np.finfo("float64"));
    expect(np.finfo("complex64")).toBe(np.finfo("float32"));
    expect(np.finfo(np.zeros(2, { dtype: "complex64" })).dtype).toBe("float32");
    // jnp.iinfo(d) raises ValueError("Invalid integer data type 'f'.") etc., with numpy's dtype.kind.
    const kinds: [DType, string][] = [["float32", "f"], ["float16", "f"], ["bfloat16", "V"], ["float8_e4m3fn", "V"], ["bool", "b"], ["complex64", "c"]];
    for (const [d, kind] of kinds) expect(() => np.iinfo(d)).toThrow(new ValueError(`Invalid integer data type '${kind}'.`));
  });
});

describe("issubdtype, isdtype, promoteTypes (jax 0.10.2)", () => {
  it("issubdtype with the abstract classes", () => {
    expect(np.issubdtype(np.float32, np.floating)).toBe(true);
    expect(np.issubdtype("float64", np.inexact)).toBe(true);
    expect(np.issubdtype("float64", np.number)).toBe(true);
    expect(np.issubdtype(np.int32, np.integer)).toBe(true);
    expect(np.issubdtype(np.int32, np.signedinteger)).toBe(true);
    expect(np.issubdtype(np.uint32, np.signedinteger)).toBe(false);
    expect(np.issubdtype(np.uint32, np.unsignedinteger)).toBe(true);
    expect(np.issubdtype(np.bool_, np.integer)).toBe(false);
    expect(np.issubdtype(np.bool_, np.bool_)).toBe(true);
    expect(np.issubdtype(np.float32, np.generic)).toBe(true);
    expect(np.issubdtype(np.int32, np.int32)).toBe(true);
    expect(np.issubdtype(np.float32, np.float64)).toBe(false);
    expect(np.issubdtype(np.floating, np.inexact)).toBe(true);
    expect(np.issubdtype(np.arange(3).dtype, np.inexact)).toBe(false);
  });
  it("isdtype kinds (numpy 2)", () => {
    expect(np.isdtype(np.float32, "real floating")).toBe(true);
    expect(np.isdtype(np.int32, ["bool", "integral"])).toBe(true);
    expect(np.isdtype(np.uint32, "signed integer")).toBe(false);
    expect(np.isdtype(np.uint32, "unsigned integer")).toBe(true);
    expect(np.isdtype(np.bool_, "numeric")).toBe(false);
    expect(np.isdtype("float64", "numeric")).toBe(true);
    expect(np.isdtype(np.float32, "complex floating")).toBe(false);
    expect(np.isdtype(np.float32, np.float32)).toBe(true);
    expect(np.isdtype("bool", "bool")).toBe(true);
    expect(() => np.isdtype("float32", "floats" as never)).toThrow("kind argument");
  });
  it("promoteTypes", () => {
    expect(np.promoteTypes("int32", "uint32")).toBe("int32"); // JAX without x64
    expect(np.promoteTypes(np.float32, np.int32)).toBe("float32");
    expect(np.promoteTypes(np.bool_, "uint32")).toBe("uint32");
    expect(np.promoteTypes("float32", "float64")).toBe("float64");
  });
});

describe("complex helpers on real dtypes", () => {
  it("conj, real are x; imag is zeros; angle is 0 or pi", () => {
    const x = np.array([1, -2]);
    expect(np.conj(x).tolist()).toEqual([1, -2]);
    expect(np.conjugate(x).tolist()).toEqual([1, -2]);
    expect(np.real(x).tolist()).toEqual([1, -2]);
    expect(np.imag(x).tolist()).toEqual([0, 0]);
    expect(x.imag().dtype).toBe("float32");
    expect(x.conj().tolist()).toEqual([1, -2]);
    // jnp.angle(jnp.array([-1., 2., 0.])) == [3.1415927, 0., 0.]; jnp.angle(-1, deg=True) == 180.
    expect(np.angle(np.array([-1, 2, 0])).tolist()).toEqual([Math.fround(Math.PI), 0, 0]);
    expect(np.angle(-1, { deg: true }).tolist()).toBeCloseTo(180, 4);
    expect(np.iscomplexobj(x)).toBe(false);
    expect(np.isrealobj(x)).toBe(true);
    expect([np.isscalar(1.5), np.isscalar(np.array(1)), np.isscalar([1]), np.isscalar(x)]).toEqual([true, true, false, false]);
  });
});
