// The measuring half of the pipeline: R fresh processes per workload, one
// after another (parallel children would measure each other's noise), then
// derivation with leak analysis and, when something leaks or --diagnose
// asks, a diagnosis run.
import type { ResolvedConfig } from '../config/schema.js';
import { diagnoseWorkload } from '../diagnose/index.js';
import { MemgateError, messageOf } from '../errors.js';
import { deriveMeasurement } from '../metrics/derive.js';
import type { Measurement, RunSettings } from '../model/measurement.js';
import type { RawRun } from '../model/raw-run.js';
import type { EnvFingerprint } from '../model/report.js';
import { readEnvFingerprint } from '../runner/fingerprint.js';
import { median } from '../stats/index.js';
import { needsCalibration, needsNaturalSizing, withCalibratedOps } from '../workload/settings.js';
import type { ResolvedWorkload } from '../workload/types.js';
import type { ProgressEvent, WorkloadFailure, WorkloadResult } from './types.js';
import type { RepeatPressure } from '../compare/contention.js';
import { rerunBudget, runWatchedRepeat } from './watched-repeat.js';
import { extendUndecidedLeaks } from './extend-leaks.js';

export interface MeasureOptions {
  /** Diagnose even when nothing leaks (--diagnose). */
  readonly diagnose?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** Environment fingerprint; read once per process when not given. */
  readonly env?: EnvFingerprint | undefined;
}

export interface Position {
  readonly index: number;
  readonly count: number;
}

let cachedEnv: EnvFingerprint | undefined;

/** The environment fingerprint of this machine, read once. */
export function currentEnv(): EnvFingerprint {
  return (cachedEnv ??= readEnvFingerprint());
}

/** Runs every repeat of one workload and derives its measurement; a failed repeat makes an `ok: false` result. */
export async function measureWorkload(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: MeasureOptions = {},
  position: Position = { index: 0, count: 1 },
): Promise<WorkloadResult> {
  const { repeats } = workload.settings;
  const runs: RawRun[] = [];
  const pressure: RepeatPressure[] = [];
  const budget = rerunBudget(workload);
  let sized = workload;
  try {
    for (let repeat = 0; repeat < repeats; repeat++) {
      progress(options, workload, position, repeat + 1, repeats, 'start');
      const repeatOptions = { repeatIndex: repeat, signal: options.signal };
      let watched = await runWatchedRepeat(sized, config, repeatOptions, budget);
      // A time-sized run calibrates in its first repeat; the others run the same op counts. The
      // calibration's timing rounds run before that repeat's natural phase and no other's: on
      // lru-cache its young generation then grew first, and it read 62-70 scavenges where every
      // later repeat read 93-95 for the same ops (3 recordings of 3); with `repeats: 1` a compare
      // of unchanged code failed gc.count +53%. So the sizing repeat only sizes the run, and is
      // measured again at the decided counts like every other repeat.
      if (needsCalibration(sized.settings) || needsNaturalSizing(sized.settings)) {
        sized = withOps(sized, watched.run.ops, watched.run.naturalPhase?.ops);
        watched = await runWatchedRepeat(sized, config, repeatOptions, budget);
      }
      runs.push(watched.run);
      pressure.push(watched.pressure);
      progress(options, workload, position, repeat + 1, repeats, 'done');
    }
  } catch (error) {
    if (options.signal?.aborted) throw interrupted(error);
    return { workload: sized, ok: false, error: toFailure(error), runs };
  }
  const result = deriveResult(sized, runs, { env: options.env ?? currentEnv() });
  if (!result.ok) return result;
  let measurement: Measurement;
  try {
    measurement = await extendUndecidedLeaks(sized, config, result.measurement, runs, {
      signal: options.signal,
      onRepeat: (repeat, count) => progress(options, workload, position, repeat, count, 'extend'),
    });
  } catch (error) {
    if (options.signal?.aborted) throw interrupted(error);
    return { workload: sized, ok: false, error: toFailure(error), runs };
  }
  return {
    ...result,
    pressure,
    measurement: await maybeDiagnose(sized, config, measurement, options, position),
  };
}

