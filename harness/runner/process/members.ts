// The processes of a process workload: one (`command` and its keys) or
// several (`processes: [...]`), as one list. They start in order, each ready
// before the next starts (a database before the service that connects to it),
// and stop in reverse order (the service before its database).
import { basename } from 'node:path';
import type { ProcessSpec, ProcessWorkload } from '../../config/workload-schema.js';
import type { RawRun } from '../../model/raw-run.js';
import { descendantsOf } from '../../sampler/proc-parse.js';
import { readAllStats, type TreeSnapshot } from '../../sampler/proc-tree.js';
import type { ShutdownOutcome } from './shutdown.js';

export function processSpecsOf(definition: ProcessWorkload): ProcessSpec[] {
  if (definition.processes) return definition.processes;
  const { command = '', args, cwd, env, ready, nodeProbe, shutdown } = definition;
  return [{ name: basename(command), command, args, cwd, env, ready, nodeProbe, shutdown }];
}

/**
 * The one process that gets the injected Node probe (heap.*, gc.*): the one
 * with `nodeProbe: true`, else the first Node command that did not opt out.
 * One probe only: the heap figures of two V8 heaps do not add up to anything.
 */
export function probedIndex(specs: readonly ProcessSpec[], isNode: (command: string) => boolean): number {
  const chosen = specs.findIndex((spec) => spec.nodeProbe === true && isNode(spec.command));
  if (chosen >= 0) return chosen;
  return specs.findIndex((spec) => spec.nodeProbe !== false && isNode(spec.command));
}

/** Peak RSS per process tree, for the per-process figures of a workload of several processes. */
export class MemberRss {
  private readonly peaks = new Map<string, number>();
  private readonly roots: Array<{ name: string; pid: number }> = [];

  add(name: string, pid: number): void {
    this.roots.push({ name, pid });
  }

  /** Forgets the peaks so far: the measured phase begins. */
  reset(): void {
    this.peaks.clear();
  }

  observe(snapshot: TreeSnapshot): void {
    if (this.roots.length < 2) return;
    const parents = new Map(snapshot.processes.map((member) => [member.pid, member.ppid]));
    for (const root of this.roots) {
      const tree = descendantsOf(root.pid, parents);
      const rss = snapshot.processes.reduce((sum, member) => sum + (tree.has(member.pid) ? member.rss : 0), 0);
      this.peaks.set(root.name, Math.max(this.peaks.get(root.name) ?? 0, rss));
    }
  }

  result(): NonNullable<RawRun['processes']> | null {
    if (this.roots.length < 2) return null;
    return this.roots.map((root) => ({ name: root.name, rssPeak: this.peaks.get(root.name) ?? 0 }));
  }
}

/**
 * One shutdown outcome for the workload. A single process's is kept as it is.
 * For several: the time is the whole stop sequence (they stop one after
 * another), exit code and signal are those of the first process with a
 * problem (else the first process), and every problem names its process.
 */
export function combineShutdowns(
  outcomes: ReadonlyArray<{ readonly name: string; readonly outcome: ShutdownOutcome }>,
): ShutdownOutcome {
  const only = outcomes[0];
  if (outcomes.length === 1 && only) return only.outcome;
  const first = outcomes.find((entry) => entry.outcome.problems.length > 0) ?? only;
  if (!first) throw new Error('combineShutdowns: no process was stopped');
  return {
    signal: [...new Set(outcomes.map((entry) => entry.outcome.signal))].join(','),
    ms: outcomes.reduce((sum, entry) => sum + entry.outcome.ms, 0),
    exitCode: first.outcome.exitCode,
    exitSignal: first.outcome.exitSignal,
    timedOut: outcomes.some((entry) => entry.outcome.timedOut),
    orphans: outcomes.flatMap((entry) => entry.outcome.orphans),
    problems: outcomes.flatMap((entry) => entry.outcome.problems.map((problem) => `"${entry.name}" ${problem}`)),
  };
}

/**
 * The processes seen in the sampled tree that belong to `pid`'s stop: all of
 * them but the trees and groups of the workload's other processes still
 * running (stopped later), which are not this one's leftovers.
 */
export function ownKnown<T extends { readonly pid: number }>(known: readonly T[], others: readonly number[]): T[] {
  if (others.length === 0 || process.platform !== 'linux') return [...known];
  const stats = readAllStats();
  const parents = new Map(stats.map((stat) => [stat.pid, stat.ppid]));
  const excluded = new Set<number>();
  for (const other of others) for (const pid of descendantsOf(other, parents)) excluded.add(pid);
  for (const stat of stats) if (others.includes(stat.pgid)) excluded.add(stat.pid);
  return known.filter((entry) => !excluded.has(entry.pid));
}
