// memgate.config.* — validated with zod; defaults resolved here so the rest
// of memgate sees one complete, typed config.
import * as z from 'zod';
import { BudgetsInput, DurationField, GrowthInput, LeakInput, PercentField, ThresholdsInput } from './fields.js';

/** A repeat's measured phase lasts about this long when no op count is set (docs/running.md). */
export const DEFAULT_RUN_TIME_MS = 1000;

export const ConfigSchema = z
  .object({
    /** Globs of workload files, relative to the config file. */
    workloads: z.union([z.string(), z.array(z.string()).min(1)]).default('workloads/**/*.workload.ts'),
    /** Globs of tinybench or vitest bench files whose tasks are measured as workloads (harness/bench/). */
    benches: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    /** Where baselines live, relative to the config file. */
    baselineDir: z.string().default('baselines'),
    /** Scratch space: reports, heap snapshots, soak state, bundle cache. */
    outDir: z.string().default('.memgate'),
    /** Fresh processes per workload. */
    repeats: z.number().int().min(1).max(100).default(5),
    /** Per-repeat timeout unless a workload sets its own. */
    timeout: DurationField.default(60_000),
    /** Defaults for in-process workloads. */
    defaults: z
      .object({
        warmupOps: z.number().int().nonnegative().default(100),
        /** Measured operations for every workload; unset, each run is sized by `time`. */
        ops: z.number().int().positive().optional(),
        /** Measured time a repeat aims at when no `ops` is set: ops are calibrated during warmup. */
        time: DurationField.default(DEFAULT_RUN_TIME_MS),
        /** Checkpoints per repeat when a workload sets no batchSize. */
        checkpoints: z.number().int().min(3).max(1000).default(10),
        sampleInterval: DurationField.default(10),
      })
      .strict()
      .prefault({}),
    /** Per-metric threshold overrides for every workload. */
    thresholds: ThresholdsInput.default({}),
    /** Absolute limits for every workload. */
    budgets: BudgetsInput.default({}),
    /** Leak limits for every workload. */
    leak: LeakInput.default({}),
    /** Growth limits for every workload that measures the series ("custom.dbConns": "stable"). */
    growth: GrowthInput.default({}),
    compare: z
      .object({
        /** Re-run a workload whose noisy metric regressed this many times before the verdict stands. */
        confirmRuns: z.number().int().min(0).max(5).default(1),
        /** Significance level of the rank test. */
        alpha: z.number().gt(0).lt(0.5).default(0.05),
        /** Gate noisy metrics even when the environment differs from the baseline's. */
        strict: z.boolean().default(false),
        /** Smallest relative change reported as a change at all (below is `unchanged`). */
        noiseFloor: PercentField.optional(),
      })
      .strict()
      .prefault({}),
    update: z
      .object({
        /** Branches on which baselines may be updated (globs; `**` crosses "/", like the release/** trigger of baselines.yml). */
        branches: z.array(z.string()).default(['main', 'master', 'release/**']),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ConfigInput = z.input<typeof ConfigSchema>;
export type Config = z.output<typeof ConfigSchema>;

/** A loaded config: values plus where it came from (paths are resolved against `rootDir`). */
export interface ResolvedConfig extends Config {
  /** Absolute path of the config file, or undefined when defaults were used. */
  readonly configFile: string | undefined;
  /** Directory relative paths are resolved against. */
  readonly rootDir: string;
}
