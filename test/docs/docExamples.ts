// Extracts the `@example` blocks of the doc comments under src/ and turns each into a runnable
// async function body whose commented results are checked. The format (docs/contributing.md):
//
//   * @example
//   * ```ts
//   * const x = np.array([1, 2, 3]);
//   * np.cumsum(x); // Array([1., 3., 6.], dtype=float32)
//   * ```
//
// A line `code; // expected` is checked when `expected` looks like a value (an Array repr, a
// JS array/object/number/boolean/string literal, null/undefined); any other trailing comment is
// prose. A block whose first line is `// not run: <reason>` is only compiled, not run.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface DocExample {
  /** `src/numpy/reductions.ts:120`: where the block's first code line is. */
  readonly where: string;
  readonly code: string;
  /** Set when the block opts out of running (`// not run: reason`). */
  readonly notRun: string | null;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out.sort();
}

/** Every ```ts block that follows an `@example` tag in a doc comment. */
export function collectExamples(root: string, dirs: readonly string[]): DocExample[] {
  const examples: DocExample[] = [];
  for (const dir of dirs) {
    for (const file of sourceFiles(join(root, dir))) {
      const lines = readFileSync(file, "utf8").split("\n");
      for (let i = 0; i < lines.length; i++) {
        if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
        // The fence opens on the next comment line that is not blank.
        let j = i + 1;
        while (j < lines.length && /^\s*\*\s*$/.test(lines[j]!)) j++;
        const body: string[] = [];
        let k = j;
        if (/^\s*\*\s*```(ts|typescript|js)?\s*$/.test(lines[j] ?? "")) {
          for (k = j + 1; k < lines.length && !/^\s*\*\s*```\s*$/.test(lines[k]!); k++) {
            body.push(lines[k]!.replace(/^\s*\* ?/, ""));
          }
        } else {
          // TypeDoc reads an unfenced example as code up to the next tag or the comment's end.
          j -= 1;
          for (k = j + 1; k < lines.length && !/^\s*(\*\/|\*\s*@\w)/.test(lines[k]!); k++) {
            body.push(lines[k]!.replace(/^\s*\* ?/, ""));
          }
          k -= 1;
        }
        const first = body.find((l) => l.trim() !== "") ?? "";
        const notRun = /^\s*\/\/\s*not run:\s*(.+)$/.exec(first);
        examples.push({
          where: `${relative(root, file)}:${j + 2}`,
          code: body.join("\n"),
          notRun: notRun ? notRun[1]!.trim() : null,
        });
        i = k;
      }
    }
  }
  return examples;
}

const VALUE_START = /^(Array\(|ShapedArray\(|ShapeDtypeStruct\(|\[|\{|\(|-?\d|-?\.\d|true\b|false\b|"|'|NaN\b|-?Infinity\b|null\b|undefined\b)/;

/** True when a trailing comment states a result rather than prose. */
export function isExpectedValue(comment: string): boolean {
  return VALUE_START.test(comment.trim());
}

/**
 * Rewrites checked lines into calls of `__check(value, expected, line)`. Declarations are kept
 * and their right-hand side checked; an expression statement is checked as a whole.
 */
export function instrument(code: string): string {
  let counter = 0;
  return code
    .split("\n")
    .map((line, index) => {
      const split = line.indexOf("; //");
      if (split < 0) return line;
      const expected = line.slice(split + 4).trim();
      if (!isExpectedValue(expected)) return line;
      const statement = line.slice(0, split);
      const literal = JSON.stringify(expected);
      const declaration = /^(\s*)((?:const|let|var)\s+[^=]+?)\s*=\s*(.*)$/.exec(statement);
      if (declaration) {
        const name = `__value${counter++}`;
        return `${declaration[1]}const ${name} = (${declaration[3]}); ${declaration[2]} = ${name}; __check(${name}, ${literal}, ${index + 1});`;
      }
      return `__check((${statement.trim()}), ${literal}, ${index + 1});`;
    })
    .join("\n");
}

const TOKEN =
  /dtype=\w+|weak_type=\w+|-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|-?inf\b|-?Infinity\b|nan\b|NaN\b|"[^"]*"|[[\]{}]|[A-Za-z_$][\w$]*/g;

/** The pieces of a printed value that carry meaning: numbers, words, strings, brackets. */
function tokens(text: string): string[] {
  return (text.replace(/'/g, '"').match(TOKEN) ?? []).filter((t) => t !== "Array");
}

function numeric(token: string): number | null {
  if (/^-?(inf|Infinity)$/.test(token)) return token.startsWith("-") ? -Infinity : Infinity;
  if (token === "nan" || token === "NaN") return NaN;
  return /^-?(\d|\.\d)/.test(token) ? Number(token) : null;
}

/**
 * Whether a printed value reads as the documented one: the same brackets, words and numbers in
 * order, numbers to the 7 significant digits float32 prints; so `Array([1., 2.], dtype=float32)`
 * may be documented as written or as `[1, 2]`. A dtype is checked only where documented.
 */
export function readsAs(actual: string, documented: string): boolean {
  const want = tokens(documented);
  const mentionsDtype = want.some((t) => t.startsWith("dtype="));
  const mentionsWeak = want.some((t) => t.startsWith("weak_type="));
  const got = tokens(actual).filter(
    (t) => (mentionsDtype || !t.startsWith("dtype=")) && (mentionsWeak || !t.startsWith("weak_type=")),
  );
  if (got.length !== want.length) return false;
  return got.every((g, i) => {
    const w = want[i]!;
    const a = numeric(g);
    const b = numeric(w);
    if (a !== null && b !== null) {
      if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
      return a === b || Math.abs(a - b) <= 5e-7 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
    }
    return g.toLowerCase() === w.toLowerCase();
  });
}
