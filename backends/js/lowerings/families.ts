// The families' lowerings as tables (each registered by its family's module, src/families/), and
// LOWERINGS: every primitive's, core and families together, checked total by its type.
import type { PrimitiveName } from "../../../jaxpr/index.js";
import type { Lowering } from "../kernel.js";
import { CORE_LOWERINGS } from "./index.js";
import { LINALG_LOWERINGS } from "./linalg.js";
import { WINDOW_LOWERINGS } from "./windowed.js";
import { CONV_LOWERINGS } from "./conv.js";
import { FFT_LOWERINGS } from "./fft.js";
import { CONTROL_LOWERINGS } from "./control.js";

export { LINALG_LOWERINGS, WINDOW_LOWERINGS, CONV_LOWERINGS, FFT_LOWERINGS, CONTROL_LOWERINGS };

export const LOWERINGS: { [P in PrimitiveName]: Lowering<P> } = {
  ...CORE_LOWERINGS,
  ...LINALG_LOWERINGS,
  ...WINDOW_LOWERINGS,
  ...CONV_LOWERINGS,
  ...FFT_LOWERINGS,
  ...CONTROL_LOWERINGS,
};
