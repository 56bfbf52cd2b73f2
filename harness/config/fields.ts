// zod fields for human units. Each accepts a number (already in base units)
// or a string such as "40MB", and yields the number in base units, with an
// error message that says what was expected.
import * as z from 'zod';
import { parseBytes, parseDuration, parseFrequency, parsePercent } from '../units/parse.js';

function unitField(parse: (input: string | number) => number) {
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    try {
      const parsed = parse(value);
      if (!Number.isFinite(parsed) || parsed < 0)
        throw new TypeError(`expected a non-negative value, got ${JSON.stringify(value)}`);
      return parsed;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message, input: value });
      return z.NEVER;
    }
  });
}

/** Milliseconds, from 250 or "250ms", "30s", "6h". */
export const DurationField = unitField(parseDuration);
/** Bytes, from 1024 or "40MB", "512KiB". */
export const BytesField = unitField(parseBytes);
/** A ratio, from 0.1 or "10%". */
export const PercentField = unitField(parsePercent);
/** Operations per second, from 2 or "2Hz", "120/min". */
export const FrequencyField = unitField(parseFrequency);

/**
 * A value in a metric's own unit, kept as written; resolved against the
 * catalogue unit later. Budgets, floors and leak limits are sizes, counts,
 * times and rates, so a negative one could never be met: it is rejected here,
 * as a negative timeout is. A space between number and unit ("40 MB") is
 * accepted, as everywhere memgate reads units.
 */
export const MetricValueField = z.union([z.number(), z.string().min(1)]).superRefine((value, ctx) => {
  const negative = typeof value === 'number' ? value < 0 : /^\s*-/.test(value);
  if (negative || (typeof value === 'number' && !Number.isFinite(value)))
    ctx.addIssue({
      code: 'custom',
      message: `expected a non-negative ${typeof value === 'number' && !negative ? 'finite ' : ''}value such as "40MB", "5ms" or 64, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)} (a limit below zero can never be met)`,
      input: value,
    });
});

export const fn = <T extends (...args: never[]) => unknown>(what: string) =>
  z.custom<T>((value) => typeof value === 'function', { message: `expected ${what} to be a function` });

/** Per-metric gating rule. `false` turns gating off for that metric (it is still reported). */
export const ThresholdInput = z.union([
  z.literal(false),
  z
    .object({
      /** Smallest relative change that counts ("10%" or 0.1). */
      relative: PercentField.optional(),
      /** Smallest absolute change that counts, in the metric's unit ("2MB", "1ms", 64). */
      absolute: MetricValueField.optional(),
      /** For noisy metrics: require the rank test to agree (default true for noisy, false for deterministic). */
      test: z.boolean().optional(),
    })
    .strict(),
]);
export type ThresholdInput = z.input<typeof ThresholdInput>;

/** An absolute limit: "40MB" means `<= 40MB`; `{ min: "80%" }` means `>= 80%`. */
export const BudgetInput = z.union([
  MetricValueField,
  z.object({ max: MetricValueField.optional(), min: MetricValueField.optional() }).strict(),
]);
export type BudgetInput = z.input<typeof BudgetInput>;

const metricKey = z.string().refine((id) => id.length > 0, 'expected a metric id such as "alloc.perOp"');
export const ThresholdsInput = z.record(metricKey, ThresholdInput);
export const BudgetsInput = z.record(metricKey, BudgetInput);

/** Leak limits; growth at or below these is `stable`. */
export const LeakInput = z
  .object({
    /** Turn leak gating off (growth is still reported). */
    enabled: z.boolean().optional(),
    /** Heap-after-GC growth per minute ("0.1MB/min"). */
    heapRate: MetricValueField.optional(),
    /** Heap-after-GC growth per operation ("1B"). */
    heapPerOp: MetricValueField.optional(),
    /** RSS growth per minute ("0.1MB/min"). */
    rssRate: MetricValueField.optional(),
    /** RSS growth over the run as a share of its starting level ("10%"); same as growth: { rss: "10%" }. */
    rssGrowth: MetricValueField.optional(),
    /** File-descriptor growth per minute ("0.1/min"). */
    fdRate: MetricValueField.optional(),
    /** Active handles (timers, sockets) that may remain after the run. */
    handlesGrowth: z.number().int().nonnegative().optional(),
    /** Diagnose (heap snapshots, FD targets) when a leak is found. */
    diagnose: z.boolean().optional(),
    /** Skip heap snapshots when the heap is larger than this ("256MB"). */
    snapshotLimit: BytesField.optional(),
  })
  .strict();
export type LeakInput = z.input<typeof LeakInput>;

/**
 * Growth limits on any series, by target ("rss", "fd", "heap" or
 * "custom.<name>"): a rate ("5/h", "20MB/h"), growth over the run as a share
 * of the starting level ("10%"), or "stable" (no statistically supported
 * growth). Parsed in config/growth-limits.ts, where the target's unit is known.
 */
export const GrowthInput = z.record(
  z.string().min(1),
  z.string().min(1, 'expected a growth limit such as "5/h", "20MB/h", "10%" or "stable"'),
);
export type GrowthInput = z.input<typeof GrowthInput>;
