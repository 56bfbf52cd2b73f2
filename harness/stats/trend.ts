// Kendall's rank correlation and the Mann–Kendall trend test: does y tend to
// rise with x, whatever the shape? Leak classification uses it to tell
// monotone growth (a leak) from a wobble with a positive slope.
import { normalCdf, normalSurvival } from './normal.js';
import { assertPairs, sumOverTies, thinIndices, tieGroups } from './ties.js';

/** Past this many points the test uses this many evenly spaced ones. */
export const KENDALL_MAX_POINTS = 3000;
/** Up to this many points without ties, p-values come from the exact null distribution of S. */
export const KENDALL_EXACT_MAX = 30;

export interface KendallResult {
  /** Kendall's tau-b (ties in either variable accounted for); 0 when undefined. */
  readonly tau: number;
  /** Kendall's S: concordant minus discordant pairs. */
  readonly s: number;
  /** Variance of S under "no association", tie-corrected. */
  readonly variance: number;
  /** (S - sign S) / sqrt(variance): the continuity-corrected normal score. */
  readonly z: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** One-sided p-value for "y increases with x": P(S >= s). */
  readonly pIncreasing: number;
  /** One-sided p-value for "y decreases with x": P(S <= s). */
  readonly pDecreasing: number;
  readonly n: number;
  readonly method: 'exact' | 'normal';
}

function sign(value: number): number {
  return value > 0 ? 1 : value < 0 ? -1 : 0;
}

function kendallS(xs: readonly number[], ys: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++)
      s += sign((xs[j] as number) - (xs[i] as number)) * sign((ys[j] as number) - (ys[i] as number));
  }
  return s;
}

// Kendall (1970): Var(S) with ties in both variables.
function varianceOfS(n: number, xTies: readonly number[], yTies: readonly number[]): number {
  const base = (t: number): number => t * (t - 1) * (2 * t + 5);
  const pairs = (t: number): number => t * (t - 1);
  const triples = (t: number): number => t * (t - 1) * (t - 2);
  let variance = (base(n) - sumOverTies(xTies, base) - sumOverTies(yTies, base)) / 18;
  if (n > 1) variance += (sumOverTies(xTies, pairs) * sumOverTies(yTies, pairs)) / (2 * n * (n - 1));
  if (n > 2) variance += (sumOverTies(xTies, triples) * sumOverTies(yTies, triples)) / (9 * n * (n - 1) * (n - 2));
  return variance;
}

// Number of permutations of n items with k inversions (Mahonian numbers), k = 0..n(n-1)/2.
function inversionCounts(n: number): number[] {
  let counts = [1];
  for (let m = 1; m < n; m++) {
    const next = new Array<number>(counts.length + m).fill(0);
    for (let k = 0; k < counts.length; k++) {
      for (let added = 0; added <= m; added++) next[k + added] = (next[k + added] as number) + (counts[k] as number);
    }
    counts = next;
  }
  return counts;
}

// Exact one-sided p-values of S without ties: S = pairs - 2 * inversions.
function exactTails(n: number, s: number): { pIncreasing: number; pDecreasing: number } {
  const counts = inversionCounts(n);
  const total = counts.reduce((a, b) => a + b, 0);
  const pairs = (n * (n - 1)) / 2;
  const inversions = (pairs - s) / 2;
  let atMost = 0;
  let atLeast = 0;
  counts.forEach((count, k) => {
    if (k <= inversions) atMost += count;
    if (k >= inversions) atLeast += count;
  });
  return { pIncreasing: atMost / total, pDecreasing: atLeast / total };
}

function tauB(s: number, n: number, xTies: readonly number[], yTies: readonly number[]): number {
  const pairs = (n * (n - 1)) / 2;
  const half = (t: number): number => (t * (t - 1)) / 2;
  const denominator = Math.sqrt((pairs - sumOverTies(xTies, half)) * (pairs - sumOverTies(yTies, half)));
  return denominator > 0 ? s / denominator : 0;
}

/** Kendall's tau-b between xs and ys, with S, its variance and p-values. */
export function kendallTau(xs: readonly number[], ys: readonly number[]): KendallResult {
  assertPairs(xs, ys, 'kendallTau');
  const keep = thinIndices(xs.length, KENDALL_MAX_POINTS);
  const x = keep.map((i) => xs[i] as number);
  const y = keep.map((i) => ys[i] as number);
  const n = x.length;
  const xTies = tieGroups(x);
  const yTies = tieGroups(y);
  const s = kendallS(x, y);
  const variance = varianceOfS(n, xTies, yTies);
  const sd = Math.sqrt(variance);
  const z = sd > 0 ? (s - sign(s)) / sd : 0;
  const exact = xTies.length === 0 && yTies.length === 0 && n >= 2 && n <= KENDALL_EXACT_MAX;
  const tails = exact
    ? exactTails(n, s)
    : sd > 0
      ? { pIncreasing: normalSurvival((s - 1) / sd), pDecreasing: normalCdf((s + 1) / sd) }
      : { pIncreasing: 1, pDecreasing: 1 };
  const p = Math.min(1, 2 * Math.min(tails.pIncreasing, tails.pDecreasing));
  return { tau: tauB(s, n, xTies, yTies), s, variance, z, p, ...tails, n, method: exact ? 'exact' : 'normal' };
}

/** Mann–Kendall test for a monotone trend in a series taken at equal steps (x = 0, 1, 2, ...). */
export function mannKendallTrend(ys: readonly number[]): KendallResult {
  return kendallTau(
    ys.map((_, i) => i),
    ys,
  );
}
