// The user-facing control flow of lax: cond, switch, whileLoop, foriLoop, scan, map. Each traces
// its functions once (on the operands' shapes and dtypes) into carried jaxprs and binds one
// primitive, so it works under every transform. Pytrees and JAX's checks and error wording
// live here; the primitives' rules live beside this file.
import type { ShapedArray } from "../../jaxpr/index.js";
import { defaultFloatDType, isInteger, shapeString } from "../../jaxpr/index.js";
import { Array, bufferOf } from "../core/array.js";
import { checkIntegerRange, describeValue, scalarArray } from "../core/eval.js";
import * as tree from "../tree/index.js";
import * as lax from "../lax/ops.js";
import { toArrayLeaf } from "../ad/api.js";
import { NotImplementedError, ValueError } from "../core/errors.js";
import { callJaxpr, joinConsts, stage } from "./common.js";
import type { Staged } from "./common.js";
import { bindScan } from "./scan.js";
import { bindCond } from "./cond.js";
import { bindWhile } from "./while.js";
import { loadControlFamily } from "../families/control.js";
import { withThreadedRefs, writeRefs } from "../state/threading.js";
import { isRef, refTypeString, refValues } from "../state/ref.js";

type AnyFn = (...args: unknown[]) => unknown;

const DTYPE_NAMES: Record<string, string> = { float32: "float32", float64: "float64", int32: "int32", uint32: "uint32", bool: "bool" };
/** JAX's rendering of an aval in error messages: ShapedArray(float32[3]). */
const avalString = (a: ShapedArray): string => `ShapedArray(${DTYPE_NAMES[a.dtype]}[${a.shape.join(",")}]${a.weakType ? ", weak_type=True" : ""})`;
const leafArrays = (xs: readonly unknown[], what: string): Array[] => xs.map((x) => toArrayLeaf(x, what));

/** A traced function of pytree arguments, flattened: its carried jaxpr, captured values, output tree. */
interface TracedFun extends Staged {
  readonly outTree: tree.TreeDef;
}

/** Traces `f(...args)` where the args are rebuilt from flat leaves of `inTree` with `avals`. */
export function traceFun(f: (...args: never[]) => unknown, inTree: tree.TreeDef, avals: readonly ShapedArray[], what: string): TracedFun {
  let outTree: tree.TreeDef | null = null;
  const staged = stage((...xs) => {
    const args = tree.unflatten(inTree, xs) as unknown[];
    const out = (f as (...a: unknown[]) => unknown)(...args);
    const [leaves, def] = tree.flatten(out);
    outTree = def;
    return leafArrays(leaves, `${what} output`);
  }, avals);
  return { ...staged, outTree: outTree! };
}

/**
 * Differences between two lists of avals as JAX prints them: the mismatched ones marked
 * DIFFERENT, shape and dtype compared (weak types are reconciled separately).
 */
function avalDiff(a: readonly ShapedArray[], b: readonly ShapedArray[]): string {
  const parts = a.map((x, i) => (x.matches(b[i]!) ? avalString(x) : `DIFFERENT ${avalString(x)} vs. ${avalString(b[i]!)}`));
  return parts.length === 1 ? parts[0]! : `(${parts.join(", ")})`;
}

// ---- cond / switch ----

/**
 * Traces every branch on the operands and checks they agree (JAX's wording for cond or switch;
 * `swapped` reports the pair in the opposite order, as cond names true_fun before false_fun).
 */
