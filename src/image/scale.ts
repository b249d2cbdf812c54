// jax.image.resize and jax.image.scale_and_translate (jax/_src/image/scale.py): separable
// resampling, one dense [input, output] weight matrix per spatial dimension built from the
// method's kernel and contracted with the image, so everything is differentiable (in the image,
// and in scale and translation for scaleAndTranslate).
import { Array } from "../core/array.js";
import type { ArrayLike } from "../core/array.js";
import { ValueError } from "../core/errors.js";
import { canonicalizeAxis } from "../../jaxpr/index.js";
import * as np from "../numpy/index.js";
import { promoteDtypesInexact } from "../numpy/options.js";

/**
 * `image.ResizeMethod` (jax.image.ResizeMethod): JAX's resize method names, by their canonical strings.
 *
 * @example
 * ```ts
 * image.ResizeMethod.LINEAR; // "linear"
 * image.resize(np.array([0, 1]), [4], image.ResizeMethod.LINEAR); // Array([0.  , 0.25, 0.75, 1.  ], dtype=float32)
 * ```
 */
export const ResizeMethod = {
  NEAREST: "nearest",
  LINEAR: "linear",
  LANCZOS3: "lanczos3",
  LANCZOS5: "lanczos5",
  CUBIC: "cubic",
  CUBIC_PYTORCH: "cubic-pytorch",
  AREA: "area",
} as const;
type CanonicalMethod = (typeof ResizeMethod)[keyof typeof ResizeMethod];

/** Every spelling ResizeMethod.from_string accepts. */
export type ResizeMethodName = CanonicalMethod | "bilinear" | "trilinear" | "triangle" | "bicubic" | "tricubic" | "bicubic-pytorch";

const ALIASES: Record<string, CanonicalMethod> = {
  nearest: "nearest", linear: "linear", bilinear: "linear", trilinear: "linear", triangle: "linear",
  lanczos3: "lanczos3", lanczos5: "lanczos5", cubic: "cubic", bicubic: "cubic", tricubic: "cubic",
  "cubic-pytorch": "cubic-pytorch", "bicubic-pytorch": "cubic-pytorch", area: "area",
};

function canonicalMethod(method: string): CanonicalMethod {
  const m = Object.hasOwn(ALIASES, method) ? ALIASES[method] : undefined;
  if (m === undefined) throw new ValueError(`Unknown resize method "${method}"`);
  return m;
}

/** Lanczos window of the given radius: sinc(x) sinc(x / radius), 0 beyond the radius. */
function lanczosKernel(radius: number, x: Array): Array {
  const y = np.multiply(np.multiply(radius, np.sin(np.multiply(Math.PI, x))), np.sin(np.divide(np.multiply(Math.PI, x), radius)));
  const out = np.where(np.greater(x, 1e-3), np.divide(y, np.where(np.notEqual(x, 0), np.multiply(Math.PI ** 2, np.square(x)), 1)), 1);
  return np.where(np.greater(x, radius), 0, out);
}

/** Keys' cubic convolution kernel with A = -0.5 (Keys, IEEE Trans. ASSP 29(6), 1981), as Pillow and TensorFlow. */
function keysCubicKernel(x: Array): Array {
  const inner = np.add(np.multiply(np.multiply(np.subtract(np.multiply(1.5, x), 2.5), x), x), 1);
  const outer = np.add(np.multiply(np.subtract(np.multiply(np.add(np.multiply(-0.5, x), 2.5), x), 4), x), 2);
  return np.where(np.greaterEqual(x, 2), 0, np.where(np.greaterEqual(x, 1), outer, inner));
}

/** The cubic kernel with A = -0.75 that PyTorch (and OpenCV) use without antialiasing. */
function opencvCubicKernel(x: Array): Array {
  const a = -0.75;
  const inner = np.add(np.multiply(np.multiply(np.subtract(np.multiply(a + 2, x), a + 3), x), x), 1);
  const outer = np.subtract(np.multiply(np.add(np.multiply(np.subtract(np.multiply(a, x), 5 * a), x), 8 * a), x), 4 * a);
  return np.where(np.greaterEqual(x, 2), 0, np.where(np.greaterEqual(x, 1), outer, inner));
}

const triangleKernel = (x: Array): Array => np.maximum(0, np.subtract(1, np.abs(x)));

/** Kernel radius and function per method; 'area' integrates pixel overlaps instead. */
const KERNELS: Record<Exclude<CanonicalMethod, "nearest">, [radius: number, kernel: ((x: Array) => Array) | "area"]> = {
  linear: [1, triangleKernel],
  lanczos3: [3, (x) => lanczosKernel(3, x)],
  lanczos5: [5, (x) => lanczosKernel(5, x)],
  cubic: [2, keysCubicKernel],
  "cubic-pytorch": [2, opencvCubicKernel],
  area: [1, "area"],
};

