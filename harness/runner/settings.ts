// Resolves what one workload runs with: config defaults overridden by the
// workload's own settings. Pure: no I/O.
import type { ResolvedConfig } from '../config/schema.js';
import type { LeakInput } from '../config/fields.js';
import { parseMetricValue } from '../config/units.js';
import type { LeakLimits } from '../metrics/leak.js';
import type { RunSettings } from '../metrics/measurement.js';
import type { ChildSettings } from '../probe/protocol.js';
import { isProcessWorkload, type Workload } from '../workload/schema.js';

/** Process workloads are sampled from outside every 100 ms unless they say otherwise. */
const PROCESS_SAMPLE_INTERVAL_MS = 100;
/** Process workloads without a driver run this long (see docs/process.md). */
const PROCESS_DEFAULT_DURATION_MS = 5000;

/**
 * Leak limits when neither the config nor the workload sets them: the
 * trading-bot team's sentinel numbers (USERS.md), 0.1 MB/min of memory and
 * 0.1 FD/min, and no handle left behind.
 */
export const DEFAULT_LEAK_LIMITS = {
  heapRate: '0.1MB/min',
  rssRate: '0.1MB/min',
  externalRate: '0.1MB/min',
  fdRate: '0.1/min',
  handlesGrowth: 0,
} as const;

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

/**
 * Leak limits in base units (bytes/min, count/min, count): the workload's
 * `leak` keys override the config's, which override DEFAULT_LEAK_LIMITS.
 * Throws a TypeError naming the key when a value cannot be read.
 */
export function resolveLeakLimits(
  config: Pick<ResolvedConfig, 'leak'>,
  workload: Pick<Workload, 'leak'> | undefined,
): LeakLimits {
  const merged: LeakInput = { ...config.leak, ...definedOnly(workload?.leak ?? {}) };
  return {
    enabled: merged.enabled ?? true,
    heapRate: readLimit(merged.heapRate ?? DEFAULT_LEAK_LIMITS.heapRate, 'bytes/min', `leak.heapRate`),
    heapPerOp: merged.heapPerOp === undefined ? null : readLimit(merged.heapPerOp, 'bytes/op', `leak.heapPerOp`),
    rssRate: readLimit(merged.rssRate ?? DEFAULT_LEAK_LIMITS.rssRate, 'bytes/min', `leak.rssRate`),
    externalRate: readLimit(DEFAULT_LEAK_LIMITS.externalRate, 'bytes/min', `leak.externalRate`),
    fdRate: readLimit(merged.fdRate ?? DEFAULT_LEAK_LIMITS.fdRate, 'count/min', `leak.fdRate`),
    handlesGrowth: merged.handlesGrowth ?? DEFAULT_LEAK_LIMITS.handlesGrowth,
  };
}

function readLimit(value: string | number, unit: string, key: string): number {
  let parsed: number;
  try {
    parsed = parseMetricValue(value, unit);
  } catch (error) {
    throw new TypeError(`${key}: ${(error as Error).message} (unit ${unit}) — fix the value`, { cause: error });
  }
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new TypeError(
      `${key}: expected a non-negative ${unit} value such as "0.1MB/min", got ${JSON.stringify(value)} — fix the value`,
    );
  return parsed;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
