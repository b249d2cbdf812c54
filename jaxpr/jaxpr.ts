// The IR: variables, literals, equations, jaxprs. Jaxprs and equations are plain frozen objects so
// passes can rewrite them with immer (structural sharing); Var and Literal are opaque class
// instances that immer never drafts, so their identity survives every rewrite.
import type { Params, PrimitiveName } from "./params.js";
import { ShapedArray } from "./shape.js";
import { DType, castScalar } from "./dtypes.js";

let nextVarId = 0;

export class Var {
  readonly id = nextVarId++;
  constructor(readonly aval: ShapedArray) {}
}

/** A scalar constant inlined in an equation (JAX prints it as `2.0:f32[]`). */
export class Literal {
  readonly value: number;
  constructor(
    value: number | boolean,
    readonly aval: ShapedArray,
  ) {
    this.value = castScalar(value, aval.dtype);
  }
  static scalar(value: number | boolean, dtype: DType, weakType = false): Literal {
    return new Literal(value, new ShapedArray([], dtype, weakType));
  }
}

export type Atom = Var | Literal;

export interface Eqn<P extends PrimitiveName = PrimitiveName> {
  readonly primitive: P;
  readonly invars: readonly Atom[];
  readonly params: Params<P>;
  readonly outvars: readonly Var[];
}

export interface Jaxpr {
  readonly constvars: readonly Var[];
  readonly invars: readonly Var[];
  readonly eqns: readonly Eqn[];
  readonly outvars: readonly Atom[];
}

export function makeJaxprValue(parts: Jaxpr): Jaxpr {
  return Object.freeze({ ...parts });
}

/**
 * `ClosedJaxpr` (jax.extend.core.ClosedJaxpr): a jaxpr with its constants bound: `consts[i]` is the value of `jaxpr.constvars[i]`.
 *
 * @example
 * ```ts
 * const w = np.array([1, 2]);
 * const closed = makeJaxpr((x: Array) => np.multiply(x, w))(np.zeros([2]));
 * closed.consts; // [Array([1., 2.], dtype=float32)]
 * closed.inAvals.map(String); // ["ShapedArray(f32[2])"]
 * closed.jaxpr.eqns.length; // 1
 * ```
 */
export class ClosedJaxpr<Const = unknown> {
  constructor(
    readonly jaxpr: Jaxpr,
    readonly consts: readonly Const[],
  ) {}
  get inAvals(): ShapedArray[] {
    return this.jaxpr.invars.map((v) => v.aval);
  }
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outvars.map((v) => v.aval);
  }
  /**
   * The jaxpr as JAX prints it.
   *
   * @example
   * ```ts
   * makeJaxpr((x: Array) => np.cos(x))(np.zeros([3])).toString(); // "{ lambda ; a:f32[3]. let b:f32[3] = cos a in (b,) }"
   * ```
   */
  toString(): string {
    return printJaxprLazy(this.jaxpr);
  }
}

// The printer imports this module's classes; resolve the cycle lazily.
let printJaxprLazy: (j: Jaxpr) => string = () => "<jaxpr>";
export function setJaxprPrinter(p: (j: Jaxpr) => string): void {
  printJaxprLazy = p;
}

export const isVar = (a: Atom): a is Var => a instanceof Var;
export const isLiteral = (a: Atom): a is Literal => a instanceof Literal;