function traceBranches(branches: readonly ((...args: never[]) => unknown)[], operands: readonly unknown[], describe: (i: number) => string, swapped: boolean): { traced: TracedFun[]; ops: Array[] } {
  const [leaves, inTree] = tree.flatten(operands);
  const ops = leafArrays(leaves, "cond operand");
  const avals = ops.map((o) => o.aval);
  let traced = branches.map((b) => traceFun(b, inTree, avals, "branch"));
  const order = <T>(a: T, b: T): [T, T] => (swapped ? [b, a] : [a, b]);
  for (let i = 1; i < traced.length; i++) {
    const [a, b] = order(traced[0]!, traced[i]!);
    if (!a.outTree.equals(b.outTree)) throw new TypeError(`${describe(i)} must have same type structure, got ${a.outTree} and ${b.outTree}.`);
  }
  // A weakly typed output (a JS number) takes the dtype of the branches' strongly typed one, so
  // weak and strong outputs are joined as JAX joins them.
  const target = traced[0]!.jaxpr.outAvals.map((_, k) => {
    const outs = traced.map((t) => t.jaxpr.outAvals[k]!);
    const strong = [...new Set(outs.filter((o) => !o.weakType).map((o) => o.dtype))];
    return strong.length === 1 && outs.some((o) => o.weakType || o.dtype !== strong[0]) ? strong[0]! : null;
  });
  if (target.some((t) => t !== null)) {
    traced = traced.map((t) => {
      const convert = (xs: Array[]): Array[] => xs.map((x, k) => (target[k] !== null && x.aval.weakType && x.ndim === t.jaxpr.outAvals[k]!.ndim ? lax.convertElementType(x, target[k]!, false) : x));
      return { ...stage((...xs) => convert(callJaxpr(t.jaxpr, [...t.consts, ...xs])), avals), outTree: t.outTree };
    });
  }
  for (let i = 1; i < traced.length; i++) {
    const [a, b] = order(traced[0]!.jaxpr.outAvals, traced[i]!.jaxpr.outAvals);
    if (a.some((x, k) => !x.matches(b[k]!))) throw new TypeError(`${describe(i)} must have identical types, got\n${avalDiff(a, b)}.`);
  }
  return { traced, ops };
}

/** Applies the branches; array references they touch are threaded through as an extra operand and output (state/threading.ts). */
function applyBranches(index: Array, branches: readonly ((...args: never[]) => unknown)[], operands: readonly unknown[], describe: (i: number) => string, swapped = false): unknown {
  const [leaves, opTree] = tree.flatten(operands);
  if (leaves.some(isRef)) {
    // Reference operands reach the branches as themselves and are threaded like closed-over ones.
    const arrays = leaves.filter((l) => !isRef(l));
    const withRefs = branches.map((b) => (...xs: unknown[]) => {
      let k = 0;
      return (b as AnyFn)(...(tree.unflatten(opTree, leaves.map((l) => (isRef(l) ? l : xs[k++]))) as unknown[]));
    });
    return applyBranches(index, withRefs, arrays, describe, swapped);
  }
  return withThreadedRefs(swapped ? "cond" : "switch", (refs, body) => {
    if (refs.length === 0) {
      const wrapped = branches.map((b) => (...args: unknown[]) => body(() => (b as AnyFn)(...args), [])[0]);
      return applyTracedBranches(index, wrapped, operands, describe, swapped);
    }
    const wrapped = branches.map((b) => (...args: unknown[]) => body(() => (b as AnyFn)(...args.slice(0, -1)), args[args.length - 1] as Array[]));
    const [out, finals] = applyTracedBranches(index, wrapped, [...operands, refValues(refs)], describe, swapped) as [unknown, Array[]];
    writeRefs(refs, finals);
    return out;
  });
}

function applyTracedBranches(index: Array, branches: readonly ((...args: never[]) => unknown)[], operands: readonly unknown[], describe: (i: number) => string, swapped: boolean): unknown {
  const { traced, ops } = traceBranches(branches, operands, describe, swapped);
  const { jaxprs, consts } = joinConsts(traced);
  loadControlFamily();
  const outs = bindCond(index, consts, ops, jaxprs);
  return tree.unflatten(traced[0]!.outTree, outs);
}

