// Whether a fused group's value is a non-decreasing function of one of its loads, the others
// held fixed: then a max (or min) over that load's values commutes with it, f(max x) = max f(x),
// exactly, roundings included (rounding is non-decreasing too). The window kernels use it to
// pool the stored load first and apply f once per window (backends/js/lowerings/windowed.ts).
// Only operations that map non-NaN inputs to non-NaN outputs are accepted (no log or sqrt: a
// NaN from one element would win the max on one side only); NaN inputs stay NaN through each.
import type { DType } from "../../jaxpr/index.js";
import type { KernelExpr, KernelStatement } from "./expr.js";

/** Unary primitives that are non-decreasing on the whole line (NaN to NaN). */
const NON_DECREASING = new Set(["exp", "exp2", "expm1", "tanh", "logistic", "floor", "ceil", "erf", "atan", "asinh", "cbrt", "sinh"]);

const isFloat = (d: DType): boolean => d === "float32" || d === "float64";

/** How an expression depends on the varying load: not at all, or non-decreasingly; null: otherwise (or unknown). */
type Dependence = "fixed" | "rising" | null;

/**
 * Whether register `result` of `statements` is a non-decreasing function of load `varying`, every
 * other load and constant held fixed. A constant factor or divisor must be positive and finite; a
 * fixed addend a finite constant or a load, which the caller must check is finite.
 */
export function isNonDecreasingIn(statements: readonly KernelStatement[], result: string, varying: number): boolean {
  const byReg = new Map(statements.map((st) => [st.reg, st.expr]));
  const memo = new Map<string, Dependence>();
  const positiveConstant = (e: KernelExpr): boolean => e.kind === "const" && e.value > 0 && Number.isFinite(e.value);
  // A fixed addend must be a finite constant or a load (whose finiteness the caller checks when it
  // runs): x + inf is NaN for x = -inf only, which would win one side's max and not the other's.
  const plainAddend = (e: KernelExpr): boolean =>
    e.kind === "const" ? Number.isFinite(e.value) : e.kind === "load" || (e.kind === "reg" && byReg.has(e.name) && plainAddend(byReg.get(e.name)!));
  const walk = (e: KernelExpr): Dependence => {
    switch (e.kind) {
      case "const":
        return "fixed";
      case "load":
        return e.index === varying ? "rising" : "fixed";
      case "reg": {
        if (!memo.has(e.name)) {
          const def = byReg.get(e.name);
          memo.set(e.name, def === undefined ? null : walk(def));
        }
        return memo.get(e.name)!;
      }
      case "round":
        return walk(e.x);
      case "convert": {
        const x = walk(e.x);
        return x === "fixed" ? x : x === "rising" && isFloat(e.dtype) && isFloat(e.x.dtype) ? x : null;
      }
      case "unary": {
        const x = walk(e.x);
        return x === "fixed" ? x : x === "rising" && NON_DECREASING.has(e.op) ? x : null;
      }
      case "binary": {
        const [a, b] = [walk(e.a), walk(e.b)];
        if (a === null || b === null) return null;
        if (a === "fixed" && b === "fixed") return "fixed";
        if (a === "rising" && b === "rising") return null;
        const aRises = a === "rising";
        switch (e.op) {
          case "max":
          case "min":
            return "rising";
          case "add":
            return plainAddend(aRises ? e.b : e.a) ? "rising" : null;
          case "sub":
            return aRises && plainAddend(e.b) ? "rising" : null;
          case "mul":
            return positiveConstant(aRises ? e.b : e.a) ? "rising" : null;
          case "div":
            return aRises && positiveConstant(e.b) ? "rising" : null;
          default:
            return null;
        }
      }
      default:
        return null;
    }
  };
  return walk({ kind: "reg", dtype: "float32", name: result }) === "rising";
}
