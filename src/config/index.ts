// `config` (jax.config): the options real JAX programs set at their top, with JAX's names and
// checks. What each changes in dprog:
//   jax_enable_x64              the default float (and complex) dtype: float64 for a JS number,
//                               np.zeros(3), random.normal without a dtype, ... (dprog computes in
//                               float64 whenever asked, with or without it; it has no int64, so
//                               integers stay int32)
//   jax_disable_jit             every jitted function runs eagerly
//   jax_debug_nans/_infs        results are checked, naming the operation that made the value
//   jax_numpy_rank_promotion    numpy's implicit rank broadcasting: allow, warn or raise
//   jax_default_device,         where jit compiles by default ("cpu" is dprog's JS backend)
//   jax_platform_name,
//   jax_platforms
//   jax_default_matmul_precision  recorded and validated; dprog's backends, like XLA's CPU one,
//                               compute every precision in the operands' dtype
// Changing jax_enable_x64 empties the jit caches: a traced program depends on the defaults.
import { setX64Defaults, x64Defaults } from "../../jaxpr/index.js";
import { AttributeError, RuntimeError, ValueError } from "../core/errors.js";
import { clearCaches } from "../jit/caches.js";
import { setDefaultDevice } from "../devices/index.js";
import type { Device, DeviceName } from "../devices/index.js";
import type { Backend } from "../devices/jaxApi.js";
import { flags, type RankPromotion } from "./flags.js";

export type { RankPromotion } from "./flags.js";

/** jax_default_matmul_precision's values (JAX's enum, jax/_src/config.py). */
export const MATMUL_PRECISIONS = [
  "default", "high", "highest", "bfloat16", "tensorfloat32", "float32",
  "ANY_F8_ANY_F8_F32", "ANY_F8_ANY_F8_F32_FAST_ACCUM", "ANY_F8_ANY_F8_ANY", "ANY_F8_ANY_F8_ANY_FAST_ACCUM",
  "F16_F16_F16", "F16_F16_F32", "BF16_BF16_BF16", "BF16_BF16_F32", "BF16_BF16_F32_X3", "BF16_BF16_F32_X6",
  "BF16_BF16_F32_X9", "TF32_TF32_F32", "TF32_TF32_F32_X3", "F32_F32_F32", "F64_F64_F64",
] as const;
export type MatmulPrecision = (typeof MATMUL_PRECISIONS)[number];

/** The options `config.update` takes, with their value types. */
export interface ConfigOptions {
  jax_enable_x64: boolean;
  jax_disable_jit: boolean;
  jax_debug_nans: boolean;
  jax_debug_infs: boolean;
  jax_numpy_rank_promotion: RankPromotion;
  jax_default_matmul_precision: MatmulPrecision | null;
  /** A device from `devices()`, a backend name ("cpu", "gpu") or dprog's ("js", "gpu"); null: the first, "cpu". */
  jax_default_device: Device | Backend | DeviceName | null;
  /** A backend name: "cpu" or "gpu". */
  jax_platform_name: string;
  /** Backends in order of preference, comma-separated ("gpu,cpu"); the first dprog has becomes the default. */
  jax_platforms: string | null;
}
export type ConfigName = keyof ConfigOptions;

let matmulPrecision: MatmulPrecision | null = null;
let defaultDeviceOption: ConfigOptions["jax_default_device"] = null;
let platformName = "";
let platforms: string | null = null;

const unrecognized = (name: string): Error => new AttributeError(`Unrecognized config option: ${name}`);

function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new TypeError(`${name} takes a boolean, got ${typeof value} ${String(value)}.`);
  return value;
}

function requireEnum<T extends string>(name: string, value: unknown, allowed: readonly T[], nullable: boolean): T | null {
  if (value === null && nullable) return null;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ValueError(`new enum value must be ${nullable ? "None or " : ""}in [${allowed.map((a) => `'${a}'`).join(", ")}], got ${String(value)} of type ${typeof value}.`);
}

/** A platform name as dprog's backend: "cpu" (or "js") is the JS backend; "gpu", "cuda", "rocm", "webgpu" the GPU one. */
function backendOf(platform: string): DeviceName {
  const p = platform.trim().toLowerCase();
  if (p === "cpu" || p === "js") return "js";
  if (p === "gpu" || p === "cuda" || p === "rocm" || p === "webgpu" || p === "webgl") return "gpu";
  throw new RuntimeError(`Unknown backend ${platform}. Available backends are cpu, gpu.`);
}

