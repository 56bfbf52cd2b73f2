// GC time and pauses held against the pace of the operations measured in
// the same run. A shared host can run a whole VM slower without any thread
// of it waiting for a CPU or any time stolen (its memory or caches shared
// with neighbours, its clock): then the operations and the collector slow
// down together. In a 30-run A/A round, unchanged lru-cache read `gc.time`
// +113% (24.4 → 52.2 ms, confirmed by its re-run) while its throughput fell
// from 489 100 to 240 918 ops/s and its GC share stayed at 4.1% → 4.5%. A GC
// regression the code causes is different: more survivors or more
// collections make the collector's time grow faster than the operations'
// own time. So a GC wall-clock regression is held against the operations'
// own slowdown (the mutator's time per op, GC excluded): when the GC figure,
// divided by that slowdown, is within its threshold, the verdict does not
// gate and says why. Deterministic GC drivers (allocation per op, GC counts,
// heap sizes) keep gating as they are. Pure.
import type { MetricVerdict, WorkloadReport } from '../model/report.js';
import { markVerdictsContended } from './contention.js';
import { ruleFor, infoFor, type Policy } from './policy.js';

/** The GC figures measured in wall time that a slower machine stretches with the operations (not the GC share). */
function isGcWallClock(id: string): boolean {
  return id === 'gc.time' || id.startsWith('gc.pause.');
}

/**
 * The operations must have slowed down by at least this much before GC is
 * held against them: less is within throughput's scatter from repeat to
 * repeat (the five repeats of lru-cache's baseline read 416 100–512 800
 * ops/s, 1.23× apart).
 */
export const MIN_MUTATOR_SLOWDOWN = 1.25;

/**
 * How many times as long each operation took outside GC, current against
 * baseline: throughput's ratio corrected by the GC share, since
 * throughput counts GC pauses as operation time. Null without throughput
 * and GC share on both sides.
 */
export function mutatorSlowdown(metrics: readonly MetricVerdict[]): number | null {
  const throughput = metrics.find((m) => m.id === 'throughput');
  const share = metrics.find((m) => m.id === 'gc.timeFraction');
  const [before, after] = [throughput?.baseline, throughput?.current];
  const [shareBefore, shareAfter] = [share?.baseline, share?.current];
  if (before == null || after == null || shareBefore == null || shareAfter == null) return null;
  if (before <= 0 || after <= 0 || shareBefore >= 1 || shareAfter >= 1) return null;
  return (before / after) * ((1 - shareAfter) / (1 - shareBefore));
}

const times = (value: number) => `${value.toFixed(2)}×`;

/** The report with GC wall-clock regressions that only kept pace with slower operations made informational. */
export function markMachinePaced(report: WorkloadReport, policy: Policy): WorkloadReport {
  const slowdown = mutatorSlowdown(report.metrics);
  if (slowdown === null || slowdown < MIN_MUTATOR_SLOWDOWN) return report;
  const marked = markVerdictsContended(report, (verdict: MetricVerdict) => {
    if (!isGcWallClock(verdict.id) || verdict.status !== 'regressed') return null;
    if (verdict.current == null || verdict.baseline == null || verdict.baseline <= 0) return null;
    const atPace = verdict.current / verdict.baseline / slowdown;
    const { relative } = ruleFor(policy, infoFor(policy, verdict.id));
    if (atPace > 1 + relative) return null;
    return `the operations themselves took ${times(slowdown)} as long per op outside GC, so this is ${times(atPace)} at their pace, within ${Math.round(relative * 100)}%`;
  });
  if (marked === report) return report;
  const note = `the whole run was slower than the baseline's: the operations took ${times(slowdown)} as long per op outside GC (throughput and GC share), so GC time and pauses that grew with them do not gate`;
  return { ...marked, notes: [...marked.notes, note] };
}
