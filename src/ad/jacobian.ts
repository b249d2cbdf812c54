// jacfwd, jacrev and hessian for any input/output shapes and pytrees. The function is linearized
// once; jacfwd pushes the input standard basis through the linear map with vmap, jacrev pulls the
// output basis back through its transpose with vmap (one batched evaluation, no loop). The
// result is nested as JAX's: output structure outside, input (argnums) structure inside, each
// leaf of shape out.shape + in.shape. With hasAux, f returns [output, aux]; aux rides along as
// extra outputs of the linearized function and is returned as is, not differentiated.
import type { DType } from "../../jaxpr/index.js";
import { isComplex, isFloat, allocTyped, storageFactor, ShapedArray } from "../../jaxpr/index.js";
import { Array, ArrayImpl } from "../core/array.js";
import { checkCallable } from "../core/describe.js";
import * as tree from "../tree/index.js";
import * as lax from "../lax/ops.js";
import { vjp, linearize, toArrayLeaf, checkInexactInputs, checkOutputDtype } from "./api.js";
import type { Argnums, ArraysOf, CheckedArgnums, HessianOf, JacobianOf, JacobianOptions } from "./apiTypes.js";
import { vmap } from "../vmap/api.js";

type Fn = (...args: never[]) => unknown;

/** A boolean known only at run time: a literal `true`/`false` must match one of the typed overloads instead. */
type RuntimeBoolean<H extends boolean> = boolean extends H ? H : never;

function splitArgs(args: unknown[], argnums: number | readonly number[]): { diff: unknown[]; rebuild: (dyn: unknown[]) => unknown[]; list: number[] } {
  const list = (typeof argnums === "number" ? [argnums] : [...argnums]).map((a) => (a < 0 ? a + args.length : a));
  for (const a of list) if (a < 0 || a >= args.length) throw new TypeError(`argnums ${JSON.stringify(argnums)} out of range for ${args.length} positional arguments.`);
  return {
    diff: list.map((i) => args[i]),
    list,
    rebuild: (dyn) => {
      const full = [...args];
      list.forEach((a, k) => (full[a] = dyn[k]));
      return full;
    },
  };
}

/** JAX's input checks: jacfwd's _check_input_dtype_jacfwd, jacrev's _check_input_dtype_revderiv. */
function checkInputs(leaves: Array[], name: "jacfwd" | "jacrev", holomorphic: boolean): void {
  if (name === "jacrev") return checkInexactInputs(leaves, name, holomorphic);
  for (const l of leaves) {
    if (holomorphic && !isComplex(l.dtype)) throw new TypeError(`jacfwd with holomorphic=True requires inputs with complex dtype, but got ${l.dtype}.`);
    if (!holomorphic && !isFloat(l.dtype)) {
      throw new TypeError(
        `jacfwd requires real-valued inputs (input dtype that is a sub-dtype of np.floating), but got ${l.dtype}. For holomorphic differentiation, pass holomorphic=True. ` +
          `For differentiation of non-holomorphic functions involving complex inputs or integer inputs, use jvp directly.`,
      );
    }
  }
}

/** The leaves differentiated (per argnums) and `g`, f as a function of their tree alone. */
function differentiatedArgs(f: Fn, argnums: number | readonly number[], args: unknown[], name: "jacfwd" | "jacrev", holomorphic: boolean) {
  const { diff, rebuild } = splitArgs(args, argnums);
  const [inLeavesRaw, inDef] = tree.flatten(typeof argnums === "number" ? diff[0] : diff);
  const inLeaves = inLeavesRaw.map((l) => toArrayLeaf(l));
  checkInputs(inLeaves, name, holomorphic);
  const g = (t: unknown): unknown => (f as (...a: unknown[]) => unknown)(...rebuild(typeof argnums === "number" ? [t] : (t as unknown[])));
  return { inLeaves, inDef, g };
}

/** f's result split into the output differentiated and, with hasAux, the aux pair member. */
function splitAux(result: unknown, hasAux: boolean): { out: unknown; aux: unknown } {
  if (!hasAux) return { out: result, aux: undefined };
  if (!globalThis.Array.isArray(result) || result.length !== 2) {
    throw new TypeError("hasAux=true requires the function to return a pair [output, auxiliary data].");
  }
  return { out: result[0], aux: result[1] };
}

/**
 * JAX's standard basis for a list of leaves: for each leaf an array of shape [total, ...leaf.shape]
 * whose rows together form the identity over all leaves' elements.
 */
function standardBasis(leaves: readonly { shape: readonly number[]; dtype: DType; size: number }[]): Array[] {
  const total = leaves.reduce((n, l) => n + l.size, 0);
  let offset = 0;
  return leaves.map((l) => {
    const buf = allocTyped(l.dtype, total * l.size);
    // A complex basis vector is 1 + 0j (its real part, at twice the element index).
    const k = storageFactor(l.dtype);
    for (let j = 0; j < l.size; j++) buf[k * ((offset + j) * l.size + j)] = 1;
    offset += l.size;
    return new ArrayImpl(buf, new ShapedArray([total, ...l.shape], l.dtype, false));
  });
}

