// The emitter (backends/js/emit.ts), the one way values reach generated source in both backends:
// it formats numbers itself and accepts only identifiers the compiler made. A scan of the code
// generators' template literals keeps params and literal values from being pasted in raw.
import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { int, num, lit, ident, gpuFloat, comment } from "../../../backends/js/emit.js";

const as = <T,>(v: unknown): T => v as T;

const PAYLOADS: readonly unknown[] = [
  "(globalThis.pwned = 1, 0)",
  "1; globalThis.pwned = 2; //",
  "${globalThis.pwned = 3}",
  "*/ globalThis.pwned = 4; /*",
  "0\nglobalThis.pwned = 5",
  "3",
  "",
  { toString: () => "(globalThis.pwned = 6, 0)" },
  { valueOf: () => 1 },
  { [Symbol.toPrimitive]: () => 1 },
  [1],
  null,
  undefined,
  10n,
  Symbol("pwn"),
];

describe("the emitter", () => {
  it("formats numbers itself: non-finite values, -0, dtype rounding", () => {
    expect(num(1.5)).toBe("1.5");
    expect(num(-0)).toBe("-0");
    expect(num(NaN)).toBe("NaN");
    expect(num(Infinity)).toBe("Infinity");
    expect(num(-Infinity)).toBe("-Infinity");
    expect(num(1e300)).toBe("1e+300");
    expect(int(-3)).toBe("-3");
    expect(lit(0.1, "float32")).toBe(String(Math.fround(0.1)));
    expect(lit(0.1, "float64")).toBe("0.1");
    expect(lit(true, "bool")).toBe("1");
    expect(lit(-1, "uint32")).toBe("4294967295");
    expect(lit(2.7, "int32")).toBe("2");
    expect(gpuFloat(2)).toBe("2.0");
    expect(gpuFloat(1e-7)).toBe("1e-7");
    expect(gpuFloat(NaN)).toBe("h_nan()");
    expect(gpuFloat(-Infinity)).toBe("(-h_inf())");
    expect(ident("fused3")).toBe("fused3");
  });

  it("refuses anything that is not a number, or not an integer where one is required", () => {
    for (const p of PAYLOADS) {
      expect(() => num(as<number>(p))).toThrow(TypeError);
      expect(() => int(as<number>(p))).toThrow(TypeError);
      expect(() => lit(as<number>(p), "float64")).toThrow(TypeError);
      expect(() => gpuFloat(as<number>(p))).toThrow(TypeError);
      expect(() => ident(as<string>(p))).toThrow(TypeError);
    }
    for (const v of [2.5, NaN, Infinity, 2 ** 53]) expect(() => int(v)).toThrow(TypeError);
    for (const v of ["a b", "x;y", "1x", "a.b", "a\n"]) expect(() => ident(v)).toThrow(TypeError);
  });

  it("keeps comment text on one line", () => {
    for (const t of ["a\nglobalThis.pwned = 1", "a\r\nb", "a\u2028b", "a\u2029b"]) expect(comment(t)).not.toMatch(/[\r\n\u2028\u2029]/);
  });
});

/** Every `${...}` in a file's template literals, with its line. */
function interpolations(src: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (let i = src.indexOf("${"); i >= 0; i = src.indexOf("${", i + 2)) {
    let depth = 0;
    let j = i + 2;
    for (; j < src.length; j++) {
      if (src[j] === "{") depth++;
      else if (src[j] === "}" && depth-- === 0) break;
    }
    out.push({ line: src.slice(0, i).split("\n").length, text: src.slice(i + 2, j) });
  }
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("code generators", () => {
  it("interpolate params and literal values only through the emitter", () => {
    // A param, a literal's value or a gather fill pasted into source unformatted is the hole the
    // emitter closes; a param may only pick between compiler-made snippets (`params.mode === ...`).
    const risky = /\bparams\b|\bfillValue\b|\.value\b|\bdn\.|\.paddingConfig\b|\.sliceSizes\b/;
    const viaEmitter = /^\s*(int|num|lit|ident|gpuFloat|floatLiteral|ints)\(/;
    const choice = /\bparams\.mode\s*===\s*"[a-z_]+"\s*\?/g;
    const offenders: string[] = [];
    for (const file of [...tsFiles("backends/js"), ...tsFiles("backends/gpu")]) {
      if (file.endsWith("emit.ts")) continue;
      for (const { line, text } of interpolations(readFileSync(file, "utf8"))) {
        if (risky.test(text.replace(choice, "")) && !viaEmitter.test(text)) offenders.push(`${file}:${line}: \${${text}}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
