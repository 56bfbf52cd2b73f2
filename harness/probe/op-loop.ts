// The operation loops. They run between the probe's readings, so they must
// allocate nothing per operation: one reused context object, no closures,
// latency recorded natively by the histogram, and a sync result is never
// awaited (awaiting would add a promise and a microtask per operation).
import type { RecordableHistogram } from 'node:perf_hooks';
import type { OpContext, OpFn } from '../workload/schema.js';

/** The one OpContext handed to every call; workloads must not keep it across calls. */
export interface MutableOpContext {
  index: number;
  warmup: boolean;
}

// Duration mode reads the clock only every CLOCK_CHECK_EVERY ops: a clock read boxes a number.
const CLOCK_CHECK_MASK = 15;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** Warmup: runs `count` operations, untimed. */
export async function runWarmup(op: OpFn<unknown>, state: unknown, ctx: MutableOpContext, count: number): Promise<void> {
  ctx.warmup = true;
  for (let i = 0; i < count; i++) {
    ctx.index = i;
    const result = op(state, ctx as OpContext);
    if (isThenable(result)) await result;
  }
}

/**
 * Runs up to `count` measured operations starting at index `first`, stopping
 * early once performance.now() passes `deadline`; returns how many ran.
 */
export async function runBatch(
  op: OpFn<unknown>,
  state: unknown,
  ctx: MutableOpContext,
  histogram: RecordableHistogram,
  first: number,
  count: number,
  deadline: number,
): Promise<number> {
  ctx.warmup = false;
  const checkClock = deadline !== Infinity;
  histogram.recordDelta();
  let done = 0;
  while (done < count) {
    ctx.index = first + done;
    const result = op(state, ctx as OpContext);
    if (isThenable(result)) await result;
    histogram.recordDelta();
    done++;
    if (checkClock && (done & CLOCK_CHECK_MASK) === 0 && performance.now() >= deadline) break;
  }
  return done;
}
