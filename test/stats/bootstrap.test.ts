import { describe, expect, it } from 'vitest';
import { bootstrapMedianRatio, bootstrapQuantileSpread } from '../../harness/stats/bootstrap.js';
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

describe('bootstrapQuantileSpread', () => {
  const random = mulberry32(5);
  const pauses = Array.from({ length: 35 }, () => 1 + 4 * random());

  it('is 0 for identical values and grows with their scatter', () => {
    expect(bootstrapQuantileSpread([2, 2, 2, 2, 2], 0.95)).toBe(0);
    const narrow = bootstrapQuantileSpread(pauses, 0.95);
    const wide = bootstrapQuantileSpread(
      pauses.map((ms) => ms * 10),
      0.95,
    );
    expect(narrow).toBeGreaterThan(0);
    // MAD is scale-equivariant and the resamples are the same for a seed.
    expect(wide).toBeCloseTo(narrow * 10, 9);
  });

  it("is deterministic for a seed and stays within the values' range", () => {
    expect(bootstrapQuantileSpread(pauses, 0.5, { seed: 4 })).toBe(bootstrapQuantileSpread(pauses, 0.5, { seed: 4 }));
    expect(bootstrapQuantileSpread(pauses, 0.95)).toBeLessThan(Math.max(...pauses) - Math.min(...pauses));
    expect(() => bootstrapQuantileSpread([], 0.95)).toThrow(/at least one value/);
  });
});
