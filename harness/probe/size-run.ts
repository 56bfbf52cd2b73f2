// Sizes a run by time: runs the operation in doubling rounds (1, 2, 4, ...
// ops) until one round lasts long enough to time, then picks the op count
// that fills the target time. It runs after warmup, as more warmup: the
// rounds are untimed for the report and allocate only what the op does.
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
 * A time-sized repeat runs its op count twice: once in checkpointed batches
 * (leaks, allocation, latency) and once in the natural GC phase (gc-phase.ts),
 * so each phase gets half of the time.
 */
export const PHASES_PER_REPEAT = 2;

/** The child's settings with a calibrated op count when the parent asked for one (ops 0 and a time). */
export async function sizeRun(
  settings: ChildSettings,
  op: OpFn<unknown>,
  state: unknown,
  ctx: MutableOpContext,
): Promise<ChildSettings> {
  if (settings.timeMs === null || settings.ops > 0 || settings.durationMs !== null) return settings;
  const ops = opsForTime(settings.timeMs / PHASES_PER_REPEAT, await timeOneOp(op, state, ctx));
  const batchSize = settings.batchSize > 0 ? settings.batchSize : Math.max(1, Math.ceil(ops / settings.checkpoints));
  return { ...settings, ops, batchSize };
}
