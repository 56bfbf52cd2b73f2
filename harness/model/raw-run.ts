// RawRun: what one repeat of one workload measured, before any statistics.
// The child sends it over IPC (in-process workloads) or the process runner
// assembles it from the sampler, an injected probe and log lines (process
// workloads). The parent validates it with this schema, so a child that
// sends garbage is a clear CHILD_FAILED error, not a NaN in a report.
import * as z from 'zod';

import { RAW_RUN_SCHEMA_VERSION } from './versions.js';

export { RAW_RUN_SCHEMA_VERSION };

const count = z.number().int().nonnegative();
const bytes = z.number().nonnegative();

/** One GC pause, forced ones already excluded. */
export const GcPause = z.object({
  kind: z.enum(['minor', 'major', 'incremental', 'weakcb']),
  /** Pause duration in milliseconds. */
  ms: z.number().nonnegative(),
  /** Python's collector generation (0, 1, 2), from the injected Python probe only. */
  generation: z.number().int().min(0).max(2).optional(),
});

/** State after a settled full GC, taken after each batch of operations. */
export const Checkpoint = z.object({
  /** Measured operations completed when this checkpoint was taken (0 = end of warmup). */
  op: count,
  /** Milliseconds of measured operation time (settling excluded) when taken. */
  tMs: z.number().nonnegative(),
  heapUsed: bytes,
  /**
   * Only from probes whose heapUsed includes V8's code spaces: how many of
   * those bytes are compiled code, which leak slopes subtract (the JIT adds
   * and flushes code in ~200 KB steps). memgate's own probe reads the object
   * heap, code already left out (docs/probe.md), and omits this field.
   */
  codeSpace: bytes.optional(),
  rss: bytes,
  external: bytes,
  arrayBuffers: bytes,
  /** Open file descriptors; null where the platform cannot tell. */
  fds: count.nullable(),
  /** Active resources (process.getActiveResourcesInfo()), total. */
  handles: count,
  /** Active resources by type: { Timeout: 3, TCPSocketWrap: 1 }. */
  handlesByType: z.record(z.string(), count),
});

/** A sample of the whole process tree, from outside (process workloads). */
export const TreeSample = z.object({
  tMs: z.number().nonnegative(),
  rss: bytes,
  fds: count.nullable(),
  threads: count,
  /** CPU time (user + system) of the tree so far, milliseconds. */
  cpuMs: z.number().nonnegative(),
  processes: count,
});

/** In-process runs: the natural phase (no forced GC), where GC, latency and throughput are measured. */
export const NaturalPhase = z.object({
  ops: count,
  /** Wall time of the phase's operations in ms. */
  wallMs: z.number().nonnegative(),
  /**
   * Operations of the phase's plain blocks (no clock read per op) and their
   * wall time: throughput comes from these. Absent in runs recorded before
   * the phase had blocks (derive.ts then uses the whole phase).
   */
  plainOps: count.optional(),
  plainMs: z.number().nonnegative().optional(),
  /**
   * The heap's peaks in this phase (probe/heap-peaks.ts): heap used with the
   * young generation counted full, and heap reserved. heap.used.peak and
   * heap.total.peak come from here; absent in runs recorded before.
   */
  heapPeaks: z.object({ used: bytes, total: bytes }).optional(),
  /**
   * RSS from the child's start to the end of this phase: its peak (sampled,
   * and the kernel's high-water mark, VmHWM) and its last reading. rss.peak
   * and rss.final come from here when the phase ran the whole op count (ops
   * and time-sized runs, not duration mode): the checkpoints' forced
   * collections make V8 promote a Map-backed cache's garbage and fault in
   * fresh old-generation pages every batch (lru-cache: VmHWM 62 MB in a
   * plain loop, 104 MB with two gc() between batches), which is memgate's
   * doing, not the workload's. Absent in runs recorded before.
   */
  rss: z.object({ peak: bytes, final: bytes }).optional(),
});
export type NaturalPhase = z.infer<typeof NaturalPhase>;

/**
 * How long the measured thread(s) waited for a CPU while runnable, over the
 * phase the wall-clock metrics come from (Linux schedstat): in-process, the
 * main thread during the natural phase; process workloads, the main threads
 * of the tree's processes over the measured phase.
 */
export const CpuWait = z.object({
  runMs: z.number().nonnegative(),
  waitMs: z.number().nonnegative(),
});
export type CpuWait = z.infer<typeof CpuWait>;

