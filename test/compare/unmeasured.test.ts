// A budget on a metric this run did not produce fails as `unmeasured`: no
// value, never 0, and the workload regresses (compare/unmeasured.ts).
import { describe, expect, it } from 'vitest';
import { compareWorkload } from '../../harness/compare/workload.js';
import { isFailing } from '../../harness/compare/status.js';
import { baselineOf, measurement, policyOf } from '../fixtures/compare/make.js';

describe('unmeasured budgets', () => {
  it('fails a budget on a metric no repeat produced, in run and compare mode, with no value', () => {
    const now = measurement({ 'rss.peak': [30e6, 30e6, 30e6] });
    const budgeted = policyOf({ budgets: { 'custom.dbConnections': 10, 'rss.peak': '40MB' } });
    for (const mode of ['run', 'compare'] as const) {
      const report = compareWorkload(now, baselineOf(now), budgeted, { mode });
      const db = report.metrics.find((m) => m.id === 'custom.dbConnections');
      expect(db).toMatchObject({ status: 'unmeasured', current: null });
      expect(db?.reason).toBe(
        'no repeat reported it (no matching log line carried the mapped key, or reportMetric was never called); its budget could not be checked, so it fails',
      );
      expect(isFailing(db!)).toBe(true);
      expect(report.status).toBe('regressed');
    }
  });

  it('says which repeats measured it when only some did, and replaces `missing` in compare mode', () => {
    const before = measurement({ 'latency.p95': [3, 3, 3] });
    const now = measurement(
      {},
      {
        notes: [
          'latency.p95: measured in 2 of 3 repeats, so it is left out (a metric is compared only when every repeat measured it)',
        ],
      },
    );
    const report = compareWorkload(now, baselineOf(before), policyOf({ budgets: { 'latency.p95': '6ms' } }), {
      mode: 'compare',
    });
    const rows = report.metrics.filter((m) => m.id === 'latency.p95');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('unmeasured');
    expect(rows[0]?.reason).toMatch(/^measured in 2 of 3 repeats; its budget/);
  });

  it('leaves metrics without a budget alone: no row for what nobody asked for', () => {
    const report = compareWorkload(measurement({ 'rss.peak': [1, 1, 1] }), undefined, policyOf(), { mode: 'run' });
    expect(report.metrics.map((m) => m.id)).toEqual(['rss.peak']);
    expect(report.status).toBe('pass');
  });

  it('turns growth checks into growth.<target> verdicts that gate like budgets', () => {
    const now = measurement(
      { 'rss.peak': [1, 1, 1] },
      {
        growth: [
          { id: 'growth.custom.goroutines', unit: 'count/h', value: 68_400, status: 'over-limit', reason: 'r1' },
          { id: 'growth.rss', unit: 'ratio', value: 0.03, status: 'within', reason: 'r2' },
          { id: 'growth.custom.dbConns', unit: 'count', value: null, status: 'unmeasured', reason: 'r3' },
        ],
      },
    );
    const report = compareWorkload(now, undefined, policyOf(), { mode: 'run' });
    expect(report.metrics.slice(1).map((m) => [m.id, m.status, m.current, m.unit])).toEqual([
      ['growth.custom.goroutines', 'over-budget', 68_400, 'count/h'],
      ['growth.rss', 'measured', 0.03, 'ratio'],
      ['growth.custom.dbConns', 'unmeasured', null, 'count'],
    ]);
    expect(report.status).toBe('regressed');
  });
});
