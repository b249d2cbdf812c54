// JAX's type promotion lattice (docs/type_promotion.rst, the jax.numpy.promote_types table),
// restricted to dprog's dtypes plus the weak kinds i* and f*, checked on promoteTypes and on real
// operations. dprog has no int64: the table's i8 (int32 with uint32) is canonicalised to int32, as
// JAX does without x64.
import { describe, it, expect } from "vitest";
import { promoteTypes, promoteTwo } from "../../jaxpr/index.js";
import type { DType, TypedDType } from "../../jaxpr/index.js";
import { numpy as np, lax, Array } from "../../src/index.js";

type Kind = "b1" | "i4" | "u4" | "f4" | "f8" | "i*" | "f*";
const KINDS: Kind[] = ["b1", "i4", "u4", "f4", "f8", "i*", "f*"];

const TYPED: Record<Kind, TypedDType> = {
  b1: { dtype: "bool", weakType: false },
  i4: { dtype: "int32", weakType: false },
  u4: { dtype: "uint32", weakType: false },
  f4: { dtype: "float32", weakType: false },
  f8: { dtype: "float64", weakType: false },
  "i*": { dtype: "int32", weakType: true },
  "f*": { dtype: "float32", weakType: true },
};

// Rows and columns in KINDS order, copied from JAX's table; "i8" is JAX's int64.
const TABLE: Record<Kind, (Kind | "i8")[]> = {
  //     b1    i4    u4    f4    f8    i*    f*
  b1: ["b1", "i4", "u4", "f4", "f8", "i*", "f*"],
  i4: ["i4", "i4", "i8", "f4", "f8", "i4", "f*"],
  u4: ["u4", "i8", "u4", "f4", "f8", "u4", "f*"],
  f4: ["f4", "f4", "f4", "f4", "f8", "f4", "f4"],
  f8: ["f8", "f8", "f8", "f8", "f8", "f8", "f8"],
  "i*": ["i*", "i4", "u4", "f4", "f8", "i*", "f*"],
  "f*": ["f*", "f*", "f*", "f4", "f8", "f*", "f*"],
};

/** The table entry as dprog's (dtype, weak): int64 canonicalised to strong int32. */
const expected = (k: Kind | "i8"): TypedDType => (k === "i8" ? { dtype: "int32", weakType: false } : TYPED[k]);

/** An operand of each kind as a rank-1 Array (weak kinds through convert_element_type's weak_type). */
function operand(k: Kind): Array {
  switch (k) {
    case "b1":
      return np.array([true]);
    case "i4":
      return np.array([1], { dtype: "int32" });
    case "u4":
      return np.array([1], { dtype: "uint32" });
    case "f4":
      return np.array([1], { dtype: "float32" });
    case "f8":
      return np.array([1], { dtype: "float64" });
    case "i*":
      return lax.convertElementType(np.array([1], { dtype: "int32" }), "int32", true);
    case "f*":
      return lax.convertElementType(np.array([1], { dtype: "float32" }), "float32", true);
  }
}

/** The same kinds as JS values where one exists (numbers are weak, booleans are bool). */
const JS_SCALAR: Partial<Record<Kind, number | boolean>> = { b1: true, "i*": 2, "f*": 2.5 };

const describeTyped = (t: TypedDType) => `${t.dtype}${t.weakType ? "*" : ""}`;

