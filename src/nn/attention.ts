// nn.dotProductAttention: jax.nn.dot_product_attention's "xla" implementation
// (jax/_src/nn/functions.py, _dot_product_attention_xla/_core): logits Q K^T (einsum BTNH,BSNH->BNTS)
// scaled, plus bias, masked (mask, causal, local window, sequence lengths) with -0.7 * the dtype's
// (float32-capped) maximum, softmax in float32, then probabilities times V. Grouped-query attention
// splits the N query heads into K groups of G = N / K sharing one key/value head.
import { Array, ArrayLike } from "../core/array.js";
import * as lax from "../lax/index.js";
import * as np from "../numpy/index.js";
import { kwargs, promoteDtypesInexact } from "../numpy/options.js";
import { ValueError } from "../core/errors.js";
import { softmax } from "./softmax.js";

/** `jax.nn.dot_product_attention`'s keywords. */
export interface DotProductAttentionOptions {
  /** Added to the logits, broadcastable to [B, N, T, S] (rank 4, or lower and left-padded with 1s). */
  bias?: ArrayLike | null;
  /** Boolean, broadcastable to [B, N, T, S]: false positions are excluded. */
  mask?: ArrayLike | null;
  /** The logits' scale; 1 / sqrt(H) by default. */
  scale?: number | null;
  /** Query i attends keys j <= i only. */
  isCausal?: boolean;
  /** int32 [B]: queries at positions >= the length give zero output. */
  querySeqLengths?: ArrayLike | null;
  /** int32 [B]: keys at positions >= the length are excluded. */
  keyValueSeqLengths?: ArrayLike | null;
  /** [left, right] (or one number for both): query i attends keys in [i - left, i + right]. */
  localWindowSize?: number | readonly [number, number] | null;
  /** "xla" or null (the same here); "cudnn" is JAX's GPU-only path. */
  implementation?: "xla" | "cudnn" | null;
  /** Also return the logsumexp of the masked logits, [B, T, N] (FlashAttention-2's residual). */
  returnResidual?: boolean;
}

const ensure4d = (t: Array): Array => (t.ndim >= 4 ? t : np.reshape(t, [...globalThis.Array<number>(4 - t.ndim).fill(1), ...t.shape]));

function checkShapeAndDtype(t: Array | null, shape: readonly number[], dtype: string | null, name: string): void {
  if (t === null) return;
  const shapeStr = (s: readonly number[]): string => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;
  if (t.ndim !== shape.length) throw new ValueError(`${name} ndim should be ${shape.length}, but got ${t.ndim}`);
  if (dtype !== null && t.dtype !== dtype) throw new ValueError(`${name} dtype should be ${dtype}, but got ${t.dtype}`);
  for (let i = 0; i < t.ndim; i++) if (shape[i] !== -1 && t.shape[i] !== shape[i]) throw new ValueError(`${name} shape should be [${shape.join(", ")}]: but got ${shapeStr(t.shape)}`);
}

interface Masking {
  mask: Array | null;
  isCausal: boolean;
  qSeqlen: Array | null;
  kvSeqlen: Array | null;
  window: readonly [number, number] | null;
}

const iota = (n: number): Array => np.arange(n, undefined, undefined, "int32");

/** JAX's _apply_masks over logits [B, N, T, S] (the group axis already folded into N). */
function applyMasks(logits: Array, m: Masking): Array {
  if (m.mask === null && !m.isCausal && m.qSeqlen === null && m.kvSeqlen === null && m.window === null) return logits;
  const [, , T, S] = logits.shape as [number, number, number, number];
  const queryPos = np.expandDims(iota(T), 1);
  const keyPos = np.expandDims(iota(S), 0);
  const parts: Array[] = [];
  if (m.mask !== null) parts.push(m.mask);
  if (m.isCausal) parts.push(np.greaterEqual(queryPos, keyPos));
  if (m.window !== null) {
    const [left, right] = m.window;
    parts.push(np.logicalAnd(np.greaterEqual(queryPos, np.subtract(keyPos, right)), np.lessEqual(queryPos, np.add(keyPos, left))));
  }
  if (m.qSeqlen !== null || m.kvSeqlen !== null) parts.push(paddingMask(T, S, m.qSeqlen, m.kvSeqlen));
  let combined = np.onesLike(logits, "bool");
  for (const p of parts) combined = np.logicalAnd(combined, p);
  return np.where(combined, logits, largeNegative(logits.dtype));
}

