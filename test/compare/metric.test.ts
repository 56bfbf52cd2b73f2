import { describe, expect, it } from 'vitest';
import { compareMetric, relativeChange, relativeThreshold, smallestRankP } from '../../harness/compare/metric.js';
import { DEFAULT_RULES, type MetricRule } from '../../harness/compare/defaults.js';
import { METRIC_CATALOGUE } from '../../harness/model/catalogue.js';

const alloc = METRIC_CATALOGUE['alloc.perOp'];
const rss = METRIC_CATALOGUE['rss.peak'];
const throughput = METRIC_CATALOGUE.throughput;
const allocRule = DEFAULT_RULES['alloc.perOp'] as MetricRule;
const rssRule = DEFAULT_RULES['rss.peak'] as MetricRule;
const options = (rule: MetricRule) => ({ rule, alpha: 0.05 });
const side = (median: number, samples: number[] = [median]) => ({ median, samples });

describe('compareMetric: deterministic metrics (threshold and floor, no test)', () => {
  it('regresses when both the threshold and the 16 B/op floor are exceeded', () => {
    const v = compareMetric(alloc, side(688), side(612), options(allocRule));
    expect(v.status).toBe('regressed');
    expect(v.change).toBeCloseTo(76 / 612, 12);
    // Repeats that agree (no spread): the threshold is its 1% floor.
    expect(v.reason).toBe('+12.4% (612 B/op → 688 B/op) > 1% (floor) and +76.0 B/op > 16.0 B/op floor');
    expect(v.pValue).toBeNull();
  });

  it('is noise when over the threshold but under the floor', () => {
    const v = compareMetric(alloc, side(112), side(100), options(allocRule));
    expect(v.status).toBe('noise');
    expect(v.reason).toBe('+12.0% (100 B/op → 112 B/op) > 1% (floor) and +12.0 B/op ≤ 16.0 B/op floor: within noise');
  });

  it('is unchanged within the relative threshold, whatever the absolute change', () => {
    const v = compareMetric(alloc, side(101_000), side(100_000), options(allocRule));
    expect(v.status, '1% exactly is not beyond 1%').toBe('unchanged');
    expect(v.reason).toBe('+1.0% (100 KB/op → 101 KB/op) ≤ 1% (floor)');
  });

  it('follows the measured spread: 5× the larger relative MAD, between 1% and 5%', () => {
    const at = (spread: number) => ({ median: 100_000, samples: [100_000], spread });
    expect(relativeThreshold(allocRule, at(100), at(50))).toEqual({ value: 0.01, why: ' (floor)' });
    expect(relativeThreshold(allocRule, at(300), at(700))).toEqual({ value: 0.035, why: ' (5× spread)' });
    expect(relativeThreshold(allocRule, at(5000), at(0))).toEqual({ value: 0.05, why: ' (ceiling)' });
    // +2% on a workload whose repeats scatter 0.7% (stream-zlib's MAD): within its 3.5% threshold.
    const zlib = { median: 48_000, samples: [48_000], spread: 336 };
    const plus2 = { median: 48_960, samples: [48_960], spread: 336 };
    const v = compareMetric(alloc, plus2, zlib, options(allocRule));
    expect(v.status).toBe('unchanged');
    expect(v.reason).toBe('+2.0% (48.0 KB/op → 49.0 KB/op) ≤ 3.5% (5× spread)');
    // The same +2% on repeats that agree to 0.05%: regressed.
    const tight = (median: number) => ({ median, samples: [median], spread: 24 });
    expect(compareMetric(alloc, tight(48_960), tight(48_000), options(allocRule)).status).toBe('regressed');
  });

  it('an explicit relative threshold is used as written, not the spread', () => {
    const fixed: MetricRule = { gate: true, relative: 0.05, absolute: 16, test: false };
    expect(relativeThreshold(fixed, side(100), side(100))).toEqual({ value: 0.05, why: '' });
  });

  it('scattered repeats raise the floor to 3× the larger spread (MAD)', () => {
    const base = { median: 1000, samples: [1000, 1020, 980, 1010, 990], spread: 10 };
    const scattered = { median: 1060, samples: [1060, 1120, 1000, 1090, 1030], spread: 30 };
    const v = compareMetric(alloc, scattered, base, options(allocRule));
    expect(v.status).toBe('noise');
    expect(v.reason).toBe(
      '+6.0% (1.00 KB/op → 1.06 KB/op) > 5% (ceiling) and +60.0 B/op ≤ 90.0 B/op (3× spread): within noise',
    );
    const tight = { median: 1060, samples: [1060, 1070, 1050, 1065, 1055], spread: 5 };
    expect(compareMetric(alloc, tight, base, options(allocRule)).status, '60 B/op > max(16 B/op floor, 3 × 10)').toBe(
      'regressed',
    );
  });

  it('improves symmetrically', () => {
    const v = compareMetric(alloc, side(500), side(612), options(allocRule));
    expect(v.status).toBe('improved');
    expect(v.change).toBeCloseTo(-112 / 612, 12);
  });

  it('a zero baseline that moved has no finite ratio and is judged by the floor', () => {
    expect(relativeChange(0, 5)).toBeNull();
    expect(relativeChange(0, 0)).toBe(0);
    const fd = compareMetric(
      METRIC_CATALOGUE['fd.growth'],
      side(3),
      side(0),
      options(DEFAULT_RULES['fd.growth'] as MetricRule),
    );
    expect(fd.status).toBe('regressed');
    expect(fd.change).toBeNull();
    expect(fd.reason).toBe('from zero (0 → 3) and +3 > 1 floor');
    const one = compareMetric(
      METRIC_CATALOGUE['fd.growth'],
      side(1),
      side(0),
      options(DEFAULT_RULES['fd.growth'] as MetricRule),
    );
    expect(one.status, 'one FD is within the floor of 1').toBe('noise');
  });
});