/** Reads a scalar predicate/index argument as an Array, with JAX's checks. */
function scalarOperand(x: unknown, badType: (x: unknown) => never, badShape: (x: Array) => never): Array {
  let a: Array;
  if (x instanceof Array) a = x;
  else if (typeof x === "boolean") a = scalarArray(x);
  else if (typeof x === "number") a = Number.isInteger(x) ? scalarArray(x, "int32", true) : scalarArray(x, defaultFloatDType(), true);
  else return badType(x);
  if (a.ndim !== 0) return badShape(a);
  return a;
}

/**
 * `lax.cond(pred, trueFn, falseFn, ...operands)` (jax.lax.cond): `trueFn(...operands)` if pred, else `falseFn(...operands)`; under jit or vmap both branches are traced and their outputs must match in structure, shape and dtype.
 *
 * @example
 * ```ts
 * lax.cond(true, (x: Array) => lax.mul(x, 2), (x: Array) => lax.neg(x), np.array([1, 2])); // Array([2., 4.], dtype=float32)
 * jit((p: Array, x: Array) => lax.cond(p, (v: Array) => lax.mul(v, 2), (v: Array) => lax.neg(v), x))(np.array(false), np.array([1, 2])); // Array([-1., -2.], dtype=float32)
 * ```
 */
export function cond<R1, R2 = R1>(pred: unknown, trueFn: (...args: never[]) => R1, falseFn: (...args: never[]) => R2, ...operands: unknown[]): R1 | R2 {
  if (typeof trueFn !== "function" || typeof falseFn !== "function") throw new TypeError("lax.cond: true_fun and false_fun arguments should be callable.");
  const p = scalarOperand(
    pred,
    (x) => {
      throw new TypeError(`Pred type must be either boolean or number, got ${typeof x === "function" ? `<function ${(x as { name?: string }).name ?? ""}>` : String(x)}.`);
    },
    (a) => {
      throw new TypeError(`Pred must be a scalar, got ${a.toString()} of shape ${shapeString(a.shape)}.`);
    },
  );
  let index: Array;
  if (p.dtype === "bool") index = lax.convertElementType(p, "int32");
  else if (isInteger(p.dtype)) index = lax.convertElementType(lax.ne(p, scalarArray(0, p.dtype, false)), "int32");
  else throw new TypeError(`Pred type must be either boolean or number, got ${p.dtype}.`);
  return applyBranches(index, [falseFn, trueFn], operands, () => "true_fun and false_fun output", true) as R1 | R2;
}

/**
 * `lax.switch(index, branches, ...operands)` (jax.lax.switch): `branches[clamp(index)](...operands)`, the index clamped to the branches' range.
 *
 * @example
 * ```ts
 * const branches = [(x: Array) => lax.neg(x), (x: Array) => lax.mul(x, 10), (x: Array) => lax.square(x)];
 * lax.switch(1, branches, np.array([1, 2])); // Array([10., 20.], dtype=float32)
 * lax.switch(7, branches, np.array([1, 2])); // Array([1., 4.], dtype=float32)
 * ```
 */
function switchImpl<R>(index: unknown, branches: readonly ((...args: never[]) => R)[], ...operands: unknown[]): R {
  const badType = (x: unknown): never => {
    throw new TypeError(`Index type must be an integer, got ${typeof x === "function" ? `<function ${(x as { name?: string }).name ?? ""}>` : String(x)}.`);
  };
  const i = scalarOperand(
    index,
    badType,
    (a) => {
      throw new TypeError(`Branch index must be scalar, got ${a.toString()} of shape ${shapeString(a.shape)}.`);
    },
  );
  if (!isInteger(i.dtype)) badType(i);
  if (!globalThis.Array.isArray(branches) || branches.length === 0) throw new ValueError("Empty branch sequence");
  if (branches.some((b) => typeof b !== "function")) throw new TypeError("lax.switch: branches argument should be a sequence of callables.");
  if (branches.length === 1) return (branches[0] as (...a: unknown[]) => R)(...operands);
  const clamped = lax.clamp(scalarArray(0, "int32", false), lax.convertElementType(i, "int32"), scalarArray(branches.length - 1, "int32", false));
  return applyBranches(clamped, branches, operands, (k) => `branch 0 and ${k} outputs`) as R;
}
export { switchImpl as switch };

