// Sizes a run by time: runs the operation in doubling rounds (1, 2, 4, ...
// ops) until one round lasts long enough to time, then picks the op count
// that fills the target time. It runs after warmup, as more warmup: the
// rounds are untimed for the report and allocate only what the op does.
// The first repeat times the op twice: after warmup for the natural phase,
// and after the calibration's forced collections for the batches.
import type { OpFn } from '../config/workload-schema.js';
import type { ChildSettings } from './protocol.js';
import { runWarmup, type MutableOpContext } from './op-loop.js';

/** A round this long times one operation to within a few percent on a busy machine. */
const TIMING_ROUND_MS = 25;
/** Fewest and most operations a calibration may pick (docs/running.md). */
const MIN_OPS = 20;
const MAX_OPS = 5_000_000;

/** Extra rounds at the final count; the fastest round is the one least disturbed by the machine. */
const CONFIRM_ROUNDS = 2;

/**
 * Milliseconds per operation: doubling rounds until one lasts TIMING_ROUND_MS
 * (or the cap), then CONFIRM_ROUNDS more of that count, taking the fastest.
 * On a busy runner one round can lose its core for longer than it lasts (seen
 * at load 8: a count 20 times too small), and a preempted round only ever
 * reads slower, never faster.
 */
export async function timeOneOp(op: OpFn<unknown>, state: unknown, ctx: MutableOpContext): Promise<number> {
  const timeRound = async (count: number): Promise<number> => {
    const started = performance.now();
    await runWarmup(op, state, ctx, count);
    return performance.now() - started;
  };
  for (let count = 1; ; count *= 2) {
    const elapsed = await timeRound(count);
    if (elapsed < TIMING_ROUND_MS && count < MAX_OPS) continue;
    let fastest = elapsed;
    for (let round = 0; round < CONFIRM_ROUNDS; round++) fastest = Math.min(fastest, await timeRound(count));
    return fastest / count;
  }
}

/** The op count that fills `timeMs` at `msPerOp`, within [MIN_OPS, MAX_OPS]. */
export function opsForTime(timeMs: number, msPerOp: number): number {
  if (!(msPerOp > 0)) return MAX_OPS;
  return Math.min(MAX_OPS, Math.max(MIN_OPS, Math.round(timeMs / msPerOp)));
}

/**
 * A time-sized repeat runs ops in two phases: the natural GC phase
 * (natural-phase.ts) and the checkpointed batches (leaks, allocation), so
 * each phase gets half of the time.
 */
export const PHASES_PER_REPEAT = 2;

/** True when this repeat sizes the run: a time and no op count or duration yet (the first repeat). */
export function isSizingRun(settings: ChildSettings): settings is ChildSettings & { readonly timeMs: number } {
  return settings.timeMs !== null && settings.ops === 0 && settings.durationMs === null;
}

/** The settings with a batch op count, checkpoints spread over it unless a batch size was given. */
function withBatchOps(settings: ChildSettings, requested: ChildSettings, ops: number): ChildSettings {
  const batchSize = requested.batchSize > 0 ? requested.batchSize : Math.max(1, Math.ceil(ops / settings.checkpoints));
  return { ...settings, ops, batchSize };
}

/** The child's settings with a calibrated op count when the parent asked for one (ops 0 and a time). */
export async function sizeRun(
  settings: ChildSettings,
  op: OpFn<unknown>,
  state: unknown,
  ctx: MutableOpContext,
): Promise<ChildSettings> {
  if (!isSizingRun(settings)) return settings;
  return withBatchOps(
    settings,
    settings,
    opsForTime(settings.timeMs / PHASES_PER_REPEAT, await timeOneOp(op, state, ctx)),
  );
}

/**
 * Pure: the checkpointed batches' op count, from the op's pace once the
 * checkpoints' forced collections have run: the natural phase's count, or
 * fewer when the op has slowed down so much that count would take more than
 * its half of the time. Never more: a faster pace after the collections is
 * only the machine's noise.
 */
export function batchOpsForTime(naturalOps: number, timeMs: number, msPerOpAfterCollections: number): number {
  return Math.min(naturalOps, opsForTime(timeMs / PHASES_PER_REPEAT, msPerOpAfterCollections));
}

/**
 * Re-sizes the batches of a sizing repeat (sizeRun's count, `sized.ops`),
 * run after the calibration's forced collections. Some operations run 2-3×
 * slower from then on (measured: lru-cache 2.9 -> 4.5 µs, http-loopback 78
 * -> 190 µs; docs/running.md): the count sized before them would make the
 * batches last two or three times their half of the time. The other repeats
 * run the count chosen here (the parent reads it from this repeat's ops).
 */
export async function sizeBatches(
  requested: ChildSettings,
  sized: ChildSettings,
  op: OpFn<unknown>,
  state: unknown,
  ctx: MutableOpContext,
): Promise<ChildSettings> {
  if (!isSizingRun(requested)) return sized;
  const ops = batchOpsForTime(sized.ops, requested.timeMs, await timeOneOp(op, state, ctx));
  return ops === sized.ops ? sized : withBatchOps(sized, requested, ops);
}
