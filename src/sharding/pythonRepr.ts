// The Python reprs JAX's sharding messages embed: tuples (a one-element tuple keeps its comma),
// quoted axis names, and an array's short type (`float32[4,2]`, JAX's str_short).

/** Python's tuple repr of already formatted items: `(1,)`, `(1, 2)`, `()`. */
export const pyTuple = (items: readonly (string | number)[]): string => `(${items.join(", ")}${items.length === 1 ? "," : ""})`;

/** Axis names as Python strings: `'x'`. */
export const quoted = (names: readonly string[]): string[] => names.map((n) => `'${n}'`);

/** An array's dtype and shape as JAX's str_short prints them: `float32[4,2]`. */
export const avalStr = (a: { readonly dtype: string; readonly shape: readonly number[] }): string => `${a.dtype}[${a.shape.join(",")}]`;
