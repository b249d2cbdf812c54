// JAX's tracing errors, with JAX's names and explanations.

const SHARP_BITS = "See https://docs.jax.dev/en/latest/errors.html";

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

export class TracerBoolConversionError extends ConcretizationTypeError {
  override name = "TracerBoolConversionError";
  constructor(what: string) {
    super(what, "Attempted boolean conversion of traced array.");
  }
}

export class TracerIntegerConversionError extends ConcretizationTypeError {
  override name = "TracerIntegerConversionError";
  constructor(what: string) {
    super(what, "Attempted integer conversion of traced array: the value is needed as a JS number (an index or size).");
  }
}

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

/** Python's ValueError (defined beside the avals, which raise it for too many dimensions). */
export { ValueError } from "../../jaxpr/index.js";

/** Python's OverflowError: a JS integer that does not fit the integer dtype it must become (JAX: "Python int ... too large to convert to int32"). */
export class OverflowError extends Error {
  override name = "OverflowError";
}
