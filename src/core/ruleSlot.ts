// A slot for a complete rule table that is assembled above the modules that read it. The
// transforms read their tables (JVP, transpose, batching) while the control-flow and call rules
// in those tables call back into the transforms; so the tables are built in src/rules.ts, which
// sees every rule, and installed whole into a slot the transforms import. Before that one
// assignment the slot answers every read with an error, so a table is never read half-built.

/** A placeholder table: any read says that src/rules.ts has not run. */
export function notInstalled<T extends object>(table: string): T {
  return new Proxy({} as T, {
    get() {
      throw new Error(`dprog internal error: the ${table} rule table was read before src/rules.ts installed it (import the package entry or src/rules.ts first)`);
    },
  });
}
