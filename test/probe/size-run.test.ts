// Sizing a run by time: the pure counts, and a real child whose op slows
// down after the checkpoints' forced collections.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RawRun } from '../../harness/model/raw-run.js';
import { batchOpsForTime, opsForTime } from '../../harness/probe/size-run.js';
import { createBundles, runChild, startMessage } from './helpers.js';
import type { Bundles } from './helpers.js';

describe('opsForTime', () => {
  test('fills the time at the measured pace', () => {
    expect(opsForTime(500, 0.1)).toBe(5000);
    expect(opsForTime(500, 0.0003)).toBe(1_666_667);
  });

  test('stays within 20 and 5,000,000 ops, and takes the most when the pace is unmeasured', () => {
    expect(opsForTime(500, 100)).toBe(20);
    expect(opsForTime(500, 0.00001)).toBe(5_000_000);
    expect(opsForTime(500, 0)).toBe(5_000_000);
    expect(opsForTime(500, Number.NaN)).toBe(5_000_000);
  });
});

describe('batchOpsForTime', () => {
  test('fills half the time at the pace after the collections', () => {
    // 1 s: half a second each phase; an op 3x slower after the collections gets a third of the count.
    expect(batchOpsForTime(150_000, 1000, 0.01)).toBe(50_000);
  });

  test('never runs more than the natural phase, and at least the fewest ops a run may have', () => {
    expect(batchOpsForTime(50_000, 1000, 0.001)).toBe(50_000);
    expect(batchOpsForTime(50_000, 1000, 1000)).toBe(20);
  });
});

describe('a time-sized repeat in a real child', () => {
  let bundles: Bundles;
  beforeAll(async () => {
    bundles = await createBundles(['slower-after-collections', 'steady-spin']);
  });
  afterAll(() => bundles?.cleanup());

  const sizedRun = async (fixture: string): Promise<RawRun> => {
    const start = startMessage(bundles.fixture(fixture), {
      settings: { ops: 0, timeMs: 400, naturalOps: 0, batchSize: 0, checkpoints: 4, warmupOps: 20 },
    });
    const outcome = await runChild(bundles.child, start);
    if (outcome.message?.type !== 'result') throw new Error(`no result: ${outcome.stderr}`);
    return RawRun.parse(outcome.message.run);
  };

  test('re-sizes the batches of an op that slows down after the forced collections', async () => {
    // 20 µs per op in the natural phase, 200 µs in the batches: about a tenth of the count.
    // Only a slow reading of the natural pace (preempted sizing rounds) could narrow the gap. Sizing
    // keeps the fastest of three rounds, yet one full suite run read all three 2.5x slow (3 899
    // natural ops against 989 in the batches): half leaves 5x of room, and without re-sizing the
    // batches would run the natural count itself.
    const slowed = await sizedRun('slower-after-collections');
    const natural = slowed.naturalPhase?.ops ?? 0;
    expect(natural).toBeGreaterThan(0);
    expect(slowed.ops).toBeLessThan(natural / 2);
    // The checkpoints are spread over the new count.
    expect(slowed.checkpoints).toHaveLength(5);
  }, 30_000);

  test('keeps the natural count for an op that runs at the same pace', async () => {
    const steady = await sizedRun('steady-spin');
    const natural = steady.naturalPhase?.ops ?? 0;
    // The same pace gives the same count. A busy machine can shorten the batches by its noise:
    // three 25 ms rounds that all lose half their core read 2x slow, so a quarter leaves 2x of room.
    expect(steady.ops).toBeLessThanOrEqual(natural);
    expect(steady.ops).toBeGreaterThan(natural / 4);
  }, 30_000);
});
