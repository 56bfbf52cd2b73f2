// A JSON-lines log read back as time series, for `memgate analyze`: the same
// `logMetrics` match and map a process workload uses while it runs, but one
// value per matching line instead of one aggregate per run. Pure: text in,
// series out; bad input is a MemgateError naming the file, the line and the fix.
import { MemgateError } from '../../errors.js';
import { LOG_MEMORY_TARGETS, lookup, matchingRecord, type LogMetricsSpec } from './log-metrics.js';

export interface LogColumn {
  /** The mapped metric id ("rss.peak", "custom.goroutines"). */
  readonly metric: string;
  /** The JSON key it is read from. */
  readonly key: string;
  readonly unit: 'bytes' | 'count';
  /** One value per sample; null where that line lacked the key. */
  readonly values: ReadonlyArray<number | null>;
}

export interface LogSeries {
  /** Epoch milliseconds of each sample, in log order. */
  readonly times: readonly number[];
  readonly columns: readonly LogColumn[];
  /** 1-based line number of each sample. */
  readonly lines: readonly number[];
  /** Lines that were not JSON or did not match. */
  readonly skipped: number;
}

// Below this a number is seconds since the epoch (until the year 5138), above it milliseconds.
const SECONDS_BELOW = 1e11;

/**
 * Memory targets are bytes; so is a custom metric read from a key ending in
 * "_bytes" (the Go team's rss_bytes, heap_inuse_bytes). Everything else is a count.
 */
export function unitOf(metric: string, key: string): 'bytes' | 'count' {
  return Object.hasOwn(LOG_MEMORY_TARGETS, metric) || /_bytes$/i.test(key) ? 'bytes' : 'count';
}

export function readLogSeries(text: string, spec: LogMetricsSpec, timeKey: string, file: string): LogSeries {
  const times: number[] = [];
  const lines: number[] = [];
  const values = spec.mappings.map((): Array<number | null> => []);
  let skipped = 0;
  text.split('\n').forEach((line, index) => {
    const record = matchingRecord(line, spec);
    if (!record) {
      if (line.trim() !== '') skipped += 1;
      return;
    }
    times.push(timeOf(lookup(record, timeKey), file, index + 1, timeKey));
    lines.push(index + 1);
    spec.mappings.forEach((mapping, column) => {
      const value = lookup(record, mapping.key);
      values[column]?.push(typeof value === 'number' && Number.isFinite(value) ? value : null);
    });
  });
  if (times.length === 0)
    throw new MemgateError(
      'USAGE',
      `${file}: no line matched ${JSON.stringify(spec.match)} (${skipped} non-empty lines read); check --match, or the workload's logMetrics.match`,
    );
  const columns = spec.mappings.map((mapping, column) => ({
    metric: mapping.metric,
    key: mapping.key,
    unit: unitOf(mapping.metric, mapping.key),
    values: values[column] ?? [],
  }));
  for (const column of columns)
    if (column.values.every((value) => value === null))
      throw new MemgateError(
        'USAGE',
        `${file}: none of the ${times.length} matching lines has a number at "${column.key}" (mapped to ${column.metric}); fix the key in --map or logMetrics.map`,
      );
  return { times, columns, lines, skipped };
}

function timeOf(value: unknown, file: string, line: number, timeKey: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value < SECONDS_BELOW ? value * 1000 : value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new MemgateError(
    'USAGE',
    `${file}:${line}: expected a timestamp at "${timeKey}" (an ISO 8601 string or epoch seconds/milliseconds), found ${value === undefined ? 'no such key' : JSON.stringify(value)}; name the time key with --time`,
  );
}
