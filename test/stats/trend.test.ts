import { describe, expect, it } from 'vitest';
import { kendallTau, mannKendallTrend } from '../../harness/stats/trend.js';

describe('kendallTau', () => {
  it('matches scipy.stats.kendalltau(method="exact") without ties', () => {
    const result = kendallTau([1, 2, 3, 4, 5, 6], [1, 3, 2, 5, 4, 6]);
    expect(result.s, 'S').toBe(11);
    expect(result.tau, 'tau').toBeCloseTo(11 / 15, 14);
    expect(result.method).toBe('exact');
    // 20 of the 720 permutations have S >= 11 (at most 2 inversions: 1 + 5 + 14).
    expect(result.pIncreasing, 'one-sided').toBeCloseTo(20 / 720, 14);
    expect(result.p, 'two-sided').toBeCloseTo(0.05555555555555555, 14);
  });

  it('uses tau-b and the tie-corrected variance with ties', () => {
    const result = mannKendallTrend([1, 2, 2, 3, 3, 3, 5, 4]);
    expect(result.s, 'S').toBe(22);
    // Var(S) = (8*7*21 - 2*1*9 - 3*2*11) / 18 = 1092 / 18
    expect(result.variance, 'variance').toBeCloseTo(1092 / 18, 12);
    expect(result.tau, 'tau-b (scipy)').toBeCloseTo(0.8486684247915055, 14);
    expect(result.method).toBe('normal');
    expect(result.z, 'z with continuity correction').toBeCloseTo(21 / Math.sqrt(1092 / 18), 12);
  });

  it('gives the smallest exact p to a monotone series: 1/n!', () => {
    const rising = mannKendallTrend([10, 20, 30, 40, 50]);
    expect(rising.pIncreasing, 'p').toBeCloseTo(1 / 120, 15);
    expect(rising.tau).toBe(1);
    const falling = mannKendallTrend([5, 4, 3, 2, 1]);
    expect(falling.pDecreasing).toBeCloseTo(1 / 120, 15);
    expect(falling.pIncreasing).toBe(1);
  });

  it('finds no trend in a constant series', () => {
    const flat = mannKendallTrend([3, 3, 3, 3]);
    expect([flat.s, flat.tau, flat.z, flat.p]).toEqual([0, 0, 0, 1]);
  });

  it('finds a trend under noise with the normal approximation past 30 points', () => {
    const ys = Array.from({ length: 40 }, (_, i) => Math.sin(i) + i * 0.05);
    const result = mannKendallTrend(ys);
    expect(result.method).toBe('normal');
    expect(result.tau, 'tau (scipy)').toBeCloseTo(0.4487179487179488, 14);
    expect(result.p).toBeLessThan(1e-4);
  });
});
