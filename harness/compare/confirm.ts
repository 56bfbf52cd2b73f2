// Confirmation of failures. A gated metric that regressed (or broke its
// budget) in the first measurement stands only if a fresh re-run of the
// workload, judged on its own against the same baseline, fails it again.
// Requiring independent agreement squares the false-alarm rate (α ≈ 0.05 ->
// ~0.0025 per metric) at a modest cost in power; pooling the samples instead
// would keep the unlucky first run in the evidence. Every failing metric is
// re-judged, even one whose repeats all agreed (spread 0): the repeats of one
// run share its JIT timing, so a whole run can shift with all of them
// agreeing (unchanged code: `alloc.perOp` 17 360 B/op in each repeat of one
// run, 17 136 in the next; event-bus at a fixed 2000 ops, 7.60 or 7.86 KB/op).
// Leak findings are not re-judged. Pure.
import type { MetricVerdict, WorkloadReport } from '../model/report.js';
import { isFailing, statusOf } from './status.js';

/** Ids of failing metrics, each of which a re-run must fail again. */
export function pendingConfirmation(report: WorkloadReport): string[] {
  return report.metrics.filter(isFailing).map((m) => m.id);
}

function confirmVerdict(first: MetricVerdict, rerun: MetricVerdict | undefined, round: number): MetricVerdict {
  if (rerun && rerun.status === first.status && isFailing(rerun)) {
    return { ...first, reason: `${first.reason}; confirmed by re-run ${round}: ${rerun.reason}` };
  }
  const found = rerun ? `${rerun.status}: ${rerun.reason}` : 'not measured';
  return {
    ...first,
    status: 'noise',
    reason: `not confirmed: first run ${first.status} (${first.reason}), re-run ${round} ${found}`,
  };
}

/** The report after re-run number `round`: pending failures confirmed or demoted to `noise`. */
export function applyConfirmation(report: WorkloadReport, rerun: WorkloadReport, round: number): WorkloadReport {
  const pending = new Set(pendingConfirmation(report));
  if (pending.size === 0) return report;
  const fresh = new Map(rerun.metrics.map((m) => [m.id, m]));
  const metrics = report.metrics.map((m) => (pending.has(m.id) ? confirmVerdict(m, fresh.get(m.id), round) : m));
  return {
    ...report,
    metrics,
    confirmRuns: round,
    // Confirmation runs in compare mode, where a workload without a baseline is new.
    status: statusOf({ ...report, metrics }, report.baseline === null),
  };
}

/** A re-run that failed to measure cannot confirm anything: the failures stand, with a note. */
export function noteFailedConfirmation(report: WorkloadReport, round: number, message: string): WorkloadReport {
  return {
    ...report,
    confirmRuns: round,
    notes: [...report.notes, `confirmation re-run ${round} failed (${message}); the first run's verdicts stand`],
  };
}
