// The pipeline, in the order a reader follows one workload: repeats ->
// derive -> leaks -> diagnose (measure.ts) -> compare -> confirm -> report
// entry, then the report. `run`, `compare`, `update` and `memgate/api` call
// this; `soak` runs its own long repeat and joins at the derive stage.
import type { Baseline } from '../baseline/schema.js';
import { applyConfirmation, noteFailedConfirmation, pendingConfirmation } from '../compare/confirm.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Report, WorkloadReport } from '../model/report.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { assembleReport, reportEntry, type ReportContext } from './build-report.js';
import { currentEnv, measureWorkload, type MeasureOptions, type Position } from './measure.js';
import type { WorkloadResult } from './types.js';

export interface PipelineOptions extends MeasureOptions {
  /** `run`: budgets and leaks only. `compare`: against `baselines`, confirming noisy failures. */
  readonly mode: 'run' | 'compare';
  /** compare: each workload's committed baseline (absent: the workload is new). */
  readonly baselines?: ReadonlyMap<string, Baseline | undefined>;
  /** compare: gate noisy metrics despite an environment mismatch. */
  readonly strict?: boolean;
  /** Commit, branch and time for the report; the environment is read here when not given. */
  readonly context: Omit<ReportContext, 'env'> & { readonly env?: ReportContext['env'] };
}

export interface PipelineOutcome {
  readonly report: Report;
  /** What was measured (the first measurement of each workload): `update` records these. */
  readonly results: readonly WorkloadResult[];
}

/** Measures, judges and reports every workload, one after another. */
export async function runPipeline(
  workloads: readonly ResolvedWorkload[],
  config: ResolvedConfig,
  options: PipelineOptions,
): Promise<PipelineOutcome> {
  const env = options.context.env ?? options.env ?? currentEnv();
  const measure: MeasureOptions = { ...options, env };
  const results: WorkloadResult[] = [];
  const entries: WorkloadReport[] = [];
  for (const [index, workload] of workloads.entries()) {
    const position = { index, count: workloads.length };
    const result = await measureWorkload(workload, config, measure, position);
    results.push(result);
    const baseline = options.baselines?.get(workload.name);
    const entry = reportEntry(result, { mode: options.mode, baseline, strict: options.strict });
    const confirmable = options.mode === 'compare' && result.ok && baseline !== undefined;
    entries.push(confirmable ? await confirm(workload, config, entry, { ...options, measure, position }) : entry);
  }
  return { report: assembleReport(entries, { ...options.context, env }, options.mode), results };
}

interface ConfirmOptions extends PipelineOptions {
  readonly measure: MeasureOptions;
  readonly position: Position;
}

// Re-measures the workload up to confirmRuns times while noisy failures are pending.
async function confirm(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  first: WorkloadReport,
  options: ConfirmOptions,
): Promise<WorkloadReport> {
  const baseline = options.baselines?.get(workload.name);
  const onProgress = options.onProgress;
  const measure: MeasureOptions = {
    ...options.measure,
    diagnose: false,
    onProgress: onProgress && ((event) => onProgress({ ...event, phase: 'confirm' })),
  };
  let report = first;
  for (let round = 1; round <= workload.policy.confirmRuns && pendingConfirmation(report).length > 0; round++) {
    const rerun = await measureWorkload(workload, config, measure, options.position);
    if (!rerun.ok) return noteFailedConfirmation(report, round, rerun.error.message);
    report = applyConfirmation(report, reportEntry(rerun, { mode: 'compare', baseline }), round);
  }
  return report;
}
