// Where generated JavaScript becomes a function. The JS backend compiles its kernels with the
// Function constructor; a page whose Content Security Policy lacks 'unsafe-eval' in script-src
// forbids that, and the browser's EvalError names only the directive it violated. compileFunction
// turns it into one error that says what dprog needs and what to allow, keeping the browser's
// error as its cause. (Fused groups can also run without generated code, through the kernel IR
// evaluator in fusion/evaluateGroup.ts; other kernels still need it.)

/** What a page must allow for dprog's generated kernels, and why. */
export const CODE_GENERATION_BLOCKED =
  "dprog compiles its kernels to JavaScript with the Function constructor, which this environment forbids. In a browser, " +
  "the page's Content Security Policy lacks 'unsafe-eval' in its script-src directive: add it (for example " +
  "script-src 'self' 'unsafe-eval', which also allows the WebAssembly matrix product). In Node, run without " +
  "--disallow-code-generation-from-strings.";

/** A generated function, as compiled: its parameters are the names it was given, in order. */
export type CompiledFunction = (...args: unknown[]) => unknown;

/** Whether `e` is a browser refusing to evaluate a string as code (CSP without 'unsafe-eval'). */
export const isCodeGenerationBlocked = (e: unknown): boolean => e instanceof EvalError;

/**
 * `new Function(...params, body)`, or, where a Content Security Policy forbids generated code, an
 * EvalError with CODE_GENERATION_BLOCKED's message (the browser's error is its cause).
 */
export function compileFunction(params: readonly string[], body: string): CompiledFunction {
  try {
    return new Function(...params, body) as CompiledFunction;
  } catch (e) {
    if (isCodeGenerationBlocked(e)) throw new EvalError(CODE_GENERATION_BLOCKED, { cause: e });
    throw e;
  }
}
