// Mutable array references: JAX's `jax.new_ref` and `jax.Ref` (jax/_src/core.py, jax/_src/state/).
// A Ref is a box holding an immutable Array. JAX stages reads and writes as get/swap/addupdate
// equations and removes them afterwards (state discharge, jax/_src/state/discharge.py); dprog
// does the same functionalization while tracing, so no primitive is added: a read returns the
// box's value, a write replaces it with an updated Array. Each reference records the level of
// the trace its value lives at. A trace that threads references (a RefFrame: jit, a control-flow
// body) lifts a reference from outside the first time it is touched; jit turns it into an extra
// input and output of the traced program (jitRefs.ts), control flow into an extra carry
// (threading.ts). Writing a value of a transform into a reference from outside that transform is
// JAX's error (set/swap with a vmapped or differentiated value); see docs/refs.md.
import type { DType, Shape, ShapedArray } from "../../jaxpr/index.js";
import { defaultFloatDType, shapeString } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import type { IndexItem } from "../core/array.js";
import { activeMains, currentLevel, Tracer } from "../core/trace.js";
import type { MainTrace } from "../core/trace.js";
import { describeValue, scalarArray } from "../core/eval.js";
import { UnexpectedTracerError, ValueError } from "../core/errors.js";
import * as lax from "../lax/ops.js";
import * as tree from "../tree/index.js";
import { JVPTracer } from "../ad/jvp.js";
import { PartialEvalTracer } from "../ad/partialEval.js";
import { BatchTrace } from "../vmap/batchTrace.js";
import { StagingTrace } from "../core/staging.js";

/** A reference's mutable state: its value (null once freed) and the trace level that value lives at. */
interface RefState {
  value: Array | null;
  level: number;
  /** The level of the trace that created it (freeRef is allowed there only). */
  readonly creationLevel: number;
  /** That trace: once it has ended, the reference is dead (its value may be one of its tracers). */
  readonly home: MainTrace;
}
const states = new WeakMap<Ref, RefState>();
const stateOf = (ref: Ref): RefState => states.get(ref)!;

/** JAX's short type of a reference in messages: `Ref{float32[3,4]}`. */
export const refTypeString = (ref: Ref): string => `Ref{${ref.dtype}[${ref.shape.join(",")}]}`;

/**
 * `jax.Ref`: a mutable array reference, made by {@link newRef}. Read with `r.get(...idx)` (JAX's
 * `r[idx]`, `r[...]` without an index), write with `r.set(v, ...idx)` (`r[idx] = v`), add with
 * `r.addUpdate(v, ...idx)` (`r[idx] += v`, as `jax.ref.addupdate`), exchange with
 * `r.swap(v, ...idx)` (`jax.ref.swap`). Index items are those of `Array.get`. A written value must
 * have the shape of what it replaces (no broadcasting) and the reference's dtype (a JS number or
 * a weakly typed value is converted), as in JAX.
 *
 * @example
 * ```ts
 * const r = newRef(np.zeros([3]));
 * r.set(np.array(5), 1);
 * r.addUpdate(np.ones([3]));
 * r.get(); // Array([1., 6., 1.], dtype=float32)
 * r instanceof Ref; // true
 * ```
 */