/** Rows [offset, offset + size) of a [total, ...] array. */
function rows(x: Array, offset: number, size: number): Array {
  return lax.sliceInDim(x, offset, offset + size, 1, 0);
}

const offsets = (sizes: readonly number[]): number[] => sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));

// Typing (apiTypes.ts): the result is f's output structure with, at each leaf, the differentiated
// parameter(s) as Arrays (JacobianOf); the overloads follow grad's: a hasAux pair, then no aux,
// then a function typed to return a plain JS array, then a hasAux known only at run time.

/**
 * The typed signatures jacfwd and jacrev share: f's output structure with, at each leaf, the
 * differentiated argument's structure (each leaf of shape `out.shape + in.shape`).
 */
export interface JacobianTransform {
  /** `hasAux: true` with f returning `[output, aux]`: returns `[jacobian, aux]`. */
  <P extends unknown[], R, Aux, const A extends Argnums = 0>(
    f: (...args: P) => readonly [R, Aux],
    opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
  ): (...args: P) => [JacobianOf<P, R, A>, ArraysOf<Aux>];
  /** `(f, { argnums })(...args)`: the Jacobian. */
  <P extends unknown[], R, const A extends Argnums = 0>(
    f: (...args: P) => R,
    opts?: { argnums?: CheckedArgnums<P, A>; hasAux?: false; holomorphic?: boolean },
  ): (...args: P) => JacobianOf<P, R, A>;
  /** `hasAux: true` with f typed to return a JS array rather than a pair: output and aux typed as any element. */
  <P extends unknown[], Out, const A extends Argnums = 0>(
    f: (...args: P) => readonly Out[],
    opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
  ): (...args: P) => [JacobianOf<P, Out, A>, ArraysOf<Out>];
  /** `hasAux` known only at run time: the result is the Jacobian or `[jacobian, aux]`. */
  <P extends unknown[], H extends boolean, const A extends Argnums = 0>(
    f: (...args: P) => unknown,
    opts: { argnums?: CheckedArgnums<P, A>; hasAux: RuntimeBoolean<H>; holomorphic?: boolean },
  ): (...args: P) => unknown;
}

/**
 * `jacfwd(f, { argnums, hasAux })` (jax.jacfwd): the forward-mode Jacobian, the linearized
 * function pushed forward over the input basis with vmap; each leaf has shape `out.shape + in.shape`.
 *
 * @example
 * ```ts
 * const f = (x: Array) => np.multiply(x, np.array([2, 3]));
 * jacfwd(f)(np.array([1, 1])); // Array([[2., 0.], [0., 3.]], dtype=float32)
 * jacfwd((x: Array) => np.sin(x))(np.array([0, 1])); // Array([[1.       , 0.       ], [0.       , 0.5403023]], dtype=float32)
 * ```
 */
export const jacfwd = ((f: Fn, opts: JacobianOptions = {}) => jacfwdUntyped(f, opts)) as JacobianTransform;

/**
 * `jacrev(f, { argnums, hasAux })` (jax.jacrev): the reverse-mode Jacobian, the pullback applied
 * to the output basis with vmap; each leaf has shape `out.shape + in.shape`.
 *
 * @example
 * ```ts
 * const f = (x: Array) => np.array([np.sum(x), np.prod(x)]);
 * jacrev(f)(np.array([2, 3])); // Array([[1., 1.], [3., 2.]], dtype=float32)
 * ```
 */
export const jacrev = ((f: Fn, opts: JacobianOptions = {}) => jacrevUntyped(f, opts)) as JacobianTransform;

function jacfwdUntyped(f: Fn, opts: JacobianOptions): (...args: unknown[]) => unknown {
  checkCallable(f);
  const argnums = opts.argnums ?? 0;
  const hasAux = opts.hasAux ?? false;
  const holomorphic = opts.holomorphic ?? false;
  return (...args: unknown[]) => {
    const { inLeaves, inDef, g } = differentiatedArgs(f, argnums, args, "jacfwd", holomorphic);
    const checked = (t: unknown): unknown => {
      const r = g(t);
      splitAux(r, hasAux);
      return r;
    };
    // With aux, the linear map returns [outTangent, auxTangent]; only the output's is kept.
    const [result, fJvp] = linearize(checked, tree.unflatten(inDef, inLeaves));
    const { out, aux } = splitAux(result, hasAux);
    const [outLeavesRaw, outDef] = tree.flatten(out);
    const outLeaves = outLeavesRaw as Array[];
    if (holomorphic) {
      for (const o of outLeaves) if (!isComplex(o.dtype)) throw new TypeError(`jacfwd with holomorphic=True requires outputs with complex dtype, but got ${o.dtype}.`);
    }
    const basis = standardBasis(inLeaves);
    const push = (...b: Array[]): unknown => {
      const t = fJvp(tree.unflatten(inDef, b));
      return hasAux ? (t as unknown[])[0] : t;
    };
    const pushed = tree.leaves(vmap(push)(...basis)) as Array[]; // [total, ...outShape]
    const offs = offsets(inLeaves.map((x) => x.size));
    const jac = tree.unflatten(
      outDef,
      outLeaves.map((o, oi) =>
        tree.unflatten(
          inDef,
          inLeaves.map((x, i) => {
            const block = rows(pushed[oi]!, offs[i]!, x.size); // [inSize, ...outShape]
            const moved = lax.transpose(block, [...o.shape.map((_, k) => k + 1), 0]);
            return lax.reshape(moved, [...o.shape, ...x.shape]);
          }),
        ),
      ),
    );
    return hasAux ? [jac, aux] : jac;
  };
}

