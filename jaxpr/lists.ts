// Small helpers over JS lists of axes and indices that every layer uses (jaxpr/, backends/, src/):
// one definition each instead of a private copy per module.

/** The integers `0 .. n-1`, or `start .. stop-1` with two arguments (Python's `range`). */
export function range(startOrStop: number, stop?: number): number[] {
  const [lo, hi] = stop === undefined ? [0, startOrStop] : [startOrStop, stop];
  const out: number[] = [];
  for (let i = lo; i < hi; i++) out.push(i);
  return out;
}
