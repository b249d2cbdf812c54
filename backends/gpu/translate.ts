// Re-emits the JS backend's elementwise expressions (backends/js/elementwise.ts: `Math.*`, `h.*`
// helpers, `|0`/`>>>0` integer wrapping, ternaries) as gpu.js kernel source. The expressions are a
// small closed grammar made by the compiler, so they are parsed (not pattern-matched) and every
// construct is mapped explicitly: float literals get a decimal point (gpu.js types `1` as an
// integer), `===` becomes `==`, `%` and the integer helpers become gpu.js functions from
// helpers.ts. Exact 32-bit bit manipulation (`& | ^ ~ << >> >>>` on integers) has no float32
// equivalent: such an expression throws `Untranslatable` and its group runs on the host.

import { gpuFloat } from "../js/emit.js";

export class Untranslatable extends Error {}

type Node =
  | { readonly t: "num"; readonly v: number }
  | { readonly t: "id"; readonly name: string }
  | { readonly t: "call"; readonly fn: string; readonly args: readonly Node[] }
  | { readonly t: "un"; readonly op: string; readonly x: Node }
  | { readonly t: "bin"; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly t: "cond"; readonly c: Node; readonly a: Node; readonly b: Node };

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)|(>>>|===|!==|>>|<<|<=|>=|&&|\|\||[-+*/%<>&|^~!?:(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (m === null) throw new Untranslatable(`cannot tokenize ${JSON.stringify(src.slice(TOKEN.lastIndex, TOKEN.lastIndex + 20))}`);
    out.push(m[1] ?? m[2] ?? m[3]!);
  }
  return out;
}

// Binary operator precedence, as in JS (higher binds tighter).
const PRECEDENCE: Record<string, number> = {
  "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "===": 6, "!==": 6, "<": 7, "<=": 7, ">": 7, ">=": 7,
  "<<": 8, ">>": 8, ">>>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
};

export function parseExpression(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): string | undefined => toks[p];
  const expect = (t: string): void => {
    if (toks[p] !== t) throw new Untranslatable(`expected ${t} in ${src}`);
    p++;
  };
  const primary = (): Node => {
    const t = toks[p++];
    if (t === undefined) throw new Untranslatable(`unexpected end of ${src}`);
    if (t === "(") {
      const e = ternary();
      expect(")");
      return e;
    }
    if (t === "-" || t === "~" || t === "!" || t === "+") return { t: "un", op: t, x: primary() };
    if (/^[\d.]/.test(t)) return { t: "num", v: Number(t) };
    if (/^[A-Za-z_$]/.test(t)) {
      if (peek() === "(") {
        p++;
        const args: Node[] = [];
        if (peek() !== ")") {
          args.push(ternary());
          while (peek() === ",") {
            p++;
            args.push(ternary());
          }
        }
        expect(")");
        return { t: "call", fn: t, args };
      }
      return { t: "id", name: t };
    }
    throw new Untranslatable(`unexpected ${t} in ${src}`);
  };
  const binary = (minPrec: number): Node => {
    let left = primary();
    for (;;) {
      const op = peek();
      const prec = op === undefined ? undefined : PRECEDENCE[op];
      if (prec === undefined || prec < minPrec) return left;
      p++;
      left = { t: "bin", op: op!, a: left, b: binary(prec + 1) };
    }
  };
  const ternary = (): Node => {
    const c = binary(1);
    if (peek() !== "?") return c;
    p++;
    const a = ternary();
    expect(":");
    return { t: "cond", c, a, b: ternary() };
  };
  const e = ternary();
  if (p !== toks.length) throw new Untranslatable(`trailing tokens in ${src}`);
  return e;
}

/** Math functions gpu.js implements on every backend (its README's list). */
const GPU_MATH = new Set([
  "abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "atan2", "cbrt", "ceil", "cos", "cosh", "exp", "expm1",
  "floor", "log", "log10", "log1p", "log2", "max", "min", "pow", "round", "sign", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
]);

/** `h.*` runtime helpers with a gpu.js counterpart `h_<name>` in helpers.ts. */
const GPU_HELPERS = new Set(["erf", "roundHalfEven", "roundAwayFromZero", "toInt32", "toUint32", "intDiv", "uintDiv", "intRem", "intPow"]);

