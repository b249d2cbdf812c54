// Loads every primitive family's rules (src/families/): for tests that read the rule tables whole
// rather than through the API functions that load a family on first use.
import { loadLinalgFamily } from "../../src/families/linalg.js";
import { loadWindowFamily } from "../../src/families/window.js";
import { loadConvFamily } from "../../src/families/conv.js";
import { loadFftFamily } from "../../src/families/fft.js";
import { loadControlFamily } from "../../src/families/control.js";

export function loadAllFamilies(): void {
  for (const load of [loadLinalgFamily, loadWindowFamily, loadConvFamily, loadFftFamily, loadControlFamily]) load();
}
