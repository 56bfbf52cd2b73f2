// Confirmation of noisy failures. A noisy or rank-tested metric — or any
// metric whose repeats scattered (spread > 0) — that regressed (or broke its budget) in the first
// measurement stands only if a fresh re-run of the workload, judged on its own
// against the same baseline, fails it again.
// Requiring independent agreement squares the false-alarm rate (α ≈ 0.05 ->
// ~0.0025 per metric) at a modest cost in power; pooling the samples instead
// would keep the unlucky first run in the evidence. Metrics whose repeats all
// agreed (spread 0) and leak findings are not re-judged. Pure.
import type { MetricVerdict, WorkloadReport } from '../model/report.js';
import { isFailing, statusOf } from './status.js';

/** Ids of failing metrics that need a re-run: noisy ones, rank-tested ones, and any whose repeats scattered. */
export function pendingConfirmation(report: WorkloadReport): string[] {
  const uncertain = (m: MetricVerdict) => m.noise === 'noisy' || (m.pValue ?? null) !== null || (m.spread ?? 0) > 0;
  return report.metrics.filter((m) => uncertain(m) && isFailing(m)).map((m) => m.id);
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
