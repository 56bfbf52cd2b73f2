// A Measurement: one workload's metrics summarised over its repeats. Produced
// by harness/metrics/derive.ts from RawRun[]; consumed by compare/, baseline/
// and report/.
import type { Direction, MetricUnit, NoiseClass } from './catalogue.js';
import type { Diagnosis, EnvFingerprint, LeakFinding } from './report.js';

export interface MetricSummary {
  readonly id: string;
  readonly unit: MetricUnit;
  readonly direction: Direction;
  readonly noise: NoiseClass;
  /** One value per repeat, in repeat order; for a pooled pause percentile, every repeat's pauses in repeat order. */
  readonly samples: readonly number[];
  readonly median: number;
  /** Median absolute deviation of the samples (unscaled); for a pooled percentile, its bootstrap MAD. */
  readonly spread: number;
  /**
   * A GC pause percentile read from the pauses of all repeats together, as no
   * repeat had enough on its own (metrics/pooled-pauses.ts). Absent otherwise.
   */
  readonly pooled?: true;
  /**
   * For a pooled percentile: how many of `samples` each repeat gave, in repeat
   * order, so compare can move whole repeats in its test (compare/metric.ts).
   */
  readonly repeatSizes?: readonly number[];
  /**
   * A heap peak read in the natural phase of every repeat, with the young
   * generation counted full (probe/heap-peaks.ts), or an RSS figure read up
   * to its end (model/raw-run.ts NaturalPhase.rss), not after memgate's
   * forced collections. Absent for process workloads, duration mode (RSS)
   * and older runs.
   */
  readonly naturalPhase?: true;
}

export interface RunSettings {
  readonly repeats: number;
  readonly warmupOps: number;
  /** Measured ops per repeat (for duration-based workloads, the median achieved); 0 before a time-sized run is calibrated. */
  readonly ops: number;
  readonly durationMs: number | null;
  /** Time-sized runs: the measured time the op count was calibrated for; null when ops or duration were set. */
  readonly timeMs: number | null;
  /**
   * Time-sized runs: operations in the natural phase (GC, latency, throughput),
   * decided by the first repeat: the op count, or more when that gave too few
   * GC pauses for a P95. Absent until decided, and for fixed ops or duration.
   */
  readonly naturalOps?: number;
  /** Operations between heap checkpoints; 0 until a time-sized run is calibrated. */
  readonly batchSize: number;
  /** Heap checkpoints a run aims at when no batch size is set. */
  readonly checkpoints: number;
  readonly sampleIntervalMs: number;
  readonly timeoutMs: number;
}

export interface Measurement {
  readonly workload: string;
  readonly kind: 'in-process' | 'process';
  /** Workload file relative to the config's root. */
  readonly file: string;
  /** Hash of the workload's definition (settings and source), to tell when a baseline is stale. */
  readonly definitionHash: string;
  readonly settings: RunSettings;
  readonly env: EnvFingerprint;
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  /**
   * Metrics this run could not compute, with why: a pause percentile needs
   * enough pauses. They have no value (never 0) and are never gated.
   */
  readonly insufficient: Readonly<Record<string, string>>;
  readonly leaks: readonly LeakFinding[];
  readonly diagnosis: Diagnosis | null;
  readonly notes: readonly string[];
  /**
   * Failures seen while measuring that fail the workload whatever the baseline
   * says: a process that did not shut down cleanly (timeout, wrong exit code,
   * processes left behind). Not harness errors: the measurement stands.
   */
  readonly problems: readonly string[];
  /** Growth limits held against the runs (absent when none were set). */
  readonly growth?: readonly GrowthCheck[];
}

/** Leak limits in base units (bytes/min, count/min, count), resolved from config and workload. */
export interface LeakLimits {
  readonly enabled: boolean;
  readonly heapRate: number;
  /** Heap (and external memory) growth per operation; null means 0 B/op beyond the noise floor. */
  readonly heapPerOp: number | null;
  readonly rssRate: number;
  readonly externalRate: number;
  readonly fdRate: number;
  readonly handlesGrowth: number;
  /** The time unit each per-minute limit was written in ("20MB/h" -> 'h'), so findings print in it. */
  readonly ratePer?: Readonly<Partial<Record<'heap' | 'rss' | 'fd', 'min' | 'h'>>>;
  /** Growth limits on any series: `growth` and `leak.rssGrowth` (config/growth-limits.ts). */
  readonly growth?: readonly GrowthLimit[];
}

/**
 * A growth limit on one series over the run: a rate ("5/h", "20MB/h"), a share
 * of the starting level ("10%"), or "stable" (no statistically supported growth).
 */
export interface GrowthLimit {
  /** 'rss', 'fd', 'heap' or 'custom.<name>'. */
  readonly target: string;
  readonly kind: 'rate' | 'relative' | 'stable';
  /** rate: per minute, in the target's unit; relative: a ratio (0.1); stable: 0. */
  readonly limit: number;
  /** Units of the series: bytes (rss, heap, custom metrics declared in bytes) or plain numbers. */
  readonly unit: 'bytes' | 'count';
  /** The time unit a rate is shown in: the one the user wrote. */
  readonly per: 'min' | 'h';
  /** The limit as written: "5/h", "10%", "stable". */
  readonly text: string;
}

/** One growth limit held against the runs: what compare turns into a `growth.<target>` verdict. */
export interface GrowthCheck {
  /** `growth.<target>`: growth.rss, growth.custom.goroutines. */
  readonly id: string;
  /** Unit of `value`: bytes/min or bytes/h, count/min or count/h, ratio. */
  readonly unit: string;
  /** Median over the repeats in `unit`; null when the series was not measured. */
  readonly value: number | null;
  /** over-limit fails; within passes (including "not enough evidence yet"); unmeasured fails. */
  readonly status: 'over-limit' | 'within' | 'unmeasured';
  readonly reason: string;
}
