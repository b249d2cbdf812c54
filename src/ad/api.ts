// The autodiff API: jvp, linearize, vjp, grad, valueAndGrad, jacfwd, jacrev, hessian, over
// pytrees. Reverse mode is linearize (jvp + partial evaluation) followed by transposition.
import { defaultFloatDType, isComplex, isFloat, isInexact, shapeString } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { scalarArray } from "../core/eval.js";
import { checkCallable } from "../core/describe.js";
import * as tree from "../tree/index.js";
import * as lax from "../lax/ops.js";
import { jvpFlat } from "./jvp.js";
import { partialEvalFlat, PartialVal } from "./partialEval.js";
import { backwardPass } from "./transpose.js";
import { UndefinedPrimal } from "./types.js";
import { instantiate, tangentAval } from "./zeros.js";
import { evalJaxpr } from "../core/evalJaxpr.js";
import type { ArraysOf, Argnums, CheckedArgnums, GradOf, GradOptions, ScalarOutput } from "./apiTypes.js";
// The transforms read rule tables that src/rules.ts assembles and installs.
import "../rules.js";

export type { GradOptions } from "./apiTypes.js";

type Fn = (...args: never[]) => unknown;

/** Transform inputs: Arrays pass through; JS numbers are weak float32 scalars (like Python floats). */
export function toArrayLeaf(x: unknown, what = "argument"): Array {
  if (x instanceof Array) return x;
  if (typeof x === "number") return scalarArray(x, defaultFloatDType(), true);
  if (typeof x === "boolean") return scalarArray(x, "bool", false);
  throw new TypeError(`${what} ${String(x)} of type ${typeof x} is not a valid dprog type: expected an Array, number or boolean.`);
}

function flattenArgs(args: readonly unknown[], what: string): [Array[], tree.TreeDef] {
  const [leaves, def] = tree.flatten(args);
  return [leaves.map((l) => toArrayLeaf(l, what)), def];
}

/** Flat wrapper of a pytree function; records the output tree on first call. */
function flatFun(f: Fn, inTree: tree.TreeDef): { call: (...xs: Array[]) => Array[]; outTree: () => tree.TreeDef } {
  let outTree: tree.TreeDef | null = null;
  return {
    call: (...xs: Array[]) => {
      const args = tree.unflatten(inTree, xs) as unknown[];
      const out = (f as (...a: unknown[]) => unknown)(...args);
      const [leaves, def] = tree.flatten(out);
      outTree = def;
      return leaves.map((l) => toArrayLeaf(l, "output"));
    },
    outTree: () => outTree!,
  };
}

/**
 * `jvp(f, primals, tangents)` (jax.jvp): returns `[primalsOut, tangentsOut]`, the value of `f` and
 * its directional derivative along `tangents`.
 *
 * @example
 * ```ts
 * jvp((x: Array) => np.multiply(x, x), [np.array([1, 2])], [np.array([1, 0])]); // [Array([1., 4.], dtype=float32), Array([2., 0.], dtype=float32)]
 * ```
 */
export function jvp<R>(f: (...args: never[]) => R, primals: readonly unknown[], tangents: readonly unknown[]): [ArraysOf<R>, ArraysOf<R>] {
  checkCallable(f);
  if (!globalThis.Array.isArray(primals) || !globalThis.Array.isArray(tangents)) {
    throw new TypeError("jvp: primal and tangent arguments must be arrays (lists) of the function's arguments.");
  }
  const [ps, inTree] = flattenArgs(primals, "jvp primal");
  const [ts, tTree] = flattenArgs(tangents, "jvp tangent");
  if (!inTree.equals(tTree)) throw new TypeError(`primal and tangent arguments to jvp must have the same tree structure; got ${inTree} and ${tTree}.`);
  const flat = flatFun(f, inTree);
  const [po, to] = jvpFlat(flat.call, ps, ts);
  return [tree.unflatten(flat.outTree(), po), tree.unflatten(flat.outTree(), to.map(instantiate))] as [ArraysOf<R>, ArraysOf<R>];
}

