// The differential checks run on each program, and the comparison they share.
import { numpy as np, jit, vmap, grad, jvp } from "../../src/index.js";
import type { Array } from "../../src/index.js";
import { Rng, renderBody } from "./program.js";
import type { Program } from "./program.js";
import { compile, realNs, refNs, withKinks, freshKinks } from "./namespace.js";
import type { KinkInfo } from "./namespace.js";

export const CHECKS = ["eager-vs-ref", "jit", "vmap", "jit-vmap", "jvp-fd", "grad-fd", "jit-grad", "grad-grad-fd", "jvp-grad-fd", "vmap-grad"] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Failure {
  check: CheckName;
  kind: "mismatch" | "crash";
  message: string;
  /** The two results (printed in the reproduction). */
  got?: string;
  want?: string;
  /** Inputs of the failing call, when they are not the program's inputs (vmap's batch). */
  callInputs?: string;
}

export interface CheckResult {
  ran: CheckName[];
  skipped: CheckName[];
  failures: Failure[];
}

type Fn = (...args: unknown[]) => unknown;
const asList = (x: unknown): Array[] => x as Array[];
const isF = (a: Array): boolean => a.dtype === "float16" || a.dtype === "float32" || a.dtype === "float64";
const f64 = (a: Array): Float64Array => Float64Array.from(a.astype("float64").dataSync() as ArrayLike<number>);

export function fmtArray(a: Array): string {
  const d = globalThis.Array.from(f64(a), (v) => (a.dtype === "float32" || a.dtype === "float16" ? Number(v.toPrecision(9)) : v));
  return `np.array(${JSON.stringify(d).replace(/null/g, "NaN")}, { dtype: ${JSON.stringify(a.dtype)} })${a.shape.length === 1 ? "" : `.reshape([${a.shape.join(", ")}])`}`;
}
const fmtList = (xs: readonly Array[]): string => `[${xs.map(fmtArray).join(", ")}]`;

/** null when `got` matches `want`; else what differs. NaN positions must match. */
export function compare(got: readonly Array[], want: readonly Array[], tol: number, extraScale = 0, checkDtype = true): string | null {
  if (got.length !== want.length) return `${got.length} outputs vs ${want.length}`;
  for (let k = 0; k < want.length; k++) {
    const g = got[k]!;
    const w = want[k]!;
    if (g.shape.join(",") !== w.shape.join(",")) return `output ${k}: shape [${g.shape}] vs [${w.shape}]`;
    if (checkDtype && g.dtype !== w.dtype) return `output ${k}: dtype ${g.dtype} vs ${w.dtype}`;
    const gd = f64(g);
    const wd = f64(w);
    let scale = extraScale;
    for (const v of wd) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < wd.length; i++) {
      const x = gd[i]!;
      const y = wd[i]!;
      if (Number.isNaN(x) || Number.isNaN(y)) {
        if (Number.isNaN(x) !== Number.isNaN(y)) return `output ${k} element ${i}: ${x} vs ${y} (NaN positions differ)`;
        continue;
      }
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        if (x !== y) return `output ${k} element ${i}: ${x} vs ${y}`;
        continue;
      }
      if (Math.abs(x - y) > tol * (Math.abs(y) + scale) + 1e-300) return `output ${k} element ${i}: ${x} vs ${y} (|diff| ${Math.abs(x - y).toExponential(2)}, tol ${tol})`;
    }
  }
  return null;
}

export interface Compiled {
  lax: Fn;
  ref: Fn;
}
export function compileProgram(p: Program): Compiled {
  const names = p.inputs.map((i) => i.name);
  return { lax: compile(names, renderBody(p, false), realNs), ref: compile(names, renderBody(p, true), refNs) };
}

function refRun(c: Compiled, xs: readonly Array[]): { out: Array[]; k: KinkInfo } {
  const k = freshKinks();
  const out = withKinks(k, () => asList(c.ref(...xs)));
  return { out, k };
}

function randomLike(rng: Rng, a: { shape: readonly number[]; dtype: string }, lo = -1, hi = 1): Array {
  const n = a.shape.reduce((x, y) => x * y, 1);
  return np.array(globalThis.Array.from({ length: n }, () => rng.uniform(lo, hi)), { dtype: a.dtype as "float32" }).reshape([...a.shape]);
}

export function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface CheckOptions {
  /** Only these checks (the shrinker reruns one). */
  only?: CheckName;
  seed: number;
}

// float16: a relative 1e-2 is a few ulps of its 2^-11 rounding.
const TOL = { float16: 1e-2, float32: 2e-4, float64: 1e-9 };
const FD_TOL = 2e-5;
const GRAD_MARGIN = 2e-3;