// ---- whileLoop / foriLoop ----

// Body results are typed loosely (`unknown`): they are checked at trace time against the carry's
// pytree structure and avals, with JAX's errors, which is stricter than TypeScript could be here.
/**
 * `lax.whileLoop(condFn, bodyFn, init)` (jax.lax.while_loop): `while (condFn(val)) val = bodyFn(val); return val`,
 * over a pytree `val` of fixed shapes and dtypes.
 *
 * @example
 * ```ts
 * lax.whileLoop((v: Array) => lax.lt(v, 10), (v: Array) => lax.mul(v, 2), np.array(1, { dtype: "int32" })); // Array(16, dtype=int32)
 * ```
 */
export function whileLoop<T>(condFn: (val: T) => unknown, bodyFn: (val: T) => unknown, init: T): T {
  if (typeof condFn !== "function" || typeof bodyFn !== "function") throw new TypeError("lax.while_loop: body_fun and cond_fun arguments should be callable.");
  return withThreadedRefs("while_loop", (refs, body) => {
    if (refs.length === 0) return whileLoopTraced((v: T) => body(() => condFn(v), [])[0], (v: T) => body(() => bodyFn(v), [])[0], init);
    // Array references are carried (state/threading.ts); cond_fun may read them only.
    const condStep = ([v, values]: [T, Array[]]): unknown => {
      const [pred, finals] = body(() => condFn(v), values);
      const k = finals.findIndex((x, i) => x !== values[i]);
      if (k >= 0) {
        // JAX 0.10.2 keeps the writes of every cond_fun evaluation but the last: refused rather than differ.
        throw new NotImplementedError(`lax.whileLoop: cond_fun writes the mutable array reference of type ${refTypeString(refs[k]!)}; only body_fun may write array references.`);
      }
      return pred;
    };
    const bodyStep = ([v, values]: [T, Array[]]): [unknown, Array[]] => body(() => bodyFn(v), values);
    const [out, finals] = whileLoopTraced(condStep, bodyStep, [init, refValues(refs)] as [T, Array[]]);
    writeRefs(refs, finals);
    return out;
  });
}

function whileLoopTraced<T>(condFn: (val: T) => unknown, bodyFn: (val: T) => unknown, init: T): T {
  const [rawLeaves, inTree] = tree.flatten(init);
  let initVals = leafArrays(rawLeaves, "whileLoop init");
  const traceBoth = (): { condT: TracedFun; bodyT: TracedFun } => {
    const avals = initVals.map((x) => x.aval);
    const argTree = tree.structure([tree.unflatten(inTree, avals.map(() => 0))]);
    return {
      condT: traceFun(condFn as (...a: never[]) => unknown, argTree, avals, "cond_fun"),
      bodyT: traceFun(bodyFn as (...a: never[]) => unknown, argTree, avals, "body_fun"),
    };
  };
  let { condT, bodyT } = traceBoth();
  const promoted = promoteWeakInit(initVals, bodyT.jaxpr.outAvals);
  if (promoted !== null) {
    initVals = promoted;
    ({ condT, bodyT } = traceBoth());
  }
  const pred = condT.jaxpr.outAvals;
  if (!condT.outTree.equals(tree.structure(pred.length === 1 ? 0 : [])) || pred.length !== 1) {
    throw new TypeError(`cond_fun must return a boolean scalar, but got pytree ${condT.outTree}.`);
  }
  if (pred[0]!.dtype !== "bool" || pred[0]!.ndim !== 0) {
    throw new TypeError(`cond_fun must return a boolean scalar, but got output type(s) [${pred.map(avalString).join(", ")}].`);
  }
  if (!bodyT.outTree.equals(inTree)) throw new TypeError(`body_fun output and input must have same type structure, got ${bodyT.outTree} and ${inTree}.`);
  const initAvals = initVals.map((x) => x.aval);
  if (bodyT.jaxpr.outAvals.some((a, i) => !a.matches(initAvals[i]!))) {
    throw new TypeError(`body_fun output and input must have identical types, got\n${avalDiff(bodyT.jaxpr.outAvals, initAvals)}.`);
  }
  loadControlFamily();
  const outs = bindWhile(condT.consts, bodyT.consts, initVals, condT.jaxpr, bodyT.jaxpr);
  return tree.unflatten(inTree, outs) as T;
}

