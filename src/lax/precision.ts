// lax.Precision and the `precision` argument of the dot-like functions (jax/_src/lax/lax.py).
// dprog computes float32 products in full float32 precision on the CPU (the WebAssembly GEMM and
// the generated loops accumulate in float32 or wider), so every precision gives the same values:
// what runs is always HIGHEST. The argument is accepted and validated so JAX code ports unchanged.
import { isDType } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";

/**
 * One member of {@link Precision} (a jax.lax.Precision enum member): its name ("DEFAULT", "HIGH",
 * "HIGHEST") and JAX's enum value.
 *
 * @example
 * ```ts
 * lax.Precision.HIGHEST.name; // "HIGHEST"
 * lax.Precision.HIGHEST.value; // 2
 * lax.Precision.HIGHEST instanceof lax.PrecisionMember; // true
 * ```
 */
export class PrecisionMember {
  constructor(
    readonly name: "DEFAULT" | "HIGH" | "HIGHEST",
    readonly value: 0 | 1 | 2,
  ) {
    Object.freeze(this);
  }
  toString(): string {
    return this.name;
  }
}

/**
 * lax.Precision: the precision of a matrix product on accelerators, as JAX's enum. The strings
 * JAX accepts name the members too: `"default"`/`"bfloat16"`/`"fastest"` are DEFAULT,
 * `"high"`/`"tensorfloat32"` are HIGH, `"highest"`/`"float32"` are HIGHEST.
 *
 * dprog computes float32 products in full float32 precision on the CPU, so every precision gives
 * the same values (HIGHEST is what runs).
 *
 * @example
 * ```ts
 * const x = np.array([[1, 2], [3, 4]]);
 * const y = np.array([1, 1]);
 * lax.dot(x, y, lax.Precision.HIGHEST); // Array([3., 7.], dtype=float32)
 * np.matmul(x, y, { precision: "highest" }); // Array([3., 7.], dtype=float32)
 * lax.Precision.fromString("tensorfloat32") === lax.Precision.HIGH; // true
 * ```
 */
export const Precision = Object.freeze({
  DEFAULT: new PrecisionMember("DEFAULT", 0),
  HIGH: new PrecisionMember("HIGH", 1),
  HIGHEST: new PrecisionMember("HIGHEST", 2),
  /** The member a JAX precision string names (case-insensitive member names too). */
  fromString(s: string): PrecisionMember {
    const m = PRECISION_STRINGS[s];
    if (m === undefined) throw new ValueError(`Unrecognized precision: '${s}'`);
    return m;
  },
});

export type PrecisionName = "default" | "high" | "highest" | "bfloat16" | "tensorfloat32" | "float32" | "fastest" | "DEFAULT" | "HIGH" | "HIGHEST";
/** One operand's precision: a member of {@link Precision} or a string naming one. */
export type PrecisionLike = PrecisionMember | PrecisionName;
/** The `precision` argument: null (the default), one precision, or one per operand. */
export type PrecisionArg = PrecisionLike | readonly [PrecisionLike, PrecisionLike] | null | undefined;

const PRECISION_STRINGS: Readonly<Record<string, PrecisionMember>> = {
  default: Precision.DEFAULT,
  bfloat16: Precision.DEFAULT,
  fastest: Precision.DEFAULT,
  high: Precision.HIGH,
  tensorfloat32: Precision.HIGH,
  highest: Precision.HIGHEST,
  float32: Precision.HIGHEST,
  DEFAULT: Precision.DEFAULT,
  HIGH: Precision.HIGH,
  HIGHEST: Precision.HIGHEST,
};

function precisionError(p: unknown): ValueError {
  return new ValueError(
    "Precision argument must be one of:\n- null\n- one of lax.Precision's members\n" +
      "- a string naming one (default, high, highest, bfloat16, tensorfloat32, float32)\n" +
      `- a pair of lax.Precision members or strings\ngot ${describe(p)}`,
  );
}

function describe(p: unknown): string {
  if (typeof p === "string") return `'${p}'`;
  try {
    return JSON.stringify(p) ?? String(p);
  } catch {
    return String(p);
  }
}

function one(p: unknown): PrecisionMember | null {
  if (p instanceof PrecisionMember) return p;
  if (typeof p === "string") return PRECISION_STRINGS[p] ?? null;
  return null;
}

/**
 * lax's canonicalize_precision: null, or a pair of members (one per operand). Throws JAX's
 * ValueError for anything else.
 *
 * @example
 * ```ts
 * String(lax.canonicalizePrecision("highest")); // "HIGHEST,HIGHEST"
 * lax.canonicalizePrecision(null); // null
 * ```
 */
export function canonicalizePrecision(precision: unknown): readonly [PrecisionMember, PrecisionMember] | null {
  if (precision === null || precision === undefined) return null;
  const single = one(precision);
  if (single !== null) return [single, single];
  if (globalThis.Array.isArray(precision) && precision.length === 2) {
    const a = one(precision[0]);
    const b = one(precision[1]);
    if (a !== null && b !== null) return [a, b];
  }
  throw precisionError(precision);
}

/**
 * `lax.isPrecisionArg(v)` (dprog's, no JAX counterpart): whether `v` is a precision argument (not a dtype name, an options object or null).
 *
 * @example
 * ```ts
 * lax.isPrecisionArg("highest"); // true
 * lax.isPrecisionArg("float32"); // false
 * ```
 */
export function isPrecisionArg(v: unknown): v is PrecisionArg {
  if (v instanceof PrecisionMember) return true;
  if (typeof v === "string") return !isDType(v) && PRECISION_STRINGS[v] !== undefined;
  return globalThis.Array.isArray(v) && v.length === 2 && v.every((x) => x instanceof PrecisionMember || typeof x === "string");
}