interface Linearized {
  primalsOut: Array[];
  aux: Array[];
  outTree: tree.TreeDef;
  auxTree: tree.TreeDef | null;
  jaxpr: import("../../jaxpr/index.js").Jaxpr;
  consts: Array[];
  inAvals: import("../../jaxpr/index.js").ShapedArray[];
}

/** jvp + partial evaluation: the known primal outputs and the linear jaxpr of the tangents. */
function linearizeFlat(f: Fn, inTree: tree.TreeDef, primals: Array[], hasAux: boolean): Linearized {
  const n = primals.length;
  let outTree: tree.TreeDef | null = null;
  let auxTree: tree.TreeDef | null = null;
  let nOut = 0;
  const fJvp = (...xs: Array[]): Array[] => {
    let nAux = 0;
    const body = (...ys: Array[]): Array[] => {
      let out = (f as (...a: unknown[]) => unknown)(...(tree.unflatten(inTree, ys) as unknown[]));
      let auxLeaves: Array[] = [];
      if (hasAux) {
        if (!globalThis.Array.isArray(out) || out.length !== 2) {
          throw new TypeError(`expected function with aux output to return a two-element array [output, aux], but got ${globalThis.Array.isArray(out) ? `an array of length ${out.length}` : out instanceof Array ? `an Array of shape ${shapeString(out.shape)}` : typeof out}.`);
        }
        const [aLeaves, aDef] = tree.flatten(out[1]);
        auxTree = aDef;
        auxLeaves = aLeaves.map((l) => toArrayLeaf(l, "auxiliary output"));
        out = out[0];
      }
      const [leaves, def] = tree.flatten(out);
      outTree = def;
      nAux = auxLeaves.length;
      // Aux values ride along as extra outputs; their tangents are dropped below.
      return [...leaves.map((l) => toArrayLeaf(l, "output")), ...auxLeaves];
    };
    const [primalsOut, tangentsOut] = jvpFlat(body, xs.slice(0, n), xs.slice(n));
    nOut = primalsOut.length - nAux;
    return [...primalsOut, ...tangentsOut.slice(0, nOut).map(instantiate)];
  };
  const pvals = [...primals.map((p) => PartialVal.known(p)), ...primals.map((p) => PartialVal.unknown(tangentAval(p.aval)))];
  const { jaxpr, consts, pvalsOut } = partialEvalFlat(fJvp, pvals, (i, total) => i >= total - nOut);
  const known = pvalsOut.slice(0, pvalsOut.length - nOut);
  for (const p of known) {
    if (!p.isKnown) throw new Error("linearize: a primal output depends on tangents");
  }
  const values = known.map((p) => p.value!);
  return {
    primalsOut: values.slice(0, nOut),
    aux: values.slice(nOut),
    outTree: outTree!,
    auxTree,
    jaxpr,
    consts,
    inAvals: primals.map((p) => tangentAval(p.aval)),
  };
}


/**
 * `linearize(f, ...primals)` (jax.linearize): returns `[out, fJvp]` where `fJvp(...tangents)`
 * evaluates the linear map of `f` at `primals` without retracing `f`.
 *
 * @example
 * ```ts
 * const [y, fJvp] = linearize(np.sin, np.array([0, 1]));
 * y; // Array([0.        , 0.84147096], dtype=float32)
 * fJvp(np.array([1, 1])); // Array([1.       , 0.5403023], dtype=float32)
 * ```
 */
export function linearize<R>(f: (...args: never[]) => R, ...primals: unknown[]): [ArraysOf<R>, (...tangents: unknown[]) => ArraysOf<R>] {
  checkCallable(f);
  const [ps, inTree] = flattenArgs(primals, "linearize primal");
  const lin = linearizeFlat(f, inTree, ps, false);
  const fJvp = (...tangents: unknown[]): ArraysOf<R> => {
    const [ts, tTree] = flattenArgs(tangents, "linearize tangent");
    if (!tTree.equals(inTree)) throw new TypeError(`linearized function expects tangents with structure ${inTree}, got ${tTree}.`);
    ts.forEach((t, i) => checkSameAval("linearized function tangent", t, lin.inAvals[i]!));
    const outs = evalLinear(lin, ts);
    return tree.unflatten(lin.outTree, outs) as ArraysOf<R>;
  };
  return [tree.unflatten(lin.outTree, lin.primalsOut) as ArraysOf<R>, fJvp];
}

