import type { DriveContext, OpContext, WorkloadContext } from './workload-schema.js';
import type { BudgetInput, LeakInput, ThresholdInput } from './fields.js';

type Duration = number | string;

interface CommonDefinition {
  /** Names the baseline file: letters, digits, ".", "_" or "-". */
  name: string;
  description?: string;
  repeats?: number;
  timeout?: Duration;
  thresholds?: Record<string, ThresholdInput>;
  budgets?: Record<string, BudgetInput>;
  leak?: LeakInput;
  /** Growth limits by series: { rss: '10%', 'custom.goroutines': '5/h', 'custom.dbConns': 'stable' }. */
  growth?: Record<string, string>;
  customMetrics?: Record<
    string,
    { unit?: string; direction?: 'lower' | 'higher'; noise?: 'deterministic' | 'noisy'; description?: string }
  >;
}

/** A workload whose `op` runs inside a fresh Node process with memgate's probes. */
export interface InProcessWorkloadDefinition<State = void> extends CommonDefinition {
  setup?: (ctx: WorkloadContext) => State | Promise<State>;
  op: (state: State, ctx: OpContext) => unknown;
  teardown?: (state: State, ctx: WorkloadContext) => unknown;
  warmupOps?: number;
  ops?: number;
  /** Measured time the op count is calibrated for when `ops` is not set (default 1 s). */
  time?: Duration;
  duration?: Duration;
  batchSize?: number;
  sampleInterval?: Duration;
}

/** What starts and stops one process: a process workload's own keys, or one entry of its `processes`. */
export interface ProcessSpecDefinition {
  command: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
  ready?: {
    stdout?: string | RegExp;
    stderr?: string | RegExp;
    port?: number;
    host?: string;
    delay?: Duration;
    timeout?: Duration;
  };
  nodeProbe?: boolean;
  shutdown?: {
    signal?: string;
    timeout?: Duration;
    /** The main process (default) or its whole process group. */
    target?: 'process' | 'group';
    expectExitCode?: number | null;
  };
}

interface ProcessWorkloadCommon extends CommonDefinition {
  drive?: {
    op: (ctx: DriveContext) => unknown;
    rate?: number | string;
    ops?: number;
    duration?: Duration;
    concurrency?: number;
  };
  duration?: Duration;
  sampleInterval?: Duration;
  logMetrics?: {
    source?: 'stdout' | 'stderr' | { file: string };
    match?: Record<string, string | number | boolean>;
    map?: Record<string, string | { metric: string; aggregate?: 'max' | 'min' | 'last' | 'mean' }>;
  };
  /** Named globs for open-FD targets, e.g. { dbFiles: '*.db' } -> metric fd.match.dbFiles. */
  fdPatterns?: Record<string, string>;
  /** Which probe to inject (default: from the command): node, python (sitecustomize), go (gctrace), other (none). */
  language?: 'node' | 'python' | 'go' | 'other';
  /** "What grew" in every run: Python tracemalloc top lines, Node heap snapshots at start and end. */
  probe?: { tracemalloc?: boolean; heapSnapshots?: boolean };
}

/** A workload that starts any program (or several, as `processes`) and measures it from outside. */
export type ProcessWorkloadDefinition =
  | (ProcessWorkloadCommon & ProcessSpecDefinition & { processes?: never })
  | (ProcessWorkloadCommon & {
      /** Started in order (each ready before the next), stopped in reverse; gated on their summed RSS. */
      processes: Array<ProcessSpecDefinition & { name: string }>;
      command?: never;
    });

// Any state type: each definition's setup and op agree on their own State.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WorkloadDefinition = InProcessWorkloadDefinition<any> | ProcessWorkloadDefinition;

/**
 * Declares a workload. The definition is validated when memgate loads the
 * file, so a mistake is reported with the file name and the key.
 */
export function defineWorkload<State = void>(
  definition: InProcessWorkloadDefinition<State>,
): InProcessWorkloadDefinition<State>;
export function defineWorkload(definition: ProcessWorkloadDefinition): ProcessWorkloadDefinition;
export function defineWorkload(definition: WorkloadDefinition): WorkloadDefinition {
  return definition;
}