function deviceOption(value: unknown): DeviceName {
  if (value === null) return "js";
  if (typeof value === "string") return backendOf(value);
  if (typeof value === "object" && value !== null && ((value as Device).name === "js" || (value as Device).name === "gpu")) return (value as Device).name;
  throw new TypeError(`jax_default_device takes a device from devices(), a backend name or null, got ${String(value)}.`);
}

// The setters, one per option: each validates before changing anything, so a bad value leaves
// every setting as it was.
const setters: { readonly [K in ConfigName]: (value: ConfigOptions[K]) => void } = {
  jax_enable_x64: (value) => {
    const on = requireBoolean("jax_enable_x64", value);
    if (setX64Defaults(on) !== on) clearCaches();
  },
  jax_disable_jit: (value) => {
    flags.disableJit = requireBoolean("jax_disable_jit", value);
  },
  jax_debug_nans: (value) => {
    flags.debugNans = requireBoolean("jax_debug_nans", value);
  },
  jax_debug_infs: (value) => {
    flags.debugInfs = requireBoolean("jax_debug_infs", value);
  },
  jax_numpy_rank_promotion: (value) => {
    flags.rankPromotion = requireEnum("jax_numpy_rank_promotion", value, ["allow", "warn", "raise"], false)!;
  },
  jax_default_matmul_precision: (value) => {
    matmulPrecision = requireEnum("jax_default_matmul_precision", value, MATMUL_PRECISIONS, true);
  },
  jax_default_device: (value) => {
    setDefaultDevice(deviceOption(value));
    defaultDeviceOption = value;
  },
  jax_platform_name: (value) => {
    if (typeof value !== "string") throw new TypeError(`jax_platform_name takes a string, got ${typeof value}.`);
    if (value !== "") setDefaultDevice(backendOf(value));
    platformName = value;
  },
  jax_platforms: (value) => {
    if (value !== null && typeof value !== "string") throw new TypeError(`jax_platforms takes a string or null, got ${typeof value}.`);
    const names = value === null ? [] : value.split(",").filter((p) => p.trim() !== "");
    const backends = names.map(backendOf);
    setDefaultDevice(backends[0] ?? "js");
    platforms = value;
  },
};

const readers: { readonly [K in ConfigName]: () => ConfigOptions[K] } = {
  jax_enable_x64: () => x64Defaults(),
  jax_disable_jit: () => flags.disableJit,
  jax_debug_nans: () => flags.debugNans,
  jax_debug_infs: () => flags.debugInfs,
  jax_numpy_rank_promotion: () => flags.rankPromotion,
  jax_default_matmul_precision: () => matmulPrecision,
  jax_default_device: () => defaultDeviceOption,
  jax_platform_name: () => platformName,
  jax_platforms: () => platforms,
};

const isConfigName = (name: unknown): name is ConfigName => typeof name === "string" && Object.prototype.hasOwnProperty.call(setters, name);

/**
 * `config.update(name, value)` (jax.config.update): sets an option. Unknown names throw JAX's
 * AttributeError; a value of the wrong type or outside the option's choices throws and changes
 * nothing.
 *
 * @example
 * ```ts
 * config.update("jax_enable_x64", true);
 * np.zeros(2).dtype; // "float64"
 * np.array(1.5).dtype; // "float64"
 * // a JS number stays weakly typed: float32 arrays stay float32
 * np.add(np.ones(2, { dtype: "float32" }), 1.5).dtype; // "float32"
 * config.update("jax_enable_x64", false);
 * np.zeros(2).dtype; // "float32"
 * ```
 */
function update<K extends ConfigName>(name: K, value: ConfigOptions[K]): void {
  if (!isConfigName(name)) throw unrecognized(String(name));
  (setters[name] as (v: ConfigOptions[K]) => void)(value);
}

/**
 * `config.read(name)`: an option's current value (jax.config.read; JAX also exposes each as an
 * attribute, here `config.jax_enable_x64` and so on).
 *
 * @example
 * ```ts
 * config.read("jax_numpy_rank_promotion"); // "allow"
 * config.jax_enable_x64; // false
 * ```
 */
function read<K extends ConfigName>(name: K): ConfigOptions[K] {
  if (!isConfigName(name)) throw unrecognized(String(name));
  return readers[name]();
}

