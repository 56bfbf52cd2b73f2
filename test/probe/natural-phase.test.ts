import { PerformanceObserver, constants } from 'node:perf_hooks';
import { describe, expect, test } from 'vitest';
import { MIN_PAUSES } from '../../harness/metrics/derive.js';
import {
  MAX_EXTENSION,
  MAX_EXTENSION_STEPS,
  MAX_POOLED_EXTENSION,
  NATURAL_BLOCKS,
  POOLED_TARGET_PAUSES,
  TARGET_PAUSES,
  blockLimits,
  extraOpsForPauses,
  runNaturalPhase,
  splitIntoBlocks,
} from '../../harness/probe/natural-phase.js';
import { resolveGc } from '../../harness/probe/settle.js';

describe('extraOpsForPauses', () => {
  test('aims above the fewest pauses a P95 needs, so later repeats of the same count still have enough', () => {
    expect(TARGET_PAUSES).toBeGreaterThan(MIN_PAUSES['gc.pause.p95']?.min ?? Infinity);
  });

  test('runs nothing more when the pauses are already enough', () => {
    expect(extraOpsForPauses(1000, TARGET_PAUSES, 1000)).toBe(0);
    expect(extraOpsForPauses(1000, 400, 1000)).toBe(0);
  });

  test('extends to the target at the pause rate seen, at most the op count per step', () => {
    // 10 pauses in 1000 ops: 25 pauses need 2500 ops; a step adds at most 1000
    expect(extraOpsForPauses(1000, 10, 1000)).toBe(1000);
    // the next step, at the rate then: 20 in 2000 need 2500, so 500 more
    expect(extraOpsForPauses(2000, 20, 1000)).toBe(500);
    // rounds up: 7 pauses in 300 ops -> ceil(25 * 300 / 7) = 1072, within 4 x 300; first step 300
    expect(extraOpsForPauses(300, 7, 300)).toBe(300);
    expect(extraOpsForPauses(900, 21, 300)).toBe(ceilDiv(25 * 900, 21) - 900);
  });

  test('with one repeat, spends nothing when its own target lies beyond the budget or there is no rate to go by', () => {
    // 3 pauses in 300 ops: 2500 ops needed, over 4 x 300; one repeat has nothing to pool with
    expect(MAX_EXTENSION).toBe(4);
    expect(extraOpsForPauses(300, 3, 300)).toBe(0);
    expect(extraOpsForPauses(300, 0, 300)).toBe(0);
    // No pause at all: a workload that collects nothing is not run longer, however many repeats.
    expect(extraOpsForPauses(300, 0, 300, 5)).toBe(0);
  });

  test('beyond the budget for a P95 of its own, aims at a P95 pooled from all repeats', () => {
    // stream-zlib on an AMD EPYC: 3 pauses in 221 ops; 25 would need 1842 ops (> 4 x 221),
    // 8 per repeat (40 / 5 repeats) need ceil(8 * 221 / 3) = 590; the first step adds 221.
    expect(extraOpsForPauses(221, 3, 221, 5)).toBe(221);
    // Enough for the pooled target already: nothing more (the per-repeat target is out of reach:
    // 8 pauses in 600 ops need 1875 for 25).
    expect(extraOpsForPauses(600, 8, 221, 5)).toBe(0);
    // Within the budget for its own P95, the per-repeat target wins whatever the repeats.
    expect(extraOpsForPauses(2000, 20, 1000, 5)).toBe(500);
    // Up to three times the ops (later repeats run the count too), even when the rate seen
    // falls short of the share: 2 pauses in 300 ops say 1200 for 8, but 2 pauses say little.
    expect(MAX_POOLED_EXTENSION).toBe(3);
    expect(extraOpsForPauses(300, 2, 300, 5)).toBe(300);
    expect(extraOpsForPauses(600, 4, 300, 5)).toBe(300);
    expect(extraOpsForPauses(900, 6, 300, 5)).toBe(0);
    // Three repeats need 14 each.
    expect(extraOpsForPauses(600, 10, 300, 3)).toBe(ceilDiv(14 * 600, 10) - 600);
  });

  test('the pooled target is twice the pauses a P95 needs: the later repeats cannot extend', () => {
    const needed = MIN_PAUSES['gc.pause.p95']?.min ?? Infinity;
    expect(POOLED_TARGET_PAUSES).toBeGreaterThanOrEqual(2 * needed);
    // Five repeats of the share, each three pauses short, still pool enough.
    expect(5 * (Math.ceil(POOLED_TARGET_PAUSES / 5) - 3)).toBeGreaterThanOrEqual(needed);
  });

  test('stepping through a measured pause curve ends within the budget, near the share', () => {
    // stream-zlib, fixed counts on an AMD EPYC: pauses after n ops of a fresh process.
    const measured: [number, number][] = [
      [170, 3],
      [259, 7],
      [340, 7],
      [510, 8],
      [680, 11],
    ];
    const pausesAt = (n: number) => measured.filter(([ops]) => ops <= n).at(-1)?.[1] ?? 2;
    let done = 170;
    for (let step = 0; step < MAX_EXTENSION_STEPS; step++) {
      const more = extraOpsForPauses(done, pausesAt(done) - 1, 170, 5);
      if (more === 0) break;
      done += more;
    }
    expect(done).toBeGreaterThan(340);
    expect(done).toBeLessThanOrEqual(MAX_POOLED_EXTENSION * 170);
  });

  test('never passes the budget, whatever the pauses seen at each step', () => {
    for (let done = 221; done <= MAX_EXTENSION * 221; done += 37) {
      for (let pauses = 1; pauses <= 30; pauses++) {
        const more = extraOpsForPauses(done, pauses, 221, 5);
        expect(more).toBeLessThanOrEqual(221);
        expect(done + more).toBeLessThanOrEqual(Math.max(done, MAX_EXTENSION * 221));
        // Only a per-repeat target within reach goes past the pooled budget.
        if (more > 0 && done + more > MAX_POOLED_EXTENSION * 221)
          expect(ceilDiv(TARGET_PAUSES * done, pauses)).toBeLessThanOrEqual(MAX_EXTENSION * 221);
      }
    }
  });
});

