// One repeat of a process workload: start the command in its own process
// group, wait until it is ready, sample its tree from outside while the
// driver loads it (or for `duration`), check that it shuts down gracefully,
// and assemble a RawRun. Whatever happens, nothing it started outlives the
// repeat: the group is SIGKILLed on every way out, Ctrl-C included.
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../config/schema.js';
import { MemgateError } from '../errors.js';
import type { RawRun, TreeSample } from '../model/raw-run.js';
import { TreeSampler } from '../sampler/tree-sampler.js';
import { listFdTargets } from '../sampler/proc-tree.js';
import { isProcessWorkload, type ProcessWorkload } from '../config/workload-schema.js';
import { describeExit } from './describe-exit.js';
import { assembleProcessRun } from './process/assemble.js';
import { runDriver, type DriveResult } from './process/drive.js';
import { tailFile, type FileTail } from './process/file-tail.js';
import { LogMetricsCollector, compileLogMetrics } from './process/log-metrics.js';
import { prepareProbes } from './process/probes.js';
import { DEFAULT_READY_TIMEOUT_MS, waitForReady } from './process/ready.js';
import { DEFAULT_SHUTDOWN_SIGNAL, DEFAULT_SHUTDOWN_TIMEOUT_MS, shutdownProcess } from './process/shutdown.js';
import {
  ChildFailedError,
  deadline,
  linkedSignal,
  outputSummary,
  supervise,
  type Deadline,
  type Supervised,
} from './supervisor.js';
import type { ResolvedWorkload } from '../workload/types.js';

export interface ProcessRepeatOptions {
  readonly repeatIndex: number;
  /** Aborts the repeat (Ctrl-C): the process group is killed and the call throws. */
  readonly signal?: AbortSignal;
  /** Soak: measure this long (a driver then runs by time; its `ops` count is ignored). */
  readonly durationMs?: number;
  /** Ends the measured phase early but still shuts the process down gracefully (soak breach). */
  readonly stop?: AbortSignal;
  /** Called after every tree sample (the soak monitor). */
  readonly onSample?: (sample: TreeSample) => void;
  /** Called when the process is ready and the measured phase begins. */
  readonly onMeasureStart?: () => void;
  /**
   * A diagnosis run: the folder for its heap snapshots. The language probe records what grew
   * (Node heap snapshots at the start and end of the measured phase, Python tracemalloc).
   */
  readonly whatGrewDir?: string;
}

/** Runs one repeat of a process workload and returns what it measured. Throws MemgateError on failure. */
export async function runProcessRepeat(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: ProcessRepeatOptions,
): Promise<RawRun> {
  const definition = workload.definition;
  const where = workload.relativeFile;
  if (!isProcessWorkload(definition))
    throw new MemgateError(
      'WORKLOAD_INVALID',
      `${where}: expected a process workload (with "command"), found an in-process one`,
    );
  const { settings } = workload;
  const durationMs = options.durationMs ?? settings.durationMs;
  const logSpec = definition.logMetrics ? compileLogMetrics(definition.logMetrics, where) : null;
  const cwd = resolve(dirname(workload.file), definition.cwd ?? '.');
  const probes = await prepareProbes(definition, config, {
    repeatIndex: options.repeatIndex,
    cwd,
    whatGrewDir: options.whatGrewDir ?? null,
  });
  // A soak sets its own duration; its repeat may then take that long plus starting and stopping.
  const timeoutMs =
    options.durationMs === undefined
      ? settings.timeoutMs
      : options.durationMs +
        (definition.ready?.timeout ?? DEFAULT_READY_TIMEOUT_MS) +
        (definition.shutdown?.timeout ?? DEFAULT_SHUTDOWN_TIMEOUT_MS) +
        60_000;
  const started = await supervise({
    command: definition.command,
    args: definition.args ?? [],
    cwd,
    env: { ...definition.env, ...probes.env },
    where,
    hideLine: probes.hideLine,
  });
  started.onLine(probes.onLine);
  const limit = deadline(timeoutMs, options.signal);
  const abort = limit.signal;
  const collector = logSpec ? new LogMetricsCollector(logSpec) : null;
  let fileTail: FileTail | undefined;
  const sampler = new TreeSampler(started.pid, {
    intervalMs: settings.sampleIntervalMs,
    groupId: started.pid,
    onSample: (sample) => options.onSample?.(sample),
  });
  try {
    fileTail = await followLogs(definition, started, collector, settings.sampleIntervalMs, dirname(workload.file));
    sampler.start();
    const ready = await waitForReady(started, definition.ready, where, abort);
    sampler.restartSeries();
    // The first sample shows the service at rest, before the first operation opens anything.
    await sampler.sampleNow();
    const fdStart = listFdTargets(started.pid);
    await probes.measureStart(started.pid, abort);
    const measuredFrom = Date.now();
    options.onMeasureStart?.();
    const exitedEarly = new AbortController();
    void started.exited.then(() => exitedEarly.abort());
    const end = linkedSignal([abort, exitedEarly.signal, ...(options.stop ? [options.stop] : [])]);
    const drive = await measurePhase(
      definition,
      durationMs,
      options.durationMs !== undefined,
      end,
      started,
      ready.port,
    );
    // Connections of the last operations close a moment after their responses: let them, so the last sample is at rest too.
    if (drive) await sleep(Math.min(settings.sampleIntervalMs, 200), undefined, { signal: end }).catch(() => undefined);
    failIfEnded(started, limit, where, timeoutMs, measuredFrom);
    await sampler.sampleNow();
    const fdEnd = listFdTargets(started.pid);
    const measuredTo = Date.now();
    if (!started.exit()) await probes.measureEnd(started.pid, abort);
    await sampler.stop();
    const shutdown = await shutdownProcess(started, {
      signal: (definition.shutdown?.signal ?? DEFAULT_SHUTDOWN_SIGNAL) as NodeJS.Signals,
      timeoutMs: definition.shutdown?.timeout ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
      expectExitCode: definition.shutdown?.expectExitCode === undefined ? 0 : definition.shutdown.expectExitCode,
      known: sampler.processes(),
      tag: started.tag,
    });
    await fileTail?.stop();
    await started.settled();
    const probed = probes.collect();
    return assembleProcessRun({
      workload: workload.name,
      measuredFrom,
      measuredTo,
      tree: sampler.samples(),
      rssPeak: sampler.peakRss,
      drive,
      log: collector?.result() ?? null,
      probe: probed.attach,
      runtime: probed.runtime,
      heapSnapshots: probed.heapSnapshots,
      fdTargets: process.platform === 'linux' ? { start: fdStart, end: fdEnd } : null,
      shutdown,
      notes: collectNotes(drive, collector, probed.notes, [
        ...(probed.attach?.notes ?? []),
        ...(probed.runtime?.notes ?? []),
      ]),
    });
  } finally {
    limit.dispose();
    await sampler.stop();
    started.kill();
    await fileTail?.stop();
    probes.collect();
  }
}