/** jax.config: `update`, `read`, and each option as a read-only property. */
export type Config = { update: typeof update; read: typeof read } & { readonly [K in ConfigName]: ConfigOptions[K] };

const configObject = { update, read } as { update: typeof update; read: typeof read };
for (const name of Object.keys(readers) as ConfigName[]) {
  Object.defineProperty(configObject, name, { get: () => readers[name](), enumerable: true });
}

/**
 * `config` (jax.config): JAX's runtime options that dprog implements (see ConfigOptions), set with
 * `config.update(name, value)` and read with `config.read(name)` or as properties.
 *
 * @example
 * ```ts
 * config.update("jax_numpy_rank_promotion", "raise");
 * let err: unknown;
 * try { np.add(np.ones([2]), np.ones([3, 2])); } catch (e) { err = e; }
 * (err as Error).name; // "ValueError"
 * config.update("jax_numpy_rank_promotion", "allow");
 * config.jax_numpy_rank_promotion; // "allow"
 * ```
 */
export const config: Config = Object.freeze(configObject) as Config;

/**
 * An option as JAX's config State objects offer it: called with a value and a function, it runs
 * the function with the option set and restores it after (JAX's `with jax.enable_x64(True):`);
 * `.value` reads it.
 */
export interface ScopedOption<K extends ConfigName> {
  <T>(value: ConfigOptions[K], fn: () => T): T;
  readonly value: ConfigOptions[K];
}

function scopedOption<K extends ConfigName>(name: K): ScopedOption<K> {
  const scoped = <T>(value: ConfigOptions[K], fn: () => T): T => {
    const old = read(name);
    update(name, value);
    try {
      return fn();
    } finally {
      update(name, old);
    }
  };
  Object.defineProperty(scoped, "value", { get: () => read(name), enumerable: true });
  return scoped as ScopedOption<K>;
}

/**
 * `enableX64(value, fn)` (jax.enable_x64 as a context manager): runs `fn` with jax_enable_x64 set.
 *
 * @example
 * ```ts
 * enableX64(true, () => np.zeros(1).dtype); // "float64"
 * enableX64.value; // false
 * ```
 */
export const enableX64: ScopedOption<"jax_enable_x64"> = scopedOption("jax_enable_x64");

/**
 * `debugNans(value, fn)` (jax.debug_nans): runs `fn` with jax_debug_nans set.
 *
 * @example
 * ```ts
 * let err: unknown;
 * debugNans(true, () => { try { np.sqrt(np.array(-1)); } catch (e) { err = e; } });
 * (err as Error).message; // "invalid value (nan) encountered in sqrt"
 * ```
 */
export const debugNans: ScopedOption<"jax_debug_nans"> = scopedOption("jax_debug_nans");

/**
 * `debugInfs(value, fn)` (jax.debug_infs): runs `fn` with jax_debug_infs set.
 *
 * @example
 * ```ts
 * debugInfs(true, () => np.exp(np.array(1)).dtype); // "float32"
 * ```
 */
export const debugInfs: ScopedOption<"jax_debug_infs"> = scopedOption("jax_debug_infs");

/**
 * `numpyRankPromotion(value, fn)` (jax.numpy_rank_promotion): runs `fn` with jax_numpy_rank_promotion set.
 *
 * @example
 * ```ts
 * numpyRankPromotion("raise", () => np.add(np.ones([3, 2]), 1).shape); // [3, 2]
 * ```
 */
export const numpyRankPromotion: ScopedOption<"jax_numpy_rank_promotion"> = scopedOption("jax_numpy_rank_promotion");

/**
 * `defaultMatmulPrecision(value, fn)` (jax.default_matmul_precision): runs `fn` with
 * jax_default_matmul_precision set (recorded; see ConfigOptions).
 *
 * @example
 * ```ts
 * defaultMatmulPrecision("float32", () => config.jax_default_matmul_precision); // "float32"
 * ```
 */
export const defaultMatmulPrecision: ScopedOption<"jax_default_matmul_precision"> = scopedOption("jax_default_matmul_precision");

/**
 * `defaultDevice(device, fn)` (jax.default_device): runs `fn` with jit's default backend set.
 *
 * @example
 * ```ts
 * defaultDevice("cpu", () => getDefaultDevice()); // "js"
 * ```
 */
export const defaultDevice: ScopedOption<"jax_default_device"> = scopedOption("jax_default_device");