/** The workload measured once more to confirm a verdict (compare) or a move (update): no diagnosis, progress as `confirm`. */
export function measureAgain(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: MeasureOptions,
  position: Position,
): Promise<WorkloadResult> {
  const { onProgress } = options;
  return measureWorkload(
    workload,
    config,
    { ...options, diagnose: false, onProgress: onProgress && ((event) => onProgress({ ...event, phase: 'confirm' })) },
    position,
  );
}

/** The workload with a time-sized run's op counts fixed (calibrated, or taken from its baseline). */
export function withOps(workload: ResolvedWorkload, ops: number, naturalOps?: number): ResolvedWorkload {
  return { ...workload, settings: withCalibratedOps(workload.settings, ops, naturalOps) };
}

/** Measures workloads one after another; one that fails does not stop the others (Ctrl-C does). */
export async function measureAll(
  workloads: readonly ResolvedWorkload[],
  config: ResolvedConfig,
  options: MeasureOptions = {},
): Promise<WorkloadResult[]> {
  const env = options.env ?? currentEnv();
  const results: WorkloadResult[] = [];
  for (const [index, workload] of workloads.entries()) {
    results.push(await measureWorkload(workload, config, { ...options, env }, { index, count: workloads.length }));
  }
  return results;
}

export interface DeriveOptions {
  readonly env: EnvFingerprint;
  /** The settings the runs were made with, when not the workload's own (a soak sets its duration). */
  readonly settings?: RunSettings;
}

/** Runs -> measurement with leak findings: the derive stage that every mode, soak included, goes through. */
export function deriveResult(
  workload: ResolvedWorkload,
  runs: readonly RawRun[],
  options: DeriveOptions,
): WorkloadResult {
  try {
    const measurement = deriveMeasurement([...runs], {
      workload: workload.name,
      kind: workload.kind,
      file: workload.relativeFile,
      definitionHash: workload.definitionHash,
      settings: options.settings ?? withAchievedOps(workload.settings, runs),
      env: options.env,
      customMetrics: workload.definition.customMetrics,
      leakLimits: workload.leakLimits,
    });
    return { workload, ok: true, measurement, runs };
  } catch (error) {
    return { workload, ok: false, error: toFailure(error), runs };
  }
}

async function maybeDiagnose(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  measurement: Measurement,
  options: MeasureOptions,
  position: Position,
): Promise<Measurement> {
  const leaking = measurement.leaks.some((finding) => finding.status === 'leaking');
  if (!leaking && !options.diagnose) return measurement;
  progress(options, workload, position, 1, 1, 'diagnose');
  try {
    const diagnosis = await diagnoseWorkload(workload, config, measurement.leaks, {
      requested: options.diagnose === true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { ...measurement, diagnosis };
  } catch (error) {
    if (options.signal?.aborted) throw interrupted(error);
    return { ...measurement, notes: [...measurement.notes, `diagnosis failed: ${messageOf(error)}`] };
  }
}

// Duration-based workloads run as many ops as fit: report the median achieved.
function withAchievedOps(settings: RunSettings, runs: readonly RawRun[]): RunSettings {
  if (settings.durationMs === null || runs.length === 0) return settings;
  return { ...settings, ops: median(runs.map((run) => run.ops)) };
}

function toFailure(error: unknown): WorkloadFailure {
  const stderr = typeof (error as { stderr?: unknown }).stderr === 'string' ? (error as { stderr: string }).stderr : '';
  if (error instanceof MemgateError) return { message: error.message, stderr };
  return {
    message: `memgate failed while measuring: ${messageOf(error)}`,
    stderr: error instanceof Error && !stderr ? (error.stack ?? '') : stderr,
  };
}

export function interrupted(error: unknown): MemgateError {
  return new MemgateError('CHILD_FAILED', 'interrupted: measuring stopped and every child process was killed', {
    cause: error,
  });
}

function progress(
  options: MeasureOptions,
  workload: ResolvedWorkload,
  position: Position,
  repeat: number,
  repeats: number,
  phase: ProgressEvent['phase'],
): void {
  options.onProgress?.({
    workload: workload.name,
    workloadIndex: position.index,
    workloadCount: position.count,
    repeat,
    repeats,
    phase,
  });
}
