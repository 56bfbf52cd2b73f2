// Leak classification: for heap (after a settled full GC), external memory,
// RSS, file descriptors and active handles, combine the per-repeat robust
// slopes into a verdict a CI gate can trust.
//  - leaking:    growth beyond noise in EVERY repeat, still growing in the
//                late half, and the combined interval is above the limit;
//  - suspicious: most repeats grow, or growth is real but cannot be held
//                against the limit (interval straddles it, run too short
//                for a per-minute rate, growth slowing down);
//  - stable:     anything else, including caches and pools that fill up and
//                level off.
// The combined slope is the median of the per-repeat Theil–Sen slopes and
// its interval the median of the per-repeat Sen intervals: each repeat is an
// independent process, so one odd repeat moves neither, and a pooled fit
// would mix repeats whose heaps start at different levels.
import type { RawRun } from '../model/raw-run.js';
import type { LeakLimits } from '../model/measurement.js';
import type { LeakFinding } from '../model/report.js';
import { median } from '../stats/index.js';
import { formatLeakReason } from './leak-reason.js';
import { assessRepeat, viewsOf, type RepeatGrowth, type RepeatShape, type RunViews } from './leak-repeat.js';
import { LEAK_RESOURCES, MIN_RATE_SPAN_MIN, gateFor, type Gate } from './leak-rules.js';

/** Limits in base units: bytes/min, count/min, count. Growth at or below is stable. */

type Shape = LeakFinding['shape'];

const OUTPUT_SHAPE: Record<RepeatShape, Shape> = {
  flat: 'flat',
  linear: 'linear',
  accelerating: 'accelerating',
  plateau: 'plateau',
  decelerating: 'plateau',
};

// The shape most repeats show; 'irregular' when no shape has a majority.
function combineShape(repeats: readonly RepeatGrowth[]): { shape: Shape; decelerating: boolean } {
  const counts = new Map<RepeatShape, number>();
  for (const repeat of repeats) counts.set(repeat.shape, (counts.get(repeat.shape) ?? 0) + 1);
  const [top, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['flat', 0];
  if (count * 2 <= repeats.length) return { shape: 'irregular', decelerating: false };
  return { shape: OUTPUT_SHAPE[top], decelerating: top === 'decelerating' };
}

function medianOf(repeats: readonly RepeatGrowth[], pick: (repeat: RepeatGrowth) => number): number {
  return median(repeats.map(pick));
}

function decide(gate: Gate, repeats: readonly RepeatGrowth[]): Pick<LeakFinding, 'status' | 'shape' | 'reason'> {
  const n = repeats.length;
  const growing = repeats.filter((repeat) => repeat.grows).length;
  const { shape, decelerating } = combineShape(repeats);
  const counted = gate.basis === 'count';
  const value = medianOf(repeats, (r) => r.gateValue);
  const low = counted ? Math.min(...repeats.map((r) => r.gateLow)) : medianOf(repeats, (r) => r.gateLow);
  const high = counted ? Math.max(...repeats.map((r) => r.gateHigh)) : medianOf(repeats, (r) => r.gateHigh);
  const spanMin = medianOf(repeats, (r) => r.spanMin);
  const tooShort = gate.basis === 'perMin' && spanMin < MIN_RATE_SPAN_MIN;
  const above = value > gate.limit && low > gate.limit;
  const leaking = growing === n && above && !decelerating && !tooShort;
  const suspicious = !leaking && value > gate.limit && (growing * 2 > n || (growing === n && !above));
  const status = leaking ? 'leaking' : suspicious ? 'suspicious' : 'stable';
  const reason = formatLeakReason({
    gate,
    status,
    shape,
    value,
    low,
    high,
    statsPerOp: repeats.every((r) => r.perOp !== null),
    floor: medianOf(repeats, (r) => r.floor),
    early: medianOf(repeats, (r) => r.early),
    late: medianOf(repeats, (r) => r.late),
    delta: medianOf(repeats, (r) => r.delta),
    growing,
    repeats: n,
    tooShort,
    decelerating,
    spanMin,
  });
  return { status, shape, reason };
}

function findingFor(gate: Gate, repeats: readonly RepeatGrowth[], enabled: boolean, hasOps: boolean): LeakFinding {
  const decision = decide(gate, repeats);
  const perOps = repeats.map((r) => r.perOp);
  const hasPerOp = hasOps && perOps.every((estimate) => estimate !== null);
  const gatedOff = !enabled && decision.status === 'leaking';
  return {
    resource: gate.resource,
    status: gatedOff ? 'suspicious' : decision.status,
    shape: decision.shape,
    perOp: hasPerOp ? median(perOps.map((estimate) => estimate?.slope ?? 0)) : null,
    perMin: medianOf(repeats, (r) => r.perMin.slope),
    ci: [medianOf(repeats, (r) => r.perMin.low), medianOf(repeats, (r) => r.perMin.high)],
    limit: gate.limit,
    basis: gate.basis,
    unit: gate.unit,
    repeatsGrowing: repeats.filter((r) => r.grows).length,
    repeats: repeats.length,
    reason: gatedOff ? `${decision.reason} (leak gating is off)` : decision.reason,
    ...(gate.basis === 'perMin' && gate.shownPer === 'h' ? { shownPer: 'h' as const } : {}),
  };
}

/**
 * One finding per resource the runs measured (in every repeat, with at least
 * three readings after warmup). Pure; `limits` come from resolveLeakLimits.
 */
export function analyzeLeaks(runs: readonly RawRun[], limits: LeakLimits): LeakFinding[] {
  return leaksOf(runs.map(viewsOf), limits);
}

/** analyzeLeaks over runs whose growth is already computed (viewsOf), so callers that need it too compute it once. */
export function leaksOf(views: readonly RunViews[], limits: LeakLimits): LeakFinding[] {
  if (views.length === 0) return [];
  // Process workloads are sampled by time (their driven ops are not checkpointed): they gate per minute.
  const hasOps = views.every(({ run }) => run.kind === 'in-process' && run.ops > 0);
  const findings: LeakFinding[] = [];
  for (const resource of LEAK_RESOURCES) {
    const gate = gateFor(resource, limits, hasOps);
    const repeats = views.map((view) => assessRepeat(view, gate, hasOps));
    if (repeats.some((repeat) => repeat === null)) continue;
    findings.push(findingFor(gate, repeats as RepeatGrowth[], limits.enabled, hasOps));
  }
  return findings;
}
