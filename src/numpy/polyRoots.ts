// np.roots (issue 23; jax/_src/numpy/polynomial.py roots): the eigenvalues of the companion
// matrix. With stripZeros (the default) the coefficients must be concrete: leading zeros are
// dropped, and trailing zeros become exact zero roots (numpy's handling; JAX leaves them to the
// eigensolver, which finds them to rounding). With stripZeros false it traces (JAX's
// _roots_with_zeros): leading zeros are rolled to the end and their roots are NaN.
import { Array, ArrayLike } from "../core/array.js";
import { ConcretizationTypeError, ValueError } from "../core/errors.js";
import { complexDtypeOf } from "../../jaxpr/index.js";
import * as lax from "../lax/index.js";
import { eigvals } from "./npLinalgEig.js";
import { promoteDtypesInexact } from "./options.js";
import { atleast1d, roll } from "./shape.js";

/** The roots of the polynomial p (no leading zero): eigenvalues of its companion matrix. */
function rootsNoZeros(p: Array): Array {
  const m = p.shape[0]! - 1;
  if (m < 1) return lax.full([0], 0, complexDtypeOf(p.dtype));
  const head = lax.reshape(lax.neg(lax.div(lax.slice(p, [1], [m + 1]), lax.slice(p, [0], [1]))), [1, m]);
  if (m === 1) return eigvals(head);
  // Ones on the subdiagonal: rows 1..m-1 of the companion matrix.
  const below = lax.convertElementType(lax.eq(lax.broadcastedIota("int32", [m - 1, m], 0), lax.broadcastedIota("int32", [m - 1, m], 1)), p.dtype);
  return eigvals(lax.concatenate([head, below], 0));
}

/** The number of leading (or, from the end, trailing) zeros of concrete coefficients. */
function zeroRun(isZero: readonly boolean[], fromEnd: boolean): number {
  const order = fromEnd ? [...isZero].reverse() : isZero;
  const k = order.findIndex((z) => !z);
  return k === -1 ? order.length : k;
}

/**
 * The roots of the polynomial with coefficients p (highest degree first), complex.
 *
 * @example
 * np.roots(np.array([1, -3, 2])) // Array([2.+0.j, 1.+0.j], dtype=complex64), in some order
 */
export function roots(p: ArrayLike, opts: { stripZeros?: boolean } = {}): Array {
  const [p0] = promoteDtypesInexact("roots", [p]);
  const a = atleast1d(p0!);
  if (a.ndim !== 1) throw new ValueError("Input must be a rank-1 array.");
  const n = a.shape[0]!;
  if (n < 2) return lax.full([0], 0, complexDtypeOf(a.dtype));
  const isZero = lax.eq(a, lax.full([], 0, a.dtype));
  if (!(opts.stripZeros ?? true)) return rootsWithZeros(a, isZero);
  const c = isZero.concreteValue();
  if (c === null) {
    throw new ConcretizationTypeError(
      `traced array with shape ${isZero.aval.str()}`,
      "The error occurred in the jnp.roots() function. To use this within a JIT-compiled context, pass strip_zeros=False, but be aware that leading zeros will result in some returned roots being set to NaN.",
    );
  }
  const zeros = globalThis.Array.from(c.dataSync() as globalThis.ArrayLike<number>, Boolean);
  const leading = zeroRun(zeros, false);
  if (leading === n) return lax.full([0], 0, complexDtypeOf(a.dtype));
  const trailing = zeroRun(zeros, true);
  const r = rootsNoZeros(lax.slice(a, [leading], [n - trailing]));
  return trailing === 0 ? r : lax.concatenate([r, lax.full([trailing], 0, r.dtype)], 0);
}

/** JAX's _roots_with_zeros: traceable; the roots belonging to leading zeros are NaN and come last. */
function rootsWithZeros(p: Array, isZero: Array): Array {
  const n = p.shape[0]!;
  const index = lax.iota("int32", n);
  const firstNonZero = lax.reduceMin(lax.select(isZero, lax.full([n], n, "int32"), index), [0]);
  // All-zero coefficients become ones (no roots are kept from them).
  const q = lax.select(lax.eq(firstNonZero, lax.full([], n, "int32")), lax.full([n], 1, p.dtype), p);
  const r = rootsNoZeros(roll(q, lax.neg(firstNonZero), 0));
  // Exact zero roots sorted to the end, stably (complex values sort as their two parts).
  const key = lax.convertElementType(lax.eq(r, lax.full([], 0, r.dtype)), "int32");
  const [, re, im] = lax.sort([key, lax.real(r), lax.imag(r)], { numKeys: 1, isStable: true });
  const kept = lax.lt(lax.iota("int32", n - 1), lax.sub(lax.full([], n - 1, "int32"), firstNonZero));
  const nan = lax.full([], NaN, re!.dtype);
  return lax.complex(lax.select(kept, re!, lax.broadcastInDim(nan, [n - 1], [])), lax.select(kept, im!, lax.broadcastInDim(nan, [n - 1], [])));
}
