// Compile-time types of the autodiff API's results: what grad, valueAndGrad, jvp, vjp and
// linearize hand back for a function's parameter and output types. No runtime code.
import type { Array } from "../core/array.js";

/** What a function under grad may return: a scalar Array or a JS number (checked at run time). */
export type ScalarOutput = Array | number;

/** grad's `argnums`: one position or a list of positions; negative positions count from the end. */
export type Argnums = number | readonly number[];

export interface GradOptions<A extends Argnums = Argnums, H extends boolean = boolean> {
  argnums?: A;
  hasAux?: H;
  /** f is promised holomorphic: complex inputs and output, and the result is df/dz (JAX's holomorphic=True). */
  holomorphic?: boolean;
}

/**
 * `T` as a transform returns it: the same pytree with every leaf (Array, number, boolean) an Array.
 * null/undefined are empty nodes and stay; `any` gives `unknown`.
 */
export type ArraysOf<T> = 0 extends 1 & T
  ? unknown
  : T extends Array | number | boolean
    ? Array
    : T extends null | undefined
      ? T
      : T extends (...args: never[]) => unknown
        ? T
        : T extends object
          ? { [K in keyof T]: ArraysOf<T[K]> }
          : T;

/** Element `N` positions from the end of tuple `P` (N >= 1); the union of elements if P is not a fixed tuple. */
type FromEnd<P extends readonly unknown[], N extends number, Seen extends unknown[] = [unknown]> = P extends readonly [...infer Rest, infer Last]
  ? Seen["length"] extends N
    ? Last
    : FromEnd<Rest, N, [...Seen, unknown]>
  : P[number];

/**
 * The type of parameter `A` of parameter list `P`: negative positions count from the end, a
 * non-literal `number` gives the union of all parameters, a position past a fixed tuple gives never
 * (CheckedArgnums rejects such positions at the call).
 */
export type ParamAt<P extends readonly unknown[], A extends number> = number extends A
  ? P[number]
  : `${A}` extends `-${infer N extends number}`
    ? FromEnd<P, N>
    : number extends P["length"]
      ? P[A]
      : `${A}` extends keyof P
        ? P[A]
        : never;

/** Whether position `A` exists in a call with parameters `P` (always, for a non-literal or a rest parameter). */
type InRange<P extends readonly unknown[], A extends number> = number extends A
  ? true
  : A extends number // one answer per member of a union of positions
    ? PositionInRange<P, A>
    : never;

type PositionInRange<P extends readonly unknown[], A extends number> = number extends P["length"]
  ? true
  : `${A}` extends `-${infer N extends number}`
    ? `${N}` extends keyof [unknown, ...P] // -N exists when P has N elements: index N of [_, ...P]
      ? true
      : false
    : `${A}` extends keyof P
      ? true
      : false;

/** `argnums` as given when every position exists in `P`; otherwise a type that names the mistake. */
export type CheckedArgnums<P extends readonly unknown[], A extends Argnums> = (
  A extends number ? InRange<P, A> : A extends readonly number[] ? InRange<P, A[number]> : false
) extends true
  ? A
  : ArgnumsOutOfRange;

/** Shows up in the compile error for an argnums position the function's parameter list does not have. */
export type ArgnumsOutOfRange = number & { readonly "argnums names a position the function has no parameter for": true };

/** What grad returns for `argnums` A: one parameter's cotangent for a position, a tuple of them for a list. */
export type GradOf<P extends readonly unknown[], A extends Argnums> = A extends number
  ? ArraysOf<ParamAt<P, A>>
  : A extends readonly number[]
    ? GradsOf<P, A>
    : never;

// Element by element rather than a mapped type over A: a mapped type would let TypeScript infer A
// backwards from the context of a grad(...) call (as in grad(grad(f))) instead of taking its default.
type GradsOf<P extends readonly unknown[], A extends readonly number[]> = A extends readonly []
  ? []
  : A extends readonly [infer First extends number, ...infer Rest extends readonly number[]]
    ? [ArraysOf<ParamAt<P, First>>, ...GradsOf<P, Rest>]
    : ArraysOf<ParamAt<P, A[number]>>[];

/**
 * `T` with every leaf (Array, number, boolean) replaced by `L`; null/undefined stay, `any` gives
 * `unknown`. A Jacobian is its function's output with the input structure at each leaf.
 */
export type LeavesTo<T, L> = 0 extends 1 & T
  ? unknown
  : T extends Array | number | boolean
    ? L
    : T extends null | undefined
      ? T
      : T extends (...args: never[]) => unknown
        ? T
        : T extends object
          ? { [K in keyof T]: LeavesTo<T[K], L> }
          : T;

/**
 * What `jacfwd`/`jacrev` return for `f: (...args: P) => R` and `argnums` A, as JAX nests it: R's
 * pytree structure outside and, at each of its leaves, the differentiated parameter's structure
 * with Array leaves (for a list of argnums, a tuple of those), each of shape `out.shape + in.shape`.
 *
 * ```ts
 * jacrev((p: { w: Array; b: Array }) => ({ y: f(p), z: g(p) }))  // { y: { w: Array; b: Array }; z: { w: Array; b: Array } }
 * jacfwd((x: Array, y: Array) => x.mul(y), { argnums: [0, 1] })    // [Array, Array]
 * ```
 */
export type JacobianOf<P extends readonly unknown[], R, A extends Argnums> = LeavesTo<R, GradOf<P, A>>;

/** What `hessian` (= jacfwd(jacrev(f))) returns: the Jacobian of the Jacobian, nested the same way twice. */
export type HessianOf<P extends readonly unknown[], R, A extends Argnums> = LeavesTo<JacobianOf<P, R, A>, GradOf<P, A>>;

/** Options of jacfwd, jacrev and hessian: which positional arguments to differentiate, and whether f returns `[output, aux]`. */
export interface JacobianOptions<A extends Argnums = Argnums, H extends boolean = boolean> {
  argnums?: A;
  hasAux?: H;
  /** f is promised holomorphic: complex inputs and outputs, and the Jacobian is dF/dz (JAX's holomorphic=True). */
  holomorphic?: boolean;
}
