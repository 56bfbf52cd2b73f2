import v8 from 'node:v8';
import { describe, expect, test } from 'vitest';
import { HeapPeakTracker, heapReading } from '../../harness/probe/heap-peaks.js';

const space = (name: string, used: number, available: number) => ({
  space_name: name,
  space_size: used + available,
  space_used_size: used,
  space_available_size: available,
});
const heapUsedBeforeNextScavenge = (spaces: ReturnType<typeof space>[]) => heapReading(spaces).used;

describe('heapReading', () => {
  test('adds the young generation’s free room to what every space uses', () => {
    const spaces = [space('new_space', 3e6, 5e6), space('old_space', 10e6, 2e6), space('code_space', 1e6, 0)];
    // 14 MB used now; the young generation fills its 5 MB before the next scavenge, the old one is not counted full.
    expect(heapUsedBeforeNextScavenge(spaces)).toBe(19e6);
  });

  test('reserves what the spaces reserve, as heapTotal counts it', () => {
    const spaces = [space('new_space', 3e6, 5e6), space('old_space', 10e6, 2e6)];
    expect(heapReading(spaces).total).toBe(20e6);
    expect(heapReading(v8.getHeapSpaceStatistics()).total).toBe(v8.getHeapStatistics().total_heap_size);
  });

  test('is the heap used when there is no young generation to fill', () => {
    expect(heapUsedBeforeNextScavenge([space('old_space', 4e6, 1e6)])).toBe(4e6);
    expect(heapUsedBeforeNextScavenge([])).toBe(0);
  });

  test('reads the same wherever the young generation’s fill is: the used and free parts trade places', () => {
    const at = (filled: number) => heapUsedBeforeNextScavenge([space('new_space', filled, 8e6 - filled)]);
    expect(new Set([0, 1e6, 4e6, 7.9e6].map(at))).toEqual(new Set([8e6]));
  });
});

describe('HeapPeakTracker', () => {
  test('keeps the most heap used (young generation counted full) and reserved, never less than a reading', () => {
    const tracker = new HeapPeakTracker();
    expect(tracker.peaks()).toEqual({ used: 0, total: 0 });
    tracker.read();
    const first = tracker.peaks();
    expect(first.used).toBeGreaterThanOrEqual(v8.getHeapStatistics().used_heap_size * 0.5);
    // What one space uses it also reserves, so the young generation counted full stays within the reserved heap.
    expect(first.used).toBeLessThanOrEqual(first.total);
    expect(first.total).toBeGreaterThan(0);
    // Held data raises the peak; dropping it never lowers a peak already read.
    let held: number[][] | null = Array.from({ length: 2000 }, (_, i) => Array.from({ length: 100 }, () => i));
    tracker.read();
    const withHeld = tracker.peaks();
    expect(withHeld.used).toBeGreaterThanOrEqual(first.used);
    expect(held).toHaveLength(2000);
    held = null;
    global.gc?.();
    tracker.read();
    expect(tracker.peaks().used).toBeGreaterThanOrEqual(withHeld.used);
    expect(tracker.peaks().total).toBeGreaterThanOrEqual(withHeld.total);
  });
});
