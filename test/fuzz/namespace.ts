// The two namespaces a program's source runs against. `realNs` is dprog itself. `refNs` is the
// reference: the same numpy/lax operations run eagerly, but control flow is plain JS over concrete
// values (cond is an `if`, scan a `for` loop), jit/checkpoint/custom rules are the identity, and the
// operations that are discontinuous (in value or in derivative) record how close their inputs came
// to the discontinuity, so checks can skip points near kinks.
import { numpy as np, lax, nn, tree, jit, customJvp, customVjp, checkpoint, jvp, vjp, grad } from "../../src/index.js";
import type { Array } from "../../src/index.js";

export interface KinkInfo {
  /** Smallest distance of an input to a discontinuity of a value (floor, comparisons, argsort). */
  value: number;
  /** Smallest distance to a discontinuity of a derivative (abs, max, sort, sqrt at 0). */
  grad: number;
  /** Any non-finite intermediate. */
  nonFinite: boolean;
  /** Largest finite |intermediate|. */
  maxAbs: number;
  /**
   * An input of a value-discontinuous op (floor, remainder, sign, comparisons, conversion to
   * integer, argmax/argsort ties...) lies on a discontinuity or within a few float32 ulps of one
   * (relative ULP_HIT), exact hits included. `value` ignores exact hits, which are stable when
   * every op rounds the same way; compiled float32 code may keep a fused chain in double
   * registers (README "Precision under jit"), which moves such a point to the other side.
   */
  ulpHit: boolean;
  /**
   * argmax/argmin/argsort over values that tie within ULP_HIT: in float64 too, compiled code may
   * reassociate a sum (a mean in a loop body), so a tie in exact arithmetic can break either way.
   */
  tie: boolean;
}

export const freshKinks = (): KinkInfo => ({ value: Infinity, grad: Infinity, nonFinite: false, maxAbs: 0, ulpHit: false, tie: false });

/** A few float32 ulps, relative (2^-23 is one ulp at 1). */
export const ULP_HIT = 1e-6;

let current: KinkInfo = freshKinks();
export function withKinks<T>(k: KinkInfo, f: () => T): T {
  const prev = current;
  current = k;
  try {
    return f();
  } finally {
    current = prev;
  }
}

const isArr = (x: unknown): x is Array => x instanceof np.Array;
const data = (x: unknown): Float64Array => {
  if (typeof x === "number") return Float64Array.of(x);
  if (typeof x === "boolean") return Float64Array.of(x ? 1 : 0);
  return Float64Array.from((x as Array).astype("float64").dataSync() as ArrayLike<number>);
};

