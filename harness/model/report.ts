// The JSON report (`--reporter json`): the contract between `memgate compare`
// / `memgate run`, the GitHub action (which re-validates artifacts with this
// schema before rendering them), and users' own scripts. Versioned.
import * as z from 'zod';
import { WorkloadSeries } from './series.js';

export const REPORT_SCHEMA_VERSION = 1;

export const MetricStatus = z.enum([
  'unchanged', // within thresholds of the baseline
  'regressed', // worse beyond threshold, floor and (noisy metrics) the rank test
  'improved', // better beyond the same rules
  'noise', // changed, but not beyond noise
  'over-budget', // breaches an absolute budget, whatever the baseline says
  'new', // no baseline value yet
  'missing', // in the baseline, not measured now
  'measured', // `memgate run`: measured, not compared
  'insufficient', // too few events to compute (a P95 of 3 GC pauses): no value, never gated
  'contended', // wall-clock metric that moved while the CPU stayed contended, or GC time that kept pace with slower operations: informational
  'unmeasured', // could be produced but this run did not (no log line, a rate needs a longer run): no value; fails when a budget or growth limit depends on it
]);
export type MetricStatus = z.infer<typeof MetricStatus>;

export const WorkloadStatus = z.enum(['pass', 'regressed', 'improved', 'new', 'error']);
export type WorkloadStatus = z.infer<typeof WorkloadStatus>;

export const EnvFingerprint = z.object({
  node: z.string(),
  v8: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpuCount: z.number().int(),
  totalMemory: z.number(),
  /** cgroup memory limit in bytes, null when unlimited or unknown. */
  cgroupMemoryLimit: z.number().nullable(),
  nodeFlags: z.array(z.string()),
  memgateVersion: z.string(),
  /**
   * A process workload's measurement and baseline only: the measured
   * program's runtime ("python 3.11.7"), which memgate's own Node says nothing about.
   */
  runtime: z.string().optional(),
});
export type EnvFingerprint = z.infer<typeof EnvFingerprint>;

/**
 * Why an informational verdict does not gate: gating off (config or the
 * wall-clock default), another environment, another CPU (timed metrics), a
 * baseline an older memgate recorded differently (a heap peak read after
 * forced collections, or pauses pooled without per-repeat counts), a
 * contended CPU, or too little to measure.
 */
export const InformationalCause = z.enum([
  'not-gated',
  'environment',
  'cpu',
  'older-baseline',
  'pooled',
  'contended',
  'insufficient',
]);
export type InformationalCause = z.infer<typeof InformationalCause>;

export const MetricVerdict = z.object({
  id: z.string(),
  unit: z.string(),
  direction: z.enum(['lower', 'higher']),
  noise: z.enum(['deterministic', 'noisy']),
  current: z.number().nullable(),
  baseline: z.number().nullable(),
  /** Relative change, (current - baseline) / |baseline|; null without both. */
  change: z.number().nullable(),
  status: MetricStatus,
  /** Why: "+12.4% > 5% and +1.2MB > 1MB floor, p=0.008". */
  reason: z.string(),
  /** Spread (MAD) of the current samples. */
  spread: z.number().nullable().optional(),
  /** Rank-test p-value where one was computed. */
  pValue: z.number().nullable().optional(),
  /** True when the verdict does not gate (e.g. noisy metric on a mismatched environment). */
  informational: z.boolean().optional(),
  /** Why it does not gate, when informational (absent in reports of memgate before this field). */
  informationalCause: InformationalCause.optional(),
  /**
   * True when `current` is a GC pause percentile read from the pauses of all
   * repeats together (no repeat had enough on its own), not a median of one
   * value per repeat: it may read above `gc.pause.max`, a median of maxima.
   */
  pooled: z.boolean().optional(),
});
export type MetricVerdict = z.infer<typeof MetricVerdict>;

/** What memgate watches for growth: the V8 heap, RSS, external memory, file descriptors, handles. */
export const LeakResource = z.enum(['heap', 'rss', 'external', 'fd', 'handles']);
export type LeakResource = z.infer<typeof LeakResource>;

export const LeakStatus = z.enum(['stable', 'suspicious', 'leaking']);
export const LeakShape = z.enum(['flat', 'linear', 'accelerating', 'plateau', 'irregular']);

