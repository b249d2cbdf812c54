// PLACEHOLDER (being written by a helper): x.get(...) and x.at(...).
import type { IndexItem, IndexUpdateRef } from "../core/array.js";
import { Array } from "../core/array.js";
export function getItem(x: Array, idx: readonly IndexItem[]): Array { void idx; return x; }
export function at(x: Array, idx: readonly IndexItem[]): IndexUpdateRef { void x; void idx; throw new Error("not yet"); }
