import { describe, expect, it } from 'vitest';
import { GC_PAUSE_BIN_EDGES_MS, SERIES_MAX_POINTS } from '../../harness/model/series.js';
import { seriesFromRuns } from '../../harness/metrics/series.js';
import { WorkloadReport } from '../../harness/model/report.js';
import { checkpoint, leakyCheckpoints, rawRun, treeSample } from '../fixtures/stats/raw-run.js';
import { workload } from '../report/fixtures.js';

describe('seriesFromRuns', () => {
  it('draws heap, RSS and FDs over operations with the median Theil–Sen fit of the repeats', () => {
    const runs = [rawRun({ checkpoints: leakyCheckpoints() }), rawRun({ checkpoints: leakyCheckpoints() })];
    const series = seriesFromRuns(runs);
    expect(series?.axis).toBe('ops');
    expect(series?.resources.map((r) => r.resource)).toEqual(['heap', 'rss', 'fd']);
    const heap = series?.resources[0];
    expect(heap?.repeats).toHaveLength(2);
    expect(heap?.repeats[0]?.x).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    // 1024 B/op exactly: the one unsettled checkpoint (+50 KB at op 500) does not move a Theil–Sen slope.
    expect(heap?.fit?.slope).toBe(1024);
    expect(heap?.fit?.intercept).toBe(1_000_000);
    expect(heap?.fit?.low).toBeLessThanOrEqual(1024);
    expect(heap?.fit?.high).toBeGreaterThanOrEqual(1024);
    expect(series?.resources[1]?.fit?.slope).toBe(2048);
    expect(series?.resources[2]?.fit?.slope).toBeCloseTo(0.01, 12);
  });

  it('subtracts code space from the heap where a probe reports it', () => {
    const series = seriesFromRuns([
      rawRun({
        checkpoints: [
          checkpoint({ op: 0, tMs: 0, heapUsed: 2_000_000, codeSpace: 500_000 }),
          checkpoint({ op: 10, tMs: 5, heapUsed: 2_100_000, codeSpace: 600_000 }),
        ],
      }),
    ]);
    expect(series?.resources[0]?.repeats[0]?.y).toEqual([1_500_000, 1_500_000]);
  });

  it('uses the tree samples over time for a process workload, thinned to a bounded number of points, with marks', () => {
    const tree = Array.from({ length: 5000 }, (_, i) => treeSample({ tMs: i * 10, rss: 80_000_000 + i * 100 }));
    const run = rawRun({ kind: 'process', ops: 0, tree, checkpoints: [] });
    const series = seriesFromRuns([run], [{ x: 30_000, label: 'rss breach' }]);
    expect(series?.axis).toBe('ms');
    const rss = series?.resources.find((r) => r.resource === 'rss');
    expect(rss?.repeats[0]?.x).toHaveLength(SERIES_MAX_POINTS);
    expect(rss?.repeats[0]?.x[0]).toBe(0);
    expect(rss?.repeats[0]?.x.at(-1)).toBe(49_990);
    // 100 bytes per 10 ms: the fit sees all 5000 samples (theilSen thins at 1000 itself).
    expect(rss?.fit?.slope).toBeCloseTo(10, 9);
    expect(series?.resources.some((r) => r.resource === 'heap')).toBe(false);
    expect(series?.marks).toEqual([{ x: 30_000, label: 'rss breach' }]);
  });

  it('bins GC pauses by kind and length, summing the repeats', () => {
    const pauses = (ms: number[], kind: 'minor' | 'major') => ms.map((value) => ({ kind, ms: value }));
    const series = seriesFromRuns([
      rawRun({ gc: { pauses: [...pauses([0.05, 0.3, 0.3], 'minor'), ...pauses([7], 'major')], forced: 2 } }),
      rawRun({ gc: { pauses: pauses([0.1, 400], 'minor'), forced: 2 } }),
    ]);
    const minor = series?.gcPauses.find((kind) => kind.kind === 'minor');
    expect(series?.gcPauses.map((kind) => kind.kind)).toEqual(['minor', 'major']);
    expect(minor?.bins).toHaveLength(GC_PAUSE_BIN_EDGES_MS.length + 1);
    expect(minor?.bins[0]).toBe(2); // 0.05 and 0.1 (edges are inclusive)
    expect(minor?.bins[2]).toBe(2); // 0.3 twice, in (0.25, 0.5]
    expect(minor?.bins.at(-1)).toBe(1); // 400 ms, past the last edge
    expect(minor?.count).toBe(5);
    expect(minor?.maxMs).toBe(400);
    expect(series?.gcPauses[1]?.bins[6]).toBe(1); // 7 ms in (5, 10]
  });

  it('returns null when nothing was recorded, and the series validate as part of a workload report', () => {
    expect(seriesFromRuns([])).toBeNull();
    expect(seriesFromRuns([rawRun({ gc: null })])).toBeNull();
    const series = seriesFromRuns([rawRun({ checkpoints: leakyCheckpoints() })]);
    const parsed = WorkloadReport.parse(workload({ name: 'x', ...(series ? { series } : {}) }));
    expect(parsed.series?.resources).toHaveLength(3);
  });
});
