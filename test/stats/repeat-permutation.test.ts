import { describe, expect, it } from 'vitest';
import { choose, percentileOf, repeatPermutationTest, splitByCounts } from '../../harness/stats/repeat-permutation.js';
import { mulberry32 } from '../../harness/stats/random.js';

const p95 = percentileOf(0.95);

/** `repeats` groups of `size` values drawn from 1–4 ms times `scale`, from a seed. */
function groups(seed: number, repeats: number, size: number, scale = 1): number[][] {
  const random = mulberry32(seed);
  return Array.from({ length: repeats }, () => Array.from({ length: size }, () => scale * (1 + 3 * random())));
}

describe('repeatPermutationTest', () => {
  it('enumerates every split of 5 + 5 repeats', () => {
    const result = repeatPermutationTest(groups(1, 5, 7), groups(2, 5, 7), p95);
    expect(result.splits).toBe(choose(10, 5));
    expect(result.splits).toBe(252);
  });

  it('gives the smallest p, 1/252, when every repeat of one side is slower', () => {
    const result = repeatPermutationTest(groups(1, 5, 7), groups(2, 5, 7, 3), p95);
    expect(result.pGreater).toBeCloseTo(1 / 252, 12);
    expect(result.pLess).toBe(1);
  });

  it('reads one odd repeat as one odd repeat: p near one half', () => {
    const current = groups(2, 5, 7);
    current[2] = current[2]!.map((value) => value * 10);
    const result = repeatPermutationTest(groups(1, 5, 7), current, p95);
    // The odd repeat is on the current side in 126 of the 252 splits.
    expect(result.pGreater).toBeGreaterThan(0.3);
  });

  it('gives p-values spread over (0, 1] for unchanged groups, not clustered near 0', () => {
    const ps = Array.from(
      { length: 40 },
      (_, seed) => repeatPermutationTest(groups(100 + seed, 5, 7), groups(200 + seed, 5, 7), p95).pGreater,
    );
    // Under no change, P(p < 0.05) is at most 0.05: 40 tries expect ~2; 8 or more has chance < 0.1%.
    expect(ps.filter((p) => p < 0.05).length).toBeLessThan(8);
    expect(Math.min(...ps)).toBeGreaterThan(0);
    expect(Math.max(...ps)).toBeLessThanOrEqual(1);
  });

  it('samples splits (seeded, same answer twice) when there are more than maxSplits', () => {
    const a = groups(1, 10, 5);
    const b = groups(2, 10, 5, 3);
    const first = repeatPermutationTest(a, b, p95, { maxSplits: 500 });
    const second = repeatPermutationTest(a, b, p95, { maxSplits: 500 });
    expect(first).toEqual(second);
    expect(first.splits).toBe(500);
    // C(20, 10) = 184 756 splits; the observed one is counted, so p is 1/501 at the least.
    expect(first.pGreater).toBeCloseTo(1 / 501, 12);
  });
});

describe('splitByCounts', () => {
  it('splits values into consecutive groups', () => {
    expect(splitByCounts([1, 2, 3, 4, 5], [2, 0, 3])).toEqual([[1, 2], [], [3, 4, 5]]);
  });

  it('refuses counts that do not add up', () => {
    expect(() => splitByCounts([1, 2, 3], [1, 1])).toThrow(/counts sum to 2, values number 3/);
  });
});
