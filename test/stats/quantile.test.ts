import { describe, expect, it } from 'vitest';
import { mean, median, percentiles, quantile, sortAscending } from '../../harness/stats/quantile.js';

// Expected values are numpy.quantile(..., method='linear') (Hyndman–Fan type 7).
describe('quantile (type 7)', () => {
  it('interpolates between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.95), 'p95').toBeCloseTo(3.85, 12);
    expect(quantile([1, 2, 3, 4], 0.5), 'p50').toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.75), 'p75').toBe(3.25);
    expect(quantile([1, 2, 3, 4], 0), 'p0').toBe(1);
    expect(quantile([1, 2, 3, 4], 1), 'p100').toBe(4);
  });

  it('returns the only value of a single sample at every q', () => {
    expect(quantile([7], 0)).toBe(7);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('keeps infinite neighbours exact instead of producing NaN', () => {
    expect(quantile([1, Infinity, Infinity], 0.75)).toBe(Infinity);
    expect(quantile([1, 2, Infinity], 0.5)).toBe(2);
  });

  it('sorts once for several percentiles', () => {
    const [p10, p50, p99] = percentiles([5, 1, 4, 2, 3], [0.1, 0.5, 0.99]);
    expect(p10, 'p10').toBeCloseTo(1.4, 12);
    expect(p50, 'p50').toBe(3);
    expect(p99, 'p99').toBeCloseTo(4.96, 12);
  });

  it('rejects empty input, NaN and q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => median([])).toThrow(/expected at least one value/);
    expect(() => mean([])).toThrow(RangeError);
    expect(() => percentiles([1, Number.NaN], [0.5])).toThrow(/NaN at index 1/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/between 0 and 1, got 1.5/);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('median, mean and sortAscending', () => {
  it('takes the middle value or the mean of the two middle values', () => {
    expect(median([3, 1, 2]), 'odd').toBe(2);
    expect(median([4, 1, 3, 2]), 'even').toBe(2.5);
    expect(mean([1, 2, 3, 4]), 'mean').toBe(2.5);
  });

  it('sorts numerically and leaves the input alone', () => {
    const input = [10, 9, 100, -1];
    expect(sortAscending(input)).toEqual([-1, 9, 10, 100]);
    expect(input).toEqual([10, 9, 100, -1]);
  });
});
