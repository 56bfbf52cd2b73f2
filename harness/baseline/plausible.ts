// What a recorded number can possibly be, by unit and metric. A hand-edited
// or corrupted baseline with a negative peak RSS or an allocation of 1e308
// bytes per operation would otherwise compare as "within noise" forever, so
// the baseline schema rejects it, naming the key.
import type * as z from 'zod';
import { METRIC_CATALOGUE, type MetricUnit } from '../model/catalogue.js';

interface UnitRange {
  /** Largest magnitude a real measurement reaches, with a wide margin. */
  readonly max: number;
  /** How the limit reads in a message. */
  readonly maxText: string;
}

const PIB = 2 ** 50;

// Far above anything a CI machine measures, far below what a typo or a corrupted write produces.
export const UNIT_RANGES: Record<MetricUnit, UnitRange> = {
  bytes: { max: PIB, maxText: '1 PiB' },
  'bytes/op': { max: 2 ** 40, maxText: '1 TiB per operation' },
  'bytes/min': { max: PIB, maxText: '1 PiB per minute' },
  count: { max: 1e12, maxText: '1e12' },
  'count/min': { max: 1e12, maxText: '1e12 per minute' },
  ms: { max: 1e10, maxText: '1e10 ms (115 days)' },
  ratio: { max: 1e6, maxText: '1e6' },
  'ops/s': { max: 1e12, maxText: '1e12 per second' },
  number: { max: Number.MAX_VALUE, maxText: 'any finite number' },
};

export const METRIC_UNITS = Object.keys(UNIT_RANGES) as MetricUnit[];

function isMetricUnit(unit: string): unit is MetricUnit {
  return Object.hasOwn(UNIT_RANGES, unit);
}

/** Growth and slopes may shrink; custom metrics are whatever the workload reports. */
export function mayBeNegative(id: string): boolean {
  return id.startsWith('custom.') || id.startsWith('leak.') || id.endsWith('.growth') || id.endsWith('.rate');
}

interface RecordedMetric {
  readonly unit: string;
  readonly median: number;
  readonly spread: number;
  readonly samples: readonly number[];
  readonly repeatSizes?: readonly number[] | undefined;
}

/** zod superRefine for the baseline's `metrics` record: one issue per impossible value, keyed by path. */
export function checkPlausibleMetrics(metrics: Record<string, RecordedMetric>, ctx: z.RefinementCtx): void {
  for (const [id, metric] of Object.entries(metrics)) {
    const known = Object.hasOwn(METRIC_CATALOGUE, id)
      ? METRIC_CATALOGUE[id as keyof typeof METRIC_CATALOGUE]
      : undefined;
    if (!isMetricUnit(metric.unit)) {
      ctx.addIssue({
        code: 'custom',
        path: [id, 'unit'],
        message: `expected one of ${METRIC_UNITS.join(', ')}, found ${JSON.stringify(metric.unit)}`,
        input: metric.unit,
      });
      continue;
    }
    if (known && known.unit !== metric.unit) {
      ctx.addIssue({
        code: 'custom',
        path: [id, 'unit'],
        message: `expected "${known.unit}" for ${id}, found ${JSON.stringify(metric.unit)}`,
        input: metric.unit,
      });
      continue;
    }
    const range = UNIT_RANGES[metric.unit];
    const negativeOk = mayBeNegative(id);
    const check = (value: number, path: ReadonlyArray<string | number>, canBeNegative: boolean): void => {
      const low = canBeNegative ? -range.max : 0;
      if (value >= low && value <= range.max) return;
      const span = canBeNegative ? `from -${range.maxText} to ${range.maxText}` : `from 0 to ${range.maxText}`;
      ctx.addIssue({
        code: 'custom',
        path: [id, ...path],
        message: `expected a ${metric.unit} value ${span}, found ${value} (no measurement can produce it)`,
        input: value,
      });
    };
    check(metric.median, ['median'], negativeOk);
    check(metric.spread, ['spread'], false);
    metric.samples.forEach((sample, index) => check(sample, ['samples', index], negativeOk));
    checkRepeatSizes(id, metric, ctx);
  }
}

// A pooled percentile's repeats split its samples; sizes that do not add up would split them wrongly.
function checkRepeatSizes(id: string, metric: RecordedMetric, ctx: z.RefinementCtx): void {
  if (!metric.repeatSizes) return;
  const total = metric.repeatSizes.reduce((sum, size) => sum + size, 0);
  if (total === metric.samples.length) return;
  ctx.addIssue({
    code: 'custom',
    path: [id, 'repeatSizes'],
    message: `expected repeat sizes that add up to the ${metric.samples.length} samples, found ${total} (re-record the baseline with memgate update)`,
    input: metric.repeatSizes,
  });
}