describe('compareMetric: noisy metrics need the rank test', () => {
  const MB = 1e6;
  const base = [40, 40.2, 40.4, 40.6, 40.8].map((x) => x * MB);

  it('regresses on fully separated samples: exact one-sided p = 1/252', () => {
    const current = [46, 46.2, 46.4, 46.6, 46.8].map((x) => x * MB);
    const v = compareMetric(rss, side(46.4 * MB, current), side(40.4 * MB, base), options(rssRule));
    expect(v.status).toBe('regressed');
    expect(v.pValue).toBeCloseTo(1 / 252, 12);
    expect(v.reason).toBe('+14.9% (40.4 MB → 46.4 MB) > 10% and +6.00 MB > 2.00 MB floor, p=0.004 < 0.05');
  });

  it('is noise when the medians moved but the samples overlap (p ≥ alpha)', () => {
    // Same median shift, but two current repeats sit among the baseline's: U is far from extreme.
    const current = [40.1, 40.5, 46.4, 47, 48].map((x) => x * MB);
    const v = compareMetric(rss, side(46.4 * MB, current), side(40.4 * MB, base), options(rssRule));
    expect(v.status).toBe('noise');
    expect(v.pValue).toBeGreaterThanOrEqual(0.05);
    expect(v.reason).toMatch(
      /^\+14\.9% \(40\.4 MB → 46\.4 MB\) > 10% and \+6\.00 MB > 2\.00 MB floor, p=0\.\d+ ≥ 0\.05: within noise$/,
    );
  });

  it('with 3 vs 3 repeats (smallest p 1/20 = 0.05) a separated change far beyond the spread still regresses', () => {
    expect(smallestRankP(3, 3)).toBeCloseTo(0.05, 12);
    expect(smallestRankP(5, 5)).toBeCloseTo(1 / 252, 12);
    const v = compareMetric(
      rss,
      side(
        60 * MB,
        [59, 60, 61].map((x) => x * MB),
      ),
      side(
        40 * MB,
        [39, 40, 41].map((x) => x * MB),
      ),
      options(rssRule),
    );
    expect(v.pValue).toBeCloseTo(0.05, 12);
    expect(v.status).toBe('regressed');
    expect(v.reason).toContain('every repeat worse, change > 10× spread');
  });

  it('with 3 vs 3 repeats a wall-clock metric still needs the rank test: a busy runner shifts every repeat', () => {
    const pause = METRIC_CATALOGUE['gc.pause.p95'];
    const v = compareMetric(
      pause,
      { median: 9, samples: [8.9, 9, 9.1], spread: 0.1 },
      { median: 3, samples: [2.9, 3, 3.1], spread: 0.1 },
      options({ ...(DEFAULT_RULES['gc.pause.p95'] as MetricRule), gate: true }),
    );
    expect(v.pValue).toBeCloseTo(0.05, 12);
    expect(v.status).toBe('noise');
  });

  it('with 3 vs 3 repeats overlapping samples, or a change within 10 spreads, stay noise', () => {
    const overlapping = compareMetric(
      rss,
      side(
        60 * MB,
        [41, 60, 61].map((x) => x * MB),
      ),
      side(
        40 * MB,
        [39, 40, 42].map((x) => x * MB),
      ),
      options(rssRule),
    );
    expect(overlapping.status).toBe('noise');
    const scattered = compareMetric(
      rss,
      { median: 60 * MB, samples: [50, 60, 70].map((x) => x * MB), spread: 10 * MB },
      { median: 40 * MB, samples: [30, 40, 45].map((x) => x * MB), spread: 5 * MB },
      options(rssRule),
    );
    // Separated (50 > 45) but +20 MB is only 2× the 10 MB spread.
    expect(scattered.status).toBe('noise');
  });

  it('throughput is higher-is-better: a drop regresses', () => {
    const rule = DEFAULT_RULES.throughput as MetricRule;
    const v = compareMetric(
      throughput,
      side(700, [690, 695, 700, 705, 710]),
      side(1000, [990, 995, 1000, 1005, 1010]),
      options(rule),
    );
    expect(v.status).toBe('regressed');
    expect(v.change).toBeCloseTo(-0.3, 12);
    expect(v.pValue).toBeCloseTo(1 / 252, 12);
  });

  it('a noise floor below the threshold reports small changes as noise instead of unchanged', () => {
    const v = compareMetric(alloc, side(101), side(100), { rule: allocRule, alpha: 0.05, noiseFloor: 0.005 });
    expect(v.status).toBe('noise');
  });
});

describe('compareMetric: new and missing', () => {
  it('new without a baseline value, missing without a current one', () => {
    expect(compareMetric(alloc, side(1), undefined, options(allocRule)).status).toBe('new');
    const missing = compareMetric(alloc, undefined, side(612), options(allocRule));
    expect(missing.status).toBe('missing');
    expect(missing.reason).toBe('in the baseline (612 B/op), not measured now');
    expect(missing.current).toBeNull();
  });
});
