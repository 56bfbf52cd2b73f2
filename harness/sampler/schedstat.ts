// How long a thread waited for a CPU while it was runnable: Linux's
// per-task scheduler statistics (`/proc/<pid>/task/<tid>/schedstat`, or
// `/proc/thread-self/schedstat` from inside): time on a CPU, time waiting on
// a run queue, timeslices. This is contention as the measured thread felt
// it. System-wide pressure (PSI) also counts the measured process's own GC
// helper threads and memgate's sampler competing for a second core, which
// on a 2-core machine at rest reads 19–34% (docs/shared-runners.md).
import { readFileSync } from 'node:fs';
import type { CpuWait } from '../model/raw-run.js';

/** A thread's cumulative scheduler times, milliseconds. */
export interface SchedTimes {
  readonly runMs: number;
  readonly waitMs: number;
}

/** Parses "<on-cpu ns> <run-queue wait ns> <timeslices>"; null when malformed. */
export function parseSchedstat(text: string): SchedTimes | null {
  const [run, wait] = text.trim().split(/\s+/).map(Number);
  if (run === undefined || wait === undefined || !Number.isFinite(run) || !Number.isFinite(wait)) return null;
  return { runMs: run / 1e6, waitMs: wait / 1e6 };
}

/** Reads one schedstat file; null where the kernel has none (no CONFIG_SCHED_INFO, not Linux) or the task is gone. */
export function readSchedstat(file: string): SchedTimes | null {
  try {
    return parseSchedstat(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** What one or more threads spent between two readings (the later minus the earlier, never negative). */
export function schedDelta(before: SchedTimes, after: SchedTimes): CpuWait {
  return {
    runMs: Math.max(0, after.runMs - before.runMs),
    waitMs: Math.max(0, after.waitMs - before.waitMs),
  };
}

/** Adds up waits of several intervals or threads. */
export function addCpuWait(a: CpuWait, b: CpuWait): CpuWait {
  return { runMs: a.runMs + b.runMs, waitMs: a.waitMs + b.waitMs };
}

/** Share of the runnable time spent waiting for a CPU: wait ÷ (wait + run); null with no runnable time. */
export function waitShare(wait: CpuWait): number | null {
  const runnable = wait.runMs + wait.waitMs;
  return runnable > 0 ? wait.waitMs / runnable : null;
}

/** Each process's main thread (tid = pid): the threads a process workload's wall-clock figures mostly ride on. */
export function readMainThreads(pids: readonly number[]): Map<number, SchedTimes> {
  const times = new Map<number, SchedTimes>();
  for (const pid of pids) {
    const read = readSchedstat(`/proc/${pid}/task/${pid}/schedstat`);
    if (read) times.set(pid, read);
  }
  return times;
}

/** The summed wait of the processes read at both ends (a pid that exited or appeared in between is left out); null if none. */
export function mainThreadsWait(
  before: ReadonlyMap<number, SchedTimes>,
  after: ReadonlyMap<number, SchedTimes>,
): CpuWait | null {
  let total: CpuWait | null = null;
  for (const [pid, start] of before) {
    const end = after.get(pid);
    if (end) total = addCpuWait(total ?? { runMs: 0, waitMs: 0 }, schedDelta(start, end));
  }
  return total;
}
