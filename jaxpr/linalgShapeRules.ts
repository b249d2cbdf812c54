// Shape and dtype rules of the linear-algebra primitives (jax/_src/lax/linalg.py: linalg_shape_rule
// and each primitive's _shape_rule): every operand has a core rank (2 for matrices, 1 for vectors)
// under leading batch dimensions that all operands share. Floats only (float32, float64), as the
// kernels are; JAX's wording for the errors.
import { complexDtypeOf, isFloat, isInexact, type DType } from "./dtypes.js";
import type { LinalgName } from "./linalgParams.js";
import type { Params } from "./params.js";
import { ShapedArray, ValueError, shapeEqual, shapeString, type Shape } from "./shape.js";

type LinalgShapeRule<P extends LinalgName> = (avals: readonly ShapedArray[], params: Params<P>) => ShapedArray[];

/** JAX's tuple printing, (2, 3) and (2,). */
const tuple = (s: Shape): string => shapeString(s);

/** Splits each operand into (batch, core) by its core rank; the batch shapes must agree. */
function splitBatch(name: string, avals: readonly ShapedArray[], ranks: readonly number[]): { batch: Shape; cores: Shape[]; dtype: DType } {
  const dtype = avals[0]!.dtype;
  for (const [i, a] of avals.entries()) {
    if (a.ndim < ranks[i]!) throw new TypeError(`${name}: input ${i} must have rank at least ${ranks[i]}, got shape ${tuple(a.shape)}.`);
    if (!isFloat(a.dtype)) throw new TypeError(`${name}: input ${i} must be a floating-point array, got dtype ${a.dtype}.`);
    if (a.dtype !== dtype) throw new TypeError(`${name}: all inputs must have the same dtype, got ${avals.map((x) => x.dtype).join(", ")}.`);
  }
  const batch = avals[0]!.shape.slice(0, avals[0]!.ndim - ranks[0]!);
  const cores = avals.map((a, i) => a.shape.slice(a.ndim - ranks[i]!));
  for (const [i, a] of avals.entries()) {
    if (!shapeEqual(a.shape.slice(0, batch.length), batch) || a.ndim - batch.length !== ranks[i]) {
      throw new TypeError(`${name}: all input batch dimensions must be equal, got shapes ${avals.map((x) => tuple(x.shape)).join(", ")}.`);
    }
  }
  return { batch, cores, dtype };
}

const out = (batch: Shape, core: readonly number[], dtype: DType): ShapedArray => new ShapedArray([...batch, ...core], dtype);

function squareCore(what: string, core: Shape): number {
  if (core[0] !== core[1]) throw new ValueError(`${what} must have shape [..., n, n], got shape ${tuple(core)}`);
  return core[0]!;
}

function subsetSize(name: string, n: number, subset: readonly [number, number] | null): number {
  if (subset === null) return n;
  const [lo, hi] = subset;
  if (!(0 <= lo && lo <= hi && hi <= n)) throw new ValueError(`${name}: subset_by_index must satisfy 0 <= start <= end <= ${n}, got ${tuple(subset)}.`);
  return hi - lo;
}

