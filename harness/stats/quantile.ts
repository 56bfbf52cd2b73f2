// Order statistics: sorting, quantiles, median and mean. Quantiles use linear
// interpolation between closest ranks (Hyndman & Fan type 7), the default of
// numpy, R and most spreadsheets, so a number memgate prints can be checked
// by hand in any of them.

/** Values sorted ascending. The brand is a reminder, not a guarantee. */
export type SortedSamples = readonly number[] & { readonly __sorted?: true };

// Empty or NaN input has no quantile; failing loudly beats a NaN in a report.
function assertSamples(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) throw new RangeError(`${what}: expected at least one value, got an empty list`);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) throw new RangeError(`${what}: expected numbers, got NaN at index ${i}`);
  }
}

/** A sorted copy (ascending, numeric); the input is left alone. */
export function sortAscending(values: readonly number[]): SortedSamples {
  // A typed array sorts numerically without a comparator call per pair.
  return Array.from(Float64Array.from(values).sort());
}

/**
 * The q-quantile (0 <= q <= 1) of values already sorted ascending, by linear
 * interpolation between closest ranks (type 7): h = (n - 1) q, then
 * x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  assertSamples(sorted, 'quantile');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: expected q between 0 and 1, got ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  const fraction = h - lo;
  // Equal neighbours or an exact rank: return the value itself (keeps Infinity finite-safe).
  if (fraction === 0 || below === above) return below;
  return below + fraction * (above - below);
}

/** Several quantiles of unsorted values, sorting once. */
export function percentiles(values: readonly number[], qs: readonly number[]): number[] {
  assertSamples(values, 'percentiles');
  const sorted = sortAscending(values);
  return qs.map((q) => quantile(sorted, q));
}

/** The median (type-7 quantile at 0.5: the mean of the two middle values for even n). */
export function median(values: readonly number[]): number {
  assertSamples(values, 'median');
  return quantile(sortAscending(values), 0.5);
}

/** The arithmetic mean. */
export function mean(values: readonly number[]): number {
  assertSamples(values, 'mean');
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
