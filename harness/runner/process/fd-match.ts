// fd.match.<name>: the most open FDs at once, over the process tree, whose
// targets match a workload's `fdPatterns` entry. Read from /proc/<pid>/fd at
// every tree sample, only when the workload asks for it (one readlink per FD).
import { compileFdPattern, countMatches, type FdMatcher } from '../../sampler/fd-pattern.js';
import { listFdTargets } from '../../sampler/proc-tree.js';

export class FdMatchCounter {
  private readonly matchers: Array<readonly [string, FdMatcher]>;
  private peaks: Record<string, number> = {};

  constructor(patterns: Readonly<Record<string, string>>) {
    this.matchers = Object.entries(patterns).map(([name, pattern]) => [name, compileFdPattern(pattern)] as const);
    this.reset();
  }

  /** Forgets what was seen: the measured phase begins. */
  reset(): void {
    this.peaks = Object.fromEntries(this.matchers.map(([name]) => [name, 0]));
  }

  /** Counts matches over the given processes (one tree sample) and keeps the peaks. */
  observe(pids: readonly number[]): void {
    const targets = pids.flatMap((pid) => listFdTargets(pid));
    for (const [name, count] of Object.entries(countMatches(targets, this.matchers)))
      this.peaks[name] = Math.max(this.peaks[name] ?? 0, count);
  }

  result(): Record<string, number> {
    return { ...this.peaks };
  }
}
