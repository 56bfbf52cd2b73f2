import { describe, expect, test } from 'vitest';
import { MIN_PAUSES } from '../../harness/metrics/derive.js';
import { MAX_EXTENSION, TARGET_PAUSES, extraOpsForPauses } from '../../harness/probe/natural-phase.js';

describe('extraOpsForPauses', () => {
  test('aims above the fewest pauses a P95 needs, so later repeats of the same count still have enough', () => {
    expect(TARGET_PAUSES).toBeGreaterThan(MIN_PAUSES['gc.pause.p95']?.min ?? Infinity);
  });

  test('runs nothing more when the pauses are already enough', () => {
    expect(extraOpsForPauses(1000, TARGET_PAUSES, 1000)).toBe(0);
    expect(extraOpsForPauses(1000, 400, 1000)).toBe(0);
  });

  test('extends to the target at the pause rate seen', () => {
    // 10 pauses in 1000 ops: 25 pauses need 2500 ops, 1500 more
    expect(extraOpsForPauses(1000, 10, 1000)).toBe(1500);
    // rounds up: 7 pauses in 300 ops -> ceil(25 * 300 / 7) = 1072
    expect(extraOpsForPauses(300, 7, 300)).toBe(1072 - 300);
  });

  test('spends nothing when the target lies beyond the budget or there is no rate to go by', () => {
    // 3 pauses in 300 ops: 2500 ops needed, over 4 x 300
    expect(MAX_EXTENSION).toBe(4);
    expect(extraOpsForPauses(300, 3, 300)).toBe(0);
    expect(extraOpsForPauses(300, 0, 300)).toBe(0);
  });
});
