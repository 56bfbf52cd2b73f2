// Theil–Sen: a robust straight-line fit. The slope is the median of all
// pairwise slopes, so up to ~29% of points can be wild (a GC that did not
// settle, a one-off cache fill) without moving it. Its confidence interval is
// Sen's (1968): order statistics of the pairwise slopes picked by the normal
// approximation to Kendall's S.
import { normalQuantile } from './normal.js';
import { median, quantile } from './quantile.js';
import { assertPairs, sumOverTies, thinIndices, tieGroups } from './ties.js';

/** Past this many points the fit uses this many evenly spaced ones (~500k pairwise slopes). */
export const THEIL_SEN_MAX_POINTS = 1000;

export interface SlopeEstimate {
  /** Median of the pairwise slopes. */
  readonly slope: number;
  /** Median of y - slope * x. */
  readonly intercept: number;
  /** Confidence interval of the slope (Sen's method). */
  readonly low: number;
  readonly high: number;
  /** Points fitted. */
  readonly n: number;
  /** Pairwise slopes the estimate rests on (pairs with equal x are skipped); 0 means no slope could be measured. */
  readonly pairs: number;
}

// Var(S) of Kendall's S between x and the residuals under H0, corrected for
// ties in x (residuals of a continuous response do not tie).
function kendallVarianceWithXTies(xs: readonly number[]): number {
  const n = xs.length;
  const ties = sumOverTies(tieGroups(xs), (t) => t * (t - 1) * (2 * t + 5));
  return (n * (n - 1) * (2 * n + 5) - ties) / 18;
}

function pairwiseSlopes(xs: readonly number[], ys: readonly number[]): Float64Array {
  const n = xs.length;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const xi = xs[i] as number;
    const yi = ys[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = (xs[j] as number) - xi;
      if (dx !== 0) slopes[count++] = ((ys[j] as number) - yi) / dx;
    }
  }
  return slopes.subarray(0, count).sort();
}

// Sen's ranks (1-based): lower (N - C)/2, upper (N + C)/2 + 1, rounded
// outward so the interval is never narrower than Sen's, clamped into 1..N.
function senInterval(slopes: Float64Array, variance: number, confidence: number): [number, number] {
  const count = slopes.length;
  const c = normalQuantile((1 + confidence) / 2) * Math.sqrt(variance);
  const lowerRank = Math.min(count, Math.max(1, Math.floor((count - c) / 2)));
  const upperRank = Math.min(count, Math.max(1, Math.ceil((count + c) / 2 + 1)));
  return [slopes[lowerRank - 1] as number, slopes[upperRank - 1] as number];
}

/**
 * Theil–Sen fit of ys against xs with Sen's confidence interval.
 * With no two distinct x values there is no slope to measure: slope, low and
 * high are 0, intercept is the median y (0 for no points) and `pairs` is 0.
 */
export function theilSen(xs: readonly number[], ys: readonly number[], confidence = 0.95): SlopeEstimate {
  assertPairs(xs, ys, 'theilSen');
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`theilSen: expected a confidence between 0 and 1, got ${confidence}`);
  const keep = thinIndices(xs.length, THEIL_SEN_MAX_POINTS);
  const fitX = keep.map((i) => xs[i] as number);
  const fitY = keep.map((i) => ys[i] as number);
  const slopes = pairwiseSlopes(fitX, fitY);
  if (slopes.length === 0) {
    return { slope: 0, intercept: ys.length > 0 ? median(ys) : 0, low: 0, high: 0, n: fitX.length, pairs: 0 };
  }
  const slope = quantile(slopes, 0.5);
  const intercept = median(ys.map((y, i) => y - slope * (xs[i] as number)));
  const [low, high] = senInterval(slopes, kendallVarianceWithXTies(fitX), confidence);
  return { slope, intercept, low, high, n: fitX.length, pairs: slopes.length };
}
