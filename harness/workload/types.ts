// A workload as loaded from its file, and as resolved once for every stage
// after it: run settings, leak limits and compare policy.
import type { Workload } from '../config/workload-schema.js';
import type { LeakLimits, RunSettings } from '../model/measurement.js';
import type { Policy } from '../compare/policy.js';

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

/**
 * A loaded workload with everything the pipeline needs resolved once, at load
 * time: a bad threshold or leak limit fails in a second, not after the run.
 */
export interface ResolvedWorkload extends LoadedWorkload {
  /** Config defaults overridden by the workload's own keys, then by --repeats. */
  readonly settings: RunSettings;
  readonly leakLimits: LeakLimits;
  /** Thresholds and budgets for compare; `run` applies only the budgets. */
  readonly policy: Policy;
}