/** min over elements of f(x) ignoring exact zeros (structural ties and exact integers are stable). */
function minNonzero(xs: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const v = Math.abs(xs[i]!);
    if (v > 0 && v < m) m = v;
  }
  return m;
}
const noteValue = (m: number): void => {
  current.value = Math.min(current.value, m);
};
/** Flags an element whose distance `dist(v)` to a discontinuity is within ULP_HIT of its scale. */
function noteHit(x: unknown, dist: (v: number) => number, scale: (v: number) => number = (v) => Math.abs(v)): void {
  if (current.ulpHit) return;
  const d = data(x);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (Number.isFinite(v) && dist(v) <= ULP_HIT * Math.max(1, scale(v))) {
      current.ulpHit = true;
      return;
    }
  }
}
const hitInt = (x: unknown): void => noteHit(x, (v) => Math.abs(v - Math.round(v)));
const hitHalf = (x: unknown): void => noteHit(x, (v) => Math.abs(Math.abs(v - Math.floor(v)) - 0.5));
const hitZero = (x: unknown): void => {
  const d = data(x);
  let m = 0;
  for (let i = 0; i < d.length; i++) if (Number.isFinite(d[i]!)) m = Math.max(m, Math.abs(d[i]!));
  noteHit(x, Math.abs, () => m);
};
/** a == b within ULP_HIT of max(|a|, |b|), elementwise with broadcasting. */
function hitDiff(a: unknown, b: unknown): void {
  try {
    const a64 = np.astype(isArr(a) ? a : np.array(a as number), "float64");
    const b64 = np.astype(isArr(b) ? b : np.array(b as number), "float64");
    const gap = np.abs(np.subtract(a64, b64));
    const scale = np.maximum(np.abs(a64), np.abs(b64));
    const g = data(gap);
    const s = data(np.broadcastTo(scale, gap.shape));
    for (let i = 0; i < g.length; i++) {
      if (Number.isFinite(g[i]!) && g[i]! <= ULP_HIT * Math.max(1, s[i]!)) {
        current.ulpHit = true;
        return;
      }
    }
  } catch {
    // operands that do not broadcast: the op itself raises
  }
}
const noteGrad = (m: number): void => {
  current.grad = Math.min(current.grad, m);
};
const distInt = (x: unknown): number => minNonzero(globalThis.Array.from(data(x), (v) => v - Math.round(v)));
const distHalf = (x: unknown): number => minNonzero(globalThis.Array.from(data(x), (v) => Math.abs(v - Math.floor(v) - 0.5)));
const distZero = (x: unknown): number => minNonzero(data(x));
/** Distance to 0 counting exact zeros (a singularity there is real: sqrt, log, pow). */
const absMin = (x: unknown): number => Math.min(Infinity, ...globalThis.Array.from(data(x), Math.abs));
const diff = (a: unknown, b: unknown): number => {
  try {
    return minNonzero(data(np.subtract(np.astype(a as Array, "float64"), np.astype(b as Array, "float64"))));
  } catch {
    return Infinity;
  }
};
/** Smallest gap between distinct values along `axis` (whole array when null). */
function laneGap(x: unknown, axis: number | number[] | null | undefined, hitTies = false): number {
  let tie = false;
  if (!isArr(x)) return Infinity;
  let a = x.astype("float64");
  if (a.ndim === 0) return Infinity;
  let lanes: number[][];
  if (typeof axis === "number") {
    a = np.moveaxis(a, axis, -1);
    const n = a.shape[a.ndim - 1]!;
    const d = a.dataSync() as ArrayLike<number>;
    lanes = [];
    for (let i = 0; i < d.length; i += n) lanes.push(globalThis.Array.from({ length: n }, (_, k) => d[i + k]!));
  } else lanes = [globalThis.Array.from(a.dataSync() as ArrayLike<number>)];
  let m = Infinity;
  for (const lane of lanes) {
    const s = [...lane].sort((p, q) => p - q);
    for (let i = 1; i < s.length; i++) {
      if (s[i]! > s[i - 1]!) m = Math.min(m, s[i]! - s[i - 1]!);
      if (s[i]! - s[i - 1]! <= ULP_HIT * Math.max(1, Math.abs(s[i]!))) tie = true;
    }
  }
  if (tie && hitTies) current.ulpHit = current.tie = true;
  return m;
}

type Fn = (...args: never[]) => unknown;
function wrap<F extends Fn>(f: F, rec: (...args: Parameters<F>) => void): F {
  return ((...args: Parameters<F>) => {
    rec(...args);
    return f(...args);
  }) as F;
}

const u = (x: unknown): unknown => x;

/**
 * Notes an overflow inside an expression too (statement values alone are noted otherwise): in
 * `v / exp(v)` with exp(v) = inf the value is a finite 0, but its derivatives are NaN in dprog
 * and in JAX alike (jax 0.10.2 checked), so derivative checks must be skipped. Only non-finite
 * results are noted: magnitudes would widen every kink margin.
 */
function noted<F extends Fn>(f: F): F {
  return ((...args: Parameters<F>) => {
    const r = f(...args);
    for (const l of tree.leaves(r)) {
      if (!isArr(l) || (l.dtype !== "float32" && l.dtype !== "float64")) continue;
      if ((l.dataSync() as Float64Array | Float32Array).some((v) => !Number.isFinite(v))) current.nonFinite = true;
    }
    return r;
  }) as F;
}

