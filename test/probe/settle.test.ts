import { describe, expect, test } from 'vitest';
import { readObjectHeapUsed } from '../../harness/probe/allocation.js';
import { SETTLE_LIMITS, isSettled, resolveGc, settleHeap } from '../../harness/probe/settle.js';

describe('isSettled', () => {
  test('never before the minimum number of rounds', () => {
    expect(isSettled(5_000_000, 5_000_000, 1)).toBe(false);
  });

  test('settled once a round frees less than 1 KB or 0.1% of the heap', () => {
    // 0.1% of 5 MB is 5000 bytes: freeing 4999 is settled, 5000 is not
    expect(isSettled(5_000_000, 4_995_001, 2)).toBe(true);
    expect(isSettled(5_000_000, 4_995_000, 2)).toBe(false);
    // on a 100 KB heap the 1 KB floor decides
    expect(isSettled(100_000, 99_001, 2)).toBe(true);
    expect(isSettled(100_000, 98_900, 2)).toBe(false);
    // the heap grew: nothing left to free
    expect(isSettled(1_000_000, 1_200_000, 3)).toBe(true);
  });

  test('gives up at the maximum number of rounds', () => {
    expect(isSettled(9_000_000, 1_000_000, SETTLE_LIMITS.maxRounds - 1)).toBe(false);
    expect(isSettled(9_000_000, 1_000_000, SETTLE_LIMITS.maxRounds)).toBe(true);
  });
});

describe('settleHeap', () => {
  test('frees unreachable garbage within the round limits and marks one forced window', async () => {
    const gc = resolveGc();
    const marks: string[] = [];
    const marker = { beginForced: () => marks.push('begin'), endForced: () => marks.push('end') };
    // 2000 arrays of 128 small integers: at least 2000 × 128 × 8 bytes ≈ 2 MB of elements.
    let garbage: number[][] | null = Array.from({ length: 2000 }, (_, i) => new Array<number>(128).fill(i));
    const withGarbage = readObjectHeapUsed();
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped so the settle can free it
    garbage = null;
    const result = await settleHeap(gc, marker);
    // At least half of it must be gone; the other half absorbs whatever else the
    // test runner allocated meanwhile (without a gc() nothing would drop at all).
    expect(withGarbage - result.heapUsed).toBeGreaterThan(1024 * 1024);
    expect(result.rounds).toBeGreaterThanOrEqual(SETTLE_LIMITS.minRounds);
    expect(result.rounds).toBeLessThanOrEqual(SETTLE_LIMITS.maxRounds);
    expect(marks).toEqual(['begin', 'end']);
    // A second settle finds nothing more to free: its reading is not lower than
    // the first's beyond the settling tolerance (plus the small objects the test
    // itself makes). Only a drop says the first settle left garbage behind; a
    // rise is what other code allocated meanwhile (the suite's workers are
    // shared: a full run once read the two 390 KB apart, past the earlier
    // two-sided bound of 360 KB).
    const again = await settleHeap(gc);
    expect(result.heapUsed - again.heapUsed).toBeLessThan(Math.max(64 * 1024, result.heapUsed * 0.01));
  });
});
