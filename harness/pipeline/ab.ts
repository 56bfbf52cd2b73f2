// A/B mode (`compare --base <ref>`): both sides measured on this machine in
// this job, their repeats interleaved — pair i runs one base and one head
// repeat, in a random order per pair (seeded, so a run can be reproduced) —
// so a CPU model change, a noisy neighbour or thermal drift hits both sides
// alike (duet benchmarking; Node's benchmark/compare.js does the same). The
// head's measurement is then judged against a baseline built from the base's,
// with the same policy and confirmation a committed baseline gets.
import { fromMeasurement } from '../baseline/store.js';
import { applyConfirmation, noteFailedConfirmation, pendingConfirmation } from '../compare/confirm.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { RawRun } from '../model/raw-run.js';
import type { Report, WorkloadReport } from '../model/report.js';
import { messageOf } from '../errors.js';
import { runRepeat } from '../runner/repeat.js';
import { mulberry32 } from '../stats/random.js';
import type { ResolvedWorkload } from '../workload/types.js';
import { assembleReport, errorWorkloadReport, reportEntry, type ReportContext } from './build-report.js';
import { currentEnv, deriveResult, interrupted, measureWorkload, type MeasureOptions } from './measure.js';
import type { WorkloadResult } from './types.js';

export interface AbSide {
  readonly workloads: readonly ResolvedWorkload[];
  readonly config: ResolvedConfig;
  /** The ref as given (base) or the branch (head); null when unknown. */
  readonly ref: string | null;
  readonly commit: string | null;
  /** Base only: workloads whose file could not be loaded against the base's code, and why. */
  readonly missing?: ReadonlyMap<string, string>;
}

export interface AbOptions extends Omit<MeasureOptions, 'diagnose'> {
  /** Seed of the per-pair order. */
  readonly seed: number;
  readonly context: Omit<ReportContext, 'env'> & { readonly env?: ReportContext['env'] };
}

type Side = 'base' | 'head';

/** Measures every head workload against the base workload of the same name, interleaved, and reports `mode: "ab"`. */
export async function runAbPipeline(
  head: AbSide,
  base: AbSide & { readonly ref: string; readonly commit: string },
  options: AbOptions,
): Promise<Report> {
  const env = options.context.env ?? options.env ?? currentEnv();
  const random = mulberry32(options.seed);
  const entries: WorkloadReport[] = [];
  for (const [index, workload] of head.workloads.entries()) {
    const other = base.workloads.find((candidate) => candidate.name === workload.name);
    if (!other) {
      // A workload the base cannot load (it needs code the base lacks) is new to this comparison.
      const why = base.missing?.get(workload.name) ?? 'no workload of that name';
      const alone = await measureWorkload(
        workload,
        head.config,
        { ...options, env },
        { index, count: head.workloads.length },
      );
      const entry = reportEntry(alone, { mode: 'compare' });
      entries.push({ ...entry, notes: [...entry.notes, `not measured at the base ${base.ref}: ${why}`] });
      continue;
    }
    const pair = { head: workload, base: other };
    const measure = () =>
      measurePair(
        pair,
        { head: head.config, base: base.config },
        random,
        { ...options, env },
        index,
        head.workloads.length,
      );
    const first = await measure();
    let entry = judge(first, base);
    for (
      let round = 1;
      round <= workload.policy.confirmRuns && first.head.ok && first.base.ok && pendingConfirmation(entry).length > 0;
      round++
    ) {
      const rerun = await measure();
      if (!rerun.head.ok || !rerun.base.ok) {
        entry = noteFailedConfirmation(entry, round, failureOf(rerun));
        break;
      }
      entry = applyConfirmation(entry, judge(rerun, base), round);
    }
    entries.push(entry);
  }
  const report = assembleReport(entries, { ...options.context, env }, 'ab');
  return {
    ...report,
    ab: {
      base: { ref: base.ref, commit: base.commit },
      head: { ref: head.ref, commit: head.commit },
      seed: options.seed,
    },
  };
}

interface PairResult {
  readonly head: WorkloadResult;
  readonly base: WorkloadResult;
}

// The head's verdicts against a baseline made of the base's samples. The
// definition hash is the head's: the workload file is the same (HEAD's), only
// the code under test differs, which is what is being compared.
function judge(pair: PairResult, base: { readonly ref: string; readonly commit: string }): WorkloadReport {
  if (!pair.base.ok) {
    const error = {
      ...pair.base.error,
      message: `base ${base.ref} (${base.commit.slice(0, 7)}): ${pair.base.error.message}`,
    };
    return errorWorkloadReport(pair.head.workload, error, pair.base.runs.length);
  }
  if (!pair.head.ok) return reportEntry(pair.head, { mode: 'compare' });
  const recorded = fromMeasurement(pair.base.measurement, {
    at: new Date().toISOString(),
    commit: base.commit,
    branch: base.ref,
  });
  const baseline = { ...recorded, definitionHash: pair.head.measurement.definitionHash };
  // Same machine, same job: noisy metrics gate whatever the fingerprint says.
  return reportEntry(pair.head, { mode: 'compare', baseline, strict: true });
}

function failureOf(pair: PairResult): string {
  if (!pair.head.ok) return `head: ${pair.head.error.message}`;
  if (!pair.base.ok) return `base: ${pair.base.error.message}`;
  return 'unknown';
}

/** Repeats of both sides, interleaved: pair i is (base, head) or (head, base) at random, same settings for both. */
async function measurePair(
  workloads: Record<Side, ResolvedWorkload>,
  configs: Record<Side, ResolvedConfig>,
  random: () => number,
  options: AbOptions & { readonly env: ReportContext['env'] },
  index: number,
  count: number,
): Promise<PairResult> {
  const repeats = workloads.head.settings.repeats;
  const runs: Record<Side, RawRun[]> = { head: [], base: [] };
  const failed: Partial<Record<Side, unknown>> = {};
  for (let repeat = 0; repeat < repeats; repeat++) {
    const order: Side[] = random() < 0.5 ? ['base', 'head'] : ['head', 'base'];
    for (const [step, side] of order.entries()) {
      if (failed.head !== undefined || failed.base !== undefined) break;
      const done = repeat * 2 + step + 1;
      options.onProgress?.({
        workload: workloads.head.name,
        workloadIndex: index,
        workloadCount: count,
        repeat: done,
        repeats: repeats * 2,
        phase: 'start',
      });
      try {
        runs[side].push(
          await runRepeat(workloads[side], configs[side], { repeatIndex: repeat, signal: options.signal }),
        );
      } catch (error) {
        if (options.signal?.aborted) throw interrupted(error);
        failed[side] = error;
      }
    }
  }
  const derive = (side: Side): WorkloadResult => {
    const error = failed[side];
    if (error === undefined) return deriveResult(workloads[side], runs[side], { env: options.env });
    const message = messageOf(error);
    const stderr =
      typeof (error as { stderr?: unknown }).stderr === 'string' ? (error as { stderr: string }).stderr : '';
    return { workload: workloads[side], ok: false, error: { message, stderr }, runs: runs[side] };
  };
  return { head: derive('head'), base: derive('base') };
}
