import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../harness/stats/rank-test.js';

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => i + from);

describe('mannWhitneyU', () => {
  it('gives 1/252 for fully separated 5 vs 5: the floor of a one-sided exact test', () => {
    const result = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(result.u, 'u').toBe(0);
    expect(result.pGreater, 'pGreater').toBe(1 / 252);
    expect(result.pLess, 'pLess').toBe(1);
    expect(result.pTwoSided, 'pTwoSided').toBe(2 / 252);
    expect(result.effect, 'effect').toBe(0);
    expect(result.method).toBe('exact');
  });

  it('points pGreater at "the second sample is larger"', () => {
    const result = mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
    expect([result.u, result.effect, result.pLess, result.pGreater]).toEqual([25, 1, 1 / 252, 1]);
  });

  it('uses the exact permutation distribution of mid-ranks with ties', () => {
    // scipy.stats.mannwhitneyu(a, b, alternative='less', method=PermutationMethod()) = 0.0873015873...
    const result = mannWhitneyU([1, 2, 2, 3, 5], [2, 3, 4, 6, 6]);
    expect(result.u, 'u').toBe(5.5);
    expect(result.pGreater, 'pGreater').toBeCloseTo(22 / 252, 15);
    expect(result.effect, 'effect').toBeCloseTo(0.22, 15);
  });

  it('gives p = 1 both ways when every value ties', () => {
    const result = mannWhitneyU([4, 4, 4], [4, 4, 4, 4]);
    expect([result.pGreater, result.pLess, result.pTwoSided, result.effect]).toEqual([1, 1, 1, 0.5]);
  });

  it('matches scipy asymptotic p-values past 20 per sample', () => {
    const shifted = mannWhitneyU(range(25), range(25, 5.5));
    expect(shifted.method).toBe('normal');
    expect(shifted.u).toBe(190);
    expect(shifted.pGreater, 'pGreater').toBeCloseTo(0.008962888678703238, 12);
    const tied = mannWhitneyU(
      range(25).map((i) => i % 7),
      range(25).map((i) => i % 9),
    );
    expect(tied.u).toBe(244.5);
    expect(tied.pGreater, 'pGreater with ties').toBeCloseTo(0.09337970724105865, 12);
    expect(tied.pTwoSided, 'two-sided').toBeCloseTo(0.1867594144821173, 12);
  });

  it('rejects empty samples and NaN', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/at least one value in a/);
    expect(() => mannWhitneyU([1], [Number.NaN])).toThrow(/NaN/);
  });
});
