// Mann–Whitney U (Wilcoxon rank-sum): do the current repeats tend to be
// larger than the baseline repeats? It uses only the order of the values, so
// one wild repeat cannot fake a regression, and with 5 vs 5 repeats its
// exact p-value is available (smallest one-sided p: 1/252 ≈ 0.004).
import { normalCdf } from './normal.js';
import { sumOverTies, tieGroups } from './ties.js';

/** Both samples at most this long: exact permutation p-values (ties included). */
export const MANN_WHITNEY_EXACT_MAX = 20;

export interface MannWhitneyResult {
  /** U of the first sample `a`: pairs with a > b, plus half the tied pairs. */
  readonly u: number;
  /** One-sided p for "b tends to be greater than a" (mannWhitneyU(baseline, current): current regressed upwards). */
  readonly pGreater: number;
  /** One-sided p for "b tends to be smaller than a". */
  readonly pLess: number;
  readonly pTwoSided: number;
  /** Common-language effect size u / (na nb) = P(a > b) + 0.5 P(a = b); 0.5 means no shift, 0 means every b exceeds every a. */
  readonly effect: number;
  readonly method: 'exact' | 'normal';
}

interface Ranked {
  /** Twice the mid-rank of each value of the pooled sample, so ranks stay integers. */
  readonly doubledRanks: number[];
  readonly pooled: number[];
}

function rankPooled(a: readonly number[], b: readonly number[]): Ranked {
  const pooled = [...a, ...b];
  const order = pooled.map((_, i) => i).sort((i, j) => (pooled[i] as number) - (pooled[j] as number));
  const doubledRanks = new Array<number>(pooled.length).fill(0);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && pooled[order[end + 1] as number] === pooled[order[start] as number]) end++;
    // Ranks start..end (0-based) share the mid-rank (start + end)/2 + 1; doubled: start + end + 2.
    for (let k = start; k <= end; k++) doubledRanks[order[k] as number] = start + end + 2;
    start = end + 1;
  }
  return { doubledRanks, pooled };
}

// The exact permutation distribution of the doubled rank sum of `size` items
// drawn from `ranks` (every split equally likely under H0, ties kept as they are).
function rankSumDistribution(ranks: readonly number[], size: number): Float64Array[] {
  const maxSum = ranks.reduce((a, b) => a + b, 0);
  const ways = Array.from({ length: size + 1 }, () => new Float64Array(maxSum + 1));
  (ways[0] as Float64Array)[0] = 1;
  for (const rank of ranks) {
    for (let k = size; k >= 1; k--) {
      const into = ways[k] as Float64Array;
      const from = ways[k - 1] as Float64Array;
      for (let s = maxSum; s >= rank; s--) into[s] = (into[s] as number) + (from[s - rank] as number);
    }
  }
  return ways;
}

function exactTails(ranks: readonly number[], na: number, observed: number): { low: number; high: number } {
  const distribution = rankSumDistribution(ranks, na)[na] as Float64Array;
  let total = 0;
  let low = 0;
  let high = 0;
  distribution.forEach((count, sum) => {
    total += count;
    if (sum <= observed) low += count;
    if (sum >= observed) high += count;
  });
  return { low: low / total, high: high / total };
}

// Normal approximation of U with the tie-corrected variance and a continuity correction of 0.5.
function normalTails(pooled: readonly number[], na: number, nb: number, u: number): { low: number; high: number } {
  const n = na + nb;
  const tieTerm = sumOverTies(tieGroups(pooled), (t) => t ** 3 - t) / (n * (n - 1));
  const sd = Math.sqrt(((na * nb) / 12) * (n + 1 - tieTerm));
  if (!(sd > 0)) return { low: 1, high: 1 };
  const centre = (na * nb) / 2;
  return { low: normalCdf((u - centre + 0.5) / sd), high: normalCdf((centre - u + 0.5) / sd) };
}

function assertSample(values: readonly number[], name: string): void {
  if (values.length === 0)
    throw new RangeError(`mannWhitneyU: expected at least one value in ${name}, got an empty list`);
  for (const value of values) {
    if (Number.isNaN(value)) throw new RangeError(`mannWhitneyU: expected numbers in ${name}, got NaN`);
  }
}

/**
 * Mann–Whitney U of a (baseline) against b (current). Exact permutation
 * p-values when both samples have at most 20 values (with ties, the exact
 * distribution of the mid-rank sum given the observed ties); otherwise the
 * normal approximation with tie and continuity corrections.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  assertSample(a, 'a');
  assertSample(b, 'b');
  const { doubledRanks, pooled } = rankPooled(a, b);
  const doubledSumA = doubledRanks.slice(0, a.length).reduce((x, y) => x + y, 0);
  const u = doubledSumA / 2 - (a.length * (a.length + 1)) / 2;
  const exact = a.length <= MANN_WHITNEY_EXACT_MAX && b.length <= MANN_WHITNEY_EXACT_MAX;
  // A small rank sum of a (small u) means b's values sit above a's.
  const tails = exact ? exactTails(doubledRanks, a.length, doubledSumA) : normalTails(pooled, a.length, b.length, u);
  return {
    u,
    pGreater: Math.min(1, tails.low),
    pLess: Math.min(1, tails.high),
    pTwoSided: Math.min(1, 2 * Math.min(tails.low, tails.high)),
    effect: u / (a.length * b.length),
    method: exact ? 'exact' : 'normal',
  };
}
