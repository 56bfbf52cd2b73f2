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
import { currentEnv, measureAgain, measureWorkload, withOps, type MeasureOptions, type Position } from './measure.js';
import type { WorkloadResult } from './types.js';

export interface PipelineOptions extends MeasureOptions {
  /** `run`: budgets and leaks only. `compare`: against `baselines`, confirming noisy failures. */
  readonly mode: 'run' | 'compare';
  /** Each workload's committed baseline (absent: the workload is new). Compare mode compares with it; every mode runs a time-sized workload with its op count. */
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
  /**
   * compare: each workload's confirmation re-runs, in order (absent: none ran).
   * `compare -u` confirms a moved metric with these before it measures again.
   */
  readonly reruns: ReadonlyMap<string, readonly WorkloadResult[]>;
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
  const reruns = new Map<string, WorkloadResult[]>();
  for (const [index, resolved] of workloads.entries()) {
    const position = { index, count: workloads.length };
    const recorded = options.baselines?.get(resolved.name);
    const baseline = options.mode === 'compare' ? recorded : undefined;
    // Sized like the recorded baseline in every mode, so `update` on unchanged code re-measures the same work.
    const { workload, note } = sizedLikeBaseline(resolved, recorded);
    const measured = await measureWorkload(workload, config, measure, position);
    const result = note && measured.ok ? withNote(measured, note) : measured;
    results.push(result);
    const entry = reportEntry(result, { mode: options.mode, baseline, strict: options.strict });
    const confirmable = options.mode === 'compare' && result.ok && baseline !== undefined;
    if (!confirmable) {
      entries.push(entry);
      continue;
    }
    const confirmed = await confirm(workload, config, entry, { ...options, measure, position });
    entries.push(confirmed.report);
    if (confirmed.reruns.length > 0) reruns.set(resolved.name, confirmed.reruns);
  }
  return { report: assembleReport(entries, { ...options.context, env }, options.mode), results, reruns };
}

interface ConfirmOptions extends PipelineOptions {
  readonly measure: MeasureOptions;
  readonly position: Position;
}

// Re-measures the workload up to confirmRuns times while failures are pending.
async function confirm(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  first: WorkloadReport,
  options: ConfirmOptions,
): Promise<{ report: WorkloadReport; reruns: WorkloadResult[] }> {
  const baseline = options.baselines?.get(workload.name);
  let report = first;
  const reruns: WorkloadResult[] = [];
  for (let round = 1; round <= workload.policy.confirmRuns && pendingConfirmation(report).length > 0; round++) {
    const rerun = await measureAgain(workload, config, options.measure, options.position);
    reruns.push(rerun);
    if (!rerun.ok) return { report: noteFailedConfirmation(report, round, rerun.error.message), reruns };
    report = applyConfirmation(report, reportEntry(rerun, { mode: 'compare', baseline }), round);
  }
  return { report, reruns };
}

/**
 * A time-sized workload compared with a baseline runs the baseline's op
 * count, so both sides did the same work (GC counts and per-run figures
 * compare like for like). A baseline sized for another `time` is not reused:
 * the workload changed, and its definition note says so.
 */
export function sizedLikeBaseline(
  workload: ResolvedWorkload,
  baseline: Baseline | undefined,
): { workload: ResolvedWorkload; note: string | null } {
  const { settings } = workload;
  if (settings.timeMs === null || !baseline || baseline.settings.ops <= 0 || baseline.settings.durationMs !== null)
    return { workload, note: null };
  const recordedFor = baseline.settings.timeMs;
  if (recordedFor === undefined || recordedFor === null) {
    const note = `the baseline was recorded before runs were sized by time: this run used its ${baseline.settings.ops} ops; re-record it (memgate update ${workload.name}) to size runs for ${settings.timeMs} ms`;
    return { workload: withOps(workload, baseline.settings.ops, baseline.settings.naturalOps), note };
  }
  if (recordedFor !== settings.timeMs) return { workload, note: null };
  return { workload: withOps(workload, baseline.settings.ops, baseline.settings.naturalOps), note: null };
}

function withNote(result: WorkloadResult & { ok: true }, note: string): WorkloadResult {
  return { ...result, measurement: { ...result.measurement, notes: [note, ...result.measurement.notes] } };
}
