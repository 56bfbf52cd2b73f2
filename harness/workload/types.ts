// What the runner hands to derivation, comparison and reporting.
import type { Workload } from '../config/workload-schema.js';
import type { Measurement } from '../model/measurement.js';
import type { RawRun } from '../model/raw-run.js';

/** A workload file, loaded and validated, ready to run. */
export interface LoadedWorkload {
  readonly name: string;
  readonly kind: 'in-process' | 'process';
  /** Absolute path of the source file. */
  readonly file: string;
  /** Path relative to the config's rootDir (for reports and annotations). */
  readonly relativeFile: string;
  /** Absolute path of the plain-JS ESM bundle the child imports. */
  readonly bundle: string;
  /** Export that holds this workload ("default" or a named export). */
  readonly exportName: string;
  /** The validated definition (functions included). */
  readonly definition: Workload;
  /** sha256 of the bundle and the resolved settings: a changed workload invalidates its baseline. */
  readonly definitionHash: string;
}

export interface WorkloadFailure {
  readonly message: string;
  /** Last lines the child wrote to stderr. */
  readonly stderr: string;
}

/** The outcome of measuring one workload: a measurement, or why there is none. */
export type WorkloadResult =
  | {
      readonly workload: LoadedWorkload;
      readonly ok: true;
      readonly measurement: Measurement;
      readonly runs: readonly RawRun[];
    }
  | {
      readonly workload: LoadedWorkload;
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
  readonly phase: 'start' | 'done' | 'confirm' | 'diagnose';
}
