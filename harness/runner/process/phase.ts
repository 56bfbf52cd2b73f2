// The measured phase of a process repeat, and the checks around it: drive
// the processes (or let them run), make sure they were all still running
// when memgate came to stop them, and gather the notes of the repeat.
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessWorkload } from '../../config/workload-schema.js';
import { describeExit } from '../describe-exit.js';
import { ChildFailedError, outputSummary, type Deadline, type Supervised } from '../supervisor.js';
import { runDriver, type DriveResult } from './drive.js';
import { tailFile, type FileTail } from './file-tail.js';
import type { LogMetricsCollector } from './log-metrics.js';

/** A started process of the workload. */
export interface Member {
  readonly name: string;
  readonly started: Supervised;
  /** Its ready port, if any. */
  port?: number;
}

// Drives the processes, or just lets them run, until done or `end` fires.
export async function measurePhase(
  definition: ProcessWorkload,
  durationMs: number | null,
  soak: boolean,
  end: AbortSignal,
  members: readonly Member[],
): Promise<DriveResult | null> {
  const drive = definition.drive;
  if (!drive) {
    await sleep(durationMs ?? 0, undefined, { signal: end }).catch(() => undefined);
    return null;
  }
  const ports: Record<string, number> = {};
  for (const member of members) if (member.port !== undefined) ports[member.name] = member.port;
  return runDriver(
    {
      op: drive.op,
      ratePerSec: drive.rate ?? null,
      ops: soak ? null : (drive.ops ?? null),
      durationMs: soak ? durationMs : (drive.duration ?? (drive.ops === undefined ? durationMs : null)),
      concurrency: drive.concurrency ?? 1,
      port: members.find((member) => member.port !== undefined)?.port,
      ports,
      pid: (members[0] as Member).started.pid,
    },
    end,
  );
}

/** Attaches the log-metrics collector to a process's output (or to a log file, once). */
export async function followLogs(
  definition: ProcessWorkload,
  started: Supervised,
  collector: LogMetricsCollector | null,
  intervalMs: number,
  baseDir: string,
  first: boolean,
): Promise<FileTail | undefined> {
  if (!collector) return undefined;
  const source = definition.logMetrics?.source ?? 'stdout';
  if (typeof source === 'object') {
    if (!first) return undefined;
    return tailFile(resolve(baseDir, definition.cwd ?? '.', source.file), (line) => collector.accept(line), intervalMs);
  }
  started.onLine((line, stream) => {
    if (stream === source) collector.accept(line);
  });
  return undefined;
}

// Every process must still be running when memgate comes to stop it.
export function failIfEnded(
  members: readonly Member[],
  limit: Deadline,
  where: string,
  timeoutMs: number,
  from: number,
): void {
  const first = (members[0] as Member).started;
  for (const { started } of members) {
    const exit = started.exit();
    if (!exit) continue;
    throw new ChildFailedError(
      `${where}: "${started.command}" ${describeExit(exit.code, exit.signal)} ${Date.now() - from}ms into the measured phase, before memgate stopped it; output: ${outputSummary(started)}; a service must keep running until it is signalled`,
      started.tails.stderr.text(),
    );
  }
  if (limit.timedOut())
    throw new ChildFailedError(
      `${where}: the repeat did not finish within timeout ${timeoutMs}ms; raise "timeout" or shorten "duration"/"drive"`,
      first.tails.stderr.text(),
    );
  if (limit.signal.aborted) {
    const commands = members.map((member) => `"${member.started.command}"`).join(', ');
    throw new ChildFailedError(
      `${where}: interrupted; ${commands} ${members.length === 1 ? 'was' : 'were'} killed`,
      first.tails.stderr.text(),
    );
  }
}

export function collectNotes(
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
  // Falling behind the rate is noted once per workload by deriveMeasurement, from RawRun.driveLagResets.
  if (collector && collector.result().matchedLines === 0)
    notes.push('logMetrics: no output line matched; check logMetrics.source and logMetrics.match');
  return notes;
}
