// Workload definitions: what users write in workloads/*.workload.ts.
// Two kinds share the gating settings:
//  - in-process: `op` runs N times inside a fresh Node child with probes;
//  - process: `command` starts any program (Python, Go, Node), sampled from
//    outside and optionally driven with load.
import * as z from 'zod';
import { BudgetsInput, DurationField, FrequencyField, GrowthInput, LeakInput, ThresholdsInput, fn } from './fields.js';

export const WORKLOAD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * A name becomes `<name>.json` and, while it is written, the temp file
 * `.<name>.json.<pid>.<hex>.tmp`: 100 characters keeps both well inside the
 * 255 bytes every common file system allows for one path component.
 */
export const NAME_MAX_LENGTH = 100;

const customMetricInfo = z
  .object({
    unit: z.enum(['bytes', 'bytes/op', 'bytes/min', 'count', 'count/min', 'ms', 'ratio', 'ops/s', 'number']).optional(),
    direction: z.enum(['lower', 'higher']).optional(),
    noise: z.enum(['deterministic', 'noisy']).optional(),
    description: z.string().optional(),
  })
  .strict();

/** Settings every workload kind has. */
const common = {
  name: z
    .string()
    .regex(WORKLOAD_NAME, 'expected a name of letters, digits, ".", "_" or "-" (it names the baseline file)')
    .max(
      NAME_MAX_LENGTH,
      `expected a name of at most ${NAME_MAX_LENGTH} characters (it names the baseline file) — shorten it`,
    ),
  description: z.string().optional(),
  /** Fresh processes per measurement (default from config, 5). */
  repeats: z.number().int().min(1).max(100).optional(),
  /** Kill the repeat after this long (default from config, 60s). */
  timeout: DurationField.optional(),
  thresholds: ThresholdsInput.optional(),
  budgets: BudgetsInput.optional(),
  leak: LeakInput.optional(),
  /** Growth limits by series: { rss: "10%", "custom.goroutines": "5/h", "custom.dbConns": "stable" }. */
  growth: GrowthInput.optional(),
  /** Units and directions of `custom.*` metrics the workload reports. */
  customMetrics: z.record(z.string(), customMetricInfo).optional(),
};

export interface OpContext {
  /** Index of this operation within its phase (warmup or measured). */
  readonly index: number;
  /** True during warmup ops. */
  readonly warmup: boolean;
}

export interface WorkloadContext {
  /** Record a custom metric for this repeat (`custom.<name>`); the last value wins. */
  reportMetric(name: string, value: number): void;
}

export type SetupFn<S> = (ctx: WorkloadContext) => S | Promise<S>;
export type OpFn<S> = (state: S, ctx: OpContext) => unknown;
export type TeardownFn<S> = (state: S, ctx: WorkloadContext) => unknown;

export const InProcessWorkloadSchema = z
  .object({
    ...common,
    setup: fn<SetupFn<unknown>>('setup').optional(),
    op: fn<OpFn<unknown>>('op'),
    teardown: fn<TeardownFn<unknown>>('teardown').optional(),
    /** Operations before measuring starts, to warm caches and the JIT (default 100). */
    warmupOps: z.number().int().nonnegative().optional(),
    /** Measured operations; unset (and no `duration`), the run is sized by `time`. */
    ops: z.number().int().positive().optional(),
    /** Measured time to size the run by when no `ops` is set (default: config defaults.time, 1 s). */
    time: DurationField.optional(),
    /** Measure for this long instead of a fixed count ("5s"). */
    duration: DurationField.optional(),
    /** Operations between heap checkpoints (default: ops / 10). */
    batchSize: z.number().int().positive().optional(),
    /** RSS sampling interval (default 10ms). */
    sampleInterval: DurationField.optional(),
  })
  .strict();

// A pattern given as a string is compiled when the workload loads, so a typo fails there with the key named.
const ReadyPattern = z.union([
  z.string().superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')}); escape special characters such as ( [ { with a backslash`,
        input: source,
      });
    }
  }),
  z.instanceof(RegExp),
]);

export const ReadySchema = z
  .object({
    /** A line on stdout matching this pattern. */
    stdout: ReadyPattern.optional(),
    /** A line on stderr matching this pattern. */
    stderr: ReadyPattern.optional(),
    /** A TCP port on `host` accepting connections. */
    port: z.number().int().min(1).max(65535).optional(),
    host: z.string().optional(),
    /** Just wait this long. */
    delay: DurationField.optional(),
    /** Give up after this long (default 30s). */
    timeout: DurationField.optional(),
  })
  .strict();

export interface DriveContext {
  /** Operation index, from 0. */
  readonly index: number;
  /** The port from `ready.port` (with `processes`: of the first process that has one), if any. */
  readonly port: number | undefined;
  /** With `processes`: each process's port from its `ready`, by process name. */
  readonly ports: Readonly<Record<string, number>>;
  /** The pid of the started process. */
  readonly pid: number;
}

