// Every error class of the library, with JAX's (and Python's) names and explanations, in one
// place. ValueError and AxisError are defined beside the avals in jaxpr/ (which imports nothing
// from src/) and re-exported here; the public namespaces re-export what they expose from here.

const SHARP_BITS = "See https://docs.jax.dev/en/latest/errors.html";

/**
 * JAX's ConcretizationTypeError: a traced value was used where a concrete one is needed (its `tolist()`, `item()`, a shape).
 *
 * @example
 * ```ts
 * let err: unknown;
 * try { jit((x: Array) => np.array(x.tolist()))(np.array([1])); } catch (e) { err = e; }
 * err instanceof ConcretizationTypeError; // true
 * (err as Error).name; // "ConcretizationTypeError"
 * ```
 */
export class ConcretizationTypeError extends TypeError {
  override name = "ConcretizationTypeError";
  constructor(what: string, context = "") {
    super(
      `Abstract tracer value encountered where concrete value is expected: ${what}\n` +
        (context ? context + "\n" : "") +
        `The problem arose with a traced value whose concrete value is not known while tracing (for example ` +
        `inside jit). Use static arguments (jit's staticArgnums) or move the value-dependent code out of the ` +
        `traced function. ${SHARP_BITS}#jax.errors.ConcretizationTypeError`,
    );
  }
}

/**
 * JAX's TracerBoolConversionError: a traced non-integer value converted to a JS primitive, as in `if (x > 0)` under jit.
 *
 * @example
 * ```ts
 * let err: unknown;
 * try { jit((x: Array) => (x > 0 ? x : np.negative(x)))(np.array(1)); } catch (e) { err = e; }
 * err instanceof TracerBoolConversionError; // true
 * // Use np.where (or lax.cond) instead:
 * jit((x: Array) => np.where(np.greater(x, 0), x, np.negative(x)))(np.array(-1)); // Array(1., dtype=float32, weak_type=True)
 * ```
 */
export class TracerBoolConversionError extends ConcretizationTypeError {
  override name = "TracerBoolConversionError";
  constructor(what: string) {
    super(what, "Attempted boolean conversion of traced array.");
  }
}

/**
 * JAX's TracerIntegerConversionError: a traced integer converted to a JS number (an index or a size) under a transform.
 *
 * @example
 * ```ts
 * const xs = [10, 20, 30];
 * let err: unknown;
 * try { jit((i: Array) => np.array(xs[Number(i)]!))(np.array(1, { dtype: "int32" })); } catch (e) { err = e; }
 * err instanceof TracerIntegerConversionError; // true
 * ```
 */
export class TracerIntegerConversionError extends ConcretizationTypeError {
  override name = "TracerIntegerConversionError";
  constructor(what: string) {
    super(what, "Attempted integer conversion of traced array: the value is needed as a JS number (an index or size).");
  }
}

/**
 * JAX's UnexpectedTracerError: a traced value leaked out of its transformation (kept in an outer variable) and was used later.
 *
 * @example
 * ```ts
 * let leaked: Array = np.zeros([]);
 * jit((x: Array) => { leaked = x; return x; })(np.array(1));
 * let err: unknown;
 * try { np.add(leaked, 1); } catch (e) { err = e; }
 * err instanceof UnexpectedTracerError; // true
 * ```
 */
export class UnexpectedTracerError extends Error {
  override name = "UnexpectedTracerError";
  constructor(detail: string) {
    super(
      `Encountered an unexpected tracer. A function transformed by dprog had a side effect that allowed a ` +
        `reference to an intermediate value to escape the scope of the transformation (${detail}). ` +
        `Pass values in and out of transformed functions explicitly. ${SHARP_BITS}#jax.errors.UnexpectedTracerError`,
    );
  }
}

/** Python's ValueError and numpy's AxisError (defined beside the avals, which raise them). */
export { AxisError, RuntimeError, ValueError } from "../../jaxpr/index.js";

/** Python's OverflowError: a JS integer that does not fit the integer dtype it must become (JAX: "Python int ... too large to convert to int32"). */
export class OverflowError extends Error {
  override name = "OverflowError";
}

/**
 * Python's FloatingPointError, which JAX raises when config's jax_debug_nans (or jax_debug_infs)
 * finds an invalid value in an operation's result.
 *
 * @example
 * ```ts
 * config.update("jax_debug_nans", true);
 * let err: unknown;
 * try { np.log(np.array(-1)); } catch (e) { err = e; }
 * (err as Error).message; // "invalid value (nan) encountered in log"
 * config.update("jax_debug_nans", false);
 * ```
 */
export class FloatingPointError extends Error {
  override name = "FloatingPointError";
}

/** Python's AttributeError, which jax.config raises for an option it does not have. */
export class AttributeError extends Error {
  override name = "AttributeError";
}

/** Python's NotImplementedError (JAX raises it for a pure_callback vmapped without a vmap_method). */
export class NotImplementedError extends Error {
  override name = "NotImplementedError";
}

/** numpy's IndexError. */
export class IndexError extends Error {
  override name = "IndexError";
}

/** JAX's NonConcreteBooleanIndexError: a boolean mask whose values are not known while tracing. */
export class NonConcreteBooleanIndexError extends IndexError {
  override name = "NonConcreteBooleanIndexError";
  constructor(what: string) {
    super(
      `Array boolean indices must be concrete; got ${what}\n` +
        `The shape of the result of boolean indexing depends on the mask's values, which are not known while ` +
        `tracing. Use np.where(mask, x, fill) or a static mask instead. ` +
        `${SHARP_BITS}#jax.errors.NonConcreteBooleanIndexError`,
    );
  }
}

/** The error for a pytree that contains itself (JAX raises ValueError; JS has no such class). */
export class PytreeCycleError extends TypeError {
  constructor() {
    super("pytree contains a reference cycle: a container holds itself, directly or through its children.");
    this.name = "PytreeCycleError";
  }
}
