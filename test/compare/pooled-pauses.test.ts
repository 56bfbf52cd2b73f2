// A GC pause percentile pooled from every repeat's pauses (a workload that
// collects too rarely for one per repeat) against its baseline: the test moves
// whole repeats between the sides, and such a verdict gates. A side without
// per-repeat counts (an older baseline) or measured the other way (one value
// per repeat) is shown but does not gate; a budget on the metric always does.
import { describe, expect, it } from 'vitest';
import { compareWorkload } from '../../harness/compare/workload.js';
import { Baseline } from '../../harness/baseline/schema.js';
import { fromMeasurement } from '../../harness/baseline/store.js';
import { poolPausePercentiles } from '../../harness/metrics/pooled-pauses.js';
import { MIN_PAUSES } from '../../harness/metrics/derive.js';
import { metricInfo } from '../../harness/model/catalogue.js';
import { mulberry32 } from '../../harness/stats/random.js';
import type { MetricSummary } from '../../harness/model/measurement.js';
import { rawRun } from '../fixtures/stats/raw-run.js';
import { baselineOf, measurement, policyOf } from '../fixtures/compare/make.js';

// A threshold of its own, so the verdicts do not depend on the default rule for pauses.
const gated = policyOf({ thresholds: { 'gc.pause.p95': { relative: '50%', absolute: '0.5ms' } } });

/** Five repeats of 7 pauses (stream-zlib's count), each 1–`scale`×4 ms, from a seed; `scales` per repeat. */
function pooledP95(seed: number, scale = 1, scales: readonly number[] = [1, 1, 1, 1, 1]): MetricSummary {
  const random = mulberry32(seed);
  const runs = scales.map((repeatScale) =>
    rawRun({
      gc: {
        pauses: Array.from({ length: 7 }, () => ({
          kind: 'minor',
          ms: repeatScale * scale * (1 + 3 * random() ** 2),
        })),
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
  it('the baseline file keeps the pauses, the pooled mark and the pauses per repeat', () => {
    const baseline = fromMeasurement(withP95(pooledP95(1)), {
      at: '2026-01-01T00:00:00.000Z',
      commit: null,
      branch: null,
    });
    expect(Baseline.parse(baseline).metrics['gc.pause.p95']).toMatchObject({
      pooled: true,
      repeatSizes: [7, 7, 7, 7, 7],
    });
    expect(baseline.metrics['gc.pause.p95']?.samples).toHaveLength(35);
  });

  it('marks the verdict pooled, in compare and in run mode, so reporters can say it is no median of repeats', () => {
    expect(verdictOf(pooledP95(2), pooledP95(1))?.pooled).toBe(true);
    const run = compareWorkload(withP95(pooledP95(2)), undefined, gated, { mode: 'run' }).metrics;
    expect(run.find((verdict) => verdict.id === 'gc.pause.p95')).toMatchObject({ status: 'measured', pooled: true });
    const perRepeat = compareWorkload(measurement({ 'gc.pause.p95': [0.8, 0.9, 1, 1.1, 1.2] }), undefined, gated, {
      mode: 'run',
    }).metrics;
    expect(perRepeat.length).toBeGreaterThan(0);
    expect(perRepeat.every((verdict) => verdict.pooled === undefined)).toBe(true);
  });

  it('unchanged pauses from other seeds never regress', () => {
    for (let seed = 2; seed <= 21; seed++) {
      const verdict = verdictOf(pooledP95(seed), pooledP95(1));
      expect(verdict?.status, verdict?.reason).not.toBe('regressed');
    }
  });

  it('pauses three times as long in every repeat regress and fail the workload, tested over whole repeats', () => {
    const report = compareWorkload(withP95(pooledP95(2, 3)), baselineOf(withP95(pooledP95(1))), gated, {
      mode: 'compare',
    });
    const verdict = report.metrics.find((each) => each.id === 'gc.pause.p95');
    expect(verdict?.status, verdict?.reason).toBe('regressed');
    // Every current repeat on the slow side: the most extreme of the C(10, 5) = 252 splits.
    expect(verdict?.pValue).toBeCloseTo(1 / 252, 6);
    expect(verdict?.informational).toBeUndefined();
    expect(verdict?.reason).toMatch(/p=0\.004 < 0\.05 \(whole repeats permuted, 5\+5\)/);
    expect(report.status).toBe('regressed');
  });

  it('one repeat with ten times the pauses (a slow moment) is not enough to regress', () => {
    for (let seed = 2; seed <= 11; seed++) {
      const verdict = verdictOf(pooledP95(seed, 1, [1, 1, 10, 1, 1]), pooledP95(1));
      // The odd repeat sits on either side in half the splits: p near 0.5, never < 0.05.
      expect(verdict?.reason).toMatch(/whole repeats permuted, 5\+5/);
      expect(verdict?.pValue ?? 0, verdict?.reason).toBeGreaterThan(0.05);
      expect(verdict?.status, verdict?.reason).not.toBe('regressed');
    }
  });

  it('a baseline recorded without pauses per repeat is compared but does not gate, and says how to fix it', () => {
    const older = baselineOf(withP95(pooledP95(1)));
    const { repeatSizes: _sizes, ...withoutSizes } = older.metrics['gc.pause.p95'] ?? { samples: [] };
    const report = compareWorkload(
      withP95(pooledP95(2, 3)),
      { ...older, metrics: { ...older.metrics, 'gc.pause.p95': withoutSizes as (typeof older.metrics)[string] } },
      gated,
      { mode: 'compare' },
    );
    const verdict = report.metrics.find((each) => each.id === 'gc.pause.p95');
    expect(verdict?.status, verdict?.reason).toBe('regressed');
    expect(verdict?.informational).toBe(true);
    expect(verdict?.reason).toMatch(/re-record the baseline \(memgate update\) or set a budget to gate it\)$/);
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
