// Parent <-> child protocol for in-process workloads. The parent spawns
// `node --expose-gc <child entry>` with IPC and sends one `start` message; the
// child answers with exactly one `result` or `error` message, then exits.
import type { RawRun } from '../model/raw-run.js';

export { RAW_RUN_SCHEMA_VERSION } from '../model/versions.js';

export interface ChildSettings {
  readonly warmupOps: number;
  /** Measured operations; ignored when durationMs is set. */
  readonly ops: number;
  readonly durationMs: number | null;
  /** Operations between heap checkpoints; 0 with `timeMs`: ops / checkpoints after calibration. */
  readonly batchSize: number;
  /** Set when `ops` is 0: calibrate the op count during warmup so the measured phase lasts about this long. */
  readonly timeMs: number | null;
  /** Operations in the natural phase; 0: the op count, extended for GC pauses when the run is time-sized. */
  readonly naturalOps: number;
  /** Checkpoints to spread a calibrated op count over. */
  readonly checkpoints: number;
  /** Repeats of the run (fresh processes), for the natural phase's pooled-pause target; absent: 1. */
  readonly repeats?: number;
  readonly sampleIntervalMs: number;
}

export interface ChildDiagnose {
  /** Directory for heap snapshots (exists). */
  readonly dir: string;
  /** Checkpoint indices (0 = end of warmup) after which to write a heap snapshot. */
  readonly atCheckpoints: readonly number[];
  /** Skip snapshots (with a note) when heapUsed exceeds this many bytes. */
  readonly heapLimitBytes: number;
}

export interface StartMessage {
  readonly type: 'start';
  /** Absolute path of the bundled (plain JS, ESM) workload module. */
  readonly workloadModule: string;
  /** Export holding the workload definition (default: "default"). */
  readonly exportName: string;
  readonly repeatIndex: number;
  readonly settings: ChildSettings;
  readonly diagnose: ChildDiagnose | null;
}

export interface ResultMessage {
  readonly type: 'result';
  readonly run: RawRun;
}

export interface ErrorMessage {
  readonly type: 'error';
  /** Where it failed: loading the module, setup, an op, teardown, or the probe itself. */
  readonly phase: 'load' | 'setup' | 'warmup' | 'measure' | 'teardown' | 'probe';
  readonly message: string;
  readonly stack: string | null;
}

export type ChildMessage = ResultMessage | ErrorMessage;
