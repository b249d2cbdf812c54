// Lowerings of the linear-algebra primitives (issue 20): native kernels over the batch, calling
// the typed-array routines of backends/js/linalg (row-major, batches stacked, as dprog's buffers
// are). Operands are float32 or float64 (the shape rules refuse anything else).
import type { LinalgName, ShapedArray } from "../../../jaxpr/index.js";
import { cholesky } from "../linalg/cholesky.js";
import { eigh } from "../linalg/eigh.js";
import { eigLowering, schurLowering } from "./eig.js";
import { lu } from "../linalg/lu.js";
import { hessenbergBatch, householderProductBatch } from "../linalg/hessenberg.js";
import { qr } from "../linalg/qr.js";
import { pivotedQr } from "../linalg/qrPivoted.js";
import { svd } from "../linalg/svd.js";
import { triangularSolve } from "../linalg/triangularSolve.js";
import { tridiagonalSolve } from "../linalg/tridiagonalSolve.js";
import type { FloatArray } from "../linalg/types.js";
import { nativeKernel, type Buffer, type Kernel, type Lowering } from "../kernel.js";

/** Leading batch size and the last two dims of an operand of core rank 2. */
function matrixDims(a: ShapedArray): [batch: number, m: number, n: number] {
  const m = a.shape[a.ndim - 2]!;
  const n = a.shape[a.ndim - 1]!;
  return [batchOf(a, 2), m, n];
}

/** Product of the leading (batch) dims. */
function batchOf(a: ShapedArray, coreRank: number): number {
  return a.shape.slice(0, a.ndim - coreRank).reduce((p, d) => p * d, 1);
}

const fresh = (name: string, run: Kernel["run"], what: string): Kernel => ({ ...nativeKernel(name, run, what), freshOutputs: true });
const float = (b: Buffer): FloatArray => b as FloatArray;

/** Columns lo..hi of each (rows x cols) matrix of a batch. */
function columns(x: FloatArray, batch: number, rows: number, cols: number, lo: number, hi: number): FloatArray {
  const w = hi - lo;
  const out = new (x.constructor as Float64ArrayConstructor)(batch * rows * w);
  for (let r = 0; r < batch * rows; r++) out.set(x.subarray(r * cols + lo, r * cols + hi), r * w);
  return out;
}

export const LINALG_LOWERINGS: { [P in LinalgName]: Lowering<P> } = {
  cholesky: ({ inAvals }) => {
    const [batch, n] = matrixDims(inAvals[0]!);
    return fresh("cholesky", (a) => [cholesky(float(a!), batch, n)], "blocked Cholesky (backends/js/linalg/cholesky.ts)");
  },
  triangular_solve: ({ inAvals, params }) => {
    const [batch, rows, cols] = matrixDims(inAvals[1]!);
    return fresh("triangular_solve", (a, b) => [triangularSolve(float(a!), float(b!), batch, rows, cols, params)], "blocked triangular solve (backends/js/linalg/triangularSolve.ts)");
  },
  lu: ({ inAvals }) => {
    const [batch, m, n] = matrixDims(inAvals[0]!);
    return fresh("lu", (a) => {
      const r = lu(float(a!), batch, m, n);
      return [r.lu, r.pivots, r.permutation];
    }, "blocked LU with partial pivoting (backends/js/linalg/lu.ts)");
  },
  qr: ({ inAvals, params }) => {
    const [batch, m, n] = matrixDims(inAvals[0]!);
    if (params.pivoting) {
      return fresh("qr", (a) => {
        const r = pivotedQr(float(a!), batch, m, n, params.fullMatrices);
        return [r.q, r.r, r.p];
      }, "Householder QR with column pivoting (backends/js/linalg/qrPivoted.ts)");
    }
    return fresh("qr", (a) => {
      const r = qr(float(a!), batch, m, n, params.fullMatrices);
      return [r.q, r.r];
    }, "blocked Householder QR (backends/js/linalg/qr.ts)");
  },
  eigh: ({ inAvals, params }) => {
    const [batch, n] = matrixDims(inAvals[0]!);
    const [lo, hi] = params.subsetByIndex ?? [0, n];
    return fresh("eigh", (a) => {
      const r = eigh(float(a!), batch, n, params.lower);
      if (lo === 0 && hi === n) return [r.v, r.w];
      return [columns(r.v, batch, n, n, lo, hi), columns(r.w, batch, 1, n, lo, hi)];
    }, "tridiagonalisation and implicit QL (backends/js/linalg/eigh.ts)");
  },
  eig: eigLowering,
  schur: schurLowering,
  svd: ({ inAvals, outAvals, params }) => svdLowering(inAvals[0]!, outAvals, params),
  hessenberg: ({ inAvals }) => {
    const [batch, n] = matrixDims(inAvals[0]!);
    return fresh("hessenberg", (a) => {
      const r = hessenbergBatch(float(a!), batch, n);
      return [r.a, r.taus];
    }, "Householder reduction to Hessenberg form (backends/js/linalg/hessenberg.ts)");
  },
  householder_product: ({ inAvals }) => {
    const [batch, m, n] = matrixDims(inAvals[0]!);
    const k = inAvals[1]!.shape[inAvals[1]!.ndim - 1]!;
    return fresh("householder_product", (a, taus) => [householderProductBatch(float(a!), float(taus!), batch, m, n, k)], "product of Householder reflectors (backends/js/linalg/householder.ts)");
  },
  tridiagonal_solve: ({ inAvals }) => {
    const b = inAvals[3]!;
    const [batch, m, nrhs] = matrixDims(b);
    return fresh("tridiagonal_solve", (dl, d, du, rhs) => [tridiagonalSolve(float(dl!), float(d!), float(du!), float(rhs!), batch, m, nrhs)], "Thomas algorithm (backends/js/linalg/tridiagonalSolve.ts)");
  },
};

function svdLowering(a: ShapedArray, outAvals: readonly ShapedArray[], params: { fullMatrices: boolean; computeUv: boolean; subsetByIndex: readonly [number, number] | null }): Kernel {
  const [batch, m, n] = matrixDims(a);
  const k = Math.min(m, n);
  const [lo, hi] = params.subsetByIndex ?? [0, k];
  const subset = lo !== 0 || hi !== k;
  return fresh("svd", (x) => {
    const r = svd(float(x!), batch, m, n, params.fullMatrices, params.computeUv);
    const s = subset ? columns(r.s, batch, 1, k, lo, hi) : r.s;
    if (!params.computeUv) return [s];
    if (!subset) return [s, r.u!, r.vt!];
    // vt's rows lo..hi: the (k x n) matrices' row block, as columns of one (k, n) row each.
    const vt = columns(r.vt!, batch, 1, k * n, lo * n, hi * n);
    return [s, columns(r.u!, batch, m, k, lo, hi), vt];
  }, `bidiagonal QR SVD (backends/js/linalg/svd.ts), ${outAvals.length} results`);
}
