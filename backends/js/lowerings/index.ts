// The JS backend's lowering table: one entry per catalogue primitive (a compile error otherwise).
import type { PrimitiveName } from "../../../jaxpr/index.js";
import type { Lowering } from "../kernel.js";
import { ELEMENTWISE_LOWERINGS } from "./elementwise.js";
import { VIEW_LOWERINGS } from "./views.js";
import { REDUCE_LOWERINGS } from "./reduce.js";
import { INDEXING_LOWERINGS } from "./indexing.js";
import { LAYOUT_LOWERINGS } from "./layout.js";
import { CUMULATIVE_LOWERINGS } from "./cumulative.js";
import { SORT_LOWERINGS } from "./sort.js";
import { DOT_LOWERINGS } from "./dot.js";
import { CUSTOM_LOWERINGS } from "./custom.js";
import { CONTROL_LOWERINGS } from "./control.js";
import { LINALG_LOWERINGS } from "./linalg.js";
import { WINDOW_LOWERINGS } from "./windowed.js";
import { CONV_LOWERINGS } from "./conv.js";
import { FFT_LOWERINGS } from "./fft.js";
import { COLLECTIVE_LOWERINGS } from "./collectives.js";
import { COMPLEX_LOWERINGS } from "./complex.js";
import { SPECIAL_FUNCTION_LOWERINGS } from "./specialFunctions.js";

export const LOWERINGS: { [P in PrimitiveName]: Lowering<P> } = {
  ...ELEMENTWISE_LOWERINGS,
  ...VIEW_LOWERINGS,
  ...REDUCE_LOWERINGS,
  ...INDEXING_LOWERINGS,
  ...LAYOUT_LOWERINGS,
  ...CUMULATIVE_LOWERINGS,
  ...SORT_LOWERINGS,
  ...DOT_LOWERINGS,
  ...CUSTOM_LOWERINGS,
  ...CONTROL_LOWERINGS,
  ...LINALG_LOWERINGS,
  ...WINDOW_LOWERINGS,
  ...CONV_LOWERINGS,
  ...COMPLEX_LOWERINGS,
  ...FFT_LOWERINGS,
  ...COLLECTIVE_LOWERINGS,
  ...SPECIAL_FUNCTION_LOWERINGS,
};
