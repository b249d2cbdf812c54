// jit: traces a function once per input signature into a jaxpr carried by a `pjit` primitive.
// Evaluating pjit runs the compiled program; under grad/vmap its rules produce new pjits, and
// inside another jit it is inlined. The cache follows JAX's rules: per function identity, static
// argument values and the input tree with each leaf's shape, dtype and weak type.
import { ClosedJaxpr, defaultFloatDType } from "../../jaxpr/index.js";
import { Array } from "../core/array.js";
import { ArrayImpl } from "../core/array.js";
import { bind, isEager, Tracer } from "../core/trace.js";
import { axisEnvKey, hasNamedAxes } from "../core/axisEnv.js";
import { abstractMeshKey } from "../core/traceContext.js";
import { argAval, closureConvert, traceToJaxpr } from "../core/staging.js";
import * as tree from "../tree/index.js";
import { toArrayLeaf } from "../ad/api.js";
import { scalarArray } from "../core/eval.js";
import { checkCallable } from "../core/describe.js";
import { compileClosedJaxpr, installPjitEvaluation, runCompiled } from "./compile.js";
import { printJaxpr } from "../../jaxpr/index.js";
import { runOnGpu, lowerForGpu } from "../devices/gpuExecute.js";
import { getDefaultDevice } from "../devices/index.js";
import { GpuArray, gpuArraysExist } from "../devices/gpuArray.js";
import { followGpuData } from "../devices/followData.js";
import { LruCache } from "../../backends/js/lruCache.js";
import { currentGeneration, currentJitLimit } from "./caches.js";
import { flags } from "../config/flags.js";
import { checksSpecialValues, invalidValueIn } from "../core/checkSpecial.js";
import { FloatingPointError } from "../core/errors.js";
import { isRef, refValues } from "../state/ref.js";
import type { Ref } from "../state/ref.js";
import { boundRefs, checkDistinctRefArgs, refArgPaths, traceJitRefs, writeBack } from "../state/jitRefs.js";
import type { RefBinding } from "../state/jitRefs.js";

type AnyFn = (...args: never[]) => unknown;

/** `jit`'s options (JAX's `static_argnums`, and the backend to run on). */
export interface JitOptions {
  /** Positions of arguments that are compile-time constants: any JS value, part of the cache key. */
  staticArgnums?: number | readonly number[];
  /** Backend that runs the compiled program when called eagerly: "js", or "gpu" (gpu.js; see devices()). Default: setDefaultDevice's. */
  device?: "js" | "gpu";
}

/** What `jit(f).lower(...args)` returns: the optimized program and the code generated for it. */
export interface Lowered {
  /** The jaxpr as traced (before optimization), in JAX's syntax via toString(). */
  readonly jaxpr: ClosedJaxpr<Array>;
  /** The jaxpr after the pass pipeline, as the backend compiled it. */
  readonly optimizedJaxpr: ClosedJaxpr<unknown>;
  /** The generated JS: the program and each kernel it calls. */
  readonly source: string;
  /** How many kernels (loops nests / library calls) one call runs. */
  readonly kernelCount: number;
  /**
   * The optimized jaxpr and the generated source as one text (JAX's `Lowered.as_text()`).
   *
   * @example
   * ```ts
   * const lowered = jit((x: Array) => np.sum(np.square(x))).lower(np.zeros([3]));
   * lowered.asText().length > 0; // true
   * lowered.jaxpr.jaxpr.eqns.map((e) => e.primitive); // ["square", "reduce_sum"]
   * lowered.kernelCount; // 1
   * ```
   */
  asText(): string;
}

