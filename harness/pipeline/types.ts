// What the pipeline hands from measuring to comparing and reporting.
import type { Measurement } from '../model/measurement.js';
import type { RawRun } from '../model/raw-run.js';
import type { RepeatPressure } from '../compare/contention.js';
import type { ResolvedWorkload } from '../workload/types.js';

export interface WorkloadFailure {
  readonly message: string;
  /** Last lines the child wrote to stderr. */
  readonly stderr: string;
}

/** The outcome of measuring one workload: a measurement, or why there is none. */
export type WorkloadResult =
  | {
      readonly workload: ResolvedWorkload;
      readonly ok: true;
      readonly measurement: Measurement;
      readonly runs: readonly RawRun[];
      /** How contended the CPU was during each kept repeat (absent: not recorded, e.g. A/B or soak). */
      readonly pressure?: readonly RepeatPressure[];
    }
  | {
      readonly workload: ResolvedWorkload;
      readonly ok: false;
      readonly error: WorkloadFailure;
      readonly runs: readonly RawRun[];
    };

export interface ProgressEvent {
  readonly workload: string;
  readonly workloadIndex: number;
  readonly workloadCount: number;
  readonly repeat: number;
  readonly repeats: number;
  readonly phase: 'start' | 'done' | 'confirm' | 'extend' | 'diagnose';
}
