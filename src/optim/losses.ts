// optax's losses (optax/losses/_classification.py, _regression.py), elementwise or reduced over
// `axis` only: like optax, none of them averages over the batch.
import { Array, ArrayLike } from "../core/array.js";
import * as np from "../numpy/index.js";
import { logSigmoid } from "../nn/index.js";
import { logSoftmax } from "../nn/softmax.js";
import { promoteArgsInexact } from "../numpy/promote.js";
import { ValueError } from "../core/errors.js";

const asFloat = (name: string, x: ArrayLike): Array => promoteArgsInexact(name, [x])[0]!;
const canonicalAxis = (axis: number, ndim: number): number => (axis < 0 ? axis + ndim : axis);

function errors(name: string, predictions: ArrayLike, targets: ArrayLike | null | undefined): Array {
  const p = asFloat(name, predictions);
  if (targets === undefined || targets === null) return p;
  const t = np.asarray(targets);
  if (p.shape.length !== t.shape.length || p.shape.some((d, i) => d !== t.shape[i])) {
    throw new ValueError(`${name}: predictions and targets must have equal shapes, got ${JSON.stringify(p.shape)} and ${JSON.stringify(t.shape)}`);
  }
  return np.subtract(p, t);
}

/**
 * `optax.squared_error(predictions, targets?)`: (predictions - targets)^2 elementwise.
 *
 * @example
 * ```ts
 * optim.squaredError(np.array([1, 2]), np.array([0, 0])); // [1, 4]
 * ```
 */
export function squaredError(predictions: ArrayLike, targets?: ArrayLike | null): Array {
  return np.square(errors("squared_error", predictions, targets));
}

/**
 * `optax.l2_loss(predictions, targets?)`: 0.5 (predictions - targets)^2 elementwise.
 *
 * @example
 * ```ts
 * optim.l2Loss(np.array([2]), np.array([0])); // [2]
 * ```
 */
export function l2Loss(predictions: ArrayLike, targets?: ArrayLike | null): Array {
  const e = errors("l2_loss", predictions, targets);
  return np.multiply(np.array(0.5, { dtype: e.dtype }), np.square(e));
}

/**
 * `optax.huber_loss(predictions, targets?, { delta = 1 })`: 0.5 e^2 for |e| <= delta, then
 * delta (|e| - delta) + 0.5 delta^2 (linear), elementwise.
 *
 * @example
 * ```ts
 * optim.huberLoss(np.array([0.5, 3]), null, { delta: 1 }); // [0.125, 2.5]
 * ```
 */
export function huberLoss(predictions: ArrayLike, targets?: ArrayLike | null, opts: { delta?: number } = {}): Array {
  const e = errors("huber_loss", predictions, targets);
  const delta = opts.delta ?? 1;
  const abs = np.abs(e);
  const quadratic = np.minimum(abs, delta);
  const linear = np.subtract(abs, quadratic);
  return np.add(np.multiply(0.5, np.square(quadratic)), np.multiply(delta, linear));
}

/**
 * `optax.log_cosh(predictions, targets?)`: log(cosh(e)) = logaddexp(e, -e) - log 2, stable for large |e|.
 *
 * @example
 * ```ts
 * optim.logCosh(np.array([0, 1])); // Array([0.       , 0.4337808], dtype=float32)
 * ```
 */
export function logCosh(predictions: ArrayLike, targets?: ArrayLike | null): Array {
  const e = errors("log_cosh", predictions, targets);
  return np.subtract(np.logaddexp(e, np.negative(e)), np.array(Math.LN2, { dtype: e.dtype }));
}

/** The `axis` and `where` keywords of the reducing losses. */
export interface LossAxisOptions {
  /** The axis or axes to reduce over (default -1); null: all. */
  axis?: number | readonly number[] | null;
  /** Elements to include (a boolean mask broadcastable to the operands). */
  where?: ArrayLike | null;
}

/** A `where` of lower rank than the logits gains the class axis, as optax. */
function whereFor(where: ArrayLike | null | undefined, ndim: number, axis: number): Array | undefined {
  if (where === undefined || where === null) return undefined;
  const w = np.asarray(where);
  return w.ndim !== ndim ? np.expandDims(w, axis) : w;
}

/**
 * `optax.softmax_cross_entropy(logits, labels, axis = -1, where?)`: -sum(labels * log_softmax(logits))
 * over `axis`, for label distributions (one-hot or soft).
 *
 * @example
 * ```ts
 * optim.softmaxCrossEntropy(np.array([[1, 2, 3]]), np.array([[0, 0, 1]])); // [0.40760598]
 * ```
 */