function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

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

/**
 * A real natural phase of an op that makes 32 KB of garbage per op, with `onOpsEnd` as its RSS
 * reading. 4 000 ops make ~128 MB: several scavenges even when the test worker's young generation
 * has grown to its largest (with 16 MB, a busy suite once saw no scavenge at all).
 */
function runGarbagePhase(ops: number, extendForPauses: boolean, onOpsEnd: () => void) {
  let sink: number[] = [];
  return runNaturalPhase(
    () => {
      sink = new Array<number>(4000).fill(sink.length);
    },
    undefined,
    { index: 0, warmup: false },
    { ops, durationMs: null, extendForPauses, repeats: 1 },
    resolveGc(),
    () => {
      onOpsEnd();
      return { peak: 2, now: 1 };
    },
  );
}

describe('RSS at the end of the natural phase', () => {
  // Node delivers each collection's gc entry on a later event-loop turn, ~5 KB of heap apiece while
  // they wait; a loop that never yields gets them all at once after its last op (event-bus: +7.6 MB).
  test('is read after the last op and before any GC entry of the phase is delivered', async () => {
    let delivered = 0;
    const watcher = new PerformanceObserver((list) => (delivered += list.getEntries().length));
    watcher.observe({ entryTypes: ['gc'] });
    let deliveredAtRead: number | null = null;
    try {
      const result = await runGarbagePhase(4000, false, () => (deliveredAtRead = delivered));
      expect(result.gc.pauses.length).toBeGreaterThan(0);
      expect(result.rss).toEqual({ peak: 2, now: 1 });
      // Had RSS been read after a turn, the entries (and the heap they take) would have come first.
      expect(deliveredAtRead).toBe(0);
    } finally {
      watcher.disconnect();
    }
  });
});

describe("collections after the natural phase's ops", () => {
  // The turn that delivers a loop's GC entries creates them all at once, and the collections that
  // burst triggers are memgate's (event-bus: 0.4-70 ms against its own 0.1-0.6 ms), not the workload's.
  test('are left out of the pauses, as forced, while the phase decides whether to run longer', async () => {
    const afterOps: number[] = [];
    let opsEndedAt = Infinity;
    const watcher = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const flags = (entry as { detail?: { flags?: number } }).detail?.flags ?? 0;
        const forced = (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
        if (!forced && entry.startTime > opsEndedAt) afterOps.push(entry.startTime);
      }
    });
    watcher.observe({ entryTypes: ['gc'] });
    let garbage: number[] = [];
    try {
      // One stretch of 4 000 ops, then the check that may extend it: the turn where the burst comes.
      const result = await runGarbagePhase(4000, true, () => {
        opsEndedAt = performance.now();
        // Stands in for the entries' burst, on the same turn: 32 MB of small garbage, more
        // than the largest young generation holds, so it collects whatever the heap's state.
        setImmediate(() => {
          for (let i = 0; i < 200_000; i++)
            garbage = [i, i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7, i + 8, i + 9];
        });
      });
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(garbage).toHaveLength(10);
      expect(afterOps.length, 'the stand-in burst collected nothing').toBeGreaterThan(0);
      expect(result.gc.pauses.length).toBeGreaterThan(0);
      expect(result.gc.forced).toBeGreaterThanOrEqual(afterOps.length);
    } finally {
      watcher.disconnect();
    }
  });
});
