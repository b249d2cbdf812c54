// Conversions between gather and scatter dimension numbers. A scatter with numbers `dn` writes
// the operand elements that the gather with the corresponding numbers reads (JAX pairs them the
// same way in the transpose rules of jax/_src/lax/slicing.py), so reverse mode, JVP rules and
// numpy's indexed updates all derive one from the other here.
import type { GatherDimensionNumbers, ScatterDimensionNumbers } from "./params.js";

/** The gather numbers that read back what a scatter with `dn` writes. */
export function gatherDnOfScatter(dn: ScatterDimensionNumbers): GatherDimensionNumbers {
  return {
    offsetDims: dn.updateWindowDims,
    collapsedSliceDims: dn.insertedWindowDims,
    startIndexMap: dn.scatterDimsToOperandDims,
    operandBatchingDims: dn.operandBatchingDims,
    startIndicesBatchingDims: dn.scatterIndicesBatchingDims,
  };
}

/** The scatter numbers that write where a gather with `dn` reads. */
export function scatterDnOfGather(dn: GatherDimensionNumbers): ScatterDimensionNumbers {
  return {
    updateWindowDims: dn.offsetDims,
    insertedWindowDims: dn.collapsedSliceDims,
    scatterDimsToOperandDims: dn.startIndexMap,
    operandBatchingDims: dn.operandBatchingDims,
    scatterIndicesBatchingDims: dn.startIndicesBatchingDims,
  };
}

/** The gather slice sizes that read, from an operand of rank `rank`, the windows of `updatesShape`. */
export function scatterSliceSizes(dn: ScatterDimensionNumbers, rank: number, updatesShape: readonly number[]): number[] {
  const sizes: number[] = [];
  let pos = 0;
  for (let i = 0; i < rank; i++) {
    if (dn.insertedWindowDims.includes(i) || dn.operandBatchingDims.includes(i)) sizes.push(1);
    else sizes.push(updatesShape[dn.updateWindowDims[pos++]!]!);
  }
  return sizes;
}
