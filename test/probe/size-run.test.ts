import { describe, expect, test } from 'vitest';
import { BATCH_SLOWDOWN_TOLERANCE, opsForTime, resizeBatches } from '../../harness/probe/size-run.js';

describe('opsForTime', () => {
  test('fills the time at the measured pace, within the bounds', () => {
    expect(opsForTime(500, 0.1)).toBe(5000);
    expect(opsForTime(500, 100)).toBe(20);
    expect(opsForTime(500, 0)).toBe(5_000_000);
  });
});

describe('resizeBatches: the checkpointed batches of a time-sized first repeat', () => {
  // 10 batches of 740 planned, after a natural phase that ran 0.07 ms per op
  // (the 7400 planned ops took 518 ms there), as for http-loopback.
  const plan = { plannedOps: 7400, batchSize: 740, naturalMsPerOp: 0.07 };
  const naturalMs = 7400 * 0.07;

  test('keeps the plan when the first batch runs at the natural pace, or up to the tolerance slower', () => {
    expect(resizeBatches({ ...plan, doneOps: 740, doneMs: 740 * 0.07 })).toBeNull();
    const atTolerance = 740 * 0.07 * BATCH_SLOWDOWN_TOLERANCE;
    expect(resizeBatches({ ...plan, doneOps: 740, doneMs: atTolerance })).toBeNull();
  });

  test('cuts the other batches so the phase lasts about as long as the natural one', () => {
    // 3x slower: the first 740 ops took 155 ms; ~363 ms are left for 9 batches at 0.21 ms/op.
    const doneMs = 740 * 0.21;
    const resized = resizeBatches({ ...plan, doneOps: 740, doneMs });
    expect(resized).not.toBeNull();
    expect(resized?.slowdown).toBeCloseTo(3, 5);
    expect(resized?.batchSize).toBe(Math.ceil(Math.round((naturalMs - doneMs) / 0.21) / 9));
    expect(resized?.ops).toBe(740 + 9 * (resized?.batchSize ?? 0));
    // The first batch plus the cut ones, at the same pace, take about the natural phase's time.
    const projectedMs = (resized?.ops ?? 0) * 0.21;
    expect(projectedMs).toBeGreaterThan(naturalMs * 0.95);
    expect(projectedMs).toBeLessThan(naturalMs * 1.05);
  });

  test('runs at least one op per remaining batch when the first batch alone took longer', () => {
    const resized = resizeBatches({ ...plan, doneOps: 740, doneMs: 740 * 0.07 * 12 });
    expect(resized).toMatchObject({ ops: 749, batchSize: 1 });
    expect(resized?.slowdown).toBeCloseTo(12, 5);
  });

  test('leaves a single batch, an empty or unmeasured one, and an unknown natural pace alone', () => {
    expect(
      resizeBatches({ plannedOps: 100, batchSize: 100, naturalMsPerOp: 0.07, doneOps: 100, doneMs: 5000 }),
    ).toBeNull();
    expect(resizeBatches({ ...plan, doneOps: 0, doneMs: 0 })).toBeNull();
    expect(resizeBatches({ ...plan, doneOps: 740, doneMs: 0 })).toBeNull();
    expect(resizeBatches({ ...plan, naturalMsPerOp: Number.NaN, doneOps: 740, doneMs: 500 })).toBeNull();
  });
});
