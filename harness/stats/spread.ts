// Robust spread: how far repeats of one measurement wander. MAD and IQR
// ignore a single wild repeat, which the standard deviation does not.
import { median, quantile, sortAscending } from './quantile.js';

/** Median absolute deviation from the median, unscaled (multiply by 1.4826 for a normal sigma). */
export function mad(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre)));
}

/** Interquartile range: type-7 quantile at 0.75 minus at 0.25. */
export function iqr(values: readonly number[]): number {
  const sorted = sortAscending(values);
  return quantile(sorted, 0.75) - quantile(sorted, 0.25);
}

export interface SampleSummary {
  readonly median: number;
  /** Median absolute deviation (unscaled). */
  readonly spread: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** Median, MAD, extremes and count of one metric's repeat samples. */
export function summarize(samples: readonly number[]): SampleSummary {
  const sorted = sortAscending(samples);
  const centre = quantile(sorted, 0.5);
  return {
    median: centre,
    spread: median(samples.map((value) => Math.abs(value - centre))),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    n: sorted.length,
  };
}