/** [B, 1, T, S]: query t < qSeqlen[b] and key s < kvSeqlen[b]. */
function paddingMask(T: number, S: number, qSeqlen: Array | null, kvSeqlen: Array | null): Array {
  let mask: Array = np.array(true);
  if (qSeqlen !== null) mask = np.logicalAnd(mask, np.less(np.reshape(iota(T), [1, T, 1]), np.reshape(qSeqlen, [-1, 1, 1])));
  if (kvSeqlen !== null) mask = np.logicalAnd(mask, np.less(np.reshape(iota(S), [1, 1, S]), np.reshape(kvSeqlen, [-1, 1, 1])));
  return np.expandDims(mask, 1);
}

/** JAX's _get_large_negative: -0.7 * the dtype's maximum, capped at float32's (softmax runs in float32). */
function largeNegative(dtype: string): Array {
  return np.array(-0.7 * 3.4028234663852886e38, { dtype: dtype as "float32" });
}

/**
 * `jax.nn.dot_product_attention(query, key, value, bias?, mask?, { scale, isCausal,
 * querySeqLengths, keyValueSeqLengths, localWindowSize, returnResidual })`: softmax(Q Kᵀ · scale +
 * bias, masked) V per head. query [B, T, N, H] (or [T, N, H]); key and value [B, S, K, H] with N a
 * multiple of K (grouped-query attention; K = 1 is multi-query attention).
 *
 * @example
 * ```ts
 * const [B, T, N, H] = [2, 3, 4, 8];
 * const q = random.normal(random.key(0), [B, T, N, H]);
 * const out = nn.dotProductAttention(q, q, q, { isCausal: true });
 * out.shape; // [2, 3, 4, 8]
 * ```
 */
