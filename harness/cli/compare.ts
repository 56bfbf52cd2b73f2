// `memgate compare`: measure, compare with the committed baselines, confirm
// noisy failures with a re-run, report, and record baselines as the update
// mode allows. Exit 0 pass, 1 regression/budget/leak, 2 usage or harness error.
import type { CAC } from 'cac';
import { EXIT, exitCodeOf, type CommandContext, type ExitCode } from './io.js';
import { gateUpdate, openSession, readBaselines, recordBaselines, runSessionPipeline } from './session.js';
import { runAbCompare } from './ab.js';
import { resolveUpdateMode } from '../baseline/update-policy.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import { historyOptions } from './compare-history.js';
import { checkReportTargets } from '../report/targets.js';
import { rankTestPowerWarning } from './rank-test-power.js';

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
  readonly shard?: unknown;
  readonly base?: unknown;
  readonly baseInstall?: unknown;
  readonly seed?: unknown;
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
    .option(
      '--force',
      'Record baselines even on a pull request or a branch outside update.branches, and even when unchanged within noise',
    )
    .option('--repeats <n>', 'Fresh processes per workload (overrides config and workloads)')
    .option('--diagnose', 'Diagnose every workload (heap snapshots, handle and fd diffs), not only leaking ones')
    .option('--verbose', 'List unchanged metrics too')
    .option('--history <dir>', 'Append this report to the history store DIR/history.jsonl (for memgate trend)')
    .option('--base <ref>', 'A/B: measure this git ref too, interleaved in this job, in place of baselines')
    .option(
      '--base-install <command>',
      'A/B: how the base gets its dependencies: auto (from its lockfile), none, or a command',
    )
    .option('--seed <n>', 'A/B: seed of the per-pair run order (default: random, shown in the report)')
    .option('--shard <i/n>', 'Measure only shard i of n (CI matrix); merge the reports with memgate merge')
    .action(async (filters: string[], flags: CompareFlags) =>
      context.setExitCode(await runCompare(context, filters, flags)),
    );
}

async function runCompare(context: CommandContext, filters: readonly string[], flags: CompareFlags): Promise<ExitCode> {
  if (flags.base !== undefined) return runAbCompare(context, filters, { ...flags, base: flags.base });
  const { io } = context;
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  const decision = resolveUpdateMode(flags.u ? true : flags.update, io.env);
  const session = await openSession(io, filters, flags);
  const mode = gateUpdate(session, decision, flags.force === true);
  await checkReportTargets(specs, io.cwd, session.location.dir);
  const baselines = await readBaselines(session);
  for (const workload of session.workloads) {
    const warning = rankTestPowerWarning(workload, baselines.get(workload.name));
    if (warning) io.stderr.write(`memgate: warning: ${warning}\n`);
  }
  const { report, results, reruns } = await runSessionPipeline(session, { mode: 'compare', baselines });
  const history = await historyOptions(io.cwd, flags.history, report);
  await writeReports(report, specs, io, { verbose: flags.verbose === true, ...history.reportOptions });
  await history.append();
  const update = {
    mode,
    explicit: decision.explicit,
    force: flags.force === true,
  };
  const tally = await recordBaselines(session, results, baselines, update, io.stderr, reruns);
  // A baseline that could not be written is a harness error, whatever the comparison said.
  return tally.failed > 0 ? EXIT.error : exitCodeOf(report);
}
