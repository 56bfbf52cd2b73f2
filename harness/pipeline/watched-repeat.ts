// One repeat with the CPU's pressure read around it. A repeat measured while
// the CPU was contended is run again, while the workload's re-run budget
// lasts (one extra repeat per two planned: at most +50% time), and the
// calmer of the two is kept. A re-run that is no calmer ends the budget: the
// pressure is not passing (a neighbour that stays, or a driven service whose
// driver shares the cores), and more re-runs would only cost time. The
// pressure of every kept repeat goes into the report, where
// compare/contention.ts decides what it means for wall-clock verdicts.
import type { ResolvedConfig } from '../config/schema.js';
import { isContended, isStolen, pressureBetween, type RepeatPressure } from '../compare/contention.js';
import type { RawRun } from '../model/raw-run.js';
import { runRepeat, type RepeatOptions } from '../runner/repeat.js';
import { readPressure } from '../sampler/pressure.js';
import type { ResolvedWorkload } from '../workload/types.js';

export interface WatchedRun {
  readonly run: RawRun;
  readonly pressure: RepeatPressure;
}

/** Re-runs left for one workload's measurement. */
export interface RerunBudget {
  left: number;
}

export function rerunBudget(workload: ResolvedWorkload): RerunBudget {
  return { left: Math.ceil(workload.settings.repeats / 2) };
}

async function watched(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: RepeatOptions,
): Promise<WatchedRun> {
  const before = readPressure();
  const run = await runRepeat(workload, config, options);
  return { run, pressure: pressureBetween(before, readPressure(), run.cpuWait) };
}

/** Runs the repeat; re-runs it once while contended and the budget lasts, keeping the less contended run. */
export async function runWatchedRepeat(
  workload: ResolvedWorkload,
  config: ResolvedConfig,
  options: RepeatOptions,
  budget: RerunBudget,
): Promise<WatchedRun> {
  let kept = await watched(workload, config, options);
  while (isContended(kept.pressure) && budget.left > 0) {
    budget.left--;
    // keepCalmer empties the budget when the re-run is no calmer, which ends the loop.
    kept = keepCalmer(kept, await watched(workload, config, options), budget);
  }
  return kept;
}

/** Pure: the calmer of a repeat and its re-run; a re-run that is no calmer spends the rest of the budget. */
export function keepCalmer<T extends { readonly pressure: RepeatPressure }>(kept: T, again: T, budget: RerunBudget): T {
  if (calmness(again.pressure) < calmness(kept.pressure)) return again;
  budget.left = 0;
  return kept;
}

// Lower is calmer: the measured thread's CPU wait, else the PSI stall share,
// else load per core; plus the stolen share when the hypervisor took more
// than its threshold, so a re-run that waited as long but lost less to the
// host counts as calmer.
function calmness(pressure: RepeatPressure): number {
  const waited = pressure.cpuWait ?? pressure.stall ?? pressure.loadPerCore;
  return isStolen(pressure) ? waited + (pressure.steal ?? 0) : waited;
}
