// The soak sentinel's judgement, pure: given the interval samples so far,
// how fast do RSS and open FDs grow, which way do they trend, and is either
// over its limit? The same rule decides an early stop and the final verdict:
// a resource breaches when, over the samples after the warmup,
//  - its Theil–Sen slope's 95% interval lies entirely above the limit
//    (one wild sample moves a Theil–Sen slope not at all, and a short noisy
//    window has a wide interval, so noise cannot breach), and
//  - the growth over that window exceeds the leak analysis' absolute floor
//    (4 MiB of RSS, 1 FD), so allocator jitter on a flat service is never a leak, and
//  - there are at least `minSamples` such samples.
import { FD_FLOOR, LEAK_CONFIDENCE, RSS_FLOOR_BYTES } from '../metrics/leak-rules.js';
import { mannKendallTrend, theilSen } from '../stats/index.js';

export interface SoakSample {
  /** Milliseconds since the soak's measured phase began. */
  readonly tMs: number;
  readonly rss: number;
  readonly fds: number | null;
}

export interface SoakLimits {
  /** bytes per minute */
  readonly rssRate: number;
  /** FDs per minute */
  readonly fdRate: number;
}

export interface SoakPolicy {
  readonly limits: SoakLimits;
  /** Planned duration; the first `warmupShare` of it is not judged. */
  readonly targetMs: number;
  readonly warmupShare: number;
  readonly minSamples: number;
}

export type TrendDirection = 'rising' | 'flat' | 'falling';

export interface ResourceTrend {
  readonly direction: TrendDirection;
  /** Theil–Sen slope per minute over the judged samples; null before there are two. */
  readonly perMin: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly limit: number;
  /** Samples the rate rests on. */
  readonly samples: number;
  /** The last few values, oldest first. */
  readonly recent: number[];
}

export interface SoakJudgement {
  readonly rss: ResourceTrend;
  readonly fd: ResourceTrend | null;
  /** One sentence per resource over its limit. */
  readonly breaches: Array<{ resource: 'rss' | 'fd'; perMin: number; limit: number; message: string }>;
  /**
   * Resources whose rate is over the limit (the whole 95% interval is) but
   * that do not breach yet: growth still inside the noise floor, or too few
   * samples. A soak that ends like this is `inconclusive`, not `passed`.
   */
  readonly pending: PendingEvidence[];
}

export interface PendingEvidence {
  readonly resource: 'rss' | 'fd';
  readonly perMin: number;
  readonly limit: number;
  /** Estimated minutes more until the breach rule could decide: the floor reached at this rate, and enough samples. */
  readonly minutesMore: number;
  readonly message: string;
}

/**
 * Six samples: the fewest with which Theil–Sen's 95% interval can exclude a
 * single outlier (it has 15 pairwise slopes; Sen's interval then spans the
 * middle ones), and with a 5-minute interval still a verdict within 30 minutes.
 */
export const DEFAULT_MIN_SAMPLES = 6;
/** The first 10% of the planned duration is warmup (caches and pools filling). */
export const DEFAULT_WARMUP_SHARE = 0.1;
const RECENT = 10;
const TREND_ALPHA = 0.05;