export function dotProductAttention(query: ArrayLike, key: ArrayLike, value: ArrayLike, bias?: ArrayLike | null | (DotProductAttentionOptions & { returnResidual?: false }), mask?: ArrayLike | null | (DotProductAttentionOptions & { returnResidual?: false }), opts?: DotProductAttentionOptions & { returnResidual?: false }): Array;
export function dotProductAttention(query: ArrayLike, key: ArrayLike, value: ArrayLike, bias: ArrayLike | null | (DotProductAttentionOptions & { returnResidual: true }), mask?: ArrayLike | null | (DotProductAttentionOptions & { returnResidual: true }), opts?: DotProductAttentionOptions & { returnResidual: true }): [Array, Array];
export function dotProductAttention(
  query: ArrayLike,
  key: ArrayLike,
  value: ArrayLike,
  bias?: ArrayLike | null | DotProductAttentionOptions,
  mask?: ArrayLike | null | DotProductAttentionOptions,
  opts?: DotProductAttentionOptions,
): Array | [Array, Array] {
  const o = kwargs<DotProductAttentionOptions>("dot_product_attention", ["bias", "mask"], [bias, mask, opts]);
  const [q0, k0, v0] = promoteDtypesInexact("dot_product_attention", [query, key, value]) as [Array, Array, Array];
  const outputShape = q0.shape;
  const [q, k, v] = [ensure4d(q0), ensure4d(k0), ensure4d(v0)];
  const b = o.bias === undefined || o.bias === null ? null : ensure4d(np.asarray(o.bias));
  const msk = o.mask === undefined || o.mask === null ? null : ensure4d(np.asarray(o.mask));
  const qSeqlen = o.querySeqLengths === undefined || o.querySeqLengths === null ? null : np.asarray(o.querySeqLengths);
  const kvSeqlen = o.keyValueSeqLengths === undefined || o.keyValueSeqLengths === null ? null : np.asarray(o.keyValueSeqLengths);
  const lw = o.localWindowSize ?? null;
  const window: readonly [number, number] | null = lw === null ? null : typeof lw === "number" ? [lw, lw] : lw;
  const [B, S, K, H] = k.shape as [number, number, number, number];
  checkShapeAndDtype(v, [B, S, K, H], k.dtype, "value");
  checkShapeAndDtype(q, [B, -1, -1, H], k.dtype, "query");
  checkShapeAndDtype(msk, [-1, -1, -1, -1], "bool", "mask");
  checkShapeAndDtype(b, [-1, -1, -1, -1], null, "bias");
  checkShapeAndDtype(qSeqlen, [B], "int32", "query_seq_lengths");
  checkShapeAndDtype(kvSeqlen, [B], "int32", "key_value_seq_lengths");
  const N = q.shape[2]!;
  if (N % K !== 0) throw new ValueError(`The number of query heads must be a multiple of key/value heads, but got ${N} vs ${K}`);
  if (o.implementation !== undefined && o.implementation !== null && o.implementation !== "xla") {
    throw new ValueError(o.implementation === "cudnn" ? "dot_product_attention: the cudnn implementation needs an NVIDIA GPU; dprog has the xla implementation only." : `Unsupported implementation option: ${String(o.implementation)}`);
  }
  const scale = o.scale ?? 1 / Math.sqrt(H);
  const [encoded, lse] = attentionCore(q, k, v, b, { mask: msk, isCausal: o.isCausal ?? false, qSeqlen, kvSeqlen, window }, scale, o.returnResidual ?? false);
  const out = np.reshape(encoded, outputShape);
  return lse !== null ? [out, np.reshape(lse, outputShape.slice(0, -1))] : out;
}

/**
 * The core with key/value heads repeated over their G query heads (head n uses key/value head
 * floor(n / G), as JAX's reshape of N into [K, G]). Returns the encoding [B, T, N, H] and the
 * logsumexp residual [B, T, N] when asked for. As JAX, the softmax always runs in float32.
 */
function attentionCore(q: Array, k: Array, v: Array, bias: Array | null, masking: Masking, scale: number, residual: boolean): [Array, Array | null] {
  const N = q.shape[2]!;
  const K = k.shape[2]!;
  if (K !== N) [k, v] = [np.repeat(k, N / K, 2), np.repeat(v, N / K, 2)];
  // logits in promote_types(query dtype, float32).
  const logitsDtype = q.dtype === "float64" ? "float64" : "float32";
  let logits = np.astype(np.einsum("btnh,bsnh->bnts", q, k), logitsDtype);
  logits = np.multiply(logits, np.array(scale, { dtype: logitsDtype }));
  if (bias !== null) logits = np.astype(np.add(logits, bias), logitsDtype);
  const padded = np.astype(applyMasks(logits, masking), "float32");
  const probs = np.astype(softmax(padded, -1), k.dtype);
  let encoded = np.einsum("bnts,bsnh->btnh", probs, v);
  if (masking.qSeqlen !== null) {
    const T = encoded.shape[1]!;
    const keep = np.less(np.reshape(iota(T), [1, T]), np.reshape(masking.qSeqlen, [-1, 1]));
    encoded = np.multiply(encoded, np.astype(np.reshape(keep, [-1, T, 1, 1]), encoded.dtype));
  }
  if (!residual) return [encoded, null];
  const lse = np.transpose(np.astype(np.logsumexp(padded, -1), k.dtype), [0, 2, 1]);
  return [encoded, lax.stopGradient(lse)];
}
