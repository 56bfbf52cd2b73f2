// `memgate compare`: measure, compare with the committed baselines, confirm
// noisy failures with a re-run, report, and record baselines as the update
// mode allows. Exit 0 pass, 1 regression/budget/leak, 2 usage or harness error.
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { exitCodeOf, type ExitCode } from './io.js';
import { gateUpdate, measureWorkloads, openSession, readBaselines, recordBaselines, type Session } from './gate.js';
import { resolveUpdateMode } from '../baseline/update-policy.js';
import type { Baseline } from '../baseline/schema.js';
import { resolvePolicy, type Policy } from '../compare/policy.js';
import { compareWorkload } from '../compare/workload.js';
import { applyConfirmation, noteFailedConfirmation, pendingConfirmation } from '../compare/confirm.js';
import { buildCompareReport, summarize } from '../report/build.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import { historyOptions } from './compare-history.js';
import { measureWorkload } from '../runner/measure.js';
import type { LoadedWorkload, ProgressEvent } from '../runner/types.js';
import { createProgressLine } from '../runner/progress.js';
import type { WorkloadReport } from '../report/schema.js';

interface CompareFlags {
  readonly config?: string;
  readonly reporter?: string | string[];
  readonly outfile?: string;
  readonly u?: boolean;
  readonly update?: string | boolean;
  readonly force?: boolean;
  readonly repeats?: unknown;
  readonly diagnose?: boolean;
  readonly verbose?: boolean;
  readonly history?: string;
}

export function registerCompare(cli: CAC, context: CommandContext): void {
  cli
    .command('compare [...filters]', 'Measure workloads and compare them with their baselines')
    .option('--config <file>', 'Config file (default: memgate.config.* in the current directory)')
    .option(
      '--reporter <name>',
      'terminal, json, markdown, junit, html, csv or openmetrics; name:file writes to a file; repeatable',
    )
    .option('--outfile <file>', 'File for the one non-terminal reporter')
    .option('-u', 'Re-record every compared baseline (same as --update=all)')
    .option('--update [mode]', 'Record baselines: all, new or none (default: new locally, none when CI is set)')
    .option('--force', 'Record baselines even on a pull request or a branch outside update.branches')
    .option('--repeats <n>', 'Fresh processes per workload (overrides config and workloads)')
    .option('--diagnose', 'Diagnose every workload (heap snapshots, handle and fd diffs), not only leaking ones')
    .option('--verbose', 'List unchanged metrics too')
    .option('--history <dir>', 'Append this report to the history store DIR/history.jsonl (for memgate trend)')
    .action(async (filters: string[], flags: CompareFlags) =>
      context.setExitCode(await runCompare(context, filters, flags)),
    );
}

async function runCompare(context: CommandContext, filters: readonly string[], flags: CompareFlags): Promise<ExitCode> {
  const { io } = context;
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  const decision = resolveUpdateMode(flags.u ? true : flags.update, io.env);
  const session = await openSession(io, filters, flags);
  const mode = gateUpdate(session, decision, flags.force === true);
  const policies = new Map(
    session.workloads.map((w) => [
      w.name,
      resolvePolicy(session.config, w.definition, { workloadFile: w.relativeFile }),
    ]),
  );
  const baselines = await readBaselines(session);
  const results = await measureWorkloads(session);
  const reportContext = {
    env: session.env,
    commit: session.git.commit,
    branch: session.git.branch,
    createdAt: session.createdAt,
    policyFor: (workload: LoadedWorkload) => policies.get(workload.name) as Policy,
    baselineFor: (name: string) => baselines.get(name),
  };
  const first = buildCompareReport(results, reportContext);
  const confirmed = await confirmAll(session, first.workloads, baselines, policies);
  const report = summarize(confirmed, reportContext, 'compare');
  const history = await historyOptions(io.cwd, flags.history, report);
  await writeReports(report, specs, io, { verbose: flags.verbose === true, ...history.reportOptions });
  await history.append();
  await recordBaselines(session, results, baselines, { mode, explicit: decision.explicit }, io.stderr);
  return exitCodeOf(report);
}

async function confirmAll(
  session: Session,
  reports: readonly WorkloadReport[],
  baselines: ReadonlyMap<string, Baseline | undefined>,
  policies: ReadonlyMap<string, Policy>,
): Promise<WorkloadReport[]> {
  const progress = createProgressLine(session.io.stderr);
  const onProgress = (event: ProgressEvent) => progress.onProgress({ ...event, phase: 'confirm' });
  const out: WorkloadReport[] = [];
  try {
    for (const [index, report] of reports.entries()) {
      const workload = session.workloads.find((w) => w.name === report.name);
      const policy = policies.get(report.name);
      const baseline = baselines.get(report.name);
      const position = { index, count: session.workloads.length };
      out.push(
        workload && policy && baseline
          ? await confirmOne(session, { workload, baseline, policy, position, onProgress }, report)
          : report,
      );
    }
  } finally {
    progress.clear();
  }
  return out;
}

interface ConfirmTarget {
  readonly workload: LoadedWorkload;
  readonly baseline: Baseline;
  readonly policy: Policy;
  readonly position: { index: number; count: number };
  readonly onProgress: (event: ProgressEvent) => void;
}

// Re-measures the workload up to confirmRuns times while noisy failures are pending.
async function confirmOne(session: Session, target: ConfirmTarget, first: WorkloadReport): Promise<WorkloadReport> {
  let report = first;
  for (let round = 1; round <= target.policy.confirmRuns && pendingConfirmation(report).length > 0; round++) {
    const rerun = await measureWorkload(
      target.workload,
      session.config,
      { ...session.measure, diagnose: false, onProgress: target.onProgress },
      target.position,
    );
    if (!rerun.ok) return noteFailedConfirmation(report, round, rerun.error.message);
    report = applyConfirmation(
      report,
      compareWorkload(rerun.measurement, target.baseline, target.policy, { mode: 'compare' }),
      round,
    );
  }
  return report;
}
