// The soak's final report, through the pipeline's derive and report stages
// (budgets and leak analysis as `memgate run`, mode "soak"). The sentinel's
// own verdict is added on top: each breach is a problem, which regresses the
// workload (and shows in every reporter) even when the run-style leak
// analysis, which wants several repeats, is less sure.
import { statusOf } from '../compare/status.js';
import type { RawRun } from '../model/raw-run.js';
import type { Diagnosis, Report, WorkloadReport } from '../model/report.js';
import { assembleReport, errorWorkloadReport, reportEntry, type ReportContext } from '../pipeline/build-report.js';
import { deriveResult } from '../pipeline/measure.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { TOO_SHORT_HINT } from '../metrics/leak-reason.js';
import { formatDuration } from './format.js';
import type { SoakState } from './state.js';

export function buildSoakReport(
  workload: ResolvedWorkload,
  run: RawRun | null,
  state: SoakState,
  context: ReportContext,
  /** What grew, recorded when the soak breached (soak/breach-diagnosis.ts). */
  diagnosis: Diagnosis | null = null,
): Report {
  if (!run) {
    const error = { message: state.error ?? 'the soak did not finish', stderr: '' };
    return assembleReport([errorWorkloadReport(workload, error, 0)], context, 'soak');
  }
  // One long repeat of the planned length: its settings say so.
  const settings = {
    ...workload.settings,
    repeats: 1,
    durationMs: state.targetMs,
    ops: run.ops,
    timeoutMs: state.targetMs,
  };
  const result = deriveResult(workload, [run], { env: context.env, settings });
  // The breach points are drawn on the soak's time axis in the HTML report.
  const marks = state.breaches.map((breach) => ({ x: breach.atMs, label: `${breach.resource} breach` }));
  const entry = reportEntry(result, { mode: 'run', marks });
  return assembleReport(
    [withSentinelVerdict({ ...entry, diagnosis: diagnosis ?? entry.diagnosis }, state)],
    context,
    'soak',
  );
}

// An inconclusive soak is a problem too: its rate is over the limit with 95%
// confidence, only the noise floor is not reached yet, so the gate cannot pass it.
function withSentinelVerdict(report: WorkloadReport, state: SoakState): WorkloadReport {
  if (report.status === 'error') return report;
  const summary = `soak "${state.tag}": ${state.status} after ${formatDuration(state.elapsedMs)} of ${formatDuration(state.targetMs)} (${state.checks} checks, clean for ${formatDuration(state.cleanMs)})`;
  const breaches = state.breaches.map((breach) => `soak breach at ${formatDuration(breach.atMs)}: ${breach.message}`);
  const pending =
    state.status === 'inconclusive' ? state.pending.map((evidence) => `soak inconclusive: ${evidence.message}`) : [];
  const problems = [...(report.problems ?? []), ...breaches, ...pending];
  const inSoak = withSoakHints(report);
  return { ...inSoak, status: statusOf({ ...inSoak, problems }, false), notes: [summary, ...inSoak.notes], problems };
}

// Inside a soak, "use a duration or memgate soak" would send the user where they already are.
function withSoakHints(report: WorkloadReport): WorkloadReport {
  const fix = (text: string): string => text.replace(TOO_SHORT_HINT, SOAK_TOO_SHORT_HINT);
  return {
    ...report,
    metrics: report.metrics.map((metric) => ({ ...metric, reason: fix(metric.reason) })),
    leaks: report.leaks.map((leak) => ({ ...leak, reason: fix(leak.reason) })),
    notes: report.notes.map(fix),
  };
}

const SOAK_TOO_SHORT_HINT = 'run the soak longer (--duration)';
