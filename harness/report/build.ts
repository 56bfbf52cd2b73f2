// WorkloadResult[] -> Report: per-workload verdicts (harness/compare), then
// summary counts and the overall status. Pure: baselines and policies come in
// through the context, already loaded.
import { REPORT_SCHEMA_VERSION, type EnvFingerprint, type Report, type WorkloadReport } from './schema.js';
import type { LoadedWorkload, WorkloadResult } from '../runner/types.js';
import type { Baseline } from '../baseline/schema.js';
import { compareWorkload } from '../compare/workload.js';
import { isFailing } from '../compare/status.js';
import type { Policy } from '../compare/policy.js';
import { withSeries } from './with-series.js';

export interface ReportContext {
  readonly env: EnvFingerprint;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly createdAt: string;
}

export interface RunContext extends ReportContext {
  /** The full policy of a workload (harness/compare/policy.ts): budgets, and in compare mode thresholds. */
  readonly policyFor: (workload: LoadedWorkload) => Policy;
}

export interface CompareContext extends RunContext {
  /** The committed baseline of a workload, undefined when it has none. */
  readonly baselineFor: (name: string) => Baseline | undefined;
  /** Gate noisy metrics despite an environment mismatch (default: the policy's). */
  readonly strict?: boolean;
}

/** The report of a workload that could not be measured. */
export function errorWorkloadReport(
  workload: LoadedWorkload,
  error: { message: string; stderr: string },
  repeats: number,
): WorkloadReport {
  return {
    name: workload.name,
    file: workload.relativeFile,
    kind: workload.kind,
    status: 'error',
    metrics: [],
    leaks: [],
    diagnosis: null,
    error: { message: error.message, stderr: error.stderr },
    baseline: null,
    envMismatch: [],
    confirmRuns: 0,
    repeats,
    notes: [],
  };
}

/** `memgate run`: measurements with budgets and leaks checked, nothing compared. */
export function buildRunReport(results: readonly WorkloadResult[], context: RunContext): Report {
  const workloads = results.map((result) => {
    if (!result.ok) return errorWorkloadReport(result.workload, result.error, result.runs.length);
    return withSeries(
      compareWorkload(result.measurement, undefined, context.policyFor(result.workload), { mode: 'run' }),
      result.runs,
    );
  });
  return summarize(workloads, context, 'run');
}

/** `memgate compare`: every measured workload against its baseline (confirmation re-runs are the caller's). */
export function buildCompareReport(results: readonly WorkloadResult[], context: CompareContext): Report {
  const workloads = results.map((result) => {
    if (!result.ok) return errorWorkloadReport(result.workload, result.error, result.runs.length);
    const options =
      context.strict === undefined
        ? { mode: 'compare' as const }
        : { mode: 'compare' as const, strict: context.strict };
    return withSeries(
      compareWorkload(
        result.measurement,
        context.baselineFor(result.workload.name),
        context.policyFor(result.workload),
        options,
      ),
      result.runs,
    );
  });
  return summarize(workloads, context, 'compare');
}

/** Summary counts and the overall status (error beats regressed beats pass). Shared by every mode. */
export function summarize(workloads: readonly WorkloadReport[], context: ReportContext, mode: Report['mode']): Report {
  const count = (status: WorkloadReport['status']) => workloads.filter((w) => w.status === status).length;
  const errors = count('error');
  const regressed = count('regressed');
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'memgate',
    mode,
    status: errors > 0 ? 'error' : regressed > 0 ? 'regressed' : 'pass',
    createdAt: context.createdAt,
    env: context.env,
    commit: context.commit,
    branch: context.branch,
    workloads: [...workloads],
    summary: {
      workloads: workloads.length,
      regressed,
      improved: count('improved'),
      new: count('new'),
      errors,
      leaks: workloads.reduce((n, w) => n + w.leaks.filter((leak) => leak.status === 'leaking').length, 0),
      overBudget: workloads.reduce(
        (n, w) => n + w.metrics.filter((m) => m.status === 'over-budget' && isFailing(m)).length,
        0,
      ),
    },
  };
}
