import { describe, expect, it } from 'vitest';
import { theilSen } from '../../harness/stats/slope.js';
import { mulberry32 } from '../../harness/stats/random.js';
import { normalQuantile } from '../../harness/stats/normal.js';

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => i + from);

describe('theilSen', () => {
  it('recovers y = 2x + 1 exactly despite one outlier', () => {
    const xs = range(10);
    const ys = xs.map((x) => 2 * x + 1);
    ys[4] = 100;
    const fit = theilSen(xs, ys);
    expect(fit.slope, 'slope').toBe(2);
    expect(fit.intercept, 'intercept').toBe(1);
    // 36 of the 45 pairwise slopes are exactly 2, so Sen's interval collapses onto it.
    expect([fit.low, fit.high], 'ci').toEqual([2, 2]);
    expect([fit.n, fit.pairs]).toEqual([10, 45]);
  });

  it("matches scipy.stats.theilslopes' Sen interval on noisy data", () => {
    const ys = [2.1, 3.9, 6.2, 8.1, 9.7, 12.3, 13.8, 16.4, 17.9, 20.2, 22.1, 23.7];
    const fit = theilSen(range(12, 1), ys);
    expect(fit.slope, 'slope').toBe(2);
    expect(fit.low, 'low').toBeCloseTo(1.9333333333333336, 12);
    expect(fit.high, 'high').toBeCloseTo(2.05, 12);
    expect(fit.intercept, 'median of y - 2x').toBeCloseTo(0.1, 12);
  });

  it('skips pairs with equal x', () => {
    // slopes: 2, 12, -8, 2 -> median 2
    const fit = theilSen([1, 1, 2, 2], [0, 10, 2, 12]);
    expect(fit.slope).toBe(2);
    expect(fit.pairs).toBe(4);
  });

  it('reports no slope when x never changes', () => {
    expect(theilSen([3, 3, 3], [5, 1, 9])).toEqual({ slope: 0, intercept: 5, low: 0, high: 0, n: 3, pairs: 0 });
    expect(theilSen([], [])).toEqual({ slope: 0, intercept: 0, low: 0, high: 0, n: 0, pairs: 0 });
  });

  it('falls back to all pairwise slopes when there are too few points for the interval', () => {
    // n = 3: C = 1.96 * sqrt(3 * 2 * 11 / 18) = 3.74 > N = 3, so the ranks clamp to 1 and N.
    const fit = theilSen([0, 1, 2], [0, 1, 5]);
    expect([fit.slope, fit.low, fit.high]).toEqual([2.5, 1, 4]);
  });

  it('thins long series to 1000 evenly spaced points', () => {
    const xs = range(5000);
    const fit = theilSen(
      xs,
      xs.map((x) => 3 * x - 7),
    );
    expect([fit.slope, fit.intercept, fit.n]).toEqual([3, -7, 1000]);
  });

  it('covers the true slope in about 95% of noisy fits', () => {
    // 400 seeded fits of y = 0.5x + N(0, 1) on 20 points. The binomial sd of
    // a 95% coverage over 400 trials is 1.1%; Sen's interval rounded outward
    // is slightly conservative, so accept 0.92..0.995.
    const random = mulberry32(42);
    const gaussian = (): number => normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, random())));
    const xs = range(20);
    let covered = 0;
    for (let trial = 0; trial < 400; trial++) {
      const fit = theilSen(
        xs,
        xs.map((x) => 0.5 * x + gaussian()),
      );
      if (fit.low <= 0.5 && 0.5 <= fit.high) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.92);
    expect(covered / 400).toBeLessThan(0.995);
  });

  it('rejects mismatched, non-finite input and a bad confidence', () => {
    expect(() => theilSen([1, 2], [1])).toThrow(/equal length, got 2 and 1/);
    expect(() => theilSen([1, 2], [1, Number.NaN])).toThrow(/finite numbers/);
    expect(() => theilSen([1, 2], [1, 2], 1)).toThrow(/confidence between 0 and 1/);
  });
});
