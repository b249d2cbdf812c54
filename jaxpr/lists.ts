// Small helpers over JS lists of axes and indices that every layer uses (jaxpr/, backends/, src/):
// one definition each instead of a private copy per module.

/** The integers `0 .. n-1`, or `start .. stop-1` with two arguments (Python's `range`). */
export function range(startOrStop: number, stop?: number): number[] {
  const [lo, hi] = stop === undefined ? [0, startOrStop] : [startOrStop, stop];
  const out: number[] = [];
  for (let i = lo; i < hi; i++) out.push(i);
  return out;
}

/** The indices of `xs` in ascending order of their values (equal values in index order). */
export const argsort = (xs: readonly number[]): number[] => range(xs.length).sort((i, j) => xs[i]! - xs[j]! || i - j);

/** Whether the permutation `p` leaves every position where it is. */
export const isIdentityPermutation = (p: readonly number[]): boolean => p.every((v, i) => v === i);
