// Measures workloads: R fresh processes each, one after another (parallel
// children would measure each other's noise), then derivation, leak analysis
// and, when something leaks or --diagnose asks, a diagnosis run.
import type { ResolvedConfig } from '../config/schema.js';
import { diagnoseWorkload } from '../diagnose/index.js';
import { MemgateError } from '../errors.js';
import { deriveMeasurement } from '../metrics/derive.js';
import type { Measurement, RunSettings } from '../model/measurement.js';
import type { RawRun } from '../model/raw-run.js';
import type { EnvFingerprint } from '../model/report.js';
import { median } from '../stats/index.js';
import { runInProcessRepeat } from '../runner/child.js';
import { readEnvFingerprint } from '../runner/fingerprint.js';
import { runProcessRepeat } from '../runner/process-repeat.js';
import { resolveLeakLimits } from '../config/leak-limits.js';
import { resolveRunSettings } from '../workload/settings.js';
import type { LoadedWorkload, ProgressEvent, WorkloadResult } from '../workload/types.js';

export interface MeasureOptions {
  /** Overrides the workload's and config's repeats (--repeats). */
  readonly repeats?: number | undefined;
  /** Diagnose even when nothing leaks (--diagnose). */
  readonly diagnose?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** Environment fingerprint; read once per process when not given. */
  readonly env?: EnvFingerprint | undefined;
}

interface Position {
  readonly index: number;
  readonly count: number;
}

let cachedEnv: EnvFingerprint | undefined;

/** Runs every repeat of one workload and derives its measurement; a failed repeat makes an `ok: false` result. */
export async function measureWorkload(
  workload: LoadedWorkload,
  config: ResolvedConfig,
  options: MeasureOptions = {},
  position: Position = { index: 0, count: 1 },
): Promise<WorkloadResult> {
  const settings = resolveRunSettings(workload.definition, config, options.repeats);
  const runs: RawRun[] = [];
  try {
    for (let repeat = 0; repeat < settings.repeats; repeat++) {
      progress(options, workload, position, repeat + 1, settings.repeats, 'start');
      runs.push(await runRepeat(workload, config, settings, repeat, options.signal));
      progress(options, workload, position, repeat + 1, settings.repeats, 'done');
    }
  } catch (error) {
    if (options.signal?.aborted) throw interrupted(error);
    return { workload, ok: false, error: toFailure(error), runs };
  }
  let measurement: Measurement;
  try {
    measurement = deriveMeasurement(runs, {
      workload: workload.name,
      kind: workload.kind,
      file: workload.relativeFile,
      definitionHash: workload.definitionHash,
      settings: withAchievedOps(settings, runs),
      env: options.env ?? (cachedEnv ??= readEnvFingerprint()),
      customMetrics: workload.definition.customMetrics,
      leakLimits: resolveLeakLimits(config, workload.definition),
    });
  } catch (error) {
    return { workload, ok: false, error: toFailure(error), runs };
  }
  return {
    workload,
    ok: true,
    measurement: await maybeDiagnose(workload, config, measurement, options, position),
    runs,
  };
}

/** Measures workloads one after another; one that fails does not stop the others (Ctrl-C does). */
export async function measureAll(
  workloads: readonly LoadedWorkload[],
  config: ResolvedConfig,
  options: MeasureOptions = {},
): Promise<WorkloadResult[]> {
  const env = options.env ?? (cachedEnv ??= readEnvFingerprint());
  const results: WorkloadResult[] = [];
  for (const [index, workload] of workloads.entries()) {
    results.push(await measureWorkload(workload, config, { ...options, env }, { index, count: workloads.length }));
  }
  return results;
}

function runRepeat(
  workload: LoadedWorkload,
  config: ResolvedConfig,
  settings: RunSettings,
  repeatIndex: number,
  signal: AbortSignal | undefined,
): Promise<RawRun> {
  if (workload.kind === 'process')
    return runProcessRepeat(workload, config, { repeatIndex, ...(signal ? { signal } : {}) });
  return runInProcessRepeat(workload, config, { repeatIndex, diagnose: null, signal, settings });
}

async function maybeDiagnose(
  workload: LoadedWorkload,
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
    return {
      ...measurement,
      notes: [...measurement.notes, `diagnosis failed: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

// Duration-based workloads run as many ops as fit: report the median achieved.
function withAchievedOps(settings: RunSettings, runs: readonly RawRun[]): RunSettings {
  if (settings.durationMs === null || runs.length === 0) return settings;
  return { ...settings, ops: median(runs.map((run) => run.ops)) };
}

function toFailure(error: unknown): { message: string; stderr: string } {
  const stderr = typeof (error as { stderr?: unknown }).stderr === 'string' ? (error as { stderr: string }).stderr : '';
  if (error instanceof MemgateError) return { message: error.message, stderr };
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `memgate failed while measuring: ${message}`,
    stderr: error instanceof Error && !stderr ? (error.stack ?? '') : stderr,
  };
}

function interrupted(error: unknown): MemgateError {
  return new MemgateError('CHILD_FAILED', 'interrupted: measuring stopped and every child process was killed', {
    cause: error,
  });
}

function progress(
  options: MeasureOptions,
  workload: LoadedWorkload,
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