const evalLinear = (lin: Linearized, tangents: Array[]): Array[] => evalJaxpr(lin.jaxpr, lin.consts, tangents);

function checkSameAval(what: string, x: Array, aval: import("../../jaxpr/index.js").ShapedArray): void {
  if (x.dtype !== aval.dtype || x.shape.length !== aval.shape.length || x.shape.some((d, i) => d !== aval.shape[i])) {
    throw new TypeError(`${what} must have shape ${shapeString(aval.shape)} and dtype ${aval.dtype}, got shape ${shapeString(x.shape)} and dtype ${x.dtype}.`);
  }
}

function makeVjp(lin: Linearized, inTree: tree.TreeDef): (ct: unknown) => unknown[] {
  return (ct: unknown) => {
    const [cts, ctTree] = tree.flatten(ct);
    if (!ctTree.equals(lin.outTree)) {
      throw new TypeError(`Tree structure of cotangent input ${ctTree}, does not match structure of primal output ${lin.outTree}.`);
    }
    const ctArrays = cts.map((c, i) => {
      const a = toArrayLeaf(c, "cotangent");
      const p = lin.primalsOut[i]!;
      if (a.shape.length !== p.shape.length || a.shape.some((d, j) => d !== p.shape[j])) {
        throw new TypeError(
          `Shape of cotangent input to vjp pullback function ${shapeString(a.shape)} must be the same as the shape of corresponding primal input ${shapeString(p.shape)}.`,
        );
      }
      return a.dtype === p.dtype ? a : lax.convertElementType(a, p.dtype);
    });
    const args = lin.inAvals.map((a) => new UndefinedPrimal(a));
    const grads = backwardPass(lin.jaxpr, lin.consts, args, ctArrays).map(instantiate);
    return tree.unflatten(inTree, grads) as unknown[];
  };
}

/**
 * `vjp(f, ...primals)` (jax.vjp): returns `[out, vjpFn]`; `vjpFn(ct)` returns one cotangent per primal.
 *
 * @example
 * ```ts
 * const [y, vjpFn] = vjp((x: Array, w: Array) => np.multiply(x, w), np.array([1, 2]), np.array([3, 4]));
 * y; // Array([3., 8.], dtype=float32)
 * vjpFn(np.array([1, 1])); // [Array([3., 4.], dtype=float32), Array([1., 2.], dtype=float32)]
 * ```
 */
export function vjp<P extends unknown[], R>(f: (...args: P) => R, ...primals: unknown[]): [ArraysOf<R>, (ct: unknown) => ArraysOf<P>] {
  checkCallable(f);
  const [ps, inTree] = flattenArgs(primals, "vjp primal");
  const lin = linearizeFlat(f as Fn, inTree, ps, false);
  return [tree.unflatten(lin.outTree, lin.primalsOut) as ArraysOf<R>, makeVjp(lin, inTree) as (ct: unknown) => ArraysOf<P>];
}

function normalizeArgnums(argnums: number | readonly number[], nArgs: number): number[] {
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  return list.map((a) => {
    if (!Number.isInteger(a) || a < -nArgs || a >= nArgs) {
      throw new TypeError(`Differentiating with respect to argnums=${JSON.stringify(argnums)} requires at least ${Math.max(a, -a - 1) + 1} positional arguments to be passed by the caller, but got only ${nArgs} positional arguments.`);
    }
    return a < 0 ? a + nArgs : a;
  });
}

/** JAX's _check_input_dtype_revderiv (jax/_src/api.py). */
export function checkInexactInputs(leaves: Array[], fnName: string, holomorphic = false): void {
  for (const l of leaves) {
    if (holomorphic && !isComplex(l.dtype)) {
      throw new TypeError(`${fnName} with holomorphic=True requires inputs with complex dtype, but got ${l.dtype}.`);
    }
    if (!isInexact(l.dtype)) {
      throw new TypeError(
        `${fnName} requires real- or complex-valued inputs (input dtype that is a sub-dtype of np.inexact), but got ${l.dtype}. ` +
          `If you want to use Boolean- or integer-valued inputs, use vjp.`,
      );
    }
  }
}