// What starts and stops one process: a process workload's own keys, or one entry of its `processes`.
const processFields = {
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  ready: ReadySchema.optional(),
  /** Inject memgate's probe into Node commands through NODE_OPTIONS (default true for node). */
  nodeProbe: z.boolean().optional(),
  shutdown: z
    .object({
      signal: z.string().optional(),
      timeout: DurationField.optional(),
      /** Who gets the signal: the main process (default) or its whole process group. */
      target: z.enum(['process', 'group']).optional(),
      /**
       * Fail unless the exit code is this; null accepts any. Default: exit code 0, or death by
       * the signal sent when it is SIGTERM, SIGINT, SIGHUP or SIGPIPE (systemd's convention).
       */
      expectExitCode: z.number().int().nullable().optional(),
    })
    .strict()
    .optional(),
};

export const ProcessSpecSchema = z
  .object({
    /** Names the process in messages and per-process figures. */
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a process name is letters, digits, ".", "_" or "-"'),
    ...processFields,
  })
  .strict();

export const ProcessWorkloadSchema = z
  .object({
    ...common,
    ...processFields,
    command: z.string().min(1).optional(),
    /**
     * Several processes measured as one workload, started in order (each ready before the next
     * starts) and stopped in reverse order; instead of `command` and its keys.
     */
    processes: z.array(ProcessSpecSchema).min(1).optional(),
    /** Load driver: called once per operation, at `rate` or as fast as allowed. */
    drive: z
      .object({
        op: fn<(ctx: DriveContext) => unknown>('drive.op'),
        rate: FrequencyField.optional(),
        ops: z.number().int().positive().optional(),
        duration: DurationField.optional(),
        concurrency: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /** How long to keep the process running when there is no driver (default 5s). */
    duration: DurationField.optional(),
    /** Interval for sampling the process tree from outside (default 100ms). */
    sampleInterval: DurationField.optional(),
    /** Structured log lines the process prints about itself. */
    logMetrics: z
      .object({
        source: z.union([z.enum(['stdout', 'stderr']), z.object({ file: z.string() }).strict()]).optional(),
        /** Only lines whose JSON has these key/values (e.g. { msg: "memory_sample" }). */
        match: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        /**
         * JSON key -> metric id ("custom.goroutines", or rss.peak, rss.final, heap.used.peak,
         * heap.total.peak, heap.external.peak), optionally with how values over the run combine:
         * { metric: "custom.dbConnections", aggregate: "max" } (default: max for *.peak, else last).
         */
        map: z
          .record(
            z.string(),
            z.union([
              z.string(),
              z.object({ metric: z.string(), aggregate: z.enum(['max', 'min', 'last', 'mean']).optional() }).strict(),
            ]),
          )
          .optional(),
      })
      .strict()
      .optional(),
    /**
     * Named glob patterns for what open FDs point to ({ dbFiles: '*.db' }): each gives the metric
     * fd.match.<name>, the most FDs of the process tree at once whose target matches (Linux).
     */
    fdPatterns: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/, 'an fdPatterns name is letters, digits, "_" or "-" (it becomes fd.match.<name>)'),
        z.string().min(1),
      )
      .optional(),
    /**
     * Which runtime the command is (with `processes`: the probed one), so the matching probe is injected:
     * node (NODE_OPTIONS), python (sitecustomize on PYTHONPATH), go (GODEBUG=gctrace=1), other (none).
     */
    language: z.enum(['node', 'python', 'go', 'other']).optional(),
    /** "What grew" in every run, not only in diagnosis runs: Python tracemalloc, Node heap snapshots. */
    probe: z.object({ tracemalloc: z.boolean().optional(), heapSnapshots: z.boolean().optional() }).strict().optional(),
  })
  .strict()
  .superRefine((workload, ctx) => {
    if (workload.processes === undefined) {
      if (workload.command === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['command'],
          message: 'a process workload needs "command" or "processes"',
        });
      return;
    }
    for (const key of Object.keys(processFields))
      if (workload[key as keyof typeof processFields] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" is set per process when there is "processes": move it into each processes[] entry`,
        });
    const seen = new Set<string>();
    workload.processes.forEach((spec, index) => {
      if (seen.has(spec.name))
        ctx.addIssue({
          code: 'custom',
          path: ['processes', index, 'name'],
          message: `"${spec.name}" names two processes; give each a name of its own`,
        });
      seen.add(spec.name);
    });
  });

export type InProcessWorkloadInput = z.input<typeof InProcessWorkloadSchema>;
export type InProcessWorkload = z.output<typeof InProcessWorkloadSchema>;
export type ProcessWorkloadInput = z.input<typeof ProcessWorkloadSchema>;
export type ProcessWorkload = z.output<typeof ProcessWorkloadSchema>;
export type WorkloadInput = InProcessWorkloadInput | ProcessWorkloadInput;
export type Workload = InProcessWorkload | ProcessWorkload;

export type ProcessSpec = z.output<typeof ProcessSpecSchema>;

export function isProcessWorkload(workload: Workload): workload is ProcessWorkload {
  return 'command' in workload || 'processes' in workload;
}
