// The series behind the HTML report's charts (the shape is model/series.ts):
// thinned readings of every repeat, a Theil–Sen fit with its interval, and
// GC pauses binned by kind. Pure: RawRun[] in, a small bounded structure out.
import type { Checkpoint, RawRun, TreeSample } from '../model/raw-run.js';
import {
  GC_PAUSE_BIN_EDGES_MS,
  SERIES_MAX_POINTS,
  type GcPauseBins,
  type ResourceSeries,
  type WorkloadSeries,
} from '../model/series.js';
import { median } from '../stats/quantile.js';
import { theilSen } from '../stats/slope.js';
import { thinIndices } from '../stats/ties.js';

type Reading = { x: number; y: number };

/** Series of one workload's repeats; null when no repeat recorded anything to draw. */
export function seriesFromRuns(runs: readonly RawRun[], marks: WorkloadSeries['marks'] = []): WorkloadSeries | null {
  if (runs.length === 0) return null;
  // Operations are the axis where every repeat counted some; time otherwise (process workloads, soaks).
  const axis = runs.every((run) => run.kind === 'in-process' && run.ops > 0) ? 'ops' : 'ms';
  const xOf = (point: { op?: number; tMs: number }) => (axis === 'ops' ? (point.op ?? 0) : point.tMs);
  const heap = resourceSeries('heap', 'bytes', runs, (run) =>
    fromCheckpoints(run.checkpoints, xOf, (c) => c.heapUsed - (c.codeSpace ?? 0)),
  );
  const rss = resourceSeries('rss', 'bytes', runs, (run) =>
    preferTree(
      run,
      (s) => s.rss,
      xOf,
      (c) => c.rss,
    ),
  );
  const fd = resourceSeries('fd', 'count', runs, (run) =>
    preferTree(
      run,
      (s) => s.fds,
      xOf,
      (c) => c.fds,
    ),
  );
  const resources = [heap, rss, fd].filter((series): series is ResourceSeries => series !== null);
  const gcPauses = binPauses(runs);
  if (resources.length === 0 && gcPauses.length === 0 && marks.length === 0) return null;
  return { axis, resources, gcPauses, marks: [...marks] };
}

function fromCheckpoints(
  checkpoints: readonly Checkpoint[],
  xOf: (point: Checkpoint) => number,
  read: (checkpoint: Checkpoint) => number | null,
): Reading[] {
  const out: Reading[] = [];
  for (const checkpoint of checkpoints) {
    const y = read(checkpoint);
    if (y !== null) out.push({ x: xOf(checkpoint), y });
  }
  return out;
}

// Process workloads are watched from outside: RSS and FDs of the whole tree, as the leak analysis reads them.
function preferTree(
  run: RawRun,
  readTree: (sample: TreeSample) => number | null,
  xOf: (point: Checkpoint) => number,
  readCheckpoint: (checkpoint: Checkpoint) => number | null,
): Reading[] {
  if (run.kind === 'process' && run.tree) {
    const fromTree: Reading[] = [];
    for (const sample of run.tree) {
      const y = readTree(sample);
      if (y !== null) fromTree.push({ x: sample.tMs, y });
    }
    if (fromTree.length > 0) return fromTree;
  }
  return fromCheckpoints(run.checkpoints, xOf, readCheckpoint);
}

function resourceSeries(
  resource: ResourceSeries['resource'],
  unit: ResourceSeries['unit'],
  runs: readonly RawRun[],
  readingsOf: (run: RawRun) => Reading[],
): ResourceSeries | null {
  const perRun = runs.map(readingsOf).filter((readings) => readings.length > 0);
  if (perRun.length === 0) return null;
  const fits = perRun
    .filter((readings) => new Set(readings.map((r) => r.x)).size >= 2)
    .map((readings) =>
      theilSen(
        readings.map((r) => r.x),
        readings.map((r) => r.y),
      ),
    );
  const fit =
    fits.length === 0
      ? null
      : {
          slope: median(fits.map((f) => f.slope)),
          intercept: median(fits.map((f) => f.intercept)),
          low: median(fits.map((f) => f.low)),
          high: median(fits.map((f) => f.high)),
        };
  const repeats = perRun.map((readings) => {
    const kept = thinIndices(readings.length, SERIES_MAX_POINTS).map((i) => readings[i] as Reading);
    return { x: kept.map((r) => r.x), y: kept.map((r) => r.y) };
  });
  return { resource, unit, repeats, fit };
}

/** GC pauses of every repeat together, binned by kind; kinds without pauses are left out. */
export function binPauses(runs: readonly RawRun[]): GcPauseBins[] {
  const byKind = new Map<GcPauseBins['kind'], GcPauseBins>();
  for (const run of runs) {
    for (const pause of run.gc?.pauses ?? []) {
      let entry = byKind.get(pause.kind);
      if (!entry) {
        entry = {
          kind: pause.kind,
          bins: new Array<number>(GC_PAUSE_BIN_EDGES_MS.length + 1).fill(0),
          count: 0,
          totalMs: 0,
          maxMs: 0,
        };
        byKind.set(pause.kind, entry);
      }
      const index = GC_PAUSE_BIN_EDGES_MS.findIndex((edge) => pause.ms <= edge);
      const bin = index < 0 ? GC_PAUSE_BIN_EDGES_MS.length : index;
      entry.bins[bin] = (entry.bins[bin] ?? 0) + 1;
      entry.count++;
      entry.totalMs += pause.ms;
      entry.maxMs = Math.max(entry.maxMs, pause.ms);
    }
  }
  const order: readonly GcPauseBins['kind'][] = ['minor', 'major', 'incremental', 'weakcb'];
  return order.flatMap((kind) => {
    const entry = byKind.get(kind);
    return entry ? [entry] : [];
  });
}