/** JAX's _check_output_dtype_revderiv (jax/_src/api.py). */
export function checkOutputDtype(name: string, o: Array, holomorphic: boolean): void {
  if (holomorphic) {
    if (!isComplex(o.dtype)) throw new TypeError(`${name} with holomorphic=True requires outputs with complex dtype, but got ${o.dtype}.`);
  } else if (isComplex(o.dtype)) {
    throw new TypeError(
      `${name} requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${o.dtype}. ` +
        `For holomorphic differentiation, pass holomorphic=True. For differentiation of non-holomorphic functions involving complex outputs, use vjp directly.`,
    );
  } else if (!isFloat(o.dtype)) {
    throw new TypeError(`${name} requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but got ${o.dtype}. For differentiation of functions with integer outputs, use vjp directly.`);
  }
}

function checkScalarOutput(out: Array[], outTree: tree.TreeDef, holomorphic: boolean): Array {
  if (out.length !== 1 || outTree.kind !== "leaf") {
    throw new TypeError(`Gradient only defined for scalar-output functions. Output was ${outTree}.`);
  }
  const o = out[0]!;
  if (o.ndim !== 0) {
    const hint = o.size === 1 ? ` If the output has a single element, reshape it to a scalar first: out.reshape([]).` : "";
    throw new TypeError(`Gradient only defined for scalar-output functions. Output had shape: ${shapeString(o.shape)}.${hint}`);
  }
  checkOutputDtype("grad", o, holomorphic);
  return o;
}

// Typing (apiTypes.ts): grads mirror the differentiated parameters' types with every leaf an
// Array; a list of argnums gives a tuple. The hasAux pair overload comes first so that an inline
// `(x) => [loss, aux]` is read as a pair; a function already typed to return a plain JS array
// gets its aux typed as any element. A hasAux that is not a literal gives a union.

/**
 * `valueAndGrad(f, opts)(...args)` (jax.value_and_grad) returns `[value, grads]` (with aux: `[[value, aux], grads]`).
 * This form: `hasAux: true` with f returning the pair `[scalar, aux]`.
 *
 * @example
 * ```ts
 * const f = (x: Array) => np.sum(np.square(x));
 * valueAndGrad(f)(np.array([1, 2])); // [Array(5., dtype=float32), Array([2., 4.], dtype=float32)]
 * const g = (x: Array): [Array, Array] => [np.sum(np.square(x)), np.max(x)];
 * valueAndGrad(g, { hasAux: true })(np.array([1, 2])); // [[Array(5., dtype=float32), Array(2., dtype=float32)], Array([2., 4.], dtype=float32)]
 * ```
 */
