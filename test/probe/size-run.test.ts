import { describe, expect, test } from 'vitest';
import { BATCH_TIME_TOLERANCE, opsForTime, resizeBatches } from '../../harness/probe/size-run.js';

describe('opsForTime', () => {
  test('fills the time at the measured pace, within the bounds', () => {
    expect(opsForTime(500, 0.1)).toBe(5000);
    expect(opsForTime(500, 100)).toBe(20);
    expect(opsForTime(500, 0)).toBe(5_000_000);
  });
});

describe('resizeBatches: the checkpointed batches of a time-sized first repeat', () => {
  // 10 batches of 740 planned for a 500 ms share, as http-loopback's sizing plans them.
  const plan = { plannedOps: 7400, batchSize: 740, targetMs: 500 };

  test('keeps the plan when the first batch runs at the sized pace, or up to the tolerance slower', () => {
    expect(resizeBatches({ ...plan, doneOps: 740, doneMs: 50 })).toBeNull();
    const atTolerance = (500 * BATCH_TIME_TOLERANCE) / 10;
    expect(resizeBatches({ ...plan, doneOps: 740, doneMs: atTolerance })).toBeNull();
  });

  test('cuts the other batches to fill the rest of the share at the first batch pace', () => {
    // 3x slower: 150 ms for the first 740, so 350 ms are left for 9 batches at ~0.203 ms/op.
    const resized = resizeBatches({ ...plan, doneOps: 740, doneMs: 150 });
    expect(resized).not.toBeNull();
    expect(resized?.slowdown).toBeCloseTo(3, 5);
    expect(resized?.batchSize).toBe(Math.ceil(Math.round(350 / (150 / 740)) / 9));
    expect(resized?.ops).toBe(740 + 9 * (resized?.batchSize ?? 0));
    // The whole phase then takes about its share: the first batch plus the cut ones at the same pace.
    const projectedMs = ((resized?.ops ?? 0) * 150) / 740;
    expect(projectedMs).toBeGreaterThan(500 * 0.95);
    expect(projectedMs).toBeLessThan(500 * 1.05);
  });

  test('runs at least one op per remaining batch when the first batch used up the share', () => {
    expect(resizeBatches({ ...plan, doneOps: 740, doneMs: 900 })).toEqual({ ops: 749, batchSize: 1, slowdown: 18 });
  });

  test('leaves a single batch, an empty batch or an unmeasured one alone', () => {
    expect(resizeBatches({ plannedOps: 100, batchSize: 100, targetMs: 500, doneOps: 100, doneMs: 5000 })).toBeNull();
    expect(resizeBatches({ ...plan, doneOps: 0, doneMs: 0 })).toBeNull();
    expect(resizeBatches({ ...plan, doneOps: 740, doneMs: 0 })).toBeNull();
  });
});
