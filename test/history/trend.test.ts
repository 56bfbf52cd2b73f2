import { describe, expect, it } from 'vitest';
import { commentTrend, COMMENT_TREND_ENTRIES } from '../../harness/history/comment-trend.js';
import { mermaidText, mermaidXyChart } from '../../harness/history/mermaid.js';
import { historyEntryOf } from '../../harness/history/store.js';
import { buildTrends, changedTrends } from '../../harness/history/trend.js';
import { HistoryEntry } from '../../harness/history/schema.js';
import { regressionReport } from '../report/fixtures.js';

// A history of n entries: alloc.perOp of "parse" at 100 B/op, regressing to 150 at `regressAt`.
function history(n: number, regressAt = -1): HistoryEntry[] {
  return Array.from({ length: n }, (_, i) =>
    HistoryEntry.parse({
      schemaVersion: 1,
      commit: `${String(i).padStart(2, '0')}${'a'.repeat(38)}`,
      branch: 'main',
      createdAt: `2026-11-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
      status: i === regressAt ? 'regressed' : 'pass',
      workloads: [
        {
          name: 'parse',
          status: i === regressAt ? 'regressed' : 'pass',
          metrics: [
            {
              id: 'alloc.perOp',
              unit: 'bytes/op',
              direction: 'lower',
              value: i === regressAt ? 150 : 100,
              baseline: 100,
              status: i === regressAt ? 'regressed' : 'unchanged',
            },
            { id: 'fd.peak', unit: 'count', direction: 'lower', value: 12, baseline: 12, status: 'unchanged' },
          ],
        },
      ],
    }),
  );
}

describe('buildTrends', () => {
  it('follows each metric over the entries and marks the failing ones', () => {
    const trends = buildTrends(history(5, 3));
    expect(trends.map((t) => t.metric)).toEqual(['alloc.perOp', 'fd.peak']);
    expect(trends[0]?.points.map((p) => p.regressed)).toEqual([false, false, false, true, false]);
    // fd.peak never moved and never failed: left out of the default view.
    expect(changedTrends(trends).map((t) => t.metric)).toEqual(['alloc.perOp']);
  });

  it('keeps the last N entries with their positions, and filters by workload and metric', () => {
    const trends = buildTrends(history(10, 9), { last: 3, metrics: ['alloc.perOp'], workloads: ['par'] });
    expect(trends).toHaveLength(1);
    expect(trends[0]?.points.map((p) => p.index)).toEqual([7, 8, 9]);
    expect(buildTrends(history(3), { workloads: ['other'] })).toEqual([]);
  });

  it('stores medians and verdicts of a report, which validate as history lines', () => {
    const entry = historyEntryOf(regressionReport);
    expect(HistoryEntry.parse(JSON.parse(JSON.stringify(entry)))).toEqual(entry);
    expect(entry.workloads.map((w) => w.name)).toEqual(regressionReport.workloads.map((w) => w.name));
  });
});

describe('Mermaid charts', () => {
  it('draws a line with safe labels, bytes scaled to a readable unit', () => {
    const chart = mermaidXyChart({
      title: 'a "title"] with `ticks`\n```',
      labels: ['abc1234', 'def5678 ✖'],
      values: [1_500_000, 3_000_000],
      unit: 'bytes',
    });
    expect(chart).toBe(
      [
        '```mermaid',
        'xychart-beta',
        '    title "a title with ticks"',
        '    x-axis ["abc1234", "def5678 ✖"]',
        '    y-axis "MB"',
        '    line [1.5, 3]',
        '```',
        '',
      ].join('\n'),
    );
    expect(mermaidText('<b>"x"</b>[y]{z}`')).toBe('bx/byz');
  });

  it('charts each changed metric of a report over the recent history, capped', () => {
    const appendix = commentTrend(regressionReport, history(30));
    // alloc.perOp of buffer-pool regressed in the fixture report, but the history only knows "parse".
    expect(appendix).toBe('');
    const report = {
      ...regressionReport,
      workloads: [
        {
          ...regressionReport.workloads[0]!,
          name: 'parse',
          metrics: regressionReport.workloads[0]!.metrics.filter((m) => m.id === 'alloc.perOp'),
        },
      ],
    };
    const chart = commentTrend(report, history(30));
    const labels = /x-axis \[(.*)\]/.exec(chart)?.[1]?.split(', ') ?? [];
    expect(labels).toHaveLength(COMMENT_TREND_ENTRIES);
    expect(labels.at(-1)).toMatch(/ ✖"$/);
    expect(chart).toContain('#### Trend of the changed metrics');
  });
});
