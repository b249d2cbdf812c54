// conv_general_dilated's JVP and transposes, from one definition (JAX's ad.defbilinear with
// _conv_general_dilated_transpose_lhs / _rhs, jax/_src/lax/convolution.py). Ignoring space, with
// m batch, j input and k output features, the convolution is the product [m, j] x [j, k]; its
// lhs transpose is [m, k] x [k, j] (a convolution of the cotangent with the flipped kernel, the
// strides becoming lhs dilation) and its rhs transpose [j, m] x [m, k] (the input convolved with
// the cotangent, the strides becoming rhs dilation). Feature groups of the forward product are
// batch groups of the rhs transpose and vice versa.
import type { Params, ShapedArray } from "../../jaxpr/index.js";
import { convVjpLhsPadding, convVjpRhsPadding, shapeSize } from "../../jaxpr/index.js";
import type { Array } from "../core/array.js";
import { bind1 } from "../core/trace.js";
import * as lax from "../lax/ops.js";
import { reshapeAxisInto, reshapeAxisOutOf } from "../lax/axisReshape.js";
import { defbilinear } from "./ruleMakers.js";
import { zerosLikeAval } from "./zeros.js";

type ConvParams = Params<"conv_general_dilated">;

/** (feature, batch) swapped: _conv_spec_transpose. */
const specTranspose = (spec: readonly number[]): number[] => [spec[1]!, spec[0]!, ...spec.slice(2)];
const take = (xs: readonly number[], idx: readonly number[]): number[] => idx.map((i) => xs[i]!);

function transposeLhs(g: Array, rhs: Array, lhsAval: ShapedArray, p: ConvParams): Array {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const rhsShape = rhs.shape;
  let featureGroupCount = p.featureGroupCount;
  let w = rhs;
  if (p.featureGroupCount > 1) {
    // Move the group axis from the kernel's output features into its input features.
    w = reshapeAxisOutOf(rhsSpec[0]!, p.featureGroupCount, w);
    w = reshapeAxisInto(rhsSpec[0]!, rhsSpec[1]!, w);
  } else if (p.batchGroupCount > 1) {
    w = reshapeAxisOutOf(rhsSpec[0]!, p.batchGroupCount, w);
    w = reshapeAxisInto(rhsSpec[0]!, rhsSpec[1]!, w);
    featureGroupCount = p.batchGroupCount;
  }
  const padding = convVjpLhsPadding(
    take(lhsAval.shape, lhsSpec.slice(2)), take(rhsShape, rhsSpec.slice(2)), p.windowStrides, take(g.shape, outSpec.slice(2)), p.padding, p.lhsDilation, p.rhsDilation,
  );
  let revd = lax.rev(w, rhsSpec.slice(2));
  if (g.dtype !== revd.dtype) revd = lax.convertElementType(revd, g.dtype);
  let out = bind1("conv_general_dilated", [g, revd], {
    windowStrides: p.lhsDilation,
    padding,
    lhsDilation: p.windowStrides,
    rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhsSpec: outSpec, rhsSpec: specTranspose(rhsSpec), outSpec: lhsSpec },
    featureGroupCount,
    batchGroupCount: 1,
    precision: p.precision,
    preferredElementType: p.preferredElementType,
  });
  if (out.dtype !== lhsAval.dtype) out = lax.convertElementType(out, lhsAval.dtype);
  if (p.batchGroupCount > 1) {
    out = reshapeAxisOutOf(lhsSpec[1]!, p.batchGroupCount, out);
    out = reshapeAxisInto(lhsSpec[1]!, lhsSpec[0]!, out);
  }
  return out;
}

function transposeRhs(g: Array, lhs: Array, rhsAval: ShapedArray, p: ConvParams): Array {
  // A cotangent with no elements would make a degenerate convolution (JAX returns a zero).
  if (shapeSize(g.shape) === 0) return zerosLikeAval(rhsAval);
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  let { featureGroupCount, batchGroupCount } = p;
  if (batchGroupCount > 1) {
    featureGroupCount = batchGroupCount;
    batchGroupCount = 1;
  } else if (featureGroupCount > 1) {
    batchGroupCount = featureGroupCount;
    featureGroupCount = 1;
  }
  const padding = convVjpRhsPadding(
    take(lhs.shape, lhsSpec.slice(2)), take(rhsAval.shape, rhsSpec.slice(2)), p.windowStrides, take(g.shape, outSpec.slice(2)), p.padding, p.lhsDilation, p.rhsDilation,
  );
  const x = g.dtype !== lhs.dtype ? lax.convertElementType(lhs, g.dtype) : lhs;
  let out = bind1("conv_general_dilated", [x, g], {
    windowStrides: p.rhsDilation,
    padding,
    lhsDilation: p.lhsDilation,
    rhsDilation: p.windowStrides,
    dimensionNumbers: { lhsSpec: specTranspose(lhsSpec), rhsSpec: specTranspose(outSpec), outSpec: specTranspose(rhsSpec) },
    featureGroupCount,
    batchGroupCount,
    precision: p.precision,
    preferredElementType: p.preferredElementType,
  });
  if (out.dtype !== rhsAval.dtype) out = lax.convertElementType(out, rhsAval.dtype);
  return out;
}

/** conv_general_dilated: JVP prim(tx, w) + prim(x, tw); transposes in the input and in the kernel. */
export const CONV_RULES = defbilinear(
  "conv_general_dilated",
  (ct, rhs, lhsAval, params) => transposeLhs(ct, rhs, lhsAval, params),
  (ct, lhs, rhsAval, params) => transposeRhs(ct, lhs, rhsAval, params),
);
