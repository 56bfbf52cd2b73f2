// The metric catalogue: every metric memgate measures, its unit, which way is
// better, and whether it is deterministic (same program -> same number, so a
// tight threshold is safe) or noisy (needs repeats, a floor and a rank test).
// Noise classes follow run-to-run measurements on Node 20, 2 cores: GC counts and bytes
// allocated repeat to ~0.05%; RSS 0.2-1.5%; heap after GC 1-2%; pauses and
// latency 16-60%.

export type MetricUnit =
  'bytes' | 'bytes/op' | 'bytes/min' | 'count' | 'count/min' | 'ms' | 'ratio' | 'ops/s' | 'number';

export type Direction = 'lower' | 'higher';
export type NoiseClass = 'deterministic' | 'noisy';

export interface MetricInfo {
  readonly id: string;
  readonly unit: MetricUnit;
  /** Which way is better. */
  readonly direction: Direction;
  readonly noise: NoiseClass;
  readonly description: string;
}

function metric(
  id: string,
  unit: MetricUnit,
  noise: NoiseClass,
  description: string,
  direction: Direction = 'lower',
): MetricInfo {
  return { id, unit, direction, noise, description };
}

export const METRIC_CATALOGUE = {
  'rss.peak': metric(
    'rss.peak',
    'bytes',
    'noisy',
    "Peak resident set size (sampled, and the kernel's high-water mark since the child's exec); in-process runs: up to the natural phase's end, before memgate's forced collections",
  ),
  'rss.final': metric(
    'rss.final',
    'bytes',
    'noisy',
    'Resident set size at the end of the measured phase (in-process runs: of the natural phase)',
  ),
  'heap.used.peak': metric('heap.used.peak', 'bytes', 'noisy', 'Peak V8 heap used'),
  'heap.total.peak': metric('heap.total.peak', 'bytes', 'noisy', 'Peak V8 heap reserved'),
  'heap.external.peak': metric(
    'heap.external.peak',
    'bytes',
    'noisy',
    'Peak memory held outside the V8 heap (Buffers, ArrayBuffers, native)',
  ),
  'alloc.perOp': metric(
    'alloc.perOp',
    'bytes/op',
    'deterministic',
    'Bytes allocated on the V8 heap per operation (from GC statistics)',
  ),
  'gc.count': metric(
    'gc.count',
    'count',
    'deterministic',
    'Garbage collections during the measured phase, forced ones excluded',
  ),
  'gc.count.minor': metric('gc.count.minor', 'count', 'deterministic', 'Minor (scavenge) collections'),
  'gc.count.major': metric(
    'gc.count.major',
    'count',
    'deterministic',
    'Major (mark-sweep-compact) collections, forced ones excluded',
  ),
  'gc.count.gen0': metric('gc.count.gen0', 'count', 'deterministic', 'Python collections of generation 0'),
  'gc.count.gen1': metric('gc.count.gen1', 'count', 'deterministic', 'Python collections of generation 1'),
  'gc.count.gen2': metric('gc.count.gen2', 'count', 'deterministic', 'Python full collections (generation 2)'),
  'gc.pause.p50': metric('gc.pause.p50', 'ms', 'noisy', 'Median GC pause'),
  'gc.pause.p95': metric('gc.pause.p95', 'ms', 'noisy', '95th percentile GC pause'),
  'gc.pause.p99': metric('gc.pause.p99', 'ms', 'noisy', '99th percentile GC pause'),
  'gc.pause.max': metric('gc.pause.max', 'ms', 'noisy', 'Longest GC pause'),
  'gc.time': metric('gc.time', 'ms', 'noisy', 'Total GC pause time'),
  'gc.timeFraction': metric('gc.timeFraction', 'ratio', 'noisy', 'Share of measured wall time spent in GC pauses'),
  'leak.heap.perOp': metric(
    'leak.heap.perOp',
    'bytes/op',
    'noisy',
    'Growth of the heap after full GC, per operation (robust slope)',
  ),
  'leak.heap.rate': metric(
    'leak.heap.rate',
    'bytes/min',
    'noisy',
    'Growth of the heap after full GC, per minute (robust slope)',
  ),
  'leak.rss.rate': metric('leak.rss.rate', 'bytes/min', 'noisy', 'Growth of RSS per minute (robust slope)'),
  'fd.peak': metric('fd.peak', 'count', 'deterministic', 'Most open file descriptors at once'),
  'fd.growth': metric(
    'fd.growth',
    'count',
    'deterministic',
    'Open file descriptors at the end minus at the start of the measured phase',
  ),
  'fd.rate': metric('fd.rate', 'count/min', 'noisy', 'Growth of open file descriptors per minute (robust slope)'),
  'handles.peak': metric(
    'handles.peak',
    'count',
    'deterministic',
    'Most active resources (timers, sockets, requests) at once',
  ),
  'handles.growth': metric(
    'handles.growth',
    'count',
    'deterministic',
    'Active resources at the end minus at the start of the measured phase',
  ),
  'latency.p50': metric('latency.p50', 'ms', 'noisy', 'Median time per operation'),
  'latency.p95': metric('latency.p95', 'ms', 'noisy', '95th percentile time per operation'),
  'latency.p99': metric('latency.p99', 'ms', 'noisy', '99th percentile time per operation'),
  throughput: metric('throughput', 'ops/s', 'noisy', 'Operations per second', 'higher'),
  'shutdown.time': metric(
    'shutdown.time',
    'ms',
    'noisy',
    'Time from the stop signal to process exit (process workloads)',
  ),
  'cpu.percent': metric(
    'cpu.percent',
    'ratio',
    'noisy',
    'CPU time (user + system) of the process tree over wall time of the measured phase; 100% is one core (process workloads)',
  ),
  'threads.peak': metric(
    'threads.peak',
    'count',
    'noisy',
    'Most threads of the process tree at once, summed over its processes (process workloads, Linux)',
  ),
} as const satisfies Record<string, MetricInfo>;

