// Metrics a workload can produce but this run did not: a budget on one is
// not a pass. Loading already rejected budgets on metrics the workload can
// never produce (workload/producible-check.ts); what is left here is a run
// that fell short — the probe wrote nothing, no log line matched, a rate
// needs a longer run. Status `unmeasured`: no value (never shown or gated as
// 0), and it fails when a budget or growth limit depends on it. Pure.
import type { Measurement } from '../model/measurement.js';
import type { MetricVerdict } from '../model/report.js';
import type { Policy } from './policy.js';
import { infoFor } from './policy.js';
import { MIN_RATE_RUN_MS } from '../metrics/derive.js';

/** Why `id` has no value in this measurement, in one clause. */
export function unmeasuredReason(id: string, measurement: Pick<Measurement, 'notes' | 'kind'>): string {
  const partial = measurement.notes.find((note) => note.startsWith(`${id}: measured in `));
  if (partial) return partial.slice(id.length + 2).replace(/, so it is left out.*$/, '');
  if (id.startsWith('custom.'))
    return 'no repeat reported it (no matching log line carried the mapped key, or reportMetric was never called)';
  if (id.startsWith('gc.')) return 'the GC probe reported nothing (did the program exit before writing its result?)';
  if (id.startsWith('latency.') || id === 'throughput') return 'no timed operation completed';
  if (/\.rate$/.test(id) && measurement.kind === 'in-process')
    return `per-minute rates of an in-process run need at least ${MIN_RATE_RUN_MS / 60_000} min of measured time — set duration`;
  return 'no repeat produced it';
}

/** A budgeted metric with no value: fails (not informational), so `statusOf` counts it. */
export function unmeasuredVerdict(id: string, measurement: Measurement, policy: Policy): MetricVerdict {
  const info = infoFor(policy, id);
  return {
    id,
    unit: info.unit,
    direction: info.direction,
    noise: info.noise,
    current: null,
    baseline: null,
    change: null,
    status: 'unmeasured',
    reason: `${unmeasuredReason(id, measurement)}; its budget could not be checked, so it fails`,
    spread: null,
    pValue: null,
  };
}
