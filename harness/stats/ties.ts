// Helpers shared by the rank statistics: tie groups and thinning long series.

/** Sizes of the groups of equal values (groups of one left out). */
export function tieGroups(values: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const groups: number[] = [];
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run++;
    else {
      if (run > 1) groups.push(run);
      run = 1;
    }
  }
  return groups;
}

/** Sum of f(t) over tie groups t. */
export function sumOverTies(groups: readonly number[], f: (t: number) => number): number {
  return groups.reduce((sum, t) => sum + f(t), 0);
}

// Pairwise methods cost O(n^2); past `max` points keep `max` evenly spaced
// ones (first and last included) so a 6-hour soak sampled every 10 ms stays cheap.
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

/** Throws a RangeError unless xs and ys are equally long lists of finite numbers. */
export function assertPairs(xs: readonly number[], ys: readonly number[], what: string): void {
  if (xs.length !== ys.length)
    throw new RangeError(`${what}: expected xs and ys of equal length, got ${xs.length} and ${ys.length}`);
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i]))
      throw new RangeError(`${what}: expected finite numbers, got (${xs[i]}, ${ys[i]}) at index ${i}`);
  }
}
