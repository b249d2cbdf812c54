// jax.sharding.PartitionSpec (jax.P): how each dimension of an array maps onto mesh axes, after
// jax/_src/partition_spec.py. An entry is null (not partitioned), an axis name, a list of axis
// names (partitioned over their product), or P.UNCONSTRAINED; `unreduced`/`reduced` name mesh
// axes over which the value is a pending reduction (JAX's explicit-sharding extension).
import { ValueError } from "../core/errors.js";
import { pyTuple, quoted } from "./pythonRepr.js";

/** JAX's `P.UNCONSTRAINED`: the compiler may choose this dimension's sharding. */
export const UNCONSTRAINED: unique symbol = Symbol.for("dprog.PartitionSpec.UNCONSTRAINED");
export type Unconstrained = typeof UNCONSTRAINED;

/** One entry of a PartitionSpec: null, an axis name, several axis names, or UNCONSTRAINED. */
export type PartitionEntry = string | readonly string[] | null | Unconstrained;

/** PartitionSpec's keyword arguments (JAX's `unreduced=`, `reduced=`). */
export interface PartitionSpecOptions {
  unreduced?: Iterable<string>;
  reduced?: Iterable<string>;
}

const setRepr = (names: ReadonlySet<string>): string => `{${quoted([...names]).join(", ")}}`;

function entryRepr(entry: PartitionEntry): string {
  if (entry === null) return "None";
  if (entry === UNCONSTRAINED) return "UNCONSTRAINED";
  if (typeof entry === "string") return quoted([entry])[0]!;
  return pyTuple(quoted(entry));
}

// JAX's canonicalize_partition: a one-name tuple is that name; an empty tuple is None.
function canonicalEntry(entry: unknown): PartitionEntry {
  if (entry === null || entry === undefined) return null;
  if (entry === UNCONSTRAINED || typeof entry === "string") return entry;
  if (globalThis.Array.isArray(entry) && entry.every((n) => typeof n === "string")) {
    const names = entry as string[];
    if (names.length === 0) return null;
    return names.length === 1 ? names[0]! : Object.freeze([...names]);
  }
  throw new TypeError(`PartitionSpec entries must be None, an axis name, a tuple of axis names or P.UNCONSTRAINED; got ${String(entry)}.`);
}

/** The mesh axis names an entry refers to. */
export const entryNames = (entry: PartitionEntry): readonly string[] => (entry === null || entry === UNCONSTRAINED ? [] : typeof entry === "string" ? [entry] : entry);

/**
 * `PartitionSpec` (jax.sharding.PartitionSpec): one entry per leading dimension of an array, each
 * null (replicated), a mesh axis name, a list of names, or `P.UNCONSTRAINED`. Build it with `P(...)`
 * (or `new PartitionSpec(...)`).
 *
 * @example
 * ```ts
 * const spec = P("x", null, ["y", "z"]);
 * spec.toString(); // "P('x', None, ('y', 'z'))"
 * spec.length; // 3
 * spec.get(0); // "x"
 * spec.equals(P("x", null, ["y", "z"])); // true
 * ```
 */
export class PartitionSpec {
  /** JAX's `P.UNCONSTRAINED`. */
  static readonly UNCONSTRAINED: Unconstrained = UNCONSTRAINED;
  /** The entries (jax PartitionSpec's `partitions`). */
  readonly partitions: readonly PartitionEntry[];
  /** Mesh axes over which the value is an unreduced sum. */
  readonly unreduced: ReadonlySet<string>;
  /** Mesh axes over which the value is reduced (replicated, its cotangent unreduced). */
  readonly reduced: ReadonlySet<string>;

