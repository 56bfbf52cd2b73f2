// A workload's status from its parts. Order: error > regressed (a gating
// metric regressed or over budget, a leak, or a problem such as a failed shutdown) > improved > new > pass. Pure.
import type { LeakFinding, MetricVerdict, WorkloadStatus } from '../report/schema.js';

export interface StatusInput {
  readonly error: boolean;
  readonly metrics: readonly MetricVerdict[];
  readonly leaks: readonly LeakFinding[];
  /** No baseline existed (compare mode). */
  readonly isNew: boolean;
  /** Failures that fail the workload whatever the baseline says (a failed graceful shutdown). */
  readonly problems?: readonly string[];
}

/** True when this verdict fails the gate. Budgets gate even on informational metrics: they are absolute. */
export function isFailing(verdict: MetricVerdict): boolean {
  if (verdict.status === 'over-budget') return true;
  return verdict.status === 'regressed' && verdict.informational !== true;
}

export function workloadStatus(input: StatusInput): WorkloadStatus {
  if (input.error) return 'error';
  if ((input.problems?.length ?? 0) > 0) return 'regressed';
  if (input.metrics.some(isFailing) || input.leaks.some((leak) => leak.status === 'leaking')) return 'regressed';
  if (input.metrics.some((m) => m.status === 'improved' && m.informational !== true)) return 'improved';
  if (input.isNew) return 'new';
  return 'pass';
}
