// Prints jaxprs in JAX's syntax: `{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }`.
import { Jaxpr, Atom, Literal, Var, Eqn, ClosedJaxpr, setJaxprPrinter } from "./jaxpr.js";
import { SHORT_NAME } from "./dtypes.js";

/** JAX's variable names: a..z, then ba, bb, ... (base-26 digits with 'a' as zero). */
export function varName(n: number): string {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

const snakeCase = (k: string): string => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

function formatNumber(v: number, isFloat: boolean): string {
  if (!isFloat) return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  // Python's repr keeps the sign of zero (-0.0), which toFixed drops.
  if (Object.is(v, -0)) return "-0.0";
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? v.toFixed(1) : String(v);
}

/** Python-like rendering of param values: tuples, None, True/False, nested dimension numbers. */
export function formatParam(v: unknown, indent = 0): string {
  if (v === null || v === undefined) return "None";
  // Sub-jaxprs print nested, their equations indented past the enclosing equation's.
  if (v instanceof ClosedJaxpr) return printJaxpr(v.jaxpr, indent + 4);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return v;
  if (typeof v === "function") return v.name ? `<function ${v.name}>` : "<function>";
  if (globalThis.Array.isArray(v)) {
    const items = v.map((x) => formatParam(x, indent));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (typeof v === "object") {
    const name = (v as { constructor?: { name?: string } }).constructor?.name;
    if (name && name !== "Object") return String(v);
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${snakeCase(k)}=${formatParam(x)}`);
    return `{${entries.join(", ")}}`;
  }
  return String(v);
}

class Namer {
  private names = new Map<Var, string>();
  name(v: Var): string {
    let s = this.names.get(v);
    if (s === undefined) this.names.set(v, (s = varName(this.names.size)));
    return s;
  }
  atom(a: Atom): string {
    if (a instanceof Literal) {
      const d = a.aval.dtype;
      const text = d === "bool" ? (a.value ? "True" : "False") : formatNumber(a.value, d === "float32" || d === "float64");
      return `${text}:${SHORT_NAME[d]}[]`;
    }
    return this.name(a);
  }
  binder(v: Var): string {
    return `${this.name(v)}:${v.aval.str()}`;
  }
}

function eqnString(e: Eqn, namer: Namer, indent: number): string {
  const outs = e.outvars.map((v) => namer.binder(v)).join(" ");
  const keys = Object.keys(e.params).sort((a, b) => (snakeCase(a) < snakeCase(b) ? -1 : 1));
  const params = keys.length
    ? `[${keys.map((k) => `${snakeCase(k)}=${formatParam((e.params as Record<string, unknown>)[k], indent)}`).join(" ")}]`
    : "";
  const args = e.invars.map((a) => namer.atom(a)).join(" ");
  return `${outs} = ${e.primitive}${params}${args ? " " + args : ""}`;
}

const LINE_WIDTH = 80;

/** Renders a jaxpr; short ones fit on one line as JAX prints them, longer ones one equation per line. */
export function printJaxpr(jaxpr: Jaxpr, indent = 0): string {
  const namer = new Namer();
  const consts = jaxpr.constvars.map((v) => namer.binder(v)).join(" ");
  const ins = jaxpr.invars.map((v) => namer.binder(v)).join(" ");
  const eqns = jaxpr.eqns.map((e) => eqnString(e, namer, indent));
  const outs = jaxpr.outvars.map((a) => namer.atom(a));
  const outTuple = outs.length === 1 ? `(${outs[0]},)` : `(${outs.join(", ")})`;
  const head = `{ lambda ${consts}; ${ins}. let`;
  // JAX prints an empty equation list as two spaces: `let  in (a,)`.
  const oneLine = `${head} ${eqns.join("; ")} in ${outTuple} }`;
  if (oneLine.length + indent <= LINE_WIDTH) return oneLine;
  const pad = " ".repeat(indent);
  return [head, ...eqns.map((e) => `${pad}    ${e}`), `${pad}  in ${outTuple} }`].join("\n");
}

setJaxprPrinter((j) => printJaxpr(j));