export function judgeSoak(samples: readonly SoakSample[], policy: SoakPolicy): SoakJudgement {
  const judged = samples.filter((sample) => sample.tMs >= policy.warmupShare * policy.targetMs);
  const rss = trendOf(
    judged.map((s) => [s.tMs, s.rss]),
    policy.limits.rssRate,
    samples.map((s) => s.rss),
  );
  const fdPoints = judged.flatMap((s) => (s.fds === null ? [] : [[s.tMs, s.fds] as [number, number]]));
  const anyFds = samples.some((s) => s.fds !== null);
  const fd = anyFds
    ? trendOf(
        fdPoints,
        policy.limits.fdRate,
        samples.flatMap((s) => (s.fds === null ? [] : [s.fds])),
      )
    : null;
  const breaches: SoakJudgement['breaches'] = [];
  const pending: PendingEvidence[] = [];
  const check = (
    resource: 'rss' | 'fd',
    trend: ResourceTrend | null,
    points: ReadonlyArray<readonly [number, number]>,
    floor: number,
  ): void => {
    if (!trend || trend.perMin === null || trend.low === null) return;
    const spanMin = ((points.at(-1)?.[0] ?? 0) - (points[0]?.[0] ?? 0)) / 60_000;
    if (trend.low <= trend.limit) return;
    const unit = resource === 'rss' ? 'MB/min' : 'FD/min';
    const scale = resource === 'rss' ? 1e6 : 1;
    if (trend.perMin * spanMin <= floor || trend.samples < policy.minSamples) {
      pending.push(
        pendingOf(resource, { ...trend, perMin: trend.perMin, low: trend.low }, spanMin, floor, policy.minSamples),
      );
      return;
    }
    breaches.push({
      resource,
      perMin: trend.perMin,
      limit: trend.limit,
      message: `${resource === 'rss' ? 'memory' : 'open file descriptors'} grow ${round(trend.perMin / scale)} ${unit} (95% interval ${round(trend.low / scale)}..${round((trend.high ?? trend.low) / scale)}) over ${trend.samples} samples, limit ${round(trend.limit / scale)} ${unit}`,
    });
  };
  check(
    'rss',
    rss,
    judged.map((s) => [s.tMs, s.rss]),
    RSS_FLOOR_BYTES,
  );
  check('fd', fd, fdPoints, FD_FLOOR);
  return { rss, fd, breaches, pending };
}

// At the fitted rate the floor is reached after floor / rate minutes of judged
// time; missing samples come at the spacing seen so far. The larger of the two is what is left.
function pendingOf(
  resource: 'rss' | 'fd',
  trend: ResourceTrend & { perMin: number; low: number },
  spanMin: number,
  floor: number,
  minSamples: number,
): PendingEvidence {
  const toFloor = floor / trend.perMin - spanMin;
  const spacingMin = trend.samples > 1 ? spanMin / (trend.samples - 1) : 0;
  const toSamples = Math.max(0, minSamples - trend.samples) * spacingMin;
  const minutesMore = Math.max(1, Math.ceil(Math.max(toFloor, toSamples)));
  const isRss = resource === 'rss';
  const scale = isRss ? 1e6 : 1;
  const unit = isRss ? 'MB/min' : 'FD/min';
  const grown = isRss ? `${round((trend.perMin * spanMin) / 1e6)} MB` : `${round(trend.perMin * spanMin)} FDs`;
  const floorText = isRss ? `${floor / 1024 / 1024} MiB` : `${floor} FD`;
  return {
    resource,
    perMin: trend.perMin,
    limit: trend.limit,
    minutesMore,
    message: `${isRss ? 'memory grows' : 'open file descriptors grow'} ${round(trend.perMin / scale)} ${unit} (95% interval ${round(trend.low / scale)}..${round((trend.high ?? trend.low) / scale)}), over the limit of ${round(trend.limit / scale)} ${unit}, but only ${grown} over ${trend.samples} samples in ${round(spanMin)} min (a breach needs more than ${floorText} and ${minSamples} samples): not enough evidence yet, about ${minutesMore} more minutes needed`,
  };
}

function trendOf(
  points: ReadonlyArray<readonly [number, number]>,
  limit: number,
  all: readonly number[],
): ResourceTrend {
  const recent = all.slice(-RECENT);
  if (points.length < 2)
    return { direction: 'flat', perMin: null, low: null, high: null, limit, samples: points.length, recent };
  const xs = points.map(([t]) => t / 60_000);
  const ys = points.map(([, y]) => y);
  const fit = theilSen(xs, ys, LEAK_CONFIDENCE);
  return {
    direction: directionOf(ys),
    perMin: fit.slope,
    low: fit.low,
    high: fit.high,
    limit,
    samples: points.length,
    recent,
  };
}

// Mann–Kendall: monotone rise or fall, whatever the shape; otherwise flat.
function directionOf(ys: readonly number[]): TrendDirection {
  if (ys.length < 3) return 'flat';
  const test = mannKendallTrend(ys);
  if (test.pIncreasing < TREND_ALPHA && test.s > 0) return 'rising';
  if (test.pDecreasing < TREND_ALPHA && test.s < 0) return 'falling';
  return 'flat';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
