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
      batchSize: 1,
      sampleIntervalMs: workload.sampleInterval ?? PROCESS_SAMPLE_INTERVAL_MS,
      timeoutMs,
    };
  }
  const ops = workload.ops ?? config.defaults.ops;
  return {
    repeats,
    warmupOps: workload.warmupOps ?? config.defaults.warmupOps,
    ops,
    durationMs: workload.duration ?? null,
    // Without an explicit batch size, spread `checkpoints` heap checkpoints over the run.
    batchSize: workload.batchSize ?? Math.max(1, Math.ceil(ops / config.defaults.checkpoints)),
    sampleIntervalMs: workload.sampleInterval ?? config.defaults.sampleInterval,
    timeoutMs,
  };
}

/** The subset of RunSettings the child needs. */
export function toChildSettings(settings: RunSettings): ChildSettings {
  return {
    warmupOps: settings.warmupOps,
    ops: settings.ops,
    durationMs: settings.durationMs,
    batchSize: settings.batchSize,
    sampleIntervalMs: settings.sampleIntervalMs,
  };
}