/** What `jit(f)` returns: `f`'s signature, traced and compiled on the first call per argument signature, plus `lower`. */
export interface JittedFunction<F extends AnyFn> {
  /** Runs the compiled program (tracing and compiling first for a new signature: shapes, dtypes, static values). */
  (...args: Parameters<F>): ReturnType<F>;
  /**
   * Traces and compiles for these arguments without running: the jaxpr and the generated code (`jax.jit(f).lower(...)`).
   *
   * @example
   * ```ts
   * const f = jit((x: Array, y: Array) => np.add(np.multiply(x, 2), y));
   * // its toString() prints `{ lambda ; a:f32[2] b:f32[2]. let c:f32[2] = mul a 2.0:f32[]; d:f32[2] = add c b in (d,) }`
 * f.lower(np.zeros([2]), np.zeros([2])).jaxpr.jaxpr.eqns.map((e) => e.primitive); // ["mul", "add"]
   * ```
   */
  lower(...args: Parameters<F>): Lowered;
}

interface CacheEntry {
  /** Its key in the function's cache (the fast path's hits mark it as used there too). */
  readonly key: string;
  readonly jaxpr: ClosedJaxpr<Array>;
  readonly outTree: tree.TreeDef;
  /** The output is one array (not a container): return it without unflattening. */
  readonly singleOutput: boolean;
  /** The array references the program reads and writes (extra inputs and outputs), or null. */
  readonly refs: RefBinding | null;
}

/** The references among a call's arguments, with their paths for messages. */
interface RefArgs {
  readonly refs: Ref[];
  readonly paths: string[];
}
const NO_REF_ARGS: RefArgs = { refs: [], paths: [] };

/**
 * Per function: signature key -> traced program, the least recently used forgotten past the
 * limit (caches.ts's setCacheLimits). Weak, so a dropped function frees its programs.
 */
interface FunctionCache {
  readonly entries: LruCache<string, CacheEntry>;
  /** The eager fast path's keys (from the arrays' avals alone) for the same programs: as many at most. */
  readonly fast: LruCache<string, CacheEntry>;
  /** clearCaches's generation when this cache was last emptied. */
  generation: number;
}
const traceCache = new WeakMap<AnyFn, FunctionCache>();

/** The function's cache, emptied if clearCaches ran since, with the current limit. */
function freshCache(c: FunctionCache): FunctionCache {
  const generation = currentGeneration();
  if (c.generation !== generation) {
    c.entries.clear();
    c.fast.clear();
    c.generation = generation;
  }
  const limit = currentJitLimit();
  if (c.entries.limit !== limit) {
    c.entries.setLimit(limit);
    c.fast.setLimit(limit);
  }
  return c;
}

let jitDisabled = 0;

/**
 * `disableJit(fn)` (jax.disable_jit, a context manager in JAX): runs `fn` with every jitted
 * function called eagerly inside it, so its side effects run on every call.
 *
 * @example
 * ```ts
 * let calls = 0;
 * const f = jit((x: Array) => { calls++; return np.square(x); });
 * disableJit(() => [f(np.array([2])), f(np.array([3]))]); // [Array([4.], dtype=float32), Array([9.], dtype=float32)]
 * calls; // 2
 * ```
 */
export function disableJit<T>(fn: () => T): T {
  jitDisabled++;
  try {
    return fn();
  } finally {
    jitDisabled--;
  }
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
/** Symbols used as static arguments (few: symbols are made by hand). */
const symbolIds = new Map<symbol, number>();
const identityKey = (v: object): string => {
  let id = objectIds.get(v);
  if (id === undefined) objectIds.set(v, (id = nextObjectId++));
  return `#${id}`;
};

/**
 * A cache key for a static argument. Primitives by value; plain data (arrays, and objects whose
 * prototype is Object.prototype or null, nested) by structure, as JAX hashes a static tuple by
 * its items, so a fresh `{ mode: "a" }` per call finds the program traced for the last one;
 * functions, class instances and cyclic data by identity.
 */
function staticKey(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "number") return Object.is(v, -0) ? "n:-0" : `n:${v}`;
  if (typeof v === "string") return `s:${JSON.stringify(v)}`;
  if (typeof v === "boolean" || typeof v === "bigint") return `${typeof v}:${String(v)}`;
  if (typeof v === "symbol") {
    let id = symbolIds.get(v);
    if (id === undefined) symbolIds.set(v, (id = nextObjectId++));
    return `symbol#${id}`;
  }
  if (typeof v === "function") return identityKey(v);
  // Deep or cyclic data is keyed by identity: a cycle would not end, and identity is always sound.
  if (depth > 32) throw new StaticKeyTooDeep();
  try {
    if (globalThis.Array.isArray(v)) return `[${v.map((x) => staticKey(x, depth + 1)).join(",")}]`;
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return identityKey(v);
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${staticKey((v as Record<string, unknown>)[k], depth + 1)}`).join(",")}}`;
  } catch (e) {
    if (depth === 0 && e instanceof StaticKeyTooDeep) return identityKey(v);
    throw e;
  }
}
class StaticKeyTooDeep extends Error {}

