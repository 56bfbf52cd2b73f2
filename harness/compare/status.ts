// A workload's status from its parts. Order: error > regressed (a gating
// metric regressed or over budget, a leak, or a problem such as a failed shutdown) > improved > new > pass. Pure.
import type { MetricVerdict, WorkloadReport, WorkloadStatus } from '../model/report.js';

/**
 * True when this verdict fails the gate. Budgets gate even on informational
 * metrics: they are absolute. An `unmeasured` verdict exists only where a
 * budget or growth limit needed the value, so it fails unless marked informational.
 */
export function isFailing(verdict: MetricVerdict): boolean {
  if (verdict.status === 'over-budget') return true;
  if (verdict.status === 'unmeasured') return verdict.informational !== true;
  return verdict.status === 'regressed' && verdict.informational !== true;
}

/**
 * The status of a workload report from its error, verdicts, leaks and
 * problems (failures whatever the baseline says, such as a failed graceful
 * shutdown). `isNew`: compare mode and no baseline existed.
 */
export function statusOf(
  report: Pick<WorkloadReport, 'error' | 'metrics' | 'leaks' | 'problems'>,
  isNew: boolean,
): WorkloadStatus {
  if (report.error !== null) return 'error';
  if ((report.problems?.length ?? 0) > 0) return 'regressed';
  if (report.metrics.some(isFailing) || report.leaks.some((leak) => leak.status === 'leaking')) return 'regressed';
  if (report.metrics.some((m) => m.status === 'improved' && m.informational !== true)) return 'improved';
  if (isNew) return 'new';
  return 'pass';
}
