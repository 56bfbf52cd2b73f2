// What a Measurement says about its repeats besides metrics: their notes,
// the problems that fail the workload whatever the baseline says, and the
// measured program's runtime. Pure.
import type { RawRun } from '../model/raw-run.js';
import type { EnvFingerprint } from '../model/report.js';
import { median } from '../stats/index.js';
import { formatBytes } from '../units/format.js';

/** The repeats' own notes, once each, with what the drive and several processes add. */
export function runNotes(runs: readonly RawRun[]): string[] {
  const notes = new Set(runs.flatMap((run) => run.notes));
  const lagging = runs.filter((run) => (run.driveLagResets ?? 0) > 0);
  if (lagging.length > 0) {
    const times = lagging.reduce((sum, run) => sum + (run.driveLagResets ?? 0), 0);
    notes.add(
      `drive: fell behind the rate in ${lagging.length} of ${runs.length} repeat(s) (${times} time(s) in all); the backlog was dropped rather than burst`,
    );
  }
  const perProcess = perProcessNote(runs);
  if (perProcess) notes.add(perProcess);
  return [...notes];
}

// Several processes as one workload: rss.peak is their sum; each one's own
// peak (the median over repeats) says which of them holds the memory.
function perProcessNote(runs: readonly RawRun[]): string | null {
  const names = runs[0]?.processes?.map((entry) => entry.name) ?? [];
  if (names.length === 0) return null;
  const figures = names.map((name) => {
    const peaks = runs.flatMap((run) => run.processes?.filter((entry) => entry.name === name) ?? []);
    return `${name} ${formatBytes(median(peaks.map((entry) => entry.rssPeak)))}`;
  });
  return `processes: rss.peak is their sum; each one's peak RSS (median of repeats): ${figures.join(', ')}`;
}

// A failed graceful shutdown in any repeat fails the workload: a service that
// hangs on SIGINT or leaves processes behind once in five starts is broken.
export function runProblems(runs: readonly RawRun[]): string[] {
  return [
    ...new Set(
      runs.flatMap((run, index) => [
        ...(run.shutdown?.problems ?? []).map((problem) => `shutdown (repeat ${index + 1}): ${problem}`),
        ...(run.problems ?? []).map((problem) => `repeat ${index + 1}: ${problem}`),
      ]),
    ),
  ];
}

/**
 * The machine's fingerprint plus the measured program's runtime, when its
 * probe reported one: every runtime the repeats saw, in order, as one text
 * (one, unless the program on PATH changed between repeats).
 */
export function withRuntime(env: EnvFingerprint, runs: readonly RawRun[]): EnvFingerprint {
  const runtimes = [...new Set(runs.map((run) => run.runtime).filter((runtime) => runtime !== undefined))];
  return runtimes.length === 0 ? env : { ...env, runtime: runtimes.join(', ') };
}