export const RawRun = z.object({
  schemaVersion: z.literal(RAW_RUN_SCHEMA_VERSION),
  workload: z.string(),
  kind: z.enum(['in-process', 'process']),
  /** Measured operations (driven operations for process workloads; 0 if none). */
  ops: count,
  warmupOps: count,
  /** Wall time of the measured phase in ms, checkpoint settling excluded. */
  wallMs: z.number().nonnegative(),
  /** In-process: the natural phase that GC pauses, latency and throughput come from; absent for process workloads. */
  naturalPhase: NaturalPhase.optional(),
  /** Absent where the kernel keeps no scheduler statistics. */
  cpuWait: CpuWait.optional(),
  /**
   * Process workloads: the measured program's runtime and version as its
   * probe reports it ("python 3.11.7", "node 20.20.2", "go 1.22.3" from a Go
   * executable's build info); absent when nothing says (`go run`, a Go build
   * before 1.18, a probe turned off).
   */
  runtime: z.string().optional(),
  gc: z
    .object({
      pauses: z.array(GcPause),
      /** Forced collections (memgate's own gc() calls) seen and excluded. */
      forced: count,
    })
    .nullable(),
  /** Bytes allocated on the V8 heap in the measured phase; null without v8.GCProfiler. */
  allocatedBytes: bytes.nullable(),
  memory: z.object({
    rssPeak: bytes,
    rssFinal: bytes,
    /** The kernel's RSS high-water mark since the child's exec, in bytes (probe/own-max-rss.ts); null from outside. */
    maxRss: bytes.nullable(),
    heapUsedPeak: bytes.nullable(),
    heapTotalPeak: bytes.nullable(),
    externalPeak: bytes.nullable(),
    arrayBuffersPeak: bytes.nullable(),
  }),
  checkpoints: z.array(Checkpoint),
  /** Latency per operation; null when there were no timed operations. */
  latency: z
    .object({
      p50: z.number().nonnegative(),
      p95: z.number().nonnegative(),
      p99: z.number().nonnegative(),
      mean: z.number().nonnegative(),
      max: z.number().nonnegative(),
      count,
      errors: count,
    })
    .nullable(),
  /** Custom metrics reported by the workload (without the `custom.` prefix). */
  custom: z.record(z.string(), z.number()),
  /**
   * Process workloads: custom metrics from log lines over time, by name
   * (without `custom.`), as [ms into the measured phase, value] pairs, for
   * growth limits. Thinned to at most LOG_SERIES_MAX_POINTS per metric.
   */
  customSeries: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))).optional(),
  /** What open file descriptors point to, at the first and the last checkpoint (Linux). */
  fdTargets: z.object({ start: z.array(z.string()), end: z.array(z.string()) }).nullable(),
  /** Heap snapshot files written for diagnosis, oldest first. */
  heapSnapshots: z.array(z.string()),
  /**
   * Source lines whose live allocations grew over the measured phase, largest
   * first (the Python probe's tracemalloc diff; name is "file:line").
   */
  allocationGrowers: z.array(z.object({ name: z.string(), countDelta: z.number(), sizeDelta: z.number() })).optional(),
  /** Samples of the process tree from outside (process workloads). */
  tree: z.array(TreeSample).optional(),
  /** Process workloads with fdPatterns: the most open FDs at once matching each named pattern (Linux). */
  fdMatches: z.record(z.string(), count).optional(),
  /** Process workloads of several processes: each one's peak RSS (its own tree), in start order. */
  processes: z.array(z.object({ name: z.string(), rssPeak: bytes })).optional(),
  /** Process workloads with a driver: how often it fell behind its rate and dropped the backlog. */
  driveLagResets: count.optional(),
  /** Process workloads: graceful shutdown outcome. */
  shutdown: z
    .object({
      signal: z.string(),
      ms: z.number().nonnegative(),
      exitCode: z.number().int().nullable(),
      exitSignal: z.string().nullable(),
      timedOut: z.boolean(),
      /** Descendants still alive after the main process exited (they were then killed). */
      orphans: z.array(z.object({ pid: z.number().int(), command: z.string() })),
      /** What went wrong, one sentence each (timeout, exit code, orphans); empty or absent when clean. */
      problems: z.array(z.string()).optional(),
    })
    .optional(),
  /** Failures found around the repeat that fail the workload (processes an in-process workload left running). */
  problems: z.array(z.string()).optional(),
  /** Things the probe wants the user to know (e.g. "v8.GCProfiler unavailable"). */
  notes: z.array(z.string()),
});

export type GcPause = z.infer<typeof GcPause>;
export type Checkpoint = z.infer<typeof Checkpoint>;
export type TreeSample = z.infer<typeof TreeSample>;
export type RawRun = z.infer<typeof RawRun>;
