// numpy's closeness and equality tests (jax.numpy semantics): isclose allclose arrayEqual
// arrayEquiv, and the infinity tests isposinf isneginf.
import { isFloat } from "../../jaxpr/index.js";
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import { convertTo, promoteArgs, promoteArgsInexact, tryBroadcastShapes, checkOperands } from "./promote.js";
import { all } from "./reductions.js";
import { isOptions } from "./options.js";

/** Keyword arguments of {@link isclose} and {@link allclose}. */
export interface IscloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: ArrayLike;
  /** Absolute tolerance (default 1e-8). */
  atol?: ArrayLike;
  /** Whether NaNs compare equal to NaNs (default false). */
  equalNan?: boolean;
}

function iscloseArgs(rtolOrOpts: ArrayLike | IscloseOptions | undefined, atol: ArrayLike | undefined, equalNan: boolean | undefined): Required<IscloseOptions> {
  if (isOptions<IscloseOptions>(rtolOrOpts)) {
    const o = rtolOrOpts;
    return { rtol: o.rtol ?? 1e-5, atol: o.atol ?? 1e-8, equalNan: o.equalNan ?? false };
  }
  return { rtol: rtolOrOpts ?? 1e-5, atol: atol ?? 1e-8, equalNan: equalNan ?? false };
}

/**
 * `np.isclose` (jnp.isclose): elementwise `|a - b| <= atol + rtol * |b|` (numpy's asymmetric test), also true where `a == b`
 * (so equal infinities are close); NaNs are close only with `equalNan`. Integer and bool operands
 * are compared as floats.
 *
 * @example
 * np.isclose(np.array([1, 1.000001, NaN]), np.array([1, 1, NaN]), { equalNan: true }); // Array([ True,  True,  True], dtype=bool)
 */
export function isclose(a: ArrayLike, b: ArrayLike, rtol?: ArrayLike | IscloseOptions, atol?: ArrayLike, equalNan?: boolean): Array {
  const o = iscloseArgs(rtol, atol, equalNan);
  const [x, y] = promoteArgsInexact("isclose", [a, b]);
  const t = { dtype: x!.dtype, weakType: false };
  const rt = convertTo(o.rtol, t);
  const at = convertTo(o.atol, t);
  const inRange = lax.le(lax.abs(lax.sub(x!, y!)), lax.add(at, lax.mul(rt, lax.abs(y!))));
  let out = lax.bitwiseOr(lax.eq(x!, y!), lax.bitwiseAnd(lax.isFinite(y!), inRange));
  if (o.equalNan) out = lax.bitwiseOr(out, lax.bitwiseAnd(lax.ne(x!, x!), lax.ne(y!, y!)));
  return out;
}

/**
 * `np.allclose` (jnp.allclose): whether every element of `a` is close to `b` ({@link isclose}); a bool scalar array.
 *
 * @example
 * np.allclose(np.array([1, 2]), np.array([1, 2.000001])); // Array(True, dtype=bool)
 */
export function allclose(a: ArrayLike, b: ArrayLike, rtol?: ArrayLike | IscloseOptions, atol?: ArrayLike, equalNan?: boolean): Array {
  return all(isclose(a, b, rtol, atol, equalNan));
}

/**
 * `np.arrayEqual` (jnp.array_equal): whether two arrays have the same shape and elements (false for different shapes, without
 * broadcasting); NaNs are equal only with `equalNan`. A bool scalar array.
 *
 * @example
 * np.arrayEqual(np.array([1, 2]), np.array([1, 2])); // Array(True, dtype=bool)
 * np.arrayEqual(np.array([1, 2]), np.array([[1, 2]])); // Array(False, dtype=bool)
 */
export function arrayEqual(a1: ArrayLike, a2: ArrayLike, equalNan: boolean | { equalNan?: boolean } = false): Array {
  const eqNan = typeof equalNan === "boolean" ? equalNan : (equalNan.equalNan ?? false);
  checkOperands("array_equal", [a1, a2]);
  const s1 = a1 instanceof Array ? a1.shape : [];
  const s2 = a2 instanceof Array ? a2.shape : [];
  if (s1.length !== s2.length || s1.some((d, i) => d !== s2[i])) return convertTo(false, { dtype: "bool", weakType: false });
  const [x, y] = promoteArgs("array_equal", [a1, a2]);
  let eq = lax.eq(x!, y!);
  if (eqNan && isFloat(x!.dtype)) eq = lax.bitwiseOr(eq, lax.bitwiseAnd(lax.ne(x!, x!), lax.ne(y!, y!)));
  return all(eq);
}

/**
 * `np.arrayEquiv` (jnp.array_equiv): whether two arrays are equal after broadcasting (false when their shapes do not broadcast).
 *
 * @example
 * np.arrayEquiv(np.array([1, 2]), np.array([[1, 2], [1, 2]])); // Array(True, dtype=bool)
 */
export function arrayEquiv(a1: ArrayLike, a2: ArrayLike): Array {
  checkOperands("array_equiv", [a1, a2]);
  const s1 = a1 instanceof Array ? a1.shape : [];
  const s2 = a2 instanceof Array ? a2.shape : [];
  if (tryBroadcastShapes([s1, s2]) === null) return convertTo(false, { dtype: "bool", weakType: false });
  const [x, y] = promoteArgs("array_equiv", [a1, a2]);
  return all(lax.eq(x!, y!));
}

function isInfinity(name: string, sign: 1 | -1, x: ArrayLike): Array {
  const a = promoteArgs(name, [x])[0]!;
  if (!isFloat(a.dtype)) return lax.broadcastInDim(convertTo(false, { dtype: "bool", weakType: false }), a.shape, []);
  return lax.eq(a, sign * Infinity);
}

/**
 * `np.isposinf` (jnp.isposinf): whether each element is +inf (always false for integer and bool arrays).
 *
 * @example
 * np.isposinf(np.array([-Infinity, 0, Infinity])); // Array([False, False,  True], dtype=bool)
 */
export function isposinf(x: ArrayLike): Array {
  return isInfinity("isposinf", 1, x);
}

/**
 * `np.isneginf` (jnp.isneginf): whether each element is -inf (always false for integer and bool arrays).
 *
 * @example
 * np.isneginf(np.array([-Infinity, 0, Infinity])); // Array([ True, False, False], dtype=bool)
 */
export function isneginf(x: ArrayLike): Array {
  return isInfinity("isneginf", -1, x);
}
