import { describe, expect, test } from 'vitest';
import { AllocationCounter, bytesAllocatedInWindow, objectHeapUsed } from '../../harness/probe/allocation.js';
import type { GcProfileLike } from '../../harness/probe/allocation.js';

function point(used: number, code = 0) {
  return {
    heapStatistics: { usedHeapSize: used },
    heapSpaceStatistics: [
      { spaceName: 'old_space', spaceUsedSize: used - code },
      { spaceName: 'code_space', spaceUsedSize: code },
    ],
  };
}

function profile(...gcs: Array<[before: number, after: number]>): GcProfileLike {
  return { statistics: gcs.map(([before, after]) => ({ beforeGC: point(before), afterGC: point(after) })) };
}

describe('bytesAllocatedInWindow', () => {
  test('without collections it is the growth of the heap', () => {
    expect(bytesAllocatedInWindow(profile(), 1000, 1600)).toBe(600);
  });

  test('sums heap-before minus the previous heap-after, plus the tail', () => {
    // start 1000 -> GC1 at 5000 (freed to 1200) -> GC2 at 4200 (freed to 1100) -> stop at 1500
    // = (5000 - 1000) + (4200 - 1200) + (1500 - 1100) = 4000 + 3000 + 400
    expect(bytesAllocatedInWindow(profile([5000, 1200], [4200, 1100]), 1000, 1500)).toBe(7400);
  });

  test('a collection right at the end leaves a zero tail', () => {
    expect(bytesAllocatedInWindow(profile([3000, 900]), 1000, 900)).toBe(2000);
  });

  test('code spaces are left out of every reading', () => {
    const withCode: GcProfileLike = { statistics: [{ beforeGC: point(5000, 800), afterGC: point(1700, 500) }] };
    // objects: before 4200, after 1200; (4200 - 1000) + (1500 - 1200)
    expect(bytesAllocatedInWindow(withCode, 1000, 1500)).toBe(3500);
    expect(objectHeapUsed(point(5000, 800))).toBe(4200);
    expect(objectHeapUsed({ heapStatistics: { usedHeapSize: 777 } })).toBe(777);
  });
});

// A stand-in for v8.GCProfiler that replays scripted profiles.
function scriptedProfiler(profiles: GcProfileLike[]) {
  return class {
    start(): void {}
    stop(): GcProfileLike | undefined {
      return profiles.shift();
    }
  };
}

describe('AllocationCounter', () => {
  test('is null, not zero, without GCProfiler', () => {
    const counter = new AllocationCounter(null);
    counter.begin();
    expect(counter.end()).toBe(0);
    expect(counter.available).toBe(false);
    expect(counter.total()).toBeNull();
  });

  test('sums windows and subtracts the smallest calibration window from each', () => {
    const readings = [1000, 1300, 1000, 1250, 2000, 9000, 500, 2500];
    const profiles = [profile(), profile(), profile([6000, 1000]), profile()];
    const counter = new AllocationCounter(scriptedProfiler(profiles), () => readings.shift() as number);
    // two empty windows: 300 and 250 bytes of the probe's own
    counter.begin();
    expect(counter.end()).toBe(300);
    counter.begin();
    expect(counter.end()).toBe(250);
    counter.setOverhead([300, 250]);
    expect(counter.overheadPerWindow).toBe(250);
    expect(counter.total()).toBe(0);
    // (6000 - 2000) + (9000 - 1000) = 12000, and 2500 - 500 = 2000
    counter.begin();
    expect(counter.end()).toBe(12000);
    counter.begin();
    expect(counter.end()).toBe(2000);
    expect(counter.total()).toBe(12000 + 2000 - 2 * 250);
  });

  test('keeps the most heap used just before any collection: the exact peaks between readings', () => {
    const counter = new AllocationCounter(
      scriptedProfiler([profile([6000, 1000], [7500, 1200]), profile([4000, 900])]),
      () => 0,
    );
    expect(counter.heapUsedBeforeGcPeak).toBe(0);
    counter.begin();
    counter.end();
    counter.begin();
    counter.end();
    expect(counter.heapUsedBeforeGcPeak).toBe(7500);
  });

  test('an empty calibration means no overhead', () => {
    const counter = new AllocationCounter(scriptedProfiler([]), () => 0);
    counter.setOverhead([]);
    expect(counter.overheadPerWindow).toBe(0);
    expect(counter.total()).toBe(0);
  });

  test('measures a real window on this Node version', () => {
    const counter = new AllocationCounter();
    expect(counter.available).toBe(true);
    const empty: number[] = [];
    for (let i = 0; i < 5; i++) {
      counter.begin();
      empty.push(counter.end());
    }
    counter.setOverhead(empty);
    const fill = (into: number[][]): void => {
      for (let i = 0; i < 1000; i++) into.push(new Array<number>(128).fill(i));
    };
    // Twice outside the window first: compiling the loop (its code and
    // deoptimisation data live on the heap, up to ~300 KB) then happens here,
    // not inside the measured window (it read 1.38 MB once without this).
    fill([]);
    fill([]);
    const keep: number[][] = [];
    counter.begin();
    fill(keep);
    counter.end();
    // 1000 arrays of 128 slots: 1000 * (16 + 128 * 8 + 32) = 1.07 MB, plus the
    // growth of `keep` (< 20 KB). 1.0-1.2 MB leaves room for a scavenge's
    // promotion accounting.
    expect(counter.total()).toBeGreaterThan(1_000_000);
    expect(counter.total()).toBeLessThan(1_200_000);
    expect(keep.length).toBe(1000);
  });
});