/** A number as a gpu.js float literal, formatted by the shared emitter. */
export const floatLiteral = gpuFloat;

const isZero = (n: Node): boolean => n.t === "num" && n.v === 0;
const COMPARISONS = new Set(["<", "<=", ">", ">=", "===", "!==", "&&", "||"]);
const isComparison = (n: Node): boolean => n.t === "bin" && COMPARISONS.has(n.op);

export function emitNode(n: Node, helpersUsed: Set<string>): string {
  const e = (x: Node): string => emitNode(x, helpersUsed);
  const helper = (name: string, args: readonly Node[]): string => {
    helpersUsed.add(name);
    return `h_${name}(${args.map(e).join(", ")})`;
  };
  switch (n.t) {
    case "num":
      if (!Number.isFinite(n.v)) helpersUsed.add(Number.isNaN(n.v) ? "nan" : "inf");
      return floatLiteral(n.v);
    case "id":
      if (n.name === "NaN") return helper("nan", []);
      if (n.name === "Infinity") return helper("inf", []);
      if (/^[xt]\d+$/.test(n.name)) return n.name;
      throw new Untranslatable(`unknown identifier ${n.name}`);
    case "call": {
      const [obj, fn] = n.fn.split(".");
      // The JS backend rounds float32 values held in double registers; a gpu.js value is float32 already.
      if (obj === "Math" && fn === "fround" && n.args.length === 1) return e(n.args[0]!);
      if (obj === "Math" && fn !== undefined && GPU_MATH.has(fn)) {
        if (fn === "round") return helper("roundHalfUp", n.args); // JS rounds half up; GLSL/WGSL round differs
        if (fn === "asin" || fn === "acos" || fn === "cbrt") return helper(fn, n.args); // float32-accurate on every driver
        return `Math.${fn}(${n.args.map(e).join(", ")})`;
      }
      if (obj === "Math" && fn === "imul") return helper("i32", [{ t: "bin", op: "*", a: n.args[0]!, b: n.args[1]! }]);
      if (obj === "Number" && fn === "isFinite") return helper("isFinite", n.args);
      if (obj === "h" && fn !== undefined && GPU_HELPERS.has(fn)) return helper(fn, n.args);
      throw new Untranslatable(`no gpu.js counterpart for ${n.fn}`);
    }
    case "un":
      if (n.op === "-") return `(-${e(n.x)})`;
      if (n.op === "+") return e(n.x);
      throw new Untranslatable(`unary ${n.op} on 32-bit integers`);
    case "bin": {
      const { op, a, b } = n;
      switch (op) {
        case "+":
        case "-":
        case "*":
        case "/":
        case "<":
        case "<=":
        case ">":
        case ">=":
          return `(${e(a)} ${op} ${e(b)})`;
        case "===":
          return `(${e(a)} == ${e(b)})`;
        case "!==":
          return `(${e(a)} != ${e(b)})`;
        case "%":
          return helper("fmod", [a, b]);
        case "|":
          // `x | 0` wraps an int32 result: exact (or poisoned to NaN) in float32 arithmetic.
          if (isZero(b)) return helper("i32", [a]);
          break;
        case ">>>":
          if (isZero(b)) return helper("u32", [a]);
          break;
      }
      throw new Untranslatable(`operator ${op} on 32-bit integers`);
    }
    case "cond": {
      // JS tests a number's truth; WGSL's select wants a bool, so a value condition is compared with 0.
      const c = isComparison(n.c) ? e(n.c) : `(${e(n.c)} != 0.0)`;
      return `(${c} ? ${e(n.a)} : ${e(n.b)})`;
    }
  }
}

/** The gpu.js form of one JS-backend expression; adds the helpers it calls to `helpersUsed`. */
export function translateExpression(src: string, helpersUsed: Set<string>): string {
  return emitNode(parseExpression(src), helpersUsed);
}

/** The registers (`x<k>`, `t<k>`) an expression reads. */
export function registersOf(src: string): string[] {
  return src.match(/\b[xt]\d+\b/g) ?? [];
}
