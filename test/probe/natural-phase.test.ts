import { describe, expect, test } from 'vitest';
import { MIN_PAUSES } from '../../harness/metrics/derive.js';
import {
  MAX_EXTENSION,
  MAX_POOLED_EXTENSION,
  NATURAL_BLOCKS,
  TARGET_PAUSES,
  blockLimits,
  extraOpsForPauses,
  splitIntoBlocks,
} from '../../harness/probe/natural-phase.js';

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
    expect(extraOpsForPauses(300, 0, 300, 5)).toBe(0);
  });

  test('beyond the budget for a P95 of its own, aims at a P95 pooled from all repeats', () => {
    // stream-zlib on an AMD EPYC: 3 pauses in 221 ops; 25 would need 1842 ops (> 4 x 221),
    // 5 per repeat (25 / 5 repeats) need ceil(5 * 221 / 3) = 369, so 148 more.
    expect(extraOpsForPauses(221, 3, 221, 5)).toBe(369 - 221);
    expect(Math.ceil(TARGET_PAUSES / 5) * 5).toBeGreaterThanOrEqual(MIN_PAUSES['gc.pause.p95']?.min ?? Infinity);
    // Enough for the pooled target already: nothing more (the per-repeat target is out of reach).
    expect(extraOpsForPauses(221, 5, 221, 5)).toBe(0);
    // Within the budget for its own P95, the per-repeat target wins whatever the repeats.
    expect(extraOpsForPauses(1000, 10, 1000, 5)).toBe(1500);
    // The pooled target within twice the ops only (later repeats run the count too):
    // 2 pauses in 300 ops need 750 for 5, over 2 x 300; 3 pauses need 500.
    expect(MAX_POOLED_EXTENSION).toBe(2);
    expect(extraOpsForPauses(300, 2, 300, 5)).toBe(0);
    expect(extraOpsForPauses(300, 3, 300, 5)).toBe(200);
    // Three repeats need 9 each: 5 pauses in 300 ops reach them at 540.
    expect(extraOpsForPauses(300, 5, 300, 3)).toBe(240);
    expect(extraOpsForPauses(300, 3, 300, 3)).toBe(0);
  });
});

describe('the natural phase in timed and plain blocks', () => {
  test('splits the ops into near-equal blocks that add up to the count', () => {
    expect(splitIntoBlocks(50_000)).toEqual(Array.from({ length: NATURAL_BLOCKS }, () => 3125));
    const ninety = splitIntoBlocks(90);
    expect(ninety).toHaveLength(NATURAL_BLOCKS);
    expect(ninety.reduce((sum, size) => sum + size, 0)).toBe(90);
    expect(Math.max(...ninety) - Math.min(...ninety)).toBeLessThanOrEqual(1);
  });

  test('fewer ops than blocks give one op per block; one op gives one (timed) block', () => {
    expect(splitIntoBlocks(3)).toEqual([1, 1, 1]);
    expect(splitIntoBlocks(1)).toEqual([1]);
    expect(splitIntoBlocks(0)).toEqual([0]);
  });

  test('a duration is sliced into equal times from each block start, each at least one op', () => {
    const blocks = blockLimits({ ms: 160 });
    expect(blocks).toHaveLength(NATURAL_BLOCKS);
    expect(blocks[3]?.(1000)).toEqual({ count: 1, minUntil: 1010, deadline: 1010 });
  });

  test('an op count gives fixed counts with no clock limits', () => {
    const blocks = blockLimits({ ops: 32 });
    expect(blocks.map((limits) => limits(0))).toEqual(
      Array.from({ length: NATURAL_BLOCKS }, () => ({ count: 2, minUntil: -Infinity, deadline: Infinity })),
    );
  });
});
