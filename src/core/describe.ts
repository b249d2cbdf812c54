// Naming user values in error messages, and the callable check of the transforms. Nothing here
// calls a value's toString or getters, so a hostile value cannot run while an error is built.

/**
 * How a non-array value is named in error messages (JAX names its Python class: "<class 'list'>").
 * Reads no getters and calls no toString (a Proxy's traps aside).
 */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (globalThis.Array.isArray(x)) return `a JS array of length ${x.length} (wrap it with np.array)`;
  switch (typeof x) {
    case "string":
      return `string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + "..." : x)}`;
    case "bigint":
      return `bigint ${x}n (convert it with Number())`;
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    case "number":
    case "boolean":
      return `${typeof x} ${String(x)}`;
    default: {
      const proto: unknown = Object.getPrototypeOf(x);
      const ctor: unknown = proto === null ? null : Object.getOwnPropertyDescriptor(proto, "constructor")?.value;
      const name = typeof ctor === "function" && typeof ctor.name === "string" && ctor.name !== "" ? ctor.name : "Object";
      return `an object of class ${name}`;
    }
  }
}

/** JAX's check_callable: transforms take a function (`grad(5)`: TypeError "Expected a callable value, got number 5"). */
export function checkCallable(f: unknown, what = ""): asserts f is (...args: never[]) => unknown {
  if (typeof f !== "function") throw new TypeError(`${what ? what + ": " : ""}Expected a callable value, got ${describeValue(f)}.`);
}
