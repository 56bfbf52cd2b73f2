// Report assembly: one WorkloadReport per workload (a verdict from
// compare/, or the error that stopped it), then summary counts and the
// overall status. Pure: baselines come in already loaded.
import type { Baseline } from '../baseline/schema.js';
import { isFailing } from '../compare/status.js';
import { compareWorkload } from '../compare/workload.js';
import { markContended } from '../compare/contention.js';
import { markMachinePaced } from '../compare/machine-pace.js';
import { REPORT_SCHEMA_VERSION, type EnvFingerprint, type Report, type WorkloadReport } from '../model/report.js';
import { seriesFromRuns } from '../metrics/series.js';
import type { WorkloadSeries } from '../model/series.js';
import type { LoadedWorkload } from '../workload/types.js';
import type { WorkloadResult } from './types.js';

export interface ReportContext {
  readonly env: EnvFingerprint;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly createdAt: string;
}

export interface EntryOptions {
  /** `run` checks budgets and leaks; `compare` also compares with `baseline`. */
  readonly mode: 'run' | 'compare';
  /** The committed baseline; undefined when the workload has none (or in run mode). */
  readonly baseline?: Baseline | undefined;
  /** Gate noisy metrics despite an environment mismatch (default: the policy's). */
  readonly strict?: boolean | undefined;
  /** Points of note on the charts' x axis (a soak's breaches). */
  readonly marks?: WorkloadSeries['marks'];
}

/** The report entry of one measured (or failed) workload. */
export function reportEntry(result: WorkloadResult, options: EntryOptions): WorkloadReport {
  if (!result.ok) return errorWorkloadReport(result.workload, result.error, result.runs.length);
  const { policy } = result.workload;
  const entry =
    options.mode === 'run'
      ? compareWorkload(result.measurement, undefined, policy, { mode: 'run' })
      : compareWorkload(result.measurement, options.baseline, policy, {
          mode: 'compare',
          ...(options.strict === undefined ? {} : { strict: options.strict }),
        });
  // Wall-clock verdicts measured while the CPU stayed contended do not gate,
  // nor do GC times that only kept pace with operations that all ran slower.
  const contended = options.mode === 'compare' && result.pressure ? markContended(entry, result.pressure) : entry;
  const judged = options.mode === 'compare' ? markMachinePaced(contended, policy) : contended;
  // The readings behind the HTML report's charts travel in the report itself.
  const series = seriesFromRuns(result.runs, options.marks ?? []);
  return series === null ? judged : { ...judged, series };
}

/** The report entry of a workload that could not be measured. */
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

/** The whole report: entries, summary counts and the overall status (error beats regressed beats pass). */
export function assembleReport(
  workloads: readonly WorkloadReport[],
  context: ReportContext,
  mode: Report['mode'],
): Report {
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
        (n, w) =>
          n + w.metrics.filter((m) => (m.status === 'over-budget' || m.status === 'unmeasured') && isFailing(m)).length,
        0,
      ),
    },
  };
}