export function valueAndGrad<P extends unknown[], Aux, const A extends Argnums = 0>(
  f: (...args: P) => readonly [ScalarOutput, Aux],
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
): (...args: P) => [[Array, ArraysOf<Aux>], GradOf<P, A>];
/** `valueAndGrad(f, { argnums })(...args)` returns `[value, grads]` for a scalar-output f. */
export function valueAndGrad<P extends unknown[], const A extends Argnums = 0>(
  f: (...args: P) => ScalarOutput,
  opts?: { argnums?: CheckedArgnums<P, A>; hasAux?: false; holomorphic?: boolean },
): (...args: P) => [Array, GradOf<P, A>];
/** `hasAux: true` with f typed to return a JS array rather than a pair: aux is typed as any element. */
export function valueAndGrad<P extends unknown[], Out, const A extends Argnums = 0>(
  f: (...args: P) => readonly Out[],
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
): (...args: P) => [[Array, ArraysOf<Out>], GradOf<P, A>];
/** `hasAux` known only at run time: the value is `value` or `[value, aux]`. */
export function valueAndGrad<P extends unknown[], const A extends Argnums = 0>(
  f: (...args: P) => unknown,
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: boolean; holomorphic?: boolean },
): (...args: P) => [Array | [Array, unknown], GradOf<P, A>];
export function valueAndGrad(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => [unknown, unknown] {
  return valueAndGradUntyped(f, opts);
}

function valueAndGradUntyped(f: Fn, opts: GradOptions): (...args: unknown[]) => [unknown, unknown] {
  checkCallable(f);
  const argnumsOpt = opts.argnums ?? 0;
  const hasAux = opts.hasAux ?? false;
  const holomorphic = opts.holomorphic ?? false;
  return (...args: unknown[]) => {
    const argnums = normalizeArgnums(argnumsOpt, args.length);
    const diffArgs = argnums.map((i) => args[i]);
    const [ps, inTree] = flattenArgs(diffArgs, "grad argument");
    checkInexactInputs(ps, "grad", holomorphic);
    const fPartial = (...dyn: unknown[]): unknown => {
      const full = [...args];
      argnums.forEach((a, k) => (full[a] = dyn[k]));
      return (f as (...a: unknown[]) => unknown)(...full);
    };
    const lin = linearizeFlat(fPartial, inTree, ps, hasAux);
    const out = checkScalarOutput(lin.primalsOut, lin.outTree, holomorphic);
    const grads = makeVjp(lin, inTree)(scalarArray(1, out.dtype, false));
    const value = hasAux ? [out, tree.unflatten(lin.auxTree!, lin.aux)] : out;
    return [value, typeof argnumsOpt === "number" ? grads[0] : grads];
  };
}

/**
 * `grad(f, { argnums, hasAux })` (jax.grad): the gradient of a scalar-output function (with aux: `[grads, aux]`).
 * This form: `hasAux: true` with f returning the pair `[scalar, aux]`.
 *
 * @example
 * ```ts
 * grad(np.sin)(0); // Array(1., dtype=float32)
 * const loss = (w: Array, x: Array) => np.sum(np.square(np.multiply(w, x)));
 * grad(loss)(np.array([1, 2]), np.array([3, 4])); // Array([18., 64.], dtype=float32)
 * grad(loss, { argnums: [0, 1] })(np.array([1, 2]), np.array([3, 4])); // [Array([18., 64.], dtype=float32), Array([ 6., 32.], dtype=float32)]
 * grad(grad(np.sin))(0.5); // Array(-0.47942555, dtype=float32)
 * ```
 */
export function grad<P extends unknown[], Aux, const A extends Argnums = 0>(
  f: (...args: P) => readonly [ScalarOutput, Aux],
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
): (...args: P) => [GradOf<P, A>, ArraysOf<Aux>];
/** `grad(f, { argnums })`: the gradient of a scalar-output function, shaped like the argument(s) it is taken for. */
export function grad<P extends unknown[], const A extends Argnums = 0>(
  f: (...args: P) => ScalarOutput,
  opts?: { argnums?: CheckedArgnums<P, A>; hasAux?: false; holomorphic?: boolean },
): (...args: P) => GradOf<P, A>;
/** `hasAux: true` with f typed to return a JS array rather than a pair: aux is typed as any element. */
export function grad<P extends unknown[], Out, const A extends Argnums = 0>(
  f: (...args: P) => readonly Out[],
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: true; holomorphic?: boolean },
): (...args: P) => [GradOf<P, A>, ArraysOf<Out>];
/** `hasAux` known only at run time: the result is `grads` or `[grads, aux]`. */
export function grad<P extends unknown[], const A extends Argnums = 0>(
  f: (...args: P) => unknown,
  opts: { argnums?: CheckedArgnums<P, A>; hasAux: boolean; holomorphic?: boolean },
): (...args: P) => GradOf<P, A> | [GradOf<P, A>, unknown];
export function grad(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  const vg = valueAndGradUntyped(f, opts);
  return (...args: unknown[]) => {
    const [value, g] = vg(...args);
    return opts.hasAux ? [g, (value as unknown[])[1]] : g;
  };
}

