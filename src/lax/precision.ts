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

// jax/_src/lax/lax.py's DotAlgorithmPreset, in its order (enum.auto() numbers them from 1).
const PRESET_NAMES = [
  "DEFAULT", "ANY_F8_ANY_F8_F32", "ANY_F8_ANY_F8_F32_FAST_ACCUM", "ANY_F8_ANY_F8_ANY", "ANY_F8_ANY_F8_ANY_FAST_ACCUM",
  "F16_F16_F16", "F16_F16_F32", "BF16_BF16_BF16", "BF16_BF16_F32", "BF16_BF16_F32_X3", "BF16_BF16_F32_X6", "BF16_BF16_F32_X9",
  "TF32_TF32_F32", "TF32_TF32_F32_X3", "F32_F32_F32", "F64_F64_F64",
] as const;
export type DotAlgorithmPresetName = (typeof PRESET_NAMES)[number];

/** One member of {@link DotAlgorithmPreset}: its name and JAX's enum value. */
export class DotAlgorithmPresetMember {
  constructor(
    readonly name: DotAlgorithmPresetName,
    readonly value: number,
  ) {
    Object.freeze(this);
  }
  toString(): string {
    return this.name;
  }
}

/**
 * lax.DotAlgorithmPreset: JAX's named dot-product algorithms (LHS_RHS_ACCUMULATOR types), given
 * as a dot's `precision` (a member or its name). As JAX on the CPU, the presets XLA's CPU backend
 * implements are accepted (DEFAULT, F16_F16_F16, BF16_BF16_F32, BF16_BF16_F32_X3,
 * BF16_BF16_F32_X6, F32_F32_F32, F64_F64_F64) and the others raise JAX's ValueError. dprog then
 * computes the product as for any precision: in the operands' own dtype at full precision (it
 * does not round the operands to the preset's input type first).
 *
 * @example
 * ```ts
 * const x = np.array([1, 2]);
 * const y = np.array([3, 4]);
 * lax.dot(x, y, { precision: lax.DotAlgorithmPreset.F32_F32_F32 }); // Array(11., dtype=float32)
 * lax.dot(x, y, { precision: "F32_F32_F32" }); // Array(11., dtype=float32)
 * ```
 */
export const DotAlgorithmPreset = Object.freeze(
  Object.fromEntries(PRESET_NAMES.map((name, i) => [name, new DotAlgorithmPresetMember(name, i + 1)])) as { readonly [N in DotAlgorithmPresetName]: DotAlgorithmPresetMember },
);

/** The presets XLA's CPU backend implements (jax/_src/lax/lax.py's _dot_general_lower check). */
const CPU_PRESETS: ReadonlySet<DotAlgorithmPresetName> = new Set(["DEFAULT", "F16_F16_F16", "F32_F32_F32", "F64_F64_F64", "BF16_BF16_F32", "BF16_BF16_F32_X3", "BF16_BF16_F32_X6"]);

/** A dot algorithm: a member of {@link DotAlgorithmPreset} or its name. */
export type DotAlgorithmPresetLike = DotAlgorithmPresetMember | DotAlgorithmPresetName;
/** The `precision` argument: null (the default), one precision, one per operand, or (dots only) a dot algorithm preset. */
export type PrecisionArg = PrecisionLike | readonly [PrecisionLike, PrecisionLike] | DotAlgorithmPresetLike | null | undefined;

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
      "- a pair of lax.Precision members or strings\n" +
      `- a lax.DotAlgorithmPreset or the name of one of these presets\ngot ${describe(p)}`,
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
 * lax's canonicalize_precision (private in JAX, as here): null, or a pair of members (one per
 * operand). Throws JAX's ValueError for anything else.
 */
export function canonicalizePrecision(precision: unknown): readonly [PrecisionMember, PrecisionMember] | DotAlgorithmPresetMember | null {
  if (precision === null || precision === undefined) return null;
  const preset = presetOf(precision);
  if (preset !== null) {
    if (!CPU_PRESETS.has(preset.name)) throw new ValueError(`The precision '${preset.name}' is not supported by dot_general on CPU`);
    return preset;
  }
  const single = one(precision);
  if (single !== null) return [single, single];
  if (globalThis.Array.isArray(precision) && precision.length === 2) {
    const a = one(precision[0]);
    const b = one(precision[1]);
    if (a !== null && b !== null) return [a, b];
  }
  throw precisionError(precision);
}

/** The preset a precision argument names, or null (lax.Precision's strings take precedence, as JAX's). */
function presetOf(p: unknown): DotAlgorithmPresetMember | null {
  if (p instanceof DotAlgorithmPresetMember) return p;
  if (typeof p === "string" && PRECISION_STRINGS[p] === undefined && (PRESET_NAMES as readonly string[]).includes(p)) return DotAlgorithmPreset[p as DotAlgorithmPresetName];
  return null;
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
  if (v instanceof PrecisionMember || v instanceof DotAlgorithmPresetMember) return true;
  if (typeof v === "string") return !isDType(v) && (PRECISION_STRINGS[v] !== undefined || presetOf(v) !== null);
  return globalThis.Array.isArray(v) && v.length === 2 && v.every((x) => x instanceof PrecisionMember || typeof x === "string");
}
