import { describe, expect, test } from 'vitest';
import { LatencyRecorder, summarizeLatency } from '../../harness/probe/latency.js';

describe('summarizeLatency', () => {
  test('converts nanoseconds to milliseconds', () => {
    const percentiles: Record<number, number> = { 50: 1_500_000, 95: 4_000_000, 99: 9_000_000 };
    const histogram = {
      count: 200,
      mean: 2_250_000,
      max: 12_000_000,
      percentile: (p: number) => percentiles[p] ?? Number.NaN,
    };
    expect(summarizeLatency(histogram)).toEqual({
      p50: 1.5,
      p95: 4,
      p99: 9,
      mean: 2.25,
      max: 12,
      count: 200,
      errors: 0,
    });
  });

  test('is null when nothing was timed', () => {
    expect(summarizeLatency({ count: 0, mean: Number.NaN, max: 0, percentile: () => 0 })).toBeNull();
  });
});

describe('LatencyRecorder', () => {
  test('the first recordDelta of a batch starts the clock; batches merge', () => {
    const recorder = new LatencyRecorder();
    const first = recorder.beginBatch();
    for (let i = 0; i < 4; i++) first.recordDelta();
    recorder.endBatch(first);
    const second = recorder.beginBatch();
    for (let i = 0; i < 3; i++) second.recordDelta();
    recorder.endBatch(second);
    const summary = recorder.summary();
    // 3 + 2 operations: the pause between batches is never recorded
    expect(summary?.count).toBe(5);
    expect(summary?.p50).toBeGreaterThan(0);
    expect(summary?.max).toBeGreaterThanOrEqual(summary?.p99 ?? Infinity);
    expect(new LatencyRecorder().summary()).toBeNull();
  });
});
