// Metrics a process reports about itself in JSON log lines, e.g. a Go node's
// {"msg":"memory_sample","rss_bytes":…,"goroutines":…}. Pure: lines in,
// numbers out. Only mapped keys become metrics, so a service logging fifty
// numeric fields does not add fifty metrics (and fifty chances of noise) to
// every report.
import { MemgateError } from '../../errors.js';
import { CUSTOM_PREFIX } from '../../model/catalogue.js';
import type { ProcessWorkload } from '../../config/workload-schema.js';

export type Aggregate = 'max' | 'min' | 'last' | 'mean';

/** Catalogue ids a log value may feed, and the RawRun memory slot each fills. */
export const LOG_MEMORY_TARGETS = {
  'rss.peak': 'rssPeak',
  'rss.final': 'rssFinal',
  'heap.used.peak': 'heapUsedPeak',
  'heap.total.peak': 'heapTotalPeak',
  'heap.external.peak': 'externalPeak',
} as const;
type MemoryTarget = keyof typeof LOG_MEMORY_TARGETS;
export type LogMemorySlot = (typeof LOG_MEMORY_TARGETS)[MemoryTarget];

export interface LogMapping {
  /** JSON key; dots walk into nested objects ("modules.p2p.peers"). */
  readonly key: string;
  readonly metric: string;
  readonly aggregate: Aggregate;
}

export interface LogMetricsSpec {
  readonly match: Readonly<Record<string, string | number | boolean>>;
  readonly mappings: readonly LogMapping[];
}

export interface LogMetricsResult {
  /** custom metrics without the `custom.` prefix. */
  readonly custom: Record<string, number>;
  readonly memory: Partial<Record<LogMemorySlot, number>>;
  /** Lines that matched `match` and parsed. */
  readonly matchedLines: number;
  /** Each custom metric's values over time (Date.now() when read, value), for growth limits. */
  readonly series?: Record<string, Array<[number, number]>>;
}

/** Past this many points a custom series drops every other one: a soak logging every second stays small. */
export const LOG_SERIES_MAX_POINTS = 2000;

type LogMetricsConfig = NonNullable<ProcessWorkload['logMetrics']>;

/** Validates the mapping targets up front, so a typo fails before the process starts. */
export function compileLogMetrics(config: LogMetricsConfig, where: string): LogMetricsSpec {
  const mappings = Object.entries(config.map ?? {}).map(([key, target]): LogMapping => {
    const metric = typeof target === 'string' ? target : target.metric;
    const explicit = typeof target === 'string' ? undefined : target.aggregate;
    if (Object.hasOwn(LOG_MEMORY_TARGETS, metric))
      return { key, metric, aggregate: explicit ?? (metric === 'rss.final' ? 'last' : 'max') };
    if (metric.startsWith(CUSTOM_PREFIX) && metric.length > CUSTOM_PREFIX.length)
      return { key, metric, aggregate: explicit ?? 'last' };
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${where}: logMetrics.map["${key}"] expected "custom.<name>" or one of ${Object.keys(LOG_MEMORY_TARGETS).join(', ')}, found "${metric}"; map it to "custom.${key}" instead`,
    );
  });
  return { match: config.match ?? {}, mappings };
}

interface Accumulator {
  value: number;
  sum: number;
  count: number;
}

export class LogMetricsCollector {
  private readonly values = new Map<LogMapping, Accumulator>();
  private readonly series = new Map<string, Array<[number, number]>>();
  private matched = 0;

  constructor(private readonly spec: LogMetricsSpec) {}

  /** Reads one output line; returns true when it was a matching metrics line. */
  accept(line: string, at: number = Date.now()): boolean {
    const record = matchingRecord(line, this.spec);
    if (!record) return false;
    this.matched += 1;
    for (const mapping of this.spec.mappings) {
      const value = lookup(record, mapping.key);
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      this.add(mapping, value);
      if (mapping.metric.startsWith(CUSTOM_PREFIX)) this.record(mapping.metric.slice(CUSTOM_PREFIX.length), at, value);
    }
    return true;
  }

  result(): LogMetricsResult {
    const custom: Record<string, number> = {};
    const memory: Partial<Record<LogMemorySlot, number>> = {};
    for (const [mapping, acc] of this.values) {
      const value = mapping.aggregate === 'mean' ? acc.sum / acc.count : acc.value;
      if (mapping.metric.startsWith(CUSTOM_PREFIX)) custom[mapping.metric.slice(CUSTOM_PREFIX.length)] = value;
      else memory[LOG_MEMORY_TARGETS[mapping.metric as MemoryTarget]] = value;
    }
    const series = Object.fromEntries([...this.series].map(([name, points]) => [name, [...points]]));
    return { custom, memory, matchedLines: this.matched, series };
  }

  private record(name: string, at: number, value: number): void {
    let points = this.series.get(name);
    if (!points) this.series.set(name, (points = []));
    points.push([at, value]);
    if (points.length > LOG_SERIES_MAX_POINTS) {
      const kept = points.filter((_, index) => index % 2 === 0);
      this.series.set(name, kept);
    }
  }

  private add(mapping: LogMapping, value: number): void {
    const acc = this.values.get(mapping);
    if (!acc) {
      this.values.set(mapping, { value, sum: value, count: 1 });
      return;
    }
    acc.sum += value;
    acc.count += 1;
    if (mapping.aggregate === 'max') acc.value = Math.max(acc.value, value);
    else if (mapping.aggregate === 'min') acc.value = Math.min(acc.value, value);
    else acc.value = value;
  }
}

/** The line as a JSON object when it is one and matches `spec.match`; `memgate analyze` reads logs with it. */
export function matchingRecord(line: string, spec: Pick<LogMetricsSpec, 'match'>): Record<string, unknown> | undefined {
  const record = parseJsonObject(line);
  return record && matches(record, spec.match) ? record : undefined;
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function matches(record: Record<string, unknown>, match: LogMetricsSpec['match']): boolean {
  return Object.entries(match).every(([key, expected]) => lookup(record, key) === expected);
}

/** A key's value; dots walk into nested objects unless the record has the dotted key itself. */
export function lookup(record: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(record, key)) return record[key];
  let current: unknown = record;
  for (const part of key.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