function normalizeStatic(n: number | readonly number[] | undefined, nArgs: number): number[] {
  const list = n === undefined ? [] : typeof n === "number" ? [n] : [...n];
  return list.map((i) => {
    const j = i < 0 ? i + nArgs : i;
    if (!Number.isInteger(j) || j < 0 || j >= nArgs) {
      throw new RangeError(`jitted function has staticArgnums=(${list.join(", ")}), but only accepts ${nArgs} positional arguments.`);
    }
    return j;
  });
}

const isSingleLeaf = (t: tree.TreeDef): boolean => t.kind === "leaf";

/**
 * Compiles `f` (`jax.jit`): traced once per argument signature into a jaxpr, optimized, and
 * compiled into fused JS kernels (or GPU kernels with `device: "gpu"`). Composes with grad, vmap
 * and the other transforms; side effects in `f` run only while tracing.
 *
 * @example
 * ```ts
 * const f = jit((x: Array, y: Array) => np.add(np.sin(x), np.multiply(y, 2)));
 * f(np.array([0, 1]), np.array([1, 2])); // Array([2.      , 4.841471], dtype=float32)
 * // staticArgnums: `n` is a JS value the program is specialised on.
 * const power = jit((x: Array, n: number) => np.power(x, n), { staticArgnums: 1 });
 * power(np.array([2, 3]), 3); // Array([ 8., 27.], dtype=float32)
 * grad(jit((x: Array) => np.sum(np.square(x))))(np.array([1, 2])); // Array([2., 4.], dtype=float32)
 * ```
 */
