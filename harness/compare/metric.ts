// One metric against its baseline. Regressed needs ALL of: the relative change
// beyond the threshold, the absolute change beyond the floor and beyond 3× the
// samples' spread, and for noisy metrics a one-sided Mann–Whitney test over
// the repeat samples at p < alpha.
// Improved is the mirror image. Changed but short of any of them is `noise`;
// within the relative threshold (or the noise floor) is `unchanged`. Pure.
import { choose, mannWhitneyU, percentileOf, repeatPermutationTest, splitByCounts } from '../stats/index.js';
import type { MetricInfo } from '../model/catalogue.js';
import type { MetricVerdict } from '../model/report.js';
import { SPREAD_FACTOR, type MetricRule } from './defaults.js';
import { formatP, formatPercent } from './format.js';
import { formatChange, formatSigned, formatValue } from '../units/format.js';

export interface MetricSide {
  readonly median: number;
  readonly samples: readonly number[];
  readonly spread?: number;
  /** A pooled percentile's pauses per repeat (samples split in repeat order). */
  readonly repeatSizes?: readonly number[] | undefined;
  /** Read from all repeats' pauses together (MetricSummary.pooled). */
  readonly pooled?: boolean | undefined;
}

export interface CompareMetricOptions {
  readonly rule: MetricRule;
  readonly alpha: number;
  /** Relative change at or below which the metric is `unchanged` (default: rule.relative). */
  readonly noiseFloor?: number | undefined;
  /**
   * Both sides are this percentile pooled from every repeat's pauses: the
   * test moves whole repeats between the sides (stats/repeat-permutation.ts)
   * instead of ranking single pauses.
   */
  readonly pooledPercentile?: number | undefined;
}

type Verdict = Omit<MetricVerdict, 'informational'>;

function base(
  info: MetricInfo,
  current: MetricSide | undefined,
  baseline: MetricSide | undefined,
): Pick<Verdict, 'id' | 'unit' | 'direction' | 'noise' | 'current' | 'baseline' | 'change' | 'spread' | 'pooled'> {
  const change = current && baseline ? relativeChange(baseline.median, current.median) : null;
  return {
    id: info.id,
    unit: info.unit,
    direction: info.direction,
    noise: info.noise,
    current: current?.median ?? null,
    baseline: baseline?.median ?? null,
    change,
    spread: current?.spread ?? null,
    // Reporters mark it: a pooled current value is no median of repeats.
    ...(current?.pooled ? { pooled: true } : {}),
  };
}

/** (current - baseline) / |baseline|; null when the baseline is 0 and the value moved (no finite ratio). */
export function relativeChange(baseline: number, current: number): number | null {
  if (baseline === current) return 0;
  if (baseline === 0) return null;
  return (current - baseline) / Math.abs(baseline);
}

/** The verdict for one metric; `current` or `baseline` undefined give `missing` / `new`. */
export function compareMetric(
  info: MetricInfo,
  current: MetricSide | undefined,
  baseline: MetricSide | undefined,
  options: CompareMetricOptions,
): Verdict {
  const common = base(info, current, baseline);
  if (!current && baseline)
    return {
      ...common,
      status: 'missing',
      reason: `in the baseline (${formatValue(baseline.median, info.unit)}), not measured now`,
      pValue: null,
    };
  if (!current) throw new TypeError(`compareMetric(${info.id}): neither a current nor a baseline value`);
  if (!baseline) return { ...common, status: 'new', reason: 'no baseline value yet', pValue: null };

  const { rule } = options;
  const relative = relativeThreshold(rule, baseline, current);
  const delta = current.median - baseline.median;
  // Positive when the change is for the worse, whichever way the metric prefers.
  const worse = info.direction === 'lower' ? delta : -delta;
  const moved = `${common.change === null ? 'from zero' : formatChange(common.change)} (${formatValue(baseline.median, info.unit)} → ${formatValue(current.median, info.unit)})`;
  const magnitude = common.change === null ? Number.POSITIVE_INFINITY : Math.abs(common.change);
  const unchangedBelow = Math.min(options.noiseFloor ?? relative.value, relative.value);
  if (delta === 0 || magnitude <= unchangedBelow) {
    return {
      ...common,
      status: 'unchanged',
      reason: `${moved} ≤ ${formatPercent(unchangedBelow)}${unchangedBelow === relative.value ? relative.why : ''}`,
      pValue: null,
    };
  }
  const overThreshold = magnitude > relative.value;
  // The floor, raised to SPREAD_FACTOR × the larger MAD when the samples scatter more than that.
  const guard = SPREAD_FACTOR * Math.max(baseline.spread ?? 0, current.spread ?? 0);
  const floor = Math.max(rule.absolute, guard);
  const overFloor = Math.abs(delta) > floor;
  // From zero there is no ratio to hold against the threshold: the floor decides.
  const relText =
    common.change === null ? '' : `${overThreshold ? ' >' : ' ≤'} ${formatPercent(relative.value)}${relative.why}`;
  const floorName = guard > rule.absolute ? `(${SPREAD_FACTOR}× spread)` : 'floor';
  const floorText = `${formatSigned(delta, info.unit)} ${overFloor ? '>' : '≤'} ${formatValue(floor, info.unit)} ${floorName}`;
  const byRepeats = rule.test ? pooledRepeats(baseline, current, options.pooledPercentile) : null;
  const p = !rule.test
    ? null
    : byRepeats
      ? repeatP(info, byRepeats, worse > 0)
      : oneSidedP(info, baseline.samples, current.samples, worse > 0);
  const separated =
    p !== null &&
    p >= options.alpha &&
    !WALL_CLOCK_UNITS.has(info.unit) &&
    separatedFar(baseline, current, options.alpha);
  const significant = p === null || p < options.alpha || separated;
  const testText =
    p === null
      ? ''
      : separated
        ? `every repeat ${worse > 0 ? 'worse' : 'better'}, change > ${SEPARATION_FACTOR}× spread (${formatP(p)}: ${baseline.samples.length}+${current.samples.length} repeats cannot reach p < ${options.alpha})`
        : `${formatP(p)} ${significant ? '<' : '≥'} ${options.alpha}${byRepeats ? ` (whole repeats permuted, ${byRepeats.baseline.length}+${byRepeats.current.length})` : ''}`;
  const facts = `${moved}${relText} and ${floorText}${testText ? `, ${testText}` : ''}`;
  if (overThreshold && overFloor && significant) {
    return { ...common, status: worse > 0 ? 'regressed' : 'improved', reason: facts, pValue: p };
  }
  return { ...common, status: 'noise', reason: `${facts}: within noise`, pValue: p };
}

