// Puts one process repeat together as a RawRun: tree samples from outside,
// what the injected Node probe saw, log metrics, the driver's latency and
// the shutdown outcome. Pure: plain data in, a validated RawRun out.
import { MemgateError } from '../../errors.js';
import type { AttachResult } from '../../probe/attach-result.js';
import { RAW_RUN_SCHEMA_VERSION, RawRun, type Checkpoint, type CpuWait, type TreeSample } from '../../model/raw-run.js';
import type { DriveResult } from './drive.js';
import type { LogMetricsResult } from './log-metrics.js';
import type { RuntimeFigures } from './runtime-figures.js';
import type { ShutdownOutcome } from './shutdown.js';

export interface ProcessRunParts {
  readonly workload: string;
  /** Date.now() at the start and end of the measured phase. */
  readonly measuredFrom: number;
  readonly measuredTo: number;
  readonly tree: readonly TreeSample[];
  readonly rssPeak: number;
  readonly drive: DriveResult | null;
  readonly log: LogMetricsResult | null;
  readonly probe: AttachResult | null;
  /** What a Python or Go probe found (GC pauses, Go's heap sizes, tracemalloc growers). */
  readonly runtime?: RuntimeFigures | null;
  /** Node heap snapshots at the start and end of the measured phase (what-grew runs). */
  readonly heapSnapshots?: readonly string[];
  readonly fdTargets: { start: string[]; end: string[] } | null;
  /** fd.match.<name> peaks, when the workload has fdPatterns. */
  readonly fdMatches?: Record<string, number> | null;
  /** Several processes: each one's peak RSS. */
  readonly processes?: RawRun['processes'] | null;
  readonly shutdown: ShutdownOutcome;
  /** The tree's main threads' wait for a CPU over the measured phase (sampler/schedstat.ts). */
  readonly cpuWait?: CpuWait | null;
  readonly notes: readonly string[];
}

export function assembleProcessRun(parts: ProcessRunParts): RawRun {
  const wallMs = Math.max(0, parts.measuredTo - parts.measuredFrom);
  const ops = parts.drive?.ops ?? 0;
  const last = parts.tree.at(-1);
  const log = parts.log?.memory ?? {};
  // Without one reading of RSS there is no rss.final: a made-up 0 would be
  // compared with the baseline as if it were measured.
  if (!last && log.rssFinal === undefined) {
    throw new MemgateError(
      'CHILD_FAILED',
      `workload "${parts.workload}": no sample of the process tree was taken during the measured phase (${wallMs}ms); lengthen "duration" or shorten "sampleInterval"`,
    );
  }
  const custom: Record<string, number> = { ...(parts.log?.custom ?? {}) };
  if (parts.drive && parts.drive.ops > 0) custom['errorRate'] = parts.drive.errors / parts.drive.ops;
  return RawRun.parse({
    schemaVersion: RAW_RUN_SCHEMA_VERSION,
    workload: parts.workload,
    kind: 'process',
    ops,
    warmupOps: 0,
    wallMs,
    ...(parts.cpuWait ? { cpuWait: parts.cpuWait } : {}),
    ...runtimeOf(parts),
    gc: parts.probe ? parts.probe.gc : (parts.runtime?.gc ?? null),
    allocatedBytes: parts.probe ? parts.probe.allocatedBytes : null,
    memory: {
      rssPeak: Math.max(parts.rssPeak, log.rssPeak ?? 0),
      rssFinal: last?.rss || log.rssFinal || 0,
      maxRss: null,
      heapUsedPeak: parts.probe?.heap.usedPeak ?? parts.runtime?.heapUsedPeak ?? log.heapUsedPeak ?? null,
      heapTotalPeak: parts.probe?.heap.totalPeak ?? parts.runtime?.heapTotalPeak ?? log.heapTotalPeak ?? null,
      externalPeak: parts.probe?.heap.externalPeak ?? log.externalPeak ?? null,
      arrayBuffersPeak: null,
    },
    checkpoints: parts.probe ? toCheckpoints(parts.probe, parts, ops, wallMs) : [],
    latency: parts.drive?.latency ?? null,
    custom,
    customSeries: measuredSeries(parts),
    fdTargets: parts.fdTargets,
    heapSnapshots: [...(parts.heapSnapshots ?? [])],
    ...(parts.runtime?.growers ? { allocationGrowers: parts.runtime.growers } : {}),
    tree: [...parts.tree],
    ...(parts.fdMatches ? { fdMatches: parts.fdMatches } : {}),
    ...(parts.processes ? { processes: parts.processes } : {}),
    ...(parts.drive && parts.drive.lagResets > 0 ? { driveLagResets: parts.drive.lagResets } : {}),
    shutdown: parts.shutdown,
    notes: [...parts.notes],
  });
}

/** The measured program's runtime, from whichever probe reported it. */
function runtimeOf(parts: ProcessRunParts): { runtime?: string } {
  const runtime = parts.probe?.node !== undefined ? `node ${parts.probe.node}` : parts.runtime?.runtime;
  return runtime === undefined ? {} : { runtime };
}

// Probe checkpoints inside the measured phase, on its clock. RSS and FDs come
// from the nearest tree sample (the probe opens no FDs); `op` assumes ops were
// spread evenly over the phase, which a rate-driven load makes true.
function toCheckpoints(probe: AttachResult, parts: ProcessRunParts, ops: number, wallMs: number): Checkpoint[] {
  return probe.checkpoints
    .filter((checkpoint) => checkpoint.at >= parts.measuredFrom && checkpoint.at <= parts.measuredTo)
    .map((checkpoint) => {
      const tMs = checkpoint.at - parts.measuredFrom;
      const nearest = nearestSample(parts.tree, tMs);
      return {
        op: wallMs > 0 ? Math.round((ops * tMs) / wallMs) : 0,
        tMs,
        heapUsed: checkpoint.heapUsed,
        rss: nearest?.rss ?? 0,
        external: checkpoint.external,
        arrayBuffers: 0,
        fds: nearest?.fds ?? null,
        handles: checkpoint.handles,
        handlesByType: checkpoint.handlesByType,
      };
    });
}

// Logged values inside the measured phase, on its clock (growth limits read them).
function measuredSeries(parts: ProcessRunParts): Record<string, Array<[number, number]>> {
  const out: Record<string, Array<[number, number]>> = {};
  for (const [name, points] of Object.entries(parts.log?.series ?? {}))
    out[name] = points
      .filter(([at]) => at >= parts.measuredFrom && at <= parts.measuredTo)
      .map(([at, value]): [number, number] => [at - parts.measuredFrom, value]);
  return out;
}

function nearestSample(tree: readonly TreeSample[], tMs: number): TreeSample | undefined {
  let best: TreeSample | undefined;
  for (const sample of tree) if (!best || Math.abs(sample.tMs - tMs) < Math.abs(best.tMs - tMs)) best = sample;
  return best;
}