export const LINALG_SHAPE_RULES: { [P in LinalgName]: LinalgShapeRule<P> } = {
  cholesky(avals) {
    const { batch, cores, dtype } = splitBatch("cholesky", avals, [2]);
    const n = squareCore("The input to cholesky", cores[0]!);
    return [out(batch, [n, n], dtype)];
  },
  triangular_solve(avals, { leftSide }) {
    const { batch, cores, dtype } = splitBatch("triangular_solve", avals, [2, 2]);
    const [a, b] = [cores[0]!, cores[1]!];
    if (a[0] !== a[1]) throw new TypeError(`The first input to triangular_solve must be a square matrix. Got shape ${tuple(a)}.`);
    if (a[1] !== b[leftSide ? 0 : 1]) throw new TypeError(`Incompatible shapes for arguments to triangular_solve: ${tuple(avals[0]!.shape)} and ${tuple(avals[1]!.shape)}.`);
    return [out(batch, b, dtype)];
  },
  lu(avals) {
    const { batch, cores, dtype } = splitBatch("lu", avals, [2]);
    const [m, n] = cores[0] as [number, number];
    return [out(batch, [m, n], dtype), out(batch, [Math.min(m, n)], "int32"), out(batch, [m], "int32")];
  },
  // JAX's _qr_shape_rule and _qr_dtype_rule: the pivoted form adds p, int32 (..., n).
  qr(avals, { pivoting, fullMatrices }) {
    const { batch, cores, dtype } = splitBatch("qr", avals, [2]);
    const [m, n] = cores[0] as [number, number];
    const k = fullMatrices ? m : Math.min(m, n);
    const qr = [out(batch, [m, k], dtype), out(batch, [k, n], dtype)];
    return pivoting ? [...qr, out(batch, [n], "int32")] : qr;
  },
  eigh(avals, { subsetByIndex }) {
    const { batch, cores, dtype } = splitBatch("eigh", avals, [2]);
    const n = squareCore("Argument to symmetric eigendecomposition", cores[0]!);
    const d = subsetSize("eigh", n, subsetByIndex);
    return [out(batch, [n, d], dtype), out(batch, [d], dtype)];
  },
  // JAX's _eig_shape_rule and _eig_dtype_rule: float or complex input, complex results.
  eig(avals, { computeLeftEigenvectors, computeRightEigenvectors }) {
    const a = avals[0]!;
    if (avals.length !== 1) throw new TypeError(`eig takes 1 operand, got ${avals.length}.`);
    if (a.ndim < 2) throw new TypeError(`Input 0 to eig must have rank at least 2, but got shape=${tuple(a.shape)}`);
    if (!isInexact(a.dtype)) throw new TypeError(`eig: input 0 must be a floating-point or complex array, got dtype ${a.dtype}.`);
    const batch = a.shape.slice(0, -2);
    const n = a.shape[a.ndim - 1]!;
    if (a.shape[a.ndim - 2] !== n) throw new ValueError(`The input to eig must be a square matrix. Got shape ${tuple(a.shape.slice(-2))}.`);
    const dtype = complexDtypeOf(a.dtype);
    const vectors = Number(computeLeftEigenvectors) + Number(computeRightEigenvectors);
    return [out(batch, [n], dtype), ...Array.from({ length: vectors }, () => out(batch, [n, n], dtype))];
  },
  // JAX's _schur_shape_rule and _schur_dtype_rule: results of the input's dtype (the real Schur
  // form of float input).
  schur(avals, { computeSchurVectors }) {
    const a = avals[0]!;
    if (avals.length !== 1) throw new TypeError(`schur takes 1 operand, got ${avals.length}.`);
    if (a.ndim < 2) throw new TypeError(`Input 0 to schur must have rank at least 2, but got shape=${tuple(a.shape)}`);
    if (!isInexact(a.dtype)) throw new TypeError(`schur: input 0 must be a floating-point or complex array, got dtype ${a.dtype}.`);
    const n = a.shape[a.ndim - 1]!;
    if (a.shape[a.ndim - 2] !== n) throw new ValueError(`The input to schur must be a square matrix. Got shape ${tuple(a.shape.slice(-2))}.`);
    const t = new ShapedArray(a.shape, a.dtype);
    return computeSchurVectors ? [t, t] : [t];
  },
  svd(avals, { fullMatrices, computeUv, subsetByIndex }) {
    const { batch, cores, dtype } = splitBatch("svd", avals, [2]);
    const [m, n] = cores[0] as [number, number];
    let rank = Math.min(m, n);
    if (subsetByIndex !== null) {
      if (fullMatrices && !(subsetByIndex[0] === 0 && subsetByIndex[1] === rank)) throw new ValueError("full_matrices and subset_by_index cannot both be set");
      rank = Math.min(rank, subsetSize("svd", rank, subsetByIndex));
    }
    const s = out(batch, [rank], dtype);
    if (!computeUv) return [s];
    return [s, out(batch, [m, fullMatrices ? m : rank], dtype), out(batch, [fullMatrices ? n : rank, n], dtype)];
  },
  // JAX's _hessenberg_shape_rule: a (..., n, n) and taus (..., n - 1).
  hessenberg(avals) {
    const { batch, cores, dtype } = splitBatch("hessenberg", avals, [2]);
    const n = squareCore("Argument to Hessenberg reduction", cores[0]!);
    return [out(batch, [n, n], dtype), out(batch, [Math.max(n - 1, 0)], dtype)];
  },
  // JAX's _householder_product_shape_rule.
  householder_product(avals) {
    const { batch, cores, dtype } = splitBatch("householder_product", avals, [2, 1]);
    const [[m, n], [k]] = cores as [[number, number], [number]];
    if (m < n) throw new ValueError(`The first argument to householder_product must have at least as many rows as columns, got shape ${tuple(cores[0]!)}`);
    if (k > Math.min(m, n)) throw new ValueError("The second argument to householder_product must not have more rows than the minimum of the first argument's rows and columns.");
    return [out(batch, [m, n], dtype)];
  },
  tridiagonal_solve(avals) {
    if (avals.length !== 4) throw new TypeError(`tridiagonal_solve takes 4 operands (dl, d, du, b), got ${avals.length}.`);
    const [dl, d, du, b] = avals as [ShapedArray, ShapedArray, ShapedArray, ShapedArray];
    if (!shapeEqual(dl.shape, d.shape) || !shapeEqual(dl.shape, du.shape)) throw new TypeError("tridiagonal_solve requires that all diagonal arguments have the same shape.");
    if (b.ndim < 2 || !shapeEqual(dl.shape, b.shape.slice(0, -1))) throw new TypeError("tridiagonal_solve requires that the leading ndim-1 dimensions of b equal the dimensions of the diagonal arguments.");
    const { dtype } = splitBatch("tridiagonal_solve", avals, [1, 1, 1, 2]);
    return [new ShapedArray(b.shape, dtype)];
  },
};
