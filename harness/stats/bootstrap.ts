// A percentile-bootstrap interval of median(current) / median(baseline): how
// big the change is, with the uncertainty of few repeats. Seeded, so the same
// samples give the same interval on every machine.
import { quantile, sortAscending } from './quantile.js';
import { mulberry32, randomIndex } from './random.js';
import { mad } from './spread.js';

export interface BootstrapOptions {
  /** Resamples (default 2000). */
  readonly iterations?: number;
  /** Two-sided coverage of the interval (default 0.95). */
  readonly confidence?: number;
  /** PRNG seed (default 1). */
  readonly seed?: number;
}

export interface RatioInterval {
  /** median(current) / median(baseline). */
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

// 0/0 is "no change" (1); x/0 is an infinite change in x's direction.
function ratioOf(current: number, baseline: number): number {
  if (baseline !== 0) return current / baseline;
  if (current === 0) return 1;
  return current > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

// The q-quantile of a resample drawn with replacement into a reused buffer.
function resampledQuantile(values: readonly number[], buffer: Float64Array, random: () => number, q = 0.5): number {
  for (let i = 0; i < buffer.length; i++) buffer[i] = values[randomIndex(random, values.length)] as number;
  return quantile(buffer.sort(), q);
}

function assertOptions(iterations: number, confidence: number): void {
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`bootstrapMedianRatio: expected iterations to be a positive integer, got ${iterations}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`bootstrapMedianRatio: expected a confidence between 0 and 1, got ${confidence}`);
}

/** Ratio of medians (current over baseline) with a seeded percentile-bootstrap interval. */
export function bootstrapMedianRatio(
  baseline: readonly number[],
  current: readonly number[],
  options: BootstrapOptions = {},
): RatioInterval {
  const { iterations = 2000, confidence = 0.95, seed = 1 } = options;
  assertOptions(iterations, confidence);
  const ratio = ratioOf(quantile(sortAscending(current), 0.5), quantile(sortAscending(baseline), 0.5));
  const random = mulberry32(seed);
  const baseBuffer = new Float64Array(baseline.length);
  const currentBuffer = new Float64Array(current.length);
  const ratios = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const base = resampledQuantile(baseline, baseBuffer, random);
    ratios[i] = ratioOf(resampledQuantile(current, currentBuffer, random), base);
  }
  ratios.sort();
  return { ratio, low: quantile(ratios, (1 - confidence) / 2), high: quantile(ratios, (1 + confidence) / 2) };
}

/**
 * How far the `p` quantile of `values` moves from one sample of this size to
 * the next: the median absolute deviation of the quantile over seeded
 * resamples (unscaled, like `mad`). For a statistic read once from pooled
 * events, where there are no repeats to take a spread from.
 */
export function bootstrapQuantileSpread(
  values: readonly number[],
  p: number,
  options: Omit<BootstrapOptions, 'confidence'> = {},
): number {
  const { iterations = 1000, seed = 1 } = options;
  assertOptions(iterations, 0.5);
  if (values.length === 0) throw new RangeError('bootstrapQuantileSpread: expected at least one value');
  const random = mulberry32(seed);
  const buffer = new Float64Array(values.length);
  const estimates = Array.from({ length: iterations }, () => resampledQuantile(values, buffer, random, p));
  return mad(estimates);
}
