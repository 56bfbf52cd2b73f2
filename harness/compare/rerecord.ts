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

// Informational metrics (gating off, wall-clock by default) never gate, so they never force a rewrite either.
const hasMoved = (metric: ComparedMetrics[number]): boolean =>
  !metric.informational && !WITHIN_NOISE.has(metric.status);

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
  const moved = compared.filter(hasMoved);
  if (moved.length > 0) {
    const shown = moved.slice(0, 3).map(describeMove);
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
  const gated = compared.filter((metric) => !metric.informational).length;
  return { rewrite: false, reason: `${gated} gated metrics unchanged or within noise` };
}

function changedSetting(before: Baseline, after: Baseline): string | undefined {
  const keys = new Set([...Object.keys(before.settings), ...Object.keys(after.settings)]);
  return [...keys]
    .sort()
    .find(
      (key) => before.settings[key as keyof Baseline['settings']] !== after.settings[key as keyof Baseline['settings']],
    );
}

/** "alloc.perOp improved -1.3%": a moved metric as update reports it. */
export function describeMove(metric: ComparedMetrics[number]): string {
  return `${metric.id} ${metric.status}${formatChange(metric.change)}`;
}

function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined) return '';
  return ` ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

/** Verdicts of `measurement` against `before` under the workload's policy. */
export function comparedMetrics(measurement: Measurement, before: Baseline, policy: Policy): ComparedMetrics {
  return compareWorkload(measurement, before, policy, { mode: 'compare' }).metrics;
}

/**
 * Ids of the gated metrics that moved: `update` re-runs the workload before
 * it rewrites a baseline for them. Every one, even where every repeat agreed:
 * unchanged code once read `alloc.perOp` -1.3% in all three repeats of one
 * run (each within 1 B/op of the others) and +0.0% in the next, so agreement
 * within a run does not rule out a shift of the whole run, and a baseline
 * rewritten for it is a baseline pull request for noise.
 */
export function movedMetrics(compared: ComparedMetrics): string[] {
  return compared.filter(hasMoved).map((metric) => metric.id);
}

/** `compared` with the metrics in `ids` taken as within noise. */
export function asNoise<T extends ComparedMetrics[number]>(compared: readonly T[], ids: readonly string[]): T[] {
  return compared.map((metric) => (ids.includes(metric.id) ? { ...metric, status: 'noise' } : metric));
}

/** Of `pending`, the metrics the re-run moved the same way as the first run; the others did not hold. */
export function confirmedByRerun(
  first: ComparedMetrics,
  rerun: ComparedMetrics,
  pending: readonly string[],
): { confirmed: string[]; unconfirmed: string[] } {
  const again = new Map(rerun.map((metric) => [metric.id, metric.status]));
  const status = new Map(first.map((metric) => [metric.id, metric.status]));
  const confirmed = pending.filter((id) => again.get(id) === status.get(id));
  return { confirmed, unconfirmed: pending.filter((id) => !confirmed.includes(id)) };
}