describe("promoteTypes: JAX's promotion table", () => {
  for (const a of KINDS) {
    for (const [j, b] of KINDS.entries()) {
      const want = expected(TABLE[a][j]!);
      it(`${a} + ${b} -> ${describeTyped(want)}`, () => {
        expect(promoteTypes(TYPED[a], TYPED[b])).toEqual(want);
        expect(promoteTwo(TYPED[a].dtype, TYPED[a].weakType, TYPED[b].dtype, TYPED[b].weakType)).toEqual(want);
      });
    }
  }

  it("the table is symmetric", () => {
    for (const [i, a] of KINDS.entries()) for (const [j, b] of KINDS.entries()) expect(TABLE[a][j]).toBe(TABLE[b][i]);
  });

  it("is associative over three operands (a lattice join)", () => {
    for (const a of KINDS) {
      for (const b of KINDS) {
        for (const c of KINDS) {
          const left = promoteTypes(promoteTypes(TYPED[a], TYPED[b]), TYPED[c]);
          const all = promoteTypes(TYPED[a], TYPED[b], TYPED[c]);
          const right = promoteTypes(TYPED[a], promoteTypes(TYPED[b], TYPED[c]));
          // int64 canonicalisation breaks associativity only through the i32/u32 join.
          const hasI8 = [a, b, c].includes("i4") && [a, b, c].includes("u4");
          if (!hasI8) {
            expect(all).toEqual(left);
            expect(all).toEqual(right);
          }
        }
      }
    }
  });

  it("one operand is returned unchanged", () => {
    for (const k of KINDS) expect(promoteTypes(TYPED[k])).toEqual(TYPED[k]);
  });

  it("all-weak operands join their strong dtypes and stay weak (JAX's rule for weak inputs)", () => {
    const weak = (dtype: DType): TypedDType => ({ dtype, weakType: true });
    expect(promoteTypes(weak("uint32"), weak("uint32"))).toEqual(weak("uint32"));
    expect(promoteTypes(weak("float64"), weak("float32"))).toEqual(weak("float64"));
    expect(promoteTypes(weak("int32"), weak("float64"))).toEqual(weak("float64"));
    expect(promoteTypes(weak("int32"), weak("float32"))).toEqual(weak("float32"));
    expect(promoteTypes(weak("int32"), weak("uint32"))).toEqual(weak("int32"));
  });

  it("a weak float64 meeting a strong type: float64 beats nothing stronger than f*", () => {
    const wf64: TypedDType = { dtype: "float64", weakType: true };
    expect(promoteTypes(wf64, TYPED.f4)).toEqual(TYPED.f4);
    expect(promoteTypes(wf64, TYPED.f8)).toEqual(TYPED.f8);
    // dprog keeps the widest weak float (float64 always exists here, as JAX with x64).
    expect(promoteTypes(wf64, TYPED.i4)).toEqual(wf64);
  });

  it("np.resultType promotes arrays and JS scalars", () => {
    expect(np.resultType(np.array([1], { dtype: "int32" }), 2)).toEqual(TYPED.i4);
    expect(np.resultType(np.array([1], { dtype: "int32" }), 2.5)).toEqual(TYPED["f*"]);
    expect(np.resultType(2, 2.5)).toEqual(TYPED["f*"]);
    expect(np.resultType(2, true)).toEqual(TYPED["i*"]);
    expect(np.resultType(true, false)).toEqual(TYPED.b1);
    expect(np.resultType(np.array([1], { dtype: "uint32" }), np.array([1], { dtype: "int32" }), 1.5)).toEqual(TYPED["f*"]);
  });
});

