// The series behind the HTML report's charts, as the JSON report carries
// them (optional, so older reports still validate): heap, RSS and FD
// readings of every repeat over operations (or over time for process
// workloads and soaks), a Theil–Sen fit with its 95% interval, and GC pauses
// binned by kind. Made by metrics/series.ts.
import * as z from 'zod';

/** Points kept per repeat and resource: enough for a smooth line, small enough for a 5 MB report cap. */
export const SERIES_MAX_POINTS = 200;

/** Upper edges (ms) of the GC pause bins; the last bin holds everything longer. */
export const GC_PAUSE_BIN_EDGES_MS: readonly number[] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100];

const Line = z.object({ x: z.array(z.number()), y: z.array(z.number()) });

export const ResourceSeries = z.object({
  resource: z.enum(['heap', 'rss', 'fd']),
  unit: z.enum(['bytes', 'count']),
  /** One line per repeat, thinned to SERIES_MAX_POINTS. */
  repeats: z.array(Line),
  /** Median over repeats of each repeat's Theil–Sen fit (slope per x unit); null without two distinct x. */
  fit: z.object({ slope: z.number(), intercept: z.number(), low: z.number(), high: z.number() }).nullable(),
});
export type ResourceSeries = z.infer<typeof ResourceSeries>;

export const GcPauseBins = z.object({
  kind: z.enum(['minor', 'major', 'incremental', 'weakcb']),
  /** Pauses per bin; bin i holds pauses up to GC_PAUSE_BIN_EDGES_MS[i], the last one the rest. */
  bins: z.array(z.number().int().nonnegative()),
  count: z.number().int().nonnegative(),
  totalMs: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
});
export type GcPauseBins = z.infer<typeof GcPauseBins>;

export const WorkloadSeries = z.object({
  /** x is measured operations ("ops") or milliseconds of measured time ("ms"). */
  axis: z.enum(['ops', 'ms']),
  resources: z.array(ResourceSeries),
  gcPauses: z.array(GcPauseBins),
  /** Points of note on the x axis, e.g. a soak's breach. */
  marks: z.array(z.object({ x: z.number(), label: z.string() })),
});
export type WorkloadSeries = z.infer<typeof WorkloadSeries>;