/** Runs every applicable check; each catches its own crash. */
export function runChecks(p: Program, xs: readonly Array[], o: CheckOptions): CheckResult {
  const res: CheckResult = { ran: [], skipped: [], failures: [] };
  const F = p.dtype;
  const tol = TOL[F];
  const want = (name: CheckName): boolean => o.only === undefined || o.only === name;
  const attempt = (name: CheckName, body: () => Failure | null | "skip"): void => {
    if (!want(name)) return;
    try {
      const r = body();
      if (r === "skip") res.skipped.push(name);
      else {
        res.ran.push(name);
        if (r !== null) res.failures.push(r);
      }
    } catch (e) {
      res.ran.push(name);
      res.failures.push({ check: name, kind: "crash", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  };
  let c: Compiled;
  try {
    c = compileProgram(p);
  } catch (e) {
    res.failures.push({ check: "eager-vs-ref", kind: "crash", message: `program source does not compile: ${String(e)}` });
    return res;
  }
  const rng = new Rng(o.seed);
  let ref: { out: Array[]; k: KinkInfo };
  try {
    ref = refRun(c, xs);
  } catch (e) {
    res.failures.push({ check: "eager-vs-ref", kind: "crash", message: `reference (eager, JS control flow): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` });
    return res;
  }
  // float32 programs: compiled code may keep excess range too (exp(100) is finite in a double
  // register), so a non-finite eager intermediate makes compiled and eager results incomparable.
  const vMargin = (k: KinkInfo): boolean => k.value < (F === "float16" ? 3e-2 : F === "float32" ? 1e-3 : 1e-8) * Math.max(1, k.maxAbs) || (F !== "float64" && k.nonFinite);
  const nearKink = vMargin(ref.k);
  // Compiled (and batched) float32 code (jit, and the eager program's jit regions and control-flow
  // bodies) may round a fused chain differently from per-op eager
  // float32 (README "Precision under jit"): a discontinuous op whose input is within a few ulps of
  // its discontinuity can land on the other side, so such values are incomparable there. In
  // float64, ties of argmax/argsort only (seed 91184: argmax over values equal in exact arithmetic).
  const ulpKink = (k: KinkInfo): boolean => (F !== "float64" ? k.ulpHit : k.tie);
  const extra = ref.k.maxAbs * (F !== "float64" ? 1 : 1e-3);
  let eager: Array[] | null = null;
  attempt("eager-vs-ref", () => {
    eager = asList(c.lax(...xs));
    // The program's jit regions and control-flow bodies are compiled, the reference's are not.
    if (nearKink || ulpKink(ref.k)) return "skip";
    const d = compare(eager, ref.out, tol, extra);
    return d === null ? null : { check: "eager-vs-ref", kind: "mismatch", message: d, got: fmtList(eager), want: fmtList(ref.out) };
  });
  const base = eager ?? ref.out;
  attempt("jit", () => {
    if (nearKink || ulpKink(ref.k)) return "skip";
    const jf = jit(c.lax);
    for (const call of ["first", "second"]) {
      const out = asList(jf(...xs));
      const d = compare(out, base, tol, extra);
      if (d !== null) return { check: "jit", kind: "mismatch", message: `jit (${call} call) vs eager: ${d}`, got: fmtList(out), want: fmtList(base) };
    }
    return null;
  });

  // ---- vmap: a batch of examples, some inputs shared ----
  const vr = new Rng(seedOf(`vmap${o.seed}`));
  const B = vr.int(1, 3);
  const inAxes: (number | null)[] = p.inputs.map((i) => (vr.bool(0.25) ? null : vr.int(0, i.aval.shape.length) - (vr.bool(0.2) ? i.aval.shape.length + 1 : 0)));
  if (!inAxes.some((a) => a !== null)) inAxes[0] = 0;
  const examples = globalThis.Array.from({ length: B }, (_, b) => p.inputs.map((inp, i) => (inAxes[i] === null || b === 0 ? xs[i]! : randomLike(vr, inp.aval, -2, 2))));
  const batched = p.inputs.map((_, i) => (inAxes[i] === null ? xs[i]! : np.stack(examples.map((e) => e[i]!), inAxes[i]!)));
  let exRefs: { out: Array[]; k: KinkInfo }[] | null = null;
  const exKinked = (): boolean => {
    exRefs ??= examples.map((e) => refRun(c, e));
    return exRefs.some((r) => vMargin(r.k) || ulpKink(r.k));
  };
  const stackOut = (outs: Array[][]): Array[] => outs[0]!.map((_, j) => np.stack(outs.map((o2) => o2[j]!)));
  const vmapDesc = `vmap(f, { inAxes: ${JSON.stringify(inAxes)} }) over ${B} examples; inputs ${fmtList(batched)}`;
  let stacked: Array[] | null = null;
  for (const name of ["vmap", "jit-vmap"] as const) {
    attempt(name, () => {
      if (exKinked()) return "skip";
      stacked ??= stackOut(examples.map((e) => asList(c.lax(...e))));
      const vf = vmap(c.lax, { inAxes });
      const out = asList(name === "vmap" ? vf(...batched) : jit(vf)(...batched));
      const scale = Math.max(...exRefs!.map((r) => r.k.maxAbs)) * (F !== "float64" ? 1 : 1e-3);
      const d = compare(out, stacked, tol, scale);
      return d === null ? null : { check: name, kind: "mismatch", message: `${name} vs stacking f over examples: ${d}`, got: fmtList(out), want: fmtList(stacked), callInputs: vmapDesc };
    });
  }

  // ---- derivatives ----
  const floatOuts = ref.out.map((a, j) => (a.dtype === F ? j : -1)).filter((j) => j >= 0);
  const smooth = !ref.k.nonFinite && ref.k.maxAbs < 1e4 && ref.k.grad > GRAD_MARGIN && ref.k.value > GRAD_MARGIN;
  const gr = new Rng(seedOf(`grad${o.seed}`));
  const W = floatOuts.map((j) => randomLike(gr, ref.out[j]!));
  const V = xs.map((x) => randomLike(gr, x));
  const U = xs.map((x) => randomLike(gr, x));
  const L: Fn = (...args) => {
    const outs = asList(c.lax(...args));
    let s: Array = np.array(0, { dtype: F });
    floatOuts.forEach((j, k) => {
      s = s.add(np.sum(outs[j]!.mul(W[k]!)));
    });
    return s;
  };
  const argnums = xs.map((_, i) => i);
  const gradL = grad(L as (...a: Array[]) => Array, { argnums }) as unknown as Fn;
  const vdotList = (a: readonly Array[], b: readonly Array[]): Array => a.reduce((s: Array, x, i) => s.add(np.sum(x.mul(b[i]!))), np.array(0, { dtype: F }));
  const shift = (h: number): Array[] => xs.map((x, i) => x.add(V[i]!.mul(h)));
  const fdTol = (a: Array[], b: Array[], t: number): string | null => compare(a, b, t, 1, false);
  /**
   * Central differences along v at step h, and whether they have converged: the estimate at 2h
   * must agree within tolerance (truncation error grows as h^2 times the third derivative).
   * Otherwise, as for cos(expm1(x)) with derivatives of 1e4, a third derivative of 1e12 makes the
   * difference quotient itself wrong by 1 (seed 95356), and the comparison says nothing.
   */
  const centralDiff = (g: (...a: Array[]) => Array[], h: number, t: number): { fd: Array[]; converged: boolean } => {
    const quotient = (step: number): Array[] => {
      const plus = g(...shift(step));
      const minus = g(...shift(-step));
      return plus.map((a, i) => a.sub(minus[i]!).div(2 * step));
    };
    const fd = quotient(h);
    return { fd, converged: fdTol(fd, quotient(2 * h), t) === null };
  };
  const canFD = F === "float64" && floatOuts.length > 0 && smooth && !p.noFD;
  const noGrads = floatOuts.length === 0;
  attempt("jvp-fd", () => {
    if (!canFD || p.noFwd) return "skip";
    const [, t] = jvp(c.lax, [...xs], V) as [Array[], Array[]];
    const outputsOf = (...a: Array[]): Array[] => {
      const o = asList(c.lax(...a));
      return floatOuts.map((j) => o[j]!);
    };
    const { fd, converged } = centralDiff(outputsOf, 1e-6, FD_TOL);
    if (!converged) return "skip";
    const ad = floatOuts.map((j) => t[j]!);
    const d = fdTol(ad, fd, FD_TOL);
    return d === null ? null : { check: "jvp-fd", kind: "mismatch", message: `jvp(f, xs, v) vs central differences along v: ${d}`, got: fmtList(ad), want: fmtList(fd), callInputs: `v = ${fmtList(V)}` };
  });
  let G: Array[] | null = null;
  const getG = (): Array[] => (G ??= asList(gradL(...xs)));
  attempt("grad-fd", () => {
    if (!canFD || p.noRev) return "skip";
    const ad = vdotList(getG(), V);
    const { fd: [fd], converged } = centralDiff((...a) => [L(...a) as Array], 1e-6, FD_TOL);
    if (!converged || fd === undefined) return "skip";
    const d = fdTol([ad], [fd], FD_TOL);
    return d === null ? null : { check: "grad-fd", kind: "mismatch", message: `<grad L, v> vs central differences of L along v (L = sum of outputs * w): ${d}`, got: fmtList(getG()), want: fmtArray(fd), callInputs: `v = ${fmtList(V)}, w = ${fmtList(W)}` };
  });
  // Gradients through intermediates above 1e6 (cosh of a large sum, then sin of that) amplify a
  // last-bit difference of a reassociated sum far past float64's tolerance; wrong values (a
  // reused buffer, a dropped term) still differ by much more than this.
  // In float32 the same holds much earlier: cos(exp2(14)) has an argument whose float32 rounding
  // (compiled code keeps it in a double register) moves its derivative by 0.4 % (seed 788182), so
  // the tolerance grows with the largest intermediate.
  const gradTol = F !== "float64" ? tol * Math.max(1, ref.k.maxAbs / 100) : ref.k.maxAbs > 1e6 ? Math.max(tol, 1e-3) : tol;
  // As for values (vMargin): a non-finite float32 eager gradient can be finite in compiled code,
  // which keeps a fused chain in double registers (seed 685206: a float32 logistic saturates to 1
  // per op, so betainc's derivative in x is inf times logistic's 0, NaN; the fused logistic stays
  // below 1 and gives 0.39). A compiled NaN where eager is finite is still a mismatch.
  const eagerGradNonFinite = (): boolean => F !== "float64" && getG().some((g) => f64(g).some((v) => !Number.isFinite(v)));
  attempt("jit-grad", () => {
    if (noGrads || p.noRev || nearKink || ulpKink(ref.k) || eagerGradNonFinite()) return "skip";
    const jg = jit(gradL);
    for (const call of ["first", "second"]) {
      const out = asList(jg(...xs));
      const d = compare(out, getG(), gradTol, extra);
      if (d !== null) return { check: "jit-grad", kind: "mismatch", message: `jit(grad L) (${call} call) vs grad L: ${d}`, got: fmtList(out), want: fmtList(getG()), callInputs: `w = ${fmtList(W)}` };
    }
    return null;
  });
  attempt("grad-grad-fd", () => {
    if (!canFD || p.noRev) return "skip";
    const h: Fn = (...args) => vdotList(asList(gradL(...args)), U);
    const ad = vdotList(asList((grad(h as (...a: Array[]) => Array, { argnums }) as unknown as Fn)(...xs)), V);
    const { fd: [fd], converged } = centralDiff((...a) => [h(...a) as Array], 1e-5, 1e-3);
    if (!converged || fd === undefined) return "skip";
    const d = fdTol([ad], [fd], 1e-3);
    return d === null ? null : { check: "grad-grad-fd", kind: "mismatch", message: `grad(x => <grad L(x), u>) . v vs central differences: ${d}`, got: fmtArray(ad), want: fmtArray(fd), callInputs: `u = ${fmtList(U)}, v = ${fmtList(V)}, w = ${fmtList(W)}` };
  });
  attempt("jvp-grad-fd", () => {
    if (!canFD || p.noRev || p.noFwd) return "skip";
    const [, t] = jvp(gradL, [...xs], V) as [Array[], Array[]];
    const { fd, converged } = centralDiff((...a) => asList(gradL(...a)), 1e-5, 1e-3);
    if (!converged) return "skip";
    const d = fdTol(t, fd, 1e-3);
    return d === null ? null : { check: "jvp-grad-fd", kind: "mismatch", message: `jvp(grad L, xs, v) vs central differences of grad L: ${d}`, got: fmtList(t), want: fmtList(fd), callInputs: `v = ${fmtList(V)}, w = ${fmtList(W)}` };
  });
  attempt("vmap-grad", () => {
    if (noGrads || p.noRev || exKinked()) return "skip";
    const per = examples.map((e) => asList(gradL(...e)));
    const want2 = stackOut(per);
    const out = asList(vmap(gradL, { inAxes })(...batched));
    const exMax = Math.max(...exRefs!.map((r) => r.k.maxAbs));
    const d = compare(out, want2, exMax > 1e6 ? Math.max(tol, 1e-3) : tol, exMax * (F !== "float64" ? 1 : 1e-3));
    return d === null ? null : { check: "vmap-grad", kind: "mismatch", message: `vmap(grad L) vs stacking grad L over examples: ${d}`, got: fmtList(out), want: fmtList(want2), callInputs: `${vmapDesc}, w = ${fmtList(W)}` };
  });
  return res;
}