export function softmaxCrossEntropy(logits: ArrayLike, labels: ArrayLike, opts: { axis?: number | null; where?: ArrayLike | null } = {}): Array {
  const l = asFloat("softmax_cross_entropy", logits);
  const axis = opts.axis === undefined ? -1 : opts.axis;
  const where = whereFor(opts.where, l.ndim, axis ?? -1);
  const logProbs = logSoftmax(l, { axis, where });
  return np.negative(np.sum(np.multiply(labels, logProbs), axis, false, { where }));
}

/**
 * `optax.softmax_cross_entropy_with_integer_labels(logits, labels, axis = -1, where?)`:
 * logsumexp(logits) - logits[label] over the class axis, for integer labels (shape: the logits'
 * without the class axis). With `where`, a row with no included class gives 0.
 *
 * @example
 * ```ts
 * optim.softmaxCrossEntropyWithIntegerLabels(np.array([[1, 2, 3]]), np.array([2], { dtype: "int32" })); // [0.40760598]
 * ```
 */
export function softmaxCrossEntropyWithIntegerLabels(logits: ArrayLike, labels: ArrayLike, opts: { axis?: number; where?: ArrayLike | null } = {}): Array {
  const l = asFloat("softmax_cross_entropy_with_integer_labels", logits);
  const lab = np.asarray(labels);
  if (lab.dtype !== "int32" && lab.dtype !== "uint32") {
    throw new TypeError(`softmax_cross_entropy_with_integer_labels: labels must be integers, got ${lab.dtype}`);
  }
  const axis = canonicalAxis(opts.axis ?? -1, l.ndim);
  const where = whereFor(opts.where, l.ndim, axis);
  const labelLogits = np.squeeze(np.takeAlongAxis(l, np.expandDims(lab, axis), axis), axis);
  // logsumexp over the included classes: a weight of 0 leaves an element out.
  const logNormalizers = where === undefined ? np.logsumexp(l, axis) : np.logsumexp(l, axis, false, { b: np.astype(np.broadcastTo(where, l.shape), l.dtype) });
  const out = np.subtract(logNormalizers, labelLogits);
  return where === undefined ? out : np.where(np.any(where, axis), out, np.zerosLike(out));
}

/**
 * `optax.sigmoid_binary_cross_entropy(logits, labels)`: -labels log sigmoid(logits) - (1 - labels)
 * log sigmoid(-logits), elementwise (labels may be soft).
 *
 * @example
 * ```ts
 * optim.sigmoidBinaryCrossEntropy(np.array([0, 2]), np.array([1, 0])); // [0.6931472, 2.126928]
 * ```
 */
export function sigmoidBinaryCrossEntropy(logits: ArrayLike, labels: ArrayLike): Array {
  const l = asFloat("sigmoid_binary_cross_entropy", logits);
  const y = np.astype(labels, l.dtype);
  const one = np.array(1, { dtype: l.dtype });
  return np.subtract(np.negative(np.multiply(y, logSigmoid(l))), np.multiply(np.subtract(one, y), logSigmoid(np.negative(l))));
}

/** The keywords of cosineSimilarity and cosineDistance. */
export interface CosineOptions extends LossAxisOptions {
  /** Lower bound on the squared norms (optax clips them), 0 by default. */
  epsilon?: number;
}

/**
 * `optax.cosine_similarity(predictions, targets, { epsilon = 0, axis = -1, where? })`: the cosine of
 * the angle between the vectors along `axis`.
 *
 * @example
 * ```ts
 * optim.cosineSimilarity(np.array([[1, 0]]), np.array([[1, 1]])); // [0.70710677]
 * ```
 */
export function cosineSimilarity(predictions: ArrayLike, targets: ArrayLike, opts: CosineOptions = {}): Array {
  const a = asFloat("cosine_similarity", predictions);
  const b = asFloat("cosine_similarity", targets);
  const axis = opts.axis === undefined ? -1 : opts.axis;
  const where = opts.where ?? undefined;
  const eps = opts.epsilon ?? 0;
  const norm = (x: Array): Array => np.sqrt(np.clip(np.sum(np.square(x), axis, true, { where }), eps));
  return np.sum(np.multiply(np.divide(a, norm(a)), np.divide(b, norm(b))), axis, false, { where });
}

/**
 * `optax.cosine_distance(predictions, targets, opts)`: 1 - cosineSimilarity.
 *
 * @example
 * ```ts
 * optim.cosineDistance(np.array([1, 0]), np.array([0, 1])); // 1
 * ```
 */
export function cosineDistance(predictions: ArrayLike, targets: ArrayLike, opts: CosineOptions = {}): Array {
  const s = cosineSimilarity(predictions, targets, opts);
  return np.subtract(np.array(1, { dtype: s.dtype }), s);
}
