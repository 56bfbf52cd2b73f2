// Per-operation latency in a perf_hooks histogram. recordDelta() reads the
// clock and records inside the histogram (native code), so timing an
// operation allocates nothing on the JS heap, unlike process.hrtime.bigint()
// or performance.now(), which box a number per call (measured: 16-40 B).
// Each batch gets a fresh histogram whose first recordDelta() only starts the
// clock, so the pause between batches is never timed; batches are merged.
import { createHistogram } from 'node:perf_hooks';
import type { RecordableHistogram } from 'node:perf_hooks';
import type { RawRun } from '../model/raw-run.js';

export type LatencySummary = NonNullable<RawRun['latency']>;

const NS_PER_MS = 1e6;

/** The numbers a histogram reports, in nanoseconds. */
export interface HistogramLike {
  readonly count: number;
  readonly mean: number;
  readonly max: number;
  percentile(percentile: number): number;
}

/** Pure: nanosecond histogram -> millisecond summary; null when nothing was recorded. */
export function summarizeLatency(histogram: HistogramLike, errors = 0): LatencySummary | null {
  if (histogram.count === 0) return null;
  return {
    p50: histogram.percentile(50) / NS_PER_MS,
    p95: histogram.percentile(95) / NS_PER_MS,
    p99: histogram.percentile(99) / NS_PER_MS,
    mean: histogram.mean / NS_PER_MS,
    max: histogram.max / NS_PER_MS,
    count: histogram.count,
    errors,
  };
}

export class LatencyRecorder {
  private readonly total = createHistogram();

  /** A histogram for one batch: call recordDelta() once to start, then after each operation. */
  beginBatch(): RecordableHistogram {
    return createHistogram();
  }

  endBatch(batch: RecordableHistogram): void {
    this.total.add(batch);
  }

  summary(): LatencySummary | null {
    return summarizeLatency(this.total);
  }
}