/**
 * The relative threshold: the rule's, or for a rule that follows the spread,
 * its factor × the larger relative spread within [minRelative, relative].
 * `why` names where it came from when it is not the fixed one.
 */
export function relativeThreshold(
  rule: MetricRule,
  baseline: MetricSide,
  current: MetricSide,
): { value: number; why: string } {
  const follow = rule.followSpread;
  if (!follow || baseline.median === 0) return { value: rule.relative, why: '' };
  const spread = Math.max(baseline.spread ?? 0, current.spread ?? 0) / Math.abs(baseline.median);
  const value = Math.min(rule.relative, Math.max(follow.minRelative, follow.factor * spread));
  const source =
    value === rule.relative ? 'ceiling' : value === follow.minRelative ? 'floor' : `${follow.factor}× spread`;
  return { value, why: ` (${source})` };
}

// One-sided p-value that `current` is worse (or better) than `baseline`.
function oneSidedP(info: MetricInfo, baseline: readonly number[], current: readonly number[], worse: boolean): number {
  // Without samples on both sides there is no evidence either way.
  if (baseline.length === 0 || current.length === 0) return 1;
  const test = mannWhitneyU(baseline, current);
  const greater = info.direction === 'lower' ? worse : !worse;
  return greater ? test.pGreater : test.pLess;
}

interface RepeatGroups {
  readonly baseline: number[][];
  readonly current: number[][];
  readonly percentile: number;
}

// Both sides' pauses split into their repeats, when both pooled the same percentile and say how.
function pooledRepeats(baseline: MetricSide, current: MetricSide, percentile: number | undefined): RepeatGroups | null {
  if (percentile === undefined || !baseline.repeatSizes || !current.repeatSizes) return null;
  const sum = (sizes: readonly number[]) => sizes.reduce((total, size) => total + size, 0);
  if (sum(baseline.repeatSizes) !== baseline.samples.length || sum(current.repeatSizes) !== current.samples.length)
    return null;
  return {
    baseline: splitByCounts(baseline.samples, baseline.repeatSizes),
    current: splitByCounts(current.samples, current.repeatSizes),
    percentile,
  };
}

// One-sided p that the current percentile is worse (or better), moving whole repeats.
function repeatP(info: MetricInfo, groups: RepeatGroups, worse: boolean): number {
  const test = repeatPermutationTest(groups.baseline, groups.current, percentileOf(groups.percentile));
  const greater = info.direction === 'lower' ? worse : !worse;
  return greater ? test.pGreater : test.pLess;
}

/** With few repeats, a change beyond this many spreads, with every sample on one side, is no noise. */
export const SEPARATION_FACTOR = 10;

/**
 * Wall-clock figures (pauses, latency, throughput, time shares) move together
 * when a shared runner gets busy, so three repeats all on one side say more
 * about the machine than the code: they keep needing the rank test. Memory
 * and counts do not move with load, and decide by separation when the test
 * cannot.
 */
const WALL_CLOCK_UNITS: ReadonlySet<string> = new Set(['ms', 'ops/s', 'ratio']);

/**
 * The smallest one-sided p an exact rank test can give for m + n samples
 * without ties: 1 / C(m + n, n). 3 + 3 repeats give 0.05, which never
 * beats α = 0.05, so such a test alone could never call a regression.
 */
export function smallestRankP(m: number, n: number): number {
  return 1 / choose(m + n, n);
}

// Too few repeats for the rank test to reject: complete separation and a change
// far beyond both spreads decide instead (a +56% RSS step over 3 repeats is no noise).
function separatedFar(baseline: MetricSide, current: MetricSide, alpha: number): boolean {
  const m = baseline.samples.length;
  const n = current.samples.length;
  if (m === 0 || n === 0 || smallestRankP(m, n) < alpha) return false;
  const up = current.median > baseline.median;
  const apart = up
    ? Math.min(...current.samples) > Math.max(...baseline.samples)
    : Math.max(...current.samples) < Math.min(...baseline.samples);
  const spread = Math.max(baseline.spread ?? 0, current.spread ?? 0);
  return apart && Math.abs(current.median - baseline.median) > SEPARATION_FACTOR * spread;
}