/** Divides each column by its sum, zeroing columns whose sum is ~0 (1000 float32 epsilons). */
function normalizeColumns(weights: Array): Array {
  const total = np.sum(weights, 0, true);
  return np.where(np.greater(np.abs(total), 1000 * 2 ** -23), np.divide(weights, np.where(np.notEqual(total, 0), total, 1)), 0);
}

/**
 * The [inputSize, outputSize] resampling weights for one dimension (scale.py's
 * compute_weight_mat). With antialias the kernel is widened by 1/scale when downsampling, so it
 * low-pass filters as it interpolates. Edge padding (cubic-pytorch without antialias) evaluates
 * the kernel `radius` pixels past each edge and moves that mass onto the edge pixel.
 */
function computeWeightMat(inputSize: number, outputSize: number, scale: Array, translation: Array, kernel: ((x: Array) => Array) | "area", antialias: boolean, edgePadding: boolean, radius: number): Array {
  const dtype = scale.dtype;
  const invScale = np.divide(1, scale);
  const kernelScale = antialias ? np.maximum(invScale, 1) : 1;
  const outputIndex = np.arange(outputSize, { dtype });
  // The input coordinate of each output pixel's centre.
  const sampleF = np.subtract(np.subtract(np.multiply(np.add(outputIndex, 0.5), invScale), np.multiply(translation, invScale)), 0.5);
  const k = edgePadding ? radius : 0;
  const expanded = np.arange(-k, inputSize + k, { dtype });
  let weights: Array;
  if (kernel === "area") {
    // Overlap of output pixel [L_i, R_i] (mapped back to the input) with input pixel [L_j, L_j + 1].
    const left = np.subtract(np.multiply(outputIndex, invScale), np.multiply(translation, invScale));
    const right = np.add(left, invScale);
    const inLeft = np.arange(inputSize, { dtype }).reshape([inputSize, 1]);
    weights = np.maximum(0, np.subtract(np.minimum(right.reshape([1, outputSize]), np.add(inLeft, 1)), np.maximum(left.reshape([1, outputSize]), inLeft)));
  } else {
    const x = np.abs(np.subtract(sampleF.reshape([1, outputSize]), expanded.reshape([-1, 1])));
    weights = kernel(np.divide(x, kernelScale));
  }
  if (edgePadding) {
    // weight_mat[clip(e), o] += weights[e, o], as a product with a 0/1 matrix.
    const clamped = np.clip(expanded.astype("int32"), 0, inputSize - 1);
    const gatherRows = np.equal(np.arange(inputSize, { dtype: "int32" }).reshape([-1, 1]), clamped.reshape([1, -1])).astype(dtype);
    return normalizeColumns(np.matmul(gatherRows, weights));
  }
  weights = normalizeColumns(weights);
  // Output pixels whose centre falls outside the input get no weight.
  const inside = np.logicalAnd(np.greaterEqual(sampleF, -0.5), np.lessEqual(sampleF, inputSize - 0.5));
  return np.where(inside.reshape([1, outputSize]), weights, 0);
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

function checkShape(shape: readonly number[], image: Array): void {
  if (shape.length !== image.ndim) {
    throw new ValueError(`shape must have length equal to the number of dimensions of x;  ${shapeText(shape)} vs ${shapeText(image.shape)}`);
  }
}

/** Contracts each spatial dimension of `x` with its weight matrix (scale.py's _scale_and_translate). */
function scaleAndTranslateImpl(x: Array, shape: readonly number[], spatialDims: readonly number[], scale: Array, translation: Array, method: Exclude<CanonicalMethod, "nearest">, antialias: boolean): Array {
  const edgePadding = method === "cubic-pytorch" && !antialias;
  const [radius, kernel] = KERNELS[method === "cubic-pytorch" && antialias ? "cubic" : method];
  let out = x;
  spatialDims.forEach((dim, i) => {
    const d = canonicalizeAxis(dim, x.ndim);
    const w = computeWeightMat(x.shape[d]!, shape[d]!, scale.get(i), translation.get(i), kernel, antialias, edgePadding, radius).astype(x.dtype);
    out = np.moveaxis(np.tensordot(out, w, [[d], [0]]), -1, d);
  });
  return out;
}

/**
 * `image.scaleAndTranslate(image, shape, spatialDims, scale, translation, method, antialias = true)` (jax.image.scale_and_translate): resamples `image` to `shape` under the map `x -> x * scale + translation` on `spatialDims`
 * (half-centred pixels; the inverse map gives each output pixel's sample location, and output
 * pixels that map outside the input are zero). Methods as {@link resize} except 'nearest'.
 *
 * @example
 * ```ts
 * const img = np.array([[0, 1], [2, 3]]);
 * image.scaleAndTranslate(img, [4, 4], [0, 1], np.array([2, 2]), np.array([0, 0]), "linear"); // Array([[0.  , 0.25, 0.75, 1.  ], [0.5 , 0.75, 1.25, 1.5 ], [1.5 , 1.75, 2.25, 2.5 ], [2.  , 2.25, 2.75, 3.  ]], dtype=float32)
 * // a shift by one pixel along the last axis
 * image.scaleAndTranslate(np.array([1, 2, 3, 4]), [4], [0], np.array([1]), np.array([1]), "linear"); // Array([0., 1., 2., 3.], dtype=float32)
 * ```
 */
export function scaleAndTranslate(image: ArrayLike, shape: readonly number[], spatialDims: readonly number[], scale: ArrayLike, translation: ArrayLike, method: ResizeMethodName, antialias = true): Array {
  const x0 = np.asarray(image);
  checkShape(shape, x0);
  const m = canonicalMethod(method);
  if (m === "nearest") throw new ValueError("Nearest neighbor resampling is not currently supported for scale_and_translate.");
  const [x] = promoteDtypesInexact("scale_and_translate", [x0]) as [Array];
  const [s, t] = promoteDtypesInexact("scale_and_translate", [asFloat64IfJs(scale), asFloat64IfJs(translation)]) as [Array, Array];
  if (spatialDims.length === 0) return x;
  return scaleAndTranslateImpl(x, shape, spatialDims, s, t, m, antialias);
}

/** JS numbers become float64 arrays, as Python floats under JAX's x64 mode. */
function asFloat64IfJs(v: ArrayLike): Array {
  return v instanceof Array ? v : np.array(v as number | number[], { dtype: "float64" });
}

/** Nearest-neighbour resize: input index floor((j + 0.5) m / n), computed in float32 as JAX does. */
function resizeNearest(x: Array, shape: readonly number[]): Array {
  let out = x;
  x.shape.forEach((m, d) => {
    const n = shape[d]!;
    if (m === n) return;
    const offsets = np.floor(np.divide(np.multiply(np.add(np.arange(n, { dtype: "float32" }), 0.5), m), n)).astype("int32");
    out = np.take(out, offsets, d);
  });
  return out;
}

/**
 * `image.resize(image, shape, method, antialias = true)` (jax.image.resize): resizes `image` to `shape` (every dimension, batch and channels included: leave those
 * unchanged). Methods: 'nearest' (keeps the dtype), 'linear' ('bilinear', 'trilinear',
 * 'triangle'), 'cubic' ('bicubic', 'tricubic'; Keys, A = -0.5), 'cubic-pytorch', 'lanczos3',
 * 'lanczos5', 'area'. With `antialias` (default true) downsampling low-pass filters.
 *
 * @example
 * ```ts
 * image.resize(np.array([[0, 1], [2, 3]]), [4, 4], "bilinear"); // Array([[0.  , 0.25, 0.75, 1.  ], [0.5 , 0.75, 1.25, 1.5 ], [1.5 , 1.75, 2.25, 2.5 ], [2.  , 2.25, 2.75, 3.  ]], dtype=float32)
 * image.resize(np.array([1, 2, 3, 4]), [2], "linear"); // Array([1.7142857, 3.2857144], dtype=float32)
 * image.resize(np.array([1, 2]), [4], "nearest"); // Array([1., 1., 2., 2.], dtype=float32)
 * ```
 */
export function resize(image: ArrayLike, shape: readonly number[], method: ResizeMethodName, antialias = true): Array {
  const x0 = np.asarray(image);
  checkShape(shape, x0);
  const m = canonicalMethod(method);
  if (m === "nearest") return resizeNearest(x0, shape);
  const [x] = promoteDtypesInexact("resize", [x0]) as [Array];
  // Dimensions whose size is unchanged are skipped: every kernel interpolates, so the identity
  // warp is the identity.
  const spatialDims = shape.map((_, d) => d).filter((d) => x.shape[d] !== shape[d]);
  if (spatialDims.length === 0) return x;
  const scale = np.array(spatialDims.map((d) => (shape[d] === 0 ? 1 : shape[d]! / x.shape[d]!)), { dtype: "float64" });
  const translation = np.zeros([spatialDims.length], { dtype: "float64" });
  return scaleAndTranslateImpl(x, shape, spatialDims, scale, translation, m, antialias);
}
