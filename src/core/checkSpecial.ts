// config's jax_debug_nans / jax_debug_infs for eager results: after each operation dprog runs
// eagerly, its inexact results are scanned and the first NaN (or infinity) raises JAX's
// FloatingPointError naming the primitive (jax/_src/dispatch.py's check_special). Results held on
// the GPU are not read back for the check.
import { isInexact } from "../../jaxpr/index.js";
import { flags } from "../config/flags.js";
import type { Array } from "./array.js";
import { ArrayImpl, bufferOf } from "./array.js";
import { FloatingPointError } from "./errors.js";

/** Whether results are checked at all (either flag on). */
export const checksSpecialValues = (): boolean => flags.debugNans || flags.debugInfs;

/** Which invalid value the first checked result holds: "nan", "inf" or null. */
export function invalidValueIn(results: readonly unknown[]): "nan" | "inf" | null {
  for (const r of results) {
    if (!(r instanceof ArrayImpl) || !isInexact(r.dtype)) continue;
    const data = bufferOf(r);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v !== v) {
        if (flags.debugNans) return "nan";
      } else if (flags.debugInfs && (v === Infinity || v === -Infinity)) return "inf";
    }
  }
  return null;
}

/** Throws JAX's FloatingPointError when an eager result of `name` holds a value the flags forbid. */
export function checkSpecialValues(name: string, results: readonly Array[]): void {
  if (!checksSpecialValues()) return;
  const found = invalidValueIn(results);
  if (found !== null) throw new FloatingPointError(`invalid value (${found}) encountered in ${name}`);
}
