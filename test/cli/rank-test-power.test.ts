// The smallest one-sided p of the exact rank test is 1 / C(n + m, n): with
// fewer repeats than that allows, a noisy metric can never regress.
import { describe, expect, it } from 'vitest';
import { smallestRankP } from '../../harness/compare/metric.js';

describe('smallestRankP', () => {
  it('is 1 / C(n + m, n) for fully separated samples', () => {
    expect(smallestRankP(2, 2)).toBeCloseTo(1 / 6, 12);
    expect(smallestRankP(3, 3)).toBeCloseTo(1 / 20, 12);
    expect(smallestRankP(4, 4)).toBeCloseTo(1 / 70, 12);
    expect(smallestRankP(5, 5)).toBeCloseTo(1 / 252, 12);
    expect(smallestRankP(1, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('shows why --repeats 2 against a 5-sample baseline is just enough and 1 is not', () => {
    expect(smallestRankP(5, 2)).toBeLessThan(0.05);
    expect(smallestRankP(5, 1)).toBeGreaterThan(0.05);
  });
});
