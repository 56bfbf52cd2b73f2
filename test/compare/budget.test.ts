import { describe, expect, it } from 'vitest';
import { checkBudget, describeBudget } from '../../harness/compare/budget.js';

describe('checkBudget (on the median)', () => {
  it('max: over is a breach, equal is within', () => {
    expect(checkBudget(41e6, { max: 40e6 }, 'bytes')).toEqual({
      limit: 40e6,
      side: 'max',
      reason: 'median 41.0 MB > budget 40.0 MB (max)',
    });
    expect(checkBudget(40e6, { max: 40e6 }, 'bytes')).toBeUndefined();
  });

  it('min: under is a breach (cache hit rate >= 80%)', () => {
    expect(checkBudget(0.79, { min: 0.8 }, 'ratio')).toEqual({
      limit: 0.8,
      side: 'min',
      reason: 'median 79.0% < budget 80.0% (min)',
    });
    expect(checkBudget(0.8, { min: 0.8 }, 'ratio')).toBeUndefined();
  });

  it('rates and pauses in their units', () => {
    expect(checkBudget(2e5, { max: 1e5 }, 'bytes/min')?.reason).toBe('median 0.20 MB/min > budget 0.10 MB/min (max)');
    expect(checkBudget(5.5, { max: 5 }, 'ms')?.reason).toBe('median 5.50 ms > budget 5.00 ms (max)');
    expect(describeBudget({ max: 500, min: 1 }, 'count')).toBe('within budget ≤ 500 and ≥ 1');
  });
});
