// Whether `memgate update` rewrites a baseline that already exists. Snapshot
// convention: a snapshot that still matches is left alone, so re-running the
// update on unchanged code writes nothing — no new timestamp, commit or
// medians that differ only by noise, and so no baseline pull request on every
// release push. A baseline is kept when the workload and its settings are the
// same, the environment did not change in a way that moves memory numbers,
// the same metrics were measured, and every gated metric compares as
// `unchanged` or `noise` against it. `--force` bypasses this (the caller).
// Pure: the comparison verdicts are computed by the caller (compareWorkload).
import type { MetricVerdict } from '../model/report.js';
import type { Measurement } from '../model/measurement.js';
import { findEnvMismatch } from './env.js';
import type { Policy } from './policy.js';
import { compareWorkload } from './workload.js';
import type { Baseline } from '../baseline/schema.js';

export interface RerecordDecision {
  /** True: write the new baseline; false: keep the file as it is. */
  readonly rewrite: boolean;
  /** Why, one line: "3 gated metrics unchanged or within noise", "alloc.perOp regressed +12.0%". */
  readonly reason: string;
}

/** Verdicts of the fresh measurement against `before`, as compareWorkload gives them. */
export type ComparedMetrics = readonly Pick<MetricVerdict, 'id' | 'status' | 'informational' | 'change'>[];

const WITHIN_NOISE: ReadonlySet<string> = new Set(['unchanged', 'noise']);

export function decideRerecord(before: Baseline, after: Baseline, compared: ComparedMetrics): RerecordDecision {
  if (before.definitionHash !== after.definitionHash)
    return { rewrite: true, reason: 'the workload definition changed' };
  const setting = changedSetting(before, after);
  if (setting) return { rewrite: true, reason: `settings.${setting} changed` };
  const env = [...findEnvMismatch(before.env, after.env)];
  if (before.env.nodeFlags.join(' ') !== after.env.nodeFlags.join(' ')) env.push('node flags');
  if (before.env.cgroupMemoryLimit !== after.env.cgroupMemoryLimit) env.push('memory limit');
  // Also when an older memgate recorded none: the baseline then learns it, so a later change is noted.
  if (after.env.runtime !== undefined && before.env.runtime !== after.env.runtime)
    env.push(`runtime ${before.env.runtime ?? 'not recorded'} → ${after.env.runtime}`);
  if (env.length > 0) return { rewrite: true, reason: `the environment changed (${env.join(', ')})` };
  // Informational metrics (gating off, wall-clock by default) never gate, so they never force a rewrite either.
  const gated = compared.filter((metric) => !metric.informational);
  const moved = gated.filter((metric) => !WITHIN_NOISE.has(metric.status));
  if (moved.length > 0) {
    const shown = moved.slice(0, 3).map((metric) => `${metric.id} ${metric.status}${formatChange(metric.change)}`);
    return { rewrite: true, reason: `${shown.join(', ')}${moved.length > 3 ? ` and ${moved.length - 3} more` : ''}` };
  }
  const unsplit = Object.keys(before.metrics).filter(
    (id) => before.metrics[id]?.pooled && !before.metrics[id]?.repeatSizes && after.metrics[id]?.repeatSizes,
  );
  if (unsplit.length > 0)
    return {
      rewrite: true,
      reason: `${unsplit.join(', ')} pooled without pauses per repeat (recorded by an older memgate; re-recorded so it can gate)`,
    };
  const readAfterForcedGc = Object.keys(before.metrics).filter(
    (id) => !before.metrics[id]?.naturalPhase && after.metrics[id]?.naturalPhase,
  );
  if (readAfterForcedGc.length > 0)
    return {
      rewrite: true,
      reason: `${readAfterForcedGc.join(', ')} read after forced collections (recorded by an older memgate; re-recorded from the natural phase so it can gate)`,
    };
  const beforeIds = Object.keys(before.metrics).sort().join(',');
  const afterIds = Object.keys(after.metrics).sort().join(',');
  if (beforeIds !== afterIds) return { rewrite: true, reason: 'the set of measured metrics changed' };
  return { rewrite: false, reason: `${gated.length} gated metrics unchanged or within noise` };
}

function changedSetting(before: Baseline, after: Baseline): string | undefined {
  const keys = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)]);
  return [...keys]
    .sort()
    .find(
      (key) => before.settings[key as keyof Baseline['settings']] !== after.settings[key as keyof Baseline['settings']],
    );
}

function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined) return '';
  return ` ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

/** decideRerecord with the verdicts of `measurement` against `before` under the workload's policy. */
export function rerecordDecision(
  measurement: Measurement,
  before: Baseline,
  after: Baseline,
  policy: Policy,
): RerecordDecision {
  return decideRerecord(before, after, compareWorkload(measurement, before, policy, { mode: 'compare' }).metrics);
}
