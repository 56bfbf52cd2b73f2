// The load driver: calls the workload's `drive.op` from the memgate process,
// at a fixed rate or as fast as `concurrency` allows, and records latency in
// an HDR histogram (perf_hooks), so 20,000 or 20 million operations cost the
// same memory.
import { messageOf } from '../../errors.js';
import { createHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarizeLatency } from '../../probe/latency.js';
import type { RawRun } from '../../model/raw-run.js';
import type { DriveContext } from '../../config/workload-schema.js';

export interface DrivePlan {
  readonly op: (ctx: DriveContext) => unknown;
  /** Operations per second; null = as fast as `concurrency` allows. */
  readonly ratePerSec: number | null;
  /** Stop after this many operations (null = no count limit). */
  readonly ops: number | null;
  /** Stop after this long (null = no time limit). */
  readonly durationMs: number | null;
  readonly concurrency: number;
  readonly port: number | undefined;
  /** Several processes: each one's ready port by name (empty otherwise). */
  readonly ports?: Readonly<Record<string, number>>;
  readonly pid: number;
}

export interface DriveResult {
  /** Operations attempted (succeeded + failed). */
  readonly ops: number;
  readonly errors: number;
  readonly wallMs: number;
  readonly latency: NonNullable<RawRun['latency']> | null;
  /** Behind schedule by more than the allowed lag this many times (the backlog was dropped). */
  readonly lagResets: number;
  readonly firstError: string | null;
}

/**
 * How far behind schedule the driver may fall before it drops the backlog
 * instead of bursting to catch up: two periods. A stalled service then sees
 * at most two back-to-back operations, not a flood that would measure
 * memgate's catch-up rather than the service at the configured rate.
 */
const MAX_LAG_PERIODS = 2;

export async function runDriver(plan: DrivePlan, stop: AbortSignal): Promise<DriveResult> {
  const histogram = createHistogram();
  const start = performance.now();
  const periodMs = plan.ratePerSec ? 1000 / plan.ratePerSec : 0;
  const state = { next: 0, done: 0, base: start, errors: 0, lagResets: 0, firstError: null as string | null };

  const isOver = (index: number): boolean =>
    stop.aborted ||
    (plan.ops !== null && index >= plan.ops) ||
    (plan.durationMs !== null && performance.now() - start >= plan.durationMs);

  // Each worker claims the next index, waits for its slot, runs it, repeats.
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = state.next;
      if (isOver(index)) return;
      state.next += 1;
      if (periodMs > 0 && !(await waitForSlot(index))) return;
      const began = process.hrtime.bigint();
      try {
        await plan.op({ index, port: plan.port, ports: plan.ports ?? {}, pid: plan.pid });
        histogram.record(Math.max(1, Number(process.hrtime.bigint() - began)));
      } catch (error) {
        state.errors += 1;
        state.firstError ??= messageOf(error);
      }
      state.done += 1;
    }
  };

  // Schedules op i at base + i * period; returns false when stopped or out of time while waiting.
  const waitForSlot = async (index: number): Promise<boolean> => {
    const due = state.base + index * periodMs;
    const wait = due - performance.now();
    if (wait > 0) {
      if (plan.durationMs !== null && due - start >= plan.durationMs) return false;
      try {
        await sleep(wait, undefined, { signal: stop });
      } catch {
        return false;
      }
      return !stop.aborted;
    }
    if (-wait > MAX_LAG_PERIODS * periodMs) {
      state.base += -wait;
      state.lagResets += 1;
    }
    return true;
  };

  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  return {
    ops: state.done,
    errors: state.errors,
    wallMs: performance.now() - start,
    latency: summarizeLatency(histogram, state.errors),
    lagResets: state.lagResets,
    firstError: state.firstError,
  };
}