const npRef = {
  ...np,
  exp: noted(np.exp),
  exp2: noted(np.exp2),
  expm1: noted(np.expm1),
  sinh: noted(np.sinh),
  cosh: noted(np.cosh),
  square: noted(np.square),
  multiply: noted(np.multiply),
  divide: noted(np.divide),
  prod: noted(np.prod),
  cumprod: noted(np.cumprod),
  sign: wrap(np.sign, (x) => (noteValue(distZero(x)), hitZero(x))),
  floor: wrap(np.floor, (x) => (noteValue(distInt(x)), hitInt(x))),
  ceil: wrap(np.ceil, (x) => (noteValue(distInt(x)), hitInt(x))),
  round: wrap(np.round, (x) => (noteValue(distHalf(x)), hitHalf(x))),
  abs: wrap(np.abs, (x) => noteGrad(distZero(x))),
  sqrt: wrap(np.sqrt, (x) => noteGrad(absMin(x))),
  cbrt: wrap(np.cbrt, (x) => noteGrad(absMin(x))),
  rsqrt: wrap(np.rsqrt, (x) => noteGrad(absMin(x))),
  log: wrap(np.log, (x) => noteGrad(absMin(x))),
  power: wrap(np.power, (x) => noteGrad(absMin(x))),
  log1p: wrap(np.log1p, (x) => noteGrad(absMin(np.add(x as Array, 1)))),
  // The derivative is infinite at the domain's end, x = 1 (reached exactly by sign or clip).
  arccosh: wrap(np.arccosh, (x) => noteGrad(absMin(np.subtract(x as Array, 1)))),
  // The branch cut (y near 0) and the singular point (0, 0), exact zeros included there.
  arctan2: wrap(np.arctan2, (y, x) => noteGrad(Math.min(distZero(y), distZero(x), absMin(np.add(np.abs(y as Array), np.abs(x as Array)))))),
  maximum: wrap(np.maximum, (a, b) => noteGrad(diff(a, b))),
  minimum: wrap(np.minimum, (a, b) => noteGrad(diff(a, b))),
  clip: wrap(np.clip, (x, lo, hi) => noteGrad(Math.min(diff(x, lo), diff(x, hi)))),
  remainder: wrap(np.remainder, (a, b) => {
    const q = np.divide(a as Array, b as Array);
    noteValue(distInt(q));
    hitInt(q);
    // Its jumps are |b| apart in a: a finite-difference step wider than the distance to the
    // nearest jump (|q - round(q)| |b|, small when the divisor is tiny) crosses one.
    noteGrad(absMin(np.multiply(np.abs(np.subtract(q, np.round(q))), np.abs(b as Array))));
  }),
  equal: wrap(np.equal, (a, b) => (noteValue(diff(a, b)), hitDiff(a, b))),
  notEqual: wrap(np.notEqual, (a, b) => (noteValue(diff(a, b)), hitDiff(a, b))),
  less: wrap(np.less, (a, b) => (noteValue(diff(a, b)), hitDiff(a, b))),
  lessEqual: wrap(np.lessEqual, (a, b) => (noteValue(diff(a, b)), hitDiff(a, b))),
  greater: wrap(np.greater, (a, b) => (noteValue(diff(a, b)), hitDiff(a, b))),
  greaterEqual: wrap(np.greaterEqual, (a, b) => (noteValue(diff(a, b)), hitDiff(a, b))),
  max: wrap(np.max, (x, axis) => noteGrad(laneGap(x, u(axis) as number | null))),
  min: wrap(np.min, (x, axis) => noteGrad(laneGap(x, u(axis) as number | null))),
  argmax: wrap(np.argmax, (x, axis) => noteValue(laneGap(x, u(axis) as number | null, true))),
  argmin: wrap(np.argmin, (x, axis) => noteValue(laneGap(x, u(axis) as number | null, true))),
  sort: wrap(np.sort, (x, axis) => noteGrad(laneGap(x, u(axis) === undefined ? -1 : (u(axis) as number | null)))),
  argsort: wrap(np.argsort, (x, axis) => noteValue(laneGap(x, u(axis) === undefined ? -1 : (u(axis) as number | null), true))),
  astype: wrap(np.astype, (x, dt) => {
    const a = x as Array;
    if ((dt === "int32" || dt === "uint32") && (a.dtype === "float32" || a.dtype === "float64")) (noteValue(distInt(a)), hitInt(a));
    if (dt === "bool" && (a.dtype === "float32" || a.dtype === "float64")) (noteValue(distZero(a)), hitZero(a));
  }),
};

const pytreeSlice = (xs: unknown, t: number): unknown => tree.map((l: Array) => l.get(t), xs);
const pytreeStack = (ys: unknown[]): unknown => tree.map((...ls: Array[]) => np.stack(ls), ...(ys as [unknown, ...unknown[]]));
const truthy = (p: unknown): boolean => (isArr(p) ? Boolean(p.item()) : Boolean(p));