export function jit<F extends AnyFn>(f: F, options: JitOptions = {}): JittedFunction<F> {
  checkCallable(f);
  installPjitEvaluation();
  const name = f.name || "<anonymous>";
  let cache = traceCache.get(f);
  if (cache === undefined) traceCache.set(f, (cache = { entries: new LruCache(currentJitLimit()), fast: new LruCache(currentJitLimit()), generation: currentGeneration() }));
  const functionCache = cache;

  /** Traces (or finds) the program for these arguments; returns it with the flat dynamic inputs. */
  const prepare = (args: unknown[]): { entry: CacheEntry; inputs: Array[]; cacheable: boolean; refArgs: RefArgs } => {
    const byKey = freshCache(functionCache).entries;
    const statics = normalizeStatic(options.staticArgnums, args.length);
    const dynamic = args.filter((_, i) => !statics.includes(i));
    const [allLeaves, inTree] = tree.flatten(dynamic);
    // Array references among the arguments are not inputs: the program reads and writes them (state/jitRefs.ts).
    const hasRefArgs = allLeaves.some(isRef);
    const refArgs = hasRefArgs ? refArgPaths(dynamic) : NO_REF_ARGS;
    if (hasRefArgs) checkDistinctRefArgs(refArgs.refs, name, refArgs.paths);
    const rawLeaves = hasRefArgs ? allLeaves.filter((l) => !isRef(l)) : allLeaves;
    // A JS number is a weak default float (float32, or float64 under jax_enable_x64), as grad treats it: JS cannot tell 1 from 1.0, and a float is
    // what jit(grad(f))(1.0) needs to mean what grad(jit(f))(1.0) does. Pass an Array (or a static
    // argument) for an integer.
    const leaves = rawLeaves.map((l) => (typeof l === "number" ? scalarArray(l, defaultFloatDType(), true) : toArrayLeaf(l, "jit argument")));
    const avals = leaves.map(argAval);
    let key = String(inTree);
    if (hasRefArgs) {
      // Each leaf's kind and type in order: where the references are is part of the signature.
      let k = 0;
      for (const l of allLeaves) key += isRef(l) ? "|ref" + l.aval.key : "|" + avals[k++]!.key;
    } else {
      for (const a of avals) key += "|" + a.key;
    }
    for (const i of statics) key += "|s" + i + "=" + staticKey(args[i]);
    // A traced collective depends on the named axes in scope (its axis size is a param).
    if (hasNamedAxes()) key += "|axes=" + axisEnvKey();
    // A PartitionSpec's meaning and the sharding checks depend on the context mesh.
    const mesh = abstractMeshKey();
    if (mesh !== "") key += "|mesh=" + mesh;
    const hit = byKey.get(key);
    if (hit !== undefined) return { entry: hit, inputs: leaves, cacheable: true, refArgs };
    let refs: RefBinding | null = null;
    // Traced on the flat non-reference leaves; references are put back in their places.
    const call = (...flat: unknown[]): unknown => {
      const { out, binding } = traceJitRefs(
        (inner) => {
          let k = 0;
          let r = 0;
          const dyn = tree.unflatten(inTree, allLeaves.map((l) => (isRef(l) ? inner[r++] : flat[k++]))) as unknown[];
          const full: unknown[] = [];
          let d = 0;
          for (let i = 0; i < args.length; i++) full.push(statics.includes(i) ? args[i] : dyn[d++]);
          return (f as unknown as (...a: unknown[]) => unknown)(...full);
        },
        refArgs.refs,
        name,
        refArgs.paths,
      );
      refs = binding;
      return out;
    };
    const { closedJaxpr, outTree } = traceToJaxpr(call, avals, tree.structure(avals.map(() => 0)));
    const single = refs === null && isSingleLeaf(outTree);
    if (closedJaxpr.consts.some((c) => c instanceof Tracer)) {
      // The function closes over values of an enclosing transform: pass them as leading inputs,
      // and do not cache (they belong to this call only).
      const entry = { key, jaxpr: closureConvert(closedJaxpr), outTree, singleOutput: single, refs };
      return { entry, inputs: [...closedJaxpr.consts, ...leaves], cacheable: false, refArgs };
    }
    const entry = { key, jaxpr: closedJaxpr, outTree, singleOutput: single, refs };
    byKey.set(key, entry);
    return { entry, inputs: leaves, cacheable: true, refArgs };
  };

  /** Runs a program on its inputs plus its references' values, then writes the references back. */
  const runEntry = (entry: CacheEntry, inputs: Array[], refArgs: RefArgs, run: (inputs: Array[]) => Array[]): unknown => {
    if (entry.refs === null) {
      const outs = run(inputs);
      return entry.singleOutput ? outs[0] : tree.unflatten(entry.outTree, outs);
    }
    const refs = boundRefs(entry.refs, refArgs.refs, name, refArgs.paths);
    const outs = run([...inputs, ...refValues(refs)]);
    return writeBack(entry.refs, refs, tree.unflatten(entry.outTree, outs));
  };

  // Without a device option, a call on GPU arrays runs where its data is (as in JAX).
  const onGpu = (args: readonly unknown[] = []): boolean => {
    const gpu = (options.device ?? (gpuArraysExist() && args.some((a) => a instanceof GpuArray) ? "gpu" : getDefaultDevice())) === "gpu";
    if (gpu) followGpuData();
    return gpu;
  };
  const noStatics = options.staticArgnums === undefined || (globalThis.Array.isArray(options.staticArgnums) && options.staticArgnums.length === 0);
  const jitted = ((...args: unknown[]) => {
    if (jitDisabled > 0 || flags.disableJit) return (f as unknown as (...a: unknown[]) => unknown)(...args);
    if (checksSpecialValues() && isEager() && !onGpu(args)) return callCheckingSpecialValues(args);
    // Fast path for the common eager call on concrete arrays: one key from the avals, no pytree work.
    let flatKey: string | null = null;
    if (noStatics && isEager()) {
      flatKey = `#${args.length}`;
      for (const a of args) {
        if (!(a instanceof ArrayImpl)) {
          flatKey = null;
          break;
        }
        flatKey += "|" + a.aval.key;
      }
      if (flatKey !== null) {
        const mesh = abstractMeshKey();
        if (mesh !== "") flatKey += "|mesh=" + mesh;
        const c = freshCache(functionCache);
        const hit = c.fast.get(flatKey);
        if (hit !== undefined) {
          c.entries.get(hit.key);
          const gpu = onGpu(args);
          return runEntry(hit, args as ArrayImpl[], NO_REF_ARGS, (ins) => (gpu ? runOnGpu(hit.jaxpr, ins as ArrayImpl[]) : runCompiled(hit.jaxpr, ins as ArrayImpl[])));
        }
      }
    }
    const { entry, inputs, cacheable, refArgs } = prepare(args);
    if (flatKey !== null && cacheable) functionCache.fast.set(flatKey, entry);
    // Under transforms the pjit is bound as usual (its rules are device-independent).
    return runEntry(entry, inputs, refArgs, (ins) => {
      const eagerGpu = onGpu(ins) && isEager() && ins.every((a) => a instanceof ArrayImpl);
      return eagerGpu ? runOnGpu(entry.jaxpr, ins as ArrayImpl[]) : bind("pjit", ins, { jaxpr: entry.jaxpr, name });
    });
  }) as unknown as JittedFunction<F>;

  // config's jax_debug_nans/infs: the compiled program's results are checked; on an invalid value
  // the function runs again de-optimized (eagerly, op by op), whose own check names the primitive,
  // as JAX's pjit does (jax/_src/api_util.py maybe_recursive_nan_check).
  const callCheckingSpecialValues = (args: unknown[]): unknown => {
    const { entry, inputs, refArgs } = prepare(args);
    let outs: Array[] = [];
    const result = runEntry(entry, inputs, refArgs, (ins) => (outs = runCompiled(entry.jaxpr, ins as ArrayImpl[])));
    const found = invalidValueIn(outs);
    if (found !== null) {
      console.warn(`Invalid ${found} value encountered in the output of a jit function. Calling the de-optimized version.`);
      disableJit(() => (f as unknown as (...a: unknown[]) => unknown)(...args));
      throw new FloatingPointError(
        `invalid value (${found}) encountered in jit(${name}). Because config's jax_debug_nans and/or jax_debug_infs is set, the de-optimized function (the function as if jit were removed) was called in an attempt to get a more precise error message. However, the de-optimized function did not produce invalid values during its execution. This can result from jit's optimizations producing the invalid value, or from NaN/inf literals as inputs or outputs, like jit(() => np.nan)().`,
      );
    }
    return result;
  };

  jitted.lower = (...args: unknown[]): Lowered => {
    const { entry } = prepare(args);
    const program = onGpu(args) ? lowerForGpu(entry.jaxpr) : compileClosedJaxpr(entry.jaxpr);
    const optimizedJaxpr = new ClosedJaxpr(program.optimized.jaxpr, program.optimized.consts);
    const source = "executable" in program ? program.executable.source : program.source;
    return {
      jaxpr: entry.jaxpr,
      optimizedJaxpr,
      source,
      kernelCount: "executable" in program ? program.executable.kernelCount : program.kernelCount,
      asText: () => `${printJaxpr(optimizedJaxpr.jaxpr)}\n\n${source}`,
    };
  };
  Object.defineProperty(jitted, "name", { value: `jit(${name})` });
  return jitted;
}