async function followLogs(
  definition: ProcessWorkload,
  started: Supervised,
  collector: LogMetricsCollector | null,
  intervalMs: number,
  baseDir: string,
): Promise<FileTail | undefined> {
  if (!collector) return undefined;
  const source = definition.logMetrics?.source ?? 'stdout';
  if (typeof source === 'object')
    return tailFile(resolve(baseDir, definition.cwd ?? '.', source.file), (line) => collector.accept(line), intervalMs);
  started.onLine((line, stream) => {
    if (stream === source) collector.accept(line);
  });
  return undefined;
}

// Drives the process, or just lets it run, until done or `end` fires.
async function measurePhase(
  definition: ProcessWorkload,
  durationMs: number | null,
  soak: boolean,
  end: AbortSignal,
  started: Supervised,
  port: number | undefined,
): Promise<DriveResult | null> {
  const drive = definition.drive;
  if (!drive) {
    await sleep(durationMs ?? 0, undefined, { signal: end }).catch(() => undefined);
    return null;
  }
  return runDriver(
    {
      op: drive.op,
      ratePerSec: drive.rate ?? null,
      ops: soak ? null : (drive.ops ?? null),
      durationMs: soak ? durationMs : (drive.duration ?? (drive.ops === undefined ? durationMs : null)),
      concurrency: drive.concurrency ?? 1,
      port,
      pid: started.pid,
    },
    end,
  );
}

// The process must still be running when memgate comes to stop it.
function failIfEnded(started: Supervised, limit: Deadline, where: string, timeoutMs: number, from: number): void {
  const exit = started.exit();
  if (exit) {
    throw new ChildFailedError(
      `${where}: "${started.command}" ${describeExit(exit.code, exit.signal)} ${Date.now() - from}ms into the measured phase, before memgate stopped it; output: ${outputSummary(started)}; a service must keep running until it is signalled`,
      started.tails.stderr.text(),
    );
  }
  if (limit.timedOut())
    throw new ChildFailedError(
      `${where}: the repeat did not finish within timeout ${timeoutMs}ms; raise "timeout" or shorten "duration"/"drive"`,
      started.tails.stderr.text(),
    );
  if (limit.signal.aborted)
    throw new ChildFailedError(`${where}: interrupted; "${started.command}" was killed`, started.tails.stderr.text());
}

function collectNotes(
  drive: DriveResult | null,
  collector: LogMetricsCollector | null,
  probeNote: readonly string[],
  probeNotes: readonly string[],
): string[] {
  // Shutdown problems travel in RawRun.shutdown.problems and fail the workload; not repeated here.
  const notes: string[] = [...probeNote];
  notes.push(...probeNotes);
  if (drive?.firstError)
    notes.push(`drive: ${drive.errors} of ${drive.ops} operations failed; first error: ${drive.firstError}`);
  if (drive && drive.lagResets > 0)
    notes.push(`drive: fell behind the rate ${drive.lagResets} time(s); the backlog was dropped rather than burst`);
  if (collector && collector.result().matchedLines === 0)
    notes.push('logMetrics: no output line matched; check logMetrics.source and logMetrics.match');
  return notes;
}