const laxRef = {
  ...lax,
  round: wrap(lax.round, (x, m) => (noteValue(m === 1 ? distHalf(x) : distHalf(x)), hitHalf(x))),
  clamp: wrap(lax.clamp, (lo, x, hi) => noteGrad(Math.min(diff(x, lo), diff(x, hi)))),
  cummax: wrap(lax.cummax, (x, axis) => noteGrad(laneGap(x, (axis as number | undefined) ?? 0))),
  // Max/min pooling: a tie anywhere may sit in one window (conservative: the whole array's gap).
  reduceWindow: wrap(lax.reduceWindow, (x, _init, computation) => {
    if (computation === lax.max || computation === lax.min) noteGrad(laneGap(x, null));
  }),
  cummin: wrap(lax.cummin, (x, axis) => noteGrad(laneGap(x, (axis as number | undefined) ?? 0))),
  sort: wrap(lax.sort, (ops, o) => {
    const first = globalThis.Array.isArray(ops) ? ops[0] : ops;
    const d = (o as { dimension?: number } | undefined)?.dimension ?? -1;
    const g = laneGap(first, d, true);
    noteGrad(g);
    noteValue(g);
  }),
  // The x-derivative's own derivative is infinite at x = 0 and 1 (a logistic saturates to 1).
  betainc: wrap(lax.betainc, (_a, _b, x) => noteGrad(Math.min(absMin(x), absMin(np.subtract(1, x as Array))))),
  integerPow: wrap(lax.integerPow, (x, y) => {
    if (y < 0) noteGrad(distZero(x));
  }),
  cond: (pred: unknown, t: Fn, f: Fn, ...ops: unknown[]): unknown => ((truthy(pred) ? t : f) as (...a: unknown[]) => unknown)(...ops),
  // The solve itself, differentiated through (the generated solves are differentiable).
  customLinearSolve: (matvec: Fn, b: unknown, solve: Fn): unknown => (solve as (m: Fn, b: unknown) => unknown)(matvec, b),
  switch: (index: unknown, branches: Fn[], ...ops: unknown[]): unknown => {
    const i = Math.max(0, Math.min(branches.length - 1, Number(isArr(index) ? index.item() : index)));
    return (branches[i] as (...a: unknown[]) => unknown)(...ops);
  },
  whileLoop: (c: (v: unknown) => unknown, b: (v: unknown) => unknown, init: unknown): unknown => {
    let v = init;
    for (let n = 0; truthy(c(v)); n++) {
      if (n > 1000) throw new Error("reference whileLoop: over 1000 trips");
      v = b(v);
    }
    return v;
  },
  foriLoop: (lo: number, hi: number, b: (i: Array, v: unknown) => unknown, init: unknown): unknown => {
    let v = init;
    for (let i = lo; i < hi; i++) v = b(np.array(i, { dtype: "int32" }), v);
    return v;
  },
  scan: (f: (c: unknown, x: unknown) => [unknown, unknown], init: unknown, xs: unknown, o: { length?: number; reverse?: boolean } = {}): [unknown, unknown] => {
    const leaves = tree.leaves(xs) as Array[];
    const n = o.length ?? leaves[0]!.shape[0]!;
    let c = init;
    const ys: unknown[] = new globalThis.Array(n);
    for (let k = 0; k < n; k++) {
      const t = o.reverse ? n - 1 - k : k;
      const [c2, y] = f(c, xs === null ? null : pytreeSlice(xs, t));
      c = c2;
      ys[t] = y;
    }
    return [c, pytreeStack(ys)];
  },
  map: (f: (x: unknown) => unknown, xs: unknown): unknown => {
    const n = (tree.leaves(xs)[0] as Array).shape[0]!;
    return pytreeStack(globalThis.Array.from({ length: n }, (_, t) => f(pytreeSlice(xs, t))));
  },
};

const nnRef = { ...nn, relu: wrap(nn.relu, (x) => noteGrad(distZero(x))) };

const identityCustom = (f: Fn): Fn => {
  const g = ((...a: never[]) => f(...a)) as Fn & { defjvp: () => Fn; defvjp: () => Fn };
  g.defjvp = () => g;
  g.defvjp = () => g;
  return g;
};

function note(...xs: unknown[]): void {
  for (const l of tree.leaves(xs)) {
    if (!isArr(l)) continue;
    const d = l.dtype === "float32" || l.dtype === "float64" ? (l.dataSync() as ArrayLike<number>) : null;
    if (d === null) continue;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (!Number.isFinite(v)) current.nonFinite = true;
      else if (Math.abs(v) > current.maxAbs) current.maxAbs = Math.abs(v);
    }
  }
}

export interface Namespace {
  np: unknown;
  lax: unknown;
  nn: unknown;
  jit: unknown;
  customJvp: unknown;
  customVjp: unknown;
  checkpoint: unknown;
  jvp: unknown;
  vjp: unknown;
  grad: unknown;
  __note: (...xs: unknown[]) => void;
}

export const realNs: Namespace = { np, lax, nn, jit, customJvp, customVjp, checkpoint, jvp, vjp, grad, __note: () => {} };
export const refNs: Namespace = {
  np: npRef,
  lax: laxRef,
  nn: nnRef,
  jit: (f: Fn) => f,
  customJvp: identityCustom,
  customVjp: identityCustom,
  checkpoint: (f: Fn) => f,
  jvp,
  vjp,
  grad,
  __note: note,
};

const NS_KEYS = Object.keys(realNs) as (keyof Namespace)[];

/** Compiles `body` (statements ending in a return) as a function of `params` inside `ns`. */
export function compile(params: readonly string[], body: string, ns: Namespace): (...args: unknown[]) => unknown {
  const make = new Function(...NS_KEYS, `"use strict";\nreturn (${params.join(", ")}) => {\n${body}\n};`) as (...ns: unknown[]) => (...args: unknown[]) => unknown;
  return make(...NS_KEYS.map((k) => ns[k]));
}
