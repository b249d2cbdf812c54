// lax.conv_general_dilated_local (jax/_src/lax/other.py): an unshared ("locally connected")
// convolution, a separate kernel at each output position. As JAX computes it: the input's
// patches (conv_general_dilated_patches), contracted with the kernel over the input features
// (patches' feature dim against the rhs spec's I), batched over the output positions (the
// output's spatial dims against the rhs's spatial dims, which index output positions here), then
// the dot's (batch, out feature) dims moved to where the output spec puts them.
import { convDimensionNumbers as canonicalDimensionNumbers } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";
import { Array, ArrayLike } from "../core/array.js";
import { asArray } from "./core.js";
import { canonicalizePrecision, DotAlgorithmPresetMember, type PrecisionArg } from "./precision.js";
import { dotGeneral, transpose } from "./structural.js";
import { convGeneralDilatedPatches, type ConvGeneralDilatedDimensionNumbers, type ConvPadding } from "./conv.js";

/**
 * lax.conv_general_dilated_local: an unshared convolution. `rhs` has the output's spatial extent
 * in its spatial dims and C x (receptive window) in its I dim, input feature major; `filterShape`
 * is the receptive window, in rhs-spec order. Gradients, vmap and jit come from its parts.
 *
 * @example
 * ```ts
 * const x = np.ones([1, 2, 5, 5]); // shape [N, C, H, W]
 * const w = np.ones([3, 2 * 3 * 3, 3, 3]); // shape [O, C * 3 * 3, out H, out W]
 * lax.convGeneralDilatedLocal(x, w, [1, 1], "VALID", [3, 3]).shape; // [1, 3, 3, 3]
 * ```
 */
export function convGeneralDilatedLocal(
  lhs: ArrayLike,
  rhs: ArrayLike,
  windowStrides: readonly number[],
  padding: ConvPadding,
  filterShape: readonly number[],
  lhsDilation: readonly number[] | null = null,
  rhsDilation: readonly number[] | null = null,
  dimensionNumbers: ConvGeneralDilatedDimensionNumbers = null,
  precision: PrecisionArg = null,
): Array {
  const x = asArray(lhs);
  const canonical = canonicalizePrecision(precision);
  // JAX takes the lhs half of a (lhs, rhs) precision pair for the patches and refuses a preset.
  if (canonical !== null && canonical instanceof DotAlgorithmPresetMember) throw new ValueError(`Unsupported precision for conv_general_dilated_local: ${String(precision)}`);
  const patches = convGeneralDilatedPatches(x, filterShape, windowStrides, padding, lhsDilation, rhsDilation, dimensionNumbers, canonical === null ? null : canonical[0]);
  const dn = canonicalDimensionNumbers(x.shape, [1, 1, ...filterShape], dimensionNumbers);
  const outSpatial = dn.outSpec.slice(2);
  const rhsSpatial = dn.rhsSpec.slice(2);
  // Batch dims in increasing order of the patches' (output's) spatial dims, each paired with its rhs dim.
  const order = outSpatial.map((_, i) => i).sort((a, b) => outSpatial[a]! - outSpatial[b]!);
  const out = dotGeneral(patches, rhs, [
    [[dn.outSpec[1]!], [dn.rhsSpec[1]!]],
    [order.map((i) => outSpatial[i]!), order.map((i) => rhsSpatial[i]!)],
  ]);
  // The dot gives (spatial..., N, O); move N and O to the output spec's batch and feature dims.
  const rank = out.ndim;
  const perm = new globalThis.Array<number>(rank);
  perm[dn.outSpec[0]!] = rank - 2;
  perm[dn.outSpec[1]!] = rank - 1;
  let next = 0;
  for (let d = 0; d < rank; d++) if (d !== dn.outSpec[0] && d !== dn.outSpec[1]) perm[d] = next++;
  return transpose(out, perm);
}