  constructor(...args: (PartitionEntry | PartitionSpecOptions)[]) {
    const last = args[args.length - 1];
    const options = last !== null && typeof last === "object" && !globalThis.Array.isArray(last) ? (args.pop() as PartitionSpecOptions) : {};
    this.partitions = Object.freeze(args.map(canonicalEntry));
    this.unreduced = new Set(options.unreduced ?? []);
    this.reduced = new Set(options.reduced ?? []);
    checkReductions(this);
    Object.freeze(this);
  }
  /**
   * The number of entries (`len(spec)`).
   *
   * @example
   * ```ts
   * P("x", null).length; // 2
   * ```
   */
  get length(): number {
    return this.partitions.length;
  }
  /**
   * Entry `i` (`spec[i]`; negative counts from the end).
   *
   * @example
   * ```ts
   * P("x", null).get(-1); // null
   * ```
   */
  get(i: number): PartitionEntry {
    this.requireNoReductions("pspec[...]", "spec.partitions[...]");
    const entry = this.partitions[i < 0 ? i + this.partitions.length : i];
    if (entry === undefined) throw new RangeError("tuple index out of range");
    return entry;
  }
  [Symbol.iterator](): Iterator<PartitionEntry> {
    this.requireNoReductions("*pspec", "*spec.partitions");
    return this.partitions[Symbol.iterator]();
  }
  /**
   * Whether two specs have the same entries and reductions (`==`).
   *
   * @example
   * ```ts
   * P("x").equals(P(["x"])); // true
   * P("x").equals(P("x", null)); // false
   * ```
   */
  equals(other: PartitionSpec): boolean {
    const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((n) => b.has(n));
    return (
      other.partitions.length === this.partitions.length &&
      this.partitions.every((e, i) => entryRepr(e) === entryRepr(other.partitions[i]!)) &&
      sameSet(this.unreduced, other.unreduced) &&
      sameSet(this.reduced, other.reduced)
    );
  }
  /**
   * JAX's repr: `P('x', None)`, with `unreduced={...}`/`reduced={...}` when present.
   *
   * @example
   * ```ts
   * P("x").toString(); // "P('x',)"
   * P().toString(); // "P()"
   * ```
   */
  toString(): string {
    const inner = this.partitions.map(entryRepr).join(", ") + (this.partitions.length === 1 ? "," : "");
    const reductions = [this.unreduced.size > 0 ? `unreduced=${setRepr(this.unreduced)}` : "", this.reduced.size > 0 ? `reduced=${setRepr(this.reduced)}` : ""].filter((s) => s !== "");
    if (reductions.length === 0) return `P(${inner})`;
    const prefix = inner === "" ? "" : inner.endsWith(",") ? `${inner} ` : `${inner}, `;
    return `P(${prefix}${reductions.join(", ")})`;
  }
  /** The spec padded with nulls to `ndim` entries, UNCONSTRAINED read as null (JAX's `_normalized_spec_for_aval`). */
  normalizedFor(ndim: number): PartitionSpec {
    const out: PartitionEntry[] = this.partitions.map((p) => (p === UNCONSTRAINED ? null : p));
    while (out.length < ndim) out.push(null);
    return new PartitionSpec(...out, { unreduced: this.unreduced, reduced: this.reduced });
  }
  /** Every mesh axis name the entries use, in order, repeats included. */
  axisNames(): string[] {
    return this.partitions.flatMap(entryNames);
  }
  private requireNoReductions(what: string, instead: string): void {
    if (this.unreduced.size > 0 || this.reduced.size > 0) {
      throw new ValueError(`Using ${what} is dangerous when PartitionSpec has non-empty unreduced/reduced set. Please use ${instead}`);
    }
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// jax/_src/partition_spec.py `_check`.
function checkReductions(spec: PartitionSpec): void {
  const overlap = [...spec.unreduced].filter((n) => spec.reduced.has(n));
  if (overlap.length > 0) {
    throw new ValueError(`\`unreduced\` and \`reduced\` argument to PartitionSpec cannot overlap. Got unreduced: ${setRepr(spec.unreduced)} and reduced: ${setRepr(spec.reduced)}`);
  }
  const partitionsRepr = pyTuple(spec.partitions.map(entryRepr));
  for (const name of spec.partitions.flatMap(entryNames)) {
    if (spec.unreduced.has(name)) throw new ValueError(`partitions cannot overlap with unreduced axes passed to PartitionSpec. Got partitions: ${partitionsRepr} and unreduced axes: ${setRepr(spec.unreduced)}`);
    if (spec.reduced.has(name)) throw new ValueError(`partitions cannot overlap with reduced axes passed to PartitionSpec. Got partitions: ${partitionsRepr} and reduced axes: ${setRepr(spec.reduced)}`);
  }
}

/** `P(...)`: a PartitionSpec, called without `new` as JAX's `jax.P(...)` is. */
export interface PFunction {
  (...args: (PartitionEntry | PartitionSpecOptions)[]): PartitionSpec;
  /** JAX's `P.UNCONSTRAINED`. */
  readonly UNCONSTRAINED: Unconstrained;
}

/**
 * `P(...entries)` (jax.P, jax.sharding.PartitionSpec): a {@link PartitionSpec}. `null` is Python's
 * None, a list of names is a tuple, `P.UNCONSTRAINED` leaves the dimension to the compiler; a last
 * `{ unreduced, reduced }` object gives JAX's keyword arguments.
 *
 * @example
 * ```ts
 * P("x", null).toString(); // "P('x', None)"
 * P(P.UNCONSTRAINED, "x").toString(); // "P(UNCONSTRAINED, 'x')"
 * P(["x", "y"]) instanceof sharding.PartitionSpec; // true
 * ```
 */
export const P: PFunction = Object.assign((...args: (PartitionEntry | PartitionSpecOptions)[]) => new PartitionSpec(...args), { UNCONSTRAINED: UNCONSTRAINED as Unconstrained });