export type CatalogueMetricId = keyof typeof METRIC_CATALOGUE;
/** A catalogue id, `custom.<name>` reported by a workload, or `fd.match.<name>` from its fdPatterns. */
export type MetricId = CatalogueMetricId | `custom.${string}` | `fd.match.${string}`;

export const CUSTOM_PREFIX = 'custom.';
/** `fd.match.<name>`: open FDs whose target matches the process workload's `fdPatterns.<name>`. */
export const FD_MATCH_PREFIX = 'fd.match.';

const FD_MATCH_INFO = {
  unit: 'count',
  direction: 'lower',
  noise: 'deterministic',
  description: "Most open FDs at once whose target matches the workload's fdPatterns entry (process workloads, Linux)",
} as const;

export function isCatalogueMetric(id: string): id is CatalogueMetricId {
  return Object.hasOwn(METRIC_CATALOGUE, id);
}

export function isKnownMetricId(id: string): id is MetricId {
  return (
    isCatalogueMetric(id) ||
    (id.startsWith(CUSTOM_PREFIX) && id.length > CUSTOM_PREFIX.length) ||
    (id.startsWith(FD_MATCH_PREFIX) && id.length > FD_MATCH_PREFIX.length)
  );
}

/** Custom metrics are noisy and lower-is-better unless the workload says otherwise. */
export function metricInfo(id: string, custom?: Partial<Omit<MetricInfo, 'id'>>): MetricInfo {
  if (isCatalogueMetric(id)) return METRIC_CATALOGUE[id];
  if (id.startsWith(FD_MATCH_PREFIX)) return { id, ...FD_MATCH_INFO };
  return {
    id,
    unit: custom?.unit ?? 'number',
    direction: custom?.direction ?? 'lower',
    noise: custom?.noise ?? 'noisy',
    description: custom?.description ?? 'Custom metric reported by the workload',
  };
}
