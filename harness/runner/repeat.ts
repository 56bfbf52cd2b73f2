// One repeat of any workload: the kind decides which runner starts it.
import type { ResolvedConfig } from '../config/schema.js';
import type { RawRun } from '../model/raw-run.js';
import type { ChildDiagnose } from '../probe/protocol.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { runInProcessRepeat } from './child.js';
import { runProcessRepeat } from './process-repeat.js';

export interface RepeatOptions {
  readonly repeatIndex: number;
  readonly signal?: AbortSignal | undefined;
  /** In-process workloads only: heap snapshots and handle tracing for a diagnosis. */
  readonly diagnose?: ChildDiagnose | null;
}

export function runRepeat(workload: ResolvedWorkload, config: ResolvedConfig, options: RepeatOptions): Promise<RawRun> {
  if (workload.kind === 'process')
    return runProcessRepeat(workload, config, {
      repeatIndex: options.repeatIndex,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  return runInProcessRepeat(workload, config, options);
}
