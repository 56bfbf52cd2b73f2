// PLACEHOLDER signature, replaced by the leak-detection engineer.
import type { ResolvedConfig } from '../config/schema.js';
import type { Diagnosis, LeakFinding } from '../report/schema.js';
import type { LoadedWorkload } from '../runner/types.js';

export interface DiagnoseOptions {
  readonly signal?: AbortSignal;
}

/**
 * Runs one extra repeat with heap snapshots and resource tracing, and says
 * what grew. Called by the runner when a finding is `leaking`, or always
 * with `--diagnose`.
 */
export async function diagnoseWorkload(
  _workload: LoadedWorkload,
  _config: ResolvedConfig,
  _findings: readonly LeakFinding[],
  _options: DiagnoseOptions,
): Promise<Diagnosis | null> {
  return null;
}
