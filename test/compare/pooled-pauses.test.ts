// A GC pause percentile pooled from every repeat's pauses (a workload that
// collects too rarely for one per repeat) against its baseline: the rank test
// runs over the pauses themselves, and a side measured the other way (one
// value per repeat) is compared without a rank test. Either way the verdict
// is shown but does not gate; a budget on the metric does.
import { describe, expect, it } from 'vitest';
import { compareWorkload } from '../../harness/compare/workload.js';
import { poolPausePercentiles } from '../../harness/metrics/pooled-pauses.js';
import { MIN_PAUSES } from '../../harness/metrics/derive.js';
import { metricInfo } from '../../harness/model/catalogue.js';
import { mulberry32 } from '../../harness/stats/random.js';
import type { MetricSummary } from '../../harness/model/measurement.js';
import { rawRun } from '../fixtures/stats/raw-run.js';
import { baselineOf, measurement, policyOf } from '../fixtures/compare/make.js';

// A threshold of its own, so the verdicts do not depend on the default rule for pauses.
const gated = policyOf({ thresholds: { 'gc.pause.p95': { relative: '50%', absolute: '0.5ms' } } });

/** Five repeats of 7 pauses (stream-zlib's count), each 1–`scale`×4 ms, from a seed. */
function pooledP95(seed: number, scale = 1): MetricSummary {
  const random = mulberry32(seed);
  const runs = Array.from({ length: 5 }, () =>
    rawRun({
      gc: {
        pauses: Array.from({ length: 7 }, () => ({ kind: 'minor', ms: scale * (1 + 3 * random() ** 2) })),
        forced: 0,
      },
    }),
  );
  const pooled = poolPausePercentiles(runs, { 'gc.pause.p95': 7 }, MIN_PAUSES, (id) => metricInfo(id));
  const p95 = pooled.metrics['gc.pause.p95'];
  if (!p95) throw new Error('35 pauses should give a pooled P95');
  return p95;
}

const withP95 = (p95: MetricSummary) => {
  const base = measurement({});
  return { ...base, metrics: { 'gc.pause.p95': p95 } };
};
const verdictOf = (current: MetricSummary, baseline: MetricSummary) =>
  compareWorkload(withP95(current), baselineOf(withP95(baseline)), gated, { mode: 'compare' }).metrics.find(
    (verdict) => verdict.id === 'gc.pause.p95',
  );

describe('pooled pause percentiles against their baseline', () => {
  it('the baseline file keeps the pauses and the pooled mark', () => {
    const baseline = baselineOf(withP95(pooledP95(1)));
    expect(baseline.metrics['gc.pause.p95']).toMatchObject({ pooled: true });
    expect(baseline.metrics['gc.pause.p95']?.samples).toHaveLength(35);
  });

  it('unchanged pauses from other seeds never regress', () => {
    for (let seed = 2; seed <= 21; seed++) {
      const verdict = verdictOf(pooledP95(seed), pooledP95(1));
      expect(verdict?.status, verdict?.reason).not.toBe('regressed');
    }
  });

  it('pauses three times as long read regressed, with the rank test over the pauses, but do not fail the workload', () => {
    const report = compareWorkload(withP95(pooledP95(2, 3)), baselineOf(withP95(pooledP95(1))), gated, {
      mode: 'compare',
    });
    const verdict = report.metrics.find((each) => each.id === 'gc.pause.p95');
    expect(verdict?.status, verdict?.reason).toBe('regressed');
    expect(verdict?.pValue).toBeLessThan(1e-6); // 35 + 35 pauses: a rank test over repeats could not go below 0.004
    expect(verdict?.informational).toBe(true);
    expect(verdict?.reason).toMatch(
      /\(pooled from every repeat's pauses: reported, not gated; set a budget to gate it\)$/,
    );
    expect(report.status).toBe('pass');
  });

  it('a budget on a pooled percentile still gates', () => {
    const budgeted = policyOf({ budgets: { 'gc.pause.p95': '5ms' } });
    const report = compareWorkload(withP95(pooledP95(2, 3)), baselineOf(withP95(pooledP95(1))), budgeted, {
      mode: 'compare',
    });
    expect(report.metrics.find((each) => each.id === 'gc.pause.p95')?.status).toBe('over-budget');
    expect(report.status).toBe('regressed');
  });

  it('a baseline with one P95 per repeat is compared without a rank test, and says why', () => {
    const perRepeat = measurement({ 'gc.pause.p95': [3.2, 3.4, 3.1, 3.3, 3.5] }).metrics['gc.pause.p95'];
    if (!perRepeat) throw new Error('fixture');
    const slower = verdictOf(pooledP95(2, 3), perRepeat);
    expect(slower?.status, slower?.reason).toBe('regressed');
    expect(slower?.informational).toBe(true);
    expect(slower?.reason).toMatch(/this run pooled its pauses, the baseline has one value per repeat: no rank test\)/);
    expect(slower?.pValue).toBeNull();
    const same = verdictOf(perRepeat, pooledP95(1));
    expect(same?.status).not.toBe('regressed');
    expect(same?.reason).toMatch(/the baseline pooled its pauses/);
  });
});
