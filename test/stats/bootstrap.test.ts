import { describe, expect, it } from 'vitest';
import { bootstrapMedianRatio } from '../../harness/stats/bootstrap.js';
import { mulberry32 } from '../../harness/stats/random.js';

describe('bootstrapMedianRatio', () => {
  const baseline = [100, 101, 99, 100, 102];
  const current = [110, 111, 109, 112, 108];

  it('gives the ratio of medians and an interval around it', () => {
    const result = bootstrapMedianRatio(baseline, current);
    expect(result.ratio, 'ratio').toBeCloseTo(1.1, 14);
    expect(result.low).toBeLessThanOrEqual(result.ratio);
    expect(result.high).toBeGreaterThanOrEqual(result.ratio);
    // Every resampled median lies within the samples' range: 108/102 .. 112/99.
    expect(result.low).toBeGreaterThanOrEqual(108 / 102);
    expect(result.high).toBeLessThanOrEqual(112 / 99);
  });

  it('is deterministic for a seed and changes with it', () => {
    const first = bootstrapMedianRatio(baseline, current, { seed: 7 });
    expect(bootstrapMedianRatio(baseline, current, { seed: 7 })).toEqual(first);
    const other = bootstrapMedianRatio(baseline, current, { seed: 8, iterations: 500 });
    expect(other).not.toEqual(first);
  });

  it('includes 1 for two samples of the same noisy distribution', () => {
    const random = mulberry32(3);
    const noisy = (): number[] => Array.from({ length: 9 }, () => 50 + 10 * random());
    const result = bootstrapMedianRatio(noisy(), noisy());
    expect(result.low).toBeLessThan(1);
    expect(result.high).toBeGreaterThan(1);
  });

  it('treats 0/0 as no change and x/0 as an infinite change', () => {
    expect(bootstrapMedianRatio([0, 0, 0], [0, 0, 0])).toEqual({ ratio: 1, low: 1, high: 1 });
    expect(bootstrapMedianRatio([0, 0, 0], [1, 1, 1]).ratio).toBe(Infinity);
  });

  it('rejects bad options', () => {
    expect(() => bootstrapMedianRatio(baseline, current, { iterations: 0 })).toThrow(/positive integer, got 0/);
    expect(() => bootstrapMedianRatio(baseline, current, { confidence: 95 })).toThrow(/between 0 and 1/);
    expect(() => bootstrapMedianRatio([], current)).toThrow(RangeError);
  });
});
