import { describe, expect, it } from 'vitest';
import { isMemgateError } from '../../harness/errors.js';
import {
  LOG_SERIES_MAX_POINTS,
  LogMetricsCollector,
  compileLogMetrics,
} from '../../harness/runner/process/log-metrics.js';

const goNodeLine = (rss: number, goroutines: number): string =>
  JSON.stringify({
    msg: 'memory_sample',
    time: 1,
    rss_mb: rss / 1e6,
    rss_bytes: rss,
    heap_alloc_bytes: rss / 2,
    goroutines,
    modules: { p2p: { peers: goroutines / 10 } },
  });

describe('log metrics', () => {
  const spec = compileLogMetrics(
    {
      match: { msg: 'memory_sample' },
      map: {
        rss_bytes: 'rss.peak',
        heap_alloc_bytes: 'heap.used.peak',
        goroutines: 'custom.goroutines',
        'modules.p2p.peers': { metric: 'custom.peers', aggregate: 'max' },
        rss_mb: { metric: 'custom.rssMbMean', aggregate: 'mean' },
      },
    },
    'x.workload.ts',
  );

  it('maps matching lines: peaks take the max, custom metrics the last value unless told otherwise', () => {
    const collector = new LogMetricsCollector(spec);
    expect(collector.accept(goNodeLine(40e6, 120), 1000)).toBe(true);
    expect(collector.accept(goNodeLine(60e6, 200), 2000)).toBe(true);
    expect(collector.accept(goNodeLine(50e6, 150), 3000)).toBe(true);
    const { series, ...values } = collector.result();
    expect(values).toEqual({
      memory: { rssPeak: 60e6, heapUsedPeak: 30e6 },
      custom: { goroutines: 150, peers: 20, rssMbMean: 50 },
      matchedLines: 3,
    });
    // Growth limits read custom metrics over time: every value with when it was read.
    expect(series?.['goroutines']).toEqual([
      [1000, 120],
      [2000, 200],
      [3000, 150],
    ]);
    expect(series?.['peers']).toEqual([
      [1000, 12],
      [2000, 20],
      [3000, 15],
    ]);
  });

  it('ignores other messages, plain text, arrays and non-numeric values', () => {
    const collector = new LogMetricsCollector(spec);
    expect(collector.accept(JSON.stringify({ msg: 'other', goroutines: 999 }))).toBe(false);
    expect(collector.accept('listening on :8080')).toBe(false);
    expect(collector.accept('[1,2]')).toBe(false);
    expect(collector.accept('{"msg":"memory_sample","goroutines":"many"')).toBe(false);
    expect(collector.accept(JSON.stringify({ msg: 'memory_sample', goroutines: 'many' }))).toBe(true);
    expect(collector.result()).toEqual({ memory: {}, custom: {}, matchedLines: 1, series: {} });
  });

  it('keeps a long series bounded by dropping every other point', () => {
    const collector = new LogMetricsCollector(spec);
    for (let i = 0; i <= LOG_SERIES_MAX_POINTS; i++) collector.accept(goNodeLine(40e6, i), i);
    const points = collector.result().series?.['goroutines'] ?? [];
    expect(points.length).toBe(LOG_SERIES_MAX_POINTS / 2 + 1);
    expect(points[0]).toEqual([0, 0]);
    expect(points[1]).toEqual([2, 2]);
  });

  it('rejects a target that is neither custom.* nor a memory metric, naming the key and the fix', () => {
    try {
      compileLogMetrics({ map: { gc: 'gc.count' } }, 'node.workload.ts');
      expect.unreachable();
    } catch (error) {
      expect(isMemgateError(error) && error.code).toBe('WORKLOAD_INVALID');
      expect((error as Error).message).toBe(
        'node.workload.ts: logMetrics.map["gc"] expected "custom.<name>" or one of rss.peak, rss.final, heap.used.peak, heap.total.peak, heap.external.peak, found "gc.count"; map it to "custom.gc" instead',
      );
    }
  });
});
