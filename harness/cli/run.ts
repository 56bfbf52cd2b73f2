// `memgate run [...filters]`: measure the matching workloads (fresh processes,
// repeats), check budgets and leaks, print/write the reports. Nothing is
// compared with baselines here (that is `memgate compare`).
import type { CAC } from 'cac';
import { openSession, runSessionPipeline } from './session.js';
import { exitCodeOf, type CommandContext, type ExitCode } from './io.js';
import { parseReporterSpecs, writeReports } from '../report/registry.js';
import { checkReportTargets } from '../report/targets.js';

export interface RunFlags {
  readonly config?: string;
  readonly repeats?: unknown;
  readonly reporter?: string | string[];
  readonly outfile?: string;
  readonly diagnose?: boolean;
  readonly shard?: unknown;
}

export function registerRun(cli: CAC, context: CommandContext): void {
  cli
    .command('run [...filters]', 'Measure workloads (fresh processes, repeats) and check budgets and leaks')
    .option('--config <file>', 'Config file (default: memgate.config.{ts,mts,js,mjs} in the current directory)')
    .option('--repeats <n>', 'Fresh processes per workload (default: from the workload or config, 5)')
    .option(
      '--reporter <name>',
      'terminal, json, markdown, junit, html, csv or openmetrics; repeat for several (default: terminal)',
    )
    .option('--outfile <file>', 'Write the (last) reporter to this file instead of stdout')
    .option('--diagnose', 'Run the diagnosis (heap snapshots, handle and fd diffs) even when nothing leaks')
    .option('--shard <i/n>', 'Measure only shard i of n (CI matrix); merge the reports with memgate merge')
    .example('memgate run json --reporter terminal --reporter json --outfile .memgate/report.json')
    .action(async (filters: string[], flags: RunFlags) => {
      context.setExitCode(await runCommand(filters, flags, context));
    });
}

async function runCommand(filters: readonly string[], flags: RunFlags, context: CommandContext): Promise<ExitCode> {
  const { io } = context;
  const specs = parseReporterSpecs(flags.reporter, flags.outfile);
  const session = await openSession(io, filters, {
    config: flags.config,
    repeats: flags.repeats,
    diagnose: flags.diagnose === true,
    shard: flags.shard,
  });
  await checkReportTargets(specs, io.cwd, session.location.dir);
  const { report, results } = await runSessionPipeline(session, { mode: 'run' });
  await writeReports(report, specs, io);
  return exitCodeOf(report, results);
}
