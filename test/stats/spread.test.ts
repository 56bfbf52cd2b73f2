import { describe, expect, it } from 'vitest';
import { iqr, mad, summarize } from '../../harness/stats/spread.js';

describe('robust spread', () => {
  it('computes the unscaled median absolute deviation', () => {
    // median 2; deviations 1 1 0 0 2 4 7 -> median 1
    expect(mad([1, 1, 2, 2, 4, 6, 9]), 'mad').toBe(1);
    expect(mad([5, 5, 5]), 'mad of constants').toBe(0);
  });

  it('ignores one wild repeat where a standard deviation would not', () => {
    expect(mad([100, 101, 99, 100, 10_000]), 'mad').toBe(1);
  });

  it('computes the interquartile range with type-7 quartiles', () => {
    // q25 at h = 1.75 -> 2.75; q75 at h = 5.25 -> 6.25
    expect(iqr([8, 7, 6, 5, 4, 3, 2, 1]), 'iqr').toBe(3.5);
  });

  it('summarizes repeat samples', () => {
    expect(summarize([612, 610, 611, 640, 609])).toEqual({ median: 611, spread: 1, min: 609, max: 640, n: 5 });
    expect(() => summarize([])).toThrow(RangeError);
  });
});