/** Growth of one resource over the checkpoints after warmup, combined across repeats. */
export const LeakFinding = z.object({
  resource: LeakResource,
  status: LeakStatus,
  shape: LeakShape,
  /** Growth per operation (robust slope, median across repeats); null without ops. */
  perOp: z.number().nullable(),
  /** Growth per minute (robust slope, median across repeats). */
  perMin: z.number(),
  /** Confidence interval of perMin. */
  ci: z.tuple([z.number(), z.number()]),
  /** The limit the verdict was held against, in the unit of `basis` (perMin when `basis` is absent). */
  limit: z.number(),
  /**
   * What was gated: growth per operation (bytes/op; heap and external memory
   * of runs with operations), per minute (bytes/min or count/min), or a count
   * left behind (handles).
   */
  basis: z.enum(['perOp', 'perMin', 'count']).optional(),
  unit: z.enum(['bytes', 'count']),
  /** Per-minute findings whose limit was written per hour ("20MB/h"): rates are shown per hour. */
  shownPer: z.enum(['min', 'h']).optional(),
  /** Repeats in which this resource grew. */
  repeatsGrowing: z.number().int(),
  repeats: z.number().int(),
  reason: z.string(),
  /** Set when the first run could not decide and longer runs did (or ran out): ops per repeat of the run that gave this verdict. */
  decidedAtOps: z.number().int().positive().optional(),
});
export type LeakFinding = z.infer<typeof LeakFinding>;

/** "What grew", for a PR comment. */
export const Diagnosis = z.object({
  heap: z
    .object({
      /** Top object types by growth between two snapshots after warmup. */
      growers: z.array(z.object({ name: z.string(), countDelta: z.number(), sizeDelta: z.number() })),
      /** One retainer path for the top grower, root first. */
      retainerPath: z.array(z.string()).nullable(),
      snapshots: z.array(z.string()),
      /** Where the growers come from: V8 heap snapshots (absent: the same) or Python's tracemalloc (file:line). */
      source: z.enum(['heap-snapshots', 'tracemalloc']).optional(),
    })
    .nullable(),
  /** Why heap diagnosis was skipped (heap over the snapshot limit, ...). */
  heapSkipped: z.string().nullable().optional(),
  handles: z.array(z.object({ type: z.string(), delta: z.number() })),
  fds: z.array(z.object({ target: z.string(), delta: z.number() })),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const BaselineRef = z.object({
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  recordedAt: z.string(),
});

export const WorkloadReport = z.object({
  name: z.string(),
  /** Workload file relative to the config's root, for annotations. */
  file: z.string(),
  kind: z.enum(['in-process', 'process']),
  /** Process workloads: the measured program's runtime, when its probe named it ("python 3.11.7"). */
  runtime: z.string().optional(),
  status: WorkloadStatus,
  metrics: z.array(MetricVerdict),
  leaks: z.array(LeakFinding),
  diagnosis: Diagnosis.nullable(),
  error: z.object({ message: z.string(), stderr: z.string() }).nullable(),
  baseline: BaselineRef.nullable(),
  /** Differences between this environment and the baseline's ("node 20 -> 22"). */
  envMismatch: z.array(z.string()),
  /** Times this workload was re-run to confirm a noisy regression. */
  confirmRuns: z.number().int(),
  repeats: z.number().int(),
  notes: z.array(z.string()),
  /** Failures that fail the workload whatever the baseline says (e.g. a graceful shutdown that failed). */
  problems: z.array(z.string()).optional(),
  /** Checkpoints and GC pauses to draw (HTML reporter); absent in reports of older versions. */
  series: WorkloadSeries.optional(),
});
export type WorkloadReport = z.infer<typeof WorkloadReport>;

export const Report = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.literal('memgate'),
  /** `ab`: `compare --base <ref>`, the base's samples measured in the same job in place of baselines. */
  mode: z.enum(['run', 'compare', 'soak', 'ab']),
  status: z.enum(['pass', 'regressed', 'error']),
  createdAt: z.string(),
  env: EnvFingerprint,
  /** Git commit and branch measured, when known. */
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  workloads: z.array(WorkloadReport),
  /** `ab` mode: the two sides, both measured on this machine, interleaved. */
  ab: z
    .object({
      base: z.object({ ref: z.string(), commit: z.string() }),
      head: z.object({ ref: z.string().nullable(), commit: z.string().nullable() }),
      /** Seed of the per-pair random order, to reproduce it. */
      seed: z.number().int(),
    })
    .optional(),
  summary: z.object({
    workloads: z.number().int(),
    regressed: z.number().int(),
    improved: z.number().int(),
    new: z.number().int(),
    errors: z.number().int(),
    leaks: z.number().int(),
    overBudget: z.number().int(),
  }),
});
export type Report = z.infer<typeof Report>;

/** Modes that judge against a reference (baselines, or the base side in `ab`), as opposed to `run` and `soak`. */
export function isComparison(mode: Report['mode']): boolean {
  return mode === 'compare' || mode === 'ab';
}
