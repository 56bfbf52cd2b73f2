// One repeat of a process workload: start the command (or each of its
// `processes`, in order) in its own process group, wait until it is ready,
// sample the trees from outside as one while the driver loads them (or for
// `duration`), check that each shuts down gracefully (in reverse order), and
// assemble a RawRun. Whatever happens, nothing it started outlives the
// repeat: every group is SIGKILLed on every way out, Ctrl-C included.
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../config/schema.js';
import { MemgateError } from '../errors.js';
import type { RawRun, TreeSample } from '../model/raw-run.js';
import { TreeSampler } from '../sampler/tree-sampler.js';
import { listFdTargets } from '../sampler/proc-tree.js';
import { mainThreadsWait, readMainThreads } from '../sampler/schedstat.js';
import { isProcessWorkload, type ProcessSpec } from '../config/workload-schema.js';
import { assembleProcessRun } from './process/assemble.js';
import { FdMatchCounter } from './process/fd-match.js';
import type { FileTail } from './process/file-tail.js';
import { LogMetricsCollector, compileLogMetrics } from './process/log-metrics.js';
import { MemberRss, combineShutdowns, ownKnown, probedIndex, processSpecsOf } from './process/members.js';
import { isNodeCommand } from './process/node-probe.js';
import { prepareProbes } from './process/probes.js';
import { collectNotes, failIfEnded, followLogs, measurePhase, type Member } from './process/phase.js';
import { DEFAULT_READY_TIMEOUT_MS, waitForReady } from './process/ready.js';
import { DEFAULT_SHUTDOWN_SIGNAL, DEFAULT_SHUTDOWN_TIMEOUT_MS, shutdownProcess } from './process/shutdown.js';
import { deadline, linkedSignal, supervise } from './supervisor.js';
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
  const specs = processSpecsOf(definition);
  const several = specs.length > 1;
  const durationMs = options.durationMs ?? settings.durationMs;
  const logSpec = definition.logMetrics ? compileLogMetrics(definition.logMetrics, where) : null;
  // One process gets the language probe: a Node one when there is one (two heaps do not add up to one figure), else the first.
  const nodeIndex = probedIndex(specs, isNodeCommand);
  const probed = nodeIndex < 0 ? 0 : nodeIndex;
  const probedSpec = specs[probed] as ProcessSpec;
  const probes = await prepareProbes({ ...definition, ...probedSpec }, config, {
    repeatIndex: options.repeatIndex,
    cwd: resolve(dirname(workload.file), probedSpec.cwd ?? '.'),
    whatGrewDir: options.whatGrewDir ?? null,
  });
  // A soak sets its own duration; its repeat may then take that long plus starting and stopping.
  const timeoutMs =
    options.durationMs === undefined
      ? settings.timeoutMs
      : options.durationMs +
        specs.reduce(
          (sum, spec) =>
            sum +
            (spec.ready?.timeout ?? DEFAULT_READY_TIMEOUT_MS) +
            (spec.shutdown?.timeout ?? DEFAULT_SHUTDOWN_TIMEOUT_MS),
          0,
        ) +
        60_000;
  const limit = deadline(timeoutMs, options.signal);
  const abort = limit.signal;
  const collector = logSpec ? new LogMetricsCollector(logSpec) : null;
  const fdMatches =
    definition.fdPatterns && process.platform === 'linux' ? new FdMatchCounter(definition.fdPatterns) : null;
  const memberRss = new MemberRss();
  const members: Member[] = [];
  let sampler: TreeSampler | undefined;
  let fileTail: FileTail | undefined;
  try {
    for (const [index, spec] of specs.entries()) {
      const at = several ? `${where} (process "${spec.name}")` : where;
      const started = await supervise({
        command: spec.command,
        args: spec.args ?? [],
        cwd: resolve(dirname(workload.file), spec.cwd ?? '.'),
        env: { ...spec.env, ...(index === probed ? probes.env : undefined) },
        where: at,
        ...(index === probed ? { hideLine: probes.hideLine } : {}),
      });
      if (index === probed) started.onLine(probes.onLine);
      const member: Member = { name: spec.name, started };
      members.push(member);
      memberRss.add(spec.name, started.pid);
      const tail = await followLogs(
        definition,
        started,
        collector,
        settings.sampleIntervalMs,
        dirname(workload.file),
        index === 0,
      );
      fileTail ??= tail;
      if (sampler) sampler.addRoot(started.pid);
      else {
        sampler = new TreeSampler(started.pid, {
          intervalMs: settings.sampleIntervalMs,
          groupId: started.pid,
          onSample: (sample, snapshot) => {
            fdMatches?.observe(snapshot.processes.map((process) => process.pid));
            memberRss.observe(snapshot);
            options.onSample?.(sample);
          },
        });
        sampler.start();
      }
      member.port = (await waitForReady(started, spec.ready, at, abort)).port;
    }
    const tree = sampler as TreeSampler;
    tree.restartSeries();
    fdMatches?.reset();
    memberRss.reset();
    // The first sample shows the service at rest, before the first operation opens anything.
    await tree.sampleNow();
    const fdStart = members.flatMap((member) => listFdTargets(member.started.pid));
    const treePids = () => tree.processes().map((process) => process.pid);
    const schedStart = readMainThreads(treePids());
    const probedMember = members[probed] as Member;
    await probes.measureStart(probedMember.started.pid, abort);
    const measuredFrom = Date.now();
    options.onMeasureStart?.();
    const exitedEarly = new AbortController();
    for (const member of members) void member.started.exited.then(() => exitedEarly.abort());
    const end = linkedSignal([abort, exitedEarly.signal, ...(options.stop ? [options.stop] : [])]);
    const drive = await measurePhase(definition, durationMs, options.durationMs !== undefined, end, members);
    // Connections of the last operations close a moment after their responses: let them, so the last sample is at rest too.
    if (drive) await sleep(Math.min(settings.sampleIntervalMs, 200), undefined, { signal: end }).catch(() => undefined);
    failIfEnded(members, limit, where, timeoutMs, measuredFrom);
    await tree.sampleNow();
    const fdEnd = members.flatMap((member) => listFdTargets(member.started.pid));
    const cpuWait = mainThreadsWait(schedStart, readMainThreads(treePids()));
    const measuredTo = Date.now();
    if (!probedMember.started.exit()) await probes.measureEnd(probedMember.started.pid, abort);
    await tree.stop();
    const known = tree.processes();
    const outcomes = [];
    for (const [index, member] of [...members.entries()].reverse()) {
      const spec = specs[index] as ProcessSpec;
      const outcome = await shutdownProcess(member.started, {
        signal: (spec.shutdown?.signal ?? DEFAULT_SHUTDOWN_SIGNAL) as NodeJS.Signals,
        timeoutMs: spec.shutdown?.timeout ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
        target: spec.shutdown?.target ?? 'process',
        expectExitCode: spec.shutdown?.expectExitCode,
        known: ownKnown(
          known,
          members.filter((other) => other !== member && !other.started.exit()).map((other) => other.started.pid),
        ),
        tag: member.started.tag,
      });
      outcomes.unshift({ name: member.name, outcome });
    }
    await fileTail?.stop();
    for (const member of members) await member.started.settled();
    const collected = probes.collect();
    return assembleProcessRun({
      workload: workload.name,
      measuredFrom,
      measuredTo,
      tree: tree.samples(),
      rssPeak: tree.peakRss,
      drive,
      log: collector?.result() ?? null,
      probe: collected.attach,
      runtime: collected.runtime,
      heapSnapshots: collected.heapSnapshots,
      fdTargets: process.platform === 'linux' ? { start: fdStart, end: fdEnd } : null,
      fdMatches: fdMatches?.result() ?? null,
      processes: memberRss.result(),
      shutdown: combineShutdowns(outcomes),
      cpuWait,
      notes: collectNotes(drive, collector, collected.notes, [
        ...(collected.attach?.notes ?? []),
        ...(collected.runtime?.notes ?? []),
      ]),
    });
  } finally {
    limit.dispose();
    await sampler?.stop();
    for (const member of members) member.started.kill();
    await fileTail?.stop();
    probes.collect();
  }
}
