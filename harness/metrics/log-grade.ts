// `memgate analyze`: the hourly growth of one metric read from a log, and a
// grade in the Go team's MemoryDoctor words (normal / suspicious / abnormal),
// decided with memgate's evidence rules. Pure: a series in, a verdict out.
//
// Evidence of growth (all four, as for a leak finding):
//  - the Theil–Sen slope's 95% interval lies entirely above zero,
//  - Mann–Kendall finds a rising trend (one-sided p < 0.05),
//  - the fitted growth over the log exceeds the noise floor (4 MiB for bytes, 1 for counts),
//  - at least MIN_LOG_SAMPLES samples.
// Then, in the Go team's terms (docs/leaks.md, "memgate analyze"):
//  - normal: no evidence, or a rate below 2%/h or below 20 MB/h (bytes);
//  - abnormal: steady growth (not slowing: late-half slope at least half the
//    early-half slope) whose interval's LOW end is above 5%/h or 50 MB/h;
//  - suspicious: everything between: real growth past the normal range, but
//    not certainly past the suspicious line, or levelling off.
import { DECELERATION_RATIO, FD_FLOOR, LEAK_CONFIDENCE, RSS_FLOOR_BYTES } from './leak-rules.js';
import { kendallTau, theilSen } from '../stats/index.js';

export type Grade = 'normal' | 'suspicious' | 'abnormal';
export const GRADES: readonly Grade[] = ['normal', 'suspicious', 'abnormal'];

export interface GradeThresholds {
  /** Growth per hour, as a share of the level at the start (0.02 = 2%/h), below which growth is normal. */
  readonly normalShare: number;
  /** Bytes per hour below which growth of a byte metric is normal. */
  readonly normalBytes: number;
  /** The suspicious line: share per hour, and bytes per hour for byte metrics. */
  readonly suspiciousShare: number;
  readonly suspiciousBytes: number;
}

/** The Go team's MemoryDoctor grades (docs/processes.md, "memgate analyze"): normal < 2%/h or < 20 MB/h, suspicious > 5%/h or > 50 MB/h. */
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = {
  normalShare: 0.02,
  normalBytes: 20e6,
  suspiciousShare: 0.05,
  suspiciousBytes: 50e6,
};

/** Six: as the soak sentinel, the fewest with which a Sen interval can exclude one wild sample. */
export const MIN_LOG_SAMPLES = 6;
const TREND_ALPHA = 0.05;
const MS_PER_HOUR = 3_600_000;

export interface MetricSeries {
  readonly metric: string;
  readonly unit: 'bytes' | 'count';
  /** Milliseconds since the first sample of the log. */
  readonly tMs: readonly number[];
  readonly values: readonly number[];
}

export interface Rate {
  readonly slope: number;
  readonly low: number;
  readonly high: number;
}

export interface MetricGrade {
  readonly metric: string;
  readonly unit: 'bytes' | 'count';
  readonly grade: Grade;
  /** One sentence: why this grade. */
  readonly reason: string;
  readonly samples: number;
  readonly spanHours: number;
  readonly first: number;
  readonly last: number;
  readonly peak: number;
  /** Growth per hour in the metric's unit, with its 95% interval. */
  readonly perHour: Rate;
  /** The fitted line's value at t = 0 (the first sample), for drawing it. */
  readonly intercept: number;
  /** Growth per hour as a share of the fitted level at the start; null when that level is not positive. */
  readonly sharePerHour: Rate | null;
  readonly rising: boolean;
  /** All four evidence rules hold. */
  readonly growing: boolean;
  /** Not slowing down: the late-half slope is at least half the early-half slope. */
  readonly steady: boolean;
}

