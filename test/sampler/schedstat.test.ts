// Scheduler statistics: the exact text format, the deltas, and a live
// reading of this process's own main thread.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addCpuWait,
  mainThreadsWait,
  parseSchedstat,
  readMainThreads,
  readSchedstat,
  schedDelta,
  waitShare,
} from '../../harness/sampler/schedstat.js';

describe('parseSchedstat', () => {
  it('reads on-CPU and run-queue nanoseconds as milliseconds', () => {
    expect(parseSchedstat('992321000 4000000 17\n')).toEqual({ runMs: 992.321, waitMs: 4 });
  });

  it('gives null for text that is not schedstat', () => {
    expect(parseSchedstat('')).toBeNull();
    expect(parseSchedstat('abc def')).toBeNull();
  });
});

describe('deltas and shares', () => {
  it('subtracts two readings and never goes negative', () => {
    expect(schedDelta({ runMs: 10, waitMs: 5 }, { runMs: 70, waitMs: 25 })).toEqual({ runMs: 60, waitMs: 20 });
    expect(schedDelta({ runMs: 10, waitMs: 5 }, { runMs: 9, waitMs: 5 })).toEqual({ runMs: 0, waitMs: 0 });
  });

  it('adds intervals and gives the waiting share of runnable time', () => {
    const total = addCpuWait({ runMs: 60, waitMs: 20 }, { runMs: 15, waitMs: 5 });
    expect(total).toEqual({ runMs: 75, waitMs: 25 });
    expect(waitShare(total)).toBe(0.25);
    expect(waitShare({ runMs: 0, waitMs: 0 })).toBeNull();
  });

  it('sums the processes read at both ends only', () => {
    const before = new Map([
      [1, { runMs: 0, waitMs: 0 }],
      [2, { runMs: 100, waitMs: 10 }],
      [3, { runMs: 5, waitMs: 5 }],
    ]);
    const after = new Map([
      [1, { runMs: 50, waitMs: 10 }],
      [2, { runMs: 130, waitMs: 30 }],
      [4, { runMs: 999, waitMs: 999 }],
    ]);
    expect(mainThreadsWait(before, after)).toEqual({ runMs: 80, waitMs: 30 });
    expect(mainThreadsWait(new Map(), after)).toBeNull();
  });
});

const hasSchedstat = (() => {
  try {
    readFileSync('/proc/thread-self/schedstat');
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(hasSchedstat)('live readings (Linux)', () => {
  it("counts this thread's CPU time as it spins", () => {
    const before = readSchedstat('/proc/thread-self/schedstat');
    const until = performance.now() + 30;
    while (performance.now() < until);
    const after = readSchedstat('/proc/thread-self/schedstat');
    expect(before).not.toBeNull();
    // 30 ms of spinning is at least some on-CPU time, however busy the machine.
    expect(schedDelta(before!, after!).runMs).toBeGreaterThan(0);
  });

  it("reads a process's main thread by pid and skips pids that are gone", () => {
    const times = readMainThreads([process.pid, 2 ** 22 + 7]);
    expect([...times.keys()]).toEqual([process.pid]);
  });
});