/** Zeros of x's shape and dtype: the cotangent given to the aux outputs, which are not differentiated. */
function zerosOf(x: Array): Array {
  return new ArrayImpl(allocTyped(x.dtype, x.size), new ShapedArray([...x.shape], x.dtype, false));
}

function jacrevUntyped(f: Fn, opts: JacobianOptions): (...args: unknown[]) => unknown {
  checkCallable(f);
  const argnums = opts.argnums ?? 0;
  const hasAux = opts.hasAux ?? false;
  const holomorphic = opts.holomorphic ?? false;
  return (...args: unknown[]) => {
    const { inLeaves, inDef, g } = differentiatedArgs(f, argnums, args, "jacrev", holomorphic);
    const checked = (t: unknown): unknown => {
      const r = g(t);
      splitAux(r, hasAux);
      return r;
    };
    const [result, pullback] = vjp(checked, tree.unflatten(inDef, inLeaves));
    const { out, aux } = splitAux(result, hasAux);
    const [outLeavesRaw, outDef] = tree.flatten(out);
    const outLeaves = outLeavesRaw as Array[];
    for (const o of outLeaves) checkOutputDtype("jacrev", o, holomorphic);
    // With aux, the pullback takes [outCotangent, auxCotangent]; aux's is zero.
    const auxCt = hasAux ? tree.map((a: unknown) => zerosOf(toArrayLeaf(a)), aux) : undefined;
    const pull = (...b: Array[]): unknown => {
      const ct = tree.unflatten(outDef, b);
      return pullback(hasAux ? [ct, auxCt] : ct)[0];
    };
    const basis = standardBasis(outLeaves);
    const pulled = tree.leaves(vmap(pull)(...basis)) as Array[]; // [total, ...inShape]
    const offs = offsets(outLeaves.map((o) => o.size));
    const jac = tree.unflatten(
      outDef,
      outLeaves.map((o, oi) =>
        tree.unflatten(
          inDef,
          inLeaves.map((x, i) => lax.reshape(rows(pulled[i]!, offs[oi]!, o.size), [...o.shape, ...x.shape])),
        ),
      ),
    );
    return hasAux ? [jac, aux] : jac;
  };
}

/**
 * `hessian(f, { argnums, hasAux })` (jax.hessian): jacfwd of jacrev, so a function's output structure with, at each
 * leaf, the differentiated argument's structure nested twice. This form: `hasAux: true`.
 *
 * @example
 * ```ts
 * const f = (x: Array) => np.sum(np.power(x, 3));
 * hessian(f)(np.array([1, 2])); // Array([[ 6.,  0.], [ 0., 12.]], dtype=float32)
 * ```
 */
export function hessian<P extends unknown[], R, Aux, const A extends Argnums = 0>(
  f: (...args: P) => readonly [R, Aux],
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
): (...args: P) => [HessianOf<P, R, A>, ArraysOf<Aux>];
/** `hessian(f, { argnums })(...args)`: for a scalar f of one Array argument, a matrix of shape `in.shape + in.shape`. */
export function hessian<P extends unknown[], R, const A extends Argnums = 0>(
  f: (...args: P) => R,
  opts?: { argnums?: CheckedArgnums<P, A>; hasAux?: false; holomorphic?: boolean },
): (...args: P) => HessianOf<P, R, A>;
/** `hasAux: true` with f typed to return a JS array rather than a pair: output and aux typed as any element. */
export function hessian<P extends unknown[], Out, const A extends Argnums = 0>(
  f: (...args: P) => readonly Out[],
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
): (...args: P) => [HessianOf<P, Out, A>, ArraysOf<Out>];
/** `hasAux` known only at run time: the result is the Hessian or `[hessian, aux]`. */
export function hessian<P extends unknown[], H extends boolean, const A extends Argnums = 0>(
  f: (...args: P) => unknown,
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: RuntimeBoolean<H>; holomorphic?: boolean },
): (...args: P) => unknown;
export function hessian(f: Fn, opts: JacobianOptions = {}): (...args: unknown[]) => unknown {
  return jacfwdUntyped(jacrevUntyped(f, opts), opts);
}