/**
 * A weakly typed init leaf whose loop output is strongly typed (or of another dtype) takes the
 * output's type, as JAX's _promote_weak_typed_inputs; null when nothing changes.
 */
function promoteWeakInit(init: readonly Array[], outAvals: readonly ShapedArray[]): Array[] | null {
  if (outAvals.length !== init.length) return null;
  let changed = false;
  const out = init.map((x, i) => {
    const o = outAvals[i]!;
    if (!x.aval.weakType || (x.dtype === o.dtype && o.weakType)) return x;
    if (x.dtype === o.dtype && !o.weakType) {
      changed = true;
      return lax.convertElementType(x, x.dtype, false);
    }
    if (!x.shape.every((d, k) => d === o.shape[k]) || x.ndim !== o.ndim) return x;
    changed = true;
    return lax.convertElementType(x, o.dtype, o.weakType);
  });
  return changed ? out : null;
}

/** JAX's fori_loop takes integer bounds: a JS bound must be an integer that fits int32 (TypeError / OverflowError otherwise). */
function checkLoopBound(which: "lower" | "upper", x: unknown): void {
  if (x instanceof Array) return;
  if (typeof x !== "number" || !Number.isInteger(x)) {
    throw new TypeError(`lax.fori_loop: ${which} must be an integer (a JS integer or an integer scalar Array), got ${describeValue(x)}.`);
  }
  checkIntegerRange(x, "int32");
}

/** A static loop bound: a JS number or a concrete integer scalar; null when traced. */
function staticBound(x: unknown): number | null {
  if (typeof x === "number") return Number.isInteger(x) ? x : null;
  if (x instanceof Array && x.ndim === 0 && isInteger(x.dtype)) {
    const c = x.concreteValue();
    return c === null ? null : Number(bufferOf(c)[0]);
  }
  return null;
}

/**
 * `lax.foriLoop(lower, upper, bodyFn, init)` (jax.lax.fori_loop): `for (i = lower; i < upper; i++) val = bodyFn(i, val)`.
 * Static bounds make it a scan (so reverse mode works); traced bounds make it a while loop.
 *
 * @example
 * ```ts
 * lax.foriLoop(0, 5, (i: Array, total: Array) => lax.add(total, i), np.array(0, { dtype: "int32" })); // Array(10, dtype=int32)
 * ```
 */
export function foriLoop<T>(lower: number | Array, upper: number | Array, bodyFn: (i: Array, val: T) => unknown, init: T): T {
  if (typeof bodyFn !== "function") throw new TypeError(`lax.fori_loop: body_fun argument should be callable, got ${describeValue(bodyFn)}.`);
  checkLoopBound("lower", lower);
  checkLoopBound("upper", upper);
  const lo = staticBound(lower);
  const hi = staticBound(upper);
  if (lo !== null && hi !== null) {
    const [[, out]] = scan(
      ([i, val]: [Array, T]) => [[lax.add(i, scalarArray(1, "int32", false)), bodyFn(i, val)], null] as [[Array, T], null],
      [scalarArray(lo, "int32", false), init] as [Array, T],
      null,
      { length: Math.max(hi - lo, 0) },
    );
    return out;
  }
  const asIndex = (x: number | Array): Array => (typeof x === "number" ? scalarArray(x, "int32", false) : lax.convertElementType(x, "int32"));
  const [, , out] = whileLoop(
    ([i, u]: [Array, Array, T]) => lax.lt(i, u),
    ([i, u, val]: [Array, Array, T]) => [lax.add(i, scalarArray(1, "int32", false)), u, bodyFn(i, val)] as [Array, Array, T],
    [asIndex(lower), asIndex(upper), init] as [Array, Array, T],
  );
  return out;
}

