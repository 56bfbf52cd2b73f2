// Growth limits (config/growth-limits.ts) held against the runs, with the
// leak gates' evidence rules: a Theil–Sen fit per repeat with its 95%
// interval, and growth counts only past the resource's noise floor. A limit
// fails only when EVERY repeat supports growth beyond it — the lower end of
// the interval above the limit — so a per-hour limit can fail a 2-minute
// run when the slope leaves no doubt (18 → 56 goroutines against 5/h), and
// cannot when it is only a noisy extrapolation ("not enough evidence yet").
// Pure.
import type { RawRun } from '../model/raw-run.js';
import type { GrowthCheck, GrowthLimit } from '../model/measurement.js';
import { median, theilSen } from '../stats/index.js';
import { formatBytes, formatCount, formatRatio, formatValue } from '../units/format.js';
import { timeSeriesOf } from './growth.js';
import { LEAK_CONFIDENCE, noiseFloorTotal } from './leak-rules.js';

/** Fewest readings a repeat needs for a slope with an interval worth the name. */
export const MIN_GROWTH_POINTS = 3;

interface RepeatFit {
  /** In the check's basis: per minute (rate), a ratio of the start (relative), or growth over the run (stable). */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Fitted growth over the run, in the series' unit. */
  readonly total: number;
}

/** Growth over a run below which a series has not grown (the leak gates' floors; custom counts: 1). */
export function growthFloor(limit: GrowthLimit): number {
  if (limit.target === 'rss' || limit.target === 'fd' || limit.target === 'heap')
    return noiseFloorTotal(limit.target, 1);
  return limit.unit === 'bytes' ? 0 : 1;
}

function fitRepeat(limit: GrowthLimit, minutes: readonly number[], values: readonly number[]): RepeatFit {
  const fit = theilSen(minutes, values, LEAK_CONFIDENCE);
  const first = minutes[0] ?? 0;
  const span = (minutes[minutes.length - 1] ?? first) - first;
  const total = fit.slope * span;
  if (limit.kind === 'rate') return { value: fit.slope, low: fit.low, high: fit.high, total };
  if (limit.kind === 'stable') return { value: total, low: fit.low * span, high: fit.high * span, total };
  const start = fit.intercept + fit.slope * first;
  const base = start > 0 ? start : Math.max(1e-9, Math.abs(values[0] ?? 1));
  return { value: total / base, low: (fit.low * span) / base, high: (fit.high * span) / base, total };
}

function seriesUnit(limit: GrowthLimit): string {
  if (limit.kind === 'relative') return 'ratio';
  if (limit.kind === 'stable') return limit.unit === 'bytes' ? 'bytes' : 'count';
  return `${limit.unit}/${limit.per}`;
}

// Per-minute values to the unit the user wrote the limit in.
function shown(limit: GrowthLimit, perMinuteOrRatio: number): number {
  return limit.kind === 'rate' && limit.per === 'h' ? perMinuteOrRatio * 60 : perMinuteOrRatio;
}

function describe(limit: GrowthLimit, value: number): string {
  if (limit.kind === 'relative') return `${value >= 0 ? '+' : ''}${formatRatio(value)}`;
  const text = formatValue(shown(limit, value), seriesUnit(limit));
  return value > 0 ? `+${text}` : text;
}

function unmeasured(limit: GrowthLimit, why: string): GrowthCheck {
  return {
    id: `growth.${limit.target}`,
    unit: seriesUnit(limit),
    value: null,
    status: 'unmeasured',
    reason: `${why}; growth limit ${limit.text} not checked, so it fails`,
  };
}

/** One check per limit: over-limit, within, or unmeasured (a limit on a series no repeat produced fails). */
export function checkGrowthLimits(runs: readonly RawRun[], limits: readonly GrowthLimit[]): GrowthCheck[] {
  return limits.map((limit) => checkOne(runs, limit));
}

function checkOne(runs: readonly RawRun[], limit: GrowthLimit): GrowthCheck {
  const fits: RepeatFit[] = [];
  for (const [index, run] of runs.entries()) {
    const series = timeSeriesOf(run, limit.target);
    const points = series?.values.length ?? 0;
    if (!series || points < MIN_GROWTH_POINTS) {
      const source = limit.target.startsWith('custom.') ? 'log lines carrying it' : 'readings';
      return unmeasured(
        limit,
        `repeat ${index + 1} had ${points} ${source} in the measured phase, ${MIN_GROWTH_POINTS} needed — log more often or run longer`,
      );
    }
    fits.push(fitRepeat(limit, series.minutes, series.values));
  }
  if (fits.length === 0) return unmeasured(limit, 'no completed repeat');
  // A share of the start is its own scale: the floors guard rates and 'stable', which have none.
  const floor = limit.kind === 'relative' ? Number.NEGATIVE_INFINITY : growthFloor(limit);
  const bound = limit.kind === 'stable' ? 0 : limit.limit;
  const beyond = fits.filter((fit) => fit.low > bound && fit.total > floor).length;
  const value = median(fits.map((fit) => fit.value));
  const low = median(fits.map((fit) => fit.low));
  const high = median(fits.map((fit) => fit.high));
  const over = beyond === fits.length;
  const interval = `95% CI ${describe(limit, low)} to ${describe(limit, high)}`;
  const what = limit.kind === 'stable' ? 'grew' : 'grows';
  const verb = limit.kind === 'relative' ? 'over the run' : limit.kind === 'stable' ? 'over the run' : '';
  const facts = `${limit.target} ${what} ${describe(limit, value)}${verb ? ` ${verb}` : ''} (${interval}); beyond the limit in ${beyond}/${fits.length} repeats`;
  const rule =
    limit.kind === 'stable'
      ? `limit stable (no supported growth beyond ${limit.unit === 'bytes' ? formatBytes(floor) : formatCount(floor)})`
      : `limit ${limit.text}`;
  let verdict: string;
  if (over) verdict = 'over the limit';
  else if (value > (limit.kind === 'stable' ? floor : bound)) verdict = 'not enough evidence yet: run longer to tell';
  else verdict = 'within';
  return {
    id: `growth.${limit.target}`,
    unit: seriesUnit(limit),
    value: shown(limit, value),
    status: over ? 'over-limit' : 'within',
    reason: `${facts}; ${rule} — ${verdict}`,
  };
}