export function gradeMetric(series: MetricSeries, thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): MetricGrade {
  const hours = series.tMs.map((t) => t / MS_PER_HOUR);
  const { values } = series;
  const fit = theilSen(hours, values, LEAK_CONFIDENCE);
  const spanHours = hours.length > 0 ? maxOf(hours) - minOf(hours) : 0;
  const start = fit.intercept + fit.slope * minOf(hours);
  const sharePerHour = start > 0 ? { slope: fit.slope / start, low: fit.low / start, high: fit.high / start } : null;
  const rising = values.length >= 3 && kendallTau(hours, values).pIncreasing < TREND_ALPHA;
  const floor = series.unit === 'bytes' ? RSS_FLOOR_BYTES : FD_FLOOR;
  const growing = values.length >= MIN_LOG_SAMPLES && fit.low > 0 && rising && fit.slope * spanHours > floor;
  const base = {
    metric: series.metric,
    unit: series.unit,
    samples: values.length,
    spanHours,
    first: values[0] ?? 0,
    last: values.at(-1) ?? 0,
    peak: values.length > 0 ? maxOf(values) : 0,
    perHour: { slope: fit.slope, low: fit.low, high: fit.high },
    intercept: fit.intercept,
    sharePerHour,
    rising,
    growing,
    steady: isSteady(hours, values),
  };
  return { ...base, ...decide(base, floor, thresholds) };
}

/** The worst grade of several; normal for none. */
export function worstGrade(grades: readonly Grade[]): Grade {
  return grades.reduce<Grade>((worst, g) => (GRADES.indexOf(g) > GRADES.indexOf(worst) ? g : worst), 'normal');
}

type Facts = Omit<MetricGrade, 'grade' | 'reason'>;

function decide(facts: Facts, floor: number, t: GradeThresholds): { grade: Grade; reason: string } {
  if (!facts.growing) return { grade: 'normal', reason: `no evidence of growth (${whyNotGrowing(facts, floor)})` };
  const bytes = facts.unit === 'bytes';
  const share = facts.sharePerHour;
  // Normal in either of the team's words; no level to take a share of leaves only bytes.
  const normalByShare = share !== null && share.slope < t.normalShare;
  const normalByBytes = bytes && facts.perHour.slope < t.normalBytes;
  const suspiciousLine = `${percent(t.suspiciousShare)}/h${bytes ? ` or ${t.suspiciousBytes / 1e6} MB/h` : ''}`;
  const pastSuspicious =
    (share !== null && share.low > t.suspiciousShare) || (bytes && facts.perHour.low > t.suspiciousBytes);
  if (pastSuspicious && facts.steady)
    return {
      grade: 'abnormal',
      reason: `steady growth, its whole 95% interval above ${suspiciousLine}`,
    };
  if ((normalByShare || normalByBytes) && !pastSuspicious)
    return {
      grade: 'normal',
      reason: `grows, but within the normal range (below ${percent(t.normalShare)}/h${bytes ? ` or ${t.normalBytes / 1e6} MB/h` : ''})`,
    };
  if (pastSuspicious)
    return { grade: 'suspicious', reason: `grows above ${suspiciousLine}, but is slowing down (levelling off?)` };
  return { grade: 'suspicious', reason: `grows past the normal range, not certainly above ${suspiciousLine}` };
}

function whyNotGrowing(facts: Facts, floor: number): string {
  if (facts.samples < MIN_LOG_SAMPLES) return `${facts.samples} samples, fewer than ${MIN_LOG_SAMPLES}`;
  if (facts.perHour.low <= 0) return 'the 95% interval of the slope reaches zero';
  if (!facts.rising) return 'no monotone rise';
  return `total growth within the noise floor of ${facts.unit === 'bytes' ? `${floor / 1024 / 1024} MiB` : floor}`;
}

// Half-series slopes: a cache filling up grows fast early and slowly late.
function isSteady(hours: readonly number[], values: readonly number[]): boolean {
  const half = Math.floor(values.length / 2);
  if (half < 3) return true;
  const early = theilSen(hours.slice(0, half), values.slice(0, half)).slope;
  const late = theilSen(hours.slice(half), values.slice(half)).slope;
  return early <= 0 || late >= DECELERATION_RATIO * early;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

// Loops, not Math.max(...values): a day of 5-second samples outgrows the call stack.
function maxOf(values: readonly number[]): number {
  let peak = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > peak) peak = value;
  return peak;
}

function minOf(values: readonly number[]): number {
  let low = Number.POSITIVE_INFINITY;
  for (const value of values) if (value < low) low = value;
  return values.length > 0 ? low : 0;
}
