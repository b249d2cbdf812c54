// np.save / np.load against files numpy 2.4.6 wrote (np.save into a BytesIO, base64 below):
// dprog writes byte-identical files for its dtypes and reads numpy's, including dtypes it lacks
// (converted as JAX without x64 does), Fortran order and big-endian data.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { numpy as np } from "../../src/index.js";

const NUMPY_FILES: Record<string, string> = {
  f32: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAUEAAAAAAbxKDOgAA4EA=",
  f64_scalar: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoYLURU+yEJQA==",
  i32: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr+/////////wAAAAABAAAAAgAAAAMAAAA=",
  u32: "k05VTVBZAQB2AHsnZGVzY3InOiAnPHU0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAChr7g==",
  bool: "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=",
  i64: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAP7/////////////fwAAAAA=",
  u8: "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoA/wc=",
  f16: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAOAC+/3sBAA==",
  fortran: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=",
  bigendian: "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/8AAAAAAAAMAEAAAAAAAA",
  empty: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=",
};
const bytes = (name: string): Uint8Array => new Uint8Array(Buffer.from(NUMPY_FILES[name]!, "base64"));

describe("np.save writes numpy's bytes", () => {
  const cases: [string, () => ReturnType<typeof np.array>][] = [
    ["f32", () => np.array([[1.5, -2.0, 3.25], [0.0, 1e-3, 7.0]], { dtype: "float32" })],
    ["f64_scalar", () => np.array(3.141592653589793, { dtype: "float64" })],
    ["i32", () => np.arange(6, { dtype: "int32" }).reshape([3, 2]).sub(2)],
    ["u32", () => np.array([0, 4000000000], { dtype: "uint32" })],
    ["bool", () => np.array([true, false, true])],
    ["empty", () => np.zeros([0, 3], { dtype: "float32" })],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const chunks: Uint8Array[] = [];
      np.save({ write: (b: Uint8Array) => chunks.push(b) }, make());
      expect(Buffer.from(chunks[0]!).toString("base64")).toBe(NUMPY_FILES[name]);
    });
  }
});

describe("np.load reads numpy's files", () => {
  it("dprog's dtypes, with shape and dtype", () => {
    const x = np.load(bytes("f32"));
    expect([x.shape, x.dtype]).toEqual([[2, 3], "float32"]);
    expect(x.tolist()).toEqual([[1.5, -2, 3.25], [0, Math.fround(1e-3), 7]]);
    const s = np.load(bytes("f64_scalar"));
    expect([s.shape, s.dtype, s.item()]).toEqual([[], "float64", 3.141592653589793]);
    expect(np.load(bytes("i32")).tolist()).toEqual([[-2, -1], [0, 1], [2, 3]]);
    expect(np.load(bytes("u32")).tolist()).toEqual([0, 4000000000]);
    expect(np.load(bytes("bool")).tolist()).toEqual([true, false, true]);
    expect(np.load(bytes("empty").buffer.slice(0) as ArrayBuffer).shape).toEqual([0, 3]);
  });
  it("64-bit integers become int32, as JAX without x64; 8- and 16-bit ones and float16 keep their dtype", () => {
    const i64 = np.load(bytes("i64"));
    expect([i64.dtype, i64.tolist()]).toEqual(["int32", [1, -2, 2 ** 31 - 1]]);
    const u8 = np.load(bytes("u8"));
    expect([u8.dtype, u8.tolist()]).toEqual(["uint8", [0, 255, 7]]);
    const f16 = np.load(bytes("f16"));
    expect(f16.dtype).toBe("float16");
    expect(f16.tolist()).toEqual([0.5, -1.5, 65504, 5.960464477539063e-8]);
    // float16 and the narrow integers round-trip through np.save.
    for (const [v, d] of [[[0.5, -1.5, 65504, 2 ** -24, -0, Infinity], "float16"], [[-128, 5, 127], "int8"], [[0, 65535], "uint16"]] as const) {
      let saved: Uint8Array = new Uint8Array();
      np.save({ write: (b: Uint8Array) => void (saved = b) }, np.array([...v], { dtype: d }));
      const back = np.load(saved);
      expect([back.dtype, back.tolist()]).toEqual([d, [...v]]);
    }
  });
  it("Fortran order and big-endian data", () => {
    expect(np.load(bytes("fortran")).tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(np.load(bytes("bigendian")).tolist()).toEqual([1, -2.5]);
  });
  it("not a .npy file: numpy's ValueError; a truncated file too", () => {
    expect(() => np.load(new Uint8Array([1, 2, 3]))).toThrow("Failed to interpret file as a pickle or .npy file");
    expect(() => np.load(bytes("f32").subarray(0, 100))).toThrow("fewer than the 24 its header promises");
  });
});

describe("paths in Node", () => {
  it("round-trips through a file, adding .npy as numpy does", () => {
    const dir = mkdtempSync(join(tmpdir(), "dprog-npy-"));
    try {
      const x = np.array([[1, 2], [3, 4]], { dtype: "float64" });
      np.save(join(dir, "x"), x);
      expect(readFileSync(join(dir, "x.npy")).length).toBeGreaterThan(32);
      const y = np.load(join(dir, "x.npy"));
      expect([y.dtype, y.tolist()]).toEqual(["float64", [[1, 2], [3, 4]]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
