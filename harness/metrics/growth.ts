// Per-repeat growth of each resource memgate watches for leaks: a Theil–Sen
// slope per operation and per minute over the checkpoints (each taken after a
// settled full GC; checkpoint 0 is the end of warmup), plus first, last and
// peak readings. Feeds the leak.*, fd.* and handles.* metrics and the leak
// classification. Pure: a RawRun in, numbers out.
import type { Checkpoint, RawRun, TreeSample } from '../model/raw-run.js';
import type { LeakResource } from '../model/report.js';
import { theilSen, type SlopeEstimate } from '../stats/index.js';

export interface ResourceGrowth {
  /** Slope per measured operation; null without an operation axis (tree samples) or with fewer than 2 distinct op counts. */
  readonly perOp: SlopeEstimate | null;
  /** Slope per minute of measured time (x = tMs / 60000). */
  readonly perMin: SlopeEstimate;
  readonly first: number;
  readonly last: number;
  readonly peak: number;
  /** Readings the slopes rest on. */
  readonly points: number;
}

/** Growth per resource; null where the run has no reading of it. */
export type RunGrowth = { readonly [R in LeakResource]: ResourceGrowth | null };

interface Series {
  readonly ops: readonly number[] | null;
  readonly minutes: readonly number[];
  readonly values: readonly number[];
}

const MS_PER_MINUTE = 60_000;

function fromCheckpoints(checkpoints: readonly Checkpoint[], read: (c: Checkpoint) => number | null): Series {
  const kept = checkpoints.filter((checkpoint) => read(checkpoint) !== null);
  return {
    ops: kept.map((checkpoint) => checkpoint.op),
    minutes: kept.map((checkpoint) => checkpoint.tMs / MS_PER_MINUTE),
    values: kept.map((checkpoint) => read(checkpoint) as number),
  };
}

function fromTree(samples: readonly TreeSample[], read: (s: TreeSample) => number | null): Series {
  const kept = samples.filter((sample) => read(sample) !== null);
  return {
    ops: null,
    minutes: kept.map((sample) => sample.tMs / MS_PER_MINUTE),
    values: kept.map((sample) => read(sample) as number),
  };
}

function distinctCount(values: readonly number[]): number {
  return new Set(values).size;
}

// A loop, not Math.max(...values): a soak's tree samples can outgrow the call stack.
function maxOf(values: readonly number[]): number {
  let peak = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > peak) peak = value;
  return peak;
}

function growthOfSeries(series: Series): ResourceGrowth | null {
  const { values } = series;
  if (values.length === 0) return null;
  const perOp = series.ops !== null && distinctCount(series.ops) >= 2 ? theilSen(series.ops, values) : null;
  return {
    perOp,
    perMin: theilSen(series.minutes, values),
    first: values[0] as number,
    last: values[values.length - 1] as number,
    peak: maxOf(values),
    points: values.length,
  };
}

// Process workloads are watched from outside: the tree's RSS and descriptors
// come from the sampler, when it produced readings; the rest only from an injected probe's checkpoints.
function preferTree(run: RawRun, fromTreeSeries: Series | null, fallback: Series): Series {
  return run.kind === 'process' && fromTreeSeries !== null && fromTreeSeries.values.length > 0
    ? fromTreeSeries
    : fallback;
}

/**
 * Growth of heap (heapUsed after GC), rss, external (Node's `external`, which
 * already includes arrayBuffers), fd and handles over one repeat.
 */
export function growthOf(run: RawRun): RunGrowth {
  const { checkpoints } = run;
  const tree = run.tree ?? null;
  const rss = preferTree(
    run,
    tree && fromTree(tree, (s) => s.rss),
    fromCheckpoints(checkpoints, (c) => c.rss),
  );
  const fd = preferTree(
    run,
    tree && fromTree(tree, (s) => s.fds),
    fromCheckpoints(checkpoints, (c) => c.fds),
  );
  return {
    heap: growthOfSeries(fromCheckpoints(checkpoints, (c) => c.heapUsed)),
    rss: growthOfSeries(rss),
    external: growthOfSeries(fromCheckpoints(checkpoints, (c) => c.external)),
    fd: growthOfSeries(fd),
    handles: growthOfSeries(fromCheckpoints(checkpoints, (c) => c.handles)),
  };
}

/** A series over measured time: minutes and values, for growth limits (metrics/growth-limit.ts). */
export interface TimeSeries {
  readonly minutes: readonly number[];
  readonly values: readonly number[];
}

/**
 * The series a growth limit reads: 'rss', 'fd' and 'heap' as the leak gates
 * read them, `custom.<name>` from the values a process logged over time.
 * Null when this run has no reading of it.
 */
export function timeSeriesOf(run: RawRun, target: string): TimeSeries | null {
  const tree = run.tree ?? null;
  let series: Series;
  if (target === 'rss')
    series = preferTree(
      run,
      tree && fromTree(tree, (s) => s.rss),
      fromCheckpoints(run.checkpoints, (c) => c.rss),
    );
  else if (target === 'fd')
    series = preferTree(
      run,
      tree && fromTree(tree, (s) => s.fds),
      fromCheckpoints(run.checkpoints, (c) => c.fds),
    );
  else if (target === 'heap') series = fromCheckpoints(run.checkpoints, (c) => c.heapUsed);
  else {
    const points = run.customSeries?.[target.replace(/^custom\./, '')] ?? [];
    series = { ops: null, minutes: points.map(([tMs]) => tMs / MS_PER_MINUTE), values: points.map(([, v]) => v) };
  }
  return series.values.length === 0 ? null : { minutes: series.minutes, values: series.values };
}