describe("promotion through operations", () => {
  for (const a of KINDS) {
    for (const [j, b] of KINDS.entries()) {
      const want = expected(TABLE[a][j]!);
      it(`np.multiply(${a}, ${b}) has dtype ${describeTyped(want)}`, () => {
        const out = np.multiply(operand(a), operand(b));
        expect(out.dtype).toBe(want.dtype);
        expect(out.weakType).toBe(want.weakType);
        expect(out.shape).toEqual([1]);
        expect(out.tolist()).toEqual([want.dtype === "bool" ? true : 1]);
      });
      const sa = JS_SCALAR[a];
      const sb = JS_SCALAR[b];
      if (sa !== undefined) {
        it(`np.multiply(JS ${String(sa)}, ${b}) has dtype ${describeTyped(want)}`, () => {
          const out = np.multiply(sa, operand(b));
          expect([out.dtype, out.weakType]).toEqual([want.dtype, want.weakType]);
        });
      }
      if (sb !== undefined) {
        it(`${a}.mul(JS ${String(sb)}) has dtype ${describeTyped(want)}`, () => {
          const out = operand(a).mul(sb);
          expect([out.dtype, out.weakType]).toEqual([want.dtype, want.weakType]);
          expect(out.shape).toEqual([1]);
        });
      }
    }
  }

  it("int32 with uint32 gives int32 (JAX without x64), values wrapped", () => {
    const a = np.array([-1, 5], { dtype: "int32" });
    const b = np.array([4294967295, 7], { dtype: "uint32" });
    const out = np.add(a, b);
    expect(out.dtype).toBe("int32");
    expect(out.weakType).toBe(false);
    // uint32 4294967295 becomes int32 -1.
    expect(out.tolist()).toEqual([-2, 12]);
    expect(np.add(b, a).tolist()).toEqual([-2, 12]);
  });

  it("JS integers are weak: the array's dtype wins", () => {
    const i32 = np.array([1], { dtype: "int32" });
    expect(i32.add(2).dtype).toBe("int32");
    expect(i32.add(2).weakType).toBe(false);
    expect(i32.add(2).tolist()).toEqual([3]);
    const u32 = np.array([1], { dtype: "uint32" });
    expect(u32.add(2).dtype).toBe("uint32");
    expect(u32.add(2).tolist()).toEqual([3]);
    const f64 = np.array([1], { dtype: "float64" });
    expect(f64.add(2).dtype).toBe("float64");
    expect(np.array([true]).add(2).dtype).toBe("int32");
    expect(np.array([true]).add(2).weakType).toBe(true);
    expect(np.array([true]).add(2).tolist()).toEqual([3]);
  });

  it("JS fractional numbers are weak floats: int32 + 2.5 is weak float32", () => {
    const out = np.array([1], { dtype: "int32" }).add(2.5);
    expect(out.dtype).toBe("float32");
    expect(out.weakType).toBe(true);
    expect(out.tolist()).toEqual([3.5]);
    const u = np.array([1], { dtype: "uint32" }).mul(0.5);
    expect([u.dtype, u.weakType]).toEqual(["float32", true]);
    expect(u.tolist()).toEqual([0.5]);
    expect(np.array([1], { dtype: "float32" }).add(2.5).weakType).toBe(false);
  });

  it("two JS scalars: weak results", () => {
    expect([np.add(1, 2).dtype, np.add(1, 2).weakType, np.add(1, 2).item()]).toEqual(["int32", true, 3]);
    expect([np.add(1, 2.5).dtype, np.add(1, 2.5).weakType, np.add(1, 2.5).item()]).toEqual(["float32", true, 3.5]);
    expect([np.add(true, 2).dtype, np.add(true, 2).weakType, np.add(true, 2).item()]).toEqual(["int32", true, 3]);
    expect([np.add(true, false).dtype, np.add(true, false).item()]).toEqual(["bool", true]);
  });

  it("float64 with a JS float keeps the scalar's full precision", () => {
    expect(np.array(1, { dtype: "float64" }).add(0.1).item()).toBe(1.1);
    expect(np.array(1, { dtype: "float64" }).add(0.1).dtype).toBe("float64");
    expect(np.array([1, 2, 3], { dtype: "float64" }).mul(0.1).tolist()).toEqual([0.1, 0.2, 0.30000000000000004]);
    expect(np.array([3], { dtype: "float64" }).div(0.7).tolist()).toEqual([3 / 0.7]);
    expect(np.add(0.1, np.array(0.2, { dtype: "float64" })).item()).toBe(0.1 + 0.2);
    // a float32 operation rounds the scalar to float32 first
    expect(np.array(1, { dtype: "float32" }).add(0.1).item()).toBe(Math.fround(1 + Math.fround(0.1)));
  });

  it("int32 + JS float above float32 precision: float32 rounding", () => {
    const out = np.array([16777217], { dtype: "int32" }).add(0.5);
    expect(out.dtype).toBe("float32");
    expect(out.tolist()).toEqual([Math.fround(Math.fround(16777217) + 0.5)]);
  });

  it("comparisons promote, then return bool", () => {
    const out = np.less(np.array([1, 2], { dtype: "int32" }), 1.5);
    expect(out.dtype).toBe("bool");
    expect(out.weakType).toBe(false);
    expect(out.tolist()).toEqual([true, false]);
    expect(np.equal(np.array([4294967295], { dtype: "uint32" }), np.array([-1], { dtype: "int32" })).tolist()).toEqual([true]);
  });

  it("promotion happens before broadcasting, for every operand order", () => {
    const x = np.array([[1, 2, 3]], { dtype: "int32" });
    const y = np.array([0.5, 1.5], { dtype: "float64" }).reshape([2, 1]);
    const out = np.add(x, y);
    expect(out.dtype).toBe("float64");
    expect(out.shape).toEqual([2, 3]);
    expect(out.tolist()).toEqual([
      [1.5, 2.5, 3.5],
      [2.5, 3.5, 4.5],
    ]);
    expect(np.add(y, x).tolist()).toEqual(out.tolist());
  });
});