export class Ref {
  /** The fixed shape, dtype and weak type of the reference's value. */
  readonly aval: ShapedArray;
  /** Library-internal: use {@link newRef}. */
  constructor(init: Array) {
    this.aval = init.aval;
    const level = currentLevel();
    states.set(this, { value: init, level, creationLevel: level, home: activeMains()[level]! });
  }
  get shape(): Shape {
    return this.aval.shape;
  }
  get dtype(): DType {
    return this.aval.dtype;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return this.aval.shape.reduce((a, b) => a * b, 1);
  }
  /**
   * `r.get(...idx)` (JAX's `r[idx]`; `r.get()` is `r[...]`): the value, or the part of it at `idx`.
   *
   * @example
   * ```ts
   * const r = newRef(np.arange(6).reshape([2, 3]));
   * r.get(1, "1:"); // Array([4, 5], dtype=int32)
   * ```
   */
  get(...idx: IndexItem[]): Array {
    const value = enter(this).value!;
    if (idx.length === 0) return value;
    checkStaticBounds(this, idx);
    return value.get(...idx);
  }
  /**
   * `r.set(v, ...idx)` (JAX's `r[idx] = v`, `jax.ref.set`): writes `v` at `idx` (everywhere without an index).
   *
   * @example
   * ```ts
   * const r = newRef(np.zeros([3]));
   * r.set(np.array([7, 8]), "1:");
   * r.get(); // Array([0., 7., 8.], dtype=float32)
   * ```
   */
  set(value: Array | number | boolean, ...idx: IndexItem[]): void {
    update(this, "swap", value, idx);
  }
  /**
   * `r.swap(v, ...idx)` (`jax.ref.swap`): writes `v` at `idx` and returns what was there.
   *
   * @example
   * ```ts
   * const r = newRef(np.array([1, 2, 3]));
   * r.swap(np.array(9), 0); // Array(1., dtype=float32)
   * r.get(); // Array([9., 2., 3.], dtype=float32)
   * ```
   */
  swap(value: Array | number | boolean, ...idx: IndexItem[]): Array {
    return update(this, "swap", value, idx);
  }
  /**
   * `r.addUpdate(v, ...idx)` (JAX's `r.addupdate(v, idx)`, `r[idx] += v`): adds `v` at `idx`.
   *
   * @example
   * ```ts
   * const r = newRef(np.zeros([3]));
   * r.addUpdate(np.array(2), 0);
   * r.get(); // Array([2., 0., 0.], dtype=float32)
   * ```
   */
  addUpdate(value: Array | number | boolean, ...idx: IndexItem[]): void {
    update(this, "addupdate", value, idx);
  }
  /** JAX's repr: `Ref([0., 1.], dtype=float32)`. */
  toString(): string {
    const value = stateOf(this).value;
    if (value === null) return `Ref(<freed ${this.aval.str()}>)`;
    if (value instanceof Tracer) return `Ref(${value.toString()})`;
    return "Ref" + value.toString().slice("Array".length);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * A trace that threads references: the first access to a reference from outside lifts it in (its
 * value becomes `initial(ref, outer)` at this frame's level) and `restore` puts every lifted
 * reference back as it was. jit's frame makes the initial value a new input of its jaxpr;
 * control flow's keeps the outer value and reports the references it found.
 */
export class RefFrame {
  /** Lifted references, in the order first touched, with where their values were before. */
  readonly lifted = new Map<Ref, { value: Array | null; level: number }>();
  constructor(
    readonly level: number,
    private readonly initial: (ref: Ref, outer: Array) => Array,
  ) {}
  lift(ref: Ref, state: RefState): void {
    this.lifted.set(ref, { value: state.value, level: state.level });
    state.value = this.initial(ref, state.value!);
    state.level = this.level;
  }
  restore(): void {
    for (const [ref, saved] of this.lifted) {
      const state = stateOf(ref);
      state.value = saved.value;
      state.level = saved.level;
    }
  }
}

const frames: RefFrame[] = [];

/** Runs `fn` with `frame` threading references; the lifted ones are restored afterwards. `done` sees the frame before that. */
export function withRefFrame<T, R>(frame: RefFrame, fn: () => T, done: (out: T) => R): R {
  frames.push(frame);
  try {
    return done(fn());
  } finally {
    frames.pop();
    frame.restore();
  }
}

/** The value a reference holds now, as seen from the innermost frame (lifting it there first). */
export const currentValue = (ref: Ref): Array => enter(ref).value!;

/** The references' current values: the extra inputs of a program or loop that threads them. */
export const refValues = (refs: readonly Ref[]): Array[] => refs.map(currentValue);

/**
 * JAX's ValueError for a traced function that returns a reference
 * (partial_eval._check_no_returned_refs); `origin` adds where the reference came from.
 */
export function checkNoReturnedRef(out: unknown, fnName: string, tracedFor: string, origin: (ref: Ref) => string = () => ""): void {
  const [leaves] = tree.flatten(out);
  const ref = leaves.find(isRef);
  if (ref === undefined) return;
  throw new ValueError(
    `function ${fnName} traced for ${tracedFor} returned a mutable array reference of type ${refTypeString(ref)}, but mutable array references cannot be returned.${origin(ref)}`,
  );
}

/**
 * Binds references to values of the current trace for the duration of `fn` (a control-flow body
 * receiving them as carries), returning `fn`'s result and their final values.
 */
export function withRefsBound<T>(refs: readonly Ref[], values: readonly Array[], fn: () => T): [T, Array[]] {
  const level = currentLevel();
  const saved = refs.map((r) => {
    const s = stateOf(r);
    const old = { value: s.value, level: s.level };
    s.level = level;
    return old;
  });
  refs.forEach((r, k) => (stateOf(r).value = values[k]!));
  try {
    const out = fn();
    return [out, refs.map((r) => stateOf(r).value!)];
  } finally {
    refs.forEach((r, k) => {
      const s = stateOf(r);
      s.value = saved[k]!.value;
      s.level = saved[k]!.level;
    });
  }
}

function enter(ref: Ref): RefState {
  const state = stateOf(ref);
  if (state.value === null) throw new ValueError(`the mutable array reference of type ${refTypeString(ref)} was freed (freeRef) and cannot be used.`);
  if (!state.home.active) {
    throw new UnexpectedTracerError(
      `a mutable array reference of type ${refTypeString(ref)} made inside a transformation (or standing for a jit argument while jit traced) was used after that transformation returned`,
    );
  }
  const frame = frames[frames.length - 1];
  if (frame !== undefined && state.level < frame.level) frame.lift(ref, state);
  return state;
}

/** JAX checks static integer indices of a reference (`Out of bound indexer: idx=5, dim=3.`) instead of clamping them. */
function checkStaticBounds(ref: Ref, idx: readonly IndexItem[]): void {
  let axis = 0;
  for (const item of idx) {
    if (item === "...") return;
    if (item === null) continue;
    if (typeof item === "number") {
      const dim = ref.shape[axis];
      if (dim !== undefined && (item >= dim || item < -dim)) throw new ValueError(`Out of bound indexer: idx=${item}, dim=${dim}.`);
    }
    axis++;
  }
}

/** A written value as an Array of the reference's dtype: JS scalars and weak values convert, others must match (JAX's `Invalid dtype for \`swap\``). */
function valueFor(ref: Ref, op: "swap" | "addupdate", value: unknown): Array {
  if (typeof value === "number" || typeof value === "boolean") return scalarArray(value, ref.dtype, true);
  if (!(value instanceof Array)) throw new TypeError(`${op} requires ndarray or scalar arguments, got ${describeValue(value)} at position 1.`);
  if (value.dtype === ref.dtype) return value;
  if (!value.aval.weakType) throw new ValueError(`Invalid dtype for \`${op}\`. Ref dtype: ${ref.dtype}. Value dtype: ${value.dtype}.`);
  return lax.convertElementType(value, ref.dtype, true);
}

function update(ref: Ref, op: "swap" | "addupdate", value: unknown, idx: readonly IndexItem[]): Array {
  const state = enter(ref);
  const current = state.value!;
  const v = valueFor(ref, op, value);
  if (idx.length > 0) checkStaticBounds(ref, idx);
  const old = idx.length === 0 ? current : current.get(...idx);
  if (v.ndim !== old.ndim || v.shape.some((d, i) => d !== old.shape[i])) {
    throw new ValueError(`Invalid shape for \`${op}\`. Ref shape: ${shapeString(ref.shape)}. Expected shape: ${shapeString(old.shape)}. Value shape: ${shapeString(v.shape)}.`);
  }
  let next: Array;
  if (op === "swap") next = idx.length === 0 ? v : current.at(...idx).set(v);
  else next = idx.length === 0 ? lax.add(current, v) : current.at(...idx).add(v);
  checkWrite(ref, state, op, next);
  // The reference's type is fixed at creation (its weak type too), as JAX's AbstractRef.
  if (next.aval.weakType !== ref.aval.weakType) next = lax.convertElementType(next, ref.dtype, ref.aval.weakType);
  state.value = next;
  return old;
}

/**
 * JAX's errors for a write that would let a transform's value escape into a reference from
 * outside it (jax/_src/state/primitives.py: _swap_vmap, _swap_jvp): under vmap any write to an
 * outer reference is refused; under differentiation a value that carries a tangent is.
 */
function checkWrite(ref: Ref, state: RefState, op: "swap" | "addupdate", next: Array): void {
  const what = op === "swap" ? "a set/swap operation" : "an addupdate operation";
  for (const main of activeMains()) {
    if (main.level <= state.level) continue;
    if (main.traceType === BatchTrace) {
      throw new Error(`performing ${what} with vmapped value on an unbatched array reference of type ${refTypeString(ref)}. Move the array reference to be an argument to the vmapped function?`);
    }
    // A staging trace that threads references has lifted this one to its level; any other
    // (makeJaxpr, checkpoint, customJvp, ...) would otherwise mutate it while tracing.
    if (main.traceType === StagingTrace) {
      throw new Error(
        `performing ${what} on an array reference of type ${refTypeString(ref)} created outside the function being traced: ` +
          "makeJaxpr, evalShape, checkpoint, customJvp, customVjp and the other transforms that stage a function without running it do not thread array references (jit and lax's control flow do). Write the reference outside that function.",
      );
    }
  }
  if (!(next instanceof Tracer) || next._trace.main.level <= state.level) return;
  if (next instanceof JVPTracer || next instanceof PartialEvalTracer) {
    throw new Error(`performing ${what} with a differentiated value on a non-differentiated array reference of type ${refTypeString(ref)}. Move the array reference to be an argument of the differentiated function?`);
  }
  throw new Error(`performing ${what} with a traced value on an array reference of type ${refTypeString(ref)} created outside the transformation that traced it.`);
}

/**
 * `newRef(init)` (jax.new_ref): a new mutable array reference holding `init` (an Array, a JS
 * number as a weakly typed default-float scalar, or a boolean). Works eagerly and inside every transform; see
 * {@link Ref} for reads and writes.
 *
 * @example
 * ```ts
 * const counter = newRef(np.array(0));
 * const step = jit(() => counter.addUpdate(np.array(1)));
 * step(); step();
 * counter.get(); // Array(2., dtype=float32)
 * ```
 */
export function newRef(init: Array | number | boolean): Ref {
  if (init instanceof Ref) throw new TypeError(`newRef: the initial value must be an Array, got a mutable array reference of type ${refTypeString(init)} (no references to references).`);
  // A JS number is a weak default float, as jit and grad take it (JS cannot tell 0 from 0.0).
  if (typeof init === "number") return new Ref(scalarArray(init, defaultFloatDType(), true));
  if (typeof init === "boolean") return new Ref(scalarArray(init));
  if (!(init instanceof Array)) throw new TypeError(`newRef requires ndarray or scalar arguments, got ${describeValue(init)} at position 0.`);
  return new Ref(init);
}

/**
 * `emptyRef(type)` (jax.empty_ref): a new reference of the given shape and dtype (a
 * ShapeDtypeStruct, an Array or any `{ shape, dtype }`), to be written before it is read. JAX
 * leaves its contents unspecified; dprog fills it with zeros.
 *
 * @example
 * ```ts
 * const r = emptyRef(new ShapeDtypeStruct([2], "int32"));
 * r.set(np.array([3, 4], { dtype: "int32" }));
 * r.get(); // Array([3, 4], dtype=int32)
 * ```
 */
export function emptyRef(type: { readonly shape: readonly number[]; readonly dtype: DType }): Ref {
  return new Ref(lax.full(type.shape, 0, type.dtype));
}

/**
 * `freeze(ref)` (jax.freeze): the reference's final value, as an Array. As in JAX 0.10.2, the
 * reference itself stays usable.
 *
 * @example
 * ```ts
 * const r = newRef(np.arange(3));
 * r.set(np.array(7), 0);
 * freeze(r); // Array([7, 1, 2], dtype=int32)
 * ```
 */
export function freeze(ref: Ref): Array {
  checkRef(ref, "freeze");
  return currentValue(ref);
}

/**
 * `freeRef(ref)` (jax.free_ref): invalidates the reference, releasing its value; any later use
 * raises a ValueError. Only in the scope (the transform) that created it. Returns `[]`, as JAX
 * returns `()`.
 *
 * @example
 * ```ts
 * const r = newRef(np.zeros([1000]));
 * freeRef(r); // []
 * ```
 */
export function freeRef(ref: Ref): [] {
  checkRef(ref, "freeRef");
  const state = enter(ref);
  if (state.level !== state.creationLevel) {
    throw new ValueError(`freeRef: the mutable array reference of type ${refTypeString(ref)} was created outside the function being transformed; free it where it was created.`);
  }
  state.value = null;
  return [];
}

function checkRef(ref: unknown, name: string): asserts ref is Ref {
  if (!(ref instanceof Ref)) throw new TypeError(`${name} requires a mutable array reference (made by newRef), got ${describeValue(ref)}.`);
}

/** Whether a value (a pytree leaf) is an array reference. */
export const isRef = (x: unknown): x is Ref => x instanceof Ref;
