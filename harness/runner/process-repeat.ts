// PLACEHOLDER: replaced by the process-workloads engineer.
import type { ResolvedConfig } from '../config/schema.js';
import type { RawRun } from '../probe/raw-run.js';
import type { LoadedWorkload } from './types.js';
import { MemgateError } from '../errors.js';

export interface ProcessRepeatOptions {
  readonly repeatIndex: number;
  readonly signal?: AbortSignal;
}

/** Runs one repeat of a process workload and returns what it measured. Throws MemgateError on failure. */
export async function runProcessRepeat(workload: LoadedWorkload, _config: ResolvedConfig, _options: ProcessRepeatOptions): Promise<RawRun> {
  throw new MemgateError('CHILD_FAILED', `${workload.relativeFile}: process workloads are not built yet`);
}
