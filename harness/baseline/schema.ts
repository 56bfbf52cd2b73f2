// The baseline file (`baselines/<workload>.json`): the single source of truth
// for its format. `scripts/gen-baseline-schema.ts` derives the committed JSON
// Schema (for editor completion) from these definitions.
import * as z from 'zod';
import { EnvFingerprint } from '../model/report.js';
import { checkPlausibleMetrics } from './plausible.js';

export const BASELINE_SCHEMA_VERSION = 1;
export const BASELINE_JSON_SCHEMA_FILE = 'memgate-baseline.schema.json';

export const RunSettingsSchema = z
  .object({
    repeats: z.number().int().positive(),
    warmupOps: z.number().int().nonnegative(),
    ops: z.number().nonnegative(),
    durationMs: z.number().nonnegative().nullable(),
    /** Absent in baselines recorded before time-sized runs. */
    timeMs: z.number().nonnegative().nullable().optional(),
    /** Absent in baselines recorded before the natural phase, and for fixed ops or duration. */
    naturalOps: z.number().int().positive().optional(),
    batchSize: z.number().int().nonnegative(),
    checkpoints: z.number().int().positive().optional(),
    sampleIntervalMs: z.number().nonnegative(),
    timeoutMs: z.number().nonnegative(),
  })
  .strict();

export const BaselineMetric = z
  .object({
    /** Unit from the metric catalogue ("bytes", "bytes/op", "ms", ...). */
    unit: z.string().describe('Unit from the metric catalogue (bytes, bytes/op, ms, ...)'),
    /** Median over the repeats: what a comparison holds the current median against. */
    median: z.number().describe('Median over the repeats'),
    /** Median absolute deviation of the samples (unscaled). */
    spread: z.number().nonnegative().describe('Median absolute deviation of the samples'),
    /** One value per repeat, for the rank test of noisy metrics; for a pooled pause percentile, the pauses. */
    samples: z
      .array(z.number())
      .describe('One value per repeat, for the rank test; for a pooled pause percentile, every GC pause'),
    /** A GC pause percentile read from the pauses of all repeats together (no repeat had enough). */
    pooled: z
      .literal(true)
      .optional()
      .describe('A GC pause percentile read from the pauses of all repeats together: samples are the pauses'),
    /** For a pooled percentile: the pauses each repeat gave, in repeat order (samples split into repeats). */
    repeatSizes: z
      .array(z.number().int().nonnegative())
      .optional()
      .describe('For a pooled percentile: how many of the samples each repeat gave, in repeat order'),
    /** A heap peak (young generation counted full) or an RSS figure read in the natural phase, not after forced collections. */
    naturalPhase: z
      .literal(true)
      .optional()
      .describe(
        "A heap peak (the young generation counted full) or an RSS figure read in the natural phase; absent: read after memgate's forced collections (older baselines, process workloads, duration mode)",
      ),
  })
  .strict();
export type BaselineMetric = z.infer<typeof BaselineMetric>;

export const Baseline = z
  .object({
    /** Relative path to the JSON Schema, for editors. */
    $schema: z.string().optional().describe('Relative path to this JSON Schema'),
    schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
    workload: z.string().describe('Workload name (names this file)'),
    /** Hash of the workload's definition when recorded: a different hash means the baseline may be stale. */
    definitionHash: z.string().describe('Hash of the workload bundle and settings when recorded'),
    kind: z.enum(['in-process', 'process']),
    env: EnvFingerprint,
    settings: RunSettingsSchema,
    recorded: z
      .object({
        /** ISO timestamp. */
        at: z.string(),
        commit: z.string().nullable(),
        branch: z.string().nullable(),
      })
      .strict(),
    metrics: z
      .record(z.string(), BaselineMetric)
      .superRefine(checkPlausibleMetrics)
      .describe('Recorded metrics by id (alloc.perOp, rss.peak, ...)'),
  })
  .strict();
export type Baseline = z.infer<typeof Baseline>;

/** Where and when a baseline is recorded. */
export interface RecordedInfo {
  readonly at: string;
  readonly commit: string | null;
  readonly branch: string | null;
}
