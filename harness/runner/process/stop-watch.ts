// What a process did between memgate's stop signal and the shutdown timeout,
// read from /proc: enough to tell a slow stop from an ignored signal, and a
// shell wrapper whose child never got the signal (see stop-verdict.ts).
import { commandOf, countFds, executableOf, readAllStats, readSignalMasks, readStat } from '../../sampler/proc-tree.js';
import { descendantsOf, type SignalMasks } from '../../sampler/proc-parse.js';
import type { Supervised } from '../supervisor.js';

export interface LiveProcess {
  readonly pid: number;
  readonly command: string;
}

/** One reading of the main process. */
export interface StopReading {
  /** File name of the main process's program ("bash", "python3.11"), null once it is gone. */
  readonly program: string | null;
  readonly fds: number | null;
  /** Live (non-zombie) descendants of the main process. */
  readonly descendants: readonly LiveProcess[];
  /** Output lines (stdout + stderr) printed since the watch began. */
  readonly lines: number;
  /** Signal dispositions; undefined off Linux or once it is gone. */
  readonly masks: SignalMasks | undefined;
}

export interface StopWatch {
  /** The reading taken just before the signal was sent. */
  readonly before: StopReading;
  /** A reading now (at the timeout, before anything is killed). */
  read(): StopReading;
  dispose(): void;
}

/** Starts watching: call just before sending the stop signal. */
export function watchStop(started: Supervised): StopWatch {
  let lines = 0;
  const unsubscribe = started.onLine(() => {
    lines += 1;
  });
  const read = (): StopReading => readMain(started.pid, lines);
  return { before: read(), read, dispose: unsubscribe };
}

function readMain(pid: number, lines: number): StopReading {
  if (process.platform !== 'linux') return { program: null, fds: null, descendants: [], lines, masks: undefined };
  const stat = readStat(pid);
  return {
    program: stat && stat.state !== 'Z' ? executableOf(pid) : null,
    fds: countFds(pid),
    descendants: liveDescendants(pid),
    lines,
    masks: readSignalMasks(pid),
  };
}

function liveDescendants(pid: number): LiveProcess[] {
  const stats = readAllStats();
  const tree = descendantsOf(pid, new Map(stats.map((stat) => [stat.pid, stat.ppid])));
  return stats
    .filter((stat) => stat.pid !== pid && tree.has(stat.pid) && stat.state !== 'Z')
    .map((stat) => ({ pid: stat.pid, command: commandOf(stat.pid, stat.comm) }));
}
