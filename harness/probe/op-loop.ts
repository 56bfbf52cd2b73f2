// The operation loops. They run between the probe's readings, so they must
// allocate nothing per operation: one reused context object, no closures,
// latency recorded natively by the histogram, and a sync result is never
// awaited (awaiting would add a promise and a microtask per operation).
import type { RecordableHistogram } from 'node:perf_hooks';
import type { OpFn } from '../config/workload-schema.js';

/** The one OpContext handed to every call; workloads must not keep it across calls. */
export interface MutableOpContext {
  index: number;
  warmup: boolean;
}

// Duration mode reads the clock only every 16 ops: a clock read boxes a number (16 bytes).
const CLOCK_CHECK_MASK = 15;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Runs `count` operations untimed, with indices from `first`. */
export async function runUntimed(
  op: OpFn<unknown>,
  state: unknown,
  ctx: MutableOpContext,
  count: number,
  first: number,
  warmup: boolean,
): Promise<void> {
  ctx.warmup = warmup;
  for (let i = 0; i < count; i++) {
    ctx.index = first + i;
    const result = op(state, ctx);
    if (isThenable(result)) await result;
  }
}

/** Warmup: runs `count` operations, untimed. */
export function runWarmup(op: OpFn<unknown>, state: unknown, ctx: MutableOpContext, count: number): Promise<void> {
  return runUntimed(op, state, ctx, count, 0, true);
}

/** When a batch ends: ops mode gives `count` only; duration mode adds the clock limits. */
export interface BatchLimits {
  /** Operations in the batch (ops mode), or the fewest before it may end (duration mode). */
  count: number;
  /** Duration mode: the batch may not end before performance.now() reaches this. */
  minUntil: number;
  /** Duration mode: the batch ends once performance.now() passes this (the run's time is spent). */
  deadline: number;
}

/**
 * Runs measured operations from index `first` until the limits say stop;
 * returns how many ran. In ops mode exactly `limits.count`.
 */
export async function runBatch(
  op: OpFn<unknown>,
  state: unknown,
  ctx: MutableOpContext,
  histogram: RecordableHistogram | null,
  first: number,
  limits: BatchLimits,
): Promise<number> {
  ctx.warmup = false;
  const checkClock = limits.deadline !== Infinity;
  const { count, minUntil, deadline } = limits;
  histogram?.recordDelta();
  if (count === 0 && !checkClock) return 0;
  let done = 0;
  for (;;) {
    ctx.index = first + done;
    const result = op(state, ctx);
    if (isThenable(result)) await result;
    histogram?.recordDelta();
    done++;
    if (!checkClock) {
      if (done >= count) return done;
    } else if ((done & CLOCK_CHECK_MASK) === 0) {
      const now = performance.now();
      if (now >= deadline || (done >= count && now >= minUntil)) return done;
    }
  }
}