// ---- scan / map ----

export interface ScanOptions {
  /** Number of iterations; required when `xs` has no leaves, else must match their leading axis. */
  length?: number;
  /** Iterate from the end (xs and ys both indexed backwards). */
  reverse?: boolean;
}

/**
 * `lax.scan(f, init, xs, { length?, reverse? })` (jax.lax.scan): `f(carry, x)` returns `[carry, y]`; returns
 * `[finalCarry, ys]` with the ys stacked along a new leading axis.
 *
 * @example
 * ```ts
 * const [total, partial] = lax.scan((c: Array, x: Array) => [lax.add(c, x), lax.add(c, x)], np.array(0), np.array([1, 2, 3]));
 * total; // Array(6., dtype=float32)
 * partial; // Array([1., 3., 6.], dtype=float32)
 * ```
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => readonly [unknown, Y], init: C, xs: X, options: ScanOptions = {}): [C, Y] {
  if (typeof f !== "function") throw new TypeError("lax.scan: f argument should be a callable.");
  return withThreadedRefs("scan", (refs, body) => {
    if (refs.length === 0) return scanTraced((c: C, x: X) => body(() => f(c, x), [])[0], init, xs, options);
    // Array references are carried (state/threading.ts).
    const step = ([c, values]: [C, Array[]], x: X): readonly [unknown, Y] => {
      const [out, finals] = body(() => f(c, x), values);
      if (!globalThis.Array.isArray(out) || out.length !== 2) return out;
      return [[out[0], finals], out[1]];
    };
    const [[carry, finals], ys] = scanTraced(step, [init, refValues(refs)] as [C, Array[]], xs, options);
    writeRefs(refs, finals);
    return [carry, ys];
  });
}

function scanTraced<C, X, Y>(f: (carry: C, x: X) => readonly [unknown, Y], init: C, xs: X, options: ScanOptions): [C, Y] {
  const [xLeaves, xsTree] = tree.flatten(xs);
  const noAxis = xLeaves.filter((x) => !(x instanceof Array) || x.ndim === 0);
  if (noAxis.length > 0) throw new ValueError(`scan got value with no leading axis to scan over: ${noAxis.map(String).join(", ")}.`);
  const xsVals = xLeaves as Array[];
  const lengths = xsVals.map((x) => x.shape[0]!);
  let length: number;
  if (options.length !== undefined) {
    length = options.length;
    if (!Number.isInteger(length) || length < 0) throw new TypeError(`scan length must be a non-negative integer, got ${length}.`);
    if (lengths.some((l) => l !== length)) throw new ValueError(`scan got \`length\` argument of ${length} which disagrees with leading axis sizes [${lengths.join(", ")}].`);
  } else {
    const unique = [...new Set(lengths)];
    if (unique.length > 1) throw new ValueError(`scan got values with different leading axis sizes: ${lengths.join(", ")}.`);
    if (unique.length === 0) throw new ValueError("scan got no values to scan over and `length` not provided.");
    length = unique[0]!;
  }
  const reverse = options.reverse ?? false;
  const [initLeaves, initTree] = tree.flatten(init);
  let initVals = leafArrays(initLeaves, "scan init");
  const xAvals = xsVals.map((x) => x.aval.update({ shape: x.shape.slice(1) }));
  const [, inTree] = tree.flatten([tree.unflatten(initTree, initVals), tree.unflatten(xsTree, xAvals.map(() => 0))]);
  let carryTree: tree.TreeDef | null = null;
  let yTree: tree.TreeDef | null = null;
  const traceBody = (): Staged => {
    return stage((...flat) => {
      const [c, x] = tree.unflatten(inTree, flat) as [C, X];
      const out = (f as (c: C, x: X) => unknown)(c, x);
      if (!globalThis.Array.isArray(out) || out.length !== 2) {
        throw new TypeError(`scan body output must be a pair, got ${String(out)}.`);
      }
      const [cl, ct] = tree.flatten(out[0]);
      const [yl, yt] = tree.flatten(out[1]);
      carryTree = ct;
      yTree = yt;
      return [...leafArrays(cl, "scan carry output"), ...leafArrays(yl, "scan output")];
    }, [...initVals.map((x) => x.aval), ...xAvals]);
  };
  let body = traceBody();
  const nK = initVals.length;
  if (!carryTree!.equals(initTree)) {
    throw new TypeError(
      `Scanned function carry input and carry output must have the same pytree structure, but they differ:\n` +
        `  the input tree structure is:\n${initTree}\n  the output tree structure is:\n${carryTree}\n\n` +
        "Revise the scanned function so that its output is a pair where the first element has the same pytree structure as the first argument.",
    );
  }
  const promoted = promoteWeakInit(initVals, body.jaxpr.outAvals.slice(0, nK));
  if (promoted !== null) {
    initVals = promoted;
    body = traceBody();
  }
  const carryOut = body.jaxpr.outAvals.slice(0, nK);
  const bad = initVals.map((x, i) => (x.aval.matches(carryOut[i]!) ? null : i)).filter((i): i is number => i !== null);
  if (bad.length > 0) {
    const paths = carryPaths(init);
    const lines = bad.map((i) => {
      const a = initVals[i]!.aval;
      const b = carryOut[i]!;
      const why = [a.dtype !== b.dtype ? "the dtypes do not match" : "", a.shape.join() !== b.shape.join() || a.ndim !== b.ndim ? "the shapes do not match" : ""].filter(Boolean).join(" and also ");
      return `  * the input carry${paths[i]} has type ${a.str()} but the corresponding output carry component has type ${b.str()}, so ${why}\n`;
    });
    throw new TypeError(
      "Scanned function carry input and carry output must have equal types (e.g. shapes and dtypes of arrays), but they differ:\n" +
        lines.join("\n") +
        "\nRevise the scanned function so that all output types (e.g. shapes and dtypes) match the corresponding input types.",
    );
  }
  loadControlFamily();
  const [carry, ys] = bindScan(body.consts, initVals, xsVals, body.jaxpr, length, reverse);
  return [tree.unflatten(initTree, carry) as C, tree.unflatten(yTree!, ys) as Y];
}

/** Each carry leaf's path in JAX's keystr form: [0], ['w'], or "" for a bare leaf. */
function carryPaths(init: unknown): string[] {
  const out: string[] = [];
  const go = (x: unknown, path: string): void => {
    if (globalThis.Array.isArray(x)) x.forEach((c, i) => go(c, `${path}[${i}]`));
    else if (x !== null && x !== undefined && typeof x === "object" && !(x instanceof Array) && Object.getPrototypeOf(x) === Object.prototype) {
      for (const k of Object.keys(x).sort()) go((x as Record<string, unknown>)[k], `${path}['${k}']`);
    } else if (x !== null && x !== undefined) out.push(path === "" ? "" : ` component ${path}`);
  };
  go(init, "");
  return out;
}

/**
 * `lax.map(f, xs)` (jax.lax.map): `f` applied to each slice of `xs` along its leading axis, as a scan; the results stacked.
 *
 * @example
 * ```ts
 * lax.map((row: Array) => np.sum(row), np.array([[1, 2], [3, 4]])); // Array([3., 7.], dtype=float32)
 * ```
 */
export function map<X, Y>(f: (x: X) => Y, xs: X): Y {
  const [, ys] = scan((c: null, x: X) => [c, f(x)] as const, null, xs);
  return ys;
}
