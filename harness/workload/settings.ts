// Resolves what one workload runs with: config defaults overridden by the
// workload's own settings. Pure: no I/O.
import type { ResolvedConfig } from '../config/schema.js';
import type { RunSettings } from '../model/measurement.js';
import type { ChildSettings } from '../probe/protocol.js';
import { isProcessWorkload, type Workload } from '../config/workload-schema.js';

/** Process workloads are sampled from outside every 100 ms unless they say otherwise. */
const PROCESS_SAMPLE_INTERVAL_MS = 100;
/** Process workloads without a driver run this long (docs/processes.md). */
const PROCESS_DEFAULT_DURATION_MS = 5000;

/** Settings for one workload; `repeats` from the command line wins over everything. */
export function resolveRunSettings(workload: Workload, config: ResolvedConfig, repeatsOverride?: number): RunSettings {
  const repeats = repeatsOverride ?? workload.repeats ?? config.repeats;
  const timeoutMs = workload.timeout ?? config.timeout;
  if (isProcessWorkload(workload)) {
    const durationMs =
      workload.drive?.duration ??
      (workload.drive?.ops === undefined ? (workload.duration ?? PROCESS_DEFAULT_DURATION_MS) : null);
    return {
      repeats,
      warmupOps: 0,
      ops: workload.drive?.ops ?? 0,
      durationMs,
      timeMs: null,
      batchSize: 1,
      checkpoints: 1,
      sampleIntervalMs: workload.sampleInterval ?? PROCESS_SAMPLE_INTERVAL_MS,
      timeoutMs,
    };
  }
  const fixedOps = workload.ops ?? config.defaults.ops;
  const durationMs = workload.duration ?? null;
  // Neither ops nor duration: the first repeat calibrates the op count for `time` (withCalibratedOps).
  const timeMs = fixedOps === undefined && durationMs === null ? (workload.time ?? config.defaults.time) : null;
  const checkpoints = config.defaults.checkpoints;
  const ops = fixedOps ?? 0;
  return {
    repeats,
    warmupOps: workload.warmupOps ?? config.defaults.warmupOps,
    ops,
    durationMs,
    timeMs,
    batchSize: workload.batchSize ?? batchSizeFor(ops, checkpoints, durationMs !== null),
    checkpoints,
    sampleIntervalMs: workload.sampleInterval ?? config.defaults.sampleInterval,
    timeoutMs,
  };
}

// Without an explicit batch size, spread `checkpoints` heap checkpoints over the run.
function batchSizeFor(ops: number, checkpoints: number, byDuration: boolean): number {
  if (ops === 0) return byDuration ? 1 : 0;
  return Math.max(1, Math.ceil(ops / checkpoints));
}

/** True when the op count still has to be calibrated by a first repeat. */
export function needsCalibration(settings: RunSettings): boolean {
  return settings.timeMs !== null && settings.ops === 0;
}

/** True when a time-sized run's natural phase length is still to be decided by a first repeat. */
export function needsNaturalSizing(settings: RunSettings): boolean {
  return settings.timeMs !== null && settings.naturalOps === undefined;
}

/**
 * The settings of a time-sized run once its op counts are known (from the
 * first repeat, or from the baseline so both sides run the same counts).
 * An explicit batch size stays; otherwise the checkpoints are spread over
 * the ops. Counts already known are kept.
 */
export function withCalibratedOps(settings: RunSettings, ops: number, naturalOps?: number): RunSettings {
  let sized = settings;
  if (needsCalibration(sized)) {
    const batchSize = sized.batchSize > 0 ? sized.batchSize : batchSizeFor(ops, sized.checkpoints, false);
    sized = { ...sized, ops, batchSize };
  }
  if (needsNaturalSizing(sized) && naturalOps !== undefined && naturalOps > 0) sized = { ...sized, naturalOps };
  return sized;
}

/** The subset of RunSettings the child needs. */
export function toChildSettings(settings: RunSettings): ChildSettings {
  return {
    warmupOps: settings.warmupOps,
    ops: settings.ops,
    durationMs: settings.durationMs,
    batchSize: settings.batchSize,
    timeMs: settings.timeMs,
    naturalOps: settings.naturalOps ?? 0,
    checkpoints: settings.checkpoints,
    sampleIntervalMs: settings.sampleIntervalMs,
    repeats: settings.repeats,
  };
}
